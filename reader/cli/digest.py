"""`paper-reader digest [--view NAME | QUERY...] [--since last|DATE] [--format F] [--to ADDRESS] [--name NAME]`.

Prints the papers that matched and arrived since the last digest of that name
(default: the view's name or the query), then records the digest in the
library, so a cron job reports every paper once. Nothing new: exit 0 and no
output, so cron sends nothing.
"""

from __future__ import annotations

import argparse
from datetime import date

from reader.cli.common import EXIT_FAILED, EXIT_OK, EXIT_USAGE, error, open_library_file, say
from reader.cli.export import load_settings, resolve_selection
from reader.core.paths import Paths
from reader.core.text import clean_line
from reader.query import PaperFilter
from reader.storage.errors import LibraryError

EVERY_PAPER = "all papers"


def add_digest_parser(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], options: argparse.ArgumentParser
) -> None:
    """Register the command; `options` are the global ones, so they work after the command too."""
    digest = commands.add_parser(
        "digest",
        parents=[options],
        help="print the papers of a view or query that arrived since the last digest (for cron)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Print the papers that QUERY (or a view) matches and that arrived (were first stored)\n"
        "since the last digest of that name; the digest is then recorded in the library, so\n"
        "each paper is reported once. Nothing new: no output, exit 0. A name's first digest\n"
        "covers the last day.",
        epilog="example (crontab: sync at 7:00, mail the new agent papers at 7:30):\n"
        "  0 7 * * *  paper-reader sync --quiet\n"
        "  30 7 * * * paper-reader digest --view Agents --format email --to me@example.org | sendmail -t",
    )
    digest.add_argument("query", nargs="*", metavar="QUERY", help="filter words (none: every paper)")
    digest.add_argument("--view", metavar="NAME", help="the query of a saved or built-in view")
    digest.add_argument("--since", default="last", metavar="last|DATE", help="from the last digest (default) or a day")
    digest.add_argument("--format", default="text", metavar="FORMAT", help="text, markdown, html or email")
    digest.add_argument("--to", metavar="ADDRESS", help="the To: of --format email (default: you, on this machine)")
    digest.add_argument("--name", metavar="NAME", help="the digest's name (default: the view's name or the query)")


def digest_command(paths: Paths, args: argparse.Namespace) -> int:
    from reader.services import digest as digests

    if args.format not in digests.FORMATS:
        error(f"unknown format {clean_line(args.format)!r} (formats: {', '.join(digests.FORMATS)})")
        return EXIT_USAGE
    since = _since(args.since)
    if since == "":
        return EXIT_USAGE
    sender = digests.default_sender()
    to = args.to if args.to is not None else sender
    if args.format == "email" and digests.check_address(to) is None:
        error(f"not a mail address: {clean_line(to)!r}")
        return EXIT_USAGE
    config = load_settings(paths)
    if config is None:
        return EXIT_USAGE
    selection = resolve_selection(config, args.view, args.query, "")
    if selection is None:
        return EXIT_USAGE
    name = " ".join((args.name or selection.name or EVERY_PAPER).split())
    if not name or not name.isprintable() or len(name) > 100:
        error("a digest's name is 1-100 printable characters")
        return EXIT_USAGE
    if not paths.library.exists():
        return EXIT_OK
    try:
        with open_library_file(paths) as library:
            found = digests.collect(library, PaperFilter(text=selection.text), name, since)
            if found.items:
                say(digests.render(found, args.format, to=to, sender=sender), end="", flush=True)
            digests.record(library, found)  # after the output is out: a failed write reports them again
    except LibraryError as exc:
        error(str(exc))
        return EXIT_FAILED
    except BrokenPipeError:
        return EXIT_FAILED
    return EXIT_OK


def _since(text: str) -> str | None:
    """None for `last`, the day for YYYY-MM-DD; '' after saying what is wrong."""
    if text == "last":
        return None
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        error(f"--since takes 'last' or a day like 2026-06-12, not {clean_line(text)!r}")
        return ""
