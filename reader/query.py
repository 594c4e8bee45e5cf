"""What the list shows, as SQL: the filter pane's text and toggles become one WHERE clause.

The text box matches title, abstract and authors through the FTS5 index,
every word as a prefix of a word so the list narrows while a word is typed.
"""

from __future__ import annotations

from dataclasses import dataclass

from reader.models import strip_controls

ORDER_BY = "p.list_date DESC, p.upvotes DESC, p.pk DESC"
"""Newest Daily list first; within a day the most upvoted first, as on the website."""

TEXT_COLUMNS = ("title", "abstract", "authors")


@dataclass(frozen=True)
class PaperFilter:
    """The filter pane's state; the empty filter shows every paper."""

    text: str = ""
    starred_only: bool = False
    unread_only: bool = False
    has_code: bool = False


def fts_expression(text: str) -> str | None:
    """The FTS5 MATCH expression for free text, or None when it holds no searchable word.

    Each word is quoted (so `-`, `(`, `:` and `"` typed by the user are not FTS
    syntax) and matched as a prefix; all words must match.
    """
    words = [w for w in strip_controls(text).split() if any(ch.isalnum() for ch in w)]
    if not words:
        return None
    terms = " ".join('"{}"*'.format(w.replace('"', '""')) for w in words)
    return f"{{{' '.join(TEXT_COLUMNS)}}} : ({terms})"


def needs_state(paper_filter: PaperFilter) -> bool:
    """Whether the conditions read the `state s` table (the join costs a third of a 50k-row select)."""
    return paper_filter.starred_only or paper_filter.unread_only


def where_clause(paper_filter: PaperFilter) -> tuple[str, list[str]]:
    """SQL conditions on `papers p` (left-joined to `state s` when `needs_state`), and their parameters."""
    conditions: list[str] = []
    params: list[str] = []
    expression = fts_expression(paper_filter.text)
    if expression is not None:
        conditions.append("p.pk IN (SELECT rowid FROM papers_fts WHERE papers_fts MATCH ?)")
        params.append(expression)
    if paper_filter.starred_only:
        conditions.append("s.starred_at IS NOT NULL")
    if paper_filter.unread_only:
        conditions.append("s.read_at IS NULL")
    if paper_filter.has_code:
        conditions.append("p.github_repo IS NOT NULL")
    return (" AND ".join(conditions) or "1"), params
