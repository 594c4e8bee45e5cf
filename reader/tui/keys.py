"""Every key of the reader, declared once with its id.

The widgets' and screens' `BINDINGS`, the help screen's sections, the command
palette's entries and the `[keymap]` check (which ids exist) are all read from
here, so none of them can name a key the others do not know.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace

from textual.binding import Binding
from textual.keys import KEY_NAME_REPLACEMENTS, key_to_character

HelpSection = tuple[str, list[Binding]]


@dataclass(frozen=True)
class Key:
    """One binding, and where a user learns of it.

    `palette`: the command palette's title for the action (None: not one of its entries).
    `help_row`: the id of the help screen's row that explains it, when that is another row
    (the detail's `j` is the list's `j`; links 1-9 share one row).
    """

    binding: Binding
    palette: str | None = None
    help_row: str | None = None

    @property
    def id(self) -> str:
        return self.binding.id or ""


def _key(
    keys: str,
    action: str,
    description: str,
    id: str,
    *,
    show: bool = False,
    priority: bool = False,
    key_display: str | None = None,
    palette: str | None = None,
    help_row: str | None = None,
) -> Key:
    binding = Binding(keys, action, description, show=show, priority=priority, key_display=key_display, id=id)
    return Key(binding, palette, help_row)


LINK_ROW = Binding("1-9", "", "Open link 1-9 of the detail pane", id="paper.link_n")
"""The help screen's one row for the nine link keys (not a binding of its own)."""

MAIN = (
    _key("question_mark", "app.help", "Help", "app.help", show=True, palette="Help: every key"),
    # Priority: handled the moment the key arrives, so the keys typed right after it land in the box.
    _key("slash", "focus_filter", "Filter", "app.filter", show=True, priority=True, palette="Focus the filter box"),
    _key("enter", "leave_filter", "Done filtering: back to the list", "filter.done", priority=True),
    _key("s", "star", "Star", "paper.star", show=True, palette="Star or unstar the paper"),
    _key("m", "toggle_read", "Read/unread", "paper.read", show=True, palette="Mark the paper read or unread"),
    _key("n", "next_unread", "Next unread", "list.next_unread", palette="Next unread paper"),
    _key("N", "previous_unread", "Previous unread", "list.previous_unread", palette="Previous unread paper"),
    _key("o", "open_github", "Code", "paper.open_github", show=True, palette="Open the GitHub repository"),
    _key("h", "open_hf", "HF page", "paper.open_hf", palette="Open the Hugging Face page"),
    _key("a", "open_arxiv", "arXiv", "paper.open_arxiv", palette="Open the arXiv page"),
    *[_key(str(n), f"open_link({n})", f"Open link {n}", f"paper.link_{n}", help_row=LINK_ROW.id) for n in range(1, 10)],
    _key("y", "copy_link", "Copy link", "paper.copy_link", palette="Copy the paper's link"),
    _key("L", "links_list", "Every link of the paper", "paper.links", palette="List every link of the paper"),
    _key("f", "full_text", "Full text", "paper.full_text", show=True, palette="Read the paper's full text"),
    _key("S", "toggle_filter('only-starred')", "Only starred", "filter.starred", palette="Toggle: only starred"),
    _key("U", "toggle_filter('only-unread')", "Only unread", "filter.unread", palette="Toggle: only unread"),
    _key("C", "toggle_filter('only-code')", "Only with code", "filter.code", palette="Toggle: only with code"),
    _key("O", "cycle_sort", "Sort", "list.sort", show=True, palette="Next sort order"),
    _key("r", "reverse_sort", "Reverse the order", "list.reverse", palette="Reverse the order"),
    _key("left_square_bracket", "step_span(-1)", "Earlier day/week/month", "span.previous",
         palette="Earlier day, week or month"),
    _key("right_square_bracket", "step_span(1)", "Later day/week/month", "span.next",
         palette="Later day, week or month"),
    _key("T", "cycle_step", "Step: day, week, month, all dates", "span.step",
         palette="Step by day, week, month or all dates"),
    # Priority, as `/`: the dialog opens the moment the key arrives, so the words typed right after it land there.
    _key("t", "edit_tags", "Tags", "paper.tags", priority=True, palette="Edit the paper's tags"),
    _key("e", "edit_note", "Note", "paper.note", priority=True, palette="Edit the paper's note"),
    _key("E", "edit_note_outside", "Note in $EDITOR", "paper.note_editor", palette="Edit the note in $VISUAL/$EDITOR"),
    _key("c", "copy_bibtex", "Copy BibTeX", "paper.copy_bibtex", palette="Copy the paper's BibTeX entry"),
    _key("x", "export", "Export", "list.export", palette="Export the paper or the list"),
    _key("M", "mark_all_read", "Mark all read", "list.mark_all_read", palette="Mark every paper of the list read"),
    _key("u", "undo_read", "Undo mark all read", "list.undo_read", palette="Undo the last mark all read"),
    _key("v", "focus_views", "Views", "app.views", palette="Go to the view bar"),
    _key("V", "save_view", "Save the filter as a view", "views.save", palette="Save the filter as a view"),
    _key("R", "refresh", "Refresh", "library.refresh", show=True, palette="Refresh from Hugging Face"),
    _key("ctrl+o", "search_online", "Search Hugging Face for the filter's words", "library.search_online",
         priority=True, palette="Search Hugging Face for the filter box's words"),
    _key("A", "add_paper", "Add papers by arXiv id or URL", "library.add", palette="Add papers by arXiv id or URL"),
    _key("escape", "back", "Back to the list", "app.back", priority=True, palette="Back to the list"),
    _key("q", "app.quit", "Quit", "app.quit", show=True, palette="Quit"),
)  # fmt: skip
"""The main screen's keys, in the footer's order."""

