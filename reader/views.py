"""Saved views: a name and a filter query. Five are built in; `[views]` in config.toml adds more.

Saving a view edits config.toml as text where it safely can (so comments and
layout survive), checks the result with tomllib, and falls back to writing the
whole file with tomli_w; either way the write is atomic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from reader.config import ConfigError
from reader.paths import write_atomically

MAX_NAME = 40
"""A view's name is a label in a one-line bar: keep it short."""


@dataclass(frozen=True)
class View:
    """A named filter query; built-in ones are recomputed for the day they are used."""

    name: str
    query: str
    builtin: bool = False


def builtin_views(today: date, latest_list: str | None) -> list[View]:
    """Today (the newest Daily list in the library), This week (the ISO week), Starred, Unread, Has code."""
    year, week, _ = today.isocalendar()
    newest = latest_list or today.isoformat()
    return [
        View("Today", f"date:{newest}", True),
        View("This week", f"date:{year}-W{week:02d}", True),
        View("Starred", "is:starred", True),
        View("Unread", "is:unread", True),
        View("Has code", "has:code", True),
    ]


def all_views(configured: dict[str, str], today: date, latest_list: str | None) -> list[View]:
    """Built-in views first, then the config's in file order; a config view may replace a built-in by name."""
    views = {view.name: view for view in builtin_views(today, latest_list)}
    for name, query in configured.items():
        views[name] = View(name, query)
    return list(views.values())


def check_view_name(name: str) -> str:
    """The name, trimmed; `ValueError` with a reason if it cannot be a view's name."""
    name = " ".join(name.split())
    if not name:
        raise ValueError("a view needs a name")
    if len(name) > MAX_NAME:
        raise ValueError(f"a view's name is at most {MAX_NAME} characters")
    if not name.isprintable():
        raise ValueError("a view's name cannot hold control characters")
    return name


def save_view(config_path: Path, name: str, query: str) -> None:
    """Add or replace view `name` in config.toml, keeping everything else in the file."""
    import tomllib

    import tomli_w

    name = check_view_name(name)
    try:
        text = config_path.read_text(encoding="utf-8") if config_path.exists() else ""
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{config_path}: cannot read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{config_path}: {exc}; fix it before saving a view") from None
    views = data.get("views", {})
    if not isinstance(views, dict):
        raise ConfigError(f"{config_path}: views must be a table")
    expected = {**data, "views": {**views, name: query}}
    new_text = _insert_view(text, name, query, tomli_w.dumps({name: query}))
    try:
        if new_text is None or tomllib.loads(new_text) != expected:
            new_text = tomli_w.dumps(expected)
    except tomllib.TOMLDecodeError:
        new_text = tomli_w.dumps(expected)
    try:
        write_atomically(config_path, new_text)
    except OSError as exc:
        raise ConfigError(f"{config_path}: cannot write: {exc.strerror or exc}") from None


_VIEWS_HEADER = re.compile(r"^[ \t]*\[[ \t]*views[ \t]*\][ \t]*(#.*)?$", re.MULTILINE)


def _insert_view(text: str, name: str, query: str, line: str) -> str | None:
    """The text with `line` added to the [views] table (or a new one at the end); None if that is not simple."""
    headers = list(_VIEWS_HEADER.finditer(text))
    if len(headers) > 1:
        return None
    if not headers:
        separator = "" if not text or text.endswith("\n\n") else ("\n" if text.endswith("\n") else "\n\n")
        return f"{text}{separator}[views]\n{line}"
    end = headers[0].end()
    return f"{text[:end]}\n{line.rstrip(chr(10))}{text[end:]}"
