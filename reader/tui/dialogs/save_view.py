"""Asks for a name under which to save the current filter as a view."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from reader.core.views import check_view_name
from reader.tui import keys


class SaveViewScreen(ModalScreen[str | None]):
    """Enter saves under the typed name, Esc cancels; a bad name is said at once, not on save."""

    DEFAULT_CSS = """
    SaveViewScreen { align: center middle; }
    SaveViewScreen > Vertical {
        width: 64; height: auto; padding: 1 2; border: round $accent; background: $panel;
    }
    SaveViewScreen #query { color: $text-muted; margin-bottom: 1; }
    SaveViewScreen #problem { color: $text-error; height: 1; }
    """

    BINDINGS = keys.bindings(keys.SAVE_VIEW)

    def __init__(self, query: str) -> None:
        super().__init__()
        self.query_text = query

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Save the filter as a view", markup=False)
            yield Static(self.query_text, id="query", markup=False)
            yield Input(placeholder="Name, e.g. Agents with code", id="view-name", max_length=40)
            yield Static("", id="problem", markup=False)

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            name = check_view_name(event.value)
        except ValueError as exc:
            self.query_one("#problem", Static).update(str(exc))
            return
        self.dismiss(name)

    def action_cancel(self) -> None:
        self.dismiss(None)
