"""Sync: which Daily lists to fetch, fetching them (pages, de-duplication), and storing each in one transaction.

The network part lives in `sources.client` and the parsing in
`sources.hf_api`; this module plans, orders and reports. A list that fails
for any reason (network, a body that is not a Daily list, an item that is not
a paper) is reported by name and leaves the library exactly as it was.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import partial
from typing import Any, TypeVar

from reader.core.marks import now_iso
from reader.core.paper import Paper
from reader.core.text import clean_line
from reader.sources.fetcher import Fetcher, FetchError
from reader.storage.errors import LibraryError
from reader.storage.library import LAST_SYNC_META, Library

ARCHIVE_START = date(2023, 5, 4)
"""The first Daily Papers list; nothing is published before it."""

PAGE_SIZE = 100
"""Items per page: the API's maximum."""

MAX_PAGES = 100
"""Pages per list at most (10,000 papers: a month holds about 1,000)."""


class PlanError(ValueError):
    """The lists asked for make no sense (a future date, a bad week); the message says why."""


@dataclass(frozen=True, order=True)
class ListSpec:
    """One Daily list of the API: a day (`date`), an ISO week (`week`) or a month (`month`)."""

    kind: str
    key: str

    @property
    def list_key(self) -> str:
        return f"{self.kind}={self.key}"

    @property
    def first_day(self) -> date:
        if self.kind == "date":
            return date.fromisoformat(self.key)
        if self.kind == "week":
            return date.fromisoformat(f"{self.key}-1")
        return date.fromisoformat(f"{self.key}-01")

    @property
    def label(self) -> str:
        return self.key


@dataclass
class ListResult:
    """What syncing one list did: papers added and updated, or why it failed."""

    spec: ListSpec
    papers: int = 0
    added: int = 0
    updated: int = 0
    error: str | None = None
    note: str | None = None
    """Something worth saying that is not a failure (the list is not published yet)."""
    offline: bool = False
    """The failure was not reaching the server at all."""

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass
class SyncReport:
    """Every list's result, in the order the lists were asked for."""

    results: list[ListResult] = field(default_factory=list)
    added_ids: list[str] = field(default_factory=list)
    resolved: list[tuple[str, str]] = field(default_factory=list)
    """(unresolved id, arXiv id) of the papers from copied pages that were found by title after the lists."""

    @property
    def failed(self) -> list[ListResult]:
        return [r for r in self.results if not r.ok]

    @property
    def added(self) -> int:
        return sum(r.added for r in self.results)

    @property
    def updated(self) -> int:
        return sum(r.updated for r in self.results)

    @property
    def offline(self) -> bool:
        """Nothing could be reached at all: every list failed to connect."""
        return bool(self.results) and all(r.offline for r in self.results)


# -- planning ---------------------------------------------------------------------------------


def utc_today() -> date:
    """Daily lists are dated in UTC."""
    return datetime.now(UTC).date()


def plan_days(days: int, today: date) -> list[ListSpec]:
    """The last `days` days, newest first."""
    if days < 1:
        raise PlanError("--days must be 1 or more")
    first = max(ARCHIVE_START, today - timedelta(days=days - 1))
    return [ListSpec("date", (today - timedelta(days=n)).isoformat()) for n in range((today - first).days + 1)]


def plan_date(text: str, today: date) -> list[ListSpec]:
    day = _parse_day(text, "--date")
    _check_range(day, today, text)
    return [ListSpec("date", day.isoformat())]


def plan_since(text: str, today: date) -> list[ListSpec]:
    """Every day from `text` to today, newest first."""
    start = _parse_day(text, "--since")
    _check_range(start, today, text)
    return plan_days((today - start).days + 1, today)


def plan_week(text: str, today: date) -> list[ListSpec]:
    match = re.fullmatch(r"(\d{4})-W(\d{2})", text.strip())
    if not match:
        raise PlanError(f"--week must look like 2025-W23, not {text!r}")
    try:
        monday = date.fromisocalendar(int(match.group(1)), int(match.group(2)), 1)
    except ValueError:
        raise PlanError(f"{text!r} is not a week of the calendar") from None
    _check_range(monday + timedelta(days=6), today, text, first=monday)
    return [ListSpec("week", text.strip())]


def plan_month(text: str, today: date) -> list[ListSpec]:
    match = re.fullmatch(r"(\d{4})-(\d{2})", text.strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise PlanError(f"--month must look like 2025-06, not {text!r}")
    first = date(int(match.group(1)), int(match.group(2)), 1)
    last = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    _check_range(last, today, text, first=first)
    return [ListSpec("month", text.strip())]


def _parse_day(text: str, flag: str) -> date:
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip()):
            raise ValueError
        return date.fromisoformat(text.strip())
    except ValueError:
        raise PlanError(f"{flag} must be a date like 2025-06-01, not {text!r}") from None


