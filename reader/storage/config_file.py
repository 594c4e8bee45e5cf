"""config.toml on disk: read with tomllib, written (a saved view, a theme) keeping the user's comments."""

from __future__ import annotations

import re
from pathlib import Path

from reader.core.config import Config, ConfigError, config_from_dict
from reader.core.views import check_view_name
from reader.storage.files import write_atomically


def load_config(path: Path) -> Config:
    """Read `path`; a missing file gives the defaults."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Config()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None
    import tomllib  # here: only a config.toml that exists needs the parser

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(toml_error_message(path, text, exc)) from None
    return config_from_dict(data, path)


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
    """Add or replace view `name` in config.toml, keeping everything else in the file as the user wrote it.

    tomlkit edits the document in place, so comments, order, quoting and blank lines survive; the result is
    read back with tomllib and written (atomically) only if it holds exactly the old settings plus the view.
    """
    import tomllib

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
    new_text = _with_view(text, name, query)
    if tomllib.loads(new_text) != {**data, "views": {**views, name: query}}:
        raise ConfigError(f"{config_path}: cannot add the view without changing other settings; add it by hand")
    try:
        write_atomically(config_path, new_text)
    except OSError as exc:
        raise ConfigError(f"{config_path}: cannot write: {exc.strerror or exc}") from None


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
