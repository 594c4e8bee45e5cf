"""A file given to `import`, told apart by its content, and the author count a copied page gave. The edges a
mutation run found unguarded in this layer."""

from __future__ import annotations

from datetime import date

import pytest

from reader.core.paper import Paper
from reader.sources.hf_api import FeedError
from reader.sources.hf_page import MAX_PAPERS, PageError, author_count, parse_import_file, parse_papers_page

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


MARKER = "Get trending papers in your email inbox!"


def _page_error(text: str) -> str:
    with pytest.raises(PageError) as caught:
        parse_papers_page(text, date(2026, 6, 12))
    return str(caught.value)


def test_a_text_that_is_not_a_page_or_has_no_papers_is_named() -> None:
    assert _page_error("A title\nIts abstract.\n") == "not the text of a huggingface.co/papers page"
    assert _page_error(f"{MARKER}\nDaily Papers\nSep 29\n") == "a copied papers page with no papers on it"


def test_header_lines_are_dropped_from_the_start_only_and_at_most_twelve() -> None:
    # the first line is a title, not a header: it stays, and the marker further down is a line of the papers
    assert _page_error("A title\nIts abstract.\nbyAK and the research community\n") == (
        "titles and abstracts do not pair up (an odd number of lines)"
    )
    assert [p.title for p in parse_papers_page(f"{MARKER}\n" * 12 + "T\nA\n", date(2026, 6, 12))] == ["T"]
    assert _page_error(f"{MARKER}\n" * 13 + "T\nA\n") == "titles and abstracts do not pair up (an odd number of lines)"


def test_a_header_date_is_any_real_day_feb_29_included() -> None:
    (paper,) = parse_papers_page(f"{MARKER}\nFeb 29\nA title\nIts abstract.\n", date(2026, 6, 12))
    assert (paper.title, paper.abstract) == ("A title", "Its abstract.")


def test_a_card_needs_a_title_but_no_abstract() -> None:
    (paper,) = parse_papers_page(f"{MARKER}\nA title\n\u2022 3 authors\n\u00b7\nSep 29 2\n", date(2026, 6, 12))
    assert (paper.title, paper.abstract, paper.published_on, paper.upvotes) == ("A title", "", "2026-09-29", 2)
    assert author_count(paper) == 3


def test_a_broken_card_footer_is_named_with_its_line() -> None:
    text = f"{MARKER}\nT\nA\n\u2022 3 authors\n\u00b7\nSep 29\nLone title\n\u00b7\nSep 30\n"
    assert _page_error(text) == "a card footer without a title and a date (line 7 of the papers)"
    assert _page_error(f"{MARKER}\nT\nA\n\u2022 3 authors\n\u00b7\nnot a date\n") == (
        "a card footer without a title and a date (line 4 of the papers)"
    )
    assert _page_error(f"{MARKER}\nT\nA\n\u2022 3 authors\n\u00b7\nSep 29\nT2\nA2\n") == (
        "the last paper has no card footer (\u2022 authors \u00b7 date)"
    )


def test_a_title_too_long_to_be_one_is_named() -> None:
    assert _page_error(f"{MARKER}\n{'x' * 501}\nA\n") == "a title of 501 characters: not a papers page of a known shape"
    (paper,) = parse_papers_page(f"{MARKER}\n{'x' * 500}\nA\n", date(2026, 6, 12))
    assert len(paper.title) == 500


def test_a_card_keeps_its_paragraphs_and_the_page_said_in_its_raw_record() -> None:
    text = f"{MARKER}\nUn r\u00e9sum\u00e9\nFirst paragraph.\nSecond paragraph.\nSome Lab\n\u00b7\nAug 14, 2023 7\n"
    (paper,) = parse_papers_page(text, date(2026, 6, 12))
    assert paper.abstract == "First paragraph.\n\nSecond paragraph."
    assert paper.organization == "Some Lab"
    assert paper.raw == (
        '{"copiedPage":{"title":"Un r\u00e9sum\u00e9","summary":"First paragraph.\\n\\nSecond paragraph.",'
        '"authorCount":null,"organization":"Some Lab","publishedOn":"2023-08-14","upvotes":7}}'
    )


def test_a_page_holds_at_most_max_papers() -> None:
    pairs = "".join(f"Title {n}\nAbstract {n}\n" for n in range(MAX_PAPERS))
    assert len(parse_papers_page(f"{MARKER}\n{pairs}", date(2026, 6, 12))) == MAX_PAPERS
    assert _page_error(f"{MARKER}\n{pairs}One more\nIts abstract\n") == f"more than {MAX_PAPERS:,} papers on one page"
