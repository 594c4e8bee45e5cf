"""Property tests: the feed parser on arbitrary input, through a real library file.

The feed parser reads whatever a server (or a saved file) sends. Each property runs at least 10,000
examples (counted, not assumed) and prints how many it ran and how long it took, so a strategy that
quietly shrinks to nothing is a failure, not a pass.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import load_fixture
from hypothesis import given, settings
from hypothesis import strategies as st
from property_testing import EXAMPLES, NASTY_CHARS, RECORDED, run_counted

from reader.core.paper import ARXIV_ID, Paper, is_web_url, normalize_paper_id
from reader.sources.hf_api import FeedError, ParsedFeed, parse_feed_text
from reader.storage.errors import LibraryError
from reader.storage.library import Library

pytestmark = pytest.mark.slow


# -- what a parsed paper may hold ---------------------------------------------------------------

BIDI_AND_INVISIBLE = "\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069\ufeff"
LINE_BREAKS = "\u2028\u2029"  # and \n \r \v \f \x85, which are C0 or C1
_UNSAFE_IN_BLOCK = f"\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff{BIDI_AND_INVISIBLE}{LINE_BREAKS}"
UNSAFE_IN_LINE = re.compile(f"[\n{_UNSAFE_IN_BLOCK}]")
UNSAFE_IN_BLOCK = re.compile(f"[{_UNSAFE_IN_BLOCK}]")
"""What must never reach the screen or the database, written out by hand: C0 (ESC), DEL, C1 (CSI, OSC),
lone surrogates, bidi controls and invisible marks, line breaks (a block keeps its paragraphs' \n)."""
DAY = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
GITHUB_REPO = re.compile(r"https://github\.com/[A-Za-z0-9-]+/[A-Za-z0-9._-]+")
ARABIC_DIGITS = str.maketrans("0123456789", "\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669")


def check_paper(paper: Paper) -> None:
    """Every promise `Paper` makes about its fields (models.py, hf_api.py)."""
    # The id: a database key and a URL path part.
    assert ARXIV_ID.fullmatch(paper.id) and normalize_paper_id(paper.id) == paper.id, paper.id
    assert ".." not in paper.id and not paper.id.startswith(("/", ".")) and paper.id.count("/") <= 1, paper.id
    assert paper.id.isascii() and not any(char.isspace() or char == "\\" for char in paper.id)
    # One-line text fields: no controls, escapes, bidi or line breaks, no runs of spaces, no space at the ends.
    lines = [paper.title, *paper.authors, *paper.ai_keywords]
    lines += [value for value in (paper.organization, paper.submitter, paper.project_page) if value is not None]
    assert paper.title
    for line in lines:
        assert line and not UNSAFE_IN_LINE.search(line), line
        assert line == line.strip(" ") and "  " not in line, line
    # Prose: the same, but paragraphs are kept, as blank lines between non-empty paragraphs.
    for block in (paper.abstract, paper.ai_summary or ""):
        assert not UNSAFE_IN_BLOCK.search(block), block
        assert all(part and "\n" not in part for part in block.split("\n\n")) if block else True
    assert paper.ai_summary != ""
    # Links the reader may open.
    assert paper.github_repo is None or GITHUB_REPO.fullmatch(paper.github_repo)
    assert paper.project_page is None or is_web_url(paper.project_page)
    # Counters and dates.
    for count in (paper.upvotes, paper.comments, paper.github_stars):
        assert count is None or (type(count) is int and 0 <= count < 2**53)
    for day in (paper.published_on, paper.daily_date):
        assert day is None or (DAY.fullmatch(day) and date.fromisoformat(day))
    # The raw JSON is kept to be parsed again: it must be text SQLite can store, and JSON.
    paper.raw.encode("utf-8")
    json.loads(paper.raw)


def check_feed(feed: ParsedFeed, library: Library) -> None:
    """Every paper keeps its promises, and a real library stores them (the last copy of an id wins)."""
    for paper in feed.papers:
        check_paper(paper)
    for position, reason in feed.skipped:
        assert position >= 0 and reason and "\n" not in reason
    if not feed.papers:
        return
    try:
        library.import_papers(feed.papers)
    except LibraryError as exc:  # the only error import_papers may raise; none is expected on a healthy file
        raise AssertionError(f"import failed: {exc}") from None
    last = {paper.id: paper for paper in feed.papers}
    for paper_id, paper in last.items():
        stored = library._paper_by_id(paper_id)
        assert stored is not None and stored.title == paper.title


def parse_or_feed_error(data: bytes | str) -> ParsedFeed | None:
    """The parser's whole contract: a feed, or `FeedError` (with a one-line reason)."""
    try:
        return parse_feed_text(data)
    except FeedError as exc:
        assert str(exc) and "\n" not in str(exc)
        return None


@pytest.fixture
def scratch_library(tmp_path: Path) -> Iterator[Library]:
    """A real library file that every example of one property imports into."""
    library = Library.open(tmp_path / "library.db")
    yield library
    library.close()


# -- strategies for feeds -----------------------------------------------------------------------

NASTY_TEXT = st.text(alphabet=st.one_of(NASTY_CHARS, st.characters()), max_size=6)
ESCAPES = st.sampled_from(["\x1b[31m", "\x1b]8;;http://evil\x07", "\x1b]0;title\x1b\\", "\x9b2J", "\x1bc", "\x1b(B"])
TEXT = st.one_of(
    NASTY_TEXT,
    st.tuples(NASTY_TEXT, ESCAPES, st.sampled_from(["Title", "  ", "\n\n", " \n word", "\r\n\t"])).map("".join),
)

HUGE = "\x00huge-int\x00"
"""A leaf replaced by a 5,000-digit number after json.dumps (Python refuses to write one itself)."""

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.sampled_from([0, -1, 2**53, 2**63, -(2**64), 10**30, math.nan, math.inf, -math.inf, 1.5, 1e308, -0.0, HUGE]),
    TEXT,
)
KEYS = st.one_of(st.sampled_from(["paper", "id", "title", "name", "user", "fullname", "summary", ""]), NASTY_TEXT)
JUNK = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(KEYS, inner, max_size=3)),
    max_leaves=3,
)
"""Any JSON value, small: nested lists and objects of hostile scalars."""

