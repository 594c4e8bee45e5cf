"""`paper-reader add ID|URL...`: add papers by arXiv id or paper URL, through `GET /api/papers/{id}`.

One line per paper added or updated, one line on stderr per reference that
failed (a 404 is one quiet line), then a total. Exit 0 when every reference
was added, 1 when some failed, 2 for bad arguments.
"""

from __future__ import annotations

import argparse
from typing import Any

from reader.cli.common import say
from reader.cli.online import EXIT_FAILED, EXIT_OK, error, plural, run_online
from reader.core.paths import Paths
from reader.core.text import clean_line
from reader.storage.library import Library


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser], options: argparse.ArgumentParser) -> None:
    """Register the command; `options` are the global ones, so they work after the command too."""
    adder = commands.add_parser(
        "add",
        parents=[options],
        help="add papers by arXiv id or arxiv.org / huggingface.co/papers URL",
        description="Add papers to the library by arXiv id (2401.00001) or URL (arxiv.org/abs/..., /pdf/..., "
        "/html/..., huggingface.co/papers/...), as Hugging Face describes them. Papers from a copied papers "
        "page are looked up by title afterwards. Exit 0 when every paper was added, 1 when some failed.",
    )
    adder.add_argument("references", nargs="+", metavar="ID|URL")


def add_command(paths: Paths, args: argparse.Namespace) -> int:
    from reader.services.online import add_papers

    async def work(library: Library, client: Any) -> int:
        report = await add_papers(library, client, args.references)
        for paper_id in (*report.added, *report.updated):
            paper = library.paper_by_id(paper_id)
            title = clean_line(paper.title) if paper else ""
            say(f"{paper_id}  {'added' if paper_id in report.added else 'updated'}  {title}")
        for reference, problem in report.failed:
            error(f"{reference}: {problem}")
        for old, new in report.resolved:
            say(f"{new}  found by title (was {old}, from a copied page)")
        line = f"Added {plural(len(report.added), 'paper')}, updated {len(report.updated)}"
        say(line + (f"; {len(report.failed)} failed." if report.failed else "."))
        return EXIT_FAILED if report.failed else EXIT_OK

    return run_online(paths, args.api_url, work)
