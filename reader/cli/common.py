"""What every command shares: exit codes, the one-line error, plural words, file names shown safely, and
reading the config or opening the library with whatever happened to it said on stderr (written once here)."""

from __future__ import annotations

import sys
from typing import Any, TextIO

from reader.core.config import Config, ConfigError
from reader.core.paths import Paths
from reader.core.text import cell_width, for_terminal, shown_path
from reader.query import QueryError
from reader.storage import recovery
from reader.storage.config_file import load_config
from reader.storage.library import Library

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


PROGRESS_AFTER_ENV = "PAPER_READER_PROGRESS_AFTER"
"""Seconds of work before a progress bar shows (default 1: quick work shows none); tests set 0."""


class LongWork:
    """rich's progress bar (rich comes with Textual) on stderr when it is a terminal: what is being done, the
    bar, the count and the rate; nothing at all when stderr is not a terminal, nor for work under a second.

    The bar is rich's own drawing (its codes, not text from anywhere); every text shown in it passes
    `for_terminal` here, and lines said while it shows (`error`) are printed above it by rich.
    """

    def __init__(self, label: str, unit: str, err: TextIO | None = None) -> None:
        import os
        import time

        self.err = err or sys.stderr
        self.unit = unit
        self.label = label
        self.shown = self.err.isatty()
        self._clock = time.monotonic
        self._started = self._clock()
        after = os.environ.get(PROGRESS_AFTER_ENV, "")
        self._after = float(after) if after.replace(".", "", 1).isdigit() else 1.0
        self._bar: Any = None

    def update(self, completed: float, total: float | None = None, count: int | None = None, label: str = "") -> None:
        """`completed` of `total` (None: not known), `count` units done so far (default `completed`)."""
        if not self.shown:
            return
        if label and label != self.label:
            self.label, self._started = label, self._clock()  # a new phase: its own rate
        if self._bar is None:
            if self._clock() - self._started < self._after:
                return
            self._start()
        done = int(completed if count is None else count)
        rate = done / max(self._clock() - self._started, 1e-6)
        detail = f"{done:,} {self.unit} · {rate:,.0f}/s"
        bar, task = self._bar
        bar.update(task, completed=completed, total=total, description=_shown(self.label), detail=_shown(detail))

    def _start(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

        columns = (TextColumn("{task.description}", markup=False), BarColumn(), TaskProgressColumn(),
                   TextColumn("{task.fields[detail]}", markup=False), TimeElapsedColumn())  # fmt: skip
        bar = Progress(*columns, console=Console(file=self.err), transient=True)
        task = bar.add_task(_shown(self.label), total=None, detail="")
        bar.start()
        self._bar = (bar, task)

    def close(self) -> None:
        """Take the bar off the terminal (nothing stays of it)."""
        if self._bar is not None:
            self._bar[0].stop()
            self._bar = None

    def __enter__(self) -> LongWork:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _shown(text: str) -> str:
    return for_terminal(text).replace("\n", " ")


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
    A migration of the schema over a second shows its progress bar on a terminal.
    """
    with LongWork("Upgrading the library", "steps", err) as bar:
        opened = recovery.open_library(paths, lambda done, total: bar.update(done, total))
    if opened.notice:
        error(opened.notice, err)
    return opened


def open_library_file(paths: Paths) -> Library:
    """The library file as it is (no recovery: `open_library` does that), created or migrated; a migration over
    a second shows its progress bar on a terminal. Raises `LibraryError`."""
    with LongWork("Upgrading the library", "steps") as bar:
        return Library.open(paths.library, lambda done, total: bar.update(done, total))


def query_error(text: str, problem: QueryError) -> None:
    """The error line, then (when the query prints as typed) the query with a caret under the column."""
    error(f"query error at column {problem.column}: {problem.message}")
    if any(not char.isprintable() for char in text):
        return  # control characters: the query cannot be shown as typed, the column still counts them
    offset = cell_width(text[: problem.column - 1])
    say(f"  {text}\n  {' ' * offset}^", sys.stderr)
