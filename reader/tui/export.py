"""Keeping state.toml (and this machine's file in the sync folder) up to date: a pause after the last mark, and
once more at exit."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from textual.timer import Timer
from textual.widget import Widget

from reader.storage.errors import LibraryError
from reader.storage.library import Library

if TYPE_CHECKING:
    from reader.services.query_thread import QueryThread

EXPORT_DELAY = 2.0
"""Seconds without a new mark before state.toml is rewritten (every mark is in the library at once)."""


class MarksExport:
    """Exports the marks to `state_path` on the query thread once changes pause; a failure is said once a session."""

    def __init__(self, owner: Widget, state_path: Path | None, query_thread: Callable[[], QueryThread]) -> None:
        self._owner = owner
        self._state_path = state_path
        self._query_thread = query_thread
        self._timer: Timer | None = None
        self._pending = False
        self._told_failed = False
        self.sync_folder: Path | None = None
        """The sync folder, when one is set (`sync_to`): this machine's `state-<machine>.toml` there is written too."""
        self._library: Library | None = None

    def sync_to(self, library: Library, folder: Path) -> None:
        """Write this machine's file in `folder` from `library` (the reader's own connection) with each export."""
        self._library, self.sync_folder = library, folder

    def soon(self) -> None:
        """Export once changes pause for EXPORT_DELAY seconds (and at exit)."""
        if self._state_path is None and self.sync_folder is None:
            return
        self._pending = True
        if self._timer is not None:
            self._timer.stop()
        self._timer = self._owner.set_timer(EXPORT_DELAY, self._start)

    @property
    def scheduled(self) -> bool:
        """An export is waiting for changes to pause (what a test fires at once with `start_now`)."""
        return self._timer is not None

    def start_now(self) -> None:
        """Export now instead of when the pause ends."""
        if self._timer is not None:
            self._timer.stop()
        self._start()

    def _start(self) -> None:
        self._timer = None
        self._owner.run_worker(self._export, name="export marks to state.toml", group="export", exclusive=True,
                               exit_on_error=False)  # fmt: skip

    async def _export(self) -> None:
        self._pending = False
        target = self._state_path
        try:
            if target is not None:
                await asyncio.wrap_future(self._query_thread().export_marks(target))
            if self.sync_folder is not None and self._library is not None:
                from reader.services.sync_folder import own_file, write_own_file

                target = own_file(self._library, self.sync_folder)
                write_own_file(self._library, self.sync_folder)  # the user's own marks: a few ms, on this thread
        except (LibraryError, OSError) as exc:
            self._pending = True
            if not self._told_failed:  # once a session: the marks themselves are saved in the library
                self._told_failed = True
                reason = getattr(exc, "strerror", None) or str(exc)
                self._owner.notify(f"Cannot back up the marks to {target}: {reason}",
                                   title=f"{getattr(target, 'name', 'state.toml')} not written", severity="warning",
                                   markup=False, timeout=8)  # fmt: skip

    def flush(self, library: Library) -> None:
        """At exit: write what the timer had not written yet, on this thread."""
        if not self._pending:
            return
        with contextlib.suppress(LibraryError, OSError):  # the marks themselves are in the library
            if self._state_path is not None:
                from reader.storage.state_export import export_library

                export_library(library, self._state_path)
            if self.sync_folder is not None:
                from reader.services.sync_folder import write_own_file

                write_own_file(library, self.sync_folder)
