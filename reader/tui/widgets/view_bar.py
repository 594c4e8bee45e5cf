"""The saved views, one line in the filter pane: `1 Today ●12  2 This week 80 ●5  3 Starred 2 ...`.

Each view shows how many papers it holds and, marked `●` as unread rows are in
the list, how many of them are unread; one number when they are all read (`2`)
or all unread (`●12`).
"""

from __future__ import annotations

from collections.abc import Callable

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.widget import Widget

from reader.core.views import View
from reader.tui import keys


class ViewBar(Widget, can_focus=True):
    """Views with their counts (all, and the unread part); focused (`v`), 1-9 or ←/→ and Enter pick one; a click too.

    Focused, it is the `v` mode: any other key leaves the mode and does what it does on the list (said, when it
    does nothing there), and the footer shows only the mode's keys.
    """

    COMPONENT_CLASSES = {"view-bar--unread"}
    DEFAULT_CSS = """
    ViewBar { height: 1; padding: 0 1; color: $text-muted; }
    ViewBar:focus { background: $boost; }
    ViewBar > .view-bar--unread { color: $accent; }
    """

    BINDINGS = keys.bindings(keys.VIEW_BAR)

    class Picked(Message):
        def __init__(self, view: View) -> None:
            super().__init__()
            self.view = view

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.views: list[View] = []
        self.unread: dict[str, int] = {}
        self.totals: dict[str, int] = {}
        self.active: str | None = None
        self.highlighted = 0
        self._spans: list[tuple[int, int]] = []
        self._keymap: dict[str, str] = {}
        self._leave: Callable[[], None] = self.blur

    def set_mode(self, keymap: dict[str, str], leave: Callable[[], None]) -> None:
        """The config keymap (which keys are the mode's), and how to leave the mode (focus the list, at once)."""
        self._keymap = keymap
        self._leave = leave

    def footer_bindings(self) -> list[Binding]:
        """What the footer shows while the mode lasts: its shown keys and Esc."""
        shown = [key.binding for key in keys.VIEW_BAR if key.binding.show] + [keys.KEYS["app.back"].binding]
        return [keys.remapped(binding, self._keymap) for binding in shown]

    def on_key(self, event: events.Key) -> None:
        """Runs before the bindings: a key that is not the mode's ends it, then finds the list's binding."""
        if any(event.key in keys.keys_of(key.binding, self._keymap) for key in keys.VIEW_BAR):
            return
        self._leave()
        if event.key not in self.screen.active_bindings:
            shown = event.character if event.character and event.character.isprintable() else event.key
            self.notify(f"{shown}: not a view number (v then 1-{min(9, len(self.views))} picks one)", timeout=3,
                        markup=False)  # fmt: skip

    def set_views(self, views: list[View]) -> None:
        self.views = views
        self.highlighted = min(self.highlighted, max(0, len(views) - 1))
        self.refresh()

    def set_counts(self, totals: dict[str, int], unread: dict[str, int]) -> None:
        """Papers in each view and how many of them are unread (a broken view has neither)."""
        self.totals, self.unread = totals, unread
        self.refresh()

    def set_active(self, query: str) -> None:
        """Mark the view whose query is the filter box's text, if any."""
        text = " ".join(query.split())
        self.active = next((v.name for v in self.views if " ".join(v.query.split()) == text and text), None)
        self.refresh()

    def render(self) -> Text:
        line = Text(no_wrap=True, overflow="ellipsis")
        unread_style = self.get_component_rich_style("view-bar--unread", partial=True)
        self._spans = []
        focused = self.has_focus
        for index, view in enumerate(self.views):
            if index:
                line.append("  ")
            start = line.cell_len
            number = f"{index + 1} " if index < 9 else ""
            style = "bold" if view.name == self.active else ""
            if focused and index == self.highlighted:
                style += " reverse"
            line.append(number, style=f"{style} dim".strip())
            line.append(view.name, style=style)  # a name from config.toml: plain text, never markup
            total, unread = self.totals.get(view.name), self.unread.get(view.name)
            if total is not None and not (unread and unread == total):  # all unread: `●12` alone
                line.append(f" {total:,}", style=style)
            if unread:
                line.append(f" ●{unread:,}", style=Style.parse(style or "none") + unread_style)
            self._spans.append((start, line.cell_len))
        if not self.views:
            line.append("No views")
        return line

    def action_pick(self, index: int) -> None:
        if 0 <= index < len(self.views):
            self.highlighted = index
            self.post_message(self.Picked(self.views[index]))
            self.refresh()
        else:
            self._leave()
            self.notify(f"No view {index + 1}: there are {len(self.views)}", timeout=3)

    def action_move(self, step: int) -> None:
        if self.views:
            self.highlighted = (self.highlighted + step) % len(self.views)
            self.refresh()

    def action_pick_highlighted(self) -> None:
        self.action_pick(self.highlighted)

    def on_click(self, event: events.Click) -> None:
        x = event.x - 1  # the left padding
        for index, (start, end) in enumerate(self._spans):
            if start <= x < end:
                self.action_pick(index)
                return
