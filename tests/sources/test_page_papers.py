"""`page_papers`: a page of a Daily list read item by item, as an import reads a file's items (sync's parser).

Each item must come out as the same paper, or the same refusal, as the item parsed alone by `parse_item`; its
raw JSON is the item's own text when that is one line with no number past MAX_INT_DIGITS, else the item encoded
again; the nesting is walked only for an item whose text has brackets enough to be deep.
"""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from reader.core.paper import Paper
from reader.sources.feed_file import page_papers
from reader.sources.hf_api import MAX_INT_DIGITS, MAX_NESTING, FeedError, ItemError, decode_json, parse_item

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "hostile"))
from hostile_corpus import HUGE_DIGITS, HUGE_INT, WRONG_ITEMS, feed_text
from hostile_text_cases import ITEMS

PLAIN = {"paper": {"id": "2604.00001", "title": "Plain", "upvotes": 3}, "numComments": 1}


def _as_json(raw: str) -> str:
    """The raw JSON's value, written one way (NaN and Infinity as json.dumps writes them)."""
    return json.dumps(decode_json(raw), sort_keys=True)


def nested(depth: int) -> Any:
    return json.loads("[" * depth + "]" * depth)


def only(text: str) -> Paper | ItemError:
    (result,) = list(page_papers(text))
    return result


@pytest.mark.parametrize("indent", [None, 2], ids=["compact", "pretty"])
def test_each_item_is_the_paper_it_is_alone(indent: int | None) -> None:
    for number, item in enumerate([*ITEMS, *WRONG_ITEMS]):
        text = json.dumps([item], ensure_ascii=True, indent=indent).replace(json.dumps(HUGE_INT), HUGE_DIGITS)
        alone = decode_json(feed_text([item]))[0]
        result = only(text)
        try:
            expected = parse_item(alone)
        except ItemError as exc:
            assert isinstance(result, ItemError) and str(result) == str(exc), number
            continue
        assert isinstance(result, Paper), (number, result)
        assert replace(result, raw="") == replace(expected, raw=""), number
        assert json.dumps(decode_json(result.raw), sort_keys=True) == json.dumps(
            decode_json(expected.raw), sort_keys=True
        )


def test_a_one_line_item_keeps_its_own_text_and_a_pretty_one_is_encoded_compactly() -> None:
    text = '[ {"paper": {"id": "2604.00001", "title": "Plain", "upvotes": 3},  "numComments": 1} ]'
    paper = only(text)
    assert isinstance(paper, Paper)
    assert paper.raw == '{"paper": {"id": "2604.00001", "title": "Plain", "upvotes": 3},  "numComments": 1}'
    pretty = only(json.dumps([PLAIN], indent=2))
    assert isinstance(pretty, Paper) and pretty.raw == json.dumps(PLAIN, separators=(",", ":"))
    carriage = only(json.dumps([PLAIN]).replace(", ", ",\r"))
    assert isinstance(carriage, Paper) and "\r" not in carriage.raw


def test_a_number_past_the_int_limit_is_encoded_again_one_at_it_kept() -> None:
    at_limit = "9" * MAX_INT_DIGITS
    kept = only(f'[{{"paper": {{"id": "2604.00001", "title": "T", "upvotes": 1}}, "x": {at_limit}}}]')
    assert isinstance(kept, Paper) and at_limit in kept.raw
    past = only(f'[{{"paper": {{"id": "2604.00001", "title": "T", "upvotes": 1}}, "x": {at_limit}9}}]')
    assert isinstance(past, Paper) and at_limit not in past.raw, "encoded again: the number as a float"
    assert decode_json(past.raw)["x"] == float(at_limit + "9")
    digits_in_a_string = only(f'[{{"paper": {{"id": "2604.00001", "title": "T"}}, "x": "{at_limit}99"}}]')
    assert isinstance(digits_in_a_string, Paper) and f'"{at_limit}99"' in digits_in_a_string.raw
    after = list(
        page_papers(f'[{{"paper": {{"id": "2604.00001", "title": "T"}}, "x": {at_limit}9}}, {json.dumps(PLAIN)}]')
    )
    assert isinstance(after[1], Paper) and after[1].raw == json.dumps(PLAIN), "the next item is judged on its own"


@pytest.mark.parametrize("depth", [MAX_NESTING - 2, MAX_NESTING, MAX_NESTING + 1, 600])
def test_a_deep_field_is_dropped_and_a_very_deep_item_is_not_refused(depth: int) -> None:
    item = {"paper": {"id": "2604.00001", "title": "Deep", "x": nested(depth)}, "y": 1}
    paper = only(json.dumps([item]))
    assert isinstance(paper, Paper) and paper.title == "Deep"
    assert paper == parse_item(item)  # the same paper, raw JSON and all, as the whole item parsed alone
    assert ('"x"' in paper.raw) == (depth + 2 <= MAX_NESTING)


def test_brackets_in_strings_only_make_the_walk_happen_not_a_drop() -> None:
    item = {"paper": {"id": "2604.00001", "title": "[" * (MAX_NESTING + 5)}, "y": "{" * 70}
    paper = only(json.dumps([item]))
    assert isinstance(paper, Paper) and paper == parse_item(item)


@pytest.mark.parametrize(
    "text",
    ["[", "[1", '[{"a": 1}', "[1,]", "[1] 2", "[1 2]", '[{"a": }]', "[" * 100_000, "]", '{"a": 1}', ""],
)
def test_what_is_not_one_json_array_is_a_feed_error(text: str) -> None:
    with pytest.raises(FeedError):
        list(page_papers(text))


def test_an_empty_page_and_items_that_are_not_papers() -> None:
    assert list(page_papers("[]")) == list(page_papers(" \n[ ]\n ")) == []
    results = list(page_papers('[1, "x", null, {"paper": 2}, ' + json.dumps(PLAIN) + "]"))
    assert [str(r) for r in results[:4]] == [
        "expected an object, found int",
        "expected an object, found str",
        "expected an object, found NoneType",
        '"paper" is int, not an object',
    ]
    assert isinstance(results[4], Paper) and results[4].id == "2604.00001"
