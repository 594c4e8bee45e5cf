"""The rest of the hostile corpus: fields of the wrong JSON type, duplicate ids, ids that look like paths,
and the files `paper-reader import` is given (what it must import, what it must skip and why)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from hostile_text_cases import CLICK_NUMBER, HOSTILE_URLS, ITEMS, NUMBERED, forbidden, paper_id

from reader.core.paper import Paper
from reader.core.text import clean_line

# -- wrong types: what the parser keeps of an item whose fields are not what the API sends ---


def plain_inner(number: int) -> dict[str, Any]:
    """A well-formed inner paper of February; each wrong-type case spoils one field of it."""
    return {
        "id": f"2602.{number:05d}",
        "title": f"Plain paper {number}",
        "summary": "A plain abstract.",
        "authors": [{"name": "Ada Lovelace"}, {"name": "Alan Turing"}],
        "publishedAt": "2026-02-01T00:00:00.000Z",
        "submittedOnDailyAt": f"2026-02-{number % 28 + 1:02d}T00:00:00.000Z",
        "upvotes": 7,
        "githubStars": 3,
        "githubRepo": "https://github.com/owner/repo",
        "projectPage": "https://example.org/project",
        "ai_summary": "A plain summary.",
        "ai_keywords": ["plain"],
    }


def plain_paper(number: int) -> Paper:
    """What the parser makes of `plain_inner(number)`, written out by hand."""
    return Paper(
        id=f"2602.{number:05d}",
        title=f"Plain paper {number}",
        abstract="A plain abstract.",
        authors=("Ada Lovelace", "Alan Turing"),
        published_on="2026-02-01",
        daily_date=f"2026-02-{number % 28 + 1:02d}",
        upvotes=7,
        comments=2,
        github_repo="https://github.com/owner/repo",
        github_stars=3,
        project_page="https://example.org/project",
        organization="Plain Org",
        submitter="Plain Submitter",
        ai_summary="A plain summary.",
        ai_keywords=("plain",),
    )


HUGE_INT = "@@huge-int@@"
"""Stands for a 5,000-digit JSON number (more digits than Python turns into an int by default)."""
HUGE_DIGITS = "9" * 5_000
DEEP = {"a": [{"b": [{"c": ["deep"] * 2}] * 2}] * 2}
for _ in range(150):  # 450 levels of objects and arrays where a string belongs
    DEEP = {"nested": [DEEP]}


@dataclass(frozen=True)
class WrongType:
    """One item whose `inner` paper fields / `outer` item fields have the wrong JSON type.

    Kept items differ from the plain paper only by `kept` (the field dropped, or
    coerced); skipped ones are skipped with exactly the reason `skipped`.
    """

    name: str
    inner: dict[str, Any] = field(default_factory=dict)
    outer: dict[str, Any] = field(default_factory=dict)
    kept: dict[str, Any] = field(default_factory=dict)
    skipped: str | None = None


def _no_title(name: str, value: Any) -> WrongType:
    return WrongType(f"title-{name}", inner={"title": value}, skipped="paper 2602.{n:05d} has no title")


WRONG_TYPES = [
    # The id and the title make a paper: without them, the item is skipped with its reason.
    WrongType("id-number", inner={"id": 2406.12345}, skipped='"id" is not a string'),
    WrongType("id-integer", inner={"id": 240612345}, skipped='"id" is not a string'),
    WrongType("id-huge-number", inner={"id": HUGE_INT}, skipped='"id" is not a string'),
    WrongType("id-list", inner={"id": ["2406.12345"]}, skipped='"id" is not a string'),
    WrongType("id-object", inner={"id": {"$oid": "2406.12345"}}, skipped='"id" is not a string'),
    WrongType("id-bool", inner={"id": True}, skipped='"id" is not a string'),
    WrongType("id-null", inner={"id": None}, skipped='no paper "id"'),
    WrongType("id-empty", inner={"id": ""}, skipped="\"id\" '' is not an arXiv id"),
    _no_title("number", 42),
    _no_title("float", 4.2e1),
    _no_title("huge-number", HUGE_INT),
    _no_title("list", ["Attention", "is all you need"]),
    _no_title("object", {"en": "Attention"}),
    _no_title("deep-object", DEEP),
    _no_title("null", None),
    _no_title("bool", False),
    _no_title("empty", ""),
    _no_title("blank", " \n\t\u2028 "),
    _no_title("only-controls", "\x1b[2J\x1b]52;c;ZXZpbA==\x07\u202e\x00"),
    _no_title("lone-surrogate-only", "\ud800"),
    # Optional fields of the wrong type are dropped (the paper keeps the rest); the
    # parser never guesses ("12" is not 12), it only takes a float that is a whole number.
    WrongType("authors-string", inner={"authors": "Ada Lovelace"}, kept={"authors": ()}),
    WrongType("authors-numbers", inner={"authors": [1, 2.5, None, True]}, kept={"authors": ()}),
    WrongType("authors-object", inner={"authors": {"name": "Ada Lovelace"}}, kept={"authors": ()}),
    WrongType(
        "authors-bad-names",
        inner={"authors": [{"name": 5}, {"name": ["x"]}, {"name": {"first": "A"}}, {"name": None}, {}, DEEP]},
        kept={"authors": ()},
    ),
    WrongType(
        "authors-mixed",
        inner={"authors": [{"name": "Ada"}, 7, "Bob", {"name": 8}, ["Eve"]]},
        kept={"authors": ("Ada", "Bob")},
    ),
    WrongType("upvotes-string", inner={"upvotes": "12"}, kept={"upvotes": None}),
    WrongType("upvotes-1e308", inner={"upvotes": 1e308}, kept={"upvotes": None}),
    WrongType("upvotes-2**53", inner={"upvotes": 2**53}, kept={"upvotes": None}),
    WrongType("upvotes-huge", inner={"upvotes": HUGE_INT}, kept={"upvotes": None}),
    WrongType("upvotes-negative", inner={"upvotes": -5}, kept={"upvotes": None}),
    WrongType("upvotes-true", inner={"upvotes": True}, kept={"upvotes": None}),
    WrongType("upvotes-false", inner={"upvotes": False}, kept={"upvotes": None}),
    WrongType("upvotes-fraction", inner={"upvotes": 12.5}, kept={"upvotes": None}),
    WrongType("upvotes-nan", inner={"upvotes": float("nan")}, kept={"upvotes": None}),
    WrongType("upvotes-infinity", inner={"upvotes": float("inf")}, kept={"upvotes": None}),
    WrongType("upvotes-list", inner={"upvotes": [12]}, kept={"upvotes": None}),
    WrongType("upvotes-object", inner={"upvotes": {"count": 12}}, kept={"upvotes": None}),
    WrongType("upvotes-whole-float", inner={"upvotes": 12.0}, kept={"upvotes": 12}),
    WrongType("comments-string", outer={"numComments": "3"}, kept={"comments": None}),
    WrongType("stars-negative", inner={"githubStars": -1}, kept={"github_stars": None}),
    WrongType("published-garbage", inner={"publishedAt": "garbage and more"}, kept={"published_on": None}),
    WrongType("published-number", inner={"publishedAt": 20260201}, kept={"published_on": None}),
    WrongType("published-no-such-day", inner={"publishedAt": "2026-13-45T00:00:00Z"}, kept={"published_on": None}),
    WrongType("published-fullwidth", inner={"publishedAt": "\uff12\uff10\uff12\uff16-02-01"},
              kept={"published_on": None}),
    WrongType("published-list", inner={"publishedAt": ["2026-02-01"]}, kept={"published_on": None}),
    WrongType("daily-object", inner={"submittedOnDailyAt": {"date": "2026-02-01"}}, kept={"daily_date": None}),
    WrongType("github-number", inner={"githubRepo": 12345}, kept={"github_repo": None}),
    WrongType("github-list", inner={"githubRepo": ["https://github.com/a/b"]}, kept={"github_repo": None}),
    WrongType("github-object", inner={"githubRepo": {"url": "https://github.com/a/b"}}, kept={"github_repo": None}),
    WrongType("project-number", inner={"projectPage": 5}, kept={"project_page": None}),
    WrongType("project-object", inner={"projectPage": {"href": "https://example.org"}}, kept={"project_page": None}),
    WrongType("keywords-string", inner={"ai_keywords": "transformers"}, kept={"ai_keywords": ()}),
    WrongType("keywords-mixed", inner={"ai_keywords": [1, None, {"k": 1}, ["x"], "kept"]},
              kept={"ai_keywords": ("kept",)}),
    WrongType("ai-summary-list", inner={"ai_summary": ["A summary."]}, kept={"ai_summary": None}),
    WrongType("ai-summary-number", inner={"ai_summary": 5}, kept={"ai_summary": None}),
    WrongType("summary-object", inner={"summary": {"text": "An abstract."}}, kept={"abstract": ""}),
    WrongType("summary-deep", inner={"summary": DEEP}, kept={"abstract": ""}),
    WrongType("organization-string", outer={"organization": "Plain Org"}, kept={"organization": None}),
    WrongType("organization-bad-names", outer={"organization": {"fullname": 5, "name": ["x"]}},
              kept={"organization": None}),
    WrongType("organization-fallback", outer={"organization": {"fullname": {"x": 1}, "name": "Short Org"}},
              kept={"organization": "Short Org"}),
    WrongType("submitter-string", outer={"submittedBy": "someone"}, kept={"submitter": None}),
    WrongType("submitter-number", outer={"submittedBy": {"name": 5}}, kept={"submitter": None}),
    # Text that is not valid Unicode: a JSON escape of half a surrogate pair.
    WrongType("lone-surrogates", inner={
        "title": "Lone \ud800 surrogate",
        "summary": "Half \ud83d of an emoji.",
        "authors": [{"name": "\udfffAda"}],
        "projectPage": "https://example.org/\udc00project",
        "ai_keywords": ["\ud800", "kept\udbff"],
    }, kept={
        "title": "Lone surrogate",
        "abstract": "Half of an emoji.",
        "authors": ("Ada",),
        "ai_keywords": ("kept",),
    }),
    WrongType("id-lone-surrogate", inner={"id": "2602.00099\ud800"}, skipped="\"id\" '2602.00099' is not an arXiv id"),
]  # fmt: skip

# Items that are not an object, or whose "paper" is not one.
NOT_PAPERS: list[tuple[Any, str]] = [
    (5, "expected an object, found int"),
    ("2406.12345", "expected an object, found str"),
    (None, "expected an object, found NoneType"),
    ([plain_inner(90)], "expected an object, found list"),
    (True, "expected an object, found bool"),
    ({"paper": [plain_inner(91)]}, '"paper" is list, not an object'),
    ({"paper": "2406.12345"}, '"paper" is str, not an object'),
    ({"paper": 5}, '"paper" is int, not an object'),
    ({"paper": None}, 'no paper "id"'),
]

WRONG_NUMBERED = list(enumerate(WRONG_TYPES, start=1))
WRONG_PARAMS = [pytest.param(number, case, id=case.name) for number, case in WRONG_NUMBERED]


def wrong_type_item(number: int, case: WrongType) -> dict[str, Any]:
    inner = {**plain_inner(number), **case.inner}
    return {
        "paper": inner,
        "numComments": 2,
        "organization": {"fullname": "Plain Org"},
        "submittedBy": {"name": "Plain Submitter"},
        **case.outer,
    }


def feed_text(items: list[Any]) -> str:
    """JSON as an API could send it: ASCII escapes (lone surrogates stay escapes), NaN, huge numbers."""
    return json.dumps(items, ensure_ascii=True).replace(json.dumps(HUGE_INT), HUGE_DIGITS)


WRONG_ITEMS = [wrong_type_item(number, case) for number, case in WRONG_NUMBERED] + [item for item, _ in NOT_PAPERS]
WRONG_SKIPS = [
    (position, case.skipped.format(n=number))
    for position, (number, case) in enumerate(WRONG_NUMBERED)
    if case.skipped is not None
] + [(len(WRONG_NUMBERED) + position, reason) for position, (_, reason) in enumerate(NOT_PAPERS)]
WRONG_KEPT = {f"2602.{number:05d}": replace(plain_paper(number), **case.kept)
              for number, case in WRONG_NUMBERED if case.skipped is None}  # fmt: skip


# -- duplicate ids: one row per paper, the later copy wins, marks kept ------------------------

DUP = "2603.00001"


def dup_item(raw_id: str, title: str, **fields: Any) -> dict[str, Any]:
    return {"paper": {"id": raw_id, "title": title, "submittedOnDailyAt": "2026-03-01T00:00:00Z", **fields}}


# Two files imported by one command: every copy of 2603.00001 is the same paper
# (a version suffix or white space around the id is not another paper).
DUP_FILE_1 = [
    dup_item(DUP, "First copy", upvotes=1, ai_summary="Only the first copy has a summary."),
    dup_item("2603.00002", "Another paper"),
    dup_item(f"{DUP}v2", "Second copy [@click=app.quit]x[/]", upvotes=2),
    dup_item(f" {DUP}v3 \n", "Third copy \x1b[31m", upvotes=3, githubRepo="owner/repo"),
    dup_item(f"{DUP}V4", "Refused copy"),  # arXiv versions are a lower-case v
    dup_item(f"{DUP}v2", "Fourth copy \u202e", upvotes=4),
]
DUP_FILE_2 = [
    dup_item(f"{DUP}v9", "Last copy", upvotes=None),
    dup_item("2603.00002v1", "Another paper, again", upvotes=8),
    {**ITEMS[CLICK_NUMBER - 1], "paper": {**ITEMS[CLICK_NUMBER - 1]["paper"], "title": "A later [b]hostile[/b] copy"}},
]
DUP_SKIPS = [(4, f"\"id\" '{DUP}V4' is not an arXiv id")]


# -- ids that look like paths: refused, so no URL built from an id can leave its site ---------

PATH_IDS = [
    "../../etc/passwd", "/tmp/x", "a/b", "..", ".", "/", "~/.ssh/id_rsa", "C:\\x", "C:\\Windows\\win.ini",
    "\\\\evil\\share", "2406.12345/../../x", "2406.12345/..", "2406.12345\\..\\..", "%2e%2e%2f",
    "..%2f..%2fetc%2fpasswd", "2406.12345%2f..", "2406.12345\x00", "2406.12345\x00../../x", "2406.12345\n../../x",
    "2406.12345\r\nHost: evil.example", "file:///etc/passwd", "https://evil.example/2406.12345",
    "//evil.example/2406.12345", "2406.12345?next=https://evil.example", "2406.12345#x", "2406.12345@evil.example",
    "evil.example:443/2406.12345", "hep-th/../../9901001", "hep-th/9901001/../../x", "hep-th/9901001/", "2406.12345/",
    "\uff12\uff14\uff10\uff16.\uff11\uff12\uff13\uff14\uff15", "2406.12345\u202e", "2406.12345\u2028x",
    "2406.123", "2406.123456", "2406.12345v", "2406.12345v2v3", "2406.12345 v2",
]  # fmt: skip
URL_SITES = {
    "Hugging Face": ("huggingface.co", "/papers/"),
    "arXiv": ("arxiv.org", "/abs/"),
    "PDF": ("arxiv.org", "/pdf/"),
}


def assert_id_urls_stay_on_their_sites(paper: Paper) -> None:
    """Each URL made from the id is https://<its site>/<its path>/<id>, the id one or two plain segments."""
    for link in paper.links[:3]:
        host, path = URL_SITES[link.label]
        parts = urlsplit(link.url)
        assert (parts.scheme, parts.hostname, parts.port, parts.username) == ("https", host, None, None), link
        assert parts.path == path + paper.id and not parts.query and not parts.fragment, link
        assert not {".", ".."} & set(parts.path.split("/")), link
        assert re.fullmatch(r"[A-Za-z0-9./-]+", paper.id), paper.id


