"""The list's queries on a thread of their own, so typing never waits for a search of 50,000 papers.

One thread holds its own connection to the library (and so its own cached
orders, see `Library.select`), runs the queries one after another, and skips a
query that a newer one has replaced before it started. The caller checks
`is_latest` before showing a result, so a stale result never overwrites a newer
one, whatever order the threads finish in.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import suppress
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from reader.query import PaperFilter, QueryError
from reader.storage.errors import as_library_error
from reader.storage.library import Library

SEARCH_FAILED = "cannot search the library"
"""What a query's `LibraryError` says before SQLite's own words."""


@dataclass(frozen=True, slots=True)
class QueryResult:
    """The pks a filter lets through (None: skipped, a newer query replaced it) and the library's size."""

    generation: int
    pks: list[int] | None
    total: int


class QueryThread:
    """Runs `Library.select` for the newest filter on one background thread with its own connection."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="paper-reader-query")
        self._library: Library | None = None
        self._latest = 0

    def submit(self, paper_filter: PaperFilter) -> Future[QueryResult]:
        """Queue the filter; earlier queries that have not started yet will be skipped.

        The future raises `QueryError` (malformed text) or `LibraryError` (the file went bad).
        """
        self._latest += 1
        return self._executor.submit(self._run, self._latest, paper_filter)

    def count_many(self, filters: dict[str, PaperFilter]) -> Future[dict[str, int]]:
        """How many papers each filter lets through (the views' unread counts); malformed ones are left out.

        Not a list query: it neither replaces nor is replaced by one.
        """
        return self._executor.submit(self._count_many, filters)

    def export_marks(self, path: Path) -> Future[int]:
        """Write the marks to state.toml from this thread's connection, off the UI thread.

        The future raises `LibraryError`, or `OSError` when the file cannot be written.
        """
        return self._executor.submit(self._export_marks, path)

    def _export_marks(self, path: Path) -> int:
        from reader.storage.state_export import export_library

        with as_library_error(SEARCH_FAILED):
            return export_library(self._open(), path)

    def is_latest(self, result: QueryResult) -> bool:
        """Whether no newer query was submitted after this one."""
        return result.generation == self._latest

    def _open(self) -> Library:
        if self._library is None:
            self._library = Library.open(self._path)
        return self._library

    def _count_many(self, filters: dict[str, PaperFilter]) -> dict[str, int]:
        counts: dict[str, int] = {}
        with as_library_error(SEARCH_FAILED):
            library = self._open()
            for name, paper_filter in filters.items():
                try:
                    counts[name] = library.count_matching(paper_filter)
                except QueryError:
                    continue
        self._trim_soon(self._latest)
        return counts

    def _run(self, generation: int, paper_filter: PaperFilter) -> QueryResult:
        if generation != self._latest:
            return QueryResult(generation, None, 0)
        with as_library_error(SEARCH_FAILED):
            library = self._open()
            result = QueryResult(generation, library.select(paper_filter), library.count())
        self._trim_soon(generation)
        return result

    def _trim_soon(self, generation: int) -> None:
        """After this answer is handed over, give the freed heap back, unless a newer query is waiting."""
        with suppress(RuntimeError):  # closed meanwhile: the process is ending
            self._executor.submit(self._trim_if_idle, generation)

    def _trim_if_idle(self, generation: int) -> None:
        if generation == self._latest:
            release_free_heap()

    def close(self) -> None:
        """Close the thread's connection after the query in hand; queued ones are dropped."""
        self._latest += 1
        self._executor.submit(self._close)
        self._executor.shutdown(wait=False, cancel_futures=False)

    def _close(self) -> None:
        if self._library is not None:
            self._library.close()
            self._library = None


def release_free_heap() -> None:
    """Hand the C heap's free pages back to the system: glibc's `malloc_trim`, elsewhere nothing.

    A search frees megabytes at once (its sets of pks, SQLite's JSON of them), and glibc keeps
    them in the process: 20 MB more after typing three queries at 200,000 papers. About 0.5 ms.
    """
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    import ctypes

    try:
        return ctypes.CDLL(None).malloc_trim  # type: ignore[no-any-return]
    except (OSError, AttributeError):  # not glibc
        return None
