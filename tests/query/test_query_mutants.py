"""The edges of query that a mutation run found unguarded: queries written back, phrases, ages, exclusions."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from reader.query.filter import PaperFilter, where_clause
from reader.query.parser import parse_query
from reader.query.sql import compile_query
from reader.storage.library import Library

LIST_DAY = date(2026, 6, 12)  # the conftest library's one Daily list


@pytest.mark.parametrize("text", ["is:starred", "has:code", "-diffusion", "", '"a b" "c d"', 'title:"a b" c'])
def test_a_query_is_written_back_as_it_was_typed(text: str) -> None:
    assert str(parse_query(text)) == text


def test_a_phrase_ends_at_its_own_closing_quote() -> None:
    assert str(parse_query('"a b"c "d"')) == '"a b" c "d"'


@pytest.mark.parametrize(("text", "count"), [("age>=2d", 30), ("age>=3d", 0), ("age<=2d", 30), ("age<2d", 0)])
def test_an_age_counts_days_back_from_today(library: Library, text: str, count: int) -> None:
    today = LIST_DAY + timedelta(days=2)
    assert len(library.select(PaperFilter(text=text), today=today)) == count


def test_two_excluded_words_beside_a_wanted_one_exclude_either() -> None:
    _, params = compile_query(parse_query("diff -video -audio"), date(2025, 6, 15))
    expression = '("diff"*) NOT (("video"*) OR ("audio"*))'
    assert params == [expression, expression]  # the same search of the papers' index and of the noted papers' one


def test_a_filter_without_a_day_counts_from_today() -> None:
    _, params = where_clause(PaperFilter(text="age<1d"))
    assert params == [(date.today() - timedelta(days=1)).isoformat()]
