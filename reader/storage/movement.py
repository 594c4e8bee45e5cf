"""What changed: the reader's sessions (for `is:new`) and upvote movement (for `rising`), as Library methods.

A mixin of `Library` (storage/library.py): it uses the library's connection, and
`_rebuild_upvote_gains` runs inside the transaction that stores a Daily list.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from reader.core.marks import iso_stamp, now_iso

SESSION_NEW_SINCE_META = "session_new_since"
"""Meta key: the end of the previous session; papers stored after it are new (`is:new`)."""
LAST_OPEN_META = "reader_last_open_at"
"""Meta key: the last moment the reader was known to be open (set at start and at exit)."""

RISING_DAYS = 7
"""`rising` counts the upvotes gained over the last this many days of recorded history."""


@dataclass(frozen=True, slots=True)
class UpvoteMovement:
    """How a paper's upvotes moved: `upvotes` now, `gain` since the day `since` (YYYY-MM-DD)."""

    upvotes: int
    gain: int
    since: str


def _days_before(stamp: str, days: int) -> str:
    """The ISO time `days` before `stamp`, in the library's own format (`now_iso`)."""
    return iso_stamp(datetime.fromisoformat(stamp) - timedelta(days=days))


_GAINS_SQL = """
    INSERT INTO upvote_gains (paper_id, gain)
    SELECT r.paper_id,
        (SELECT l.upvotes FROM upvote_history l WHERE l.paper_id = r.paper_id ORDER BY l.seen_at DESC LIMIT 1)
        - coalesce(
            (SELECT b.upvotes FROM upvote_history b WHERE b.paper_id = r.paper_id AND b.seen_at <= :start
             ORDER BY b.seen_at DESC LIMIT 1),
            (SELECT f.upvotes FROM upvote_history f WHERE f.paper_id = r.paper_id AND f.seen_at > :start
             ORDER BY f.seen_at LIMIT 1))
    FROM (SELECT DISTINCT paper_id FROM upvote_history WHERE seen_at > :start) r
"""


class MovementMixin:
    """Sessions and upvote movement; see the module's docstring."""

    _db: sqlite3.Connection

    # -- sessions ------------------------------------------------------------------------------

    def start_session(self, now: str | None = None) -> str | None:
        """Call when the reader opens: papers stored after the previous session count as new from now on.

        Returns that moment (ISO time), or None on a first session (then nothing is new).
        Both keys in one transaction: one sync of the journal at every start instead of two.
        """
        self._db.execute("BEGIN IMMEDIATE")
        try:
            previous = self._meta(LAST_OPEN_META)
            self._put_meta(SESSION_NEW_SINCE_META, previous)
            self._put_meta(LAST_OPEN_META, now or now_iso())
            self._db.execute("COMMIT")
        except BaseException:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            raise
        return previous

    def end_session(self, now: str | None = None) -> None:
        """Call when the reader closes (and now and then while it is open): the next session's "previous"."""
        self._put_meta(LAST_OPEN_META, now or now_iso())

    def new_since(self) -> str | None:
        """The moment after which stored papers are new (`is:new`), or None when none is."""
        return self._meta(SESSION_NEW_SINCE_META)

    def _meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def _put_meta(self, key: str, value: str | None) -> None:
        if value is None:
            self._db.execute("DELETE FROM meta WHERE key = ?", (key,))
        else:
            self._db.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    # -- upvotes -------------------------------------------------------------------------------

    def upvote_movement(self, paper_id: str, since: str | None = None) -> UpvoteMovement | None:
        """The paper's upvotes now and their gain since `since` (ISO date or time; default: 7 days before the
        newest sync on record), counted from its last count at or before then, else its first count after.

        None when the library has fewer than two counts of the paper to compare.
        """
        if since is None:
            newest = self._db.execute("SELECT max(seen_at) FROM upvote_history").fetchone()[0]
            if newest is None:
                return None
            since = _days_before(newest, RISING_DAYS)
        rows = self._db.execute(
            "SELECT seen_at, upvotes FROM upvote_history WHERE paper_id = ? ORDER BY seen_at", (paper_id,)
        ).fetchall()
        before = [row for row in rows if row[0] <= since]
        after = [row for row in rows if row[0] > since]
        if not after:
            return None
        base = before[-1] if before else after[0]
        latest = after[-1]
        if base is latest:
            return None
        return UpvoteMovement(int(latest[1]), int(latest[1]) - int(base[1]), str(base[0])[:10])

    def upvote_gains(self, paper_ids: Iterable[str]) -> dict[str, int]:
        """The `rising` gain of each given paper that moved in the last 7 days of recorded history."""
        ids = list(paper_ids)
        gains: dict[str, int] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(f"SELECT paper_id, gain FROM upvote_gains WHERE paper_id IN ({marks})", chunk)
            gains.update((str(paper_id), int(gain)) for paper_id, gain in rows)
        return gains

    def _rebuild_upvote_gains(self) -> None:
        """Recount every paper's gain over the last 7 days of history (inside the caller's transaction)."""
        self._db.execute("DELETE FROM upvote_gains")
        newest = self._db.execute("SELECT max(seen_at) FROM upvote_history").fetchone()[0]
        if newest is not None:
            self._db.execute(_GAINS_SQL, {"start": _days_before(newest, RISING_DAYS)})
