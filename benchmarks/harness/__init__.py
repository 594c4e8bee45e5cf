"""What the benchmarks share: the corpus, the pty driver, the bare Textual app and the statistics.

- `corpus`: generated N-paper libraries, built once and cached in benchmarks/.cache;
- `papers`: the deterministic paper generator the corpus uses;
- `pty_driver`: a program in a 120x40 pseudo-terminal: first paint, keys in, frames out, memory;
- `paint`: first paints of several programs, alternating; `keystrokes`: the scripted key session;
- `bare_app`: the one bare Textual app every script measures as its reference;
- `programs`: the commands and first-frame markers of paper-reader (this checkout's or another's)
  and of the bare app;
- `stats`: median, p95, ratios, the spread of repeated runs, the load average;
- `options`: the command-line options the scripts share.

The scripts in benchmarks/ import this package (run them as `python benchmarks/SCRIPT.py`) and
nothing of each other.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
"""The checkout whose benchmarks these are (the reader measured by default)."""
CACHE_DIR = ROOT / "benchmarks" / ".cache"


class MeasureError(Exception):
    """A run could not be measured: a timeout, an early exit, a leftover process, a bad library."""


def progress(message: str) -> None:
    """A line of progress on stderr, so stdout stays the report (or the JSON)."""
    print(message, file=sys.stderr, flush=True)
