"""An item that nests too deeply loses only its deep fields, at the depths the limits name; what is kept is stored
in its raw JSON. The edges a mutation run found unguarded in this layer."""

from __future__ import annotations

import json
from typing import Any

from reader.sources.hf_api import MAX_NESTING, nesting, parse_item


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
    from reader.sources.hf_linked import parse_arxiv_repos

    linked = parse_arxiv_repos(
        {
            "models": [{"id": "org/model", "sdk": "gradio", "lastModified": "2026-06-01T08:00:00Z"}],
            "spaces": [{"id": "org/demo", "sdk": "gradio", "lastModified": "\u0662\u0660\u0662\u0666-06-01"}],
        }
    )
    (model,), (space,) = linked.models, linked.spaces
    assert (model.sdk, model.last_modified) == (None, "2026-06-01")
    assert (space.sdk, space.last_modified) == ("gradio", None)
