"""The unread count of the current view in the title: `paper-reader · 12 unread`.

Textual 8.2.8 shows a screen's `title` in its Header but has no call for the
terminal window's title, so that one is written through the App's driver as
OSC 2 (pushed at start and popped at exit, where the terminal keeps a stack of
titles). The text is made here from the app's name and a number, never from
feed text, and passes core.text.for_terminal all the same.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from textual.screen import Screen
from textual.timer import Timer

from reader.core.text import for_terminal
from reader.query import PaperFilter, QueryError
from reader.storage.errors import LibraryError

if TYPE_CHECKING:
    from reader.services.query_thread import QueryThread
    from reader.storage.library import Library

APP_NAME = "paper-reader"
COUNT_DELAY = 0.3
"""Seconds after the last change before the view's unread papers are counted (once per burst)."""


def title_text(unread: int | None) -> str:
    """`paper-reader · 12 unread`; the bare name while the count is not known."""
    return APP_NAME if unread is None else f"{APP_NAME} · {unread:,} unread"


def window_title_sequence(text: str) -> str:
    """OSC 2 with `text`, which must hold nothing a terminal would act on (it is ours, and checked)."""
    safe = for_terminal(text).replace("\n", " ")
    if not safe.isprintable():
        raise ValueError("a window title must be printable")
    return f"\x1b]2;{safe}\x07"


class UnreadTitle:
    """Counts the view's unread papers after each result or mark and shows them in both titles.

    A small library (`small_library` gives it) is counted at once, as the list is searched; a big one on the
    query thread, once per burst of changes.
    """

    def __init__(
        self,
        owner: Screen[None],
        current_filter: Callable[[], PaperFilter],
        query_thread: Callable[[], QueryThread],
        small_library: Callable[[], Library | None],
    ) -> None:
        self._owner = owner
        self._current_filter = current_filter
        self._query_thread = query_thread
        self._small_library = small_library
        self._timer: Timer | None = None
        self._pushed = False
        self.text = APP_NAME
        """The title shown now."""

    def soon(self) -> None:
        library = self._small_library()
        if library is not None:
            with contextlib.suppress(LibraryError, QueryError):  # the list itself says what went wrong
                self.show(library.count_matching(replace(self._current_filter(), unread_only=True)))
            return
        if self._timer is not None:
            self._timer.stop()
        self._timer = self._owner.set_timer(COUNT_DELAY, self._start)

    def _start(self) -> None:
        self._timer = None
        if not self._owner.app.is_running:
            return
        self._owner.run_worker(self._count, name="count the view's unread papers", group="title", exclusive=True,
                               exit_on_error=False)  # fmt: skip

    async def _count(self) -> None:
        paper_filter = replace(self._current_filter(), unread_only=True)
        try:
            counts = await asyncio.wrap_future(self._query_thread().count_many({"view": paper_filter}))
        except LibraryError:
            return  # the list itself says what went wrong
        self.show(counts.get("view"))

    def show(self, unread: int | None) -> None:
        self.text = title_text(unread)
        self._owner.title = self.text
        self._write(("" if self._pushed else "\x1b[22;2t") + window_title_sequence(self.text))
        self._pushed = True

    def restore(self) -> None:
        """At exit: the terminal's own title back (where it keeps a stack; elsewhere the next program sets one)."""
        if self._pushed:
            self._write("\x1b[23;2t")
            self._pushed = False

    def _write(self, sequence: str) -> None:
        app = self._owner.app
        driver = getattr(app, "_driver", None)  # Textual's own OSC 52 clipboard goes the same way
        if driver is not None and not app.is_headless:
            with contextlib.suppress(OSError):
                driver.write(sequence)
