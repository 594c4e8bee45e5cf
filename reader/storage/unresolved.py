"""Papers known only from a copied papers page, and how the real paper takes their place (a Library mixin).

An unresolved paper has an id of its own (`core.paper.unresolved_id`). Once a
search finds it by title, `resolve_paper` swaps in the real paper in one
transaction: every per-paper table's rows move to the real id (marks merged by
their rule, the later change wins), the real paper keeps the earlier time it
was first stored (so it is not "new" again), and the unresolved row goes.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import AbstractContextManager

from reader.core.marks import AllMarks, Mark, merge, now_iso
from reader.core.paper import Paper
from reader.storage import paper_writes
from reader.storage.schema import CACHE_TABLES, USER_TABLES

_STATE_UPSERT = (
    "INSERT INTO state (paper_id, read_at, read_changed_at, starred_at, starred_changed_at) "
    "VALUES (?, ?, ?, ?, ?) ON CONFLICT (paper_id) DO UPDATE SET read_at = excluded.read_at, "
    "read_changed_at = excluded.read_changed_at, starred_at = excluded.starred_at, "
    "starred_changed_at = excluded.starred_changed_at"
)


class UnresolvedMixin:
    """See the module's docstring."""

    _db: sqlite3.Connection
    _transaction: Callable[[], AbstractContextManager[None]]

    def unresolved_papers(self, *, not_tried_since: str | None = None) -> list[Paper]:
        """Every paper still without an arXiv id, oldest stored first; with `not_tried_since` (ISO time), only
        those not looked up by title since then (`note_lookup`)."""
        from reader.storage.rows import PAPER_COLUMNS, paper_from_row

        columns = ", ".join(f"p.{column.strip()}" for column in PAPER_COLUMNS.split(","))
        rows = self._db.execute(
            f"SELECT {columns} FROM papers p LEFT JOIN unresolved_lookups u ON u.paper_id = p.id "
            "WHERE p.id GLOB 'local-*' AND (? IS NULL OR u.tried_at IS NULL OR u.tried_at < ?) "
            "ORDER BY p.added_at, p.pk",
            (not_tried_since, not_tried_since),
        ).fetchall()
        return [paper for paper in map(paper_from_row, rows) if paper.unresolved]

    def note_lookup(self, paper_id: str, at: str | None = None) -> None:
        """The unresolved paper was looked up by title now (and not found)."""
        self._db.execute(
            "INSERT INTO unresolved_lookups (paper_id, tried_at) VALUES (?, ?) "
            "ON CONFLICT (paper_id) DO UPDATE SET tried_at = excluded.tried_at",
            (paper_id, at or now_iso()),
        )

    def resolve_paper(self, unresolved_id: str, paper: Paper) -> bool:
        """Put `paper` (with an arXiv id) in the place of the unresolved paper; False if that is gone already."""
        with self._transaction():
            row = self._db.execute("SELECT added_at FROM papers WHERE id = ?", (unresolved_id,)).fetchone()
            if row is None:
                return False
            paper_writes.import_papers(self._db, [paper], row[0])
            self._db.execute(
                "UPDATE papers SET added_at = min(added_at, ?) WHERE id = ?", (row[0], paper.id)
            )  # stored earlier as unresolved: not new now
            self._move_marks(unresolved_id, paper.id)
            for table in (*(t for t in USER_TABLES if t != "state"), *CACHE_TABLES):
                if table in ("full_texts", "unresolved_lookups"):  # keyed by pk too / about the unresolved id only
                    self._db.execute(f"DELETE FROM {table} WHERE paper_id = ?", (unresolved_id,))
                    continue
                self._db.execute(f"UPDATE OR IGNORE {table} SET paper_id = ? WHERE paper_id = ?",
                                 (paper.id, unresolved_id))  # fmt: skip
                self._db.execute(f"DELETE FROM {table} WHERE paper_id = ?", (unresolved_id,))
            self._db.execute("DELETE FROM papers WHERE id = ?", (unresolved_id,))
        return True

    def _move_marks(self, old_id: str, new_id: str) -> None:
        """The read and star marks of both ids, merged by their rule, under `new_id` only."""
        marks: AllMarks = {}
        for paper_id in (old_id, new_id):
            row = self._db.execute(
                "SELECT read_at, read_changed_at, starred_at, starred_changed_at FROM state WHERE paper_id = ?",
                (paper_id,),
            ).fetchone()
            if row is None:
                continue
            entry = {}
            if row[1] is not None:
                entry["read"] = Mark(row[1], row[0] is not None)
            if row[3] is not None:
                entry["starred"] = Mark(row[3], row[2] is not None)
            marks = merge(marks, {new_id: entry})
        self._db.execute("DELETE FROM state WHERE paper_id = ?", (old_id,))
        if not marks:
            return
        read, starred = marks[new_id].get("read"), marks[new_id].get("starred")
        self._db.execute(
            _STATE_UPSERT,
            (
                new_id,
                read.changed_at if read and read.on else None,
                read.changed_at if read else None,
                starred.changed_at if starred and starred.on else None,
                starred.changed_at if starred else None,
            ),
        )
