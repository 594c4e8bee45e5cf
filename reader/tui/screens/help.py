"""The help screen: every key, generated from the bindings themselves so it cannot go stale."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.keys import key_to_character
from textual.screen import ModalScreen
from textual.widgets import Static

HelpSection = tuple[str, list[Binding]]


def key_display(binding: Binding, keymap: dict[str, str]) -> str:
    """The keys of a binding as the user has them (config keymap applied), in a readable form."""
    keys = keymap.get(binding.id or "", binding.key)
    names = {"question_mark": "?", "slash": "/", "asterisk": "*", "escape": "Esc", "enter": "Enter",
             "tab": "Tab", "space": "Space", "pageup": "PgUp", "pagedown": "PgDn", "home": "Home",
             "end": "End", "up": "↑", "down": "↓"}  # fmt: skip

    def readable(key: str) -> str:
        character = key_to_character(key)  # left_square_bracket -> [
        return names.get(key) or (character if character and character.isprintable() and character != " " else key)

    return " ".join(readable(k.strip()) for k in keys.split(","))


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


class HelpScreen(ModalScreen[None]):
    """Keys, and where the library and config live."""

    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close help", id="help.close"),
        Binding("j,down", "scroll('down')", "Scroll down", show=False, id="help.down"),
        Binding("k,up", "scroll('up')", "Scroll up", show=False, id="help.up"),
    ]

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 96; max-width: 100%; height: auto; max-height: 90%;
        border: round $primary; background: $panel; padding: 0 1;
        border-title-align: center; border-subtitle-align: center;
    }
    """

    def __init__(self, sections: list[HelpSection], keymap: dict[str, str], footer: str) -> None:
        super().__init__()
        self._sections = sections
        self._keymap = keymap
        self._footer = footer

    def compose(self) -> ComposeResult:
        with VerticalScroll() as scroll:
            scroll.border_title = "paper-reader keys"
            scroll.border_subtitle = "Esc or ? closes"
            yield Static(help_table(self._sections, self._keymap))
            yield Static(Text(self._footer, style="dim"))

    def action_scroll(self, direction: str) -> None:
        scroll = self.query_one(VerticalScroll)
        scroll.scroll_down() if direction == "down" else scroll.scroll_up()
