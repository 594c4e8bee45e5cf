"""Running the schema's migrations, one transaction each, telling how far along they are.

The slow step is the rebuild of the full-text index (10-24 s at 50,000 papers on a busy machine): it runs here
as the same inserts `'rebuild'` makes, a range of papers at a time within the migration's transaction, so
progress can be told between ranges; the other statements count one step each.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

from reader.storage.schema import MIGRATIONS, SCHEMA_VERSION, split_sql

MigrationProgress = Callable[[int, int], None]
"""(steps done, steps in all): a step is a statement, or a paper indexed again."""

REBUILD_STEP = 2_000
"""Papers indexed again between two reports of progress."""

_REBUILD = re.compile(r"INSERT INTO papers_fts \(papers_fts\) VALUES \('rebuild'\);?", re.IGNORECASE)
_FTS_COLUMNS = "title, abstract, authors, ai_keywords, organization"


def pending(version: int) -> list[int]:
    """The migrations a library at schema `version` still needs."""
    return list(range(version + 1, SCHEMA_VERSION + 1))


def upgrade_pending(path: Path) -> bool:
    """Whether the library file at `path` exists with an older schema (a new library is quick to set up)."""
    if not path.is_file():
        return False
    version = schema_version_of(path)
    return version is not None and 1 <= version < SCHEMA_VERSION


def schema_version_of(path: Path) -> int | None:
    """The schema version of the library file at `path`, read without writing anything; None if it cannot be."""
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        return int(connection.execute("PRAGMA user_version").fetchone()[0])
    except sqlite3.Error:
        return None
    finally:
        connection.close()


def migrate(db: sqlite3.Connection, progress: MigrationProgress | None = None) -> None:
    """Bring the schema of `db` up to date, one migration per transaction (a failed one is rolled back)."""
    version = db.execute("PRAGMA user_version").fetchone()[0]
    targets = pending(version)
    if not targets:
        return
    scripts = {target: split_sql(MIGRATIONS[target]) for target in targets}
    papers = db.execute("SELECT count(*) FROM papers").fetchone()[0] if version >= 1 else 0
    total = sum(papers if _REBUILD.fullmatch(s) else 1 for statements in scripts.values() for s in statements)
    done = 0
    report = progress or (lambda done, total: None)
    report(0, total)
    for target, statements in scripts.items():
        db.execute("BEGIN IMMEDIATE")
        try:
            for statement in statements:
                if _REBUILD.fullmatch(statement):
                    done = _rebuild_papers_fts(db, done, total, report)
                else:
                    db.execute(statement)
                    done += 1
                    report(done, total)
            db.execute(f"PRAGMA user_version = {target}")
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                with suppress(sqlite3.Error):  # the error being raised says more than this one
                    db.execute("ROLLBACK")
            raise


def _rebuild_papers_fts(db: sqlite3.Connection, done: int, total: int, report: MigrationProgress) -> int:
    """What `'rebuild'` does (empty the index, index every paper again), a range of papers at a time."""
    db.execute("INSERT INTO papers_fts (papers_fts) VALUES ('delete-all')")
    last = -1
    while True:
        pks = [row[0] for row in db.execute("SELECT pk FROM papers WHERE pk > ? ORDER BY pk LIMIT ?",
                                            (last, REBUILD_STEP))]  # fmt: skip
        if not pks:
            return done
        db.execute(
            f"INSERT INTO papers_fts (rowid, {_FTS_COLUMNS}) SELECT pk, {_FTS_COLUMNS} FROM papers "
            "WHERE pk BETWEEN ? AND ? ORDER BY pk",
            (pks[0], pks[-1]),
        )
        last = pks[-1]
        done += len(pks)
        report(done, total)
