"""RIS, as Zotero, Mendeley and EndNote read it: `TAG  - value` lines, one record per paper, `ER  - ` after each.

RIS holds one line per value, so line breaks inside a value (an abstract's
paragraphs, a note's lines) become spaces: no text can start a line, and so
none can forge a tag or end a record.
"""

from __future__ import annotations

from collections.abc import Sequence

from reader.core.text import clean_line
from reader.services.export.items import ExportItem, split_name


def author(name: str) -> str:
    """`Family, Given` (RIS's form); a one-word name as it is."""
    given, family = split_name(name)
    return f"{family}, {given}" if given else family


def record(item: ExportItem) -> list[str]:
    paper = item.paper
    lines = [("TY", "UNPB"), ("TI", paper.title)]  # UNPB: unpublished work, what a preprint is
    lines += [("AU", author(name)) for name in paper.authors]
    if item.date:
        lines += [("PY", item.date[:4]), ("DA", item.date.replace("-", "/"))]
    if paper.abstract:
        lines.append(("AB", paper.abstract))
    lines.append(("UR", item.url))
    if item.is_arxiv:
        lines += [("PB", "arXiv"), ("AN", f"arXiv:{paper.id}")]
    if paper.github_repo:
        lines.append(("L2", paper.github_repo))
    lines += [("KW", tag) for tag in item.tags]
    if item.note:
        lines.append(("N1", item.note))
    lines.append(("ER", ""))
    return [f"{tag}  - {clean_line(value)}" for tag, value in lines]


def render(items: Sequence[ExportItem]) -> str:
    return "".join("\n".join(record(item)) + "\n\n" for item in items)
