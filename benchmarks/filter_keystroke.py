"""Time from a keystroke in the filter box to the updated list, on a 50,000-paper library.

What it measures
----------------
Wall-clock time of ``Library.select(PaperFilter(text=...))`` -- parse, compile,
SQLite, ordering -- for every prefix of a set of queries, as if each query were
typed one character at a time (``d``, ``di``, ``dif``, ... ``diffusion``). That
is the work the reader does per keystroke before it redraws the visible rows
(drawing the ~40 visible rows is not included). Keystrokes that leave the
text malformed for a moment (``upvotes>=``, ``title:"lang`` is fine) raise
``QueryError``; the reader then keeps its list and does no work, so they are
counted but left out of the times.

Queries come in three groups -- free words, fields, combined queries -- and
every sort order is measured too: the first select in a new order (which
builds and caches the order of the whole library) and then typing a word in
it. Each query is typed ``--rounds`` times (default 3); the report gives the
median, 95th percentile and maximum per group and the median of each whole
query.

The library is the one ``benchmarks/first_paint.py`` builds (its builder and
cache are reused; see that file), copied into a temporary directory. Before
measuring, 20% of the papers are marked read and 1% starred (straight in SQL,
deterministic), so ``is:unread`` and ``is:starred`` have real work. Two copies
are measured:

* ``schema 1``: the library as this version creates it;
* ``with QUERY_INDEXES_SQL``: after the statements of
  ``reader.storage.library.QUERY_INDEXES_SQL`` (a covering index for the filter columns
  and FTS5 prefix indexes; the next migration).

It is a measurement: the exit status is 0 whether or not the target (a median
under 16 ms per group) is met, non-zero only when measuring failed. The load
average is reported; other load on the machine makes the figures noisy.

Usage (from the project root, with the project's venv)::

    .venv/bin/python benchmarks/filter_keystroke.py              # both copies, table
    .venv/bin/python benchmarks/filter_keystroke.py --json       # machine-readable results on stdout
    .venv/bin/python benchmarks/filter_keystroke.py --only indexed --rounds 5
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

# The builder and cache of the other benchmark, importable through the line above.
from first_paint import (
    DEFAULT_PAPERS,
    DEFAULT_SEED,
    LAST_DAY,
    LibraryInfo,
    MeasureError,
    prepare_library,
)

from reader.query import PaperFilter, QueryError, Sort
from reader.storage.errors import LibraryError
from reader.storage.library import Library
from reader.storage.schema import QUERY_INDEXES_SQL

TARGET_MS = 16.0
TODAY: date = LAST_DAY
"""`age<30d` is relative to the last Daily list of the generated library, so results never drift."""

QUERIES: dict[str, list[str]] = {
    "words": ["diffusion", "video generation", "reinforcement learning", "agents", "sparse attention"],
    "fields": ["author:smith", 'title:"language model"', "keyword:agent", "org:deepmind", "submitter:jun"],
    "combined": [
        "upvotes>=50 has:code",
        'title:"language model" OR keyword:agent',
        "is:unread",
        "-video date>=2025-06",
        "diffusion has:code upvotes>=10",
        "is:starred OR stars>1000",
        "age<90d -is:read",
    ],
}
SORT_WORD = "diffusion"
VARIANTS = {"shipped": "schema 1", "indexed": "with QUERY_INDEXES_SQL"}


@dataclass
class Group:
    name: str
    keystroke_ms: list[float] = field(default_factory=list)
    malformed_keystrokes: int = 0
    whole_query_ms: dict[str, float] = field(default_factory=dict)
    """Median time of each whole query (its last keystroke)."""
    matches: dict[str, int] = field(default_factory=dict)

    def summary(self) -> dict[str, Any]:
        times = sorted(self.keystroke_ms)
        return {
            "keystrokes": len(times),
            "malformed_keystrokes": self.malformed_keystrokes,
            "median_ms": statistics.median(times) if times else None,
            "p95_ms": times[min(len(times) - 1, int(len(times) * 0.95))] if times else None,
            "max_ms": times[-1] if times else None,
            "whole_query_median_ms": self.whole_query_ms,
            "matches": self.matches,
        }


@dataclass
class SortResult:
    sort: str
    reverse: bool
    first_select_ms: float
    """Building and caching the order of the whole library."""
    keystroke_median_ms: float


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _timed(library: Library, paper_filter: PaperFilter) -> tuple[float | None, int]:
    """(milliseconds, matches) of one select; None when the text is malformed."""
    started = time.perf_counter()
    try:
        pks = library.select(paper_filter, today=TODAY)
    except QueryError:
        return None, 0
    return (time.perf_counter() - started) * 1000, len(pks)


def type_query(library: Library, group: Group, query: str, rounds: int, sort: Sort = Sort.DATE) -> None:
    last: list[float] = []
    for _ in range(rounds):
        for end in range(1, len(query) + 1):
            ms, matches = _timed(library, PaperFilter(text=query[:end], sort=sort))
            if ms is None:
                group.malformed_keystrokes += 1
                continue
            group.keystroke_ms.append(ms)
            if end == len(query):
                last.append(ms)
                group.matches[query] = matches
    if last:
        group.whole_query_ms[query] = statistics.median(last)


def measure(library: Library, rounds: int) -> tuple[list[Group], list[SortResult]]:
    library.select(PaperFilter())  # the default order, cached as at the reader's start
    groups = []
    for name, queries in QUERIES.items():
        group = Group(name)
        for query in queries:
            type_query(library, group, query, rounds)
        groups.append(group)
        _progress(f"  {name}: median {statistics.median(group.keystroke_ms):.1f} ms")
    sorts = []
    for sort in Sort:
        for reverse in (False, True):
            library._orders.clear()  # as after an import: the first select in this order builds it
            started = time.perf_counter()
            library.select(PaperFilter(sort=sort, reverse=reverse), today=TODAY)
            first = (time.perf_counter() - started) * 1000
            group = Group(f"{sort.value}{' reversed' if reverse else ''}")
            type_query(library, group, SORT_WORD, rounds, sort)
            sorts.append(SortResult(sort.value, reverse, first, statistics.median(group.keystroke_ms)))
    return groups, sorts


def mark_some_papers(path: Path) -> tuple[int, int]:
    """Every 5th paper read, every 97th starred: what a year of reading might leave."""
    with contextlib.closing(sqlite3.connect(path)) as db, db:
        db.execute("DELETE FROM state")
        db.execute(
            "INSERT INTO state (paper_id, read_at, read_changed_at) "
            "SELECT id, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z' FROM papers WHERE pk % 5 = 0"
        )
        db.execute(
            "INSERT INTO state (paper_id, starred_at, starred_changed_at) "
            "SELECT id, '2026-01-02T00:00:00.000Z', '2026-01-02T00:00:00.000Z' FROM papers WHERE pk % 97 = 0 "
            "ON CONFLICT (paper_id) DO UPDATE SET starred_at = excluded.starred_at, "
            "starred_changed_at = excluded.starred_changed_at"
        )
        read = db.execute("SELECT count(*) FROM state WHERE read_at IS NOT NULL").fetchone()[0]
        starred = db.execute("SELECT count(*) FROM state WHERE starred_at IS NOT NULL").fetchone()[0]
    return read, starred


def apply_query_indexes(path: Path) -> float:
    """Run QUERY_INDEXES_SQL on the copy, as the migration will; returns the seconds it took."""
    started = time.perf_counter()
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as db:
        db.executescript(f"BEGIN IMMEDIATE; {QUERY_INDEXES_SQL}; COMMIT;")
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return time.perf_counter() - started


QUERY_INDEXES_VERSION = 3
"""The schema version whose migration holds QUERY_INDEXES_SQL."""


def _schema_version(path: Path) -> int:
    with contextlib.closing(sqlite3.connect(path)) as db:
        return db.execute("PRAGMA user_version").fetchone()[0]


def _size_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists()) / 1e6


def print_report(
    results: dict[str, dict[str, Any]], library: LibraryInfo, rounds: int, load: tuple[float, float]
) -> None:
    print(f"Library.select per keystroke, {library.papers:,} papers, each query typed {rounds} times")
    if max(load) > 0.5 * (os.cpu_count() or 1):
        print(f"  note: load average {load[0]:.1f} before / {load[1]:.1f} after on {os.cpu_count()} CPUs; expect noise")
    for result in results.values():
        print()
        print(f"{result['variant']}: {result['size_mb']:.0f} MB", end="")
        if result.get("migration_seconds") is not None:
            print(f" (the statements took {result['migration_seconds']:.1f} s)", end="")
        print()
        print(f"  {'group':<10} {'keys':>5} {'median':>9} {'p95':>9} {'max':>9}   target median < {TARGET_MS:.0f} ms")
        for name, group in result["groups"].items():
            verdict = "PASS" if group["median_ms"] < TARGET_MS else "MISS"
            print(f"  {name:<10} {group['keystrokes']:>5} {group['median_ms']:>7.1f}ms {group['p95_ms']:>7.1f}ms "
                  f"{group['max_ms']:>7.1f}ms   {verdict}")  # fmt: skip
        print("  whole queries (median ms, matches):")
        for group in result["groups"].values():
            for query, ms in group["whole_query_median_ms"].items():
                print(f"    {ms:7.1f}  {group['matches'][query]:>6,}  {query}")
        print(f"  sorts (first select builds the order; then typing {SORT_WORD!r}):")
        for sort in result["sorts"]:
            name = f"{sort['sort']}{' reversed' if sort['reverse'] else ''}"
            print(f"    {name:<18} first {sort['first_select_ms']:7.1f} ms   "
                  f"typing median {sort['keystroke_median_ms']:6.1f} ms")  # fmt: skip


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Library.select time per filter keystroke on a 50,000-paper library.")
    parser.add_argument("--rounds", type=int, default=3, help="times each query is typed (default 3)")
    parser.add_argument("--only", choices=sorted(VARIANTS), help="measure one copy only (default: both)")
    parser.add_argument("--rebuild", action="store_true", help="generate the library again, ignoring the cache")
    parser.add_argument("--papers", type=int, default=DEFAULT_PAPERS, help=argparse.SUPPRESS)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=argparse.SUPPRESS)
    parser.add_argument("--json", action="store_true", help="print the results as JSON on stdout")
    args = parser.parse_args(argv)
    if args.rounds < 1 or args.papers < 1:
        parser.error("--rounds and --papers must be at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    began = time.perf_counter()
    load_before = os.getloadavg()[0]
    results: dict[str, dict[str, Any]] = {}
    try:
        with tempfile.TemporaryDirectory(prefix="filter-keystroke-") as temp:
            work = Path(temp)
            library_info = prepare_library(work / "home", args.papers, args.seed, args.rebuild)
            shipped = Path(library_info.path)
            read, starred = mark_some_papers(shipped)
            migrated = _schema_version(shipped) >= QUERY_INDEXES_VERSION
            for variant in [args.only] if args.only else list(VARIANTS):
                path, migration = shipped, None
                if variant == "shipped" and migrated:
                    _progress("the library was built at the current schema: no schema-1 copy to measure")
                    continue
                if variant == "indexed" and not migrated:
                    path = work / "indexed" / "library.db"
                    path.parent.mkdir()
                    shutil.copyfile(shipped, path)
                    _progress("applying QUERY_INDEXES_SQL (rebuilds the full-text index) ...")
                    migration = apply_query_indexes(path)
                _progress(f"measuring {VARIANTS[variant]} ({read:,} read, {starred:,} starred) ...")
                with Library.open(path) as library:
                    groups, sorts = measure(library, args.rounds)
                results[variant] = {
                    "variant": VARIANTS[variant],
                    "size_mb": _size_mb(path),
                    "migration_seconds": migration,
                    "read": read,
                    "starred": starred,
                    "groups": {group.name: group.summary() for group in groups},
                    "sorts": [asdict(sort) for sort in sorts],
                }
    except (MeasureError, LibraryError, OSError, sqlite3.Error) as exc:
        print(f"filter_keystroke: {exc}", file=sys.stderr)
        return 1
    load = (load_before, os.getloadavg()[0])
    if args.json:
        print(json.dumps({
            "papers": args.papers,
            "rounds": args.rounds,
            "today": TODAY.isoformat(),
            "target_median_ms": TARGET_MS,
            "python": sys.executable,
            "sqlite": sqlite3.sqlite_version,
            "library": asdict(library_info),
            "results": results,
            "benchmark_seconds": time.perf_counter() - began,
            "load_average_1min": {"before": load[0], "after": load[1], "cpus": os.cpu_count()},
        }, indent=2))  # fmt: skip
    else:
        print_report(results, library_info, args.rounds, load)
        print(f"Benchmark took {time.perf_counter() - began:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
