"""Ids that look like paths or URLs: refused, or kept only where their links stay on their sites."""

from __future__ import annotations

import itertools
import json

import hostile_pilot
import pytest
from hostile_corpus import PATH_IDS, assert_id_urls_stay_on_their_sites, plain_inner
from hostile_text_cases import forbidden

from reader.core.paper import Paper, normalize_paper_id
from reader.sources.hf_api import parse_feed_text

# pytest finds fixtures among a module's names: these are the hostile tests' shared ones.
no_graphical_browser = hostile_pilot.no_graphical_browser


class TestPathLikeIds:
    def test_every_path_like_id_is_refused_with_its_reason_shown_plainly(self) -> None:
        items = [{"paper": {**plain_inner(1), "id": raw}} for raw in PATH_IDS]
        feed = parse_feed_text(json.dumps(items))
        assert feed.papers == []
        assert [position for position, _ in feed.skipped] == list(range(len(PATH_IDS)))
        for _, reason in feed.skipped:
            assert reason.endswith("is not an arXiv id"), reason
            assert not forbidden(reason), reason

    @pytest.mark.parametrize("raw", ["2406.12345", "2406.12345v2", " 2406.12345\n", "hep-th/9901001v1"])
    def test_ids_that_are_kept_make_urls_on_their_own_sites(self, raw: str) -> None:
        (paper,) = parse_feed_text(json.dumps([{"id": raw, "title": "T"}])).papers
        assert_id_urls_stay_on_their_sites(paper)

    @pytest.mark.parametrize("raw", ["a../1234567", "a.-b/1234567", "./1234567", "-a/1234567"])
    def test_old_style_ids_need_an_archive_name_of_words(self, raw: str) -> None:
        feed = parse_feed_text(json.dumps([{"id": raw, "title": "T"}]))
        assert feed.papers == [] and len(feed.skipped) == 1

    def test_no_id_the_parser_takes_can_move_a_url(self) -> None:
        """Every string of up to four of these pieces (and the path-like ids around a good one): 170,000 tries.

        Exhaustive rather than Hypothesis, which would write a .hypothesis/ directory into the clone.
        """
        pieces = ["2406", ".", "12345", "/", "..", "v2", "\\", "%2e", "hep-th", "a", "\x00", "\n", " ", "@", "?",
                  "#", ":", "//", "\uff11", "9901001"]  # fmt: skip
        candidates = ["".join(parts) for size in range(5) for parts in itertools.product(pieces, repeat=size)]
        candidates += [f"{before}2406.12345{after}" for before in ["", *PATH_IDS] for after in ["", *PATH_IDS]]
        taken = {paper_id_ for raw in candidates if (paper_id_ := normalize_paper_id(raw)) is not None}
        assert {"2406.12345", "hep-th/9901001", "a/9901001"} <= taken, "the test must see ids that are taken"
        for paper_id_ in taken:
            assert_id_urls_stay_on_their_sites(Paper(id=paper_id_, title="T"))
