"""The status line under the panes: sync progress and freshness on the left, the list's view on the right."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget


class StatusLine(Widget):
    """One line of plain text (never markup: it can hold error messages from the network)."""

    DEFAULT_CSS = """
    StatusLine { height: 1; padding: 0 1; background: $panel; color: $text-muted; }
    StatusLine.-busy { color: $text-accent; }
    StatusLine.-problem { color: $text-warning; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.left = ""
        self.right = ""

    def set_sync(self, text: str, *, busy: bool = False, problem: bool = False) -> None:
        """What the sync is doing, or when the library was last refreshed."""
        self.left = text
        self.set_class(busy, "-busy")
        self.set_class(problem, "-problem")
        self.refresh()

    def set_view(self, text: str) -> None:
        """What the list shows (count, order, span)."""
        self.right = text
        self.refresh()

    def render(self) -> Text:
        width = self.content_region.width
        right = self.right
        left_room = max(0, width - len(right) - 2)
        left = self.left if len(self.left) <= left_room else self.left[: max(0, left_room - 1)] + "…"
        gap = max(1, width - len(left) - len(right))
        return Text(left + " " * gap + right, no_wrap=True, overflow="ellipsis")
