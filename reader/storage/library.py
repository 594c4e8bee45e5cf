"""The local library: papers, the reader's own read/star state, and a full-text index, in SQLite.

State is the one thing that cannot be fetched again, so every change to it is
its own committed transaction, made when the user acts (never at exit), and
no import or re-import ever writes to the `state` table.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path

from reader.core.marks import AllMarks, now_iso
from reader.core.paper import Paper
from reader.query import OrderedPks
from reader.storage import marks_table, paper_writes
from reader.storage.annotations import AnnotationsMixin
from reader.storage.digests import DigestsMixin
from reader.storage.errors import LibraryError, as_library_error, library_error
from reader.storage.linked_store import LinkedStoreMixin
from reader.storage.migrate import MigrationProgress, migrate
from reader.storage.movement import SESSION_NEW_SINCE_META, MovementMixin
from reader.storage.rows import PAPER_COLUMNS, ImportResult, ListRow, PaperState, paper_from_row
from reader.storage.schema import BUSY_TIMEOUT_MS, SCHEMA_VERSION
from reader.storage.selecting import SelectMixin
from reader.storage.streamed_import import StreamedImportMixin
from reader.storage.unresolved import UnresolvedMixin

LAST_SYNC_META = "last_sync_at"
"""Meta key: when a sync last stored at least one list (ISO time); here so the reader need not import the sync."""


class Library(
    SelectMixin, AnnotationsMixin, DigestsMixin, MovementMixin, LinkedStoreMixin, UnresolvedMixin, StreamedImportMixin
):
    """One open library.db. Not thread-safe: use it from the thread that opened it.

    Tags, notes, mark-all-read and whole-state merges are in storage/annotations.py, digests in digests.py;
    sessions and upvote movement, linked repositories and full texts, unresolved papers and streamed imports
    are methods of the mixins in movement.py, linked_store.py, unresolved.py and streamed_import.py.
    """

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self._db = connection
        self.path = path
        self._orders: dict[str, OrderedPks] = {}
        self._mark_sets: dict[str, frozenset[int]] = {}
        """The sets of MARK_SETS asked for since the last write (here or in another process)."""
        self._data_version = (-1, -1)

    @classmethod
    def open(cls, path: Path, progress: MigrationProgress | None = None) -> Library:
        """Open (creating if needed) and migrate the library at `path`, telling `progress` how far a migration is.

        A library this call creates and cannot set up (a full disk) is removed again.
        """
        new = not path.exists()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            if new and not os.access(path.parent, os.W_OK):
                raise LibraryError(f"cannot create library {path}: cannot write in {path.parent} (permission denied)")
            connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        except OSError as exc:
            raise LibraryError(f"cannot create library {path}: {exc.strerror or exc}: {exc.filename}") from None
        except sqlite3.Error as exc:
            raise LibraryError(f"cannot open library {path}: {exc}") from None
        library = cls(connection, path)
        try:
            connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            library._refuse_newer_schema()  # before any write, even the journal mode
            connection.execute("PRAGMA journal_mode = WAL")
            connection.execute("PRAGMA synchronous = FULL")
            library._migrate(progress)
            # A file cut short fails here (its header promises pages that are not there), not mid-session.
            connection.execute("SELECT count(*) FROM papers").fetchone()
            connection.execute("SELECT count(*) FROM state").fetchone()
        except (sqlite3.Error, LibraryError) as exc:
            connection.close()
            if new:
                for leftover in (path, path.with_name(f"{path.name}-wal"), path.with_name(f"{path.name}-shm")):
                    with suppress(OSError):
                        leftover.unlink()
            if isinstance(exc, LibraryError):
                raise
            raise library_error(f"cannot use library {path}", exc) from None
        return library

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _refuse_newer_schema(self) -> None:
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise LibraryError(
                f"library {self.path} was written by a newer paper-reader (schema {version}); "
                "upgrade paper-reader to open it"
            )

    def _migrate(self, progress: MigrationProgress | None = None) -> None:
        """Bring the schema up to date, one migration per transaction (storage/migrate.py)."""
        migrate(self._db, progress)

    def _rollback(self) -> None:
        """Roll back after an error, unless SQLite already did (a failed COMMIT on a full disk does)."""
        if self._db.in_transaction:
            with suppress(sqlite3.Error):  # the error being raised says more than this one
                self._db.execute("ROLLBACK")

    # -- papers ---------------------------------------------------------------------------

    def import_papers(self, papers: Iterable[Paper], *, meta: dict[str, str | None] | None = None) -> ImportResult:
        """Add new papers and update known ones, all in one transaction; state is never touched.

        `meta` entries (see `set_meta`) are written in the same transaction.

        An update keeps what the new copy lacks (a search result has no Daily
        date, an old item no AI summary) and takes every counter it has.
        """
        with self._transaction():
            result = paper_writes.import_papers(self._db, papers, now_iso())
            for key, value in (meta or {}).items():
                self._write_meta(key, value)
        return result

    def store_list(self, list_key: str, papers: Sequence[Paper], *, seen_at: str) -> ImportResult:
        """Store one fetched Daily list in one transaction: its papers, the upvotes seen, and when it was fetched.

        A list that fails halfway is never stored in part: either all of it is in, or none.
        Its commit skips the fsync of FULL sync (WAL's NORMAL: safe from a crash of the
        program, and power loss costs at most lists that a sync fetches again); read and
        star marks keep their FULL commits.
        """
        self._set_synchronous("NORMAL")
        try:
            return self._store_list(list_key, papers, seen_at)
        finally:
            self._set_synchronous("FULL")

    def _set_synchronous(self, level: str) -> None:
        try:
            self._db.execute(f"PRAGMA synchronous = {level}")
        except sqlite3.Error as exc:
            raise library_error(f"cannot write library {self.path}", exc) from None

    def _store_list(self, list_key: str, papers: Sequence[Paper], seen_at: str) -> ImportResult:
        with self._transaction():
            result = paper_writes.import_papers(self._db, papers, seen_at)
            self._db.executemany(
                "INSERT INTO upvote_history (paper_id, seen_at, upvotes) VALUES (?, ?, ?) "
                "ON CONFLICT (paper_id, seen_at) DO UPDATE SET upvotes = excluded.upvotes",
                [(p.id, seen_at, p.upvotes) for p in papers if p.upvotes is not None],
            )
            self._db.execute(
                "INSERT INTO lists (list_key, fetched_at, papers) VALUES (?, ?, ?) ON CONFLICT (list_key) "
                "DO UPDATE SET fetched_at = excluded.fetched_at, papers = excluded.papers",
                (list_key, seen_at, len({p.id for p in papers})),
            )
            self._rebuild_upvote_gains()
        return result

    def upvote_history(self, paper_id: str) -> list[tuple[str, int]]:
        """(sync time, upvotes) for every sync that saw the paper, oldest first."""
        return [
            (str(seen), int(upvotes))
            for seen, upvotes in self._db.execute(
                "SELECT seen_at, upvotes FROM upvote_history WHERE paper_id = ? ORDER BY seen_at", (paper_id,)
            )
        ]

    def list_fetched_at(self, list_key: str) -> str | None:
        """When the list was last fetched (ISO time), or None if never."""
        row = self._db.execute("SELECT fetched_at FROM lists WHERE list_key = ?", (list_key,)).fetchone()
        return row[0] if row else None

    @contextmanager
    def _transaction(self, begin: str = "BEGIN IMMEDIATE") -> Iterator[None]:
        """`begin` ... COMMIT, rolled back on any error; SQLite errors become `LibraryError`."""
        try:
            self._db.execute(begin)
            try:
                yield
                self._db.execute("COMMIT")
            except BaseException:
                self._rollback()
                raise
            finally:
                self._orders.clear()
                self._mark_sets.clear()
        except sqlite3.Error as exc:
            raise library_error(f"cannot write library {self.path}", exc) from None

    def _paper_by_id(self, paper_id: str) -> Paper | None:
        return paper_writes.paper_by_id(self._db, paper_id)

    def paper_by_id(self, paper_id: str) -> Paper | None:
        """The stored paper with this id (an arXiv id, or an unresolved paper's own id), or None."""
        return self._paper_by_id(paper_id)

    def pk_of(self, paper_id: str) -> int | None:
        """The list row (pk) of the stored paper with this id, or None."""
        row = self._db.execute("SELECT pk FROM papers WHERE id = ?", (paper_id,)).fetchone()
        return int(row[0]) if row else None

    def paper(self, pk: int) -> Paper | None:
        """The whole paper behind a list row."""
        row = self._db.execute(f"SELECT {PAPER_COLUMNS} FROM papers WHERE pk = ?", (pk,)).fetchone()
        return paper_from_row(row) if row else None

    def papers(self, pks: Sequence[int]) -> list[Paper]:
        """The papers behind many list rows, in the order given (one query; unknown pks are left out)."""
        rows = self._db.execute(
            f"SELECT pk, {PAPER_COLUMNS} FROM papers WHERE pk IN (SELECT value FROM json_each(?))", (json.dumps(pks),)
        )
        found = {row[0]: paper_from_row(row[1:]) for row in rows}
        return [found[pk] for pk in pks if pk in found]

    def list_date_before(self, day: str) -> str | None:
        """The newest Daily list date before `day` that has papers (an index lookup, not a scan)."""
        row = self._db.execute("SELECT max(list_date) FROM papers WHERE list_date < ? AND list_date != ''", (day,))
        return row.fetchone()[0]

    def list_date_after(self, day: str) -> str | None:
        """The oldest Daily list date after `day` that has papers."""
        return self._db.execute("SELECT min(list_date) FROM papers WHERE list_date > ?", (day,)).fetchone()[0]

    def latest_list_date(self) -> str | None:
        return self._db.execute("SELECT max(list_date) FROM papers WHERE list_date != ''").fetchone()[0]

    def list_rows(self, pks: Sequence[int]) -> dict[int, ListRow]:
        """The list lines of the given pks (only the visible ones are ever asked for)."""
        if not pks:
            return {}
        marks = ",".join("?" * len(pks))
        sql = (
            "SELECT p.pk, p.id, p.title, p.list_date, p.upvotes, p.github_repo IS NOT NULL, "
            "s.read_at IS NOT NULL, s.starred_at IS NOT NULL, "
            "(SELECT json_group_array(label) FROM (SELECT label FROM tags t WHERE t.paper_id = p.id AND t.tagged "
            "ORDER BY t.tag_key)), "
            "coalesce(p.added_at > (SELECT value FROM meta WHERE key = ?), 0) "
            f"FROM papers p LEFT JOIN state s ON s.paper_id = p.id WHERE p.pk IN ({marks})"
        )
        return {
            row[0]: ListRow(
                row[0],
                row[1],
                row[2],
                row[3],
                row[4],
                bool(row[5]),
                bool(row[6]),
                bool(row[7]),
                tuple(json.loads(row[8])),
                bool(row[9]),
            )
            for row in self._db.execute(sql, [SESSION_NEW_SINCE_META, *pks])
        }

    # -- the reader's state -----------------------------------------------------------------

    def state(self, paper_id: str) -> PaperState:
        return marks_table.paper_state(self._db, paper_id)

    def star(self, paper_id: str, starred: bool = True) -> PaperState:
        """Star or unstar a paper, committed before this returns."""
        return self._set_mark(paper_id, "starred", starred)

    def mark_read(self, paper_id: str, read: bool = True) -> PaperState:
        """Mark a paper read or unread, committed before this returns."""
        return self._set_mark(paper_id, "read", read)

    def _set_mark(self, paper_id: str, mark: str, on: bool) -> PaperState:
        with as_library_error(f"cannot save to library {self.path}"):
            return marks_table.set_mark(self._db, paper_id, mark, on)

    def marks(self) -> AllMarks:
        """Every paper's read and star marks with the time of their last change (what state.toml holds)."""
        with as_library_error(f"cannot read the marks in library {self.path}"):
            return marks_table.read_marks(self._db)

    def has_marks(self) -> bool:
        """Whether any mark was ever set here (an unset one leaves its row, with the time it changed)."""
        return marks_table.has_marks(self._db)

    def merge_marks(self, incoming: AllMarks) -> int:
        """Take each incoming mark that changed later than ours, in one transaction; how many papers changed.

        Papers not in the library keep their marks too, for when a sync brings them.
        """
        with self._transaction():
            return len(self._write_merged_marks(incoming))

    def _write_merged_marks(self, incoming: AllMarks) -> set[str]:
        """Within a transaction: write each incoming mark that is later than ours; the ids of papers changed."""
        return marks_table.write_merged_marks(self._db, self.marks(), incoming)

    # -- small facts about the library ------------------------------------------------------

    def get_meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str | None) -> None:
        """Set (None: delete) one small fact, in its own transaction; a failed write is a `LibraryError`."""
        self.set_meta_many({key: value})

    def set_meta_many(self, entries: Mapping[str, str | None]) -> None:
        """Set (None: delete) several small facts in one transaction; a failed write is a `LibraryError`."""
        with self._transaction():
            for key, value in entries.items():
                self._write_meta(key, value)

    def _write_meta(self, key: str, value: str | None) -> None:
        if value is None:
            self._db.execute("DELETE FROM meta WHERE key = ?", (key,))
        else:
            self._db.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    def integrity_ok(self) -> bool:
        return self._db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
