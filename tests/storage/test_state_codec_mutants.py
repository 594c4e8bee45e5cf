"""state.toml written and read: the strings it escapes, the format it picks, and the one-line message naming where
a hand-edited file is wrong. The edges a mutation run found unguarded in this layer."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.core.marks import Mark, Note, TagChange, UserState
from reader.storage import state_codec
from reader.storage.state_codec import (
    StateFileError,
    normalize_time,
    parse_state,
    read_state,
    state_text,
    toml_string,
)

T1, T2 = "2026-06-12T08:30:00.000Z", "2026-06-13T09:00:00.000Z"
P1, P2 = "2606.00001", "2606.00002"
SHAPE = '{ tag = "name", on = true, changed = "2026-06-12T08:30:00Z" }'


def problem(text: str) -> str:
    with pytest.raises(StateFileError) as raised:
        parse_state(text, "s.toml")
    return str(raised.value)


def test_controls_are_escaped_and_lone_surrogates_dropped() -> None:
    assert toml_string("a\x1f b\x7f c\x80 d\x20e\x00") == '"a\\u001f b\\u007f c\x80 d e\\u0000"'
    assert toml_string("\ud7ff\ud800x\udabcy\udfffz\ue000") == '"\ud7ffxyz\ue000"'
    assert toml_string('q"\\\t') == '"q\\"\\\\\\t"'


def test_a_file_without_tags_and_notes_is_format_1_and_with_either_format_2() -> None:
    marks = {P1: {"read": Mark(T1, True)}}
    assert "\nformat = 1\n" in state_text(UserState(marks), T2)
    tags_only = UserState(marks, {P1: {"ml": TagChange(T1, True, "ML")}})
    assert "\nformat = 2\n" in state_text(tags_only, T2)
    notes_only = UserState(marks, {}, {P1: Note(T1, "mine")})
    assert "\nformat = 2\n" in state_text(notes_only, T2)
    assert parse_state(state_text(notes_only, T2)) == notes_only


def test_header_keys_are_written_and_a_hand_edited_id_is_skipped_alone() -> None:
    marks = {"2606.00001v2": {"read": Mark(T1, True)}, P2: {"starred": Mark(T2, True)}}
    text = state_text(UserState(marks), T2, {"machine": 'lap"top', "not a key": "x"})
    assert '\nmachine = "lap\\"top"\n' in text and "not a key" not in text
    assert parse_state(text) == UserState({P2: {"starred": Mark(T2, True)}})


def test_write_puts_marks_or_a_whole_state_with_the_export_time(tmp_path: Path) -> None:
    path = tmp_path / "state.toml"
    state_codec.write(path, {P1: {"read": Mark(T1, True)}}, T2)
    text = path.read_text(encoding="utf-8")
    assert f'\nexported_at = "{T2}"\n' in text
    assert read_state(path) == UserState({P1: {"read": Mark(T1, True)}})
    whole = UserState({}, {}, {P2: Note(T1, "a note")})
    state_codec.write(path, whole, T1)
    assert f'\nexported_at = "{T1}"\n' in path.read_text(encoding="utf-8")
    assert read_state(path) == whole


def test_a_state_file_that_cannot_be_read_is_named(tmp_path: Path) -> None:
    with pytest.raises(StateFileError, match=r"^.*/gone\.toml: no such file$"):
        read_state(tmp_path / "gone.toml")
    with pytest.raises(StateFileError) as raised:
        read_state(tmp_path)
    assert str(raised.value) == f"{tmp_path}: cannot read: is a directory, not a file"
    path = tmp_path / "state.toml"
    path.write_bytes(b'format = "\xff"\n')
    with pytest.raises(StateFileError) as raised:
        read_state(path)
    assert str(raised.value) == (
        f"{path}: cannot read: 'utf-8' codec can't decode byte 0xff in position 10: invalid start byte"
    )


def test_the_format_and_the_ids_are_checked_and_shown_cut() -> None:
    assert parse_state("format = 1\n") == UserState()
    assert problem(f'format = "{"x" * 60}"') == (
        f"s.toml: format '{'x' * 39} is not one this paper-reader reads (1, 2)"
    )
    assert problem(f'[papers]\n"{"y" * 80}" = {{}}') == f"s.toml: papers: '{'y' * 59} is not an arXiv id"


def test_a_wrong_mark_key_is_named_with_the_known_keys() -> None:
    assert problem(f'[papers]\n"{P1}" = {{ red = true }}') == (
        f"s.toml: papers.{P1}: unknown key 'red' "
        "(known: note, note_changed, read, read_changed, starred, starred_changed, tags)"
    )


def test_wrong_tags_are_named_with_their_place_and_shape() -> None:
    where = f"s.toml: papers.{P1}.tags"
    assert problem(f'[papers]\n"{P1}" = {{ tags = 3 }}') == f"{where} must be a list like [{SHAPE}]"
    for bad in (
        '{ tag = 1, on = true, changed = "2026-06-12T08:30:00Z" }',
        '{ tag = "a", on = 1, changed = "2026-06-12T08:30:00Z" }',
        '{ tag = "a", on = true, changed = 5 }',
        '{ tag = "a", on = true }',
    ):
        assert problem(f'[papers]\n"{P1}" = {{ tags = [{bad}] }}') == f"{where}[1] must be {SHAPE}"
    late = '{ tag = "a", on = true, changed = "2026-06-12T08:30:00Z" }, { tag = "b", on = true, changed = "soon" }'
    assert problem(f'[papers]\n"{P1}" = {{ tags = [{late}] }}') == (
        f"""{where}[2].changed: 'soon' is not a time like "2026-06-12T08:30:00Z\""""
    )


def test_a_wrong_note_is_named_with_its_place() -> None:
    where = f"s.toml: papers.{P1}"
    assert problem(f'[papers]\n"{P1}" = {{ note = "x", note_changed = "later" }}') == (
        f"""{where}.note_changed: 'later' is not a time like "2026-06-12T08:30:00Z\""""
    )
    long_note = "n" * 20_001
    assert problem(f'[papers]\n"{P1}" = {{ note = "{long_note}", note_changed = "{T1}" }}') == (
        f"{where}: a note is at most 20,000 characters (this one has 20,001)"
    )


@pytest.fixture
def tokyo(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A machine whose local time is not UTC."""
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_a_time_without_a_zone_is_taken_as_utc_on_any_machine(tokyo: None) -> None:
    assert normalize_time("2026-06-12T08:30:00") == "2026-06-12T08:30:00.000Z"
    assert normalize_time("2026-06-12T17:30:00+09:00") == "2026-06-12T08:30:00.000Z"
    assert normalize_time("9999-12-31T23:00:00Z") == "9999-12-31T23:00:00.000Z"  # in Tokyo already year 10000


def test_a_time_that_is_not_one_or_out_of_range_is_named_and_cut() -> None:
    with pytest.raises(StateFileError) as raised:
        normalize_time("z" * 50)
    assert str(raised.value) == f"""time: '{"z" * 40}' is not a time like "2026-06-12T08:30:00Z\""""
    with pytest.raises(StateFileError) as raised:
        normalize_time("0001-01-01T00:00:00.000000+01:00:00.000000", "here")
    assert str(raised.value) == "here: '0001-01-01T00:00:00.000000+01:00:00.0000' is out of range"
