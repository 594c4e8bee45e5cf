"""The command line: `paper-reader` opens the reader, `paper-reader import FILE...` adds papers.

Textual is imported only when the reader is actually opened, so `import`,
`--version` and `--help` stay fast.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from reader import __version__
from reader.config import ConfigError, load_config
from reader.library import Library, LibraryError
from reader.paths import HOME_ENV, Paths
from reader.sources import API_URL_ENV

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


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
        help="add papers from saved Hugging Face API JSON",
        description="Add papers from saved Hugging Face API JSON: a daily_papers array, a "
        "papers/search array, or one papers/{id} object. Read and star marks are kept.",
    )
    importer.add_argument("files", nargs="+", metavar="FILE", type=Path)
    _add_sync_parser(commands)
    return parser


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


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    paths = Paths.resolve(args.home)
    if args.command == "import":
        return import_files(paths, args.files)
    if args.command == "sync":
        from reader.sync_command import sync_command

        return sync_command(paths, args)
    return run_reader(paths, refresh=not getattr(args, "no_refresh", False), api_url=getattr(args, "api_url", None))


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _error(message: str) -> None:
    print(f"paper-reader: {message}", file=sys.stderr)


def import_files(paths: Paths, files: list[Path]) -> int:
    """Parse every file first; only when all are readable JSON do their papers go in, in one transaction."""
    from reader.sample import FORGET_SAMPLE
    from reader.sources.hf_api import FeedError, parse_feed_text

    papers = []
    for file in files:
        try:
            feed = parse_feed_text(file.read_bytes())
        except OSError as exc:
            _error(f"{file}: cannot read: {exc.strerror or exc}; nothing imported")
            return EXIT_FAILED
        except FeedError as exc:
            _error(f"{file}: {exc}; nothing imported")
            return EXIT_FAILED
        for position, reason in feed.skipped:
            _error(f"{file}: item {position} skipped: {reason}")
        papers.extend(feed.papers)
    try:
        with Library.open(paths.library) as library:
            result = library.import_papers(papers, meta=FORGET_SAMPLE if papers else None)
    except LibraryError as exc:
        _error(str(exc))
        return EXIT_FAILED
    print(
        f"Imported {_plural(len(papers), 'paper')} from {_plural(len(files), 'file')}: "
        f"{len(result.added)} added, {len(result.updated)} updated, {result.unchanged} unchanged."
    )
    return EXIT_OK


def run_reader(paths: Paths, *, refresh: bool = True, api_url: str | None = None) -> int:
    try:
        config = load_config(paths.config)
    except ConfigError as exc:
        _error(str(exc))
        return EXIT_USAGE
    try:
        library = Library.open(paths.library)
    except LibraryError as exc:
        _error(str(exc))
        return EXIT_FAILED
    with library:
        from reader.sample import is_sample_only, load_sample_if_empty

        try:
            load_sample_if_empty(library)
        except LibraryError as exc:
            _error(str(exc))
            return EXIT_FAILED
        from reader.tui.app import PaperReaderApp

        PaperReaderApp(library, config, sample=is_sample_only(library), refresh=refresh, api_url=api_url).run()
    return EXIT_OK
