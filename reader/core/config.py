"""config.toml: one typed model, read with tomllib. A broken file is an error, never a silent default."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any


class ConfigError(ValueError):
    """config.toml cannot be used; the message names the file and, where known, line and column."""


@dataclass(frozen=True)
class Config:
    """The user's settings; every field has a default so an absent file is a valid config."""

    mark_read_delay: float = 1.0
    """Seconds a paper stays in the detail pane before it counts as read (0 marks it at once)."""
    theme: str = "textual-dark"
    """Name of the Textual theme (textual-dark, textual-light, nord, gruvbox, ...)."""
    browser: str = ""
    """Command that opens links, the URL appended as its last argument; empty means the system's."""
    keymap: dict[str, str] = field(default_factory=dict)
    """Binding id -> keys (comma-separated), replacing the default key of that binding."""
    sync_days: int = 7
    """How many days of Daily lists `paper-reader sync` and `R` fetch, today included."""
    refresh_after_minutes: float = 60
    """On start, refresh in the background when the last sync is older than this (0: never)."""
    views: dict[str, str] = field(default_factory=dict)
    """Saved views: name -> filter query, listed after the built-in ones (a same name replaces one)."""
    sync_folder: str = ""
    """A folder kept in step between machines (Syncthing, Dropbox, ...): each writes its state-<machine>.toml."""


_TYPES: dict[str, tuple[type, ...]] = {
    "mark_read_delay": (int, float),
    "theme": (str,),
    "browser": (str,),
    "keymap": (dict,),
    "sync_days": (int,),
    "refresh_after_minutes": (int, float),
    "views": (dict,),
    "sync_folder": (str,),
}


def config_from_dict(data: dict[str, Any], path: Path | str = "config.toml") -> Config:
    """Check names and types of every setting; unknown names are errors so typos are not lost."""
    known = {f.name for f in fields(Config)}
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key not in known:
            raise ConfigError(f"{path}: unknown setting {key!r} (known: {', '.join(sorted(known))})")
        expected = _TYPES[key]
        if isinstance(value, bool) or not isinstance(value, expected):
            names = " or ".join(t.__name__ for t in expected).replace("dict", "table")
            raise ConfigError(f"{path}: {key} must be a {names}, not {type(value).__name__}")
        values[key] = value
    if values.get("mark_read_delay", 0) < 0:
        raise ConfigError(f"{path}: mark_read_delay must be 0 or more seconds")
    if not 1 <= values.get("sync_days", 1) <= 3650:
        raise ConfigError(f"{path}: sync_days must be between 1 and 3650")
    if values.get("refresh_after_minutes", 0) < 0:
        raise ConfigError(f"{path}: refresh_after_minutes must be 0 (never) or more minutes")
    for name, query in values.get("views", {}).items():
        if not isinstance(query, str):
            raise ConfigError(f"{path}: views.{name} must be a filter query in a string")
        if not name.strip() or len(name) > 40 or not name.isprintable():
            raise ConfigError(f"{path}: view name {name!r} must be 1-40 printable characters")
    for binding_id, keys in values.get("keymap", {}).items():
        if not isinstance(keys, str) or not keys.strip():
            raise ConfigError(f"{path}: keymap.{binding_id} must be a non-empty string of keys")
    for name in ("mark_read_delay", "refresh_after_minutes"):
        if name in values:
            values[name] = float(values[name])
    return Config(**values)
