"""Property tests of the merge of marks, tags and notes: order-free, and the two-machine cases of issue 14.

Each property runs EXAMPLES examples (counted, not assumed: a strategy that
quietly shrinks to nothing is a failure) and prints how many it ran. The same
merge runs in `state import`, at start (the sync folder) and in recovery.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from datetime import UTC
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core.annotations import tag_key
from reader.core.marks import Mark, Note, TagChange, UserState, merge_state, tags_on
from reader.storage import state_codec
from reader.storage.library import Library
from reader.storage.state_codec import normalize_time

EXAMPLES = 1_000
"""Per property; README (Reliability) states this number."""

PAPER_IDS = st.sampled_from(["2606.00467", "2606.12730", "2410.17897", "hep-th/9901001"])
FEW_TIMES = st.sampled_from(["2026-06-12T08:00:00.000Z", "2026-06-12T09:00:00.000Z", "2026-06-13T10:30:00.500Z"])
TIMES = FEW_TIMES | st.datetimes(timezones=st.just(UTC)).map(lambda moment: normalize_time(moment.isoformat()))
LABELS = st.sampled_from(["rg", "RG", "agents", "Agents", "to-read", "ünï", "x" * 40])
MARK = st.builds(Mark, TIMES, st.booleans())
TAG = st.builds(TagChange, TIMES, st.booleans(), LABELS)
NOTE = st.builds(Note, TIMES, st.sampled_from(["", "good", 'quotes " and \\ back', "two\nlines", "ünï 🙂"]))


MARKS = st.dictionaries(PAPER_IDS, st.dictionaries(st.sampled_from(["read", "starred"]), MARK), max_size=3)
TAG_LISTS = st.dictionaries(PAPER_IDS, st.lists(TAG, max_size=4), max_size=3)
NOTES = st.dictionaries(PAPER_IDS, NOTE, max_size=3)
"""Built once, not inside each draw: Hypothesis validates a strategy the first time it draws from it."""


@st.composite
def user_states(draw: st.DrawFn) -> UserState:
    marks = draw(MARKS)
    tags = {
        paper_id: {tag_key(change.label): change for change in changes} for paper_id, changes in draw(TAG_LISTS).items()
    }
    notes = draw(NOTES)
    return UserState(marks, tags, notes)


def run_counted(name: str, prop: Callable[[], None], calls: list[int]) -> None:
    started = time.perf_counter()
    prop()
    print(f"\n{name}: {calls[0]:,} examples in {time.perf_counter() - started:.1f} s")
    assert calls[0] >= EXAMPLES, f"{name} ran only {calls[0]} examples"


def canonical(state: UserState) -> UserState:
    """Empty per-paper entries dropped: a paper with no marks is the same state as no paper."""
    return UserState(
        {k: v for k, v in state.marks.items() if v}, {k: v for k, v in state.tags.items() if v}, dict(state.notes)
    )


COUNTED = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.slow
def test_the_merge_is_commutative_associative_and_idempotent() -> None:
    calls = [0]

    @COUNTED
    @given(user_states(), user_states(), user_states())
    def prop(a: UserState, b: UserState, c: UserState) -> None:
        calls[0] += 1
        assert canonical(merge_state(a, b)) == canonical(merge_state(b, a))
        assert canonical(merge_state(merge_state(a, b), c)) == canonical(merge_state(a, merge_state(b, c)))
        assert canonical(merge_state(a, a)) == canonical(merge_state(a))
        assert canonical(merge_state(merge_state(a, b), b)) == canonical(merge_state(a, b))

    run_counted("merge algebra", prop, calls)


@pytest.mark.slow
def test_the_state_file_round_trips_every_state() -> None:
    calls = [0]

    @COUNTED
    @given(user_states())
    def prop(state: UserState) -> None:
        calls[0] += 1
        text = state_codec.state_text(state, "2026-06-12T08:00:00.000Z")
        assert canonical(state_codec.parse_state(text)) == canonical(merge_state(state))

    run_counted("state file round trip", prop, calls)


@pytest.mark.slow
def test_two_machines_adding_different_tags_both_keep_both_in_either_order() -> None:
    calls = [0]

    @COUNTED
    @given(user_states(), TIMES, TIMES, st.sampled_from(["rg", "agents"]), st.sampled_from(["later", "to-read"]))
    def prop(base: UserState, t1: str, t2: str, first: str, second: str) -> None:
        calls[0] += 1
        paper = "2606.00467"
        stamp = max([t1, t2, *(c.changed_at for c in base.tags.get(paper, {}).values())])
        # Each machine starts from the same state and adds its own tag later than anything it saw.
        laptop = merge_state(base, UserState(tags={paper: {first: TagChange(stamp, True, first)}}))
        desktop = merge_state(base, UserState(tags={paper: {second: TagChange(stamp, True, second)}}))
        for merged in (merge_state(laptop, desktop), merge_state(desktop, laptop)):
            assert {first, second} <= set(tags_on(merged.tags[paper]))

    run_counted("two machines, two tags", prop, calls)


@pytest.mark.slow
def test_a_tag_removed_on_one_machine_and_untouched_on_the_other_is_removed() -> None:
    calls = [0]

    @COUNTED
    @given(user_states(), TIMES, TIMES)
    def prop(base: UserState, added: str, removed: str) -> None:
        calls[0] += 1
        paper = "2606.12730"
        added, removed = sorted([added, removed])
        if added == removed:
            return  # same instant: on wins a tie (see TagChange); the removal must come later to count
        shared = merge_state(base, UserState(tags={paper: {"rg": TagChange(added, True, "rg")}}))
        after = max([removed, *(c.changed_at for c in shared.tags[paper].values())])
        if after == shared.tags[paper]["rg"].changed_at and shared.tags[paper]["rg"].on:
            return
        removing = merge_state(shared, UserState(tags={paper: {"rg": TagChange(after, False, "rg")}}))
        for merged in (merge_state(removing, shared), merge_state(shared, removing)):
            assert "rg" not in {tag_key(label) for label in tags_on(merged.tags[paper])}

    run_counted("removed on one machine", prop, calls)


@pytest.mark.slow
def test_for_a_note_the_later_edit_wins_in_either_order() -> None:
    calls = [0]

    @COUNTED
    @given(NOTE, NOTE)
    def prop(one: Note, other: Note) -> None:
        calls[0] += 1
        paper = "2410.17897"
        a, b = UserState(notes={paper: one}), UserState(notes={paper: other})
        later = max(one, other)
        assert merge_state(a, b).notes[paper] == merge_state(b, a).notes[paper] == later
        if one.changed_at != other.changed_at:
            assert later.changed_at == max(one.changed_at, other.changed_at)

    run_counted("note: later edit wins", prop, calls)


def copy_of(template: Library) -> Library:
    """A new library in memory holding what `template` holds: SQLite's backup copies its pages (~0.5 ms) where
    `Library.open` of a new one runs every migration (~3 ms), twice in each example."""
    connection = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    template._db.backup(connection)
    return Library(connection, Path(":memory:"))


@pytest.mark.slow
def test_two_machines_files_merge_into_a_library_the_same_in_either_order(tmp_path: Path) -> None:
    """Through the state file's text and a real library (SQLite in memory: the same SQL, no fsync per example):
    ours + A then B equals ours + B then A equals the pure merge."""
    calls = [0]
    file = tmp_path / "incoming.toml"
    template = Library.open(Path(":memory:"))  # a new library, migrated once

    @COUNTED
    @given(user_states(), user_states(), user_states())
    def prop(ours: UserState, laptop: UserState, desktop: UserState) -> None:
        calls[0] += 1
        results = []
        for order in ((laptop, desktop), (desktop, laptop)):
            with copy_of(template) as library:
                library.merge_state(ours)
                for state in order:
                    file.write_text(state_codec.state_text(state, "2026-06-12T08:00:00.000Z"), encoding="utf-8")
                    library.merge_state(state_codec.read_state(file))
                results.append(canonical(library.user_state()))
        assert results[0] == results[1] == canonical(merge_state(ours, laptop, desktop))

    run_counted("library merge", prop, calls)
    template.close()
