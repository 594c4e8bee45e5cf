"""A synced page is read item by item, as an import reads a file (sources/feed_file.py `page_papers`, whose own
tests check each hostile item against the item parsed alone): sync's count, order and one-line refusals."""

from __future__ import annotations

from typing import Any

import pytest
from hostile_corpus import WRONG_ITEMS, feed_text
from hostile_text_cases import ITEMS

from reader.services.sync import _ListError, _parse_page
from reader.sources.hf_api import ItemError, decode_json, parse_item

CASES = [*ITEMS, *WRONG_ITEMS]


def test_a_page_of_many_items_keeps_their_order_and_counts_them() -> None:
    papers = [item for item in CASES if _is_paper(item)]
    count, parsed = _parse_page(feed_text(papers).encode(), 0)
    assert count == len(papers) == len(parsed)
    assert [paper.id for paper in parsed] == [parse_item(decode_json(feed_text([item]))[0]).id for item in papers]


@pytest.mark.parametrize(
    ("body", "says"),
    [
        (b'{"error": "x"}', "page 1 is a JSON dict, not a list of papers"),
        (b"  null", "page 1 is a JSON NoneType, not a list of papers"),
        (b'[{"paper": {"id": "2601.00001", "title": "T"}}', "page 1 is not valid JSON"),
        (b'[{"paper": {"id": "2601.00001", "title": "T"}}] [', "page 1 is not valid JSON"),
        (b'[1, {"paper": {"id": "2601.00001", "title": "T"}}, }', "page 1 is not valid JSON"),
        (b"[1]", "item 1 is not a paper: expected an object, found int"),
        (b"{", "page 1 is not valid JSON"),
    ],
)
def test_a_page_that_is_not_a_list_of_papers_is_named(body: bytes, says: str) -> None:
    with pytest.raises(_ListError, match=_escaped(says)):
        _parse_page(body, 0)


def _is_paper(item: Any) -> bool:
    try:
        parse_item(decode_json(feed_text([item]))[0])
    except ItemError:
        return False
    return True


def _escaped(text: str) -> str:
    import re

    return re.escape(text)
