"""The help screen's cheat sheet, as the reader reads it: every row, and every example in it a filter that parses."""

from __future__ import annotations

import pytest

from reader.query.cheatsheet import cheat_sheet
from reader.query.parser import parse_query

ROWS = [
    ('words "a phrase"', "every word somewhere in the paper (prefixes match: diffus finds diffusion)"),
    (
        "title: abstract: author: org: keyword: submitter: note: tag: text:",
        'a word or "phrase" in that field only '
        "(authors = author, keywords = keyword, organization = org, tags = tag, notes = note)",
    ),
    ("upvotes>=50 stars<10", "numbers: upvotes, stars, comments with <= >= < > = (or :)"),
    (
        "is:starred is:unread is:read is:new is:unresolved",
        "your marks; new since your last session; from a copied page",
    ),
    (
        "has:code has:project has:summary has:tag has:note has:model has:dataset has:space has:text",
        "with a repository, a project page, an AI summary, a tag, ...",
    ),
    ("date:YYYY-MM-DD", "a day, an ISO week or a month (YYYY-MM-DD, YYYY-Www, YYYY-MM); also date>=..."),
    ("age<7d", "how long ago it was listed: d days, w weeks, m months"),
    ("a b  a AND b", "both (AND may be left out)"),
    ("a OR b", "either (AND binds tighter than OR)"),
    ("NOT a  -a", "leave out what matches"),
    ("(a OR b) c", "parentheses group; AND, OR, NOT only in capitals"),
]


def test_the_cheat_sheet_reads_as_written() -> None:
    assert cheat_sheet() == ROWS


@pytest.mark.parametrize(
    "example", [typed for typed, _ in ROWS if "YYYY" not in typed and "title:" not in typed], ids=str
)
def test_every_example_of_the_cheat_sheet_is_a_filter(example: str) -> None:
    assert str(parse_query(example))  # a QueryError here would be a cheat sheet teaching a mistake


def test_each_field_the_cheat_sheet_names_takes_a_word() -> None:
    fields = ROWS[1][0].split()
    assert all(str(parse_query(f"{field}word")) == f"{field}word" for field in fields)
