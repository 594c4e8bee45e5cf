"""What every command shares: exit codes, the one-line error, plural words, file names shown safely, and
reading the config or opening the library with whatever happened to it said on stderr (written once here)."""

from __future__ import annotations

import sys
from typing import TextIO

from reader.core.config import Config, ConfigError
from reader.core.paths import Paths
from reader.core.text import cell_width, for_terminal, shown_path
from reader.query import QueryError
from reader.storage import recovery
from reader.storage.config_file import load_config

EXIT_OK = 0
"""Done: everything asked for happened."""
EXIT_FAILED = 1
"""Something failed (a file, the library, the network); for `list`, nothing matched."""
EXIT_USAGE = 2
"""Wrong arguments, a malformed query, or a config.toml that cannot be used."""


def say(text: str, out: TextIO | None = None, *, end: str = "\n", flush: bool = False) -> None:
    """Print `text` (lines of it) on stdout or `out`, through the one gate to the terminal (core/text.py).

    With `error` and `progress`, the only way a command writes to a terminal (tests/test_architecture.py checks).
    """
    stream = out or sys.stdout
    stream.write(for_terminal(text) + end)
    if flush:
        stream.flush()


def error(message: str, err: TextIO | None = None) -> None:
    """`paper-reader: MESSAGE` as one line on stderr, with nothing in it a terminal would act on."""
    say(f"paper-reader: {for_terminal(message).replace(chr(10), ' ')}", err or sys.stderr)


CLEAR_LINE = "\r\x1b[2K"
"""Our own terminal code (not text from anywhere): back to the start of the line and wipe it."""


def progress(text: str, err: TextIO) -> None:
    """A progress line drawn over itself on a terminal's stderr: `text` through the gate after CLEAR_LINE."""
    err.write(CLEAR_LINE + for_terminal(text).replace("\n", " "))
    err.flush()


def clear_progress(err: TextIO) -> None:
    err.write(CLEAR_LINE)
    err.flush()


def plural(count: int, noun: str) -> str:
    """`1 paper`, `2 papers`."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


shown = shown_path
"""A file name for a message: as it is, or quoted with its escapes when a terminal would act on it."""


def read_config(paths: Paths, err: TextIO | None = None) -> Config | None:
    """config.toml, or None after saying in one line why it cannot be used (the command then exits 2)."""
    try:
        return load_config(paths.config)
    except ConfigError as exc:
        error(str(exc), err)
        return None


def open_library(paths: Paths, err: TextIO | None = None) -> recovery.OpenedLibrary:
    """The library, created, migrated or recovered (a damaged file moved aside, the marks restored).

    What was recovered is said on stderr in one line; raises `LibraryError` when no library can be had.
    """
    opened = recovery.open_library(paths)
    if opened.notice:
        error(opened.notice, err)
    return opened


def query_error(text: str, problem: QueryError) -> None:
    """The error line, then (when the query prints as typed) the query with a caret under the column."""
    error(f"query error at column {problem.column}: {problem.message}")
    if any(not char.isprintable() for char in text):
        return  # control characters: the query cannot be shown as typed, the column still counts them
    offset = cell_width(text[: problem.column - 1])
    say(f"  {text}\n  {' ' * offset}^", sys.stderr)
