"""Hugging Face API JSON -> `Paper`. Pure functions: no network, no database.

Three shapes are understood (see DESIGN.md, "The Hugging Face API"):
a `daily_papers` array of items ({"paper": {...}, ...outer fields}), a
`papers/search` array (the same item shape), and one flat `papers/{id}` object.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from reader.core.paper import Paper, find_github_repo, is_web_url, normalize_github_repo, normalize_paper_id
from reader.core.text import clean_block, clean_line


class FeedError(ValueError):
    """The input is not Hugging Face API JSON at all (the whole file is refused)."""


class ItemError(ValueError):
    """One item of a feed is not a paper (it is skipped, the rest are kept)."""


@dataclass
class ParsedFeed:
    """What a feed held: the papers, and the positions of items that were not papers."""

    papers: list[Paper] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)
    """(0-based position in the array, reason) for every item that was not a paper."""


def parse_feed_text(text: str | bytes) -> ParsedFeed:
    """Parse the text of a saved API response; `FeedError` if it is not JSON of a known shape."""
    return parse_feed(decode_json(text))


MAX_FEED_FILE_BYTES = 512 << 20
"""An import file that is not a JSON array (one flat paper object, a copied papers page) over this is refused
whole: it is parsed at once, and its JSON would take ten times as much memory. An array is streamed, any length
(sources/feed_file.py). A device such as /dev/zero is refused before it is read."""

MAX_INT_DIGITS = 30
"""Longer JSON integers are read as floats: Python refuses to make an int of more than 4,300 digits."""


def _json_int(digits: str) -> int | float:
    """A JSON integer; a huge one becomes a float (infinite), which no counter takes, not a ValueError."""
    return int(digits) if len(digits) <= MAX_INT_DIGITS else float(digits)


def decode_json(text: str | bytes) -> Any:
    """The decoded JSON; `FeedError` (one line, no input echoed) if it is not JSON.

    A number too long for Python's int is not an error here: one item's
    out-of-range counter must not refuse the whole file.
    """
    try:
        data = json.loads(text, parse_int=_json_int)
    except ValueError as exc:  # not JSON, or not text (UnicodeDecodeError is a ValueError too)
        raise FeedError(f"not JSON ({str(exc).splitlines()[0][:200]})") from None
    except RecursionError:  # deeper than Python's stack allows here: past our own limit too
        raise FeedError(TOO_DEEP) from None
    if nesting(data, MAX_FILE_NESTING) > MAX_FILE_NESTING:
        raise FeedError(TOO_DEEP)
    return data


TOO_DEEP = "not JSON (nested too deeply)"

MAX_FILE_NESTING = 512
"""A whole file nested deeper is refused. Python's own limit (about 1,000 levels, fewer the deeper the caller's
stack) would otherwise decide, differently from one caller to the next; ours is the same everywhere."""


MAX_NESTING = 64
"""Arrays and objects within one item; a real item nests 4 deep. A field nested deeper is dropped, like a field
of the wrong type: storing the raw JSON re-encodes it recursively, and at some depth (Python's, not ours) that
would be a RecursionError."""


def nesting(value: Any, limit: int = MAX_NESTING) -> int:
    """How deeply arrays and objects nest in `value` (a scalar: 0), counted without recursion; once past
    `limit`, the depth that passed it (the rest is not walked). Only containers go on the stack: a scalar
    child costs one isinstance (the walk was two thirds of parsing a synced list)."""
    if not isinstance(value, dict | list):
        return 0
    deepest = 0
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > deepest:
            deepest = depth
            if depth > limit:
                return depth
        children = node.values() if isinstance(node, dict) else node
        below = depth + 1
        stack.extend([(child, below) for child in children if isinstance(child, dict | list)])
    return deepest


def _without_deep_fields(item: dict[str, Any]) -> dict[str, Any]:
    """The item without the fields (of the item, or of its "paper") that nest deeper than MAX_NESTING allows."""
    kept = {key: value for key, value in item.items() if key == "paper" or nesting(value) < MAX_NESTING}
    inner = kept.get("paper")
    if isinstance(inner, dict):
        kept["paper"] = {key: value for key, value in inner.items() if nesting(value) < MAX_NESTING - 1}
    return kept  # a "paper" that is not an object is refused by the caller before anything is encoded


def parse_feed(data: Any) -> ParsedFeed:
    """Parse decoded JSON: an array of items or one paper object."""
    feed = ParsedFeed()
    if isinstance(data, dict):
        items: list[Any] = [data]
    elif isinstance(data, list):
        items = data
    else:
        raise FeedError(f"expected a JSON array or object, found {type(data).__name__}")
    for position, item in enumerate(items):
        try:
            feed.papers.append(parse_item(item))
        except ItemError as exc:
            feed.skipped.append((position, str(exc)))
    if isinstance(data, dict) and feed.skipped:
        raise FeedError(f"the object is not a paper: {feed.skipped[0][1]}")
    return feed


def parse_item(item: Any, *, shallow: bool = False, text: str | None = None) -> Paper:
    """One daily/search item or one flat paper object -> `Paper`; `ItemError` if it is not a paper.

    Only a string id that is an arXiv id and a title with some text make a paper;
    any other field of the wrong JSON type is dropped, never guessed ("12" is not 12).
    `shallow`: the caller knows the item nests no deeper than MAX_NESTING (its walk is a third of the time).
    `text`: the item's own compact JSON, when the caller has it: stored as the raw JSON as it is (encoding
    the item again is a fifth of the time). Only with `shallow`: a deeper item is stored without its deep fields.
    """
    if not isinstance(item, dict):
        raise ItemError(f"expected an object, found {type(item).__name__}")
    if not shallow and nesting(item) > MAX_NESTING:
        item = _without_deep_fields(item)
    outer: dict[str, Any] = item
    inner = item.get("paper")
    if inner is None:
        inner = item  # the flat papers/{id} shape
    elif not isinstance(inner, dict):
        raise ItemError(f'"paper" is {type(inner).__name__}, not an object')

    raw_id = inner.get("id")
    if not isinstance(raw_id, str):
        raise ItemError('no paper "id"' if raw_id is None else '"id" is not a string')
    paper_id = normalize_paper_id(raw_id)
    if paper_id is None:
        raise ItemError(f'"id" {clean_line(raw_id)[:40]!r} is not an arXiv id')
    title = clean_line(_text(inner, "title") or _text(outer, "title") or "")
    if not title:
        raise ItemError(f"paper {paper_id} has no title")

    abstract = clean_block(_text(inner, "summary") or _text(outer, "summary") or "")
    github = _github(inner, abstract)
    project = _text(inner, "projectPage")
    project_page = clean_line(project) if project and is_web_url(clean_line(project)) else None
    if github is None and project_page:
        github = normalize_github_repo(project_page)

    return Paper(
        id=paper_id,
        title=title,
        abstract=abstract,
        authors=_authors(inner.get("authors")),
        published_on=_date(inner.get("publishedAt")),
        daily_date=_date(inner.get("submittedOnDailyAt")),
        upvotes=_count(inner.get("upvotes")),
        comments=_count(outer.get("numComments")),
        github_repo=github,
        github_stars=_count(inner.get("githubStars")),
        project_page=project_page,
        organization=_organization(outer.get("organization")) or _organization(inner.get("organization")),
        submitter=_submitter(outer, inner),
        ai_summary=clean_block(_text(inner, "ai_summary") or "") or None,
        ai_keywords=tuple(
            kw for kw in (clean_line(k) for k in _list(inner.get("ai_keywords")) if isinstance(k, str)) if kw
        ),
        raw=text if shallow and text is not None else _raw_json(item),
    )


def _raw_json(item: dict[str, Any]) -> str:
    """The item as compact JSON; ASCII escapes when it holds a lone surrogate, which UTF-8 cannot store."""
    raw = json.dumps(item, ensure_ascii=False, separators=(",", ":"))
    try:
        raw.encode("utf-8")  # fails exactly on a surrogate; a tenth of the time of searching for one
    except UnicodeEncodeError:
        return json.dumps(item, separators=(",", ":"))
    return raw


def _text(obj: dict[str, Any], key: str) -> str | None:
    value = obj.get(key)
    return value if isinstance(value, str) else None


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _count(value: Any) -> int | None:
    """A non-negative counter; 0 stays 0, anything that is not a whole number is None."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if isinstance(value, float) and not value.is_integer():
        return None
    return int(value) if 0 <= value < 2**53 else None


