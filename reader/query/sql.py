"""`Query` -> SQL: a WHERE fragment over `papers p`, and the ORDER BY of each sort.

Full-text conditions become `p.pk IN (SELECT rowid FROM papers_fts WHERE
papers_fts MATCH ?)`; the ANDed (or ORed) text conditions of one group share
a single MATCH, which is much faster than one subquery per word. Everything
the user typed reaches FTS5 inside double quotes, so `-`, `(`, `:`, `*`, `^`
or `NEAR` are never FTS syntax. The reader's marks are looked up through
subqueries on `state`: no join is needed, whatever the filter.

`Library.select` runs the same conditions as sets of pks (plan.py); the
WHERE fragment is for ordered, limited selects and anyone else's SQL.

A paper without a value (no GitHub stars, no list date) matches no comparison
of that value, and so matches its negation: `-stars>10` includes papers
without a repository.
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import Enum

from reader.query.nodes import (
    NOTE_FIELD,
    TEXT_FIELDS,
    Age,
    And,
    Count,
    Dates,
    FullText,
    Has,
    Node,
    Not,
    Or,
    Query,
    Submitter,
    Tag,
    Text,
)

FTS_MATCH = (
    "((p.pk IN (SELECT rowid FROM papers_fts WHERE papers_fts MATCH ?) AND p.pk NOT IN (SELECT rowid FROM noted_fts))"
    " OR p.pk IN (SELECT rowid FROM noted_fts WHERE noted_fts MATCH ?))"
)
"""A text MATCH (two parameters, the same expression): papers without a note from the big index, papers
with one from the small index of noted papers, where every column is there again beside the note."""
FTS_EXCLUDE = f"NOT {FTS_MATCH}"
FTS_PKS = "SELECT rowid AS pk FROM papers_fts WHERE papers_fts MATCH ?"
"""The pks of a MATCH, from the index alone (plan.py)."""
NOTED_PKS = "SELECT rowid AS pk FROM noted_fts"
"""The papers that have a note (plan.py)."""
NOTED_FTS_PKS = "SELECT rowid AS pk FROM noted_fts WHERE noted_fts MATCH ?"
"""The papers with a note that a MATCH finds, the note included (plan.py)."""
_TAGGED = "SELECT m.pk FROM tags t JOIN papers m ON m.id = t.paper_id WHERE t.tagged"
TAG_EXACT_PKS = f"{_TAGGED} AND t.tag_key = ?"
TAG_PREFIX_PKS = f"{_TAGGED} AND t.tag_key LIKE ? ESCAPE '\\'"
"""The papers with a tag (case-folded key), whole or by its start."""
_STARRED = "SELECT m.pk FROM state s2 JOIN papers m ON m.id = s2.paper_id WHERE s2.starred_at IS NOT NULL"
_READ = "SELECT m.pk FROM state s2 JOIN papers m ON m.id = s2.paper_id WHERE s2.read_at IS NOT NULL"
_SUMMARIZED = "SELECT pk FROM papers WHERE ai_summary IS NOT NULL"
_NOTED = "SELECT m.pk FROM notes n JOIN papers m ON m.id = n.paper_id WHERE n.text != ''"
_NEW = "SELECT pk FROM papers WHERE added_at > (SELECT value FROM meta WHERE key = 'session_new_since')"
_UNRESOLVED = "SELECT pk FROM papers WHERE id GLOB 'local-*'"
_LINKED = "SELECT m.pk FROM linked_fetches f JOIN papers m ON m.id = f.paper_id WHERE f.{kind}s > 0"
_WITH_TEXT = "SELECT pk FROM full_texts"
FULL_TEXT_PKS = "SELECT rowid AS pk FROM full_texts_fts WHERE full_texts_fts MATCH ?"
"""The pks of a `text:` MATCH, from the full texts' own index."""
_HAS_SQL = {
    "starred": f"p.pk IN ({_STARRED})",
    "read": f"p.pk IN ({_READ})",
    "unread": f"p.pk NOT IN ({_READ})",
    "code": "p.github_repo IS NOT NULL",
    "project": "p.project_page IS NOT NULL",
    "summary": "p.ai_summary IS NOT NULL",  # the parser stores a missing or blank summary as NULL
    "tag": f"p.pk IN ({_TAGGED})",
    "note": f"p.pk IN ({_NOTED})",
    "new": f"p.pk IN ({_NEW})",
    "unresolved": "p.id GLOB 'local-*'",
    "model": f"p.pk IN ({_LINKED.format(kind='model')})",
    "dataset": f"p.pk IN ({_LINKED.format(kind='dataset')})",
    "space": f"p.pk IN ({_LINKED.format(kind='space')})",
    "text": f"p.pk IN ({_WITH_TEXT})",
}
HAS_SETS = {"starred": (_STARRED, False), "read": (_READ, False), "unread": (_READ, True),
            "summary": (_SUMMARIZED, False), "tag": (_TAGGED, False), "note": (_NOTED, False),
            "new": (_NEW, False), "unresolved": (_UNRESOLVED, False),
            "model": (_LINKED.format(kind="model"), False), "dataset": (_LINKED.format(kind="dataset"), False),
            "space": (_LINKED.format(kind="space"), False), "text": (_WITH_TEXT, False)}  # fmt: skip
