"""Time to first paint of `paper-reader` on a 50,000-paper library, against the bare Textual app.

What it measures
----------------
Wall-clock time from just before the process is spawned until its first full frame is on the
screen, for two programs run as real processes in a pseudo-terminal of 120x40
(TERM=xterm-256color, PAPER_READER_HOME unset; see harness/pty_driver.py):

* paper-reader: ``paper-reader --home DIR`` on a generated library of 50,000 papers
  (harness/corpus.py). Painted once the screen (the pty's output with ANSI escape sequences
  stripped) shows the filter pane's count "of 50,000 papers" and the footer's "Quit".
* bare Textual: harness/bare_app.py (a Header, one Static line, an Input, a Footer), run by the
  same Python. Painted once the screen shows the Static's marker text and "Quit".

Runs alternate (reader, bare, reader, bare, ...) after one unmeasured warm-up run of each, so
byte-code compilation and a cold page cache count against neither; byte-code goes to
benchmarks/.cache/pycache. The report gives median, min and max of each, the ratio of the
medians (paper-reader / bare) and whether it meets the target of at most 1.2x. It is a
measurement: the exit status is 0 whether or not the target is met, non-zero only when measuring
failed. The load average is recorded; other load on the machine makes the figures noisy.

Usage (from the project root, with the project's venv)::

    .venv/bin/python benchmarks/first_paint.py              # 7 runs of each, table
    .venv/bin/python benchmarks/first_paint.py --runs 15    # more runs
    .venv/bin/python benchmarks/first_paint.py --json       # machine-readable results on stdout
    .venv/bin/python benchmarks/first_paint.py --rebuild    # generate the library again
    .venv/bin/python benchmarks/first_paint.py --home DIR   # keep the library in DIR/library.db
    .venv/bin/python benchmarks/first_paint.py --reader ../wt-before  # another checkout's reader

The first run takes about a minute longer while it builds the library.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

from harness import MeasureError, progress
from harness.corpus import LibraryInfo, prepare_library
from harness.options import add_library_options, add_reader_option
from harness.paint import Series, run_paints
from harness.programs import bare_command, bare_markers, reader_command, reader_markers
from harness.pty_driver import COLUMNS, ROWS
from harness.stats import LoadSampler, ratio

from reader.storage.errors import LibraryError

TARGET_RATIO = 1.2
DEFAULT_RUNS = 7


def _ms(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds * 1000:,.0f} ms"


def print_report(reader: Series, bare: Series, library: LibraryInfo, runs: int, total_s: float,
                 load: LoadSampler) -> None:  # fmt: skip
    paint_ratio = ratio(reader.median_s, bare.median_s)
    verdict = "PASS" if paint_ratio <= TARGET_RATIO else "MISS"
    print(f"Time to first paint, {COLUMNS}x{ROWS} pty, {runs} alternating runs each (after a warm-up)")
    print(f"  {load.note()}")
    print()
    print(f"  {'':<30} {'median':>10} {'min':>10} {'max':>10}")
    for s in (reader, bare):
        print(f"  {s.name:<30} {_ms(s.median_s):>10} {_ms(min(s.runs_s)):>10} {_ms(max(s.runs_s)):>10}")
    print()
    print(f"  ratio of medians (paper-reader / bare): {paint_ratio:.2f}x   target <= {TARGET_RATIO}x: {verdict}")
    print()
    print(f"Library ({library.source}): {library.path}")
    print(f"  {library.papers:,} papers, {library.size_bytes / 1e6:,.1f} MB")
    if library.generate_seconds is not None and library.import_seconds is not None:
        print(
            f"  built now in {library.generate_seconds + library.import_seconds:.1f} s "
            f"(generate {library.generate_seconds:.1f} s, Library.import_papers {library.import_seconds:.1f} s)"
        )
    elif library.recorded_build_seconds is not None:
        print(f"  not rebuilt (--rebuild to build again); building it took {library.recorded_build_seconds:.1f} s")
    print(f"Benchmark took {total_s:.1f} s")


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Time to first paint of paper-reader on a 50,000-paper library vs a bare Textual app."
    )
    parser.add_argument("--runs", type=int, default=DEFAULT_RUNS, help=f"measured runs of each ({DEFAULT_RUNS})")
    parser.add_argument("--warmup", type=int, default=1, help="unmeasured runs of each first (default 1)")
    add_library_options(parser)
    add_reader_option(parser)
    args = parser.parse_args(argv)
    if args.runs < 1 or args.warmup < 0 or args.papers < 1:
        parser.error("--runs and --papers must be at least 1, --warmup at least 0")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    began = time.perf_counter()
    load = LoadSampler()
    try:
        with tempfile.TemporaryDirectory(prefix="first-paint-") as temp:
            home = args.home.expanduser().resolve() if args.home else Path(temp) / "home"
            library = prepare_library(home, args.papers, args.seed, args.rebuild)
            command = [*reader_command(args.reader), "--home", str(home)]
            reader = Series("paper-reader", command, reader_markers(args.papers), [])
            bare = Series("bare Textual app", bare_command(), bare_markers(), [])
            progress(f"measuring {args.runs} runs of each ...")
            run_paints([reader, bare], args.runs, args.warmup)
    except (MeasureError, LibraryError, OSError, sqlite3.Error) as exc:
        print(f"first_paint: {exc}", file=sys.stderr)
        return 1
    total = time.perf_counter() - began
    load.sample()
    if not args.json:
        print_report(reader, bare, library, args.runs, total, load)
        return 0
    paint_ratio = ratio(reader.median_s, bare.median_s)
    result = {
        "terminal": f"{COLUMNS}x{ROWS}",
        "runs": args.runs,
        "warmup": args.warmup,
        "python": sys.executable,
        "paper_reader": reader.summary(),
        "bare_textual": bare.summary(),
        "ratio_of_medians": paint_ratio,
        "target_ratio": TARGET_RATIO,
        "meets_target": paint_ratio <= TARGET_RATIO,
        "library": asdict(library),
        "benchmark_seconds": total,
        "load_average_1min": load.summary(),
    }
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
