"""Tags and notes of many papers at once, tags added and taken off, the tags in use, and mark-all-read with its
undo: what a reader sees in the list and in completion. The edges a mutation run found unguarded in this layer."""

from __future__ import annotations

from reader.storage.library import Library

A, B, C = "2606.13392", "2606.00467", "2606.12730"


def test_tags_of_many_papers_at_once_leave_out_those_without(library: Library) -> None:
    library.set_tags(A, ["zeta", "Alpha"])
    library.set_tags(B, ["gone"])
    library.set_tags(B, [])  # taken off again: B has no tags now
    library.set_tags(C, ["mid"])
    assert library.tags_of([A, B, C, "2606.99999"]) == {A: ("Alpha", "zeta"), C: ("mid",)}
    assert library.tags_of([C]) == {C: ("mid",)}
    assert library.tags_of([]) == {}


def test_notes_of_many_papers_at_once_leave_out_deleted_ones(library: Library) -> None:
    library.set_note(A, "first")
    library.set_note(B, "second")
    library.set_note(B, "")  # deleted
    library.set_note(C, "third")
    assert library.notes_of([A, B, C]) == {A: "first", C: "third"}
    assert library.notes_of([B]) == {}
    assert library.notes_of([]) == {}


def test_adding_tags_keeps_the_others_and_removing_matches_by_key(library: Library) -> None:
    library.set_tags(A, ["one"])
    assert library.add_tags(A, ["Two"]) == ("one", "Two")
    assert library.add_tags(A, ["one", "TWO"]) == ("one", "Two")  # tags it has already: kept as they are
    assert library.tags(A) == ("one", "Two")
    assert library.remove_tags(A, ["TWO", "three"]) == ("one",)
    assert library.remove_tags(A, ["one"]) == ()
    assert library.tags(A) == ()


def test_the_tags_in_use_are_counted_most_used_first_then_by_name(library: Library) -> None:
    library.set_tags(A, ["beta", "alpha", "gone"])
    library.set_tags(B, ["Beta", "alpha"])
    library.set_tags(C, ["alpha", "gamma"])
    library.remove_tags(A, ["gone"])
    assert library.all_tags() == [("alpha", 3), ("Beta", 2), ("gamma", 1)]  # the latest spelling of beta


def test_a_library_has_annotations_once_a_tag_or_a_note_was_written(library: Library, home) -> None:
    assert not library.has_annotations()
    library.set_note(A, "x")
    assert library.has_annotations()
    with Library.open(home / "tags.db") as other:
        other.set_tags(A, ["t"])
        assert other.has_annotations()
        other.set_tags(A, [])
        assert other.has_annotations()  # a tag taken off is kept, with its time


def test_mark_all_read_marks_only_the_rows_given_and_undo_only_those(library: Library) -> None:
    pks = library.select()
    chosen = pks[:3]
    change = library.mark_all_read(chosen)
    rows = library.list_rows(pks)
    assert change.count == 3 and {paper_id for paper_id, _ in change.stamps} == {rows[pk].id for pk in chosen}
    assert [rows[pk].read for pk in pks] == [True] * 3 + [False] * (len(pks) - 3)
    assert library.mark_all_read(chosen).count == 0  # nothing left unread there
    assert library.undo(change) == 3
    assert not any(row.read for row in library.list_rows(pks).values())
    assert library.undo(change) == 0  # done already


def test_an_undone_read_mark_stays_undone_in_the_library_file(library: Library, home) -> None:
    pks = library.select()
    change = library.mark_all_read(pks[:2])
    library.undo(change)
    first = library.list_rows(pks[:1])[pks[0]].id
    marks = library.marks()[first]
    assert not marks["read"].on and marks["read"].changed_at > dict(change.stamps)[first]