"""The flags answered by a set of their own: (SELECT of their pks, whether the flag means *not* in it)."""
MARK_SETS = frozenset({_STARRED, _READ, _NOTED, NOTED_PKS})
"""The sets of the reader's own marks, which every view's unread count and every text search ask for again
(`Library` keeps them until a write): reading the read marks of 40,000 papers is a join of 40,000 ids."""
_COUNTER_COLUMNS = {"upvotes": "p.upvotes", "stars": "p.github_stars", "comments": "p.comments"}

SqlPart = tuple[str, list[object]]


def compile_query(query: Query, today: date) -> SqlPart:
    """The WHERE fragment (on `papers p`) and its parameters; `today` anchors `age<7d`."""
    if query.root is None:
        return "1", []
    return Compiler(today).node(query.root)


class Compiler:
    def __init__(self, today: date) -> None:
        self.today = today

    def node(self, node: Node) -> SqlPart:
        expression = fts_expression(node)
        if expression is not None:
            return FTS_MATCH, [expression, expression]
        if isinstance(node, And):
            return self._and(node)
        if isinstance(node, Or):
            return self._or(node)
        if isinstance(node, Not):
            inner = fts_expression(node.item)
            if inner is not None:
                return FTS_EXCLUDE, [inner, inner]
            sql, params = self.node(node.item)
            return f"NOT coalesce(({sql}), 0)", params  # NULL (no value) does not match, so its NOT does
        return self._leaf(node)

    def _and(self, node: And) -> SqlPart:
        wanted: list[str] = []
        unwanted: list[str] = []
        parts: list[SqlPart] = []
        for item in node.items:
            if (expression := fts_expression(item)) is not None:
                wanted.append(expression)
            elif isinstance(item, Not) and (expression := fts_expression(item.item)) is not None:
                unwanted.append(expression)
            else:
                parts.append(self.node(item))
        if wanted:
            expression = fts_and(wanted, unwanted)
            parts.insert(0, (FTS_MATCH, [expression, expression]))
        elif unwanted:
            expression = fts_join(" OR ", unwanted)
            parts.insert(0, (FTS_EXCLUDE, [expression, expression]))
        return _join(" AND ", parts)

    def _or(self, node: Or) -> SqlPart:
        text = [e for e in map(fts_expression, node.items) if e is not None]
        parts = [self.node(item) for item in node.items if fts_expression(item) is None]
        if text:
            expression = fts_join(" OR ", text)
            parts.insert(0, (FTS_MATCH, [expression, expression]))
        sql, params = _join(" OR ", parts)
        return f"({sql})", params

    def _leaf(self, node: Node) -> SqlPart:
        if isinstance(node, Text):  # note:word, the one text field outside the big index
            return f"p.pk IN ({NOTED_FTS_PKS})", [_fts_term(node)]
        if isinstance(node, Tag):
            sql, value = tag_pks(node)
            return f"p.pk IN ({sql})", [value]
        if isinstance(node, Submitter):
            if node.exact:
                return "coalesce(p.submitter, '') = ? COLLATE NOCASE", [node.value]
            return "coalesce(p.submitter, '') LIKE ? ESCAPE '\\'", [_like_prefix(node.value)]
        if isinstance(node, Has):
            return _HAS_SQL[node.flag], []
        if isinstance(node, FullText):
            return f"p.pk IN ({FULL_TEXT_PKS})", [full_text_expression(node)]
        if isinstance(node, Count):
            return f"{_COUNTER_COLUMNS[node.counter]} {node.op} ?", [node.value]
        if isinstance(node, Dates):
            return _compare_dates(node.op, node.first, node.last)
        if isinstance(node, Age):
            return _compare_age(node.op, _days_before(self.today, node.days))
        raise TypeError(f"not a filter condition: {node!r}")  # pragma: no cover - the parser makes no other


