"""`paper-reader fetch --full-text [QUERY]`: fetch ahead what the reader would fetch on demand.

Full texts (`/papers/{id}.md`, once each, a few seconds apart: Hugging Face
counts them in its "pages" rate limit) or linked repositories (at most once
a day per paper) of the papers QUERY matches, starred ones by default. A
progress bar on a terminal; one quiet line per paper without one; a total.
Exit 0 when everything asked for is stored, 1 when something failed.
"""

from __future__ import annotations

import argparse
from typing import Any

from reader.cli.common import say
from reader.cli.online import EXIT_FAILED, EXIT_OK, EXIT_USAGE, ProgressBar, error, plural, run_online
from reader.core.paths import Paths
from reader.query import PaperFilter, QueryError, parse_query
from reader.storage.library import Library


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser], options: argparse.ArgumentParser) -> None:
    """Register the command; `options` are the global ones, so they work after the command too."""
    from reader.core.full_text import FULL_TEXT_INTERVAL

    fetcher = commands.add_parser(
        "fetch",
        parents=[options],
        help="fetch full texts or linked repositories ahead (default: of starred papers)",
        description="Fetch ahead, for the papers QUERY matches (the filter language; default is:starred): "
        "their full texts (stored once; searchable with text:word) or their linked models, datasets and "
        "Spaces (at most once a day). Exit 0 when all are stored, 1 when some failed.",
    )
    what = fetcher.add_mutually_exclusive_group(required=True)
    what.add_argument("--full-text", action="store_true", help="the papers' full texts (Markdown)")
    what.add_argument("--linked", action="store_true", help="the papers' linked models, datasets and Spaces")
    fetcher.add_argument("query", nargs="*", metavar="QUERY", help="filter words (default: is:starred)")
    fetcher.add_argument(
        "--interval",
        type=float,
        default=FULL_TEXT_INTERVAL,
        metavar="SECONDS",
        help=f"seconds between two full texts (default {FULL_TEXT_INTERVAL:g}: Hugging Face allows 100 per 5 minutes)",
    )


def fetch_command(paths: Paths, args: argparse.Namespace) -> int:
    from reader.services.around import fetch_full_texts, fetch_linked_for

    text = " ".join(args.query) or "is:starred"
    try:
        parse_query(text)
    except QueryError as exc:
        error(f"query error at column {exc.column}: {exc.message}")
        return EXIT_USAGE
    if args.interval < 0:
        error("--interval must be 0 or more seconds")
        return EXIT_USAGE
    noun = "full text" if args.full_text else "paper"

    async def work(library: Library, client: Any) -> int:
        rows = library.list_rows(library.select(PaperFilter(text=text)))
        ids = [row.id for row in rows.values()]
        bar = ProgressBar("full texts" if args.full_text else "papers")

        def progress(paper_id: str, problem: str | None, done: int, total: int) -> None:
            if problem is not None:  # on a terminal, printed above the bar
                error(f"{paper_id}: {problem}")
            bar.update(done, total)

        if args.full_text:
            report = await fetch_full_texts(library, client, ids, interval=args.interval, progress=progress)
        else:
            report = await fetch_linked_for(library, client, ids, progress=progress)
        bar.clear()
        fetched = len(report.done) - len(report.failed) - len(report.missing)
        line = f"Fetched {plural(fetched, noun)} of {plural(len(ids), 'paper')}"
        extra = [f"{report.already} stored already"] if report.already else []
        if report.missing:
            extra.append(f"{len(report.missing)} not on Hugging Face")
        if report.failed:
            extra.append(f"{len(report.failed)} failed")
        if report.stopped:
            extra.append(f"stopped: {report.stopped}")
        say(line + (f" ({', '.join(extra)})" if extra else "") + ".")
        return EXIT_FAILED if report.failed else EXIT_OK

    return run_online(paths, args.api_url, work)
