"""`paper-reader search WORDS`: Hugging Face's paper search, printed like `list`; `--add` stores the results.

One line per result: id, date, upvotes, a `*` for papers in the library
already, title (tab-separated when not on a terminal). Exit 0 when something
was found, 1 when nothing was (or the search failed), 2 for bad arguments.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from reader.cli.common import say
from reader.cli.online import EXIT_FAILED, EXIT_OK, EXIT_USAGE, error, plural, run_online
from reader.core.paths import Paths
from reader.core.text import clean_line
from reader.storage.library import Library


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser], options: argparse.ArgumentParser) -> None:
    """Register the command; `options` are the global ones, so they work after the command too."""
    searcher = commands.add_parser(
        "search",
        parents=[options],
        help="search Hugging Face for papers (online; --add stores them)",
        description="Ask Hugging Face's paper search (GET /api/papers/search) and print the results: id, date, "
        "upvotes, '*' when the paper is in the library already, title. Exit 0 when something was found, "
        "1 when nothing was or the search failed.",
    )
    searcher.add_argument("words", nargs="+", metavar="WORDS")
    searcher.add_argument("--add", action="store_true", help="store the results in the library")
    searcher.add_argument("--limit", type=int, default=20, metavar="N", help="results to ask for (default 20, 1-100)")


def search_command(paths: Paths, args: argparse.Namespace) -> int:
    from reader.services.online import search_online_rows, store_online

    words = " ".join(args.words).strip()
    if not words or not 1 <= args.limit <= 100:
        error("search needs words, and --limit between 1 and 100")
        return EXIT_USAGE

    async def work(library: Library, client: Any) -> int:
        from reader.sources.client import FetchError
        from reader.sources.hf_api import FeedError

        try:
            rows = await search_online_rows(library, client, words, limit=args.limit)
        except FetchError as exc:
            error(f"search failed: {'offline: ' if str(exc).startswith('cannot connect') else ''}{exc}")
            return EXIT_FAILED
        except FeedError as exc:
            error(f"search failed: {exc}")
            return EXIT_FAILED
        table = [
            (
                row.paper.id,
                row.paper.daily_date or row.paper.published_on or "-",
                "-" if row.paper.upvotes is None else str(row.paper.upvotes),
                "*" if row.stored else "",
                clean_line(row.paper.title),
            )
            for row in rows
        ]
        if args.add and rows:
            for row in rows:
                store_online(library, row.paper)
        _say(table)
        if args.add:
            added = sum(1 for row in rows if not row.stored)
            say(f"Stored {plural(len(rows), 'paper')}: {added} added.", sys.stderr)
        return EXIT_OK if rows else EXIT_FAILED

    return run_online(paths, args.api_url, work)


def _say(table: list[tuple[str, str, str, str, str]]) -> None:
    if not table:
        return
    if sys.stdout.isatty():
        widths = [max(len(line[column]) for line in table) for column in range(3)]
        lines = [f"{i:<{widths[0]}}  {d:<{widths[1]}}  {u:>{widths[2]}} {s or ' '} {t}" for i, d, u, s, t in table]
    else:
        lines = ["\t".join(line) for line in table]
    say("\n".join(lines))
    sys.stdout.flush()
