"""Papers from anywhere: add by arXiv id or URL, search Hugging Face, and resolve papers from copied pages.

Coroutines over an open `sources.client.ApiClient` (typed loosely: no httpx
import until used). Library calls go through `call` when given (the sync runs
them on its own thread), else run inline.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any

from reader.core.marks import iso_stamp
from reader.core.paper import Paper, paper_id_from_reference, title_key
from reader.core.text import clean_line
from reader.storage.library import Library

SEARCH_LIMIT = 20
"""Results asked of Hugging Face's paper search by default."""
RESOLVE_AT_MOST = 100
"""Unresolved papers looked up per sync or add (one search each)."""
RETRY_LOOKUP_AFTER = timedelta(days=1)
"""A title not found is looked up again a day later, not at every sync."""

Call = Callable[..., Awaitable[Any]]


async def _inline(function: Callable[..., Any], *args: Any) -> Any:
    return function(*args)


@dataclass
class AddReport:
    """What `add_papers` did: ids added or updated, and one line for each reference that failed."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    """(the reference as typed, cleaned for the terminal; why)."""
    resolved: list[tuple[str, str]] = field(default_factory=list)
    offline: bool = False


async def fetch_paper(client: object, paper_id: str) -> Paper | None:
    """The paper `GET /api/papers/{id}` describes, None on a 404; `FetchError` / `FeedError` / `ItemError`."""
    from reader.sources.hf_api import decode_json, parse_item

    answer = await client.get(f"/api/papers/{paper_id}", {}, missing_ok=True)  # type: ignore[attr-defined]
    if answer.status == 404:
        return None
    if answer.status != 200:
        from reader.sources.client import FetchError

        raise FetchError(f"the server refused {paper_id} (HTTP {answer.status})")
    return parse_item(decode_json(answer.body))


async def add_papers(library: Library, client: object, references: Sequence[str]) -> AddReport:
    """Add (or update) each paper named by an arXiv id or an arxiv.org / huggingface.co/papers URL, then
    resolve the library's unresolved papers."""
    from reader.sources.client import FetchError
    from reader.sources.hf_api import FeedError, ItemError

    report = AddReport()
    papers: list[Paper] = []
    for reference in references:
        shown = clean_line(reference)[:100]
        paper_id = paper_id_from_reference(reference)
        if paper_id is None:
            report.failed.append((shown, "not an arXiv id or an arxiv.org or huggingface.co/papers URL"))
            continue
        try:
            paper = await fetch_paper(client, paper_id)
        except FetchError as exc:
            report.failed.append((shown, str(exc)))
            report.offline = report.offline or str(exc).startswith("cannot connect")
            if report.offline:
                break
            continue
        except (FeedError, ItemError) as exc:
            report.failed.append((shown, f"not a paper in Hugging Face's answer ({exc})"))
            continue
        if paper is None:
            report.failed.append((shown, f"{paper_id} is not on Hugging Face (HTTP 404)"))
            continue
        papers.append(paper)
    if papers:
        result = library.import_papers(papers)
        report.added, report.updated = list(result.added), list(result.updated)
    if not report.offline:
        report.resolved = await resolve_unresolved(library, client)
    return report


async def search_online(client: object, words: str, *, limit: int = SEARCH_LIMIT) -> list[Paper]:
    """Hugging Face's paper search for `words`: its papers in its order (items that are not papers skipped).

    Raises `FetchError` when it cannot be reached and `FeedError` when the answer is not a list.
    """
    from reader.sources.hf_api import FeedError, ItemError, decode_json, parse_item

    answer = await client.get("/api/papers/search", {"q": words, "limit": limit})  # type: ignore[attr-defined]
    if answer.status != 200:
        raise FeedError(f"the search was refused (HTTP {answer.status})")
    items = decode_json(answer.body)
    if not isinstance(items, list):
        raise FeedError(f"expected a JSON array of papers, found {type(items).__name__}")
    papers: list[Paper] = []
    for item in items[:limit]:
        try:
            papers.append(parse_item(item))
        except ItemError:
            continue
    return papers


@dataclass(frozen=True)
class OnlineRow:
    """One result of an online search, for the list: the paper, and its pk if it is in the library already."""

    paper: Paper
    pk: int | None

    @property
    def stored(self) -> bool:
        return self.pk is not None


async def search_online_rows(
    library: Library, client: object, words: str, *, limit: int = SEARCH_LIMIT
) -> list[OnlineRow]:
    """`search_online`, each result with its pk if stored (the reader shows the others as "online")."""
    return [OnlineRow(paper, library.pk_of(paper.id)) for paper in await search_online(client, words, limit=limit)]


def store_online(library: Library, paper: Paper) -> int:
    """Add an online result to the library (when it is starred, read or opened); its pk."""
    library.import_papers([paper])
    pk = library.pk_of(paper.id)
    assert pk is not None
    return pk


async def resolve_unresolved(
    library: Library, client: object, *, call: Call | None = None, at_most: int = RESOLVE_AT_MOST
) -> list[tuple[str, str]]:
    """Look up each unresolved paper by its exact title (case and spacing aside) in Hugging Face's search and
    put the real paper in its place; (unresolved id, arXiv id) of each one resolved. Stops quietly on failure."""
    from reader.sources.client import FetchError
    from reader.sources.hf_api import FeedError

    run = call or _inline
    resolved: list[tuple[str, str]] = []
    day_ago = iso_stamp(datetime.now(UTC) - RETRY_LOOKUP_AFTER)
    papers = await run(partial(library.unresolved_papers, not_tried_since=day_ago))
    for unresolved in papers[:at_most]:
        try:
            found = await search_online(client, unresolved.title, limit=10)
        except FetchError:
            break
        except FeedError:
            found = []
        wanted = title_key(unresolved.title)
        match = next((paper for paper in found if title_key(paper.title) == wanted), None)
        if match is not None and await run(library.resolve_paper, unresolved.id, match):
            resolved.append((unresolved.id, match.id))
        elif match is None:
            await run(library.note_lookup, unresolved.id)
    return resolved
