"""Filter text -> `Query`: a hand-written lexer and recursive-descent parser.

Grammar (NOT binds tighter than AND, AND tighter than OR; AND may be left out):

    query   := or?
    or      := and ("OR" and)*
    and     := unary (["AND"] unary)*
    unary   := ("NOT" | "-") unary | "(" or ")" | term

`AND`, `OR`, `NOT` are operators only in capitals: "and" is a word. Every
mistake is a `QueryError` naming the column of the offending token in the
text as typed (control characters are dropped before lexing, columns are not).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from reader.core.text import strip_controls
from reader.query.nodes import (
    HAS_FLAGS,
    IS_FLAGS,
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
    Op,
    Or,
    Query,
    QueryError,
    Submitter,
    Tag,
    Text,
)

FIELD_ALIASES = {"authors": "author", "keywords": "keyword", "organization": "org", "tags": "tag", "notes": "note"}
COUNTERS = {"upvotes": "upvotes", "stars": "stars", "comments": "comments"}
FIELDS = (*(name for name in TEXT_FIELDS if name != NOTE_FIELD), "submitter", NOTE_FIELD, "tag", "text", "is", "has",
          *COUNTERS, "date", "age")  # fmt: skip
"""Every field `_field` takes, in the order the error for an unknown one lists them."""
FIELD_NAMES = ", ".join(FIELDS)
MAX_DIGITS = 15
"""Longer numbers are refused: SQLite integers stop at 2**63, dates long before that."""
MAX_TERMS = 100
MAX_DEPTH = 32
"""Limits far above anything typed by hand, well below SQLite's expression depth of 1,000."""

OPERATORS = ("AND", "OR", "NOT")
"""Words that are operators (only in capitals); "-" before a term is NOT too, parentheses group."""
COMPARISONS = ("<=", ">=", "<", ">", "=", ":")
"""What may follow a field name; ":" means "=" for numbers and dates, "contains" for text."""
DATE_FORMS = ("YYYY-MM-DD", "YYYY-Www", "YYYY-MM")
AGE_UNITS = {"d": 1, "w": 7, "m": 30}
"""An age's unit -> days."""

_NAME_OP = re.compile(r"([A-Za-z]+)(" + "|".join(map(re.escape, COMPARISONS)) + ")")
_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})", re.ASCII)
_WEEK = re.compile(r"(\d{4})-[Ww](\d{2})", re.ASCII)
_MONTH = re.compile(r"(\d{4})-(\d{2})", re.ASCII)
_AGE = re.compile(r"(\d+)([" + "".join(AGE_UNITS) + "])", re.ASCII)
_DATE_FORMS = f"date must be {', '.join(DATE_FORMS[:-1])} or {DATE_FORMS[-1]}"


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str
    """'term', '(', ')', '-', 'AND', 'OR', 'NOT'."""
    start: int
    """Index in the cleaned text."""
    node: Node | None = None
    """For 'term': the condition, or None for a term with nothing to search (`*`, `""`)."""


def parse_query(text: str) -> Query:
    """Parse filter text; empty or blank text matches everything. Raises only `QueryError`."""
    cleaned, columns = _clean(text)
    tokens = _lex(cleaned, columns)
    terms = [token for token in tokens if token.kind == "term"]
    if len(terms) > MAX_TERMS:
        raise QueryError(f"too many terms (at most {MAX_TERMS})", columns[terms[MAX_TERMS].start])
    return Query(_Parser(tokens, columns).parse())


def _clean(text: str) -> tuple[str, list[int]]:
    """The text without control characters, and for each of its characters the column it was typed at.

    `strip_controls` only removes characters (and turns CR and tab into a newline
    and a space), so the cleaned text lines up with the typed text greedily. The
    last entry is the column just past the end, for errors about a missing end.
    """
    cleaned = strip_controls(text)
    columns: list[int] = []
    position = 0
    for char in cleaned:
        while position < len(text) and not _same(text[position], char):
            position += 1
        columns.append(min(position, len(text) - 1) + 1)
        position += 1
    columns.append(len(text) + 1)
    return cleaned, columns


def _same(typed: str, kept: str) -> bool:
    return typed == kept or (typed == "\r" and kept == "\n") or (typed == "\t" and kept == " ")


