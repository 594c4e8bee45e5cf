"""Saved views in the reader: the view bar's views and their counts, and saving the filter as a new one."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from functools import partial
from typing import TYPE_CHECKING

from textual.screen import Screen
from textual.timer import Timer

from reader.core.views import View, all_views
from reader.query import PaperFilter, QueryError
from reader.tui.session import ReaderSession
from reader.tui.widgets.view_bar import ViewBar

if TYPE_CHECKING:
    from reader.services.query_thread import QueryThread


class SavedViews:
    """The built-in views and those of config.toml, counted in the background, and `V` to add one."""

    def __init__(
        self,
        owner: Screen[None],
        session: ReaderSession,
        view_bar: Callable[[], ViewBar],
        query_thread: Callable[[], QueryThread],
    ) -> None:
        self._owner = owner
        self._session = session
        self._view_bar = view_bar
        self._query_thread = query_thread
        self._counts_timer: Timer | None = None

    def views(self) -> list[View]:
        session = self._session
        return all_views(session.config.views, date.today(), session.library.latest_list_date())

    def load(self) -> None:
        """Show the views in the bar (again: a sync brings new days, a save a new view) and count them."""
        self._view_bar().set_views(self.views())
        self.count_unread_soon(0)

    def count_unread_soon(self, delay: float = 0.5) -> None:
        """Recount the views' unread papers in the background, once per burst of changes."""
        if self._counts_timer is not None:
            self._counts_timer.stop()
        self._counts_timer = self._owner.set_timer(delay, self._count_unread) if delay else None
        if not delay:
            self._owner.call_after_refresh(self._count_unread)

    def _count_unread(self) -> None:
        app = self._owner.app
        if not app.screen_stack or not app.is_running:
            return  # the reader is closing: nothing left to count for
        views = self._view_bar().views
        self._owner.run_worker(partial(self._unread_counts, views), name="count unread papers", group="views",
                               exclusive=True, exit_on_error=False)  # fmt: skip

    async def _unread_counts(self, views: list[View]) -> None:
        """On the query thread, between searches: the UI never waits for these counts.

        Each view is counted twice, all its papers and its unread ones; a broken
        view in config.toml gets no count (picking it shows the error).
        """
        thread = self._query_thread()
        totals = thread.count_many({view.name: PaperFilter(text=view.query) for view in views})
        unread = thread.count_many({view.name: PaperFilter(text=view.query, unread_only=True) for view in views})
        self._view_bar().set_counts(await asyncio.wrap_future(totals), await asyncio.wrap_future(unread))

    def save(self, text: str) -> None:
        """Ask for a name and keep the filter `text` under it in config.toml (comments and order kept)."""
        from reader.tui.dialogs.save_view import SaveViewScreen

        text = text.strip()
        if not text:
            self._owner.notify("Type a filter or turn on a toggle first: a view is a saved filter", severity="warning")
            return
        try:
            PaperFilter(text=text).query()
        except QueryError as exc:
            self._owner.notify(f"Fix the filter first: column {exc.column}: {exc.message}", severity="warning",
                               markup=False)  # fmt: skip
            return
        if self._session.config_path is None:
            self._owner.notify("No config.toml to save views in", severity="error")
            return
        self._owner.app.push_screen(SaveViewScreen(text), partial(self._save, text))

    def _save(self, text: str, name: str | None) -> None:
        from reader.core.config import ConfigError
        from reader.storage.config_file import save_view

        session = self._session
        if not name or session.config_path is None:
            return
        try:
            save_view(session.config_path, name, text)
        except (ConfigError, ValueError) as exc:
            self._owner.notify(str(exc), title="View not saved", severity="error", markup=False)
            return
        session.config = replace(session.config, views={**session.config.views, name: text})
        self.load()
        self._view_bar().set_active(text)
        self._owner.notify(f"Saved the view {name!r} in {session.config_path}", markup=False, timeout=4)