PAPER_LIST = (
    _key("j,down", "cursor_down", "Down", "list.down"),
    _key("k,up", "cursor_up", "Up", "list.up"),
    _key("g,home", "first", "First paper", "list.first"),
    _key("G,end", "last", "Last paper", "list.last"),
    _key("pageup", "page_up", "Page up", "list.page_up"),
    _key("pagedown", "page_down", "Page down", "list.page_down"),
    _key("enter,tab", "choose", "Detail", "list.choose", key_display="⏎"),
)

PAPER_DETAIL = (
    _key("j,down", "scroll_down", "Scroll the detail down", "detail.down", help_row="list.down"),
    _key("k,up", "scroll_up", "Scroll the detail up", "detail.up", help_row="list.up"),
    _key("g,home", "scroll_home", "Top", "detail.top", help_row="list.first"),
    _key("G,end", "scroll_end", "Bottom", "detail.bottom", help_row="list.last"),
    _key("space", "page_down", "Page down in the detail", "detail.page_down"),
)

VIEW_BAR = (
    *[
        _key(
            str(n),
            f"pick({n - 1})",
            "Pick a view",
            f"views.pick_{n}",
            help_row="app.views",
            show=n == 1,
            key_display="1-9" if n == 1 else None,
        )
        for n in range(1, 10)
    ],
    _key("left", "move(-1)", "Move", "views.left", help_row="app.views", show=True, key_display="←→"),
    _key("right", "move(1)", "Next view", "views.right", help_row="app.views"),
    _key("enter", "pick_highlighted", "Show it", "views.choose", help_row="app.views", show=True),
)
"""The `v` mode's keys (the view bar focused); the footer shows only these while it lasts, with Esc."""

HELP_SCREEN = (
    _key("escape,q,question_mark", "dismiss", "Close help", "help.close", show=True, help_row="app.help"),
    _key("j,down", "scroll('down')", "Scroll down", "help.down", help_row="list.down"),
    _key("k,up", "scroll('up')", "Scroll up", "help.up", help_row="list.up"),
)

READING = (
    _key("slash", "find", "Find", "reading.find", show=True, palette=None),
    _key("n", "next_match(1)", "Next match", "reading.next_match"),
    _key("N", "next_match(-1)", "Previous match", "reading.previous_match"),
    _key("t", "contents", "Contents", "reading.contents", show=True),
    _key("escape,q", "back", "Back", "reading.back", show=True),
)
"""The reading screen's keys (`f`); its text scrolls with FULL_TEXT's."""

FULL_TEXT = (
    _key("j,down", "scroll_down", "Scroll down", "text.down", help_row="list.down"),
    _key("k,up", "scroll_up", "Scroll up", "text.up", help_row="list.up"),
    _key("g,home", "scroll_home", "Top", "text.top", help_row="list.first"),
    _key("G,end", "scroll_end", "Bottom", "text.bottom", help_row="list.last"),
    _key("space,pagedown", "page_down", "Page down", "text.page_down", help_row="detail.page_down"),
    _key("b,pageup", "page_up", "Page up", "text.page_up"),
)

FIND_BOX = (_key("escape", "close_find", "Close the find box", "reading.close_find", priority=True,
                 help_row="reading.find"),)  # fmt: skip
"""While the reading screen's find box has the focus (Enter finds)."""

PICK = (
    _key("escape,q", "cancel", "Close", "pick.close", show=True, help_row="reading.contents"),
    _key("j", "move(1)", "Down", "pick.down", help_row="list.down"),
    _key("k", "move(-1)", "Up", "pick.up", help_row="list.up"),
)
"""A list to pick from (the table of contents, every link of a paper); Enter picks."""

ADD_PAPER = (_key("escape", "cancel", "Cancel", "add.cancel", show=True, help_row="library.add"),)

SAVE_VIEW = (_key("escape", "cancel", "Cancel", "views.cancel", show=True, help_row="views.save"),)

TAGS_DIALOG = (_key("escape", "cancel", "Cancel", "tags.cancel", show=True, help_row="paper.tags"),)

NOTE_DIALOG = (
    _key("ctrl+s", "save", "Save the note", "note.save", show=True, priority=True),
    _key("escape", "cancel", "Cancel", "note.cancel", show=True, priority=True, help_row="paper.note"),
)

EXPORT_DIALOG = (_key("escape", "cancel", "Cancel", "export.cancel", show=True, help_row="list.export"),)

