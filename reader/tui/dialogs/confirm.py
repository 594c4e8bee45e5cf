"""A yes/no question over the screen (drop an unsaved note? replace a file?): `y` says yes, `n` or Esc no."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from reader.core.text import for_terminal
from reader.tui import keys


class ConfirmScreen(ModalScreen[bool]):
    """Dismissed with True for `y`, False for `n` or Esc; the question is plain text (it may hold a file name)."""

    DEFAULT_CSS = """
    ConfirmScreen { align: center middle; }
    ConfirmScreen > Vertical {
        width: 64; height: auto; padding: 1 2; border: round $warning; background: $panel;
    }
    ConfirmScreen #answers { color: $text-muted; margin-top: 1; }
    """

    BINDINGS = keys.bindings(keys.CONFIRM_DIALOG)

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = for_terminal(question)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.question, id="question", markup=False)
            yield Static("y: yes   n / Esc: no", id="answers", markup=False)

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
