"""The filter pane's state (text, toggles, order, span) and how it becomes one query."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from reader.query.nodes import And, Dates, Has, Node, Or, Query, QueryError
from reader.query.parser import parse_query
from reader.query.sql import Sort, compile_query


@dataclass(frozen=True)
class PaperFilter:
    """The filter pane's state and the list's order; the empty filter shows every paper, newest first."""

    text: str = ""
    starred_only: bool = False
    unread_only: bool = False
    has_code: bool = False
    sort: Sort = Sort.DATE
    reverse: bool = False
    span: tuple[date, date] | None = None
    """Day navigation: only papers whose list date is in these days (first, last), both included."""

    def query(self) -> Query:
        """The text as a query, with the toggles ANDed on. Raises `QueryError` for malformed text."""
        parsed = parse_query(self.text)
        toggles: list[Node] = [
            Has(flag)
            for flag, on in (("starred", self.starred_only), ("unread", self.unread_only), ("code", self.has_code))
            if on
        ]
        if self.span is not None:
            first, last = self.span
            toggles.append(Dates("=", first, last, f"{first.isoformat()}..{last.isoformat()}"))
        if not toggles:
            return parsed
        items = (parsed.root, *toggles) if parsed.root is not None else tuple(toggles)
        return Query(items[0] if len(items) == 1 else And(items))


TOGGLE_TERMS = (("starred_only", "is:starred"), ("unread_only", "is:unread"), ("has_code", "has:code"))
"""Each toggle of the filter pane and the filter text that means the same."""


def saved_text(paper_filter: PaperFilter) -> str:
    """The text and the toggles as one filter text, for a saved view: `(a OR b) is:starred has:code`.

    Malformed text is returned as it is (saving it says what is wrong).
    """
    text = paper_filter.text.strip()
    terms = [term for name, term in TOGGLE_TERMS if getattr(paper_filter, name)]
    if not terms:
        return text
    if text:
        try:
            either = isinstance(parse_query(text).root, Or)
        except QueryError:
            return text
        terms.insert(0, f"({text})" if either else text)
    return " ".join(terms)


def where_clause(paper_filter: PaperFilter, today: date | None = None) -> tuple[str, list[object]]:
    """SQL conditions on `papers p` and their parameters. Raises `QueryError` for malformed text."""
    return compile_query(paper_filter.query(), today or date.today())