def _searchable(value: str) -> bool:
    """Whether the full-text index would find a word in it (letters or digits); `*` or `""` search nothing."""
    return any(char.isalnum() for char in value)


def _lex(text: str, columns: list[int]) -> list[_Token]:
    tokens: list[_Token] = []
    i, end = 0, len(text)

    def fail(message: str, at: int) -> QueryError:
        return QueryError(message, columns[at])

    while i < end:
        char = text[i]
        if char.isspace():
            i += 1
        elif char in "()":
            tokens.append(_Token(char, i))
            i += 1
        elif char == "-":
            following = text[i + 1] if i + 1 < end else ""
            if not following or following.isspace() or following == ")":
                raise fail("'-' must come right before what to leave out, like -video", i)
            tokens.append(_Token("-", i))
            i += 1
        elif char == '"':
            value, closed, i_next = _phrase(text, i + 1)
            node = Text(value, None, phrase=True, prefix=not closed) if _searchable(value) else None
            tokens.append(_Token("term", i, node))
            i = i_next
        else:
            j = i
            while j < end and not text[j].isspace() and text[j] not in "()":
                j += 1
            word = text[i:j]
            if word in OPERATORS:
                tokens.append(_Token(word, i))
                i = j
                continue
            match = _NAME_OP.match(text, i, j)
            if match is None:
                tokens.append(_Token("term", i, Text(word) if _searchable(word) else None))
                i = j
                continue
            name, op = match.group(1).lower(), match.group(2)
            name = FIELD_ALIASES.get(name, name)
            value_at = match.end()
            if value_at < end and text[value_at] == '"' and op == ":":
                value, closed, j = _phrase(text, value_at + 1)
                quoted = True
            else:
                value, closed, quoted = text[value_at:j], True, False
            try:
                node = _field(name, op, value, quoted, closed, word)
            except _FieldError as exc:
                raise fail(exc.message, i) from None
            tokens.append(_Token("term", i, node))
            i = j
    return tokens


def _phrase(text: str, start: int) -> tuple[str, bool, int]:
    """The phrase from `start` to the next double quote; an unclosed one runs to the end (still being typed)."""
    close = text.find('"', start)
    if close < 0:
        return " ".join(text[start:].split()), False, len(text)
    return " ".join(text[start:close].split()), True, close + 1


class _FieldError(Exception):
    def __init__(self, message: str) -> None:
        self.message = message


def _field(name: str, op: str, value: str, quoted: bool, closed: bool, word: str) -> Node | None:
    """The condition of `name` `op` `value` (a `name:` field or a comparison)."""
    if name in TEXT_FIELDS or name in ("submitter", "tag", "text"):
        if op != ":":
            raise _FieldError(f"{name} takes ':' as in {name}:word")
        if not value and not quoted:
            raise _FieldError(f'{name}: needs a word or a "phrase" right after it')
        if name == "submitter":
            return Submitter(value, exact=quoted) if value else None
        if name == "tag":
            return Tag(value.strip().casefold(), exact=quoted) if value.strip() else None
        if not _searchable(value):
            return None
        if name == "text":
            return FullText(value, phrase=quoted, prefix=not (quoted and closed))
        return Text(value, name, phrase=quoted, prefix=not (quoted and closed))
    if name in ("is", "has"):
        flags = IS_FLAGS if name == "is" else HAS_FLAGS
        if op != ":":
            raise _FieldError(f"{name} takes ':' as in {name}:{flags[0]}")
        flag = value.lower()
        if not flag:
            raise _FieldError(f"{name}: needs one of {', '.join(flags)}")
        if flag not in flags:
            raise _FieldError(f"unknown value '{name}:{value}' ({name}: {', '.join(flags)})")
        return Has(flag)  # type: ignore[arg-type]
    normalized: Op = "=" if op == ":" else op  # type: ignore[assignment]
    if name in COUNTERS:
        if not value.isdigit() or not value.isascii():
            raise _FieldError(f"{name} needs a number, like {name}>=10")
        if len(value) > MAX_DIGITS:
            raise _FieldError(f"{name}: {value} is too large a number")
        return Count(COUNTERS[name], normalized, int(value))  # type: ignore[arg-type]
    if name == "date":
        first, last = _span(value)
        return Dates(normalized, first, last, value)
    if name == "age":
        match = _AGE.fullmatch(value)
        if match is None:
            raise _FieldError("age needs a number and a unit d, w or m, like age<7d")
        if len(match.group(1)) > MAX_DIGITS:
            raise _FieldError(f"age: {value} is too long ago")
        return Age(normalized, int(match.group(1)) * AGE_UNITS[match.group(2)], value)
    if op == ":":
        raise _FieldError(f"unknown field '{word[: len(name) + 1]}' (fields: {FIELD_NAMES})")
    return Text(word) if _searchable(word) else None  # "E=mc2": not a field, just a word


