"""The programs the benchmarks run: paper-reader (this checkout's or another's) and the bare app."""

from __future__ import annotations

import sys
from pathlib import Path

from . import MeasureError

BARE_APP = Path(__file__).resolve().parent / "bare_app.py"
BARE_MARKER = "bare-textual-ready-4e1d"
"""The bare app's line at start; it shows once the app has painted its first frame."""


def reader_command(reader: str | None = None) -> list[str]:
    """The paper-reader to run: `reader` (a console script, or a checkout with a .venv), else this venv's.

    `--reader /work/wt-before` or `--reader /work/wt-before/.venv/bin/paper-reader` runs another
    checkout's code in the same harness, so one session can alternate old and new.
    """
    if reader is None:
        script = Path(sys.executable).parent / "paper-reader"
        return [str(script)] if script.exists() else [sys.executable, "-m", "reader"]
    path = Path(reader).expanduser().resolve()
    if path.is_dir():
        path = path / ".venv" / "bin" / "paper-reader"
    if not path.is_file():
        raise MeasureError(f"--reader: {path} is not a paper-reader console script")
    return [str(path)]


def bare_command() -> list[str]:
    """The bare Textual app, run by this Python (the Textual the reader of this checkout uses)."""
    return [sys.executable, str(BARE_APP), BARE_MARKER]


def reader_markers(papers: int) -> list[str]:
    """What paper-reader's first full frame shows: the filter pane's count and the footer's Quit."""
    return [f"of {papers:,} papers", "Quit"]


def bare_markers() -> list[str]:
    return [BARE_MARKER, "Quit"]
