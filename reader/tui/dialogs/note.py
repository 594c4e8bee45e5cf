"""The `e` dialog: the paper's note in a multi-line text area; Ctrl+S saves, Esc asks before dropping a change."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea

from reader.core.annotations import MAX_NOTE, AnnotationError, clean_note
from reader.core.text import clean_line
from reader.tui import keys
from reader.tui.dialogs.confirm import ConfirmScreen
from reader.tui.dialogs.early_keys import pass_to_box


class NoteScreen(ModalScreen[str | None]):
    """Dismissed with the note to store ('' deletes it), or None when nothing is to change."""

    DEFAULT_CSS = """
    NoteScreen { align: center middle; }
    NoteScreen > Vertical {
        width: 90%; max-width: 100; height: 80%; padding: 1 2; border: round $accent; background: $panel;
    }
    NoteScreen #paper-title { color: $text-muted; }
    NoteScreen TextArea { height: 1fr; margin: 1 0; }
    NoteScreen #problem { color: $text-error; height: auto; }
    NoteScreen #hint { color: $text-muted; }
    """

    BINDINGS = keys.bindings(keys.NOTE_DIALOG)

    def __init__(self, title: str, note: str) -> None:
        super().__init__()
        self.paper_title = clean_line(title)
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Note on the paper", markup=False)
            yield Static(self.paper_title, id="paper-title", markup=False)
            yield TextArea(self.note, id="note-text", soft_wrap=True, show_line_numbers=False)
            yield Static("", id="problem", markup=False)
            yield Static(f"Ctrl+S saves · Esc cancels · at most {MAX_NOTE:,} characters", id="hint", markup=False)

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def on_key(self, event: events.Key) -> None:
        """Keys typed in the same burst as `e` go to the text area, in order (see early_keys)."""
        pass_to_box(self.query_one(TextArea), event)

    @property
    def text(self) -> str:
        return self.query_one(TextArea).text

    def action_save(self) -> None:
        try:
            clean_note(self.text)
        except AnnotationError as exc:
            self.query_one("#problem", Static).update(str(exc))
            return
        self.dismiss(self.text)

    def action_cancel(self) -> None:
        if self.text == self.note:
            self.dismiss(None)
            return

        def answered(drop: bool | None) -> None:
            if drop:
                self.dismiss(None)

        self.app.push_screen(ConfirmScreen("Drop the changes to this note?"), answered)