def _join(operator: str, parts: list[SqlPart]) -> SqlPart:
    if len(parts) == 1:
        return parts[0]
    return operator.join(f"({sql})" for sql, _ in parts), [p for _, params in parts for p in params]


# -- full-text ----------------------------------------------------------------------------------


def fts_expression(node: Node) -> str | None:
    """The FTS5 expression equal to `node`, or None when it holds anything but text (or is a bare NOT).

    `note:word` is not text here: the big index has no notes; it is a set of its own (`NOTED_FTS_PKS`).
    """
    if isinstance(node, Text):
        return None if node.column == NOTE_FIELD else _fts_term(node)
    if isinstance(node, Or):
        parts = [fts_expression(item) for item in node.items]
        return None if None in parts else fts_join(" OR ", parts)  # type: ignore[arg-type]
    if isinstance(node, And):
        wanted: list[str] = []
        unwanted: list[str] = []
        for item in node.items:
            if (expression := fts_expression(item)) is not None:
                wanted.append(expression)
            elif isinstance(item, Not) and (expression := fts_expression(item.item)) is not None:
                unwanted.append(expression)
            else:
                return None
        return fts_and(wanted, unwanted) if wanted else None  # FTS5 has no NOT without something before it
    return None


def _fts_term(node: Text) -> str:
    quoted = '"' + node.value.replace('"', '""') + '"' + ("*" if node.prefix else "")
    return f"{{{TEXT_FIELDS[node.column]}}} : {quoted}" if node.column else quoted


def full_text_expression(node: FullText) -> str:
    """The MATCH expression of a `text:` condition (the full texts' index has one column)."""
    return '"' + node.value.replace('"', '""') + '"' + ("*" if node.prefix else "")


def fts_join(operator: str, expressions: list[str]) -> str:
    return expressions[0] if len(expressions) == 1 else operator.join(f"({e})" for e in expressions)


def fts_and(wanted: list[str], unwanted: list[str]) -> str:
    expression = fts_join(" AND ", wanted)
    if unwanted:
        expression = f"({expression}) NOT ({fts_join(' OR ', unwanted)})"
    return expression


def tag_pks(node: Tag) -> tuple[str, str]:
    """The SELECT of the pks of papers with the tag, and its parameter."""
    return (TAG_EXACT_PKS, node.value) if node.exact else (TAG_PREFIX_PKS, _like_prefix(node.value))


