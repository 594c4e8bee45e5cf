"""config.toml on disk: read with tomllib, written (a saved view, a theme) keeping the user's comments."""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

from reader.core.config import Config, ConfigError, config_from_dict
from reader.core.paths import read_capped
from reader.core.text import clean_line, shown_path
from reader.core.views import check_view_name
from reader.storage.files import write_atomically

MAX_CONFIG_BYTES = 1 << 20
"""A config.toml is a few hundred bytes; one over a MiB is not one (or is /dev/zero behind a link)."""

MAX_TOML_NESTING = 16
"""Tables and arrays within tables and arrays: config.toml nests 2 deep, state.toml 3."""

TOML_INT_RANGE = range(-(2**63), 2**63)
"""TOML's integers are 64-bit: a longer one is an error (the spec says so), not a 4,000-digit int."""


def load_config(path: Path) -> Config:
    """Read `path`; a missing file gives the defaults."""
    try:
        text = read_capped(path, MAX_CONFIG_BYTES).decode("utf-8")
    except FileNotFoundError:
        return Config()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{shown_path(path)}: cannot read: {getattr(exc, 'strerror', None) or exc}") from None
    return config_from_dict(load_toml(text, path, ConfigError), shown_path(path))


def load_toml(text: str, path: Path | str, error: type[ValueError]) -> dict[str, Any]:
    """The TOML document in `text`, or `error` with one line naming the file (and line and column where known).

    Total over any input: besides syntax, a number past 64 bits or not finite, and nesting deeper than
    MAX_TOML_NESTING (at any depth, also where Python's own recursion limit would end the parser) are errors.
    """
    import tomllib  # here: only a file that exists needs the parser

    shown = shown_path(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise error(toml_error_message(shown, text, exc)) from None
    except ValueError:  # an integer of more digits than Python converts
        raise error(f"{shown}: a number is too long (TOML's integers are 64-bit)") from None
    except RecursionError:
        raise error(f"{shown}: nested deeper than {MAX_TOML_NESTING} levels") from None
    if problem := _toml_limits(data):
        raise error(f"{shown}: {problem}")
    return data


def _toml_limits(data: dict[str, Any]) -> str | None:
    """What breaks a limit of `load_toml` in a parsed document, walked without recursion; None if nothing."""
    stack: list[tuple[str, Any, int]] = [("", data, 0)]
    while stack:
        where, value, depth = stack.pop()
        if isinstance(value, dict | list):
            if depth > MAX_TOML_NESTING:
                return f"nested deeper than {MAX_TOML_NESTING} levels"
            items = value.items() if isinstance(value, dict) else enumerate(value)
            stack.extend((f"{where}.{key}" if where else str(key), child, depth + 1) for key, child in items)
        elif isinstance(value, bool):
            continue
        elif isinstance(value, int) and value not in TOML_INT_RANGE:
            return f"{clean_line(where)[:80]}: the number is out of range (TOML's integers are 64-bit)"
        elif isinstance(value, float) and not math.isfinite(value):
            return f"{clean_line(where)[:80]}: the number must be finite, not {value}"
    return None


_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
_TOML_END = re.compile(r"\s*\(at end of document\)$")


def toml_error_message(path: Path | str, text: str, error: Exception) -> str:
    """`FILE:LINE:COL: what went wrong`, from a tomllib error (which puts the position in its message)."""
    message = str(error)
    if match := _TOML_POSITION.search(message):
        return f"{path}:{match[1]}:{match[2]}: {message[: match.start()]}"
    if _TOML_END.search(message):
        line = text.count("\n") + 1
        column = len(text) - (text.rfind("\n") + 1) + 1
        return f"{path}:{line}:{column}: {_TOML_END.sub('', message)} (at the end of the file)"
    return f"{path}: {message}"


def save_view(config_path: Path, name: str, query: str) -> None:
    """Add or replace view `name` in config.toml, keeping everything else in the file as the user wrote it."""
    name = check_view_name(name)

    def expected(data: dict[str, Any]) -> dict[str, Any]:
        views = data.get("views", {})
        if not isinstance(views, dict):
            raise ConfigError(f"{config_path}: views must be a table")
        return {**data, "views": {**views, name: query}}

    _edit(config_path, "a view", expected, lambda text: _with_view(text, name, query))


def save_theme(config_path: Path, theme: str) -> None:
    """Set `theme = ...` in config.toml (the theme picked in the reader), keeping the rest as the user wrote it."""
    _edit(
        config_path,
        "the theme",
        lambda data: {**data, "theme": theme},
        lambda text: _with_setting(text, "theme", theme),
    )


def _edit(config_path: Path, what: str, expected: Any, edit: Any) -> None:
    """Write `edit(text)` over config.toml, only if it reads back as exactly `expected(old settings)`.

    tomlkit edits the document in place, so comments, order, quoting and blank lines survive; the result is
    read back with tomllib and written (atomically) only if it holds the old settings plus the change.
    """
    import tomllib

    try:
        text = config_path.read_text(encoding="utf-8") if config_path.exists() else ""
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{config_path}: cannot read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{config_path}: {exc}; fix it before saving {what}") from None
    wanted = expected(data)
    new_text = edit(text)
    if tomllib.loads(new_text) != wanted:
        raise ConfigError(f"{config_path}: cannot save {what} without changing other settings; add it by hand")
    try:
        write_atomically(config_path, new_text)
    except OSError as exc:
        raise ConfigError(f"{config_path}: cannot write: {exc.strerror or exc}") from None


def _with_setting(text: str, name: str, value: str) -> str:
    """`text` (valid TOML) with the top-level `name = value`, replaced where it is or added before any table."""
    import tomlkit

    document = tomlkit.parse(text)
    document[name] = value
    return tomlkit.dumps(document)


def _with_view(text: str, name: str, query: str) -> str:
    """`text` (valid TOML) with `name = query` in its views table, a new `[views]` at the end if it has none."""
    import tomlkit  # here: only saving needs it, and it is slower to import than the whole config model

    document = tomlkit.parse(text)
    if "views" not in document:
        if text.strip():  # a blank line before the new table, as a person would leave one
            for _ in range(0 if text.endswith("\n\n") else 1 if text.endswith("\n") else 2):
                document.add(tomlkit.nl())
        document.add("views", tomlkit.table())
    document["views"][name] = query
    return tomlkit.dumps(document)
