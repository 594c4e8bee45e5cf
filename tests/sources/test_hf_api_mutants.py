"""An item that nests too deeply loses only its deep fields, at the depths the limits name; what is kept is stored
in its raw JSON. The edges a mutation run found unguarded in this layer."""

from __future__ import annotations

import json
from typing import Any

import pytest

from reader.sources.hf_api import MAX_NESTING, nesting, parse_item
from reader.sources.hf_linked import LinkedError, parse_arxiv_repos, parse_paper_links


def nested(levels: int) -> Any:
    value: Any = []
    for _ in range(levels - 1):
        value = [value]
    assert nesting(value, levels + 1) == levels
    return value


def test_outer_fields_as_deep_as_the_limit_are_dropped_and_the_paper_kept() -> None:
    item = {
        "paper": {"id": "2606.00001", "title": "Deep", "upvotes": 4},
        "numComments": 3,
        "kept": nested(MAX_NESTING - 1),
        "dropped": nested(MAX_NESTING),
    }
    paper = parse_item(item)
    raw = json.loads(paper.raw)
    assert (paper.id, paper.title, paper.upvotes, paper.comments) == ("2606.00001", "Deep", 4, 3)
    assert set(raw) == {"paper", "numComments", "kept"}
    assert raw["kept"] == nested(MAX_NESTING - 1)


def test_fields_of_the_paper_one_level_less_deep_are_dropped() -> None:
    item = {
        "paper": {
            "id": "2606.00002",
            "title": "Deeper",
            "kept": nested(MAX_NESTING - 2),
            "dropped": nested(MAX_NESTING - 1),
            "far": nested(MAX_NESTING + 5),
        },
        "numComments": 1,
    }
    paper = parse_item(item)
    raw = json.loads(paper.raw)
    assert (paper.id, paper.title, paper.comments) == ("2606.00002", "Deeper", 1)
    assert set(raw) == {"paper", "numComments"}
    assert set(raw["paper"]) == {"id", "title", "kept"}
    assert nesting(raw) <= MAX_NESTING


def test_only_a_space_has_an_sdk_and_a_day_is_in_ascii_digits() -> None:
    linked = parse_arxiv_repos(
        {
            "models": [{"id": "org/model", "sdk": "gradio", "lastModified": "2026-06-01T08:00:00Z"}],
            "spaces": [{"id": "org/demo", "sdk": "gradio", "lastModified": "\u0662\u0660\u0662\u0666-06-01"}],
        }
    )
    (model,), (space,) = linked.models, linked.spaces
    assert (model.sdk, model.last_modified) == (None, "2026-06-01")
    assert (space.sdk, space.last_modified) == ("gradio", None)


def test_linked_answers_that_are_not_objects_are_named_by_their_type() -> None:
    for parse in (parse_paper_links, parse_arxiv_repos):
        with pytest.raises(LinkedError) as caught:
            parse([{"id": "x"}])
        assert str(caught.value) == "expected a JSON object, found list"


def test_a_repos_answer_counts_each_kind_it_lists() -> None:
    linked = parse_arxiv_repos(
        {"models": [{"id": "a/m1"}, {"id": "a/m2"}], "spaces": [{"id": "a/s1"}, {"id": "a/s2"}, {"id": "bad id"}]}
    )
    assert (linked.total_models, linked.total_datasets, linked.total_spaces) == (2, 0, 3)
    assert [repo.kind for repo in linked.models + linked.spaces] == ["model", "model", "space", "space"]


def test_counts_of_a_linked_repository_are_whole_numbers_from_zero() -> None:
    values = [0, 1, 1.0, 1.5, -1, 2**53 - 1, 2**53, True, "7", None]
    linked = parse_arxiv_repos({"models": [{"id": f"a/m{n}", "likes": value} for n, value in enumerate(values)]})
    assert [repo.likes for repo in linked.models] == [0, 1, 1, None, None, 2**53 - 1, None, None, None, None]