def _date(value: Any) -> str | None:
    """The YYYY-MM-DD part of an ISO timestamp, or None."""
    if not isinstance(value, str) or len(value) < 10:
        return None
    day = value[:10]
    if day[4] != "-" or day[7] != "-" or not (day[:4] + day[5:7] + day[8:]).isdigit():
        return None
    try:
        date.fromisoformat(day)  # a real calendar day in ASCII digits, not 2026-13-45
    except ValueError:
        return None
    return day


def _authors(value: Any) -> tuple[str, ...]:
    """Every author's name in order; hidden authors are real co-authors and stay."""
    names = []
    for author in _list(value):
        name = author.get("name") if isinstance(author, dict) else author
        if isinstance(name, str) and (name := clean_line(name)):
            names.append(name)
    return tuple(names)


def _github(inner: dict[str, Any], abstract: str) -> str | None:
    repo = _text(inner, "githubRepo")
    if repo:
        normalized = normalize_github_repo(clean_line(repo))
        if normalized:
            return normalized
    return find_github_repo(abstract)


def _organization(value: Any) -> str | None:
    if not isinstance(value, dict):
        return None
    name = _text(value, "fullname") or _text(value, "name")
    return clean_line(name) or None if name else None


def _submitter(outer: dict[str, Any], inner: dict[str, Any]) -> str | None:
    by = inner.get("submittedOnDailyBy")
    if isinstance(by, dict):
        name = _text(by, "user") or _text(by, "name")
        if name and clean_line(name):
            return clean_line(name)
    by = outer.get("submittedBy")
    if isinstance(by, dict):
        name = _text(by, "name") or _text(by, "user")
        if name and clean_line(name):
            return clean_line(name)
    return None
