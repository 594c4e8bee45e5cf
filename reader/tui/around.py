"""Around the paper in the detail pane: its upvote movement (at once) and its linked repositories (fetched).

The linked models, datasets and Spaces stored in the library show at once; when
they are older than a day (or never fetched) they are fetched in a background
worker once the user has moved the cursor to the paper and it has rested there (or
opened it with Enter): holding `j` asks for nothing, and neither does the paper
the list lands on by itself at start, after a filter or a refresh.
A failure is one quiet line in the detail pane, never a notification.
"""

from __future__ import annotations

import asyncio
import importlib
import os
import time
from collections.abc import Callable
from dataclasses import replace
from functools import partial

from textual.screen import Screen
from textual.timer import Timer

from reader.core.paper import Link, Paper
from reader.storage.errors import LibraryError
from reader.tui.session import ReaderSession
from reader.tui.widgets.around_text import AroundInfo, all_links, numbered_links
from reader.tui.widgets.detail import PaperDetail

REST_BEFORE_FETCH = 0.4
"""Seconds the cursor stays on a paper before its linked repositories are asked for."""
RETRY_AFTER = 600.0
"""Seconds before a paper whose fetch failed (offline) is asked for again in this session."""


def client_settings(session: ReaderSession) -> object:
    """The settings the reader fetches with (raises ValueError for a bad $PAPER_READER_API_URL)."""
    from reader.sources.client import settings_from_env

    return session.client_settings or settings_from_env(os.environ, session.api_url)


async def import_client() -> None:
    """httpx takes ~100 ms to import: not on the thread that draws the screen."""
    await asyncio.to_thread(importlib.import_module, "reader.sources.client")


class Around:
    """The `AroundInfo` of the paper in the detail pane, and the one linked-repositories fetch in flight."""

    def __init__(self, owner: Screen[None], session: ReaderSession, detail: Callable[[], PaperDetail]) -> None:
        self._owner = owner
        self._session = session
        self._detail = detail
        self._timer: Timer | None = None
        self._failed: dict[str, float] = {}
        """Paper id -> when its last fetch failed (monotonic seconds)."""
        self.info: AroundInfo | None = None

    def shown(self, paper: Paper | None, chosen: bool = False) -> None:
        """`paper` is about to be shown in the detail pane: what is stored goes with it; the rest is fetched
        when the user `chosen` it."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if paper is None:
            self.info = None
            return
        library = self._session.library
        try:
            info = AroundInfo(paper.id, library.upvote_movement(paper.id), library.linked(paper.id))
            fresh = library.linked_is_fresh(paper.id)
        except LibraryError:
            return  # the detail shows the paper without them; damage is found by the paper's own read
        self.info = info
        self._detail().set_around(info)
        if not chosen or fresh or paper.unresolved or self._session.sample or library.pk_of(paper.id) is None:
            return  # the bundled sample stays offline until the first refresh; an online result is not stored yet
        failed = self._failed.get(paper.id)
        if failed is not None and time.monotonic() - failed < RETRY_AFTER:
            self._show(replace(info, note="offline (asked again later)"))
            return
        self._timer = self._owner.set_timer(REST_BEFORE_FETCH, partial(self._start, paper.id))

    def opened(self, paper: Paper) -> None:
        """Enter on the paper: its linked repositories are asked for now if they are due."""
        fetching = any(worker.group == "linked" and not worker.is_finished for worker in self._owner.workers)
        if self._timer is None and not fetching:
            self.shown(paper, chosen=True)

    def links(self, paper: Paper) -> list[Link]:
        """The links numbered 1-9 in the detail pane."""
        return numbered_links(paper, self.info)

    def every_link(self, paper: Paper) -> list[Link]:
        return all_links(paper, self.info)

    @property
    def waiting(self) -> bool:
        """A fetch waits for the cursor to rest (what a test starts at once with `fetch_now`)."""
        return self._timer is not None

    def fetch_now(self) -> None:
        """Start the fetch that waits for the cursor to rest, now."""
        if self._timer is not None and self.info is not None:
            self._timer.stop()
            self._start(self.info.paper_id)

    def _start(self, paper_id: str) -> None:
        self._timer = None
        self._owner.run_worker(
            partial(self._fetch, paper_id),
            name="linked repositories",
            group="linked",
            exclusive=True,
            exit_on_error=False,
        )

    async def _fetch(self, paper_id: str) -> None:
        await import_client()
        from reader.services.around import fetch_linked
        from reader.sources.client import ApiClient

        try:
            settings = client_settings(self._session)
        except ValueError as exc:
            self._show_for(paper_id, linked=None, note=str(exc))
            return
        async with ApiClient(settings) as client:  # type: ignore[arg-type]
            outcome = await fetch_linked(self._session.library, client, paper_id)
        if outcome.problem and not outcome.missing:
            self._failed[paper_id] = time.monotonic()
        else:
            self._failed.pop(paper_id, None)
        self._show_for(paper_id, linked=outcome.linked, note=None if outcome.missing else outcome.problem)

    def _show_for(self, paper_id: str, *, linked: object, note: str | None) -> None:
        info = self.info
        if info is None or info.paper_id != paper_id:
            return  # the cursor moved on: stored, shown when the paper is shown again
        self._show(replace(info, linked=linked or info.linked, note=note))  # type: ignore[arg-type]

    def _show(self, info: AroundInfo) -> None:
        self.info = info
        self._detail().set_around(info)
