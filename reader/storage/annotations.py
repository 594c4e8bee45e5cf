"""The library's tags, notes, mark-all-read and the merge of whole user states (a part of `Library`).

Like the marks, every change here is its own committed transaction, made when
the user acts, and kept forever: no import, re-import or cache hygiene writes
to `tags` or `notes`. A tag taken off and a note deleted keep their row and
the time of that change, so a merge of state files knows they went.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from reader.core.annotations import clean_note, tag_key, unique_tags
from reader.core.marks import AllMarks, Note, PaperTags, TagChange, UserState, iso_stamp, merge_state, now_iso, tags_on
from reader.storage.errors import library_error


@dataclass(frozen=True, slots=True)
class ReadChange:
    """What `mark_all_read` did, to undo it: each paper it marked read, with the time it set."""

    stamps: tuple[tuple[str, str], ...]
    """(paper id, read_changed_at) of every paper that was unread and is now read."""

    @property
    def count(self) -> int:
        return len(self.stamps)


class AnnotationsMixin:
    """Tags, notes and whole-state merges; mixed into `Library`, whose connection and transactions it uses."""

    _db: sqlite3.Connection
    path: Path

    def _transaction(self) -> AbstractContextManager[None]:  # pragma: no cover - Library's
        raise NotImplementedError

    def _write_merged_marks(self, incoming: AllMarks) -> set[str]:  # pragma: no cover - Library's
        raise NotImplementedError

    # -- tags -------------------------------------------------------------------------------

    def tags(self, paper_id: str) -> tuple[str, ...]:
        """The paper's tags as typed, sorted by their case-folded key."""
        return tags_on(self.tag_changes(paper_id))

    def tag_changes(self, paper_id: str) -> PaperTags:
        """Every tag the paper ever had: key -> its last change (on or off)."""
        rows = self._db.execute(
            "SELECT tag_key, label, tagged, changed_at FROM tags WHERE paper_id = ?", (paper_id,)
        ).fetchall()
        return {key: TagChange(changed, bool(on), label) for key, label, on, changed in rows}

    def tags_of(self, paper_ids: Sequence[str]) -> dict[str, tuple[str, ...]]:
        """The tags of many papers at once (the visible rows, an export); papers without tags are left out."""
        found: dict[str, PaperTags] = {}
        for paper_id, key, label, changed in self._for_each_id(
            "SELECT paper_id, tag_key, label, changed_at FROM tags WHERE tagged AND paper_id IN ", paper_ids
        ):
            found.setdefault(paper_id, {})[key] = TagChange(changed, True, label)
        return {paper_id: tags_on(changes) for paper_id, changes in found.items()}

    def all_tags(self) -> list[tuple[str, int]]:
        """Every tag in use, for completion: (label, how many papers have it), the most used first, then A-Z.

        A tag typed in two spellings is one tag, shown as its latest spelling.
        """
        rows = self._db.execute(
            "SELECT tag_key, count(*), (SELECT label FROM tags t2 WHERE t2.tag_key = t.tag_key AND t2.tagged "
            "ORDER BY changed_at DESC LIMIT 1) FROM tags t WHERE tagged GROUP BY tag_key"
        ).fetchall()
        return [(label, count) for key, count, label in sorted(rows, key=lambda row: (-row[1], row[0]))]

    def set_tags(self, paper_id: str, labels: Iterable[str]) -> tuple[str, ...]:
        """Make exactly these the paper's tags, in one committed transaction; its tags after.

        Each label is cleaned (core/annotations.py); a bad one raises `AnnotationError` and changes nothing.
        Only what changed is stamped: a tag kept as it was keeps its time.
        """
        wanted = {tag_key(label): label for label in unique_tags(labels)}
        with self._transaction():
            current = self.tag_changes(paper_id)
            for key, change in current.items():
                if change.on and key not in wanted:
                    self._write_tag(paper_id, key, TagChange(self._stamp_after(change.changed_at), False, change.label))
            for key, label in wanted.items():
                old = current.get(key)
                if old is None or not old.on or old.label != label:
                    stamp = self._stamp_after(old.changed_at if old else None)
                    self._write_tag(paper_id, key, TagChange(stamp, True, label))
        return self.tags(paper_id)

    def add_tags(self, paper_id: str, labels: Iterable[str]) -> tuple[str, ...]:
        """Put these tags on the paper beside its others; its tags after."""
        return self.set_tags(paper_id, [*self.tags(paper_id), *labels])

    def remove_tags(self, paper_id: str, labels: Iterable[str]) -> tuple[str, ...]:
        """Take these tags (matched by key) off the paper; its tags after."""
        gone = {tag_key(label) for label in labels}
        return self.set_tags(paper_id, [label for label in self.tags(paper_id) if tag_key(label) not in gone])

    def _write_tag(self, paper_id: str, key: str, change: TagChange) -> None:
        self._db.execute(
            "INSERT INTO tags (paper_id, tag_key, label, tagged, changed_at) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (paper_id, tag_key) DO UPDATE SET label = excluded.label, tagged = excluded.tagged, "
            "changed_at = excluded.changed_at",
            (paper_id, key, change.label, int(change.on), change.changed_at),
        )

    # -- notes ------------------------------------------------------------------------------

    def note(self, paper_id: str) -> str:
        """The paper's note, '' when it has none."""
        found = self.note_change(paper_id)
        return found.text if found else ""

    def note_change(self, paper_id: str) -> Note | None:
        """The note with the time of its last change (a deleted one has text ''), or None if never written."""
        row = self._db.execute("SELECT changed_at, text FROM notes WHERE paper_id = ?", (paper_id,)).fetchone()
        return Note(row[0], row[1]) if row else None

    def notes_of(self, paper_ids: Sequence[str]) -> dict[str, str]:
        """The notes of many papers at once; papers without one are left out."""
        return dict(self._for_each_id("SELECT paper_id, text FROM notes WHERE text != '' AND paper_id IN ", paper_ids))

    def set_note(self, paper_id: str, text: str) -> str:
        """Replace the paper's note ('' deletes it), committed before this returns; the note as stored.

        The text is cleaned (controls removed, line breaks kept); a note too long raises `AnnotationError`.
        """
        note = clean_note(text)
        with self._transaction():
            old = self.note_change(paper_id)
            if (old.text if old else "") != note:
                self._write_note(paper_id, Note(self._stamp_after(old.changed_at if old else None), note))
        return note

    def _write_note(self, paper_id: str, note: Note) -> None:
        self._db.execute(
            "INSERT INTO notes (paper_id, text, changed_at) VALUES (?, ?, ?) ON CONFLICT (paper_id) "
            "DO UPDATE SET text = excluded.text, changed_at = excluded.changed_at",
            (paper_id, note.text, note.changed_at),
        )

    def has_annotations(self) -> bool:
        """Whether any tag or note was ever written here."""
        return any(self._db.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone() for table in ("tags", "notes"))

    # -- mark all read, and its undo ---------------------------------------------------------

    def mark_all_read(self, pks: Sequence[int]) -> ReadChange:
        """Mark every unread paper of these list rows read, in one transaction; what to pass to `undo`."""
        with self._transaction():
            rows = self._db.execute(
                "SELECT p.id, s.read_changed_at FROM papers p LEFT JOIN state s ON s.paper_id = p.id "
                "WHERE p.pk IN (SELECT value FROM json_each(?)) AND s.read_at IS NULL",
                (json.dumps([int(pk) for pk in pks]),),
            ).fetchall()
            stamps = tuple((paper_id, self._stamp_after(changed)) for paper_id, changed in rows)
            self._db.executemany(
                "INSERT INTO state (paper_id, read_at, read_changed_at) VALUES (?1, ?2, ?2) ON CONFLICT (paper_id) "
                "DO UPDATE SET read_at = excluded.read_at, read_changed_at = excluded.read_changed_at",
                stamps,
            )
        return ReadChange(stamps)

    def undo(self, change: ReadChange) -> int:
        """Mark unread again, in one transaction, each paper `change` marked read and nobody changed since.

        The undo is a change of its own (stamped now), so a merge with a file written
        in between still ends unread. Returns how many papers it marked unread.
        """
        undone = 0
        with self._transaction():
            for paper_id, stamp in change.stamps:
                row = self._db.execute(
                    "SELECT read_changed_at FROM state WHERE paper_id = ? AND read_at IS NOT NULL", (paper_id,)
                ).fetchone()
                if row is None or row[0] != stamp:
                    continue  # marked unread, or read again, since: that later change stands
                self._db.execute(
                    "UPDATE state SET read_at = NULL, read_changed_at = ? WHERE paper_id = ?",
                    (self._stamp_after(stamp), paper_id),
                )
                undone += 1
        return undone

    # -- the whole state: what state.toml and the sync folder carry ---------------------------

    def user_state(self) -> UserState:
        """Every mark, tag and note with the times of their last changes."""
        marks = self.marks()  # type: ignore[attr-defined]
        try:
            tag_rows = self._db.execute("SELECT paper_id, tag_key, label, tagged, changed_at FROM tags").fetchall()
            note_rows = self._db.execute("SELECT paper_id, changed_at, text FROM notes").fetchall()
        except sqlite3.Error as exc:
            raise library_error(f"cannot read the tags and notes in library {self.path}", exc) from None
        tags: dict[str, PaperTags] = {}
        for paper_id, key, label, on, changed in tag_rows:
            tags.setdefault(paper_id, {})[key] = TagChange(changed, bool(on), label)
        notes = {paper_id: Note(changed, text) for paper_id, changed, text in note_rows}
        return UserState(marks, tags, notes)

    def merge_state(self, incoming: UserState) -> int:
        """Take every incoming mark, tag and note that changed later than ours, in one transaction.

        Returns how many papers changed. Papers not in the library keep theirs too, for when a sync brings them.
        """
        with self._transaction():
            ours = self.user_state()
            changed = self._write_merged_marks(incoming.marks)
            merged = merge_state(ours, UserState({}, incoming.tags, incoming.notes))
            for paper_id, changes in merged.tags.items():
                for key, change in changes.items():
                    if ours.tags.get(paper_id, {}).get(key) != change:
                        self._write_tag(paper_id, key, change)
                        changed.add(paper_id)
            for paper_id, note in merged.notes.items():
                if ours.notes.get(paper_id) != note:
                    self._write_note(paper_id, note)
                    changed.add(paper_id)
        return len(changed)

    # -- helpers ----------------------------------------------------------------------------

    def _for_each_id(self, sql: str, paper_ids: Sequence[str]) -> Iterator[tuple[str, ...]]:
        """Rows of `sql` + `(SELECT value FROM json_each(?))` over the ids: one query, no parameter limit."""
        if not paper_ids:
            return iter(())
        return iter(self._db.execute(sql + "(SELECT value FROM json_each(?))", (json.dumps(list(paper_ids)),)))

    @staticmethod
    def _stamp_after(previous: str | None) -> str:
        """Now, or 1 ms after `previous` when that looks later (a clock set back), so the newest change wins."""
        stamp = now_iso()
        if previous is None or previous < stamp:
            return stamp
        try:
            after = datetime.fromisoformat(previous) + timedelta(milliseconds=1)
        except (ValueError, OverflowError):
            return stamp
        return iso_stamp(after)
