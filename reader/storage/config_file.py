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
