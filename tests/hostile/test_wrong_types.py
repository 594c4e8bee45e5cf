"""Fields of the wrong JSON type: the parser keeps what it can of the item, or skips it with a reason."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import hostile_pilot
import pytest
from hostile_corpus import (
    HUGE_DIGITS,
    NOT_PAPERS,
    WRONG_ITEMS,
    WRONG_KEPT,
    WRONG_PARAMS,
    WRONG_SKIPS,
    WRONG_TYPES,
    WrongType,
    feed_text,
    plain_paper,
    wrong_type_item,
)

from reader.sources.hf_api import FeedError, parse_feed_text
from reader.storage.library import Library

# pytest finds fixtures among a module's names: these are the hostile tests' shared ones.
no_graphical_browser = hostile_pilot.no_graphical_browser


class TestWrongTypes:
    def test_the_corpus_says_what_it_holds(self) -> None:
        text = feed_text(WRONG_ITEMS)
        assert HUGE_DIGITS in text and "\\ud800" in text and "NaN" in text and "Infinity" in text
        assert len(WRONG_SKIPS) + len(WRONG_KEPT) == len(WRONG_ITEMS)

    @pytest.mark.parametrize(("number", "case"), WRONG_PARAMS)
    def test_each_wrong_type_is_skipped_with_its_reason_or_dropped(self, number: int, case: WrongType) -> None:
        feed = parse_feed_text(feed_text([wrong_type_item(number, case)]))
        if case.skipped is not None:
            assert feed.papers == []
            assert feed.skipped == [(0, case.skipped.format(n=number))]
        else:
            assert feed.skipped == []
            assert feed.papers == [replace(plain_paper(number), **case.kept)]

    @pytest.mark.parametrize(("item", "reason"), NOT_PAPERS, ids=[reason for _, reason in NOT_PAPERS])
    def test_items_that_are_not_papers_are_skipped(self, item: Any, reason: str) -> None:
        feed = parse_feed_text(feed_text([item, wrong_type_item(1, WRONG_TYPES[-1]), item]))
        assert feed.skipped == [(0, reason), (1, WRONG_TYPES[-1].skipped), (2, reason)]

    def test_the_whole_wrong_type_file_keeps_every_good_paper(self) -> None:
        feed = parse_feed_text(feed_text(WRONG_ITEMS))
        assert feed.skipped == WRONG_SKIPS
        assert {paper.id: paper for paper in feed.papers} == WRONG_KEPT

    def test_kept_papers_go_into_the_library_and_come_back_equal(self, home: Path) -> None:
        feed = parse_feed_text(feed_text(WRONG_ITEMS))
        with Library.open(home / "library.db") as lib:
            lib.import_papers(feed.papers)
            stored = {row.id: lib.paper(pk) for pk, row in lib.list_rows(lib.select()).items()}
            assert stored == WRONG_KEPT
            for paper in stored.values():
                assert paper is not None
                assert parse_feed_text(paper.raw).papers == [paper], "the raw JSON kept parses again"

    def test_a_flat_object_of_the_wrong_types_is_one_line_error(self) -> None:
        with pytest.raises(FeedError) as caught:
            parse_feed_text(feed_text([{"id": ["x"], "title": 5}])[1:-1])
        assert str(caught.value) == 'the object is not a paper: "id" is not a string'
