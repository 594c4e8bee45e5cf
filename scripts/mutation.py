#!/usr/bin/env python3
"""Mutation testing of the lower layers (core, query, storage, sources) with mutmut, and the score per layer.

`.venv/bin/python scripts/mutation.py` mutates all four layers and runs, for each mutant, the fast tests that
reach its function ([tool.mutmut] in pyproject.toml); `scripts/mutation.py core query` only those layers;
`--survivors` tests again only the mutants no test killed (after writing tests for them); `--report` only
prints the score of the last run (kept in mutants/). A run stopped part way goes on where it was. Mutants listed in
scripts/mutation_equivalent.txt (one name a line, then the reason) are equivalent: no test can tell them from
the code, so they are left out of the score. A developer's tool, not part of .ci/run: runs take minutes per
layer, at the lowest CPU priority so the machine stays usable.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MUTMUT = Path(sys.executable).parent / "mutmut"
EQUIVALENT_LIST = ROOT / "scripts" / "mutation_equivalent.txt"
LAYERS = ("core", "query", "storage", "sources")
DETECTED = {"killed", "timeout", "caught by type check"}
"""Statuses of a mutant some check noticed; every other (survived, no tests, suspicious, ...) is a miss."""
NOT_CHECKED = "not checked"
"""A mutant not run yet (a run stopped early): left out of the score and counted apart."""


def run_layer(layer: str, workers: int) -> int:
    """Mutate one layer and test its mutants not tested yet (results are kept in mutants/).

    mutmut tests again every mutant a name pattern matches, so once a run has begun (or was stopped) the
    mutants still to test are named one by one: a run stopped at any point goes on where it was.
    """
    print(f"== mutating reader/{layer}", flush=True)
    known = read_statuses() if (ROOT / "mutants" / "mutmut-stats.json").exists() else {}
    mine = [name for name, status in known.items() if layer_of(name) == layer]
    names = [name for name in mine if known[name] == NOT_CHECKED] if mine else [f"reader.{layer}.*"]
    if not names:
        return 0
    return subprocess.call([str(MUTMUT), "run", "--max-children", str(workers), *names], cwd=ROOT)


def run_again(names: list[str], workers: int) -> int:
    """Test the named mutants again, whatever their last result: after new tests were written for them."""
    print(f"== testing {len(names)} surviving mutants again", flush=True)
    return subprocess.call([str(MUTMUT), "run", "--max-children", str(workers), *names], cwd=ROOT)


def read_statuses() -> dict[str, str]:
    """Each mutant's status from the last runs, by name (`reader.core.text.x_clean_line__mutmut_3`)."""
    listing = subprocess.run(
        [str(MUTMUT), "results", "--all", "true"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    statuses = {}
    for line in listing.splitlines():
        name, separator, status = line.strip().partition(": ")
        if separator and name.startswith("reader."):
            statuses[name] = status.strip()
    return statuses


def read_equivalent(path: Path = EQUIVALENT_LIST) -> dict[str, str]:
    """The mutants judged equivalent, each with its one-line reason; a line without a reason is an error."""
    equivalent = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, _, reason = line.partition(" ")
        if not reason.strip():
            sys.exit(f"{path.name}:{number}: {name} has no reason")
        equivalent[name] = reason.strip()
    return equivalent


def layer_of(mutant: str) -> str:
    return mutant.split(".")[1]


def report(statuses: dict[str, str], equivalent: dict[str, str], layers: tuple[str, ...]) -> list[str]:
    """Killed / counted per layer and in all (equivalent mutants not counted), and each survivor by name."""
    lines = []
    stale = sorted(name for name in equivalent if name not in statuses)
    if stale:
        lines.append(f"listed as equivalent but not a mutant any more: {', '.join(stale)}")
    # A mutant's number is its place in its function: when the function changes, a listed number can name
    # another mutant. One that a test kills is not equivalent, so its line in the list is out of date.
    caught = sorted(name for name in equivalent if statuses.get(name) in DETECTED)
    if caught:
        lines.append(f"listed as equivalent but killed (check the list): {', '.join(caught)}")
    totals: Counter[str] = Counter()
    for layer in layers:
        mine = {name: status for name, status in statuses.items() if layer_of(name) == layer}
        unchecked = sum(status == NOT_CHECKED for status in mine.values())
        counted = {name: status for name, status in mine.items() if name not in equivalent and status != NOT_CHECKED}
        killed = sum(status in DETECTED for status in counted.values())
        misses = sorted(name for name, status in counted.items() if status not in DETECTED)
        left_out = len(mine) - len(counted) - unchecked
        totals.update(killed=killed, counted=len(counted), equivalent=left_out, unchecked=unchecked)
        timeouts = sum(status == "timeout" for status in counted.values())
        totals.update(timeouts=timeouts)
        lines.append(_score_line(layer, killed, len(counted), left_out, unchecked, timeouts))
        lines += [f"    {statuses[name]}: {name}" for name in misses]
    lines.append(
        _score_line(
            "all", totals["killed"], totals["counted"], totals["equivalent"], totals["unchecked"], totals["timeouts"]
        )
    )
    return lines


def _score_line(label: str, killed: int, counted: int, equivalent: int, unchecked: int, timeouts: int) -> str:
    """The score; the kills that were timeouts are named apart (a run stopped at the time limit counts as killed)."""
    score = f"{100 * killed / counted:.1f}%" if counted else "-"
    return (
        f"{label:8} {killed:5} / {counted:5} killed  {score:>6}  ({timeouts} of them timeouts; "
        f"{equivalent} equivalent, {unchecked} not run yet)"
    )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("layers", nargs="*", choices=[*LAYERS, []], help="default: all four")
    parser.add_argument("--survivors", action="store_true", help="test again only the mutants that survived")
    parser.add_argument("--report", action="store_true", help="only print the score of the last run")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2, help="tests in parallel (default: cores)")
    arguments = parser.parse_args(argv)
    layers = tuple(arguments.layers) or LAYERS
    os.nice(19)  # the children inherit it: mutation runs take the CPU only when nothing else wants it
    if arguments.survivors:
        equivalent = read_equivalent()
        names = [
            name
            for name, status in read_statuses().items()
            if layer_of(name) in layers and status not in {*DETECTED, NOT_CHECKED} and name not in equivalent
        ]
        if names and run_again(names, arguments.workers) != 0:
            return 1
    elif not arguments.report:
        for layer in layers:
            if run_layer(layer, arguments.workers) != 0:
                return 1
    print("\n".join(report(read_statuses(), read_equivalent(), layers)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