CONFIRM_DIALOG = (
    _key("y", "answer(True)", "Yes", "confirm.yes", show=True, help_row="paper.note"),
    _key("n,escape", "answer(False)", "No", "confirm.no", show=True, help_row="paper.note"),
)

APP = (_key("ctrl+c", "quit", "Quit, from any screen", "app.interrupt", priority=True),)
"""Keys of the App itself, on every screen: Ctrl+C quits as in any terminal program (Textual's would only say how)."""

HELP_SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Moving", ("list.down", "list.up", "list.first", "list.last", "list.page_up", "list.page_down",
                "list.next_unread", "list.previous_unread")),
    ("Reading", ("list.choose", "app.back", "paper.star", "paper.read", "detail.page_down")),
    ("Opening", ("paper.open_github", "paper.open_hf", "paper.open_arxiv", LINK_ROW.id or "", "paper.links",
                 "paper.copy_link")),
    ("Full text (f)", ("paper.full_text", "reading.contents", "reading.find", "reading.next_match",
                       "reading.previous_match", "text.page_up", "reading.back")),
    ("Filtering", ("app.filter", "filter.done", "filter.starred", "filter.unread", "filter.code", "app.views",
                   "views.save")),
    ("Order and dates", ("list.sort", "list.reverse", "span.previous", "span.next", "span.step")),
    ("Tags, notes, export", ("paper.tags", "paper.note", "paper.note_editor", "note.save", "paper.copy_bibtex",
                             "list.export", "list.mark_all_read", "list.undo_read")),
    ("App", ("library.refresh", "library.add", "library.search_online", "app.help", "app.quit", "app.interrupt")),
)  # fmt: skip
"""The help screen's sections: a table of ids, each row's keys and words taken from the registry."""

SCOPES = (
    MAIN, PAPER_LIST, PAPER_DETAIL, VIEW_BAR, HELP_SCREEN,
    READING, FULL_TEXT, FIND_BOX, PICK, ADD_PAPER, SAVE_VIEW,
    TAGS_DIALOG, NOTE_DIALOG, EXPORT_DIALOG, CONFIRM_DIALOG, APP,
)  # fmt: skip


def _registry() -> dict[str, Key]:
    keys: dict[str, Key] = {}
    for key in (key for scope in SCOPES for key in scope):
        if not key.id or key.id in keys:
            raise ValueError(f"binding id {key.id!r} is missing or declared twice")
        keys[key.id] = key
    return keys


KEYS = _registry()
"""Every key of the reader by binding id: the ids `[keymap]` in config.toml may name."""


def bindings(scope: Iterable[Key]) -> list[Binding]:
    """The `BINDINGS` of the widget or screen that owns this scope."""
    return [key.binding for key in scope]


def binding_ids() -> set[str]:
    return set(KEYS)


def help_sections() -> list[HelpSection]:
    rows = {**{id: key.binding for id, key in KEYS.items()}, LINK_ROW.id: LINK_ROW}
    return [(title, [rows[id] for id in ids]) for title, ids in HELP_SECTIONS]


def palette_keys() -> list[Key]:
    """The main screen's keys that are entries of the command palette, in the footer's order."""
    return [key for key in MAIN if key.palette]


_KEY_NAMES = {"question_mark": "?", "slash": "/", "asterisk": "*", "escape": "Esc", "enter": "Enter",
              "tab": "Tab", "space": "Space", "pageup": "PgUp", "pagedown": "PgDn", "home": "Home",
              "end": "End", "up": "↑", "down": "↓", "ctrl+c": "Ctrl+C", "ctrl+p": "Ctrl+P",
              "ctrl+s": "Ctrl+S"}  # fmt: skip


def key_display(binding: Binding, keymap: dict[str, str]) -> str:
    """The keys of a binding as the user has them (config keymap applied), in a readable form."""
    keys = keymap.get(binding.id or "", binding.key)

    def readable(key: str) -> str:
        character = key_to_character(key)  # left_square_bracket -> [
        shown = character if character and character.isprintable() and character != " " else key
        return _KEY_NAMES.get(key) or shown

    return " ".join(readable(k.strip()) for k in keys.split(","))


def key_name(key: str) -> str:
    """A key as a Textual Key event names it: "?" is "question_mark", "[" "left_square_bracket", "j" stays "j".

    Textual 8.2.8 normalizes the keys of a keymap the same way (`textual.keys._character_to_key`).
    """
    key = key.strip()
    if len(key) != 1 or key.isalnum():
        return key
    try:
        name = unicodedata.name(key).lower().replace("-", "_").replace(" ", "_")
    except ValueError:
        return "tab" if key == "\t" else key
    return KEY_NAME_REPLACEMENTS.get(name, name)


def keys_of(binding: Binding, keymap: dict[str, str]) -> list[str]:
    """The key names a binding answers to, the config keymap applied."""
    return [key_name(key) for key in keymap.get(binding.id or "", binding.key).split(",") if key.strip()]


def remapped(binding: Binding, keymap: dict[str, str]) -> Binding:
    """The binding with the keys the config keymap gives it (for a footer drawn from the registry)."""
    return replace(binding, key=keymap[binding.id]) if binding.id in keymap else binding
