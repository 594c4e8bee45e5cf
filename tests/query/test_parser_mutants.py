"""Edges of the parser a mutation run found unguarded: empty quoted fields search nothing, and a '(' left open
is named at its own column whether anything follows it or not."""

from __future__ import annotations

import pytest

from reader.query import QueryError, parse_query
from reader.query.nodes import Query, Text


@pytest.mark.parametrize("text", ['submitter:""', 'tag:""', 'tag:"  "'])
def test_an_empty_quoted_submitter_or_tag_searches_nothing(text: str) -> None:
    assert parse_query(text) == Query(None)
    assert parse_query(f"a {text}") == Query(Text("a"))


@pytest.mark.parametrize(("text", "column"), [("(", 1), ("(a", 1), ("a (b OR c", 3), ("((a)", 1), ("x -(", 4)])
def test_a_parenthesis_left_open_is_named_where_it_opens(text: str, column: int) -> None:
    with pytest.raises(QueryError) as caught:
        parse_query(text)
    assert (caught.value.message, caught.value.column) == ("missing ')'", column)
