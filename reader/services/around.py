"""Around a paper: its linked repositories and its full text, fetched from Hugging Face and stored.

Each function takes the library and an open `sources.client.ApiClient` (typed
loosely so importing this module does not import httpx) and is a coroutine:
the reader runs it in a background worker, the command line with asyncio.run.
Failures are one quiet line in the outcome, never an exception: the network,
a 404, an answer of the wrong shape.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field

from reader.core.full_text import FULL_TEXT_INTERVAL, MAX_FULL_TEXT_CHARS
from reader.core.linked import LinkedRepos
from reader.core.paper import is_unresolved_id
from reader.core.text import strip_controls
from reader.storage.errors import LibraryError
from reader.storage.library import Library


@dataclass(frozen=True)
class LinkedOutcome:
    """What `fetch_linked` found: the repositories (stored ones when the network failed) and any problem."""

    linked: LinkedRepos | None
    problem: str | None = None
    """One line for the detail pane: "offline", "not on Hugging Face (HTTP 404)", ..."""
    fetched: bool = False
    """Whether Hugging Face was asked (False: what was stored within the last day)."""
    missing: bool = False
    """Hugging Face does not know the paper (HTTP 404): a fact, not a failure."""


@dataclass(frozen=True)
class FullTextOutcome:
    """What `fetch_full_text` found: the Markdown (to be shown as plain text) and any problem."""

    markdown: str | None
    problem: str | None = None
    fetched: bool = False
    missing: bool = False
    """Hugging Face has no full text of the paper (HTTP 404, now or before): a fact, not a failure."""


def _problem(exc: Exception) -> str:
    text = str(exc)
    return "offline" if text.startswith("cannot connect") else text


async def fetch_linked(library: Library, client: object, paper_id: str, *, force: bool = False) -> LinkedOutcome:
    """The paper's linked models, datasets and Spaces: stored ones if fetched within the last day, else fetched
    (`papers/{id}` for the top few and totals, `arxiv/{id}/repos` for the rest) and stored. The paper's own
    counters from `papers/{id}` are stored too."""
    from reader.sources.client import FetchError
    from reader.sources.hf_api import FeedError, ItemError, decode_json, parse_item
    from reader.sources.hf_linked import LinkedError, parse_arxiv_repos, parse_paper_links

    stored = library.linked(paper_id)
    if is_unresolved_id(paper_id):
        return LinkedOutcome(stored, "not on Hugging Face yet (found by title at the next sync)")
    if stored is not None and not force and library.linked_is_fresh(paper_id):
        return LinkedOutcome(stored)
    try:
        answer = await client.get(f"/api/papers/{paper_id}", {}, missing_ok=True)  # type: ignore[attr-defined]
        if answer.status == 404:
            return LinkedOutcome(stored, "not on Hugging Face (HTTP 404)", fetched=True, missing=True)
        if answer.status != 200:
            return LinkedOutcome(stored, f"Hugging Face refused it (HTTP {answer.status})", fetched=True)
        data = decode_json(answer.body)
        linked = parse_paper_links(data)
        with contextlib.suppress(ItemError):  # the links are still good; the paper keeps what it had
            library.import_papers([parse_item(data)])
        repos = await client.get(f"/api/arxiv/{paper_id}/repos", {}, missing_ok=True)  # type: ignore[attr-defined]
        if repos.status == 200:
            linked = linked.merged_with(parse_arxiv_repos(decode_json(repos.body)))
        library.store_linked(paper_id, linked)
    except FetchError as exc:
        return LinkedOutcome(stored, _problem(exc), fetched=True)
    except (FeedError, LinkedError) as exc:
        return LinkedOutcome(stored, f"not a Hugging Face answer ({exc})", fetched=True)
    except LibraryError as exc:
        return LinkedOutcome(stored, str(exc), fetched=True)
    return LinkedOutcome(library.linked(paper_id), fetched=True)


async def fetch_full_text(library: Library, client: object, paper_id: str) -> FullTextOutcome:
    """The paper's full text: the stored one, or fetched once from `/papers/{id}.md` and stored.

    A 404 is remembered, so opening the reading screen again does not ask again.
    """
    from reader.sources.client import FetchError

    stored = library.full_text(paper_id)
    if stored is not None:
        return FullTextOutcome(stored)
    if is_unresolved_id(paper_id):
        return FullTextOutcome(None, "no full text: the paper is not found on Hugging Face yet")
    if library.full_text_missing(paper_id):
        return FullTextOutcome(None, "Hugging Face has no full text of this paper", missing=True)
    try:
        answer = await client.get(f"/papers/{paper_id}.md", {}, markdown=True, missing_ok=True)  # type: ignore[attr-defined]
        if answer.status == 404:
            library.mark_full_text_missing(paper_id)
            return FullTextOutcome(
                None, "Hugging Face has no full text of this paper (HTTP 404)", fetched=True, missing=True
            )
        if answer.status != 200:
            return FullTextOutcome(None, f"Hugging Face refused the full text (HTTP {answer.status})", fetched=True)
        text = answer.body.decode("utf-8", errors="replace")
        if len(text) > MAX_FULL_TEXT_CHARS:
            return FullTextOutcome(None, f"the full text is over {MAX_FULL_TEXT_CHARS:,} characters", fetched=True)
        markdown = strip_controls(text.removeprefix("\ufeff"))
        if not library.store_full_text(paper_id, markdown):
            return FullTextOutcome(markdown, "the paper is not in the library", fetched=True)
    except FetchError as exc:
        return FullTextOutcome(None, _problem(exc), fetched=True)
    except LibraryError as exc:
        return FullTextOutcome(None, str(exc), fetched=True)
    return FullTextOutcome(markdown, fetched=True)


@dataclass
class AheadReport:
    """What a fetch ahead did, paper by paper: (paper id, problem or None) for each one it asked for."""

    done: list[tuple[str, str | None]] = field(default_factory=list)
    missing: set[str] = field(default_factory=set)
    """Papers Hugging Face has nothing for (HTTP 404): in `done` with their line, but not failures."""
    already: int = 0
    """Papers that had what was asked for already (a stored full text, linked repositories of today)."""
    stopped: str | None = None
    """Why the rest was not fetched (offline)."""

    @property
    def failed(self) -> list[tuple[str, str]]:
        return [(pid, problem) for pid, problem in self.done if problem is not None and pid not in self.missing]


Progress = Callable[[str, str | None, int, int], None]
"""Called after each paper: (its id, its problem or None, papers done, papers in all)."""


async def fetch_full_texts(
    library: Library,
    client: object,
    paper_ids: Sequence[str],
    *,
    interval: float = FULL_TEXT_INTERVAL,
    progress: Progress | None = None,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> AheadReport:
    """Fetch the full texts not stored yet, one at a time, `interval` seconds apart; stop when offline."""
    report = AheadReport()
    wanted = [pid for pid in paper_ids if library.full_text(pid) is None and not library.full_text_missing(pid)]
    report.already = len(paper_ids) - len(wanted)
    for number, paper_id in enumerate(wanted, start=1):
        if number > 1 and interval > 0:
            await sleep(interval)
        outcome = await fetch_full_text(library, client, paper_id)
        report.done.append((paper_id, outcome.problem))
        if outcome.missing:
            report.missing.add(paper_id)
        if progress is not None:
            progress(paper_id, outcome.problem, number, len(wanted))
        if outcome.problem == "offline":
            report.stopped = "offline"
            break
    return report


async def fetch_linked_for(
    library: Library, client: object, paper_ids: Sequence[str], *, progress: Progress | None = None
) -> AheadReport:
    """Linked repositories of each paper not fetched within the last day (`sync --linked`); stop when offline."""
    report = AheadReport()
    wanted = [pid for pid in paper_ids if not is_unresolved_id(pid) and not library.linked_is_fresh(pid)]
    report.already = len(paper_ids) - len(wanted)
    for number, paper_id in enumerate(wanted, start=1):
        outcome = await fetch_linked(library, client, paper_id)
        report.done.append((paper_id, outcome.problem))
        if outcome.missing:
            report.missing.add(paper_id)
        if progress is not None:
            progress(paper_id, outcome.problem, number, len(wanted))
        if outcome.problem == "offline":
            report.stopped = "offline"
            break
    return report
