"""Tags, notes and mark-all-read in a real library file: each change committed, kept forever, merged, exported."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from conftest import load_fixture

from reader.core.annotations import MAX_NOTE, MAX_TAG, AnnotationError, parse_tags
from reader.core.marks import Mark, Note, TagChange, UserState
from reader.sources.hf_api import parse_feed
from reader.storage import state_codec
from reader.storage.library import Library
from reader.storage.schema import MIGRATIONS
from reader.storage.state_export import export_library

MINIMAX = "2606.13392"
OTHER = "2606.00467"


def test_tags_are_trimmed_case_folded_for_matching_and_shown_as_typed(library: Library) -> None:
    assert library.set_tags(MINIMAX, ["  Reading-Group ", "agents", "AGENTS"]) == ("agents", "Reading-Group")
    assert library.set_tags(OTHER, ["reading-group"]) == ("reading-group",)
    assert library.all_tags() == [("reading-group", 2), ("agents", 1)]  # one tag; its latest spelling
    assert parse_tags("rg, agents  to-read,,rg") == ("rg", "agents", "to-read")


@pytest.mark.parametrize(
    ("labels", "message"),
    [([""], "empty"), (["x" * (MAX_TAG + 1)], "at most"), (["two words"], "one word"), (["\x1b[31m"], "empty")],
)
def test_a_bad_tag_is_refused_and_changes_nothing(library: Library, labels: list[str], message: str) -> None:
    library.set_tags(MINIMAX, ["kept"])
    with pytest.raises(AnnotationError, match=message):
        library.set_tags(MINIMAX, ["new", *labels])
    assert library.tags(MINIMAX) == ("kept",)


def test_control_characters_never_reach_a_tag_or_a_note(library: Library) -> None:
    assert library.set_tags(MINIMAX, ["a\x1b]0;pwned\x07b\u202e"]) == ("ab",)
    assert library.set_note(MINIMAX, "line\x1b[2J one\r\nline two\x00") == "line one\nline two"
    with pytest.raises(AnnotationError, match="at most"):
        library.set_note(MINIMAX, "x" * (MAX_NOTE + 1))


def test_each_change_is_committed_before_the_call_returns(library: Library) -> None:
    library.set_tags(MINIMAX, ["rg"])
    library.set_note(MINIMAX, "why it matters")
    other = sqlite3.connect(library.path)  # another process's view of the file
    assert other.execute("SELECT label, tagged FROM tags").fetchall() == [("rg", 1)]
    assert other.execute("SELECT text FROM notes").fetchall() == [("why it matters",)]
    other.close()


def test_a_removed_tag_and_a_deleted_note_keep_their_time_for_merges(library: Library) -> None:
    library.set_tags(MINIMAX, ["rg", "agents"])
    added = library.tag_changes(MINIMAX)["rg"].changed_at
    library.set_tags(MINIMAX, ["agents"])
    library.set_note(MINIMAX, "draft")
    library.set_note(MINIMAX, "")
    changes = library.tag_changes(MINIMAX)
    assert changes["rg"].on is False and changes["agents"].on is True
    assert changes["rg"].changed_at > added  # the removal is a change of its own, later than the tag it removes
    assert library.note(MINIMAX) == "" and library.note_change(MINIMAX) is not None
    assert library.tags(MINIMAX) == ("agents",)


def test_reimporting_never_touches_tags_or_notes(library: Library) -> None:
    library.set_tags(MINIMAX, ["rg"])
    library.set_note(MINIMAX, "keep me")
    before = library.user_state()
    library.import_papers(parse_feed(load_fixture("hf_daily_2026-06-12.json")).papers)
    assert library.user_state() == before


def test_mark_all_read_is_one_change_and_undo_takes_back_only_what_it_did(library: Library) -> None:
    pks = library.select()
    library.mark_read(MINIMAX)
    change = library.mark_all_read(pks)
    assert change.count == len(pks) - 1  # the one already read is not part of the change
    assert all(row.read for row in library.list_rows(pks).values())
    library.mark_read(OTHER, False)
    library.mark_read(OTHER)  # read again by hand since: that later change stands
    assert library.undo(change) == len(pks) - 2
    rows = {row.id: row for row in library.list_rows(pks).values()}
    assert rows[MINIMAX].read and rows[OTHER].read
    assert sum(row.read for row in rows.values()) == 2


def test_list_rows_carry_the_tags(library: Library) -> None:
    library.set_tags(MINIMAX, ["zeta", "Alpha"])
    rows = {row.id: row for row in library.list_rows(library.select()).values()}
    assert rows[MINIMAX].tags == ("Alpha", "zeta")
    assert rows[OTHER].tags == ()


def test_state_toml_carries_tags_and_notes_one_paper_per_line(library: Library, tmp_path: Path) -> None:
    library.star(MINIMAX)
    library.set_tags(MINIMAX, ['q"uote', "rg"])
    library.set_note(MINIMAX, 'first line\nsecond "quoted" \\ line')
    library.set_tags(OTHER, ["rg"])
    path = tmp_path / "state.toml"
    export_library(library, path)
    text = path.read_text(encoding="utf-8")
    lines = text[text.index("[papers]") :].splitlines()
    assert [line.split(" = ", 1)[0] for line in lines[1:]] == [f'"{OTHER}"', f'"{MINIMAX}"']
    assert "format = 2" in text
    assert state_codec.read_state(path) == library.user_state()


def test_a_format_1_file_still_imports(tmp_path: Path) -> None:
    text = f'format = 1\n[papers]\n"{MINIMAX}" = {{ starred = true, starred_changed = "2026-06-12T08:00:00Z" }}\n'
    state = state_codec.parse_state(text)
    assert state == UserState({MINIMAX: {"starred": Mark("2026-06-12T08:00:00.000Z", True)}})
    with Library.open(tmp_path / "library.db") as library:
        assert library.merge_state(state) == 1
        assert library.state(MINIMAX).starred


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("tags = 5", "tags must be a list"),
        ('tags = [{ tag = "a" }]', "tags\\[1\\] must be"),
        ('tags = [{ tag = "two words", on = true, changed = "2026-06-12T08:00:00Z" }]', "one word"),
        ('note = "x"', "note_changed must be a time"),
        ('note = 5, note_changed = "2026-06-12T08:00:00Z"', "note must be text"),
    ],
)
def test_a_bad_tag_or_note_in_a_state_file_is_one_line(entry: str, message: str) -> None:
    with pytest.raises(state_codec.StateFileError, match=message) as caught:
        state_codec.parse_state(f'format = 2\n[papers]\n"{MINIMAX}" = {{ {entry} }}\n')
    assert "\n" not in str(caught.value)


def test_merging_a_state_keeps_the_later_change_of_each_element(library: Library) -> None:
    library.set_tags(MINIMAX, ["mine"])
    library.set_note(MINIMAX, "mine")
    incoming = UserState(
        tags={MINIMAX: {"theirs": TagChange("2999-01-01T00:00:00.000Z", True, "theirs")}},
        notes={MINIMAX: Note("2000-01-01T00:00:00.000Z", "older, loses")},
    )
    assert library.merge_state(incoming) == 1
    assert library.tags(MINIMAX) == ("mine", "theirs")
    assert library.note(MINIMAX) == "mine"
    assert library.merge_state(incoming) == 0  # idempotent


def test_recovery_restores_tags_and_notes_from_state_toml(home: Path) -> None:
    from reader.core.paths import Paths
    from reader.storage.recovery import open_library

    paths = Paths.resolve(home)
    with Library.open(paths.library) as library:
        library.set_tags(MINIMAX, ["rg"])
        library.set_note(MINIMAX, "safe")
        export_library(library, paths.state)
    paths.library.write_bytes(b"not a database at all" * 100)
    opened = open_library(paths)
    with opened.library as library:
        assert library.tags(MINIMAX) == ("rg",) and library.note(MINIMAX) == "safe"
    assert "restored the marks, tags and notes of 1 paper" in (opened.notice or "")


def test_a_version_3_library_migrates_and_keeps_its_marks(tmp_path: Path) -> None:
    path = tmp_path / "library.db"
    connection = sqlite3.connect(path, isolation_level=None)
    for version in (1, 2, 3):
        from reader.storage.schema import split_sql

        for statement in split_sql(MIGRATIONS[version]):
            connection.execute(statement)
    connection.execute("INSERT INTO state (paper_id, read_at, read_changed_at) VALUES ('2606.13392', 't', 't')")
    connection.execute("PRAGMA user_version = 3")
    connection.close()
    with Library.open(path) as library:
        assert library.state(MINIMAX).read
        assert library.set_tags(MINIMAX, ["rg"]) == ("rg",)
