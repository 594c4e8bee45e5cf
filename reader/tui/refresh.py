"""Refreshing from Hugging Face: `R`, the refresh at start, and the status line's "Synced 5 min ago"."""

from __future__ import annotations

import asyncio
import importlib
import os
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING

from textual.widget import Widget

from reader.storage.errors import LibraryError
from reader.storage.library import LAST_SYNC_META, Library
from reader.tui.session import ReaderSession
from reader.tui.widgets.status import StatusLine

if TYPE_CHECKING:
    from reader.services.sync import SyncReport


class Refresher:
    """Syncs the last `sync_days` Daily lists in the background; the list stays usable and follows as lists arrive.

    `papers_changed` re-filters the list; `lists_changed` reloads what depends on the lists (the views).
    """

    def __init__(
        self,
        owner: Widget,
        session: ReaderSession,
        status: Callable[[], StatusLine],
        papers_changed: Callable[[], None],
        lists_changed: Callable[[], None],
    ) -> None:
        self._owner = owner
        self._session = session
        self._status = status
        self._papers_changed = papers_changed
        self._lists_changed = lists_changed
        self.syncing = False
        self._told_offline = False

    def _last_sync(self) -> datetime | None:
        stamp = self._session.library.get_meta(LAST_SYNC_META)
        try:
            return datetime.fromisoformat(stamp.replace("Z", "+00:00")) if stamp else None
        except ValueError:
            return None

    def due(self) -> bool:
        """The last sync is older than `refresh_after_minutes` (never, when that is 0)."""
        minutes = self._session.config.refresh_after_minutes
        if minutes <= 0:
            return False
        last = self._last_sync()
        return last is None or (datetime.now(UTC) - last).total_seconds() >= minutes * 60

    def show_freshness(self) -> None:
        if self.syncing:
            return
        last = self._last_sync()
        if last is None:
            text = f"Never synced: R fetches the last {self._session.config.sync_days} days"
        else:
            text = f"Synced {ago(datetime.now(UTC) - last)}"
        if self._told_offline:
            text = f"Offline · {text}"
        self._status().set_sync(text, problem=self._told_offline)

    def refresh(self) -> None:
        """`R`: one sync at a time."""
        if self.syncing:
            self._owner.notify("Already refreshing", timeout=2)
            return
        self.start(manual=True)

    def start(self, manual: bool) -> None:
        self.syncing = True
        self._status().set_sync("Refreshing…", busy=True)
        self._owner.run_worker(
            partial(self._sync, manual), name="refresh", group="sync", exclusive=True, exit_on_error=False
        )

    async def _sync(self, manual: bool) -> None:
        session = self._session
        try:
            # httpx takes ~100 ms to import: not on the thread that draws the screen.
            await asyncio.to_thread(importlib.import_module, "reader.sources.client")
            from reader.services.sync import ListResult, plan_days, sync_lists, utc_today
            from reader.sources.client import ApiClient, settings_from_env

            try:
                settings = session.client_settings or settings_from_env(os.environ, session.api_url)
            except ValueError as exc:
                self._owner.notify(str(exc), title="Cannot refresh", severity="error", markup=False)
                return
            specs = plan_days(session.config.sync_days, utc_today())

            def progress(result: ListResult, done: int, total: int) -> None:
                self._status().set_sync(f"Refreshing: {done} of {total} lists…", busy=True)
                if result.added or result.updated:
                    self._papers_changed()

            # Its own connection: the sync writes from a thread of its own while the reader stars and reads.
            sync_library = await asyncio.to_thread(Library.open, session.library.path)
            try:
                async with ApiClient(settings) as client:
                    report = await sync_lists(sync_library, specs, client, progress=progress)
            finally:
                sync_library.close()
        except LibraryError as exc:
            self._owner.notify(str(exc), title="Cannot refresh", severity="error", markup=False)
            return
        finally:
            self.syncing = False
            self.show_freshness()
        self._finished(report, manual)

    def _finished(self, report: SyncReport, manual: bool) -> None:
        if report.offline:
            if manual or not self._told_offline:
                self._owner.notify(
                    "Offline: cannot reach Hugging Face. Showing the papers already in the library.",
                    title="Not refreshed",
                    markup=False,
                    timeout=6,
                )
            self._told_offline = True
            self.show_freshness()
            return
        self._told_offline = False
        if report.added and self._session.sample:
            self._forget_sample()
        self._papers_changed()
        self.show_freshness()
        self._lists_changed()
        self._tell(report, manual)

    def _forget_sample(self) -> None:
        """The first real papers arrived: the bundled sample is no longer what the library is."""
        from reader.services.sample import FORGET_SAMPLE

        for key, value in FORGET_SAMPLE.items():
            self._session.library.set_meta(key, value)
        self._session.sample = False
        self._owner.app.sub_title = "Hugging Face Daily Papers"

    def _tell(self, report: SyncReport, manual: bool) -> None:
        new = f"{report.added} new paper{'' if report.added == 1 else 's'}" if report.added else "No new papers"
        if report.failed:
            names = ", ".join(r.spec.label for r in report.failed[:3]) + ("…" if len(report.failed) > 3 else "")
            self._owner.notify(
                f"{new}. {len(report.failed)} of {len(report.results)} lists failed ({names}): "
                f"{report.failed[0].error}",
                title="Refreshed in part",
                severity="warning",
                markup=False,
                timeout=10,
            )
        elif report.added or manual:
            updated = f", {report.updated} updated" if report.updated else ""
            self._owner.notify(f"{new}{updated}", title="Refreshed", markup=False, timeout=4)


def ago(elapsed: timedelta) -> str:
    """'just now', '5 min ago', '3 h ago', '2 days ago'."""
    seconds = max(0, int(elapsed.total_seconds()))
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{seconds // 60} min ago"
    if seconds < 86400:
        return f"{seconds // 3600} h ago"
    days = seconds // 86400
    return f"{days} day{'' if days == 1 else 's'} ago"
