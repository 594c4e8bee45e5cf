"""`paper-reader list QUERY`: print the papers a filter matches, one per line, like grep.

Exit 0 when some matched, 1 when none did (said on stderr when a terminal shows
the list), 2 on a malformed query, a broken config.toml, or no library (or one
that cannot be read). On a terminal long titles are cut to its width with `…`;
piped, every line is whole.
"""

from __future__ import annotations

import os
import shutil
import sys

from reader.cli.common import EXIT_OK, EXIT_USAGE, error, open_library_file, query_error, read_config, say
from reader.core.paths import Paths
from reader.core.text import clean_line, cut_to_cells, shown_path
from reader.query import PaperFilter, QueryError, Sort, parse_query
from reader.storage.errors import DamagedLibraryError, LibraryError, as_library_error
from reader.storage.rows import ListRow

EXIT_NO_MATCH = 1
"""Nothing matched: grep's answer, not a failure of the command."""
LIST_CHUNK = 500
"""Rows fetched per query: well under SQLite's limit of bound parameters."""


def list_papers(paths: Paths, text: str, sort: Sort, reverse: bool, limit: int | None) -> int:
    """Print the matching papers: id, date, upvotes, title; aligned on a terminal, tab-separated otherwise."""
    if read_config(paths) is None:
        return EXIT_USAGE
    try:
        parse_query(text)  # before the library is opened: a typo is reported even without one
    except QueryError as exc:
        query_error(text, exc)
        return EXIT_USAGE
    if not _library_is_there(paths):
        return EXIT_USAGE
    found = _matching_rows(paths, PaperFilter(text=text, sort=sort, reverse=reverse), limit, sort is Sort.RISING)
    if found is None:
        return EXIT_USAGE
    rows, gains = found
    table = [
        [clean_line(row.id), row.date or "-", "-" if row.upvotes is None else str(row.upvotes), clean_line(row.title)]
        for row in rows
    ]
    if not table:
        if sys.stdout.isatty():  # someone is looking: say it; a script reads the exit status
            error(f"no paper matches: {text}" if text.strip() else "the library holds no papers")
        return EXIT_NO_MATCH
    if sort is Sort.RISING:  # the upvotes gained, a column of its own before the title
        table = [[*line[:3], f"{gains.get(line[0], 0):+d}", line[3]] for line in table]
    _print_table(table)
    return EXIT_OK


def _library_is_there(paths: Paths) -> bool:
    """Whether the library file exists; if not, one line saying where it was looked for and how to make one.

    `list` only reads: it never creates a library (that is `sync`'s and the reader's job, with the sample).
    """
    try:
        if paths.library.exists():
            return True
        error(f"no library at {shown_path(paths.library)} (run `paper-reader sync` or open the reader first)")
    except OSError as exc:  # a home that cannot be looked into
        error(f"cannot open library {shown_path(paths.library)}: {exc.strerror or exc}")
    return False


def _matching_rows(
    paths: Paths, paper_filter: PaperFilter, limit: int | None, with_gains: bool
) -> tuple[list[ListRow], dict[str, int]] | None:
    """The rows the filter selects, in its order (and, for `rising`, the upvotes each gained); None after one
    line when the library cannot be read."""
    gains: dict[str, int] = {}
    try:
        with open_library_file(paths) as library, as_library_error(f"cannot read library {paths.library}"):
            pks = library.select(paper_filter, limit=limit)  # a page damaged after the open fails in here
            rows: dict[int, ListRow] = {}
            for start in range(0, len(pks), LIST_CHUNK):
                rows.update(library.list_rows(pks[start : start + LIST_CHUNK]))
            if with_gains:
                gains = library.upvote_gains(row.id for row in rows.values())
    except DamagedLibraryError as exc:
        error(f"{exc} (open paper-reader to move it aside and restore your marks from state.toml)")
        return None
    except LibraryError as exc:
        error(str(exc))
        return None
    return [rows[pk] for pk in pks if pk in rows], gains


def _print_table(table: list[list[str]]) -> None:
    """Aligned columns on a terminal (the id and date to the left, the numbers to the right), each line cut to the
    width with the title last: a title broken mid-word is hard to read. Piped: tab-separated and whole."""
    if sys.stdout.isatty():
        columns = shutil.get_terminal_size().columns
        widths = [max(len(line[column]) for line in table) for column in range(len(table[0]) - 1)]
        room = max(columns - sum(widths) - 2 * len(widths), 1)
        lines = [
            "  ".join(
                cell.rjust(w) if n >= 2 else cell.ljust(w)
                for n, (cell, w) in enumerate(zip(line, widths, strict=False))
            )
            + "  "
            + cut_to_cells(line[-1], room)
            for line in table
        ]
    else:
        lines = ["\t".join(line) for line in table]
    try:
        say("\n".join(lines), flush=True)
    except BrokenPipeError:  # `paper-reader list | head`: the reader of the pipe has all it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
