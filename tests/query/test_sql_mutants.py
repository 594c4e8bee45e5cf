"""Edges of the compiler a mutation run found unguarded: quotes inside note: and text: words, a closed phrase
against a longer word, `age>=` and papers without a date, and one MATCH for the text of an OR."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_query import EVERY, P1, P2, P3, P4, P5, P7, PAPERS, TODAY, found

from reader.query import compile_plan, compile_query, parse_query
from reader.query.plan import AllOf, AnyOf, PkSet, text_match
from reader.query.sql import FTS_MATCH
from reader.storage.library import Library


@pytest.fixture
def noted(home: Path):
    """The seven papers of test_query; P3 with a note and a full text, P5 with a full text."""
    library = Library.open(home / "library.db")
    library.import_papers(PAPERS)
    library.set_note(P3, 'compare "gamma deltas" later')
    library.store_full_text(P3, "# Survey\n\nWe cover gamma deltas and more.")
    library.store_full_text(P5, "# Benchmarks\n\nNothing of the kind.")
    yield library
    library.close()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('note:gamma"deltas', {P3}),  # a double quote inside a word is searched as a quote, not FTS syntax
        ('text:gamma"deltas', {P3}),
        ('note:"gamma delta"', set()),  # a closed phrase is the whole words...
        ('text:"gamma delta"', set()),
        ('note:"gamma delta', {P3}),  # ...a phrase still being typed may end in a longer word
        ('text:"gamma delta', {P3}),
        ('note:"gamma deltas"', {P3}),
        ('text:"gamma deltas"', {P3}),
    ],
)
def test_note_and_full_text_words_match_as_typed(noted: Library, text: str, expected: set[str]) -> None:
    assert found(noted, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("age>=16d", {P3, P4}),  # P6 has no date: it has no age either
        ("age<=16d", {P1, P2, P3, P5, P7}),
        ("age>16d", {P4}),
        ("age=16d", {P3}),
        ("-age>=16d", EVERY - {P3, P4}),
    ],
)
def test_an_undated_paper_matches_no_age(noted: Library, text: str, expected: set[str]) -> None:
    assert found(noted, text) == expected


def test_the_text_of_an_or_is_one_match_beside_its_other_conditions() -> None:
    sql, params = compile_query(parse_query("diffusion OR video OR upvotes>100"), TODAY)
    assert params == ['("diffusion"*) OR ("video"*)', '("diffusion"*) OR ("video"*)', 100]
    assert sql.count("papers_fts MATCH") == 1


def test_an_or_of_text_and_a_count_finds_either(noted: Library) -> None:
    assert found(noted, "agents OR upvotes>100") == {P1, P2, P7}


def test_the_text_of_an_and_is_one_match_beside_its_other_conditions() -> None:
    sql, params = compile_query(parse_query("diffusion -video upvotes>100"), TODAY)
    assert params == ['("diffusion"*) NOT ("video"*)', '("diffusion"*) NOT ("video"*)', 100]
    assert sql.count("papers_fts MATCH") == 1


def test_a_group_that_searches_text_is_planned_apart_from_the_scan_of_columns() -> None:
    plan = compile_plan(parse_query("upvotes>5 (video OR stars>3)"), TODAY)
    assert plan == AllOf((
        AnyOf((text_match('"video"*'), PkSet("SELECT p.pk FROM papers p WHERE p.github_stars > ?", (3,)))),
        PkSet("SELECT p.pk FROM papers p WHERE p.upvotes > ?", (5,)),
    ))  # fmt: skip


@pytest.mark.parametrize("text", ["-video", "NOT (video OR audio)", "-title:agent"])
def test_an_excluded_text_alone_is_one_not_in_the_index(text: str) -> None:
    sql, params = compile_query(parse_query(text), TODAY)
    assert sql == f"NOT {FTS_MATCH}" and len(params) == 2 and params[0] == params[1]
