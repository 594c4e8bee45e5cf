"""config.toml: one typed model, read with tomllib. A broken file is an error, never a silent default.

Every setting is declared once, as a field of `Config`: its type, default and
one-line doc (and any further rule). Checking a file, its error messages and
the README's configuration block (`python -m reader.core.config` prints it)
all come from that declaration.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import Field, dataclass, field, fields
from functools import cache
from pathlib import Path
from typing import Any, get_origin, get_type_hints

from reader.core.views import MAX_NAME


class ConfigError(ValueError):
    """config.toml cannot be used; the message names the file and, where known, line and column."""


Rule = Callable[[str, Any], str | None]
"""A setting's rule beyond its type: (name, value) -> what is wrong with the value, or None when it is fine."""


def setting(default: Any, doc: str, *, rule: Rule | None = None, example: Mapping[str, str] | None = None) -> Any:
    """A field of `Config`: its default, a one-line doc, an optional rule, and for a table an example to show."""
    metadata = {"doc": doc, "rule": rule, "example": example}
    if isinstance(default, dict):
        return field(default_factory=lambda: dict(default), metadata=metadata)
    return field(default=default, metadata=metadata)


def _seconds(name: str, value: float) -> str | None:
    return None if value >= 0 else f"{name} must be 0 or more seconds"


def _minutes(name: str, value: float) -> str | None:
    return None if value >= 0 else f"{name} must be 0 (never) or more minutes"


def _days(name: str, value: int) -> str | None:
    return None if 1 <= value <= 3650 else f"{name} must be between 1 and 3650"


def _key(name: str, key: str) -> str:
    """A table's key in a message, as TOML writes it: `views.Agents`, or quoted when it is not printable (a newline
    in a key would break the one-line error, an escape would reach the terminal)."""
    return f"{name}.{key}" if key.isprintable() else f"{name}.{json.dumps(key)}"


def _view_queries(name: str, views: dict[str, Any]) -> str | None:
    for view, query in views.items():
        if not isinstance(query, str):
            return f"{_key(name, view)} must be a filter query in a string"
        if not view.strip() or len(view) > MAX_NAME or not view.isprintable():
            return f"view name {view!r} must be 1-{MAX_NAME} printable characters"
    return None


def _keys(name: str, keymap: dict[str, Any]) -> str | None:
    for binding_id, keys in keymap.items():
        if not isinstance(keys, str) or not keys.strip():
            return f"{_key(name, binding_id)} must be a non-empty string of keys"
    return None


@dataclass(frozen=True)
class Config:
    """The user's settings; every field has a default so an absent file is a valid config."""

    mark_read_delay: float = setting(
        1.0, "Seconds a paper stays in the detail pane before it counts as read (0 marks it at once).", rule=_seconds
    )
    theme: str = setting("textual-dark", "Textual theme: textual-dark, textual-light, nord, gruvbox, tokyo-night, ...")
    browser: str = setting(
        "",
        "Command that opens links; the URL is appended as its last argument. Empty: the system's opener "
        "(xdg-open, open). PAPER_READER_BROWSER overrides it.",
    )
    sync_days: int = setting(
        7, "How many days of Daily lists `paper-reader sync` and `R` fetch, today included.", rule=_days
    )
    refresh_after_minutes: float = setting(
        60.0, "On start, refresh in the background when the last sync is older than this (0: never).", rule=_minutes
    )
    restore_session: bool = setting(
        True,
        "On start, come back to where the reader was left: the filter, the toggles, the order, the span and the "
        "paper under the cursor (kept in the library).",
    )
    views: dict[str, str] = setting(  # noqa: RUF009 - `setting` returns a dataclass field (default_factory)
        {},
        "Saved views: name = filter query, listed after the built-in ones; a built-in's name replaces it (see \"Views "
        'and day navigation").',
        rule=_view_queries,
        example={"Agents": "keyword:agent OR title:agent"},
    )
    keymap: dict[str, str] = setting(  # noqa: RUF009 - as views
        {},
        "Remap any key by its binding id (see the Keys table; several keys comma-separated).",
        rule=_keys,
        example={"paper.star": "f", "list.down": "j,down,ctrl+n"},
    )
    sync_folder: str = setting(
        "",
        "A folder kept in step between machines (Syncthing, Dropbox, a network share, a git repository): each "
        "machine writes its own state-<machine>.toml there and merges the others'. Empty: off.",
    )


# -- what a type accepts and how it is named --------------------------------------------------

_ACCEPTS: dict[type, tuple[tuple[type, ...], str]] = {
    bool: ((bool,), "true or false"),
    float: ((int, float), "a number"),
    int: ((int,), "an integer"),
    str: ((str,), "a string"),
    dict: ((dict,), "a table"),
}
"""A Python type of a field -> the TOML values it takes and their name in an error (not one entry per setting)."""

_TOML_NAMES = {
    "str": "a string", "int": "an integer", "float": "a float", "bool": "a boolean", "list": "an array",
    "dict": "a table", "datetime": "a date-time", "date": "a date", "time": "a time",
}  # fmt: skip
"""What a value read by tomllib is called in TOML's own words."""


@cache
def _settings() -> dict[str, tuple[Field[Any], type]]:
    """Each setting's field and the Python type its annotation names (`dict` for `dict[str, str]`)."""
    hints = get_type_hints(Config)
    return {f.name: (f, get_origin(hints[f.name]) or hints[f.name]) for f in fields(Config)}


def config_from_dict(data: dict[str, Any], path: Path | str = "config.toml") -> Config:
    """Check names, types and rules of every setting; unknown names are errors so typos are not lost."""
    settings = _settings()
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key not in settings:
            raise ConfigError(f"{path}: unknown setting {key!r} (known: {', '.join(sorted(settings))})")
        declared, kind = settings[key]
        accepted, wanted = _ACCEPTS[kind]
        if (isinstance(value, bool) and kind is not bool) or not isinstance(value, accepted):
            found = _TOML_NAMES.get(type(value).__name__, type(value).__name__)
            raise ConfigError(f"{path}: {key} must be {wanted}, not {found}")
        rule: Rule | None = declared.metadata["rule"]
        if rule is not None and (problem := rule(key, value)):
            raise ConfigError(f"{path}: {problem}")
        values[key] = float(value) if kind is float else value
    return Config(**values)


# -- the README's configuration block ---------------------------------------------------------

COMMENT_WIDTH = 94
"""Where the comments of the example config.toml wrap."""


def example_toml() -> str:
    """Every setting as config.toml would hold it, each under its doc: defaults, and an example for a table."""
    import textwrap  # here, not at every start: only a new config file's comments need it

    blocks = []
    for name, (declared, kind) in sorted(_settings().items(), key=lambda item: item[1][1] is dict):  # tables last
        doc = textwrap.wrap(declared.metadata["doc"], COMMENT_WIDTH, initial_indent="# ", subsequent_indent="# ")
        if kind is dict:
            example: Mapping[str, str] = declared.metadata["example"]
            body = [f"[{name}]", *(f"{_toml_key(key)} = {_toml_value(value)}" for key, value in example.items())]
        else:
            body = [f"{name} = {_toml_value(declared.default)}"]
        blocks.append("\n".join([*doc, *body]) + "\n")
    return "\n".join(blocks)


def _toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else json.dumps(key, ensure_ascii=False)


def _toml_value(value: object) -> str:
    """A default as TOML: a JSON string is a TOML basic string, and numbers are written alike."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(value, ensure_ascii=False) if isinstance(value, str) else repr(value)


if __name__ == "__main__":
    print(example_toml(), end="")