def _span(value: str) -> tuple[date, date]:
    """First and last day of YYYY-MM-DD, YYYY-Www (ISO week, Monday to Sunday) or YYYY-MM."""
    try:
        if match := _DAY.fullmatch(value):
            day = date(int(match[1]), int(match[2]), int(match[3]))
            return day, day
        if match := _WEEK.fullmatch(value):
            monday = date.fromisocalendar(int(match[1]), int(match[2]), 1)
            return monday, monday + timedelta(days=6)
        if match := _MONTH.fullmatch(value):
            year, month = int(match[1]), int(match[2])
            last = date(year, 12, 31) if month == 12 else date(year, month + 1, 1) - timedelta(days=1)
            return date(year, month, 1), last
    except (ValueError, OverflowError):
        raise _FieldError(f"date {value} does not exist") from None
    raise _FieldError(_DATE_FORMS)


class _Parser:
    """Recursive descent over the tokens; None stands for a term that searches nothing (it is dropped)."""

    def __init__(self, tokens: list[_Token], columns: list[int]) -> None:
        self.tokens = tokens
        self.columns = columns
        self.position = 0
        self.depth = 0

    def parse(self) -> Node | None:
        if not self.tokens:
            return None
        node = self._or()
        if (token := self._peek()) is not None:  # only a ')' stops _or early
            raise self._error("unexpected ')' (no '(' before it)", token)
        return node

    def _peek(self) -> _Token | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def _next(self) -> _Token:
        token = self.tokens[self.position]
        self.position += 1
        return token

    def _error(self, message: str, token: _Token) -> QueryError:
        return QueryError(message, self.columns[token.start])

    def _need_operand(self, operator: _Token) -> None:
        following = self._peek()
        if following is None or following.kind in (")", "OR", "AND"):
            name = "'-'" if operator.kind == "-" else operator.kind
            raise self._error(f"{name} needs something after it", operator)

    def _or(self) -> Node | None:
        items = [self._and()]
        while (token := self._peek()) is not None and token.kind == "OR":
            self._next()
            self._need_operand(token)
            items.append(self._and())
        return _combine(Or, items)

    def _and(self) -> Node | None:
        items = [self._unary()]
        while (token := self._peek()) is not None and token.kind not in (")", "OR"):
            if token.kind == "AND":
                self._next()
                self._need_operand(token)
            items.append(self._unary())
        return _combine(And, items)

    def _unary(self) -> Node | None:
        token = self._next()
        if token.kind in ("NOT", "-", "("):
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise self._error(f"nested too deeply (at most {MAX_DEPTH} levels)", token)
            try:
                return self._nested(token)
            finally:
                self.depth -= 1
        if token.kind in ("OR", "AND"):
            raise self._error(f"{token.kind} needs something before it", token)
        if token.kind == ")":
            raise self._error("unexpected ')' (no '(' before it)", token)
        return token.node

    def _nested(self, token: _Token) -> Node | None:
        """What a NOT, a '-' or a '(' applies to."""
        if token.kind != "(":
            self._need_operand(token)
            inner = self._unary()
            return None if inner is None else Not(inner)
        following = self._peek()
        if following is None:
            raise self._error("missing ')'", token)
        if following.kind == ")":
            raise self._error("nothing between '(' and ')'", token)
        inner = self._or()
        if self._peek() is None:
            raise self._error("missing ')'", token)
        self._next()
        return inner


def _combine(kind: type[And] | type[Or], items: list[Node | None]) -> Node | None:
    """One node of `kind` over the items that search something, nested ones of the same kind flattened."""
    flat: list[Node] = []
    for item in items:
        if isinstance(item, kind):
            flat.extend(item.items)
        elif item is not None:
            flat.append(item)
    if not flat:
        return None
    return flat[0] if len(flat) == 1 else kind(tuple(flat))
