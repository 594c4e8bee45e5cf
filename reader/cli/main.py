"""The command line: the argument parser and the dispatch to one module per command.

`paper-reader` opens the reader (`run`); `import`, `list`, `sync` and `state`
are commands of their own. Each command's module is imported only when it
runs, and Textual only when the reader opens, so `--version` and `--help` stay fast.
The global options (`--home`, `--api-url`, `--no-refresh`) are taken before or
after the command.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import IO

from reader import __version__
from reader.core.paths import HOME_ENV, Paths
from reader.query import Sort
from reader.sources import API_URL_ENV

GLOBAL_DEFAULTS: dict[str, object] = {"home": None, "api_url": None, "no_refresh": False}
"""The global options and their values when given in neither place."""


def _global_options() -> argparse.ArgumentParser:
    """The options every command takes, before or after its name: a parent parser of each.

    They default to SUPPRESS, so that a command's parser does not overwrite what was given before the command
    (argparse copies each subparser's defaults over the namespace); `main` fills in `GLOBAL_DEFAULTS`.
    """
    options = argparse.ArgumentParser(add_help=False)
    options.add_argument(
        "--home",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help=f"keep the library and config.toml in DIR (default: the platform's user dirs; also ${HOME_ENV})",
    )
    options.add_argument(
        "--api-url",
        metavar="URL",
        default=argparse.SUPPRESS,
        help=f"API base URL for sync and refreshing (default https://huggingface.co; also ${API_URL_ENV})",
    )
    options.add_argument(
        "--no-refresh",
        action="store_true",
        default=argparse.SUPPRESS,
        help="do not refresh from Hugging Face in the background when the reader opens",
    )
    return options


class _Parser(argparse.ArgumentParser):
    """argparse, with its help and usage errors (which quote what was typed) through the gate to the terminal."""

    def _print_message(self, message: str, file: IO[str] | None = None) -> None:
        if message:
            from reader.cli.common import say

            say(message, file or sys.stderr, end="")


def build_parser() -> argparse.ArgumentParser:
    options = _global_options()
    parser = _Parser(
        prog="paper-reader",
        parents=[options],
        description="A keyboard-first terminal reader for the Hugging Face Daily Papers feed.",
        epilog="With no command, opens the reader. Press ? in the reader for its keys.",
    )
    parser.add_argument("--version", action="version", version=f"paper-reader {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser("run", parents=[options], help="open the reader (the default)")
    importer = commands.add_parser(
        "import",
        parents=[options],
        help="add papers from saved Hugging Face API JSON or a copied papers page",
        description="Add papers from saved Hugging Face API JSON (a daily_papers array, a "
        "papers/search array, or one papers/{id} object) or from the text of a huggingface.co/papers "
        "page copied from a browser (its papers are found by title at the next sync or add). "
        "Read and star marks are kept.",
    )
    importer.add_argument("files", nargs="+", metavar="FILE", type=Path)
    lister = commands.add_parser(
        "list",
        parents=[options],
        help="print the papers a filter matches",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Print the papers QUERY matches, one per line: id, date, upvotes, title\n"
        "(on a terminal aligned and cut to its width; piped, tab-separated and whole).\n"
        "QUERY is the language of the reader's filter box (see the README); its words\n"
        "are joined with spaces. Quote it for the shell when it holds quotes,\n"
        "parentheses, < or >; put -- before a leading -word.",
        epilog="examples:\n"
        "  paper-reader list diffusion 'upvotes>=50' has:code\n"
        "  paper-reader list --sort stars --limit 10 'date>=2025-06'\n"
        "  paper-reader list -- -video 'title:\"language model\" OR keyword:agent'\n\n"
        "exit status: 0 papers were printed, 1 none matched (said on stderr on a terminal),\n"
        "2 a malformed query, or no library or one that cannot be read.",
    )
    lister.add_argument("query", nargs="*", metavar="QUERY", help="filter words (none: every paper)")
    lister.add_argument("--sort", choices=[sort.value for sort in Sort], default=Sort.DATE.value, help="default: date")
    lister.add_argument("--reverse", action="store_true", help="the other way round (missing values stay last)")
    lister.add_argument("--limit", type=_positive_int, metavar="N", help="print the first N papers only")
    _add_sync_parser(commands, options)
    _add_state_parser(commands, options)
    from reader.cli.digest import add_digest_parser
    from reader.cli.export import add_export_parser

    add_export_parser(commands, options)
    add_digest_parser(commands, options)
    from reader.cli import add, fetch, search

    for command_module in (add, search, fetch):
        command_module.add_parser(commands, options)
    return parser


Commands = "argparse._SubParsersAction[argparse.ArgumentParser]"
"""What `add_subparsers` returns (a string: argparse's class takes no type arguments at run time)."""


def _add_state_parser(commands: Commands, options: argparse.ArgumentParser) -> None:
    state = commands.add_parser(
        "state",
        parents=[options],
        help="export or import the read and star marks (state.toml)",
        description="Your read and star marks as a text file: one paper per line, each mark with the time "
        "of its last change. The reader keeps an up-to-date copy beside the library on its own.",
    )
    actions = state.add_subparsers(dest="action", required=True)
    exporter = actions.add_parser(
        "export",
        parents=[options],
        help="write the marks to FILE (default: state.toml beside the library; - for standard output)",
        description="Write every read and star mark to FILE, sorted by paper id, one paper per line.",
    )
    exporter.add_argument("file", nargs="?", metavar="FILE", help="default: state.toml beside the library; - prints")
    importer = actions.add_parser(
        "import",
        parents=[options],
        help="merge marks from FILE, keeping the later change of each mark",
        description="Merge the marks of FILE (written by `state export`, on this machine or another) into "
        "the library: for each paper and each mark the later change wins, so merging files in any order "
        "gives the same marks. Nothing is changed when FILE cannot be read.",
    )
    importer.add_argument("file", metavar="FILE", type=Path)
    actions.add_parser(
        "status",
        help="where the state is kept, and which machines' files in the sync folder were merged and when",
        description="Say where state.toml is, and with a sync_folder set, this machine's file there and "
        "each other machine's file: when it was written, when it was merged and what that changed.",
    )


def _add_sync_parser(commands: Commands, options: argparse.ArgumentParser) -> None:
    syncer = commands.add_parser(
        "sync",
        parents=[options],
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
    syncer.add_argument("-q", "--quiet", action="store_true", help="print nothing unless something fails (for cron)")
    syncer.add_argument(
        "--linked", action="store_true", help="also fetch the linked models, datasets and Spaces of starred papers"
    )


def _positive_int(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"not a positive whole number: {text!r}")
    return int(text)


VALUE_OPTIONS = {"--home": "home", "--api-url": "api_url"}
"""The global options that take a value, and their names in the parsed arguments."""


def parse_reader_start(argv: Sequence[str]) -> argparse.Namespace | None:
    """`paper-reader [run]` with global options only, parsed without building every command's parser.

    Opening the reader is the common start, and the parsers of every command (and the modules that
    make them) cost more than the rest of the command line. Anything else, or anything argparse
    would read differently (an abbreviation, a value that looks like an option, `--`, `-h`), is
    None: `parse_args` then builds the whole parser, which says the same as before.
    """
    values: dict[str, object] = {"command": None, **GLOBAL_DEFAULTS}
    words = list(argv)
    while words:
        word = words.pop(0)
        name, equals, value = word.partition("=")
        if word == "run" and values["command"] is None:
            values["command"] = "run"
        elif word == "--no-refresh":
            values["no_refresh"] = True
        elif name in VALUE_OPTIONS and equals:
            values[VALUE_OPTIONS[name]] = value
        elif word in VALUE_OPTIONS and words and not words[0].startswith("-"):
            values[VALUE_OPTIONS[word]] = words.pop(0)
        else:
            return None
    return argparse.Namespace(**values)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The command line parsed, every global option set (from before or after the command, or its default)."""
    quick = parse_reader_start(sys.argv[1:] if argv is None else argv)
    if quick is not None:
        return quick
    args = build_parser().parse_args(argv)
    for name, default in GLOBAL_DEFAULTS.items():
        if not hasattr(args, name):
            setattr(args, name, default)
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the command line and run the command; its exit status."""
    args = parse_args(argv)
    paths = Paths.resolve(args.home)
    from reader.cli.state import sync_before_command

    sync_before_command(paths)  # merge the other machines' files of the sync folder, if one is set
    if args.command == "import":
        from reader.cli.import_files import import_files

        return import_files(paths, args.files)
    if args.command == "list":
        from reader.cli.list_papers import list_papers

        return list_papers(paths, " ".join(args.query), Sort(args.sort), args.reverse, args.limit)
    if args.command == "sync":
        from reader.cli.sync import sync_command

        return sync_command(paths, args)
    if args.command == "digest":
        from reader.cli.digest import digest_command

        return digest_command(paths, args)
    if args.command == "export":
        from reader.cli.export import export_command

        return export_command(paths, args)
    if args.command in ("add", "search", "fetch"):
        from reader.cli import add, fetch, search

        command = {"add": add.add_command, "search": search.search_command, "fetch": fetch.fetch_command}
        return command[args.command](paths, args)
    if args.command == "state":
        from reader.cli.state import export_state, import_state, state_status

        if args.action == "status":
            return state_status(paths)
        return export_state(paths, args.file) if args.action == "export" else import_state(paths, args.file)
    from reader.cli.run import run_reader

    return run_reader(paths, refresh=not args.no_refresh, api_url=args.api_url)
