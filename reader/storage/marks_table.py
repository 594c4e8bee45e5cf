"""The reader's marks in the `state` table: read, set with a time that only moves forward, merged in.

SQLite's errors pass through; `Library` turns them into a `LibraryError` that names its file.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta

from reader.core.marks import AllMarks, Mark, iso_stamp, merge, now_iso
from reader.storage.rows import PaperState


def paper_state(db: sqlite3.Connection, paper_id: str) -> PaperState:
    row = db.execute("SELECT read_at, starred_at FROM state WHERE paper_id = ?", (paper_id,)).fetchone()
    return PaperState(*row) if row else PaperState()


def set_mark(db: sqlite3.Connection, paper_id: str, mark: str, on: bool) -> PaperState:
    """Turn `mark` ('read', 'starred') on or off, committed at once (autocommit); the paper's state after."""
    current = paper_state(db, paper_id)
    if getattr(current, mark) == on:
        return current
    stamp = _next_stamp(db, paper_id, mark)
    db.execute(
        f"INSERT INTO state (paper_id, {mark}_at, {mark}_changed_at) VALUES (?, ?, ?) "
        f"ON CONFLICT (paper_id) DO UPDATE SET {mark}_at = excluded.{mark}_at, "
        f"{mark}_changed_at = excluded.{mark}_changed_at",
        (paper_id, stamp if on else None, stamp),
    )
    return paper_state(db, paper_id)


def _next_stamp(db: sqlite3.Connection, paper_id: str, mark: str) -> str:
    """Now, or just after the mark's last change if that looks later (a clock set back, a file from a
    machine whose clock runs ahead), so the newest change always wins a merge of state files."""
    stamp = now_iso()
    row = db.execute(f"SELECT {mark}_changed_at FROM state WHERE paper_id = ?", (paper_id,)).fetchone()
    if row and row[0] and row[0] >= stamp:
        try:
            after = datetime.fromisoformat(row[0]) + timedelta(milliseconds=1)
        except (ValueError, OverflowError):
            return stamp
        return iso_stamp(after)
    return stamp


def read_marks(db: sqlite3.Connection) -> AllMarks:
    """Every paper's read and star marks with the time of their last change (what state.toml holds)."""
    marks: AllMarks = {}
    rows = db.execute("SELECT paper_id, read_at, read_changed_at, starred_at, starred_changed_at FROM state").fetchall()
    for paper_id, read_at, read_changed, starred_at, starred_changed in rows:
        entry = marks.setdefault(paper_id, {})
        if read_changed is not None:
            entry["read"] = Mark(read_changed, read_at is not None)
        if starred_changed is not None:
            entry["starred"] = Mark(starred_changed, starred_at is not None)
    return marks


def has_marks(db: sqlite3.Connection) -> bool:
    """Whether any mark was ever set here (an unset one leaves its row, with the time it changed)."""
    return db.execute("SELECT 1 FROM state LIMIT 1").fetchone() is not None


def write_merged_marks(db: sqlite3.Connection, ours: AllMarks, incoming: AllMarks) -> set[str]:
    """Write each paper whose marks `merge(ours, incoming)` changes, inside the caller's transaction; their ids."""
    changed: set[str] = set()
    for paper_id, marks in merge(ours, incoming).items():
        if marks == ours.get(paper_id, {}):
            continue
        read, starred = marks.get("read"), marks.get("starred")
        db.execute(
            "INSERT INTO state (paper_id, read_at, read_changed_at, starred_at, starred_changed_at) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (paper_id) DO UPDATE SET read_at = excluded.read_at, "
            "read_changed_at = excluded.read_changed_at, starred_at = excluded.starred_at, "
            "starred_changed_at = excluded.starred_changed_at",
            (
                paper_id,
                read.changed_at if read and read.on else None,
                read.changed_at if read else None,
                starred.changed_at if starred and starred.on else None,
                starred.changed_at if starred else None,
            ),
        )
        changed.add(paper_id)
    return changed
