"""Writing papers into the library: new ones inserted, known ones updated, keeping what a new copy lacks.

These run inside the caller's transaction (`Library.import_papers`, `Library.store_list`) and never touch
the `state` table.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import fields, replace

from reader.core.paper import Paper
from reader.storage.rows import PAPER_COLUMNS, ImportResult, paper_from_row, paper_values


def import_papers(db: sqlite3.Connection, papers: Iterable[Paper], stamp: str) -> ImportResult:
    """Insert the new papers and update the changed ones, stamped `stamp`; what was added, updated, unchanged."""
    added: list[str] = []
    updated: list[str] = []
    unchanged = 0
    for paper in _last_copy_of_each(papers):
        old = paper_by_id(db, paper.id)
        if old is None:
            _insert(db, paper, stamp)
            added.append(paper.id)
            continue
        merged = _merge(old, paper)
        if merged == old:
            unchanged += 1
            continue
        _update(db, merged, stamp)
        updated.append(paper.id)
    return ImportResult(tuple(added), tuple(updated), unchanged)


def paper_by_id(db: sqlite3.Connection, paper_id: str) -> Paper | None:
    row = db.execute(f"SELECT {PAPER_COLUMNS} FROM papers WHERE id = ?", (paper_id,)).fetchone()
    return paper_from_row(row) if row else None


def _insert(db: sqlite3.Connection, paper: Paper, stamp: str) -> None:
    db.execute(
        f"INSERT INTO papers ({PAPER_COLUMNS}, list_date, added_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (*paper_values(paper), _list_date(paper), stamp, stamp),
    )


def _update(db: sqlite3.Connection, paper: Paper, stamp: str) -> None:
    assignments = ", ".join(f"{c.strip()} = ?" for c in PAPER_COLUMNS.split(",")[1:])
    db.execute(
        f"UPDATE papers SET {assignments}, list_date = ?, updated_at = ? WHERE id = ?",
        (*paper_values(paper)[1:], _list_date(paper), stamp, paper.id),
    )


def _last_copy_of_each(papers: Iterable[Paper]) -> list[Paper]:
    """One paper per id (a file may hold the same paper twice); the later copy wins, in first-seen order."""
    by_id: dict[str, Paper] = {}
    for paper in papers:
        by_id[paper.id] = _merge(by_id[paper.id], paper) if paper.id in by_id else paper
    return list(by_id.values())


def _merge(old: Paper, new: Paper) -> Paper:
    """`new`, with every field it lacks taken from `old`."""
    changes = {}
    for name in (f.name for f in fields(Paper)):
        if name in {"id", "raw"}:
            continue
        value = getattr(new, name)
        if value is None or value == () or value == "":
            changes[name] = getattr(old, name)
    merged = replace(new, **changes)
    return merged if new.raw else replace(merged, raw=old.raw)


def _list_date(paper: Paper) -> str:
    return paper.daily_date or paper.published_on or ""
