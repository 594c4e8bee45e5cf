"""Issue 17's targets in one run: first paint, filter keystrokes, cursor steps and memory, against bare Textual.

The real console script ``paper-reader --home DIR --no-refresh`` on a generated library of
``--papers`` papers (harness/corpus.py; several sizes are measured in turn), against the bare
Textual app (harness/bare_app.py) run by the same Python, each as a real process. Every figure is
a ratio to the bare app measured the same way in the same run (issue 17's targets):

* first paint, two ways, each <= 1.15x: in a 120x40 pseudo-terminal (harness/pty_driver.py), spawn
  until the first full frame shows; and in tmux (harness/tmux_paint.py), ``tmux new-session``
  until the pane shows the count ("of 50,000 papers") and the footer;
* filter: ``/`` focuses the filter box, then queries are typed one key at a time (key, wait for
  its frame, next key) -- words, fields, combined (QUERIES) -- and cleared with backspaces.
  Target: <= 2x the bare app's key-to-frame, at 60 fps and unpaced;
* cursor: ``j`` 100 times, then ``pagedown`` 30 times, to the frame showing the next paper in the
  list and the detail. Target: <= 2x the bare app's, unpaced;
* memory: VmRSS and VmHWM of paper-reader once settled, after the cursor steps and after the
  queries, against the bare app once started. Target: at most 2x (the largest reader sample),
  judged at 200,000 papers.

What ends each step is in harness/keystrokes.py. Keys are measured with Textual's default pacing
of 60 frames a second, which adds up to 16.7 ms to any Textual app (what a user sees), and with
``TEXTUAL_FPS=1000``, the app's own work. Sessions alternate (reader, bare, ...) after one
unmeasured warm-up session of each per pacing; the load average is sampled after every session.
The exit status is 0 whether or not the targets are met, non-zero only when measuring failed.
``--reader PATH`` measures another checkout's reader; compare.py alternates two of them.

Usage (from the project root, with the project's venv)::

    .venv/bin/python benchmarks/interactive.py              # 3 sessions of each per pacing, 7 first paints
    .venv/bin/python benchmarks/interactive.py --runs 5     # more sessions (and first paints: 2N+1)
    .venv/bin/python benchmarks/interactive.py --papers 50000 200000 --markdown   # the README's table
    .venv/bin/python benchmarks/interactive.py --json       # machine-readable results on stdout
    .venv/bin/python benchmarks/interactive.py --home DIR   # keep the (migrated) library in DIR/library.db

It takes about 5 minutes per size at the defaults on 2 cores, plus the first build of each
library: about a minute at 50,000 papers, 5-6 minutes (1.5 GB resident) at 200,000.
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
from harness.corpus import LibraryInfo, prepare_library, size_label
from harness.issue17_table import markdown_report
from harness.keystrokes import J_STEPS, PAGE_STEPS, SessionResult, compute_expected, run_session
from harness.options import add_library_options, add_reader_option
from harness.paint import Series, run_paints
from harness.programs import bare_command, bare_markers, reader_command, reader_markers
from harness.pty_driver import COLUMNS, ROWS
from harness.stats import LoadSampler, latency_stats, median, ratio
from harness.tmux_paint import TmuxServer

from reader.storage.errors import LibraryError
from reader.storage.library import Library

PAINT_TARGET_RATIO = 1.15
KEY_TARGET_RATIO = 2.0
MEMORY_TARGET_RATIO = 2.0
MEMORY_JUDGED_FROM = 200_000
"""Issue 17 judges memory at 200,000 papers; smaller libraries show it for information."""
DEFAULT_RUNS = 3
UNPACED_FPS = "1000"
QUERIES: dict[str, list[str]] = {
    "words": ["diffusion"],
    "fields": ["author:smith"],
    "combined": ["diffusion upvotes>=50 has:code"],
}
GROUPS = ("words", "fields", "combined", "clear", "focus", "j", "j-list", "pagedown", "pagedown-list")
ROWS_JUDGED = [  # issue 17's target, group, label, the pacings judged, the pacings shown
    (2, "words", "filter words", ("default", UNPACED_FPS), ("default", UNPACED_FPS)),
    (2, "fields", "filter fields", ("default", UNPACED_FPS), ("default", UNPACED_FPS)),
    (2, "combined", "filter combined", ("default", UNPACED_FPS), ("default", UNPACED_FPS)),
    (3, "j", "cursor j, list+detail", (UNPACED_FPS,), ("default", UNPACED_FPS)),
    (3, "j-list", "cursor j, list only", (), (UNPACED_FPS,)),
    (3, "pagedown", "page down, list+detail", (UNPACED_FPS,), ("default", UNPACED_FPS)),
    (3, "pagedown-list", "page down, list only", (), (UNPACED_FPS,)),
]
POINTS = ("started", "after_steps", "after_filter")
Paints = dict[str, tuple[Series, Series]]
"""The first paints of paper-reader and the bare app, by way of launching ("pty", "tmux")."""


def pooled(results: Sequence[SessionResult], program: str, fps: str, group: str) -> list[float]:
    return [ms for r in results if r.program == program and r.fps == fps for ms in r.steps.get(group, [])]


def _target(issue: int, figure: str, measured: float, reference: float, unit: str, limit: float,
            judged: bool = True) -> dict[str, Any]:  # fmt: skip
    """One row: paper-reader's figure against the bare app's, judged as a ratio (issue 17's targets)."""
    value = ratio(measured, reference)
    return {"issue_target": issue, "figure": figure, "measured": measured, "reference": reference, "unit": unit,
            "value": value, "value_text": f"{value:.2f}x", "target": f"<= {limit:g}x", "met": value <= limit,
            "judged": judged}  # fmt: skip


def summarize(args: argparse.Namespace, papers: int, paints: Paints,
              sessions: list[SessionResult], library: LibraryInfo, load: LoadSampler,
              total_s: float) -> dict[str, Any]:  # fmt: skip
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
    targets = [_target(1, f"first paint, {via} (median)", reader.median_s * 1000, bare.median_s * 1000, "ms",
                       PAINT_TARGET_RATIO) for via, (reader, bare) in paints.items()]  # fmt: skip
    for issue, group, label, judged, pacings in ROWS_JUDGED:
        for fps in pacings:
            entry = latency[f"{group}@{fps}"]
            targets.append(_target(issue, f"{label} ({'60 fps' if fps == 'default' else 'unpaced'})",
                                   entry["paper_reader"]["median_ms"], entry["bare_textual"]["median_ms"], "ms",
                                   KEY_TARGET_RATIO,
                                   judged=fps in judged))  # fmt: skip
    targets.append(_target(4, "resident memory (largest VmRSS)", reader_rss / 1024, bare_rss / 1024, "MB",
                           MEMORY_TARGET_RATIO, judged=papers >= MEMORY_JUDGED_FROM))  # fmt: skip
    return {
        "papers": papers,
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
        "first_paint": {
            via: {"paper_reader": reader.summary(), "bare_textual": bare.summary()}
            for via, (reader, bare) in paints.items()
        },
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
    print(f"paper-reader vs a bare Textual app, {summary['papers']:,} papers, {summary['terminal']} pty, "
          f"{summary['runs']} alternating sessions of each per pacing (after a warm-up), {summary['paint_runs']} "
          "first paints of each in a pty and in tmux")  # fmt: skip
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
    print("  Every target is a ratio to the bare app in this run (issue 17). Verdicts in parentheses are for")
    print("  information: the filter targets are judged at 60 fps and unpaced, the cursor targets unpaced")
    print("  (TEXTUAL_FPS=1000, the app's work) on the whole update (list and detail pane), memory at 200,000")
    print("  papers. Memory: the largest of paper-reader's VmRSS samples (started, after the cursor steps,")
    print("  after the queries) over the bare app's once started.")
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
    parser = argparse.ArgumentParser(description="Issue 17's targets for paper-reader in one run, against bare Textual")
    parser.add_argument("--runs", type=int, default=DEFAULT_RUNS,
                        help=f"measured sessions of each per pacing (default {DEFAULT_RUNS})")  # fmt: skip
    parser.add_argument("--paint-runs", type=int, help="measured first paints of each, per way (default 2 * runs + 1)")
    parser.add_argument("--markdown", action="store_true",
                        help="print the README's Performance table (every size, every target) on stdout")  # fmt: skip
    parser.add_argument("--out", type=Path, metavar="FILE", help="also write every size's results as JSON to FILE")
    add_library_options(parser, many=True)
    add_reader_option(parser)
    args = parser.parse_args(argv)
    if args.paint_runs is None:
        args.paint_runs = 2 * args.runs + 1
    if args.runs < 1 or args.paint_runs < 1 or min(args.papers) < 1:
        parser.error("--runs, --paint-runs and --papers must be at least 1")
    if args.json and args.markdown:
        parser.error("--json or --markdown, not both")
    return args


def measure_paints(reader_argv: list[str], papers: int, runs: int) -> Paints:
    """First paints of the reader and the bare app, alternating: in a pty, then in tmux."""
    paints: Paints = {}
    for via in ("pty", "tmux"):
        pair = (Series("paper-reader", reader_argv, reader_markers(papers), []),
                Series("bare Textual app", bare_command(), bare_markers(), []))  # fmt: skip
        progress(f"first paint in {'a pty' if via == 'pty' else 'tmux'}: {runs} runs of each ...")
        if via == "pty":
            run_paints(pair, runs, 1, label="pty ")
        else:
            with TmuxServer() as tmux:
                run_paints(pair, runs, 1, tmux.time_to_first_paint, label="tmux ")
        paints[via] = pair
    return paints


def measure(args: argparse.Namespace, papers: int, home: Path,
            load: LoadSampler) -> tuple[LibraryInfo, Paints, list[SessionResult]]:  # fmt: skip
    """The library, the first paints, then the sessions of each pacing, alternating after a warm-up."""
    library = prepare_library(home, papers, args.seed, args.rebuild)
    progress("opening the library once (schema migration, if any) ...")
    Library.open(Path(library.path)).close()
    expected = compute_expected(Path(library.path), QUERIES)
    reader_argv = [*reader_command(args.reader), "--home", str(home), "--no-refresh"]
    paints = measure_paints(reader_argv, papers, args.paint_runs)
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
    return library, paints, sessions


def home_for(args: argparse.Namespace, papers: int, temp: Path) -> Path:
    """--home DIR holds DIR/library.db for one size, DIR/50k/library.db and so on for several."""
    base = args.home.expanduser().resolve() if args.home else temp / "home"
    return base if len(args.papers) == 1 else base / size_label(papers)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    summaries = []
    try:
        for papers in args.papers:
            began = time.perf_counter()
            load = LoadSampler()
            progress(f"-- {papers:,} papers --")
            with tempfile.TemporaryDirectory(prefix="interactive-") as temp:
                library, paints, sessions = measure(args, papers, home_for(args, papers, Path(temp)), load)
            summaries.append(summarize(args, papers, paints, sessions, library, load, time.perf_counter() - began))
    except (MeasureError, LibraryError, OSError, sqlite3.Error) as exc:
        print(f"interactive: {exc}", file=sys.stderr)
        return 1
    if args.out:
        args.out.write_text(json.dumps({"sizes": summaries}, indent=2), encoding="utf-8")
    if args.json:  # one size: its summary alone, as compare.py reads it
        print(json.dumps(summaries[0] if len(summaries) == 1 else {"sizes": summaries}, indent=2))
    elif args.markdown:
        print(markdown_report(summaries, " ".join(["benchmarks/interactive.py", *(argv or sys.argv[1:])])))
    else:
        for summary in summaries:
            print_report(summary)
            print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
