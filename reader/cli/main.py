"""The command line: `paper-reader` opens the reader, `import FILE...` adds papers, `list QUERY` prints some.

Textual is imported only when the reader is actually opened, so `import`,
`--version` and `--help` stay fast.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from reader import __version__
from reader.core.config import ConfigError
from reader.core.paths import HOME_ENV, Paths
from reader.core.text import clean_line
from reader.query import PaperFilter, QueryError, Sort, parse_query
from reader.sources import API_URL_ENV
from reader.storage.config_file import load_config
from reader.storage.errors import DamagedLibraryError, LibraryError
from reader.storage.library import Library
from reader.storage.rows import ListRow

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
CHECK_AFTER = 10.0
"""Seconds after the reader starts before it checks the whole library file for damage, in the background."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="paper-reader",
        description="A keyboard-first terminal reader for the Hugging Face Daily Papers feed.",
        epilog="With no command, opens the reader. Press ? in the reader for its keys.",
    )
    parser.add_argument("--version", action="version", version=f"paper-reader {__version__}")
    parser.add_argument(
        "--home",
        metavar="DIR",
        help=f"keep the library and config.toml in DIR (default: the platform's user dirs; also ${HOME_ENV})",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    runner = commands.add_parser("run", help="open the reader (the default)")
    for command_parser in (parser, runner):
        command_parser.add_argument(
            "--no-refresh",
            action="store_true",
            default=argparse.SUPPRESS,
            help="do not refresh from Hugging Face in the background when the reader opens",
        )
        command_parser.add_argument(
            "--api-url",
            metavar="URL",
            default=argparse.SUPPRESS,
            help=f"API base URL for refreshing (default https://huggingface.co; also ${API_URL_ENV})",
        )
    importer = commands.add_parser(
        "import",
        help="add papers from saved Hugging Face API JSON or a copied papers page",
        description="Add papers from saved Hugging Face API JSON (a daily_papers array, a "
        "papers/search array, or one papers/{id} object) or from the text of a huggingface.co/papers "
        "page copied from a browser (its papers are found by title at the next sync or add). "
        "Read and star marks are kept.",
    )
    importer.add_argument("files", nargs="+", metavar="FILE", type=Path)
    lister = commands.add_parser(
        "list",
        help="print the papers a filter matches",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Print the papers QUERY matches, one per line: id, date, upvotes, title\n"
        "(tab-separated when not on a terminal). QUERY is the language of the reader's\n"
        "filter box (see the README); its words are joined with spaces. Quote it for the\n"
        "shell when it holds quotes, parentheses, < or >; put -- before a leading -word.",
        epilog="examples:\n"
        "  paper-reader list diffusion 'upvotes>=50' has:code\n"
        "  paper-reader list --sort stars --limit 10 'date>=2025-06'\n"
        "  paper-reader list -- -video 'title:\"language model\" OR keyword:agent'\n\n"
        "exit status: 0 papers were printed, 1 none matched, 2 a malformed query\n"
        "or a library that cannot be read.",
    )
    lister.add_argument("query", nargs="*", metavar="QUERY", help="filter words (none: every paper)")
    lister.add_argument("--sort", choices=[sort.value for sort in Sort], default=Sort.DATE.value, help="default: date")
    lister.add_argument("--reverse", action="store_true", help="the other way round (missing values stay last)")
    lister.add_argument("--limit", type=_positive_int, metavar="N", help="print the first N papers only")
    _add_sync_parser(commands)
    _add_state_parser(commands)
    from reader.cli import add, fetch, search

    for command_module in (add, search, fetch):
        command_module.add_parser(commands)
    return parser


def _add_state_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    state = commands.add_parser(
        "state",
        help="export or import the read and star marks (state.toml)",
        description="Your read and star marks as a text file: one paper per line, each mark with the time "
        "of its last change. The reader keeps an up-to-date copy beside the library on its own.",
    )
    actions = state.add_subparsers(dest="action", required=True)
    exporter = actions.add_parser(
        "export",
        help="write the marks to FILE (default: state.toml beside the library; - for standard output)",
        description="Write every read and star mark to FILE, sorted by paper id, one paper per line.",
    )
    exporter.add_argument("file", nargs="?", metavar="FILE", help="default: state.toml beside the library; - prints")
    importer = actions.add_parser(
        "import",
        help="merge marks from FILE, keeping the later change of each mark",
        description="Merge the marks of FILE (written by `state export`, on this machine or another) into "
        "the library: for each paper and each mark the later change wins, so merging files in any order "
        "gives the same marks. Nothing is changed when FILE cannot be read.",
    )
    importer.add_argument("file", metavar="FILE", type=Path)


def _add_sync_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    syncer = commands.add_parser(
        "sync",
        help="fetch Daily Papers lists from Hugging Face into the library",
        description="Fetch Daily Papers lists from the Hugging Face API (the last 7 days unless told). "
        "Each list is stored in one transaction; read and star marks are never touched. "
        "Exit 0 when every list synced, 1 when some failed, 2 for bad arguments.",
    )
    which = syncer.add_mutually_exclusive_group()
    which.add_argument("--days", type=int, metavar="N", help="the last N days (default: sync_days in config.toml, 7)")
    which.add_argument("--date", metavar="YYYY-MM-DD", help="one day's list")
    which.add_argument("--since", metavar="YYYY-MM-DD", help="every day from this one to today")
    which.add_argument("--week", metavar="YYYY-Www", help="one ISO week's list, e.g. 2025-W23")
    which.add_argument("--month", metavar="YYYY-MM", help="one month's list, e.g. 2025-06")
    syncer.add_argument(
        "--api-url", metavar="URL", help=f"API base URL (default https://huggingface.co; also ${API_URL_ENV})"
    )
    syncer.add_argument("-q", "--quiet", action="store_true", help="print nothing unless something fails (for cron)")
    syncer.add_argument(
        "--linked", action="store_true", help="also fetch the linked models, datasets and Spaces of starred papers"
    )


def _positive_int(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"not a positive whole number: {text!r}")
    return int(text)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    paths = Paths.resolve(args.home)
    if args.command == "import":
        return import_files(paths, args.files)
    if args.command == "list":
        return list_papers(paths, " ".join(args.query), Sort(args.sort), args.reverse, args.limit)
    if args.command == "sync":
        from reader.cli.sync import sync_command

        return sync_command(paths, args)
    if args.command in ("add", "search", "fetch"):
        from reader.cli import add, fetch, search

        command = {"add": add.add_command, "search": search.search_command, "fetch": fetch.fetch_command}
        return command[args.command](paths, args)
    if args.command == "state":
        from reader.cli.state import export_state, import_state

        return export_state(paths, args.file) if args.action == "export" else import_state(paths, args.file)
    return run_reader(paths, refresh=not getattr(args, "no_refresh", False), api_url=getattr(args, "api_url", None))


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _error(message: str) -> None:
    print(f"paper-reader: {message}", file=sys.stderr)


def _shown(file: Path) -> str:
    """A file name for a message: as it is, or quoted with its escapes when a terminal would act on it."""
    name = str(file)
    return name if name.isprintable() else repr(name)


def import_files(paths: Paths, files: list[Path]) -> int:
    """Parse every file first; only when all are readable JSON do their papers go in, in one transaction."""
    from reader.services.sample import FORGET_SAMPLE
    from reader.sources.hf_api import FeedError
    from reader.sources.hf_page import parse_import_file

    papers = []
    for file in files:
        try:
            feed = parse_import_file(file.read_bytes())
        except OSError as exc:
            _error(f"{_shown(file)}: cannot read: {exc.strerror or exc}; nothing imported")
            return EXIT_FAILED
        except FeedError as exc:
            _error(f"{_shown(file)}: {exc}; nothing imported")
            return EXIT_FAILED
        for position, reason in feed.skipped:
            _error(f"{_shown(file)}: item {position} skipped: {reason}")
        papers.extend(feed.papers)
    try:
        with open_for_writing(paths) as library:
            result = library.import_papers(papers, meta=FORGET_SAMPLE if papers else None)
    except LibraryError as exc:
        _error(str(exc))
        return EXIT_FAILED
    print(
        f"Imported {_plural(len(papers), 'paper')} from {_plural(len(files), 'file')}: "
        f"{len(result.added)} added, {len(result.updated)} updated, {result.unchanged} unchanged."
    )
    return EXIT_OK


EXIT_NO_MATCH = 1
LIST_CHUNK = 500
"""Rows fetched per query: well under SQLite's limit of bound parameters."""


def list_papers(paths: Paths, text: str, sort: Sort, reverse: bool, limit: int | None) -> int:
    """Print the matching papers, like grep: exit 0 when some matched, 1 when none, 2 on an error."""
    try:
        parse_query(text)  # before the library is opened: a typo is reported even without one
    except QueryError as exc:
        _query_error(text, exc)
        return EXIT_USAGE
    if not paths.library.exists():
        return EXIT_NO_MATCH
    try:
        with Library.open(paths.library) as library:
            pks = library.select(PaperFilter(text=text, sort=sort, reverse=reverse), limit=limit)
            rows: dict[int, ListRow] = {}
            for start in range(0, len(pks), LIST_CHUNK):
                rows.update(library.list_rows(pks[start : start + LIST_CHUNK]))
            gains = library.upvote_gains(row.id for row in rows.values()) if sort is Sort.RISING else {}
    except DamagedLibraryError as exc:
        _error(f"{exc} (open paper-reader to move it aside and restore your marks from state.toml)")
        return EXIT_USAGE
    except LibraryError as exc:
        _error(str(exc))
        return EXIT_USAGE
    except sqlite3.Error as exc:  # a library damaged after it was opened
        _error(f"cannot read library {paths.library}: {exc}")
        return EXIT_USAGE
    table = [
        [clean_line(row.id), row.date or "-", "-" if row.upvotes is None else str(row.upvotes), clean_line(row.title)]
        for row in (rows[pk] for pk in pks if pk in rows)
    ]
    if not table:
        return EXIT_NO_MATCH
    if sort is Sort.RISING:  # the upvotes gained, a column of its own before the title
        table = [[*line[:3], f"{gains.get(line[0], 0):+d}", line[3]] for line in table]
    if sys.stdout.isatty():
        widths = [max(len(line[column]) for line in table) for column in range(len(table[0]) - 1)]
        lines = [
            "  ".join(
                cell.rjust(w) if n >= 2 else cell.ljust(w)
                for n, (cell, w) in enumerate(zip(line, widths, strict=False))
            )
            + "  "
            + line[-1]
            for line in table
        ]
    else:
        lines = ["\t".join(line) for line in table]
    try:
        sys.stdout.write("\n".join(lines) + "\n")
        sys.stdout.flush()
    except BrokenPipeError:  # `paper-reader list | head`: the reader of the pipe has all it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return EXIT_OK


def _query_error(text: str, error: QueryError) -> None:
    """The error line, then (when the query prints as typed) the query with a caret under the column."""
    _error(f"query error at column {error.column}: {error.message}")
    if any(not char.isprintable() for char in text):
        return  # control characters: the query cannot be shown as typed, the column still counts them
    before = text[: error.column - 1]
    offset = sum(0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
                 for ch in before)  # fmt: skip
    print(f"  {text}\n  {' ' * offset}^", file=sys.stderr)


def open_for_writing(paths: Paths) -> Library:
    """The library for a command that writes to it: a damaged file is moved aside and the marks restored.

    What was recovered is said on stderr in one line; raises `LibraryError`.
    """
    from reader.storage.recovery import open_library

    opened = open_library(paths)
    if opened.notice:
        _error(opened.notice)
    return opened.library


def run_reader(paths: Paths, *, refresh: bool = True, api_url: str | None = None) -> int:
    try:
        config = load_config(paths.config)
    except ConfigError as exc:
        _error(str(exc))
        return EXIT_USAGE
    from reader.storage.recovery import open_library

    try:
        opened = open_library(paths)
    except LibraryError as exc:
        _error(str(exc))
        return EXIT_FAILED
    if opened.notice:
        _error(opened.notice)
    library = opened.library
    with library:
        from reader.services.sample import is_sample_only, load_sample_if_empty

        try:
            load_sample_if_empty(library)
        except LibraryError as exc:
            _error(str(exc))
            return EXIT_FAILED
        from reader.tui.app import PaperReaderApp

        app = PaperReaderApp(
            library,
            config,
            sample=is_sample_only(library),
            refresh=refresh,
            api_url=api_url,
            config_path=paths.config,
            state_path=paths.state,
            notice=opened.notice,
            check_after=CHECK_AFTER,
        )
        app.run()
    if app.exit_error:
        _error(app.exit_error)
        return EXIT_FAILED
    return EXIT_OK
