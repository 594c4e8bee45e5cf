"""Old code against new on one machine in one session: interactive.py run alternately for each reader.

Each round runs ``interactive.py --json --reader PATH`` once for every reader, in the order given
(A, B, A, B, ...), so drift in the machine's load hits both alike. Every run measures its own
bare Textual app as well. For each figure of interactive.py's table the report gives, per reader,
the median over the rounds and the range (min-max) of the rounds: the range of repeated runs of
the same code is the run-to-run noise. A change (last reader's median minus the first's) larger
than the larger of the two ranges is reported as worse or better, anything else as within noise.
The bare app's range over all runs shows what the machine alone varies. The 1-minute load
average is recorded before and after each run; the machine may be shared.

The harness (library, expected screens, bare app) is this checkout's; only the reader differs.
A reader is a console script or a checkout with a .venv (``python3 dev.py test --co -q`` in a
checkout creates it).

Usage (from the project root, with the project's venv)::

    git worktree add ../wt-before cb617f2 && (cd ../wt-before && python3 dev.py test --co -q)
    .venv/bin/python benchmarks/compare.py --reader before=../wt-before --reader after=. --rounds 3
    .venv/bin/python benchmarks/compare.py ... --runs 1 --paint-runs 3 --out compare.json

``--runs`` and ``--paint-runs`` are passed to interactive.py (defaults here: 1 and 3, about two
minutes a run on 2 cores); ``--papers`` chooses a smaller library.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from harness import ROOT, progress
from harness.corpus import DEFAULT_PAPERS
from harness.stats import median, spread

INTERACTIVE = Path(__file__).resolve().parent / "interactive.py"


def parse_readers(values: Sequence[str]) -> list[tuple[str, str]]:
    """NAME=PATH pairs; one reader alone is compared with this checkout's ("this")."""
    readers = []
    for value in values:
        name, sep, path = value.partition("=")
        if not sep or not name or not path:
            raise SystemExit(f"compare: --reader {value!r}: give NAME=PATH")
        readers.append((name, str(Path(path).expanduser().resolve())))
    if len(readers) == 1:
        readers.append(("this", str(ROOT)))
    if len({name for name, _ in readers}) != len(readers):
        raise SystemExit("compare: every --reader needs a name of its own")
    return readers


def run_interactive(path: str, args: argparse.Namespace) -> dict[str, Any]:
    """One run of interactive.py on the reader at `path`; its JSON summary and the load around it."""
    argv = [sys.executable, str(INTERACTIVE), "--json", "--reader", path, "--runs", str(args.runs),
            "--paint-runs", str(args.paint_runs), "--papers", str(args.papers)]  # fmt: skip
    load_before = os.getloadavg()[0]
    done = subprocess.run(argv, stdout=subprocess.PIPE, text=True, cwd=ROOT, check=False)
    if done.returncode != 0:
        raise SystemExit(f"compare: {' '.join(argv)} failed with status {done.returncode}")
    summary = json.loads(done.stdout)
    summary["compare_load"] = {"before": load_before, "after": os.getloadavg()[0]}
    return summary


