"""`paper-reader export [--format F] [--output FILE] [--force] [--view NAME | QUERY...]`: papers to a file.

No query and no view: the starred papers. The papers come in list order
(`--sort`, `--reverse` as for `list`). The file is written atomically, so a
failure leaves either the old file or none, never half of one. Exit 0 when
written, 2 for bad input (an unknown format or view, a malformed query, an
existing file without --force), 1 when the library or the file cannot be
read or written.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from reader.cli.common import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    error,
    open_library_file,
    plural,
    query_error,
    say,
    shown,
)
from reader.core.config import Config, ConfigError
from reader.core.paths import Paths
from reader.core.text import clean_line
from reader.query import PaperFilter, QueryError, Sort, parse_query
from reader.storage.errors import LibraryError

DEFAULT_QUERY = "is:starred"


def add_export_parser(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], options: argparse.ArgumentParser
) -> None:
    """Register the command; `options` are the global ones, so they work after the command too."""
    from reader.services.export import FORMATS

    exporter = commands.add_parser(
        "export",
        parents=[options],
        help="write the papers a filter matches as BibTeX, RIS, CSL-JSON, Markdown, CSV or JSON",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Write the papers QUERY (or a saved view) matches, in list order, with your tags and\n"
        "notes. No query: the starred papers. Formats:\n"
        + "".join(f"  {name:<9} {about}\n" for name, (_, about) in FORMATS.items()),
        epilog="examples:\n"
        "  paper-reader export --format bibtex --output reading.bib tag:rg\n"
        "  paper-reader export --format markdown --view Starred > list.md\n\n"
        "exit status: 0 written, 1 the library or the file cannot be read or written,\n"
        "2 bad input (format, view, query, an existing file without --force).",
    )
    exporter.add_argument("query", nargs="*", metavar="QUERY", help="filter words (none: the starred papers)")
    exporter.add_argument("--format", default="bibtex", metavar="FORMAT", help=f"{', '.join(FORMATS)} (default bibtex)")
    exporter.add_argument("--output", "-o", metavar="FILE", help="write to FILE (default: standard output)")
    exporter.add_argument("--force", action="store_true", help="replace FILE if it exists")
    exporter.add_argument("--view", metavar="NAME", help="the query of a saved or built-in view")
    exporter.add_argument("--sort", default=Sort.DATE.value, metavar="ORDER", help="date, upvotes, stars, ...")
    exporter.add_argument("--reverse", action="store_true", help="the other way round")


@dataclass(frozen=True)
class Selection:
    """What a command exports or digests: the filter text and the name it goes by."""

    text: str
    name: str


def load_settings(paths: Paths) -> Config | None:
    """config.toml, or None after saying in one line why it cannot be used."""
    from reader.storage.config_file import load_config

    try:
        return load_config(paths.config)
    except ConfigError as exc:
        error(str(exc))
        return None


def resolve_selection(config: Config, view: str | None, words: list[str], default: str) -> Selection | None:
    """The view's query or the words (or `default`), checked; None after saying in one line what is wrong."""
    from reader.core.views import all_views

    if view is not None and words:
        error("give a view or a query, not both")
        return None
    if view is not None:
        views = {item.name.casefold(): item for item in all_views(config.views, date.today(), None)}
        found = views.get(" ".join(view.split()).casefold())
        if found is None:
            names = ", ".join(item.name for item in views.values())
            error(f"no view named {clean_line(view)!r} (views: {names})")
            return None
        text, name = found.query, found.name
    else:
        text = " ".join(words) or default
        name = " ".join(words) or default
    try:
        parse_query(text)
    except QueryError as exc:
        query_error(text, exc)
        return None
    return Selection(text, name)


def export_command(paths: Paths, args: argparse.Namespace) -> int:
    from reader.services.export import FORMATS

    if args.format not in FORMATS:
        error(f"unknown format {clean_line(args.format)!r} (formats: {', '.join(FORMATS)})")
        return EXIT_USAGE
    if args.sort not in {sort.value for sort in Sort}:
        error(f"unknown order {clean_line(args.sort)!r} (orders: {', '.join(sort.value for sort in Sort)})")
        return EXIT_USAGE
    config = load_settings(paths)
    if config is None:
        return EXIT_USAGE
    selection = resolve_selection(config, args.view, args.query, DEFAULT_QUERY)
    if selection is None:
        return EXIT_USAGE
    output = Path(args.output) if args.output and args.output != "-" else None
    if output is not None and output.exists() and not args.force:
        error(f"{shown(output)} exists (use --force to replace it); nothing written")
        return EXIT_USAGE
    paper_filter = PaperFilter(text=selection.text, sort=Sort(args.sort), reverse=args.reverse)
    try:
        text, count = _render(paths, paper_filter, args.format)
    except LibraryError as exc:
        error(str(exc))
        return EXIT_FAILED
    return _write(text, count, output, force=args.force)


def _render(paths: Paths, paper_filter: PaperFilter, format_name: str) -> tuple[str, int]:
    from reader.services.export import export_items, render

    if not paths.library.exists():
        return render(format_name, []), 0
    with open_library_file(paths) as library:
        items = export_items(library, library.select(paper_filter))
    return render(format_name, items), len(items)


def _write(text: str, count: int, output: Path | None, *, force: bool) -> int:
    from reader.services.export import ExportExistsError, write_export

    if output is None:
        try:
            say(text, end="", flush=True)
        except BrokenPipeError:
            return EXIT_FAILED
        return EXIT_OK
    try:
        write_export(output, text, force=force)
    except ExportExistsError:
        error(f"{shown(output)} exists (use --force to replace it); nothing written")
        return EXIT_USAGE
    except OSError as exc:
        error(f"cannot write {shown(output)}: {exc.strerror or exc}; nothing written")
        return EXIT_FAILED
    say(f"Exported {plural(count, 'paper')} to {shown(output)}", sys.stderr)
    return EXIT_OK
