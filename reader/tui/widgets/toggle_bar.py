"""The filter pane's three toggles (starred, unread, has code), drawn as one line of text."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.message import Message
from textual.widget import Widget

TOGGLES = {"only-starred": ("Starred", "S"), "only-unread": ("Unread", "U"), "only-code": ("Has code", "C")}
"""Toggle id -> (label, the app's key for it)."""


class ToggleBar(Widget):
    """`[x] Starred  [ ] Unread  [ ] Has code`: a click or S/U/C flips one; `Changed` says which.

    One widget instead of three Checkboxes: less to style and lay out in the
    first frame, and the same line of text a user reads. Compact (a narrow
    terminal), each toggle is just its key, `S U C`, lit when on.
    """

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"toggle-bar--on", "toggle-bar--off"}
    DEFAULT_CSS = """
    ToggleBar {
        width: auto;
        height: 1;
        margin: 1 0 0 1;
        & > .toggle-bar--on { color: $text-success; text-style: bold; }
        & > .toggle-bar--off { color: $text-muted; }
    }
    """

    class Changed(Message):
        def __init__(self, toggle_id: str, value: bool) -> None:
            super().__init__()
            self.toggle_id = toggle_id
            self.value = value

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.values = dict.fromkeys(TOGGLES, False)
        self._spans: list[tuple[int, int, str]] = []
        self.compact = False
        self.tooltip = "Only starred (S), only unread (U), only with a GitHub repository (C)"

    def value(self, toggle_id: str) -> bool:
        return self.values[toggle_id]

    def toggle(self, toggle_id: str) -> None:
        self.values[toggle_id] = not self.values[toggle_id]
        self.refresh()
        self.post_message(self.Changed(toggle_id, self.values[toggle_id]))

    def set_compact(self, compact: bool) -> None:
        if compact != self.compact:
            self.compact = compact
            self.refresh(layout=True)

    def get_content_width(self, container: object, viewport: object) -> int:
        if self.compact:
            return 2 * len(TOGGLES) - 1
        return sum(len(label) + 4 for label, _ in TOGGLES.values()) + 2 * (len(TOGGLES) - 1)

    def render(self) -> Text:
        on = self.get_component_rich_style("toggle-bar--on", partial=True)
        off = self.get_component_rich_style("toggle-bar--off", partial=True)
        line = Text(no_wrap=True, end="")
        self._spans = []
        for index, (toggle_id, (label, key)) in enumerate(TOGGLES.items()):
            if index:
                line.append(" " if self.compact else "  ")
            start = line.cell_len
            checked = self.values[toggle_id]
            if self.compact:
                line.append(key, on if checked else off)
            else:
                line.append("[x] " if checked else "[ ] ", on if checked else off)
                line.append(label, on if checked else None)
            self._spans.append((start, line.cell_len, toggle_id))
        return line

    def on_click(self, event: events.Click) -> None:
        for start, end, toggle_id in self._spans:
            if start <= event.x < end:
                self.toggle(toggle_id)
                return
