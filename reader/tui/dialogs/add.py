"""Asks for papers to add: arXiv ids or arxiv.org / huggingface.co/papers URLs, separated by spaces or commas."""

from __future__ import annotations

import re

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from reader.core.paper import paper_id_from_reference
from reader.core.text import clean_line
from reader.tui import keys

MAX_REFERENCES = 20
"""Papers added at once from the dialog (the command line takes any number)."""


def references(text: str) -> list[str]:
    """The typed references, split on white space and commas."""
    return [part for part in re.split(r"[\s,]+", text) if part]


class AddPaperScreen(ModalScreen[list[str] | None]):
    """Enter adds what was typed, Esc cancels; a reference that cannot be a paper is said at once."""

    DEFAULT_CSS = """
    AddPaperScreen { align: center middle; }
    AddPaperScreen > Vertical {
        width: 76; height: auto; padding: 1 2; border: round $accent; background: $panel;
    }
    AddPaperScreen #add-hint { color: $text-muted; margin-bottom: 1; }
    AddPaperScreen #add-problem { color: $text-error; height: auto; }
    """

    BINDINGS = keys.bindings(keys.ADD_PAPER)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Add papers", markup=False)
            yield Static("arXiv ids or arxiv.org / huggingface.co/papers URLs", id="add-hint", markup=False)
            yield Input(placeholder="2401.00001 https://arxiv.org/abs/2401.00002", id="add-refs", max_length=2000)
            yield Static("", id="add-problem", markup=False)

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        typed = references(event.value)
        bad = [ref for ref in typed if paper_id_from_reference(ref) is None]
        problem = self.query_one("#add-problem", Static)
        if not typed:
            problem.update("Type an arXiv id or a URL")
        elif bad:
            problem.update(f"Not an arXiv id or an arxiv.org or huggingface.co/papers URL: {clean_line(bad[0])[:60]}")
        elif len(typed) > MAX_REFERENCES:
            problem.update(f"At most {MAX_REFERENCES} at once here (paper-reader add takes any number)")
        else:
            self.dismiss(typed)

    def action_cancel(self) -> None:
        self.dismiss(None)
