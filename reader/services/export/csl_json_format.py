"""CSL-JSON, as pandoc, Zotero and citeproc read it: a JSON array of items of type `article` (a preprint)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from reader.services.export.items import ExportItem, citation_keys, split_name


def name(full: str) -> dict[str, str]:
    """`{"family", "given"}`; a one-word name as `{"literal"}`."""
    given, family = split_name(full)
    return {"family": family, "given": given} if given else {"literal": family}


def item_json(item: ExportItem, key: str) -> dict[str, Any]:
    paper = item.paper
    data: dict[str, Any] = {"id": key, "citation-key": key, "type": "article", "title": paper.title}
    if paper.authors:
        data["author"] = [name(author) for author in paper.authors]
    if item.date:
        data["issued"] = {"date-parts": [[int(part) for part in item.date.split("-")]]}
    if paper.abstract:
        data["abstract"] = paper.abstract
    data["URL"] = item.url
    if item.is_arxiv:
        data["publisher"] = "arXiv"
        data["number"] = f"arXiv:{paper.id}"
    if item.tags:
        data["keyword"] = ", ".join(item.tags)
    if item.note:
        data["note"] = item.note
    return data


def render(items: Sequence[ExportItem]) -> str:
    """A JSON array, one item per line (readable, diff-friendly, and json's fast C encoder: no indent)."""
    keys = citation_keys(items)
    lines = [json.dumps(item_json(item, key), ensure_ascii=False) for item, key in zip(items, keys, strict=True)]
    return "[\n" + ",\n".join(lines) + ("\n]\n" if lines else "]\n")
