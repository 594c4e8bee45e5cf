"""The benchmark libraries: N generated papers imported with the real `Library.import_papers`, cached.

A built library is kept at benchmarks/.cache/library-50k.db (git-ignored; the name follows N) and
copied into the home directory of later runs; a signature in its `meta` table (generator version,
paper count, seed) tells a cached file from a stale one. The time to generate and import it and
the file's size are reported separately from any measurement.
"""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from reader.storage.library import Library
from reader.storage.schema import QUERY_INDEXES_SQL

from . import CACHE_DIR, MeasureError, progress
from .papers import generate_papers

DEFAULT_PAPERS = 50_000
DEFAULT_SEED = 2023
GENERATOR_VERSION = 1
"""Bump when the generated papers change, so cached libraries are rebuilt."""
SIGNATURE_KEY = "benchmark-first-paint"
"""The meta key of the signature (named after the first benchmark; kept so existing caches stay valid)."""
BUILD_SECONDS_KEY = "benchmark-build-seconds"


@dataclass
class LibraryInfo:
    path: str
    papers: int
    size_bytes: int
    source: str
    """"built" (generated now), "cache" (copied from benchmarks/.cache) or "reused" (already in --home)."""
    generate_seconds: float | None
    import_seconds: float | None
    recorded_build_seconds: float | None
    """Generate + import time recorded in the file when it was built (also for cached libraries)."""


def _signature(papers: int, seed: int) -> str:
    return f"v{GENERATOR_VERSION} papers={papers} seed={seed}"


def _read_only(path: Path, immutable: bool = False) -> sqlite3.Connection:
    """Read-only; `immutable` for a checkpointed file that must not grow -wal/-shm files (the cache)."""
    mode = "immutable=1" if immutable else "mode=ro"
    return sqlite3.connect(f"{path.resolve().as_uri()}?{mode}", uri=True)


def library_signature(path: Path, immutable: bool = False) -> tuple[str | None, int | None]:
    """The benchmark signature and paper count of a library file; (None, None) if it is not one."""
    if not path.is_file():
        return None, None
    try:
        with contextlib.closing(_read_only(path, immutable)) as db:
            row = db.execute("SELECT value FROM meta WHERE key = ?", (SIGNATURE_KEY,)).fetchone()
            count = db.execute("SELECT count(*) FROM papers").fetchone()[0]
    except sqlite3.Error:
        return None, None
    return (row[0] if row else None), count


def _recorded_build_seconds(path: Path) -> float | None:
    with contextlib.closing(_read_only(path)) as db:
        row = db.execute("SELECT value FROM meta WHERE key = ?", (BUILD_SECONDS_KEY,)).fetchone()
    return float(row[0]) if row else None


def _remove_db(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _checkpoint(path: Path) -> None:
    """Fold the WAL into the main file, so the file alone is the whole library."""
    with contextlib.closing(sqlite3.connect(path)) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def build_library(path: Path, papers: int, seed: int) -> tuple[float, float]:
    """Generate and import; returns (generate seconds, import seconds)."""
    _remove_db(path)
    started = time.perf_counter()
    generated = generate_papers(papers, seed)
    generated_at = time.perf_counter()
    with Library.open(path) as library:
        result = library.import_papers(generated)
        imported_at = time.perf_counter()
        if len(result.added) != papers:
            raise MeasureError(f"generated {papers} papers but {len(result.added)} were added (duplicate ids?)")
        library.set_meta(SIGNATURE_KEY, _signature(papers, seed))
        library.set_meta(BUILD_SECONDS_KEY, f"{imported_at - started:.3f}")
    _checkpoint(path)
    return generated_at - started, imported_at - generated_at


def size_label(papers: int) -> str:
    """50k for 50,000 papers: the cache's file name, and a directory name for one size of several."""
    return f"{papers // 1000}k" if papers % 1000 == 0 else str(papers)


def prepare_library(home: Path, papers: int, seed: int, rebuild: bool) -> LibraryInfo:
    """Make `home`/library.db the benchmark library: reuse it, copy the cache, or build it."""
    home.mkdir(parents=True, exist_ok=True)
    target = home / "library.db"
    wanted = _signature(papers, seed)
    signature, count = library_signature(target)
    if target.exists() and signature is None:
        raise MeasureError(f"{target} exists and is not a library made by this benchmark; give an empty --home")
    cache = CACHE_DIR / f"library-{size_label(papers)}.db"
    generate_s = import_s = None
    if not rebuild and signature == wanted and count == papers:
        source = "reused"
    elif not rebuild and library_signature(cache, immutable=True) == (wanted, papers):
        _remove_db(target)
        shutil.copyfile(cache, target)
        source = "cache"
    else:
        progress(f"building a {papers:,}-paper library in {target} ...")
        generate_s, import_s = build_library(target, papers, seed)
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        if cache.resolve() != target.resolve():
            _remove_db(cache)
            shutil.copyfile(target, cache)
        source = "built"
    if library_signature(target) != (wanted, papers):
        raise MeasureError(f"{target} does not hold the expected {papers:,} benchmark papers")
    return LibraryInfo(
        str(target), papers, library_size_bytes(target), source, generate_s, import_s, _recorded_build_seconds(target)
    )


def mark_some_papers(path: Path) -> tuple[int, int]:
    """Every 5th paper read, every 97th starred (straight in SQL): what a year of reading might leave."""
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


QUERY_INDEXES_VERSION = 3
"""The schema version whose migration holds QUERY_INDEXES_SQL (the covering index, FTS5 prefix indexes)."""


def schema_version(path: Path) -> int:
    with contextlib.closing(sqlite3.connect(path)) as db:
        return db.execute("PRAGMA user_version").fetchone()[0]


def apply_query_indexes(path: Path) -> float:
    """Run QUERY_INDEXES_SQL on a library older than schema 3, as the migration does; returns the seconds."""
    started = time.perf_counter()
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as db:
        db.executescript(f"BEGIN IMMEDIATE; {QUERY_INDEXES_SQL}; COMMIT;")
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return time.perf_counter() - started


def library_size_bytes(path: Path) -> int:
    """The library file and its write-ahead log."""
    return sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists())
