"""A file given to `import`, told apart by its content, and the author count a copied page gave. The edges a
mutation run found unguarded in this layer."""

from __future__ import annotations

from datetime import date

import pytest

from reader.core.paper import Paper
from reader.sources.hf_api import FeedError
from reader.sources.hf_page import author_count, parse_import_file

SHORT_PAGE = b"Get trending papers in your email inbox!\n\nDaily Papers\n\nA title\n\nIts abstract.\n"


def test_a_copied_page_is_read_with_or_without_a_byte_order_mark() -> None:
    plain = parse_import_file(SHORT_PAGE, date(2026, 6, 12)).papers
    marked = parse_import_file(b"\xef\xbb\xbf" + SHORT_PAGE, date(2026, 6, 12)).papers
    assert [paper.title for paper in plain] == ["A title"] == [paper.title for paper in marked]
    assert plain[0].abstract == "Its abstract."


def test_dates_without_a_year_are_this_years_by_default() -> None:
    listing = SHORT_PAGE + "  \u2022 3 authors\n\u00b7\nSep 29 2\n".encode()
    (paper,) = parse_import_file(listing).papers
    assert (paper.published_on, paper.upvotes) == (f"{date.today().year}-09-29", 2)
    assert author_count(paper) == 3


@pytest.mark.parametrize(
    "data",
    [
        b"[]",
        b'  [{"paper": {"id": "2606.00001", "title": "T"}}]',
        b'\n{"id": "2606.00001", "title": "T"}',
    ],
    ids=["array", "indented-array", "object"],
)
def test_json_is_read_as_json(data: bytes) -> None:
    assert [paper.id for paper in parse_import_file(data).papers] == ([] if data == b"[]" else ["2606.00001"])


@pytest.mark.parametrize(
    "data",
    [
        b'"Get trending papers in your email inbox!"',  # a JSON string, whatever it says
        b" [\nGet trending papers in your email inbox!\nTitle\nAbstract\n",  # starts like JSON: read as JSON
        b"{\nGet trending papers in your email inbox!\nTitle\nAbstract\n",
        b'"\nGet trending papers in your email inbox!\nTitle\nAbstract\n',
        b"\xff\xfeGet trending papers in your email inbox!\n",  # not UTF-8: not a page
        ("x\n" * 20 + "Get trending papers in your email inbox!\nTitle\nAbstract\n").encode(),  # header too far down
    ],
    ids=["json-string", "bracket", "brace", "quote", "not-utf8", "late-header"],
)
def test_what_only_looks_like_a_page_is_refused_as_not_json(data: bytes) -> None:
    with pytest.raises(FeedError, match=r"^not JSON|^expected a JSON array or object"):
        parse_import_file(data)


def test_a_broken_page_is_named_as_one() -> None:
    with pytest.raises(FeedError) as caught:
        parse_import_file(SHORT_PAGE + b"Stray\n")
    assert str(caught.value) == "a copied papers page, but titles and abstracts do not pair up (an odd number of lines)"


@pytest.mark.parametrize(
    ("raw", "count"),
    [
        ('{"copiedPage": {"authorCount": 5}}', 5),
        ('{"copiedPage": {"authorCount": 0}}', 0),
        ('{"copiedPage": {"authorCount": true}}', None),
        ('{"copiedPage": {"authorCount": "5"}}', None),
        ('{"copiedPage": {"authorCount": null}}', None),
        ('{"copiedPage": {}}', None),
        ('{"paper": {"id": "x"}}', None),
        ("[1, 2]", None),
        ("not json", None),
        (None, None),
    ],
)
def test_the_author_count_a_copied_page_gave(raw: str | None, count: int | None) -> None:
    assert author_count(Paper(id="local-x", title="T", raw=raw)) == count


def test_the_day_given_sets_the_year_of_dates_without_one() -> None:
    listing = SHORT_PAGE + "  \u2022 3 authors\n\u00b7\nSep 29 2\n".encode()
    (paper,) = parse_import_file(listing, date(2020, 1, 1)).papers
    assert paper.published_on == "2020-09-29"
