"""`text:` conditions written back as typed: a word, a closed phrase, a phrase still being typed."""

from __future__ import annotations

import pytest

from reader.query.nodes import FullText
from reader.query.parser import parse_query


@pytest.mark.parametrize("text", ["text:diffusion", 'text:"a b"', 'text:"a b', 'text:"a b" x', "-text:video"])
def test_a_full_text_condition_is_written_back_as_typed(text: str) -> None:
    assert str(parse_query(text)) == text


def test_a_full_text_phrase_knows_whether_it_was_closed() -> None:
    assert parse_query('text:"a b"').root == FullText("a b", phrase=True, prefix=False)
    assert parse_query('text:"a b').root == FullText("a b", phrase=True, prefix=True)