def _check_range(last: date, today: date, text: str, *, first: date | None = None) -> None:
    first = first or last
    if first > today + timedelta(days=1):
        raise PlanError(f"{text} is in the future (today is {today.isoformat()} UTC)")
    if last < ARCHIVE_START:
        raise PlanError(f"{text} is before Daily Papers began ({ARCHIVE_START.isoformat()})")


# -- fetching ---------------------------------------------------------------------------------

T = TypeVar("T")

Progress = Callable[[ListResult, int, int], None]
"""Called as each list finishes: (its result, lists done, lists in all)."""


async def sync_lists(
    library: Library,
    specs: list[ListSpec],
    client: Fetcher,
    *,
    today: date | None = None,
    progress: Progress | None = None,
) -> SyncReport:
    """Fetch every list (the client keeps at most its limit of requests in flight) and store each as it arrives.

    `client` is a `Fetcher`, such as an open `sources.client.ApiClient` (the
    Protocol keeps httpx out of this module). Parsing and storing run
    on one thread of their own, so the event loop keeps requests flowing (and
    a reader keeps drawing) meanwhile: `library` must not be used by anyone
    else until this returns; the reader gives it a connection of its own.
    """
    today = today or utc_today()
    seen_at = now_iso()
    report = SyncReport(results=[ListResult(spec) for spec in specs])
    done = 0
    loop = asyncio.get_running_loop()
    worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="paper-reader-sync")

    def on_worker(function: Callable[..., T], *args: object) -> asyncio.Future[T]:
        return loop.run_in_executor(worker, partial(function, *args))

    async def one(result: ListResult) -> None:
        nonlocal done
        try:
            papers = await _fetch_list(client, result.spec, today, result, on_worker)
            if papers is not None:
                stored = await on_worker(partial(library.store_list, seen_at=seen_at), result.spec.list_key, papers)
                result.papers = len({p.id for p in papers})
                result.added, result.updated = len(stored.added), len(stored.updated)
                report.added_ids.extend(stored.added)
        except FetchError as exc:
            result.error = clean_line(str(exc))
            result.offline = exc.offline
        except (_ListError, LibraryError) as exc:  # text from the server or a path: one safe line
            result.error = clean_line(str(exc))
        done += 1
        if progress is not None:
            progress(result, done, len(specs))

    try:
        await asyncio.gather(*(one(result) for result in report.results))
        if any(r.ok and r.note is None for r in report.results):
            await on_worker(library.set_meta, LAST_SYNC_META, seen_at)
            from reader.services.online import resolve_unresolved

            report.resolved = await resolve_unresolved(library, client, call=on_worker)
    finally:
        worker.shutdown(wait=True)  # a write in flight finishes; none starts after
    return report


class _ListError(Exception):
    """The server answered, but not with a Daily list."""


async def _fetch_list(
    client: Fetcher, spec: ListSpec, today: date, result: ListResult, on_worker: Callable[..., Any]
) -> list[Paper] | None:
    """Every paper of the list, across pages; None when the list is not published yet."""
    papers: list[Paper] = []
    for page in range(MAX_PAGES):
        answer = await client.get("/api/daily_papers", {spec.kind: spec.key, "limit": PAGE_SIZE, "p": page})
        if answer.status == 400:
            if spec.first_day >= today - timedelta(days=1):
                result.note = "not published yet"
                return None
            raise _ListError(f"the server refused {spec.list_key} (HTTP 400)")
        items, parsed = await on_worker(_parse_page, answer.body, page)
        papers.extend(parsed)
        if items < PAGE_SIZE:
            return papers
    return papers


def _parse_page(body: bytes, page: int) -> tuple[int, list[Paper]]:
    """(items on the page, their papers); `_ListError` unless it is a JSON array of papers.

    An array is read item by item as an import reads a file (sources/feed_file.py): each item's own text
    is its raw JSON, and only an item with brackets enough to be deep has its nesting walked.
    """
    from reader.sources.feed_file import page_papers
    from reader.sources.hf_api import ItemError, decode_json

    try:
        text = body.decode("utf-8-sig")  # JSON between systems is UTF-8 (RFC 8259); a BOM is tolerated
    except UnicodeDecodeError as exc:
        bad = f"byte {body[exc.start]:#04x} at offset {exc.start:,}"
        raise _ListError(f"page {page + 1} is not UTF-8 text ({bad})") from None
    if text.lstrip(" \t\r\n")[:1] != "[":
        try:
            items = decode_json(text)
        except ValueError:  # FeedError
            raise _ListError(f"page {page + 1} is not valid JSON (cut short?)") from None
        raise _ListError(f"page {page + 1} is a JSON {type(items).__name__}, not a list of papers")
    try:
        parsed = list(page_papers(text))
    except ValueError:  # FeedError
        raise _ListError(f"page {page + 1} is not valid JSON (cut short?)") from None
    papers: list[Paper] = []
    for position, paper in enumerate(parsed):
        if isinstance(paper, ItemError):
            raise _ListError(f"item {page * PAGE_SIZE + position + 1} is not a paper: {paper}")
        papers.append(paper)
    return len(parsed), papers