def compare(runs: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """Per figure: each reader's median and range over its runs, the bare app's range, the change, a verdict."""
    names = list(runs)
    figures = [t["figure"] for t in runs[names[0]][0]["targets"]]
    rows = []
    for figure in figures:
        measured = {name: [next(t for t in run["targets"] if t["figure"] == figure) for run in runs[name]]
                    for name in names}  # fmt: skip
        per_reader = {name: spread([t["measured"] for t in targets]) for name, targets in measured.items()}
        bare = spread([t["reference"] for targets in measured.values() for t in targets])
        first, last = per_reader[names[0]], per_reader[names[-1]]
        change = last["median"] - first["median"]
        noise = max(first["range"], last["range"])
        verdict = "worse" if change > noise else "better" if change < -noise else "within noise"
        unit = measured[names[0]][0]["unit"]
        rows.append({"figure": figure, "unit": unit, "readers": per_reader, "bare": bare, "change": change,
                     "noise": noise, "verdict": verdict})  # fmt: skip
    return rows


def _median_range(figure: dict[str, float]) -> str:
    return f"{figure['median']:.1f} ({figure['min']:.1f}-{figure['max']:.1f})"


def print_report(rows: list[dict[str, Any]], runs: dict[str, list[dict[str, Any]]], readers: list[tuple[str, str]],
                 args: argparse.Namespace) -> None:  # fmt: skip
    names = list(runs)
    print(f"interactive.py, {args.rounds} alternating rounds of {' / '.join(names)} "
          f"({args.runs} session(s) of each per pacing, {args.paint_runs} first paints per run)")  # fmt: skip
    for name, path in readers:
        print(f"  {name}: {path}")
    print()
    cells = "".join(f" {name + ': median (range)':>26}" for name in names)
    header = f"  {'figure':<36}{cells} {'change':>9} {'noise':>8} {'bare range':>11}  verdict"
    print(header + "\n  " + "-" * (len(header) - 2))
    for row in rows:
        cells = "".join(f" {_median_range(s):>26}" for s in row["readers"].values())
        bare = row["bare"]
        print(f"  {row['figure']:<36}{cells} {row['change']:>+9.1f} {row['noise']:>8.1f} "
              f"{bare['range']:>11.1f}  {row['verdict']}")  # fmt: skip
    print()
    print("  ms, except memory (MB). noise: the larger range of the first and last reader's runs; bare range: the")
    print("  bare app's range over all runs (the machine alone).")
    print()
    print("Load average (1 min) before / after each run:")
    for round_number in range(args.rounds):
        loads = ", ".join(f"{name} {runs[name][round_number]['compare_load']['before']:.2f} / "
                          f"{runs[name][round_number]['compare_load']['after']:.2f}" for name in names)  # fmt: skip
        print(f"  round {round_number + 1}: {loads}")
    every = [run["load_average_1min"]["max"] for name in names for run in runs[name]]
    print(f"  highest sample during the runs {max(every):.2f}, median of the runs' highest {median(every):.2f}, "
          f"on {os.cpu_count()} CPUs")  # fmt: skip


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="interactive.py for two (or more) readers, alternating.")
    parser.add_argument("--reader", action="append", required=True, metavar="NAME=PATH",
                        help="a reader (console script or checkout); give two, the old first")  # fmt: skip
    parser.add_argument("--rounds", type=int, default=3, help="runs of each reader, alternating (default 3)")
    parser.add_argument("--runs", type=int, default=1, help="interactive.py --runs (default 1)")
    parser.add_argument("--paint-runs", type=int, default=3, help="interactive.py --paint-runs (default 3)")
    parser.add_argument("--papers", type=int, default=DEFAULT_PAPERS, help=f"library size (default {DEFAULT_PAPERS:,})")
    parser.add_argument("--out", type=Path, help="also write every run's JSON and the comparison to this file")
    parser.add_argument("--json", action="store_true", help="print the comparison as JSON on stdout")
    args = parser.parse_args(argv)
    if args.rounds < 2:
        parser.error("--rounds must be at least 2: the noise is the spread of repeated runs")
    readers = parse_readers(args.reader)
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name, _ in readers}
    result: dict[str, Any] = {"readers": dict(readers), "rounds": args.rounds, "runs_per_pacing": args.runs,
                              "paint_runs": args.paint_runs, "papers": args.papers}  # fmt: skip
    for round_number in range(args.rounds):
        for name, path in readers:
            progress(f"round {round_number + 1}/{args.rounds}: {name} ({path}) ...")
            runs[name].append(run_interactive(path, args))
            if args.out:  # after every run, so an interrupted comparison keeps what it measured
                args.out.write_text(json.dumps({**result, "runs": runs}, indent=2), encoding="utf-8")
    rows = compare(runs)
    result["comparison"] = rows
    if args.out:
        args.out.write_text(json.dumps({**result, "runs": runs}, indent=2), encoding="utf-8")
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print_report(rows, runs, readers, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
