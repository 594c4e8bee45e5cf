"""JSON: lossless, every field of every paper with its tags and note (not the raw API JSON it came from)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import fields
from typing import Any

from reader.core.paper import Paper
from reader.services.export.items import ExportItem

FORMAT = "paper-reader export"
VERSION = 1
PAPER_FIELDS = tuple(f.name for f in fields(Paper) if f.name != "raw")


def paper_json(item: ExportItem) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name in PAPER_FIELDS:
        value = getattr(item.paper, name)
        data[name] = list(value) if isinstance(value, tuple) else value
    data["url"] = item.url
    data["tags"] = list(item.tags)
    data["note"] = item.note
    return data


def render(items: Sequence[ExportItem]) -> str:
    """One JSON object, one paper per line (readable, diff-friendly, and json's fast C encoder: no indent)."""
    papers = ",\n".join(json.dumps(paper_json(item), ensure_ascii=False) for item in items)
    head = json.dumps({"format": FORMAT, "version": VERSION})[:-1]
    return f'{head}, "papers": [\n{papers}\n]}}\n' if items else f'{head}, "papers": []}}\n'


def paper_from_json(data: dict[str, Any]) -> Paper:
    """The Paper back from one entry (what makes the format lossless; the tests use it)."""
    values = {name: tuple(data[name]) if isinstance(data[name], list) else data[name] for name in PAPER_FIELDS}
    return Paper(**values)
