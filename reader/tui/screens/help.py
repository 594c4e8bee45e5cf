"""The help screen: every key, generated from the bindings themselves so it cannot go stale."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from reader.tui import keys
from reader.tui.keys import HelpSection, key_display


def _section_table(sections: list[HelpSection], keymap: dict[str, str]) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(justify="right", style="bold", no_wrap=True)
    table.add_column()
    for title, bindings in sections:
        table.add_row("", Text(title, style="bold underline"))
        for binding in bindings:
            table.add_row(Text(key_display(binding, keymap)), Text(binding.description))
        table.add_row("", "")
    return table


def help_table(sections: list[HelpSection], keymap: dict[str, str]) -> Table:
    """The sections in two columns, so every key fits on a 40-line terminal."""
    half = (len(sections) + 1) // 2
    table = Table.grid(padding=(0, 4))
    table.add_column()
    table.add_column()
    table.add_row(_section_table(sections[:half], keymap), _section_table(sections[half:], keymap))
    return table


def language_table(rows: list[tuple[str, str]]) -> Table:
    """The filter language's cheat-sheet (from `reader.query.cheatsheet`) and the palette key."""
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    table.add_row(Text("Filter language", style="bold underline"), "")
    for typed, meaning in rows:
        table.add_row(Text(typed), Text(meaning))
    table.add_row("", "")
    table.add_row(Text("Ctrl+P"), Text("the command palette: every action, view, sort order and theme, by name"))
    return table


class HelpScreen(ModalScreen[None]):
    """Keys, the filter language, and where the library and config live."""

    BINDINGS = keys.bindings(keys.HELP_SCREEN)

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 96; max-width: 100%; height: auto; max-height: 90%;
        border: round $primary; background: $panel; padding: 0 1;
        border-title-align: center; border-subtitle-align: center;
    }
    """

    def __init__(
        self,
        sections: list[HelpSection],
        keymap: dict[str, str],
        footer: str,
        language: list[tuple[str, str]] | None = None,
    ) -> None:
        super().__init__()
        self._sections = sections
        self._language = language or []
        self._keymap = keymap
        self._footer = footer

    def compose(self) -> ComposeResult:
        with VerticalScroll() as scroll:
            scroll.border_title = "paper-reader keys"
            scroll.border_subtitle = "Esc or ? closes"
            yield Static(help_table(self._sections, self._keymap))
            if self._language:
                yield Static(language_table(self._language))
            yield Static(Text(self._footer, style="dim"))

    def action_scroll(self, direction: str) -> None:
        scroll = self.query_one(VerticalScroll)
        scroll.scroll_down() if direction == "down" else scroll.scroll_up()
