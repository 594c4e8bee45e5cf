"""Running the filter: in SQL at once on a small library, on the query thread on a big one."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual.widget import Widget

from reader.query import PaperFilter, QueryError
from reader.storage.errors import DamagedLibraryError, LibraryError
from reader.tui.session import ReaderSession

if TYPE_CHECKING:
    from reader.services.query_thread import QueryThread

ShowResult = Callable[[PaperFilter, tuple[str, ...], list[int], int], None]
"""Show these pks (of `total` papers) for this filter, marking its terms."""


class Search:
    """Answers each filter once; a malformed one is an error, never an empty list, and a stale answer is dropped."""

    def __init__(
        self,
        owner: Widget,
        session: ReaderSession,
        show_result: ShowResult,
        show_error: Callable[[QueryError], None],
        found_damage: Callable[[str], None],
    ) -> None:
        self._owner = owner
        self._session = session
        self._show_result = show_result
        self._show_error = show_error
        self._found_damage = found_damage
        self.total = 0
        """Papers in the library at the last answer: above `off_thread_papers` the thread searches."""
        self._query_thread: QueryThread | None = None

    @property
    def library_path(self) -> Path:
        return self._session.library.path

    @property
    def query_thread(self) -> QueryThread:
        """The thread (and connection) that searches, counts and exports, started on first use."""
        if self._query_thread is None:
            from reader.services.query_thread import QueryThread

            self._query_thread = QueryThread(self.library_path)
        return self._query_thread

    def close(self) -> None:
        if self._query_thread is not None:
            self._query_thread.close()
            self._query_thread = None

    def run(self, paper_filter: PaperFilter) -> None:
        """Show the answer to `paper_filter`: now on a small library, when the thread answers on a big one."""
        try:
            terms = paper_filter.query().terms
        except QueryError as exc:
            self._show_error(exc)
            return
        library = self._session.library
        if self.total > self._session.off_thread_papers:
            self._owner.run_worker(partial(self._query, paper_filter, terms), name="search the library", group="query",
                                   exclusive=True, exit_on_error=False)  # fmt: skip
            return
        try:
            pks = library.select(paper_filter)
        except QueryError as exc:
            self._show_error(exc)
            return
        self.total = library.count()
        self._show_result(paper_filter, terms, pks, self.total)

    async def _query(self, paper_filter: PaperFilter, terms: tuple[str, ...]) -> None:
        """One search on the query thread; cancelled (and so never shown) when a newer one starts."""
        query_thread = self.query_thread
        try:
            result = await asyncio.wrap_future(query_thread.submit(paper_filter))
        except QueryError as exc:
            self._show_error(exc)
            return
        except DamagedLibraryError as exc:
            self._found_damage(exc.reason)
            return
        except LibraryError as exc:
            self._owner.notify(str(exc), title="Search failed", severity="error", markup=False)
            return
        if result.pks is None or not query_thread.is_latest(result):
            return
        self.total = result.total
        self._show_result(paper_filter, terms, result.pks, result.total)
