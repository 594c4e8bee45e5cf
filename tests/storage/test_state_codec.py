"""state.toml: its text, its parser's errors, and the merge that makes two machines' marks agree."""

from __future__ import annotations

import tomllib
from datetime import UTC
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.core.marks import AllMarks, Mark, merge
from reader.storage import state_codec as state_file
from reader.storage.library import Library
from reader.storage.state_codec import StateFileError, normalize_time, parse, to_text

A, B, C = "2606.00467", "2606.12730", "2410.17897"
T1, T2, T3 = "2026-06-12T08:00:00.000Z", "2026-06-12T09:00:00.000Z", "2026-06-13T10:30:00.500Z"


# --- the text ------------------------------------------------------------------------------


def test_text_is_sorted_one_paper_per_line_with_a_time_per_mark() -> None:
    marks: AllMarks = {
        B: {"starred": Mark(T2, True)},
        A: {"read": Mark(T1, True), "starred": Mark(T3, False)},
    }
    text = to_text(marks, exported_at=T3)
    papers = text[text.index("[papers]") :].splitlines()
    assert papers == [
        "[papers]",
        f'"{A}" = {{ read = true, read_changed = "{T1}", starred = false, starred_changed = "{T3}" }}',
        f'"{B}" = {{ starred = true, starred_changed = "{T2}" }}',
    ]
    assert text.startswith("# paper-reader: read and star marks")
    assert tomllib.loads(text)["format"] == 1
    assert parse(text) == marks


def test_an_empty_library_writes_a_file_that_reads_as_empty() -> None:
    assert parse(to_text({}, exported_at=T1)) == {}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[papers]\n"2606.00467" = { read = true, read_changed = "2026-06-12" \n', ":2:"),  # unclosed inline table
        ("format = 1\nformat = 2\n", ":2:"),
        ('[papers]\n"../../etc/passwd" = { read = true, read_changed = "2026-06-12T08:00:00Z" }\n', "not an arXiv id"),
        ('[papers]\n"2606.00467" = { read = "yes", read_changed = "2026-06-12T08:00:00Z" }\n', "true or false"),
        ('[papers]\n"2606.00467" = { read = true }\n', "read_changed must be a time"),
        ('[papers]\n"2606.00467" = { read = true, read_changed = "yesterday" }\n', "is not a time"),
        ('[papers]\n"2606.00467" = { read = true, read_changed = "2026-06-12T08:00:00Z", x = 1 }\n', "unknown key 'x'"),
        ('[papers]\n"2606.00467" = 5\n', "inline table of marks"),
        ("papers = 5\n", "'papers' must be a table"),
        ("format = 9\n", "format 9"),
    ],
)
def test_a_bad_file_is_one_line_naming_where(text: str, message: str) -> None:
    with pytest.raises(StateFileError) as raised:
        parse(text, "state.toml")
    error = str(raised.value)
    assert error.startswith("state.toml")
    assert message in error
    assert "\n" not in error


def test_a_syntax_error_names_file_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "state.toml"
    path.write_text('format = 1\n[papers]\n"2606.00467" = { read = tru }\n', encoding="utf-8")
    with pytest.raises(StateFileError, match=rf"^{path}:3:25: Invalid value"):
        state_file.read(path)


def test_an_unreadable_file_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(StateFileError, match="no such file"):
        state_file.read(tmp_path / "missing.toml")
    binary = tmp_path / "binary.toml"
    binary.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(StateFileError, match="cannot read"):
        state_file.read(binary)


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("2026-06-12T08:00:00Z", "2026-06-12T08:00:00.000Z"),
        ("2026-06-12T10:00:00+02:00", "2026-06-12T08:00:00.000Z"),
        ("2026-06-12T08:00:00.123456+00:00", "2026-06-12T08:00:00.123Z"),
        ("2026-06-12 08:00", "2026-06-12T08:00:00.000Z"),  # no zone: taken as UTC
        ("2026-06-12", "2026-06-12T00:00:00.000Z"),
    ],
)
def test_times_are_made_canonical_so_text_order_is_time_order(written: str, canonical: str) -> None:
    assert normalize_time(written) == canonical