IDS = st.sampled_from(
    ["2606.00467", "2606.12730", "2401.00001", "2401.00001v3", " 2401.00001\n", "hep-th/9901001", "a../1234567",
     "a.-b/1234567", "../2401.00001", "2401.00001/..", "2401.00001\x00", "x/../1234567", "2401.00001\u202e",
     "2401.00001".translate(ARABIC_DIGITS), "HEP-TH/9901001", "2401.00001\\..", "[b]2401.00001[/b]"]
)  # fmt: skip
"""Ids that are papers (some of them twice in a feed), and ids that try to be paths or markup."""
DATES = st.sampled_from(
    ["2026-06-12T00:00:00.000Z", "2026-13-45T00:00:00Z", "0000-00-00", "2026-06-12", "2026-06-1", "99999-01-01",
     "2026-06-12T".translate(ARABIC_DIGITS), "2026-02-29T00:00:00Z", "2024-02-29T00:00:00Z"]
)  # fmt: skip
URLS = st.sampled_from(
    ["https://github.com/owner/repo", "owner/repo", "https://github.com/a/..", "javascript:alert(1)", "file:///etc",
     "https://example.org/p", "http://[::1", "https://x.org/\x1b[31m", "github.com/a/b.git", "https://github.com/-/x",
     "https://github.com/a/b.git/", "https://github.com/a\u202e/b", " https://example.org/ "]
)  # fmt: skip
COUNTS = st.one_of(st.integers(), st.sampled_from([2**53 - 1, 2**53, 1e16, 3.0, 3.5, True, "12", [1], -0.0]))
FIELD_VALUES: dict[str, st.SearchStrategy[Any]] = {
    "id": IDS,
    "title": TEXT,
    "summary": TEXT,
    "ai_summary": TEXT,
    "authors": st.lists(st.one_of(st.fixed_dictionaries({"name": TEXT}), TEXT, SCALARS), max_size=3),
    "ai_keywords": st.lists(st.one_of(TEXT, SCALARS), max_size=3),
    "publishedAt": DATES,
    "submittedOnDailyAt": DATES,
    "upvotes": COUNTS,
    "githubStars": COUNTS,
    "numComments": COUNTS,
    "githubRepo": st.one_of(URLS, TEXT),
    "projectPage": st.one_of(URLS, TEXT),
    "organization": st.fixed_dictionaries({}, optional={"name": TEXT, "fullname": TEXT}),
    "submittedOnDailyBy": st.fixed_dictionaries({}, optional={"name": TEXT, "user": TEXT}),
    "submittedBy": st.fixed_dictionaries({}, optional={"name": TEXT, "user": TEXT}),
}
"""For each field the parser reads: values of the right type (and hostile text), or of almost the right type."""

_RECORDED_ITEMS = load_fixture(RECORDED)
_OUTER_KEYS = sorted({key for item in _RECORDED_ITEMS for key in item} | {"title", "summary", "numComments"})
_INNER_KEYS = sorted({key for item in _RECORDED_ITEMS for key in item["paper"]} | set(FIELD_VALUES) - {"numComments"})


