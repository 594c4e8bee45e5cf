"""Tags, notes and read marks changed after a change stamped in the future (a clock set back on the machine that
wrote it): the new change is stamped 1 ms later, so it still wins a merge. And what a library whose tables were
taken away says. The edges a mutation run found unguarded in this layer."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from reader.core.marks import Mark, Note, TagChange, UserState
from reader.core.paper import Paper
from reader.storage.digests import DigestMark
from reader.storage.errors import LibraryError
from reader.storage.library import Library

P1, P2 = "2606.00001", "2606.00002"
FUTURE = "2999-01-01T00:00:00.000Z"
FUTURE_1MS, FUTURE_2MS = "2999-01-01T00:00:00.001Z", "2999-01-01T00:00:00.002Z"


def test_a_tag_put_back_on_after_a_future_change_is_stamped_just_after_it(home: Path) -> None:
    with Library.open(home / "library.db") as library:
        library.merge_state(UserState({}, {P1: {"ml": TagChange(FUTURE, False, "ml")}}))
        assert library.set_tags(P1, ["ml"]) == ("ml",)
        assert library.tag_changes(P1) == {"ml": TagChange(FUTURE_1MS, True, "ml")}
        assert library.set_tags(P1, []) == ()
        assert library.tag_changes(P1) == {"ml": TagChange(FUTURE_2MS, False, "ml")}


def test_a_kept_tag_keeps_its_time_and_a_new_spelling_is_a_change(home: Path) -> None:
    with Library.open(home / "library.db") as library:
        library.merge_state(UserState({}, {P1: {"ml": TagChange(FUTURE, True, "ml")}}))
        assert library.set_tags(P1, ["ml"]) == ("ml",)
        assert library.tag_changes(P1) == {"ml": TagChange(FUTURE, True, "ml")}
        assert library.add_tags(P1, ["nlp"]) == ("ml", "nlp")
        assert library.tag_changes(P1)["ml"] == TagChange(FUTURE, True, "ml")
        assert library.set_tags(P1, ["ML", "nlp"]) == ("ML", "nlp")
        assert library.tag_changes(P1)["ml"] == TagChange(FUTURE_1MS, True, "ML")


def test_a_note_written_after_a_future_change_is_stamped_just_after_it(home: Path) -> None:
    with Library.open(home / "library.db") as library:
        library.merge_state(UserState({}, {}, {P1: Note(FUTURE, "old")}))
        assert library.set_note(P1, "new") == "new"
        assert library.note_change(P1) == Note(FUTURE_1MS, "new")


def test_mark_all_read_and_its_undo_after_a_future_unread_mark(home: Path) -> None:
    with Library.open(home / "library.db") as library:
        library.import_papers([Paper(id=P1, title="One"), Paper(id=P2, title="Two")])
        library.merge_state(UserState({P1: {"read": Mark(FUTURE, False)}}))
        change = library.mark_all_read([library.pk_of(P1)])  # type: ignore[list-item]
        assert change.stamps == ((P1, FUTURE_1MS),)
        assert library.user_state().marks[P1]["read"] == Mark(FUTURE_1MS, True)
        assert library.undo(change) == 1
        assert library.user_state().marks[P1]["read"] == Mark(FUTURE_2MS, False)


def test_a_merge_counts_each_paper_whose_tags_or_note_changed(home: Path) -> None:
    with Library.open(home / "library.db") as library:
        tags = {P1: {"ml": TagChange(FUTURE, True, "ml")}, P2: {"cv": TagChange(FUTURE, True, "cv")}}
        assert library.merge_state(UserState({}, tags)) == 2
        assert library.merge_state(UserState({}, tags, {P2: Note(FUTURE, "note")})) == 1
        assert library.merge_state(UserState({}, tags, {P2: Note(FUTURE, "note")})) == 0
        assert library.tags_of([P1, P2]) == {P1: ("ml",), P2: ("cv",)}


def drop_table(path: Path, table: str) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute(f"DROP TABLE {table}")
    connection.close()


def library_problem(action: object) -> str:
    with pytest.raises(LibraryError) as raised:
        action()  # type: ignore[operator]
    return str(raised.value)


def test_a_library_without_its_tables_says_which_file_and_what_is_missing(home: Path) -> None:
    path = home / "library.db"
    with Library.open(path) as library:
        for table in ("tags", "digests", "state"):
            drop_table(path, table)
        assert library_problem(library.user_state) == f"cannot read the marks in library {path}: no such table: state"
        assert library_problem(lambda: library.set_digest_mark(DigestMark("daily", FUTURE, 0))) == (
            f"cannot save to library {path}: no such table: digests"
        )
        assert library_problem(lambda: library.mark_read(P1)) == (
            f"cannot save to library {path}: no such table: state"
        )
        assert library_problem(library.marks) == f"cannot read the marks in library {path}: no such table: state"


def test_a_library_without_its_tags_table_says_so(home: Path) -> None:
    path = home / "library.db"
    with Library.open(path) as library:
        drop_table(path, "tags")
        assert library_problem(library.user_state) == (
            f"cannot read the tags and notes in library {path}: no such table: tags"
        )