@pytest.mark.parametrize("text", ["0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-05:00", "", "12:00"])
def test_times_out_of_range_are_errors_not_crashes(text: str) -> None:
    with pytest.raises(StateFileError):
        normalize_time(text)


# --- merging -------------------------------------------------------------------------------


def test_the_later_change_of_each_mark_wins_independently() -> None:
    laptop: AllMarks = {A: {"read": Mark(T1, True), "starred": Mark(T3, True)}}
    desktop: AllMarks = {A: {"read": Mark(T2, False), "starred": Mark(T1, False)}, B: {"read": Mark(T1, True)}}
    assert merge(laptop, desktop) == {
        A: {"read": Mark(T2, False), "starred": Mark(T3, True)},
        B: {"read": Mark(T1, True)},
    }


def test_a_tie_in_time_goes_to_on_whichever_comes_first() -> None:
    off, on = {A: {"starred": Mark(T1, False)}}, {A: {"starred": Mark(T1, True)}}
    assert merge(off, on) == merge(on, off) == on


PAPER_IDS = st.sampled_from([A, B, C, "2501.00001", "hep-th/9901001"])
TIMES = st.datetimes(timezones=st.just(UTC)).map(lambda moment: normalize_time(moment.isoformat()))
MARK = st.builds(Mark, TIMES | st.sampled_from([T1, T2, T3]), st.booleans())
MARKS = st.dictionaries(PAPER_IDS, st.dictionaries(st.sampled_from(["read", "starred"]), MARK, min_size=1), max_size=6)


@given(MARKS, MARKS, MARKS)
def test_merging_is_order_free(first: AllMarks, second: AllMarks, third: AllMarks) -> None:
    assert merge(first, second) == merge(second, first)
    assert merge(merge(first, second), third) == merge(first, merge(second, third))
    assert merge(first, first) == merge(first)


@given(MARKS)
def test_the_text_round_trips(marks: AllMarks) -> None:
    assert parse(to_text(marks, exported_at=T1)) == marks


@pytest.mark.slow
def test_two_machines_files_merge_into_the_same_library_in_either_order(tmp_path: Path) -> None:
    """The issue's property, end to end: library + A then B equals library + B then A, through real files."""
    count = 0
    directory = tmp_path

    @given(ours=MARKS, laptop=MARKS, desktop=MARKS)
    def check(ours: AllMarks, laptop: AllMarks, desktop: AllMarks) -> None:
        nonlocal count
        count += 1
        results = []
        for order in ((laptop, desktop), (desktop, laptop)):
            path = directory / f"library-{count}-{len(results)}.db"
            with Library.open(path) as library:
                library.merge_marks(ours)
                for marks in order:
                    file = directory / "incoming.toml"
                    state_file.write(file, marks, exported_at=T1)
                    library.merge_marks(state_file.read(file))
                results.append(library.marks())
            path.unlink()
        assert results[0] == results[1] == merge(ours, laptop, desktop)

    check()
    assert count >= 100  # hypothesis's default number of examples ran


def test_a_change_after_a_mark_from_the_future_still_wins(tmp_path: Path) -> None:
    """A file from a machine whose clock runs ahead must not make the next change here lose its merges."""
    future = "2999-01-01T00:00:00.000Z"
    with Library.open(tmp_path / "library.db") as library:
        library.merge_marks({A: {"starred": Mark(future, True)}})
        library.star(A, False)
        mark = library.marks()[A]["starred"]
    assert mark == Mark("2999-01-01T00:00:00.001Z", False)
    assert merge({A: {"starred": Mark(future, True)}}, {A: {"starred": mark}})[A]["starred"] == mark


def test_a_tampered_library_cannot_break_the_file() -> None:
    """Only a hand-edited library.db holds such rows; the file stays valid TOML that reads back."""
    marks: AllMarks = {
        'x" = 1 #': {"read": Mark(T1, True)},
        A: {"read": Mark('now" }', True), "starred": Mark(T2, True)},
    }
    assert parse(to_text(marks, exported_at=T3)) == {A: {"starred": Mark(T2, True)}}
