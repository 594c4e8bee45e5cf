"""The `[keymap]` of config.toml checked against the registry before the reader starts: keys that are keys, no clash.

A clash is two bindings answering the same key where both are active at once (a
widget's keys and its screen's); the registry's own layering (Enter leaves the
filter box or opens the paper, 1-9 pick a view in the `v` mode and open a link
elsewhere) is by design and stays allowed.
"""

from __future__ import annotations

from pathlib import Path

from textual.keys import REPLACED_KEYS, Keys, key_to_character

from reader.core.text import shown_path
from reader.tui import keys
from reader.tui.keys import Key

MODIFIERS = frozenset({"shift", "ctrl", "alt", "meta", "super", "hyper"})
"""What may come before `+` in a key, as Textual names the modifiers."""

NAMED_KEYS = frozenset(key.value.rpartition("+")[2] for key in Keys if not key.value.startswith("<"))
"""Keys with a name of their own in Textual 8.2.8 (escape, f5, pageup, left, ...)."""

PLACES: tuple[tuple[tuple[Key, ...], ...], ...] = (
    (keys.MAIN, keys.PAPER_LIST, keys.APP),
    (keys.MAIN, keys.PAPER_DETAIL, keys.APP),
    (keys.MAIN, keys.VIEW_BAR, keys.APP),
    (keys.HELP_SCREEN, keys.APP),
    (keys.READING, keys.FULL_TEXT, keys.APP),
    (keys.READING, keys.FIND_BOX, keys.APP),
    (keys.PICK, keys.APP),
    (keys.ADD_PAPER, keys.APP),
    (keys.SAVE_VIEW, keys.APP),
    (keys.TAGS_DIALOG, keys.APP),
    (keys.NOTE_DIALOG, keys.APP),
    (keys.EXPORT_DIALOG, keys.APP),
    (keys.CONFIRM_DIALOG, keys.APP),
)
"""The scopes whose keys are active together: a focused widget's, its screen's and the App's."""


def is_key(key: str) -> bool:
    """A key a terminal can send: a character, or a named key, after distinct modifiers (`ctrl+shift+f5`).

    A name becomes a character only for ASCII (`left_square_bracket`): Textual would make `banana` a 🍌.
    """
    *modifiers, base = key.strip().split("+") if key.strip() != "+" else ["+"]
    if not base or any(m not in MODIFIERS for m in modifiers) or len(set(modifiers)) != len(modifiers):
        return False
    if len(base) == 1:
        return base.isprintable() and (base.isascii() or not modifiers)
    if base in NAMED_KEYS:
        return True
    character = key_to_character(REPLACED_KEYS.get(base, base))  # slash -> solidus -> /
    return character is not None and len(character) == 1 and character.isascii() and character.isprintable()


def _owners(place: tuple[tuple[Key, ...], ...], keymap: dict[str, str]) -> dict[str, list[str]]:
    """Key name -> the ids of the bindings answering it in this place."""
    owners: dict[str, list[str]] = {}
    for key in (key for scope in place for key in scope):
        for name in dict.fromkeys(keys.keys_of(key.binding, keymap)):
            owners.setdefault(name, []).append(key.id)
    return owners


def keymap_problem(keymap: dict[str, str], config_path: Path | str = "config.toml") -> str | None:
    """What is wrong with the keymap, in one line naming the file and the binding ids; None when it is fine.

    Ids the registry does not know are left to the reader's own warning.
    """
    shown = shown_path(config_path)
    for binding_id, value in keymap.items():
        for key in value.split(","):
            if not is_key(key):
                return (f"{shown}: [keymap] {binding_id}: {key.strip()!r} is not a key (a character, or a name "
                        "such as escape, f5, pageup, left_square_bracket, after ctrl+, alt+ or shift+)")  # fmt: skip
    for place in PLACES:
        default = _owners(place, {})
        for name, ids in _owners(place, keymap).items():
            for index, first in enumerate(ids):
                for second in ids[index + 1 :]:
                    if first == second or (first in default.get(name, ()) and second in default.get(name, ())):
                        continue
                    return f"{shown}: [keymap] {first} and {second} are both bound to {name!r}; give one another key"
    return None
