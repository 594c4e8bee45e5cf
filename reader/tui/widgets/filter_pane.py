"""The filter pane: a text box that narrows the list as you type, three toggles, the count, and the views."""

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
    FilterPane Input { width: 1fr; min-width: 16; }
    FilterPane Input.-invalid { border: tall $error; }
    FilterPane #count { width: auto; max-width: 60%; height: 3; content-align: right middle; padding: 0 1; }
    FilterPane #count.-error { color: $text-error; }
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

    @property
    def paper_filter(self) -> PaperFilter:
        toggles = self.query_one(ToggleBar)
        return PaperFilter(
            text=self.query_one("#filter-text", Input).value,
            starred_only=toggles.value("only-starred"),
            unread_only=toggles.value("only-unread"),
            has_code=toggles.value("only-code"),
        )

    def toggle(self, toggle_id: str) -> None:
        self.query_one(ToggleBar).toggle(toggle_id)

    def set_count(self, shown: int, total: int) -> None:
        """The list's size; also clears an error shown for earlier text."""
        self.query_one("#filter-text", Input).remove_class("-invalid")
        count = self.query_one("#count", CountLabel)
        count.remove_class("-error")
        count.show_text(f"{shown:,} of {total:,} papers")

    def show_error(self, error: QueryError) -> None:
        """What is wrong with the text and where; the list keeps the last good result meanwhile."""
        self.query_one("#filter-text", Input).add_class("-invalid")
        count = self.query_one("#count", CountLabel)
        count.add_class("-error")
        count.show_text(f"col {error.column}: {error.message}")

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
    """`N of M papers`, or what is wrong with the filter: laid out again only when its width changes.

    A Static of `width: auto` asks for a layout of the whole screen on every
    update; while typing, the count changes on every key but its width seldom does.
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self._text_width = 0

    def show_text(self, text: str) -> None:
        width = cell_len(text)
        self.update(text, layout=width != self._text_width)
        self._text_width = width
