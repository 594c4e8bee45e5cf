"""Writing papers into the library: new ones inserted, known ones updated, keeping what a new copy lacks.

Papers are first staged in a temporary table (one `executemany` per batch; a second copy of a paper in the
same input merges into the first there), then merged into `papers` by one INSERT ... SELECT per range of
staged rows: set-based, so SQLite does the work in constant memory, whatever the number of papers.
These run inside the caller's transaction (`Library.import_papers`, `Library.store_list`, `Library.import_stream`)
and never touch the `state` table.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from itertools import islice

from reader.core.paper import Paper
from reader.storage.rows import PAPER_COLUMNS, ImportCounts, ImportResult, paper_from_row, paper_values

STAGING = "temp.import_staging"
"""Where papers wait to be merged: a table of this connection only, gone with it (a crash leaves nothing)."""

_COLUMNS = [column.strip() for column in PAPER_COLUMNS.split(",")]
_FIELDS = _COLUMNS[1:]
_COMPARED = [column for column in _FIELDS if column != "raw"]
"""What tells a changed paper from an unchanged one: every field but the raw JSON (`Paper.raw` compares equal)."""

_STAGING_SQL = (
    "CREATE TEMP TABLE IF NOT EXISTS import_staging (id TEXT PRIMARY KEY, title TEXT NOT NULL, "
    "abstract TEXT NOT NULL, authors TEXT NOT NULL, published_on TEXT, daily_date TEXT, upvotes INTEGER, "
    "comments INTEGER, github_repo TEXT, github_stars INTEGER, project_page TEXT, organization TEXT, "
    "submitter TEXT, ai_summary TEXT, ai_keywords TEXT NOT NULL, raw TEXT NOT NULL)"
)


def _kept(new: str, old: str, column: str) -> str:
    """The merge rule of one field in SQL: the new copy's value, or the old one where the new lacks it
    (NULL, '' -- an empty text, or no authors or keywords); see `merge`."""
    return f"coalesce(nullif({new}.{column}, ''), {old}.{column})"


def _list_date(new: str, old: str) -> str:
    """daily_date, else published_on, of the merged paper: the date of the list it belongs to."""
    daily, published = _kept(new, old, "daily_date"), _kept(new, old, "published_on")
    return f"coalesce(nullif({daily}, ''), nullif({published}, ''), '')"


def _changed(new: str, old: str) -> str:
    merged = ", ".join(_kept(new, old, column) for column in _COMPARED)
    return f"({merged}) IS NOT ({', '.join(f'{old}.{column}' for column in _COMPARED)})"


def _assignments(old: str) -> str:
    return ", ".join(f"{column} = {_kept('excluded', old, column)}" for column in _FIELDS)


_STAGE_SQL = (
    f"INSERT INTO {STAGING} ({PAPER_COLUMNS}) VALUES ({', '.join('?' * len(_COLUMNS))}) ON CONFLICT (id) "
    f"DO UPDATE SET {_assignments('import_staging')}"
)
_MERGE_SQL = (
    f"INSERT INTO papers ({PAPER_COLUMNS}, list_date, added_at, updated_at) "
    f"SELECT {PAPER_COLUMNS}, coalesce(nullif(daily_date, ''), nullif(published_on, ''), ''), :stamp, :stamp "
    f"FROM {STAGING} WHERE rowid BETWEEN :first AND :last ORDER BY rowid "
    f"ON CONFLICT (id) DO UPDATE SET {_assignments('papers')}, "
    f"list_date = {_list_date('excluded', 'papers')}, updated_at = excluded.updated_at "
    f"WHERE {_changed('excluded', 'papers')}"
)
_IN_RANGE = f"FROM {STAGING} s WHERE s.rowid BETWEEN :first AND :last"
_ADDED_SQL = f"SELECT s.id {_IN_RANGE} AND NOT EXISTS (SELECT 1 FROM papers p WHERE p.id = s.id) ORDER BY s.rowid"
_UPDATED_SQL = (
    f"SELECT s.id FROM {STAGING} s JOIN papers p ON p.id = s.id "
    f"WHERE s.rowid BETWEEN :first AND :last AND {_changed('s', 'p')} ORDER BY s.rowid"
)


def start_staging(db: sqlite3.Connection) -> None:
    """An empty staging table (left over rows, from an import that failed on this connection, go)."""
    db.execute(_STAGING_SQL)
    db.execute(f"DELETE FROM {STAGING}")


def drop_staging(db: sqlite3.Connection) -> None:
    db.execute(f"DROP TABLE IF EXISTS {STAGING}")


def stage(db: sqlite3.Connection, papers: Iterable[Paper]) -> int:
    """Stage papers (a later copy of a staged paper merges into it, keeping its place); how many were given."""
    rows = [paper_values(paper) for paper in papers]
    db.executemany(_STAGE_SQL, rows)
    return len(rows)


def staged_range(db: sqlite3.Connection) -> tuple[int, int]:
    """The first and last rowid of the staged papers ((1, 0) when none are)."""
    first, last = db.execute(f"SELECT min(rowid), max(rowid) FROM {STAGING}").fetchone()
    return (1, 0) if first is None else (int(first), int(last))


def merge_staged(db: sqlite3.Connection, stamp: str, first: int, last: int) -> ImportCounts:
    """Merge the staged rows `first`..`last` into `papers`, stamped `stamp`: how many were added, updated, left."""
    bounds = {"first": first, "last": last, "stamp": stamp}
    added = db.execute(f"SELECT count(*) FROM ({_ADDED_SQL})", bounds).fetchone()[0]
    updated = db.execute(f"SELECT count(*) FROM ({_UPDATED_SQL})", bounds).fetchone()[0]
    total = db.execute(f"SELECT count(*) {_IN_RANGE}", bounds).fetchone()[0]
    db.execute(_MERGE_SQL, bounds)
    return ImportCounts(added, updated, total - added - updated)


def import_papers(db: sqlite3.Connection, papers: Iterable[Paper], stamp: str) -> ImportResult:
    """Insert the new papers and update the changed ones, stamped `stamp`; what was added, updated, unchanged.

    A paper given twice is merged into its first copy (the later copy's fields win), in first-seen order.
    """
    start_staging(db)
    for batch in batches(papers, 5_000):
        stage(db, batch)
    first, last = staged_range(db)
    bounds = {"first": first, "last": last}
    added = tuple(row[0] for row in db.execute(_ADDED_SQL, bounds))
    updated = tuple(row[0] for row in db.execute(_UPDATED_SQL, bounds))
    counts = merge_staged(db, stamp, first, last)
    db.execute(f"DELETE FROM {STAGING}")
    return ImportResult(added, updated, counts.unchanged)


def batches(papers: Iterable[Paper], size: int) -> Iterator[list[Paper]]:
    """The papers in lists of at most `size`."""
    iterator = iter(papers)
    while batch := list(islice(iterator, size)):
        yield batch


def paper_by_id(db: sqlite3.Connection, paper_id: str) -> Paper | None:
    row = db.execute(f"SELECT {PAPER_COLUMNS} FROM papers WHERE id = ?", (paper_id,)).fetchone()
    return paper_from_row(row) if row else None
