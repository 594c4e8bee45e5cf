"""Issue 4's speed targets in one run: first paint, filter keystrokes, cursor steps and memory.

The real console script ``paper-reader --home DIR --no-refresh`` on the generated 50,000-paper
library (harness/corpus.py), against the bare Textual app (harness/bare_app.py) run by the same
Python, each as a real process in a 120x40 pseudo-terminal (harness/pty_driver.py). Four figures,
each with the bare app as the reference measured in the same run:

* first paint: spawn until the first full frame shows (as first_paint.py), target <= 1.2x;
* filter: ``/`` focuses the filter box, then queries are typed one key at a time (key, wait for
  its frame, next key) -- words, fields, combined (QUERIES) -- and cleared with backspaces.
  Target: median < 16 ms;
* cursor: ``j`` 100 times, then ``pagedown`` 30 times. Target: median under 5 ms per step;
* memory: VmRSS and VmHWM of paper-reader once settled, after the cursor steps and after the
  queries, against the bare app once started. Target: at most 2x (the largest reader sample).

What ends each step is in harness/keystrokes.py. Everything is measured with Textual's default
pacing of 60 frames a second, which adds up to 16.7 ms to any Textual app (the filter targets are
judged so: what a user sees), and with ``TEXTUAL_FPS=1000``, the app's own work (the cursor
targets). Sessions alternate (reader, bare, ...) after one unmeasured warm-up session of each per
pacing; the load average is sampled after every session. The exit status is 0 whether or not the
targets are met, non-zero only when measuring failed. ``--reader PATH`` measures another
checkout's reader; compare.py alternates two of them.

Usage (from the project root, with the project's venv)::

    .venv/bin/python benchmarks/interactive.py              # 3 sessions of each per pacing, 7 first paints
    .venv/bin/python benchmarks/interactive.py --runs 5     # more sessions (and first paints: 2N+1)
    .venv/bin/python benchmarks/interactive.py --json       # machine-readable results on stdout
    .venv/bin/python benchmarks/interactive.py --home DIR   # keep the (migrated) library in DIR/library.db

It takes about 5 minutes at the defaults on 2 cores (plus a minute once to build the library).
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
from typing import Any

from harness import MeasureError, progress
from harness.corpus import LibraryInfo, prepare_library
from harness.keystrokes import J_STEPS, PAGE_STEPS, SessionResult, compute_expected, run_session
from harness.options import add_library_options, add_reader_option
from harness.paint import Series, run_paints
from harness.programs import bare_command, bare_markers, reader_command, reader_markers
from harness.pty_driver import COLUMNS, ROWS
from harness.stats import LoadSampler, latency_stats, median, ratio

from reader.storage.errors import LibraryError
from reader.storage.library import Library

PAINT_TARGET_RATIO = 1.2
FILTER_TARGET_MS = 16.0
STEP_TARGET_MS = 5.0
MEMORY_TARGET_RATIO = 2.0
DEFAULT_RUNS = 3
UNPACED_FPS = "1000"
QUERIES: dict[str, list[str]] = {
    "words": ["diffusion"],
    "fields": ["author:smith"],
    "combined": ["diffusion upvotes>=50 has:code"],
}
GROUPS = ("words", "fields", "combined", "clear", "focus", "j", "j-list", "pagedown", "pagedown-list")
ROWS_JUDGED = [  # group, label, target, the pacing it is judged on, the pacings shown
    ("words", "filter words", FILTER_TARGET_MS, "default", ("default", UNPACED_FPS)),
    ("fields", "filter fields", FILTER_TARGET_MS, "default", ("default", UNPACED_FPS)),
    ("combined", "filter combined", FILTER_TARGET_MS, "default", ("default", UNPACED_FPS)),
    ("j", "cursor j, list+detail", STEP_TARGET_MS, UNPACED_FPS, ("default", UNPACED_FPS)),
    ("j-list", "cursor j, list only", STEP_TARGET_MS, None, (UNPACED_FPS,)),
    ("pagedown", "page down, list+detail", STEP_TARGET_MS, UNPACED_FPS, ("default", UNPACED_FPS)),
    ("pagedown-list", "page down, list only", STEP_TARGET_MS, None, (UNPACED_FPS,)),
]
POINTS = ("started", "after_steps", "after_filter")


def pooled(results: Sequence[SessionResult], program: str, fps: str, group: str) -> list[float]:
    return [ms for r in results if r.program == program and r.fps == fps for ms in r.steps.get(group, [])]


def _target(figure: str, measured: float, reference: float, unit: str, value: float, value_text: str,
            target: str, met: bool, **extra: Any) -> dict[str, Any]:  # fmt: skip
    return {"figure": figure, "measured": measured, "reference": reference, "unit": unit, "value": value,
            "value_text": value_text, "target": target, "met": met, **extra}  # fmt: skip


def summarize(args: argparse.Namespace, paint: tuple[Series, Series], sessions: list[SessionResult],
              library: LibraryInfo, load: LoadSampler, total_s: float) -> dict[str, Any]:  # fmt: skip
    reader_paint, bare_paint = paint
    paint_ratio = ratio(reader_paint.median_s, bare_paint.median_s)
    latency = {
        f"{group}@{fps}": {
            "group": group,
            "fps": fps,
            "paper_reader": latency_stats(pooled(sessions, "paper-reader", fps, group)),
            "bare_textual": latency_stats(pooled(sessions, "bare", fps, group)),
            "unverified": sum(r.unverified.get(group, 0) for r in sessions if r.fps == fps),
        }
        for fps in ("default", UNPACED_FPS)
        for group in GROUPS
    }
    memory = {
        program: {p: {k: median([r.memory_kb[p][k] for r in sessions if r.program == program])
                      for k in ("VmRSS", "VmHWM")} for p in POINTS}
        for program in ("paper-reader", "bare")
    }  # fmt: skip
    reader_rss = max(sample["VmRSS"] for sample in memory["paper-reader"].values())
    bare_rss = memory["bare"]["started"]["VmRSS"]
    memory_ratio = ratio(reader_rss, bare_rss)
    targets = [_target("first paint (median)", reader_paint.median_s * 1000, bare_paint.median_s * 1000, "ms",
                       paint_ratio, f"{paint_ratio:.2f}x", f"<= {PAINT_TARGET_RATIO}x",
                       paint_ratio <= PAINT_TARGET_RATIO)]  # fmt: skip
    for group, label, target, judged, pacings in ROWS_JUDGED:
        for fps in pacings:
            entry = latency[f"{group}@{fps}"]
            ms = entry["paper_reader"]["median_ms"]
            targets.append(_target(f"{label} ({'60 fps' if fps == 'default' else 'unpaced'})", ms,
                                   entry["bare_textual"]["median_ms"], "ms", ms, f"{ms:.1f} ms", f"< {target:g} ms",
                                   ms < target, judged=fps == judged))  # fmt: skip
    targets.append(_target("resident memory (largest VmRSS)", reader_rss / 1024, bare_rss / 1024, "MB", memory_ratio,
                           f"{memory_ratio:.3f}x", f"<= {MEMORY_TARGET_RATIO:g}x",
                           memory_ratio <= MEMORY_TARGET_RATIO))  # fmt: skip
    return {
        "terminal": f"{COLUMNS}x{ROWS}",
        "python": sys.executable,
        "command": reader_command(args.reader),
        "runs": args.runs,
        "paint_runs": args.paint_runs,
        "queries": QUERIES,
        "cursor_steps": {"j": J_STEPS, "pagedown": PAGE_STEPS},
        "page_size": sorted({r.page_size for r in sessions if r.page_size is not None}),
        "synchronized_output": all(r.synchronized for r in sessions),
        "targets": targets,
        "first_paint": {"paper_reader": reader_paint.summary(), "bare_textual": bare_paint.summary()},
        "latency": latency,
        "memory_kb": {"paper_reader": memory["paper-reader"], "bare_textual": memory["bare"]},
        "sessions": [asdict(r) for r in sessions],
        "library": asdict(library),
        "load_average_1min": load.summary(),
        "load_note": load.note(),
        "benchmark_seconds": total_s,
    }


def _num(value: float | None, digits: int = 1) -> str:
    return "-" if value is None else f"{value:,.{digits}f}"


def print_report(summary: dict[str, Any]) -> None:
    print(f"paper-reader vs a bare Textual app, {summary['terminal']} pty, {summary['runs']} alternating sessions "
          f"of each per pacing (after a warm-up), {summary['paint_runs']} first paints of each")  # fmt: skip
    print(summary["load_note"])
    print()
    header = f"  {'figure (latency: median per key)':<36} {'paper-reader':>13} {'bare (ref)':>11} {'value':>9} "
    header += f"{'target':>9}  result"
    print(header + "\n  " + "-" * (len(header) - 2))
    for t in summary["targets"]:
        verdict = "MET" if t["met"] else "NOT MET"
        verdict = f"({verdict.lower()})" if t.get("judged") is False else verdict
        measured, reference = _num(t["measured"]) + " " + t["unit"], _num(t["reference"]) + " " + t["unit"]
        print(f"  {t['figure']:<36} {measured:>13} {reference:>11} {t['value_text']:>9} {t['target']:>9}  {verdict}")
    print()
    print("  Verdicts in parentheses are for information: the filter targets are judged with Textual's default")
    print("  pacing (60 fps, what a user sees), the cursor targets without it (TEXTUAL_FPS=1000, the app's work)")
    print("  on the whole update (list and detail pane). Memory: the largest of paper-reader's VmRSS samples")
    print("  (started, after the cursor steps, after the queries) over the bare app's once started.")
    print()
    print("Latency per key, from writing it to the pty to the end of the frame showing its update (ms)")
    columns = f"{'n':>5} {'reader med':>11} {'p95':>7} {'max':>7}   {'bare med':>9} {'p95':>7}"
    print(f"  {'keys':<14} {'pacing':<8} {columns}")
    for entry in summary["latency"].values():
        r, b = entry["paper_reader"], entry["bare_textual"]
        pacing = "60 fps" if entry["fps"] == "default" else "unpaced"
        flag = f"  ({entry['unverified']} unverified)" if entry["unverified"] else ""
        print(f"  {entry['group']:<14} {pacing:<8} {r['n']:>5} {_num(r['median_ms']):>11} {_num(r['p95_ms']):>7} "
              f"{_num(r['max_ms']):>7}   {_num(b['median_ms']):>9} {_num(b['p95_ms']):>7}{flag}")  # fmt: skip
    print(f"  queries: {', '.join(f'{g}: {q}' for g, qs in summary['queries'].items() for q in qs)}; clear: backspaces")
    print(f"  pagedown moved the cursor by {summary['page_size']} papers")
    sync = "yes" if summary["synchronized_output"] else "NO (frames cut by chunks)"
    print(f"  every session drew in synchronized-output frames: {sync}")
    print()
    print("Memory, median over sessions (MB): VmRSS / VmHWM")
    for point in POINTS:
        r, b = summary["memory_kb"]["paper_reader"][point], summary["memory_kb"]["bare_textual"][point]
        print(f"  {point:<13} paper-reader {r['VmRSS'] / 1024:6.1f} / {r['VmHWM'] / 1024:6.1f}"
              f"   bare {b['VmRSS'] / 1024:6.1f} / {b['VmHWM'] / 1024:6.1f}")  # fmt: skip
    print()
    library = summary["library"]
    print(f"Library ({library['source']}): {library['papers']:,} papers, {library['size_bytes'] / 1e6:,.1f} MB")
    print(f"Benchmark took {summary['benchmark_seconds']:.0f} s")


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Issue 4's speed targets for paper-reader in one run.")
    parser.add_argument("--runs", type=int, default=DEFAULT_RUNS,
                        help=f"measured sessions of each per pacing (default {DEFAULT_RUNS})")  # fmt: skip
    parser.add_argument("--paint-runs", type=int, help="measured first paints of each (default 2 * runs + 1)")
    add_library_options(parser)
    add_reader_option(parser)
    args = parser.parse_args(argv)
    if args.paint_runs is None:
        args.paint_runs = 2 * args.runs + 1
    if args.runs < 1 or args.paint_runs < 1 or args.papers < 1:
        parser.error("--runs, --paint-runs and --papers must be at least 1")
    return args


def measure(args: argparse.Namespace, home: Path, load: LoadSampler) -> tuple[LibraryInfo, Series, Series,
                                                                              list[SessionResult]]:  # fmt: skip
    """The library, the first paints, then the sessions of each pacing, alternating after a warm-up."""
    library = prepare_library(home, args.papers, args.seed, args.rebuild)
    progress("opening the library once (schema migration, if any) ...")
    Library.open(Path(library.path)).close()
    expected = compute_expected(Path(library.path), QUERIES)
    reader_argv = [*reader_command(args.reader), "--home", str(home), "--no-refresh"]
    progress(f"first paint: {args.paint_runs} runs of each ...")
    reader_paint = Series("paper-reader", reader_argv, reader_markers(args.papers), [])
    bare_paint = Series("bare Textual app", bare_command(), bare_markers(), [])
    run_paints([reader_paint, bare_paint], args.paint_runs, 1)
    load.sample()
    sessions: list[SessionResult] = []
    for fps in ("default", UNPACED_FPS):
        pacing = "default pacing" if fps == "default" else f"TEXTUAL_FPS={fps}"
        for run in range(args.runs + 1):
            done = [run_session(program, command, fps, expected, QUERIES)
                    for program, command in (("paper-reader", reader_argv), ("bare", bare_command()))]  # fmt: skip
            load.sample()
            if run == 0:
                progress(f"{pacing}, warm-up done")
                continue
            sessions += done
            progress(f"{pacing}, session {run}/{args.runs}: " + ", ".join(
                f"{r.program} j {median(r.steps['j']):.1f} ms, words {median(r.steps['words']):.1f} ms"
                for r in done))  # fmt: skip
    return library, reader_paint, bare_paint, sessions


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    began = time.perf_counter()
    load = LoadSampler()
    try:
        with tempfile.TemporaryDirectory(prefix="interactive-") as temp:
            home = args.home.expanduser().resolve() if args.home else Path(temp) / "home"
            library, reader_paint, bare_paint, sessions = measure(args, home, load)
    except (MeasureError, LibraryError, OSError, sqlite3.Error) as exc:
        print(f"interactive: {exc}", file=sys.stderr)
        return 1
    summary = summarize(args, (reader_paint, bare_paint), sessions, library, load, time.perf_counter() - began)
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        print_report(summary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
