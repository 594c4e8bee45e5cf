"""Where text from elsewhere stops being read: card footers of a copied page, JSON numbers and depth, the causes
of a connection failure. The edges a mutation run found unguarded in this layer."""

from __future__ import annotations

import errno
import socket
from datetime import date

import pytest

from reader.sources.hf_api import MAX_FILE_NESTING, MAX_INT_DIGITS, FeedError, decode_json
from reader.sources.hf_page import PageError, parse_papers_page

HEAD = "Get trending papers in your email inbox!\n\nDaily Papers\n\n"
DAY = date(2026, 6, 12)


def test_a_card_may_have_a_title_and_no_abstract() -> None:
    (paper,) = parse_papers_page(HEAD + "Title\n• 3 authors\n·\nSep 29 2\n", DAY)
    assert (paper.title, paper.abstract, paper.published_on, paper.upvotes) == ("Title", "", "2026-09-29", 2)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("Only one\n·\nSep 29 2\n", "a card footer without a title and a date (line 2 of the papers)"),
        (
            "T\nA\n• 3 authors\n·\nSep 29 2\nNext\nabstract\n·\n",
            "a card footer without a title and a date (line 8 of the papers)",
        ),
        ("T\nA\n• 3 authors\n·\nSep 29 2\nNext\nabstract\n", "the last paper has no card footer (• authors · date)"),
    ],
)
def test_a_listing_out_of_shape_says_where(body: str, message: str) -> None:
    with pytest.raises(PageError) as caught:
        parse_papers_page(HEAD + body, DAY)
    assert str(caught.value) == message


def test_json_integers_up_to_the_limit_stay_integers() -> None:
    assert decode_json("9" * MAX_INT_DIGITS) == int("9" * MAX_INT_DIGITS)
    longer = decode_json("9" * (MAX_INT_DIGITS + 1))
    assert isinstance(longer, float) and longer == float("9" * (MAX_INT_DIGITS + 1))


def test_json_as_deep_as_the_limit_is_read_and_deeper_is_refused() -> None:
    assert decode_json("[" * MAX_FILE_NESTING + "]" * MAX_FILE_NESTING) is not None
    with pytest.raises(FeedError) as caught:
        decode_json("[" * (MAX_FILE_NESTING + 1) + "]" * (MAX_FILE_NESTING + 1))
    assert str(caught.value) == "not JSON (nested too deeply)"


def test_text_that_is_not_json_is_named_by_the_first_line_of_the_reason() -> None:
    with pytest.raises(FeedError) as caught:
        decode_json("")
    assert str(caught.value) == "not JSON (Expecting value: line 1 column 1 (char 0))"
    with pytest.raises(FeedError) as caught:
        decode_json(b"\xff" * 300)
    assert str(caught.value).startswith("not JSON (") and len(str(caught.value)) <= len("not JSON ()") + 200


def chain(last: BaseException, links: int) -> BaseException:
    """`last` under `links` - 1 transport errors, each the cause of the one above."""
    error = last
    for _ in range(links - 1):
        above = OSError("All connection attempts failed")
        above.__cause__ = error
        error = above
    return error


def test_an_unreachable_host_is_found_down_a_chain_of_ten_causes() -> None:
    from reader.sources.client import _unreachable_reason

    assert _unreachable_reason(chain(socket.gaierror(), 10)) == "name not found"
    assert _unreachable_reason(chain(socket.gaierror(), 11)) is None  # a loop in the chain must end
    assert (
        _unreachable_reason(chain(socket.gaierror(-2, "Name or service not known"), 3)) == "Name or service not known"
    )
    assert _unreachable_reason(chain(OSError(errno.EHOSTUNREACH, None), 2)) == "no route"
    assert _unreachable_reason(chain(OSError(errno.ENETUNREACH, "x" * 200), 2)) == "x" * 120
    assert _unreachable_reason(chain(socket.gaierror(-2, "y" * 200), 1)) == "y" * 120
    assert _unreachable_reason(chain(OSError(errno.ECONNREFUSED, "Connection refused"), 2)) == "connection refused"
    assert _unreachable_reason(chain(OSError(errno.ECONNRESET, "reset"), 2)) is None
