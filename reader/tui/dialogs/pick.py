"""A list to pick one entry from: the reading screen's table of contents, every link of a paper."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static

from reader.tui import keys


class PickScreen(ModalScreen[int | None]):
    """Enter picks the highlighted entry (its index), Esc or q closes; entries are plain Text, never markup."""

    DEFAULT_CSS = """
    PickScreen { align: center middle; }
    PickScreen > Vertical {
        width: 90%; max-width: 110; height: auto; max-height: 80%; padding: 0 1;
        border: round $accent; background: $panel;
    }
    PickScreen #pick-title { text-style: bold; padding: 0 1; }
    PickScreen OptionList { height: auto; max-height: 30; border: none; }
    """

    BINDINGS = keys.bindings(keys.PICK)

    def __init__(self, title: str, entries: list[Text], highlighted: int = 0) -> None:
        super().__init__()
        self.title_text = title
        self.entries = entries
        self.highlighted = highlighted

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(self.title_text), id="pick-title")
            yield OptionList(*self.entries, markup=False, id="pick-list")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        if self.entries:
            options.highlighted = min(max(0, self.highlighted), len(self.entries) - 1)
        options.focus()

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option_index)

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        options.action_cursor_down() if step > 0 else options.action_cursor_up()

    def action_cancel(self) -> None:
        self.dismiss(None)
