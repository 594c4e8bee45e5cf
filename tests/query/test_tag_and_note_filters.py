"""The filter fields of issue 14: tag:, has:tag, note:, has:note, and plain words that match notes too."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from test_query import EVERY, P1, P2, P3, P4, P5, P6, PAPERS, TODAY, found, ids

from reader.core.views import all_views
from reader.query import PaperFilter, QueryError, parse_query
from reader.query.nodes import Has, Tag
from reader.storage.library import Library


@pytest.fixture
def tagged(home: Path):
    """The seven papers of test_query; P1 tagged RG and agents, P2 rg-old, P3 a note, P4 a note and a tag."""
    library = Library.open(home / "library.db")
    library.import_papers(PAPERS)
    library.set_tags(P1, ["RG", "agents"])
    library.set_tags(P2, ["rg-old"])
    library.set_note(P3, "Read for the survey chapter: compare with Kazakh benchmark")
    library.set_note(P4, "sparse idea; try on video")
    library.set_tags(P4, ["Ünïcode"])
    yield library
    library.close()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tag:rg", {P1, P2}),  # a prefix, like the other fields
        ("tag:RG", {P1, P2}),  # case-folded
        ('tag:"rg"', {P1}),  # quoted: the whole tag
        ("-tag:rg", EVERY - {P1, P2}),
        ("tag:agents tag:rg", {P1}),
        ("tag:ünï", {P4}),
        ("tags:agents", {P1}),
        ("tag:nothing", set()),
        ("has:tag", {P1, P2, P4}),
        ("-has:tag", EVERY - {P1, P2, P4}),
        ("has:note", {P3, P4}),
        ("note:survey", {P3}),
        ("note:kaz", {P3}),  # a prefix
        ('note:"compare with"', {P3}),
        ("-note:survey", EVERY - {P3}),
        ("kazakh", {P3}),  # plain words match notes too...
        ("survey", {P3}),  # ...and still the paper's own text (P3's title) once it has a note
        ("sparse video", {P4}),  # one word in the title, one in the note: the note is one more column
        ("attention -video", set()),  # P4's note says video: excluded as a paper's own text would be
        ("title:video", {P1, P5}),  # a field other than note never looks in notes
        ("diffusion OR kazakh", {P1, P3, P6}),
        ("tag:rg OR note:sparse", {P1, P2, P4}),
        ("has:note upvotes>5", {P3}),
    ],
)
def test_results(tagged: Library, text: str, expected: set[str]) -> None:
    assert found(tagged, text) == expected  # `found` also checks the ordered SQL path gives the same list


def test_a_note_edit_or_a_retitled_paper_shows_in_the_next_select(tagged: Library) -> None:
    tagged.set_note(P3, "nothing left")
    assert found(tagged, "kazakh") == set()
    assert found(tagged, "survey") == {P3}  # the title still holds it
    tagged.set_note(P3, "")
    assert found(tagged, "has:note") == {P4}
    tagged.import_papers([PAPERS[3].__class__(id=P4, title="Dense Attention After All", daily_date="2024-06-20")])
    assert found(tagged, "dense idea") == {P4}  # the new title, beside the note
    assert found(tagged, "sparse") == {P4}  # the note still says sparse


def test_a_note_written_before_its_paper_arrives_is_found_once_it_does(home: Path) -> None:
    with Library.open(home / "library.db") as library:
        library.set_note(P1, "zebra")
        assert found(library, "zebra") == set()
        library.import_papers(PAPERS)
        assert found(library, "zebra") == {P1}


def test_the_fields_parse_and_print_back() -> None:
    assert parse_query("tag:RG").root == Tag("rg")
    assert parse_query('tag:"Reading"').root == Tag("reading", exact=True)
    assert parse_query("has:note").root == Has("note")
    for text in ("tag:rg", 'tag:"rg"', "-tag:rg", "note:word", "has:tag", "has:note"):
        assert str(parse_query(text)) == text


@pytest.mark.parametrize(("text", "message"), [("tag:", "needs a word"), ("tag>3", "takes ':'"), ("has:tags", "tag")])
def test_malformed_tag_fields_are_query_errors(text: str, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        parse_query(text)


def test_user_fields_need_state_so_the_list_follows_edits() -> None:
    for text in ("tag:rg", "has:note", "note:x", "-has:tag"):
        assert parse_query(text).needs_state, text
    assert not parse_query("title:x has:code").needs_state


def test_a_view_can_be_a_tag(tagged: Library) -> None:
    views = {view.name: view for view in all_views({"Reading group": "tag:rg"}, date(2025, 6, 15), None)}
    assert ids(tagged, views["Reading group"].query) == [P1, P2]  # in list order, newest first
    unread = PaperFilter(text=views["Reading group"].query, unread_only=True)
    tagged.mark_read(P2)
    assert [pk for pk in tagged.select(unread, today=TODAY)] == tagged.select(PaperFilter(text='tag:"rg"'), today=TODAY)
    assert found(tagged, "tag:rg is:unread") == {P1}
    assert P5 not in found(tagged, "tag:rg") and P6 not in found(tagged, "tag:rg")
