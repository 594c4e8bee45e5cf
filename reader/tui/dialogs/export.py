"""The `x` dialog: which format, the paper or the whole list, and a file (empty: the clipboard)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, RadioButton, RadioSet, Static

from reader.services.export import FORMATS
from reader.tui import keys


@dataclass(frozen=True)
class ExportRequest:
    """What the user asked for: a format name of FORMATS, the whole list or one paper, a file or the clipboard."""

    format: str
    whole_list: bool
    path: str
    """The file to write ('' copies the text to the clipboard)."""


DEFAULT_STEM = "paper-reader-export"


class ExportScreen(ModalScreen[ExportRequest | None]):
    """Arrows pick in each group, Tab moves between them, Enter in the file box exports, Esc cancels."""

    DEFAULT_CSS = """
    ExportScreen { align: center middle; }
    ExportScreen > Vertical {
        width: 90; height: auto; padding: 1 2; border: round $accent; background: $panel;
    }
    ExportScreen Horizontal { height: auto; }
    ExportScreen RadioSet { width: 1fr; height: auto; }
    ExportScreen #hint { color: $text-muted; }
    """

    BINDINGS = keys.bindings(keys.EXPORT_DIALOG)

    def __init__(self, list_size: int, has_paper: bool, folder: Path) -> None:
        super().__init__()
        self.list_size = list_size
        self.has_paper = has_paper
        self.folder = folder

    def compose(self) -> ComposeResult:
        papers = f"The whole list ({self.list_size:,} paper{'' if self.list_size == 1 else 's'})"
        with Vertical():
            yield Static("Export", markup=False)
            with Horizontal():
                with RadioSet(id="format"):
                    for index, (name, (_ext, what)) in enumerate(FORMATS.items()):
                        yield RadioButton(what.split(":")[0], value=index == 0, name=name)
                with RadioSet(id="scope"):
                    yield RadioButton(papers, value=True, name="list")
                    yield RadioButton("The paper under the cursor", name="paper", disabled=not self.has_paper)
            yield Input(str(self.folder / f"{DEFAULT_STEM}{FORMATS['bibtex'][0]}"), id="export-path")
            yield Static("Enter exports · an empty file copies to the clipboard · Esc cancels", id="hint",
                         markup=False)  # fmt: skip

    def on_mount(self) -> None:
        self.query_one("#export-path", Input).focus()

    @property
    def format(self) -> str:
        pressed = self.query_one("#format", RadioSet).pressed_button
        return pressed.name if pressed is not None and pressed.name else "bibtex"

    @on(RadioSet.Changed, "#format")
    def _format_changed(self) -> None:
        """The file's extension follows the format while it is one of the formats' extensions."""
        box = self.query_one("#export-path", Input)
        path = Path(box.value)
        if box.value and path.suffix in {ext for ext, _ in FORMATS.values()}:
            box.value = str(path.with_suffix(FORMATS[self.format][0]))

    @on(Input.Submitted, "#export-path")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        scope = self.query_one("#scope", RadioSet).pressed_button
        self.dismiss(ExportRequest(self.format, scope is None or scope.name != "paper", event.value.strip()))

    def action_cancel(self) -> None:
        self.dismiss(None)