# -- the whole corpus through `paper-reader import` (the real console script) ------------------


PATH_ITEMS = [{"paper": {**plain_inner(1), "id": raw}} for raw in PATH_IDS]
CORPUS: dict[str, tuple[str, list[tuple[int, str]]]] = {
    "hostile.json": (json.dumps(ITEMS, ensure_ascii=False), []),
    "wrong-types.json": (feed_text(WRONG_ITEMS), WRONG_SKIPS),
    "path-ids.json": (json.dumps(PATH_ITEMS, ensure_ascii=False),
                      [(i, f"\"id\" {clean_line(raw)[:40]!r} is not an arXiv id") for i, raw in enumerate(PATH_IDS)]),
    "duplicates-1.json": (json.dumps(DUP_FILE_1, ensure_ascii=False), DUP_SKIPS),
    "duplicates-2.json": (json.dumps(DUP_FILE_2, ensure_ascii=False), []),
}  # fmt: skip
"""File name: (its text, the (position, reason) of every item the import must skip)."""
CORPUS_PAPERS = len(ITEMS) + len(WRONG_KEPT) + len(DUP_FILE_1) - len(DUP_SKIPS) + len(DUP_FILE_2)
CORPUS_IDS = {paper_id(n) for n, _ in NUMBERED} | set(WRONG_KEPT) | {DUP, "2603.00002"}

HOSTILE_INPUTS = {
    "hostile text items": len(ITEMS),
    "hostile project/GitHub link pairs": len(HOSTILE_URLS),
    "wrong-type items": len(WRONG_TYPES),
    "items that are not papers": len(NOT_PAPERS),
    "path-like ids": len(PATH_IDS),
    "duplicate-id items": len(DUP_FILE_1) + len(DUP_FILE_2),
}


def write_corpus(directory: Path) -> list[Path]:
    directory.mkdir()
    for name, (text, _) in CORPUS.items():
        (directory / name).write_text(text, encoding="utf-8")
    return [directory / name for name in CORPUS]


def assert_plain_stderr(stderr: str) -> None:
    """No traceback, and nothing a terminal would act on."""
    assert "Traceback" not in stderr and "Error:" not in stderr, stderr[-2000:]
    assert not forbidden(stderr), forbidden(stderr)
    assert all(line.startswith("paper-reader: ") for line in stderr.splitlines()), stderr[-2000:]
