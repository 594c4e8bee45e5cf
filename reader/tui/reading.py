"""When a paper counts as read: only one the user went to, after the configured delay, or opened with Enter.

The list moves its cursor on its own too (the first screen, a filter, a view, a
refresh); a paper it lands on that way was not chosen, so it stays unread. A
paper the user marked unread with `m` stays unread until Enter or `m` again.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.screen import Screen
from textual.timer import Timer

from reader.core.paper import Paper
from reader.tui.session import ReaderSession


class ReadTimer:
    """The one pending "this paper is read now" of the detail pane, and the papers the user keeps unread."""

    def __init__(self, owner: Screen[None], session: ReaderSession, mark_read: Callable[[], None]) -> None:
        """`mark_read`: marks the paper in the detail pane read (called when the delay has passed)."""
        self._owner = owner
        self._session = session
        self._mark_read = mark_read
        self._timer: Timer | None = None
        self._kept_unread: set[str] = set()
        """Ids of papers the user marked unread in this session."""

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def shown(self, paper: Paper, read: bool, chosen: bool) -> None:
        """`paper` is now in the detail pane; `chosen`: the user moved the cursor to it."""
        self.stop()
        if read or not chosen or paper.id in self._kept_unread:
            return
        delay = self._session.config.mark_read_delay
        if delay <= 0:
            self._mark_read()
        else:
            self._timer = self._owner.set_timer(delay, self._mark_read)

    def opened(self, paper: Paper) -> None:
        """Enter on the paper: it is read at once, whatever was said of it before."""
        self.stop()
        self._kept_unread.discard(paper.id)

    def marked(self, paper: Paper, read: bool) -> None:
        """`m`: the user said read or unread, and that holds."""
        self.stop()
        if read:
            self._kept_unread.discard(paper.id)
        else:
            self._kept_unread.add(paper.id)
