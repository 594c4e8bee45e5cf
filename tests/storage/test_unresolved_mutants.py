"""Resolving a paper known from a copied page: everything the reader gave it moves to the real paper with its
times, caches follow or go, and the marks of both merge by the later change. The edges a mutation run found
unguarded in this layer."""

from __future__ import annotations

from test_around_storage import kazqad, page_papers

from reader.core.linked import LinkedRepo, LinkedRepos
from reader.core.paper import unresolved_id
from reader.storage.library import Library

LINKED = LinkedRepos(models=(LinkedRepo("model", "org/kazqad", likes=3),), total_models=1)


def test_everything_the_reader_gave_the_copy_moves_to_the_real_paper(library: Library) -> None:
    library.import_papers(page_papers())
    real = kazqad()
    local = unresolved_id(real.title)
    library.star(local)
    library.mark_read(local)
    library.mark_read(local, False)  # read, then unread again: an off mark with its time moves too
    library.set_tags(local, ["kazakh", "qa"])
    library.set_note(local, "compare with the UNT exam")
    library.store_linked(local, LINKED, fetched_at="2026-06-12T08:00:00.000Z")
    library.store_full_text(local, "# KazQAD")
    library.note_lookup(local, "2026-06-12T09:00:00.000Z")
    before = library.marks()[local]
    tag_changes = library.tag_changes(local)
    note = library.note_change(local)

    assert library.resolve_paper(local, real)

    assert library.marks()[real.id] == before and local not in library.marks()
    assert library.tags(real.id) == ("kazakh", "qa") and library.tag_changes(real.id) == tag_changes
    assert library.note_change(real.id) == note
    assert library.linked(real.id) == LINKED
    assert library.tags(local) == () and library.note(local) == "" and library.linked(local) is None
    assert library.full_text(local) is None  # the text of the copy is not the paper's: fetched again for it
    assert [paper.id for paper in library.unresolved_papers()] == [p.id for p in page_papers() if p.id != local]


def test_marks_of_the_copy_and_of_the_stored_paper_merge_by_the_later_change(library: Library) -> None:
    real = kazqad()
    library.import_papers([real])
    library.mark_read(real.id)  # read the real one first...
    library.import_papers(page_papers())
    local = unresolved_id(real.title)
    library.mark_read(local)
    library.mark_read(local, False)  # ...then marked its twin unread: later, so it wins
    library.star(local)
    expected = {"read": library.marks()[local]["read"], "starred": library.marks()[local]["starred"]}
    assert library.resolve_paper(local, real)
    assert library.marks()[real.id] == expected
    state = library.state(real.id)
    assert state.starred and not state.read


def test_a_copy_without_marks_leaves_the_real_papers_marks(library: Library) -> None:
    real = kazqad()
    library.import_papers([real])
    library.star(real.id)
    marks = library.marks()[real.id]
    library.import_papers(page_papers())
    assert library.resolve_paper(unresolved_id(real.title), real)
    assert library.marks()[real.id] == marks


def test_a_copy_and_a_paper_both_without_marks_give_none(library: Library) -> None:
    library.import_papers(page_papers())
    real = kazqad()
    assert library.resolve_paper(unresolved_id(real.title), real)
    assert real.id not in library.marks()


def test_unresolved_papers_come_oldest_stored_first(library: Library) -> None:
    first, *rest = page_papers()
    library.import_papers(rest)
    library.import_papers([first])
    assert [paper.id for paper in library.unresolved_papers()] == [paper.id for paper in [*rest, first]]


def test_a_copy_only_read_moves_its_read_mark_alone(library: Library) -> None:
    library.import_papers(page_papers())
    real = kazqad()
    local = unresolved_id(real.title)
    library.mark_read(local)
    read = library.marks()[local]["read"]
    assert library.resolve_paper(local, real)
    assert library.marks()[real.id] == {"read": read}
    state = library.state(real.id)
    assert state.read and not state.starred
