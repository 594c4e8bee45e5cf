"""The parsed filter: an immutable tree of conditions, and the one error a malformed filter raises.

`str(query)` writes the tree back as filter text that parses to the same tree,
so tests (and a future "saved filters" feature) can round-trip it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

Op = Literal["<", "<=", "=", ">=", ">"]

TEXT_FIELDS = {"title": "title", "abstract": "abstract", "author": "authors", "org": "organization",
               "keyword": "ai_keywords", "note": "note"}  # fmt: skip
"""Filter field -> FTS5 column (`note` only in the index of noted papers, see storage/schema.py)."""
NOTE_FIELD = "note"


class QueryError(ValueError):
    """Malformed filter text: a short human message and the 1-based column it is about."""

    def __init__(self, message: str, column: int) -> None:
        super().__init__(f"column {column}: {message}")
        self.message = message
        self.column = column


@dataclass(frozen=True, slots=True)
class Text:
    """Words matched through the full-text index, in one FTS5 column or (column None) in all of them."""

    value: str
    column: str | None = None
    """A key of TEXT_FIELDS, or None for free text."""
    phrase: bool = False
    """Typed in double quotes: the words in this order, next to each other."""
    prefix: bool = True
    """The last word may be the start of a longer word (bare words, and a phrase still being typed)."""

    def __str__(self) -> str:
        text = self.value if not self.phrase else '"' + self.value + ("" if self.prefix else '"')
        return f"{self.column}:{text}" if self.column else text


@dataclass(frozen=True, slots=True)
class Submitter:
    """Who submitted the paper to Daily Papers: a name's start (bare word) or the whole name (quoted)."""

    value: str
    exact: bool = False

    def __str__(self) -> str:
        return f'submitter:"{self.value}"' if self.exact else f"submitter:{self.value}"


@dataclass(frozen=True, slots=True)
class Tag:
    """One of the user's tags: a tag's start (bare word) or the whole tag (quoted), case-folded either way."""

    value: str
    exact: bool = False

    def __str__(self) -> str:
        return f'tag:"{self.value}"' if self.exact else f"tag:{self.value}"


@dataclass(frozen=True, slots=True)
class FullText:
    """`text:word` or `text:"a phrase"`: words of the paper's stored full text (an index of its own)."""

    value: str
    phrase: bool = False
    prefix: bool = True

    def __str__(self) -> str:
        return "text:" + (self.value if not self.phrase else '"' + self.value + ("" if self.prefix else '"'))


Flag = Literal[
    "starred", "unread", "read", "new", "unresolved",
    "code", "project", "summary", "tag", "note", "model", "dataset", "space", "text",
]  # fmt: skip
IS_FLAGS: tuple[Flag, ...] = ("starred", "unread", "read", "new", "unresolved")
HAS_FLAGS: tuple[Flag, ...] = ("code", "project", "summary", "tag", "note", "model", "dataset", "space", "text")
USER_FLAGS: tuple[Flag, ...] = ("starred", "unread", "read", "tag", "note")
"""The flags that depend on what the user did (marks, tags, notes), not on the paper."""


@dataclass(frozen=True, slots=True)
class Has:
    """`is:starred|unread|read|new|unresolved`, `has:code|project|summary|tag|note|model|dataset|space|text`."""

    flag: Flag

    def __str__(self) -> str:
        return f"{'is' if self.flag in IS_FLAGS else 'has'}:{self.flag}"


Counter = Literal["upvotes", "stars", "comments"]


@dataclass(frozen=True, slots=True)
class Count:
    """A comparison of a counter; a paper without the count (no GitHub stars) never matches."""

    counter: Counter
    op: Op
    value: int

    def __str__(self) -> str:
        return f"{self.counter}{self.op}{self.value}"


@dataclass(frozen=True, slots=True)
class Dates:
    """A comparison of the list date with a span of days (one day, an ISO week or a month)."""

    op: Op
    first: date
    last: date
    written: str
    """The span as typed (2025-06, 2025-W23, 2025-06-01), for writing the query back."""

    def __str__(self) -> str:
        return f"date{self.op}{self.written}"


@dataclass(frozen=True, slots=True)
class Age:
    """A comparison of the paper's age in days (today minus its list date); `today` comes at compile time."""

    op: Op
    days: int
    written: str

    def __str__(self) -> str:
        return f"age{self.op}{self.written}"


@dataclass(frozen=True, slots=True)
class And:
    items: tuple[Node, ...]

    def __str__(self) -> str:
        return " ".join(f"({item})" if isinstance(item, Or) else str(item) for item in self.items)


@dataclass(frozen=True, slots=True)
class Or:
    items: tuple[Node, ...]

    def __str__(self) -> str:
        return " OR ".join(str(item) for item in self.items)


@dataclass(frozen=True, slots=True)
class Not:
    item: Node

    def __str__(self) -> str:
        return f"-({self.item})" if isinstance(self.item, And | Or) else f"-{self.item}"


Node = Text | FullText | Submitter | Tag | Has | Count | Dates | Age | And | Or | Not
Leaf = Text | FullText | Submitter | Tag | Has | Count | Dates | Age


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed filter; `root` None matches every paper."""

    root: Node | None = None

    @property
    def needs_state(self) -> bool:
        """Whether the result depends on the reader's marks, tags or notes by name (it changes when they do).

        Plain words match notes too: after a note is edited, a list filtered by any words should be run again.
        """
        return any(
            (isinstance(leaf, Has) and leaf.flag in USER_FLAGS)
            or isinstance(leaf, Tag)
            or (isinstance(leaf, Text) and leaf.column == NOTE_FIELD)
            for leaf, _ in _leaves(self.root)
        )

    @property
    def terms(self) -> tuple[str, ...]:
        """The words and phrases searched for (not those excluded), in order, for highlighting matches."""
        seen: dict[str, None] = {}
        for leaf, negated in _leaves(self.root):
            if isinstance(leaf, Text | Submitter | Tag) and not negated:
                seen.setdefault(leaf.value, None)
        return tuple(seen)

    def __str__(self) -> str:
        return "" if self.root is None else str(self.root)


def _leaves(node: Node | None, negated: bool = False) -> list[tuple[Leaf, bool]]:
    """Every leaf of the tree, with whether an odd number of NOTs is above it."""
    if node is None:
        return []
    if isinstance(node, And | Or):
        return [pair for item in node.items for pair in _leaves(item, negated)]
    if isinstance(node, Not):
        return _leaves(node.item, not negated)
    return [(node, negated)]