def _like_prefix(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped + "%"


# -- dates --------------------------------------------------------------------------------------

_HAS_DATE = "p.list_date > ''"
"""Papers without a list date (stored as '') sort below every date: keep them out of `<` comparisons."""


def _compare_dates(op: str, first: date, last: date) -> SqlPart:
    """`date OP span`: `=` within the span, `>=` from its first day, `>` after its last day, ..."""
    if op == "=":
        return "p.list_date BETWEEN ? AND ?", [first.isoformat(), last.isoformat()]
    if op == ">=":
        return "p.list_date >= ?", [first.isoformat()]
    if op == ">":
        return "p.list_date > ?", [last.isoformat()]
    if op == "<":
        return f"{_HAS_DATE} AND p.list_date < ?", [first.isoformat()]
    return f"{_HAS_DATE} AND p.list_date <= ?", [last.isoformat()]


def _compare_age(op: str, day: date) -> SqlPart:
    """`age OP n days`, as a comparison of the list date with the day n days before today."""
    newer = {"<": ">", "<=": ">=", "=": "=", ">=": "<=", ">": "<"}[op]
    if newer in ("<", "<="):
        return f"{_HAS_DATE} AND p.list_date {newer} ?", [day.isoformat()]
    return f"p.list_date {newer} ?", [day.isoformat()]


def _days_before(today: date, days: int) -> date:
    try:
        return today - timedelta(days=days)
    except OverflowError:
        return date.min


# -- sorting ------------------------------------------------------------------------------------


class Sort(Enum):
    """The orders of the list; the value is the name used on the command line."""

    DATE = "date"
    UPVOTES = "upvotes"
    STARS = "stars"
    COMMENTS = "comments"
    TITLE = "title"
    RISING = "rising"
    """Upvotes gained over the last 7 days of recorded history (storage/movement.py), most first."""

    @property
    def label(self) -> str:
        """What the status line calls it."""
        return _LABELS[self][0]

    @property
    def descending(self) -> bool:
        """The natural direction: most (newest) first, except titles, A to Z."""
        return self is not Sort.TITLE

    def describe(self, reverse: bool = False) -> str:
        """The order in words: 'date, newest first', 'title, Z to A'."""
        label, natural, backwards = _LABELS[self]
        return f"{label}, {backwards if reverse else natural}"


_LABELS = {
    Sort.DATE: ("date", "newest first", "oldest first"),
    Sort.UPVOTES: ("upvotes", "most first", "fewest first"),
    Sort.STARS: ("GitHub stars", "most first", "fewest first"),
    Sort.COMMENTS: ("comments", "most first", "fewest first"),
    Sort.TITLE: ("title", "A to Z", "Z to A"),
    Sort.RISING: ("upvotes gained this week", "most first", "fewest first"),
}

# Sort keys, each (expression, what it holds when the value is missing); the later ones break ties.
_DATE_KEY = ("p.list_date", "''")
_UPVOTES_KEY = ("p.upvotes", "NULL")
_PK_KEY = ("p.pk", "")
_KEYS = {
    Sort.DATE: (_DATE_KEY, _UPVOTES_KEY, _PK_KEY),
    Sort.UPVOTES: (_UPVOTES_KEY, _DATE_KEY, _PK_KEY),
    Sort.STARS: (("p.github_stars", "NULL"), _DATE_KEY, _PK_KEY),
    Sort.COMMENTS: (("p.comments", "NULL"), _DATE_KEY, _PK_KEY),
    Sort.TITLE: (("p.title COLLATE NOCASE", ""), _DATE_KEY, _PK_KEY),
    Sort.RISING: (
        ("(SELECT g.gain FROM upvote_gains g WHERE g.paper_id = p.id)", "NULL"),
        _UPVOTES_KEY,
        _DATE_KEY,
        _PK_KEY,
    ),
}


def order_by(sort: Sort, reverse: bool = False) -> str:
    """The ORDER BY of a sort: `reverse` turns the whole order round, but missing values stay last.

    Ties break by date (newest first in the natural order) then pk, so the order is stable.
    Descending keys need no extra term (NULL and '' sort lowest), which keeps the
    natural orders of dates and counts able to use an index.
    """
    terms: list[str] = []
    for position, (expression, missing) in enumerate(_KEYS[sort]):
        descending = (sort.descending if position == 0 else True) != reverse
        if not descending and missing:
            terms.append(f"{expression} IS NULL" if missing == "NULL" else f"{expression} = {missing}")
        terms.append(f"{expression} {'DESC' if descending else 'ASC'}")
    return ", ".join(terms)


ORDER_BY = order_by(Sort.DATE)
"""Newest Daily list first; within a day the most upvoted first, as on the website."""
