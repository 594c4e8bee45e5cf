"""The library's record of digests (a part of `Library`): which papers each named digest has reported.

Papers get growing pks as they arrive (SQLite serializes writers), so "new
since the last digest" is "pk above the largest pk that digest saw": a cron
job reports every paper once, whatever the clocks say.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from reader.storage.errors import library_error


@dataclass(frozen=True, slots=True)
class DigestMark:
    """When a named digest last ran, and the largest pk the library held then."""

    name: str
    digested_at: str
    last_pk: int


class DigestsMixin:
    """Digest marks and the papers' arrival; mixed into `Library`."""

    _db: sqlite3.Connection
    path: Path

    def digest_mark(self, name: str) -> DigestMark | None:
        row = self._db.execute("SELECT digested_at, last_pk FROM digests WHERE name = ?", (name,)).fetchone()
        return DigestMark(name, row[0], row[1]) if row else None

    def set_digest_mark(self, mark: DigestMark) -> None:
        """Record a digest (committed before this returns)."""
        try:
            self._db.execute(
                "INSERT INTO digests (name, digested_at, last_pk) VALUES (?, ?, ?) ON CONFLICT (name) "
                "DO UPDATE SET digested_at = excluded.digested_at, last_pk = excluded.last_pk",
                (mark.name, mark.digested_at, mark.last_pk),
            )
        except sqlite3.Error as exc:
            raise library_error(f"cannot save to library {self.path}", exc) from None

    def last_pk(self) -> int:
        """The pk of the paper that arrived last (0 for an empty library)."""
        return self._db.execute("SELECT coalesce(max(pk), 0) FROM papers").fetchone()[0]

    def added_since(self, moment: str) -> set[int]:
        """The pks of the papers first stored at or after `moment` (an ISO time, or a day YYYY-MM-DD)."""
        (array,) = self._db.execute("SELECT json_group_array(pk) FROM papers WHERE added_at >= ?", (moment,)).fetchone()
        return set(json.loads(array))