_PLACES = st.sampled_from([("outer", key) for key in _OUTER_KEYS] + [("inner", key) for key in _INNER_KEYS])
_KINDS = st.sampled_from(["typed", "typed", "junk", "delete"])
"""Built once, not inside each draw: a new strategy is validated again the first time it is drawn from."""


@st.composite
def mutations(draw: st.DrawFn) -> tuple[str, str, Any]:
    """(where, key, new value): one field of an item set to a hostile value, to junk, or deleted."""
    where, key = draw(_PLACES)
    kind = draw(_KINDS)
    if kind == "typed" and key in FIELD_VALUES:
        return where, key, draw(FIELD_VALUES[key])
    return where, key, draw(JUNK) if kind != "delete" else DELETE


DELETE = object()


def mutate(position: int, changes: list[tuple[str, str, Any]]) -> Any:
    """A copy of a recorded item with the changes made (the `paper` object itself may become junk, or go)."""
    item = {**_RECORDED_ITEMS[position], "paper": dict(_RECORDED_ITEMS[position]["paper"])}
    for where, key, value in changes:
        target = item if where == "outer" else item.get("paper")
        if not isinstance(target, dict):
            continue
        if value is DELETE:
            target.pop(key, None)
        else:
            target[key] = value
    return item


RECORDED_ITEM = st.builds(
    mutate, st.integers(min_value=0, max_value=len(_RECORDED_ITEMS) - 1), st.lists(mutations(), max_size=2)
)
ITEM = st.one_of(RECORDED_ITEM, RECORDED_ITEM.map(lambda item: item.get("paper")), JUNK)
"""Daily items (the recorded ones, each with a few fields changed), flat papers/{id} objects, and junk."""
FEED = st.one_of(st.lists(ITEM, max_size=3), ITEM, JUNK)


def encode(value: Any, how: str) -> bytes:
    """The value as bytes a server could send: JSON as Python writes it, or raw UTF-8 with lone surrogates."""
    text = json.dumps(value, ensure_ascii=how == "ascii").replace(json.dumps(HUGE), "9" * 5000)
    if how == "utf-16":
        return text.encode("utf-16", "surrogatepass")
    return text.encode("utf-8", "surrogatepass")


# -- the feed parser ----------------------------------------------------------------------------


def test_the_feed_parser_on_arbitrary_bytes(scratch_library: Library) -> None:
    calls = [0]

    @settings(max_examples=EXAMPLES)
    @given(st.one_of(st.binary(max_size=64), st.binary(max_size=16).map(lambda b: b"[{" + b + b"}]")))
    def prop(data: bytes) -> None:
        calls[0] += 1
        if (feed := parse_or_feed_error(data)) is not None:
            check_feed(feed, scratch_library)

    run_counted("feed parser, arbitrary bytes", prop, calls)


def test_the_feed_parser_on_arbitrary_text(scratch_library: Library) -> None:
    calls = [0]
    json_ish = st.lists(st.sampled_from([*'[]{}:,"0123456789.eE+-', "true", "null", "NaN", '"id"']), max_size=20)

    @settings(max_examples=EXAMPLES)
    @given(st.one_of(st.text(max_size=40), json_ish.map("".join)))
    def prop(text: str) -> None:
        calls[0] += 1
        if (feed := parse_or_feed_error(text)) is not None:
            check_feed(feed, scratch_library)

    run_counted("feed parser, arbitrary text", prop, calls)


def test_the_feed_parser_on_items_of_every_wrong_shape(scratch_library: Library) -> None:
    """The recorded Daily items with fields retyped, made hostile, or deleted, as lists, flat objects and junk.

    Encoded as JSON escapes only, as UTF-8 (lone surrogates written raw, as a broken
    server would), and as UTF-16, which json.loads also accepts from bytes.
    """
    calls = [0]
    papers = [0]

    @settings(max_examples=EXAMPLES)
    @given(FEED, st.sampled_from(["ascii", "utf-8", "utf-16"]))
    def prop(value: Any, how: str) -> None:
        calls[0] += 1
        feed = parse_or_feed_error(encode(value, how))
        if feed is not None:
            papers[0] += len(feed.papers)
            check_feed(feed, scratch_library)

    run_counted("feed parser, item-shaped JSON", prop, calls)
    print(f"  which held {papers[0]:,} papers, all imported into {scratch_library.count():,} rows")
    assert papers[0] >= EXAMPLES // 2, f"only {papers[0]} papers parsed: the strategy misses the item shape"
