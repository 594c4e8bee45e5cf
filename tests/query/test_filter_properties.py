"""Property tests: the filter parser on arbitrary input, through a real library file.

The filter parser reads whatever the user types. Each property runs at least 10,000 examples (counted,
not assumed) and prints how many it ran and how long it took, so a strategy that quietly shrinks to
nothing is a failure, not a pass.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from conftest import load_fixture
from hypothesis import given, settings
from hypothesis import strategies as st
from property_testing import EXAMPLES, NASTY_CHARS, RECORDED, TODAY, run_counted

from reader.query import PaperFilter, QueryError, Sort, parse_query
from reader.sources.hf_api import parse_feed
from reader.storage.library import Library

pytestmark = pytest.mark.slow


# -- the filter language ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small_library(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    """The recorded list, a paper with no dates or counts, one paper starred and one read."""
    library = Library.open(tmp_path_factory.mktemp("props") / "library.db")
    library.import_papers(parse_feed(load_fixture(RECORDED)).papers)
    library.import_papers(parse_feed({"id": "2401.00001", "title": "Bare paper"}).papers)
    library.star("2606.13681")
    library.mark_read("2606.12730")
    yield library
    library.close()


WORDS = st.sampled_from(
    ["diffusion", "video", "LLM", "agents", "and", "or", "not", "NEAR", "a", "é", "Straße", "日本語", "e=mc2", "*",
     "^", "_", "x*", "'", "''", "\\", "%", "a_b", "NEAR(a b)", "title", "2606", "13681", "\u0301", "\u00ad", "ǅ"]
)  # fmt: skip
FIELDS = st.sampled_from(
    ["title", "abstract", "author", "authors", "org", "organization", "keyword", "keywords", "submitter", "is", "has",
     "upvotes", "stars", "comments", "date", "age", "TITLE", "Is", "foo", "http"]
)  # fmt: skip
OPS = st.sampled_from([":", "=", "<", ">", "<=", ">=", "::", ":="])
VALUES = st.one_of(
    WORDS,
    st.sampled_from(["starred", "unread", "read", "code", "project", "summary", "READ", "", '"', '""', '"a b"',
                     '"open', "2026-06-12", "2026-W24", "2026-06", "0000-01-01", "9999-W53", "2026-02-30", "2026-13",
                     "7d", "2w", "3m", "999999999999999d", "0d", "1y"]),
    st.integers(min_value=0, max_value=10**20).map(str),
    st.text(max_size=4),
)  # fmt: skip
FIELD_TERMS = st.tuples(FIELDS, OPS, VALUES).map("".join)
PHRASES = st.tuples(st.text(max_size=6), st.sampled_from(['"', ""])).map(lambda t: '"' + t[0] + t[1])
TOKENS = st.one_of(
    WORDS,
    FIELD_TERMS,
    PHRASES,
    st.sampled_from(["(", ")", "AND", "OR", "NOT", "-", "-(", "NOT (", '"', "and", "Or"]),
    st.text(alphabet=st.one_of(NASTY_CHARS, st.characters()), max_size=3),
)
SEPARATORS = st.sampled_from([" ", " ", " ", "", "  ", "\t", "\n", "\r\n", "\x1b[31m", "\u202e", "\x00", "\u3000"])
QUERIES = st.lists(st.tuples(TOKENS, SEPARATORS), max_size=10).map(lambda pairs: "".join(t + s for t, s in pairs))
FILTERS = st.fixed_dictionaries(
    {},
    optional={
        "starred_only": st.booleans(),
        "unread_only": st.booleans(),
        "has_code": st.booleans(),
        "sort": st.sampled_from(list(Sort)),
        "reverse": st.booleans(),
        "span": st.sampled_from([(date(2026, 6, 8), date(2026, 6, 14)), (date(2026, 6, 12), date(2026, 6, 12))]),
    },
)


def check_query(text: str, toggles: dict[str, Any], limit: int, library: Library) -> bool:
    """Parse `text`: a QueryError at a column of the text, or a filter both select paths run and agree on."""
    try:
        parse_query(text)
    except QueryError as exc:
        assert 1 <= exc.column <= len(text) + 1, (text, exc.column)
        assert exc.message and "\n" not in str(exc)
        return False
    paper_filter = PaperFilter(text=text, **toggles)
    everything = library.select(paper_filter, today=TODAY)
    assert len(set(everything)) == len(everything)
    assert library.select(paper_filter, limit=50, today=TODAY) == everything[:50]
    assert library.select(paper_filter, limit=limit, today=TODAY) == everything[:limit]
    return True


def test_the_filter_parser_on_arbitrary_text(small_library: Library) -> None:
    calls = [0]

    @settings(max_examples=EXAMPLES)
    @given(st.text(), st.integers(min_value=0, max_value=32))
    def prop(text: str, limit: int) -> None:
        calls[0] += 1
        check_query(text, {}, limit, small_library)

    run_counted("filter parser, arbitrary text", prop, calls)


def test_the_filter_parser_on_text_made_of_its_own_tokens(small_library: Library) -> None:
    calls = [0]
    parsed = [0]
    matched = [0]

    @settings(max_examples=EXAMPLES)
    @given(QUERIES, FILTERS, st.integers(min_value=0, max_value=32))
    def prop(text: str, toggles: dict[str, Any], limit: int) -> None:
        calls[0] += 1
        if check_query(text, toggles, limit, small_library):
            parsed[0] += 1
            matched[0] += bool(small_library.select(PaperFilter(text=text), limit=1, today=TODAY))

    run_counted("filter parser, its own tokens", prop, calls)
    print(f"  of which {parsed[0]:,} parsed and {matched[0]:,} matched at least one paper")
    assert parsed[0] >= EXAMPLES // 5 and matched[0] >= EXAMPLES // 20, "the strategy rarely makes a valid filter"
