"""The filter pane: a text box that narrows the list as you type, three toggles, the count, and the views.

Its second line holds the views, or what is wrong with the filter while it is
wrong: one line either way, so nothing on the screen moves as you type. The box
never gives up its width to a message, and the count is always drawn whole.
"""

from __future__ import annotations

from rich.cells import cell_len
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.geometry import Size
from textual.message import Message
from textual.widgets import Input, Static

from reader.query import PaperFilter, QueryError
from reader.tui.widgets.scrolling import set_virtual_size
from reader.tui.widgets.toggle_bar import ToggleBar
from reader.tui.widgets.view_bar import ViewBar


class FilterInput(Input):
    """The filter box: Textual's Input, minus a layout of the whole screen on every keystroke.

    Input's value watcher assigns its `virtual_size` (the text's width), a layout
    reactive; here the new size is set quietly first, so the watcher finds it
    unchanged and only the box repaints.
    """

    def _watch_value(self, value: str) -> None:
        set_virtual_size(self, Size(self.content_width, 1))
        super()._watch_value(value)


class FilterPane(Vertical):
    """Emits `FilterPane.Changed` with a `PaperFilter` whenever the text or a toggle changes."""

    DEFAULT_CSS = """
    FilterPane { height: 4; }
    FilterPane > Horizontal { height: 3; }
    FilterPane Input { width: 1fr; min-width: 10; }
    FilterPane Input.-invalid { border: tall $error; }
    FilterPane #count { height: 3; content-align: right middle; padding: 0 1; }
    FilterPane #filter-error { height: 1; padding: 0 1; color: $text-error; display: none;
                               text-wrap: nowrap; text-overflow: ellipsis; }
    FilterPane.-invalid #filter-error { display: block; }
    FilterPane.-invalid ViewBar { display: none; }
    FilterPane.-short { height: 2; }
    FilterPane.-short > Horizontal { height: 1; }
    FilterPane.-short Input { height: 1; border: none; border-left: tall $border-blurred; padding: 0 1; }
    FilterPane.-short Input:focus { border: none; border-left: tall $border; }
    FilterPane.-short Input.-invalid, FilterPane.-short Input.-invalid:focus { border: none; border-left: tall $error; }
    FilterPane.-short ToggleBar { margin: 0 0 0 1; }
    FilterPane.-short #count { height: 1; }
    """

    class Changed(Message):
        def __init__(self, paper_filter: PaperFilter) -> None:
            super().__init__()
            self.paper_filter = paper_filter

    def compose(self) -> ComposeResult:
        # select_on_focus would select (and so replace) text typed right after "/" once focus lands.
        with Horizontal():
            yield FilterInput(
                placeholder="Filter: words, title: author: upvotes>=50 date:2025-06 is:unread OR -word",
                id="filter-text",
                select_on_focus=False,
            )
            yield ToggleBar(id="toggles")
            yield CountLabel(id="count")
        yield ViewBar(id="views")
        yield ErrorLine(id="filter-error")

    @property
    def paper_filter(self) -> PaperFilter:
        toggles = self.query_one(ToggleBar)
        return PaperFilter(
            text=self.query_one("#filter-text", Input).value,
            starred_only=toggles.value("only-starred"),
            unread_only=toggles.value("only-unread"),
            has_code=toggles.value("only-code"),
        )

    @property
    def error(self) -> str | None:
        """What is wrong with the filter text, in full (None when it parses)."""
        return self.query_one(ErrorLine).message

    def fold(self, *, narrow: bool, short: bool) -> None:
        """Below 100 columns the toggles shrink to their keys; below 30 rows the box is one line high."""
        self.query_one(ToggleBar).set_compact(narrow)
        self.set_class(short, "-short")

    def toggle(self, toggle_id: str) -> None:
        self.query_one(ToggleBar).toggle(toggle_id)

    def set_count(self, shown: int, total: int) -> None:
        """The list's size; also clears an error shown for earlier text."""
        self.query_one("#filter-text", Input).remove_class("-invalid")
        self.remove_class("-invalid")
        self.query_one(ErrorLine).show(None)
        self.query_one("#count", CountLabel).show_count(shown, total)

    def show_error(self, error: QueryError) -> None:
        """What is wrong with the text and where, on a line of its own; the list and count keep the last result."""
        self.query_one("#filter-text", Input).add_class("-invalid")
        self.add_class("-invalid")
        self.query_one(ErrorLine).show(f"col {error.column}: {error.message}")

    def restore(self, text: str, toggles: dict[str, bool]) -> None:
        """The text and toggles of an earlier session, before the first search (announced like typing)."""
        self.query_one(ToggleBar).values.update(toggles)
        self.set_text(text)

    def set_text(self, text: str) -> None:
        """Replace the filter text (a view was picked); the change is announced like typing."""
        box = self.query_one("#filter-text", Input)
        box.value = text
        box.cursor_position = len(text)

    @on(Input.Changed, "#filter-text")
    @on(ToggleBar.Changed)
    def _changed(self, event: Message) -> None:
        event.stop()
        self.post_message(self.Changed(self.paper_filter))


class CountLabel(Static):
    """`N of M papers`, as wide as the widest count of this library: typing never moves the box beside it.

    A Static of `width: auto` asks for a layout of the whole screen on every
    update; this one has a fixed width, set again only when the library's size
    changes the room the count needs, and repaints alone otherwise.
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self._room = 0

    def show_count(self, shown: int, total: int) -> None:
        room = cell_len(f"{total:,} of {total:,} papers") + 2  # the padding
        if room != self._room:
            self._room = room
            self.styles.width = room
        self.update(f"{shown:,} of {total:,} papers", layout=False)


class ErrorLine(Static):
    """The filter's error in one line, cut with "…" when it is longer; the whole message is its tooltip."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self.message: str | None = None

    def show(self, message: str | None) -> None:
        if message == self.message:
            return
        self.message = message
        self.tooltip = message
        self.update(message or "")
