"""CSV: one row per paper and every field, a header row first (RFC 4180, UTF-8).

Lists (authors, keywords) hold one value per line of their cell; tags are
comma-separated (a tag holds no comma). A cell that a spreadsheet would run as
a formula (it starts with = + - @, a tab or a CR) or that starts with ' gets
one ' in front, as OWASP advises; a reader drops one leading ' to get the text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from reader.services.export.items import ExportItem

COLUMNS = (
    "id", "title", "authors", "date", "published_on", "daily_date", "url", "hf_url", "github_repo", "github_stars",
    "project_page", "upvotes", "comments", "organization", "submitter", "ai_keywords", "ai_summary", "abstract",
    "tags", "note",
)  # fmt: skip
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")


def cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def row(item: ExportItem) -> list[str]:
    paper = item.paper
    values: dict[str, object] = {
        "id": paper.id, "title": paper.title, "authors": "\n".join(paper.authors), "date": item.date,
        "published_on": paper.published_on, "daily_date": paper.daily_date, "url": item.url, "hf_url": paper.hf_url,
        "github_repo": paper.github_repo, "github_stars": paper.github_stars, "project_page": paper.project_page,
        "upvotes": paper.upvotes, "comments": paper.comments, "organization": paper.organization,
        "submitter": paper.submitter, "ai_keywords": "\n".join(paper.ai_keywords), "ai_summary": paper.ai_summary,
        "abstract": paper.abstract, "tags": ", ".join(item.tags), "note": item.note,
    }  # fmt: skip
    return [cell(values[column]) for column in COLUMNS]


def render(items: Sequence[ExportItem]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(row(item) for item in items)
    return out.getvalue()
