"""Unit tests for reader.sources.hf_api: real recorded responses and hand-built bad input."""

from __future__ import annotations

import copy
import json
import re
import sys
from pathlib import Path
from typing import Any

import pytest

from reader.core.paper import Paper, is_web_url
from reader.core.text import clean_line
from reader.sources.hf_api import (
    MAX_FILE_NESTING,
    FeedError,
    ItemError,
    ParsedFeed,
    parse_feed,
    parse_feed_text,
    parse_item,
)

FIXTURES = Path(__file__).parent.parent / "fixtures"
DAILY = FIXTURES / "hf_daily_2026-06-12.json"
OLD_ITEM = FIXTURES / "hf_daily_item_2024-10.json"
SEARCH = FIXTURES / "hf_search_kazakh.json"
ALL_FIXTURES = [DAILY, OLD_ITEM, SEARCH]

ESC = "\x1b"
GITHUB_REPO_URL = re.compile(r"https://github\.com/[A-Za-z0-9-]+/[A-Za-z0-9._-]+")
DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def items_of(path: Path) -> list[dict[str, Any]]:
    data = load(path)
    return data if isinstance(data, list) else [data]


def daily_item(paper_id: str) -> dict[str, Any]:
    """A deep copy of one item of the daily fixture, safe to modify."""
    for item in load(DAILY):
        if item["paper"]["id"] == paper_id:
            return copy.deepcopy(item)
    raise LookupError(paper_id)


def minimal_item(paper: dict[str, Any] | None = None, **outer: Any) -> dict[str, Any]:
    inner = {"id": "2401.00001", "title": "A Title"}
    inner.update(paper or {})
    return {"paper": inner, **outer}


def by_id(feed: ParsedFeed) -> dict[str, Paper]:
    return {paper.id: paper for paper in feed.papers}


def text_fields(paper: Paper) -> list[str]:
    fields = [paper.id, paper.title, paper.abstract, *paper.authors, *paper.ai_keywords]
    fields += [
        value
        for value in (
            paper.published_on,
            paper.daily_date,
            paper.github_repo,
            paper.project_page,
            paper.organization,
            paper.submitter,
            paper.ai_summary,
        )
        if value is not None
    ]
    return fields


def has_controls(text: str, *, allow_newline: bool = False) -> bool:
    return any(
        (ord(ch) < 32 and not (allow_newline and ch == "\n"))
        or 0x7F <= ord(ch) <= 0x9F
        or ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
        for ch in text
    )


# --- every fixture -------------------------------------------------------------------------


@pytest.mark.parametrize("path", ALL_FIXTURES, ids=lambda p: p.name)
def test_every_fixture_item_parses(path: Path) -> None:
    items = items_of(path)
    feed = parse_feed_text(path.read_text(encoding="utf-8"))
    assert feed.skipped == []
    assert len(feed.papers) == len(items)
    assert [paper.id for paper in feed.papers] == [item["paper"]["id"] for item in items]


@pytest.mark.parametrize("path", ALL_FIXTURES, ids=lambda p: p.name)
def test_every_fixture_parses_from_bytes_too(path: Path) -> None:
    assert parse_feed_text(path.read_bytes()) == parse_feed_text(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", ALL_FIXTURES, ids=lambda p: p.name)
def test_every_fixture_paper_is_well_formed(path: Path) -> None:
    for item, paper in zip(items_of(path), parse_feed(load(path)).papers, strict=True):
        inner = item["paper"]
        assert paper.id == inner["id"]
        assert paper.title and "\n" not in paper.title and "  " not in paper.title
        assert paper.title == paper.title.strip()
        assert paper.abstract, paper.id
        assert paper.authors and all(paper.authors), paper.id
        assert len(paper.authors) == len(inner["authors"])
        assert paper.published_on == inner["publishedAt"][:10]
        assert paper.upvotes == inner["upvotes"] and paper.upvotes is not None
        assert paper.comments == item["numComments"] and paper.comments is not None
        assert isinstance(paper.ai_keywords, tuple)
        assert paper.ai_keywords == tuple(inner.get("ai_keywords", ()))
        for text in text_fields(paper):
            assert not has_controls(text, allow_newline=True), (paper.id, text)
        assert all(is_web_url(link.url) for link in paper.links)
        if paper.github_repo is not None:
            assert GITHUB_REPO_URL.fullmatch(paper.github_repo), paper.github_repo
        if paper.project_page is not None:
            assert is_web_url(paper.project_page)
        assert json.loads(paper.raw) == item


@pytest.mark.parametrize("path", [DAILY, SEARCH], ids=lambda p: p.name)
def test_fixture_title_matches_the_unwrapped_outer_title(path: Path) -> None:
    for item, paper in zip(items_of(path), parse_feed(load(path)).papers, strict=True):
        assert paper.title == clean_line(item["title"])


def summary_of(papers: list[Paper]) -> list[tuple[Any, ...]]:
    return [(p.id, p.title, p.upvotes, p.comments, p.daily_date, p.authors) for p in papers]


def expected_summary(items: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """What the parser must make of the daily fixture, read straight from its JSON (not through the parser)."""
    return [
        (
            item["paper"]["id"],
            clean_line(item["title"]),
            item["paper"]["upvotes"],
            item["numComments"],
            item["paper"]["submittedOnDailyAt"][:10],
            tuple(author["name"] for author in item["paper"]["authors"]),
        )
        for item in items
    ]


def test_parsing_is_deterministic() -> None:
    """The same papers from the same items: whatever was parsed before, and whatever the order of their keys."""
    items = items_of(DAILY)
    expected = expected_summary(items)
    assert len(expected) == 30 and expected[0][0] == "2606.00467"
    assert summary_of(parse_feed(load(DAILY)).papers) == expected
    parse_feed(load(SEARCH))  # another feed in between leaves nothing behind
    reordered = [{key: item[key] for key in reversed(item)} for item in load(DAILY)]
    for item in reordered:
        item["paper"] = {key: item["paper"][key] for key in reversed(item["paper"])}
    again = parse_feed(reordered)
    assert summary_of(again.papers) == expected
    assert again == parse_feed(load(DAILY))  # and every other field as well


# --- the daily fixture (current schema) ----------------------------------------------------


@pytest.fixture(scope="module")
def daily() -> dict[str, Paper]:
    feed = parse_feed(load(DAILY))
    assert len(feed.papers) == 30
    return by_id(feed)


def test_daily_zero_upvotes_kept_as_zero(daily: dict[str, Paper]) -> None:
    paper = daily["2606.00467"]
    assert paper.upvotes == 0
    assert paper.upvotes is not None


def test_daily_date_from_submitted_on_daily_at(daily: dict[str, Paper]) -> None:
    assert {paper.daily_date for paper in daily.values()} == {"2026-06-12"}


def test_daily_published_on_is_the_arxiv_date_not_the_outer_published_at(daily: dict[str, Paper]) -> None:
    # Outer publishedAt is 2026-05-29T20:00; paper.publishedAt (arXiv) is 2026-05-30.
    assert daily["2606.00467"].published_on == "2026-05-30"


def test_daily_full_paper(daily: dict[str, Paper]) -> None:
    paper = daily["2606.00467"]
    assert paper.title == (
        "On the Limits of LLM Adaptability: Impact of Model-Internalized Priors on Annotation Task Performance"
    )
    assert paper.authors == ("Etienne Casanova", "Rafal Kocielnik", "R. Michael Alvarez")
    assert paper.comments == 2
    assert paper.organization == "California institute of technology"
    assert paper.submitter == "RKocielnik"
    assert paper.github_repo is None
    assert paper.github_stars is None
    assert paper.project_page is None
    assert paper.abstract.startswith("Large Language Models (LLMs) are increasingly used")
    assert paper.ai_summary is not None and paper.ai_summary.startswith("Large language models exhibit")
    assert paper.ai_keywords[:3] == ("zero-shot annotation", "LLM-as-a-judge", "model-internalized priors")
    assert len(paper.ai_keywords) == 14
    assert [link.label for link in paper.links] == ["Hugging Face", "arXiv", "PDF"]


def test_daily_github_repo_and_stars(daily: dict[str, Paper]) -> None:
    paper = daily["2606.13392"]
    assert paper.github_repo == "https://github.com/MiniMax-AI/MSA"
    assert paper.github_stars == 251
    assert paper.has_code
    assert paper.organization == "MiniMax"
    assert paper.upvotes == 103
    assert paper.comments == 4


def test_daily_github_repo_field_wins_over_the_abstract(daily: dict[str, Paper]) -> None:
    # The abstract names .../TRACE_exp first; the githubRepo field names .../tellonce.
    assert daily["2606.13174"].github_repo == "https://github.com/YujunZhou/tellonce"


def test_daily_github_repo_found_in_abstract_when_field_absent(daily: dict[str, Paper]) -> None:
    # githubRepo is absent; the abstract ends "Code at https://github.com/miccunifi/iamcl2r."
    paper = daily["2606.12488"]
    assert paper.github_repo == "https://github.com/miccunifi/iamcl2r"
    assert paper.project_page == "https://niccobiondi.github.io/projects/stationary-tpami/"
    assert [link.label for link in paper.links] == ["Hugging Face", "arXiv", "PDF", "GitHub", "Project page"]


def test_daily_github_io_in_abstract_is_not_a_repo(daily: dict[str, Paper]) -> None:
    assert daily["2606.12303"].github_repo is None
    assert daily["2606.12303"].project_page == "https://zju-xyc.github.io/1D-Fusion-Project-Page/"


def test_daily_every_github_repo_field_is_kept(daily: dict[str, Paper]) -> None:
    for item in load(DAILY):
        repo = item["paper"].get("githubRepo")
        if repo:
            assert daily[item["paper"]["id"]].github_repo == repo


def test_daily_organization_from_outer_fullname(daily: dict[str, Paper]) -> None:
    assert daily["2606.06113"].organization == "Kolors Team, Kuaishou Technology"
    assert daily["2606.11409"].organization == "r-three"
    assert daily["2606.12730"].organization is None


def test_daily_submitter(daily: dict[str, Paper]) -> None:
    for item in load(DAILY):
        assert daily[item["paper"]["id"]].submitter == item["submittedBy"]["name"]


def test_daily_arxiv_paragraph_breaks_are_kept(daily: dict[str, Paper]) -> None:
    # The feed marks paragraphs the arXiv way: "...positioning.\n  Our contributions are twofold."
    paragraphs = daily["2606.09446"].abstract.split("\n\n")
    assert len(paragraphs) == 3
    assert paragraphs[1].startswith("Our contributions are twofold.")
    assert paragraphs[2] == (
        "Data and code are publicly available at: https://malamatenia.github.io/morphology4metrology-analysis."
    )
    assert daily["2606.13120"].abstract.split("\n\n")[1].startswith("In this paper, we introduce EvoBrowseComp")


# --- the old-schema item -------------------------------------------------------------------


@pytest.fixture(scope="module")
def old() -> Paper:
    return parse_item(load(OLD_ITEM))


def test_old_item_hidden_author_is_kept(old: Paper) -> None:
    assert old.authors == ("Zhanchao Zhou", "Tianyi Wu", "Zhiyun Jiang", "Zhenzhong Lan")
    assert load(OLD_ITEM)["paper"]["authors"][0]["hidden"] is True


def test_old_item_hard_wrapped_title_is_one_line(old: Paper) -> None:
    assert "In\n  Transformers" in load(OLD_ITEM)["paper"]["title"]
    assert old.title == "Value Residual Learning For Alleviating Attention Concentration In Transformers"


def test_old_item_hard_wrapped_abstract_is_joined(old: Paper) -> None:
    assert "\n" not in old.abstract
    assert old.abstract.startswith(
        "Transformers can capture long-range dependencies using self-attention, allowing tokens"
    )
    assert old.abstract.endswith("cumulative learning rate.")


def test_old_item_fields(old: Paper) -> None:
    assert old.id == "2410.17897"
    assert old.upvotes == 5
    assert old.comments == 2
    assert old.submitter == "Zcchill"
    assert old.published_on == "2024-10-23"
    # No submittedOnDailyAt, and the outer publishedAt must not stand in for it.
    assert old.daily_date is None
    assert old.organization is None
    assert old.github_repo is None
    assert old.ai_summary is None
    assert old.ai_keywords == ()


def test_old_item_through_parse_feed_text() -> None:
    feed = parse_feed_text(OLD_ITEM.read_text(encoding="utf-8"))
    assert [paper.id for paper in feed.papers] == ["2410.17897"]
    assert feed.skipped == []


# --- the search fixture --------------------------------------------------------------------


@pytest.fixture(scope="module")
def search() -> dict[str, Paper]:
    feed = parse_feed(load(SEARCH))
    assert len(feed.papers) == 9
    return by_id(feed)


def test_search_items_never_on_daily_have_no_daily_date(search: dict[str, Paper]) -> None:
    for item in load(SEARCH):
        assert "submittedOnDailyAt" not in item["paper"]
        assert search[item["paper"]["id"]].daily_date is None


def test_search_zero_counts_kept(search: dict[str, Paper]) -> None:
    paper = search["2403.19399"]
    assert paper.upvotes == 0
    assert paper.comments == 0
    assert search["2404.04487"].upvotes == 1


def test_search_hard_wrapped_title(search: dict[str, Paper]) -> None:
    assert search["2108.01280"].title.startswith(
        "A Study of Multilingual End-to-End Speech Recognition for Kazakh, Russian, a"
    )
    assert search["2107.10637"].title.startswith(
        "A baseline model for computationally inexpensive speech recognition for Kaza"
    )


def test_search_highlighted_fields_are_ignored() -> None:
    """The title and abstract come from `title` and `summary`, never from the highlighted copies beside them."""
    items = items_of(SEARCH)
    assert all("highlightedTitle" in item and "highlightedSummary" in item for item in items)
    for item in items:  # highlighted copies that differ from the plain fields, so taking them would show
        item["highlightedTitle"] = [{"type": "text", "text": "Other "}, {"type": "highlight", "text": "<span>title"}]
        item["highlightedSummary"] = [{"type": "highlight", "text": "<span>Other summary</span>"}]
    papers = parse_feed(items).papers
    assert len(papers) == 9
    for item, paper in zip(items, papers, strict=True):
        assert paper.title == clean_line(item["title"])
        assert paper.abstract and "Other" not in paper.abstract and "<span" not in paper.abstract
        assert "Other" not in paper.title and "<span" not in paper.title


def test_search_items_have_no_submitter_or_organization(search: dict[str, Paper]) -> None:
    assert {paper.submitter for paper in search.values()} == {None}
    assert {paper.organization for paper in search.values()} == {None}


def test_search_ai_keywords_tuple(search: dict[str, Paper]) -> None:
    assert isinstance(search["2404.04487"].ai_keywords, tuple)
    assert search["2404.04487"].ai_keywords
    assert search["2403.19335"].ai_keywords == ()  # the field is absent


# --- GitHub links --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "repo",
    [
        "https://github.com/owner/repo",
        "https://github.com/owner/repo/",
        "https://github.com/owner/repo.git",
        "http://www.github.com/owner/repo/tree/main",
        " https://github.com/owner/repo\n",
        "owner/repo",
    ],
)
def test_github_repo_field_is_normalized(repo: str) -> None:
    assert parse_item(minimal_item({"githubRepo": repo})).github_repo == "https://github.com/owner/repo"


def test_github_repo_from_abstract_when_field_absent() -> None:
    item = daily_item("2606.00467")  # no githubRepo, no projectPage
    summary = "We study X.\nOur code is available at https://github.com/example-org/limits-of-llms."
    item["paper"]["summary"] = item["summary"] = summary
    paper = parse_item(item)
    assert paper.github_repo == "https://github.com/example-org/limits-of-llms"
    assert paper.has_code
    assert paper.links[-1].label == "GitHub"


@pytest.mark.parametrize("field_value", [None, "", "not a repo", "https://gitlab.com/a/b", 42])
def test_github_repo_from_abstract_when_field_unusable(field_value: Any) -> None:
    item = minimal_item({"githubRepo": field_value, "summary": "Code: https://github.com/owner/repo."})
    assert parse_item(item).github_repo == "https://github.com/owner/repo"


def test_github_repo_from_outer_summary_when_paper_has_none() -> None:
    item = minimal_item(summary="Code is at https://github.com/owner/repo.")
    paper = parse_item(item)
    assert paper.abstract == "Code is at https://github.com/owner/repo."
    assert paper.github_repo == "https://github.com/owner/repo"


@pytest.mark.parametrize(
    "project_page",
    ["https://github.com/owner/repo", "https://github.com/owner/repo/"],
)
def test_github_project_page_becomes_the_repo_and_is_not_repeated(project_page: str) -> None:
    paper = parse_item(minimal_item({"projectPage": project_page}))
    assert paper.github_repo == "https://github.com/owner/repo"
    assert [link.label for link in paper.links] == ["Hugging Face", "arXiv", "PDF", "GitHub"]


@pytest.mark.parametrize(
    "project_page",
    [
        "javascript:alert(1)",
        "file:///etc/passwd",
        "data:text/html,<b>x</b>",
        "https://",
        "www.example.com",
        "https://example.com/a b",
        "",
        42,
        ["https://example.com"],
    ],
)
def test_unsafe_or_bad_project_page_is_dropped(project_page: Any) -> None:
    paper = parse_item(minimal_item({"projectPage": project_page}))
    assert paper.project_page is None
    assert [link.label for link in paper.links] == ["Hugging Face", "arXiv", "PDF"]


# --- absent and null fields ----------------------------------------------------------------

OPTIONAL_PAPER_FIELDS = [
    "authors",
    "summary",
    "publishedAt",
    "submittedOnDailyAt",
    "submittedOnDailyBy",
    "upvotes",
    "discussionId",
    "githubRepo",
    "githubStars",
    "projectPage",
    "ai_summary",
    "ai_keywords",
    "organization",
]
OPTIONAL_OUTER_FIELDS = [
    "title",
    "summary",
    "numComments",
    "submittedBy",
    "thumbnail",
    "organization",
    "mediaUrls",
    "isAuthorParticipating",
    "publishedAt",
]


def assert_all_optional_empty(paper: Paper) -> None:
    assert paper.id == "2401.00001"
    assert paper.title == "A Title"
    assert paper.abstract == ""
    assert paper.authors == ()
    assert paper.published_on is None
    assert paper.daily_date is None
    assert paper.upvotes is None
    assert paper.comments is None
    assert paper.github_repo is None
    assert paper.github_stars is None
    assert paper.project_page is None
    assert paper.organization is None
    assert paper.submitter is None
    assert paper.ai_summary is None
    assert paper.ai_keywords == ()


def test_absent_fields() -> None:
    assert_all_optional_empty(parse_item(minimal_item()))


def test_null_fields() -> None:
    item = minimal_item(
        dict.fromkeys(OPTIONAL_PAPER_FIELDS),
        **dict.fromkeys(OPTIONAL_OUTER_FIELDS),
    )
    assert_all_optional_empty(parse_item(item))


@pytest.mark.parametrize("field_name", OPTIONAL_PAPER_FIELDS)
def test_each_paper_field_null_in_a_real_item(field_name: str) -> None:
    item = daily_item("2606.13392")
    item["paper"][field_name] = None
    paper = parse_item(item)
    assert paper.id == "2606.13392"


@pytest.mark.parametrize("field_name", OPTIONAL_PAPER_FIELDS)
def test_each_paper_field_missing_in_a_real_item(field_name: str) -> None:
    item = daily_item("2606.13392")
    item["paper"].pop(field_name, None)
    assert parse_item(item).id == "2606.13392"


@pytest.mark.parametrize("field_name", OPTIONAL_OUTER_FIELDS)
def test_each_outer_field_null_or_missing_in_a_real_item(field_name: str) -> None:
    item = daily_item("2606.13392")
    item[field_name] = None
    assert parse_item(item).id == "2606.13392"
    del item[field_name]
    assert parse_item(item).id == "2606.13392"


def test_null_upvotes_is_none_but_zero_is_zero() -> None:
    assert parse_item(minimal_item({"upvotes": None})).upvotes is None
    assert parse_item(minimal_item({"upvotes": 0})).upvotes == 0
    assert parse_item(minimal_item(numComments=0)).comments == 0
    assert parse_item(minimal_item({"githubStars": 0})).github_stars == 0


def test_title_falls_back_to_outer_title() -> None:
    item = minimal_item({"title": None}, title="Outer\n  Title")
    assert parse_item(item).title == "Outer Title"
    item = minimal_item(title="Outer Title")
    del item["paper"]["title"]
    assert parse_item(item).title == "Outer Title"


def test_abstract_falls_back_to_outer_summary() -> None:
    assert parse_item(minimal_item({"summary": None}, summary="Outer.")).abstract == "Outer."


def test_organization_falls_back_to_paper_organization() -> None:
    item = minimal_item({"organization": {"name": "caltech", "fullname": "Caltech"}})
    assert parse_item(item).organization == "Caltech"


def test_outer_organization_wins() -> None:
    item = minimal_item(
        {"organization": {"name": "inner", "fullname": "Inner Org"}},
        organization={"name": "outer", "fullname": "Outer Org"},
    )
    assert parse_item(item).organization == "Outer Org"


def test_organization_name_when_no_fullname() -> None:
    assert parse_item(minimal_item(organization={"name": "caltech"})).organization == "caltech"


def test_submitter_from_outer_submitted_by() -> None:
    assert parse_item(minimal_item(submittedBy={"name": "someone"})).submitter == "someone"


def test_submitter_prefers_submitted_on_daily_by() -> None:
    item = minimal_item({"submittedOnDailyBy": {"user": "daily-user"}}, submittedBy={"name": "outer-user"})
    assert parse_item(item).submitter == "daily-user"


# --- wrong types ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("paper_fields", "outer_fields", "attribute", "expected"),
    [
        ({"upvotes": "5"}, {}, "upvotes", None),
        ({"upvotes": True}, {}, "upvotes", None),
        ({"upvotes": -3}, {}, "upvotes", None),
        ({"upvotes": 2.5}, {}, "upvotes", None),
        ({"upvotes": 7.0}, {}, "upvotes", 7),
        ({"upvotes": 10**30}, {}, "upvotes", None),
        ({"upvotes": []}, {}, "upvotes", None),
        ({"upvotes": {"count": 5}}, {}, "upvotes", None),
        ({"authors": "Alice, Bob"}, {}, "authors", ()),
        ({"authors": {"name": "Alice"}}, {}, "authors", ()),
        ({"authors": 3}, {}, "authors", ()),
        (
            {"authors": [None, 5, [], {"name": None}, {"name": 7}, {"name": " \n "}, {"hidden": True}]},
            {},
            "authors",
            (),
        ),
        ({"ai_keywords": "a, b"}, {}, "ai_keywords", ()),
        ({"ai_keywords": [1, None, "", "  ", ["y"], {"k": "v"}, " x\n"]}, {}, "ai_keywords", ("x",)),
        ({"githubRepo": 42}, {}, "github_repo", None),
        ({"githubRepo": ["https://github.com/a/b"]}, {}, "github_repo", None),
        ({"githubStars": "12"}, {}, "github_stars", None),
        ({"publishedAt": 20240101}, {}, "published_on", None),
        ({"publishedAt": "2024"}, {}, "published_on", None),
        ({"submittedOnDailyAt": 1718150400}, {}, "daily_date", None),
        ({"submittedOnDailyAt": ""}, {}, "daily_date", None),
        ({"submittedOnDailyAt": "yesterday"}, {}, "daily_date", None),
        ({"submittedOnDailyAt": "12/06/2026 00:00"}, {}, "daily_date", None),
        ({"submittedOnDailyAt": "2026-13-45T00:00:00.000Z"}, {}, "daily_date", None),
        ({"submittedOnDailyAt": "\uff12\uff10\uff12\uff16-06-12T00:00:00Z"}, {}, "daily_date", None),  # fullwidth
        ({"submittedOnDailyAt": "2026-06-12"}, {}, "daily_date", "2026-06-12"),
        ({"submittedOnDailyAt": "2026-06-12T23:59:59.999Z"}, {}, "daily_date", "2026-06-12"),
        ({"summary": ["not", "text"]}, {}, "abstract", ""),
        ({"ai_summary": 5}, {}, "ai_summary", None),
        ({"ai_summary": "  \n\n "}, {}, "ai_summary", None),
        ({"organization": "caltech"}, {}, "organization", None),
        ({}, {"organization": ["caltech"]}, "organization", None),
        ({}, {"organization": {"fullname": 5, "name": "caltech"}}, "organization", "caltech"),
        ({}, {"organization": {"fullname": " \x1b[0m "}}, "organization", None),
        ({}, {"numComments": "2"}, "comments", None),
        ({}, {"numComments": -1}, "comments", None),
        ({}, {"submittedBy": "someone"}, "submitter", None),
        ({}, {"submittedBy": {"name": 5}}, "submitter", None),
        ({"submittedOnDailyBy": ["x"]}, {"submittedBy": {"name": "outer"}}, "submitter", "outer"),
        ({"title": 5}, {"title": "Outer"}, "title", "Outer"),
    ],
)
def test_wrong_types_become_none_or_empty(
    paper_fields: dict[str, Any], outer_fields: dict[str, Any], attribute: str, expected: Any
) -> None:
    paper = parse_item(minimal_item(paper_fields, **outer_fields))
    assert getattr(paper, attribute) == expected
    if expected is None:
        assert getattr(paper, attribute) is None


def test_authors_keep_the_good_entries_among_bad_ones() -> None:
    authors = [None, {"name": "Alice"}, 5, {"name": None}, {"name": "Bob", "hidden": True}]
    assert parse_item(minimal_item({"authors": authors})).authors[:2] == ("Alice", "Bob")


def test_non_finite_numbers_from_json_text() -> None:
    text = (
        '[{"paper": {"id": "2401.00001", "title": "T", "upvotes": NaN, "githubStars": Infinity}, "numComments": 1e400}]'
    )
    paper = parse_feed_text(text).papers[0]
    assert paper.upvotes is None
    assert paper.github_stars is None
    assert paper.comments is None


@pytest.mark.parametrize(
    ("item", "reason_contains"),
    [
        pytest.param(None, "object", id="null-item"),
        pytest.param(5, "object", id="number-item"),
        pytest.param("2401.00001", "object", id="string-item"),
        pytest.param(["2401.00001"], "object", id="list-item"),
        pytest.param(True, "object", id="bool-item"),
        pytest.param({"paper": ["2401.00001"]}, "paper", id="paper-is-list"),
        pytest.param({"paper": "2401.00001"}, "paper", id="paper-is-string"),
        pytest.param({"paper": 5}, "paper", id="paper-is-number"),
        pytest.param({"paper": {"id": 2401.00001, "title": "T"}}, "id", id="id-is-float"),
        pytest.param({"paper": {"id": 240100001, "title": "T"}}, "id", id="id-is-int"),
        pytest.param({"paper": {"id": ["2401.00001"], "title": "T"}}, "id", id="id-is-list"),
        pytest.param({"paper": {"id": None, "title": "T"}}, "id", id="id-is-null"),
        pytest.param({"paper": {"title": "T"}}, "id", id="id-missing"),
        pytest.param({"paper": {}}, "id", id="paper-empty"),
        pytest.param({}, "id", id="item-empty"),
        pytest.param({"paper": {"id": "", "title": "T"}}, "id", id="id-empty"),
        pytest.param({"paper": {"id": "../etc/passwd", "title": "T"}}, "arXiv id", id="id-path"),
        pytest.param({"paper": {"id": "https://arxiv.org/abs/2401.00001", "title": "T"}}, "arXiv id", id="id-url"),
        pytest.param({"paper": {"id": "2401.00001"}}, "2401.00001", id="no-title"),
        pytest.param({"paper": {"id": "2401.00001", "title": None}}, "2401.00001", id="null-title"),
        pytest.param({"paper": {"id": "2401.00001", "title": " \n\t "}}, "2401.00001", id="blank-title"),
        pytest.param({"paper": {"id": "2401.00001", "title": "\x1b[2J\u202e\x00"}}, "title", id="controls-only-title"),
    ],
)
def test_items_that_are_not_papers(item: Any, reason_contains: str) -> None:
    with pytest.raises(ItemError) as excinfo:
        parse_item(item)
    reason = str(excinfo.value)
    assert reason_contains in reason
    assert "\n" not in reason

    feed = parse_feed([item])
    assert feed.papers == []
    assert [position for position, _ in feed.skipped] == [0]
    assert feed.skipped[0][1] == reason


def test_skip_reason_does_not_echo_escape_sequences() -> None:
    item = {"paper": {"id": f"{ESC}]8;;https://evil.example{ESC}\\../../etc{ESC}[2J\u202e", "title": "T"}}
    feed = parse_feed([item])
    assert feed.papers == []
    ((position, reason),) = feed.skipped
    assert position == 0
    assert not has_controls(reason)


def test_skip_reason_is_bounded() -> None:
    feed = parse_feed([{"paper": {"id": "x" * 100_000, "title": "T"}}])
    assert len(feed.skipped[0][1]) < 200


# --- parse_feed: mixed arrays and shapes ---------------------------------------------------


def test_mixed_array_reports_skipped_positions_and_keeps_the_rest() -> None:
    good = load(DAILY)
    data = [
        good[0],  # 0
        42,  # 1
        good[1],  # 2
        {"paper": []},  # 3
        {"paper": {"id": 2401, "title": "T"}},  # 4
        None,  # 5
        good[2],  # 6
        {"paper": {"id": "2401.00001"}},  # 7 (no title)
        {"paper": {"id": "../etc/passwd", "title": "T"}},  # 8
        "a string",  # 9
        minimal_item({"upvotes": "5", "authors": "A, B"}),  # 10: kept, bad fields dropped
    ]
    feed = parse_feed(data)
    assert [position for position, _ in feed.skipped] == [1, 3, 4, 5, 7, 8, 9]
    assert all(isinstance(reason, str) and reason for _, reason in feed.skipped)
    assert [paper.id for paper in feed.papers] == [
        good[0]["paper"]["id"],
        good[1]["paper"]["id"],
        good[2]["paper"]["id"],
        "2401.00001",
    ]
    assert feed.papers[0].upvotes == 0
    assert feed.papers[-1].upvotes is None
    assert feed.papers[-1].authors == ()


def test_mixed_array_through_text() -> None:
    text = json.dumps([minimal_item(), [], minimal_item({"id": "2401.00002v3"})])
    feed = parse_feed_text(text)
    assert [paper.id for paper in feed.papers] == ["2401.00001", "2401.00002"]
    assert [position for position, _ in feed.skipped] == [1]


def test_empty_array_is_an_empty_feed() -> None:
    feed = parse_feed_text("[]")
    assert feed.papers == [] and feed.skipped == []


def test_versioned_id_is_normalized() -> None:
    assert parse_item(minimal_item({"id": "2401.00001v2"})).id == "2401.00001"
    assert parse_item(minimal_item({"id": " hep-th/9901001v1 "})).id == "hep-th/9901001"


def test_flat_paper_object_parses() -> None:
    flat = daily_item("2606.00467")["paper"]
    for feed in (parse_feed(flat), parse_feed_text(json.dumps(flat))):
        assert feed.skipped == []
        (paper,) = feed.papers
        assert paper.id == "2606.00467"
        assert paper.title.startswith("On the Limits of LLM Adaptability")
        assert paper.upvotes == 0
        assert paper.daily_date == "2026-06-12"
        assert paper.published_on == "2026-05-30"
        assert paper.authors == ("Etienne Casanova", "Rafal Kocielnik", "R. Michael Alvarez")
        assert paper.organization == "California institute of technology"
        assert paper.submitter == "RKocielnik"
        assert paper.comments is None  # comments live on the outer item only
        assert json.loads(paper.raw) == flat


def test_flat_paper_object_of_the_old_item_parses() -> None:
    flat = load(OLD_ITEM)["paper"]
    paper = parse_item(flat)
    assert paper.title == "Value Residual Learning For Alleviating Attention Concentration In Transformers"
    assert "Zhanchao Zhou" in paper.authors


@pytest.mark.parametrize(
    "obj",
    [
        pytest.param({}, id="empty-object"),
        pytest.param({"error": "Not Found"}, id="api-error"),
        pytest.param({"paper": []}, id="paper-is-list"),
        pytest.param({"id": "../etc/passwd", "title": "T"}, id="bad-id"),
        pytest.param({"id": "2401.00001"}, id="no-title"),
    ],
)
def test_object_that_is_not_a_paper_raises_feed_error(obj: dict[str, Any]) -> None:
    with pytest.raises(FeedError):
        parse_feed(obj)
    with pytest.raises(FeedError):
        parse_feed_text(json.dumps(obj))


# --- parse_feed_text: not JSON / wrong top level -------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("not json", id="prose"),
        pytest.param("", id="empty"),
        pytest.param("   \n", id="blank"),
        pytest.param("<!DOCTYPE html><html>429 Too Many Requests</html>", id="html"),
        pytest.param('[{"paper": {"id": "2401.00001"', id="truncated"),
        pytest.param("[1, 2,]", id="trailing-comma"),
        pytest.param("{'paper': {}}", id="single-quotes"),
        pytest.param(b"\xff\xfe\xfa garbage", id="undecodable-bytes"),
        pytest.param(b"[\xc3\x28]", id="invalid-utf8"),
    ],
)
def test_not_json_raises_feed_error(text: str | bytes) -> None:
    with pytest.raises(FeedError):
        parse_feed_text(text)


@pytest.mark.parametrize(
    "text",
    ["5", "-1.5", '"2401.00001"', '""', "null", "true", "false", "NaN", "Infinity"],
)
def test_scalar_top_level_raises_feed_error(text: str) -> None:
    with pytest.raises(FeedError):
        parse_feed_text(text)


@pytest.mark.parametrize("data", [5, 1.5, "text", None, True, b"[]", (1, 2)])
def test_parse_feed_refuses_non_container(data: Any) -> None:
    with pytest.raises(FeedError):
        parse_feed(data)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("[" * 100_000, id="unclosed-arrays"),
        pytest.param("[" * 100_000 + "]" * 100_000, id="closed-arrays"),
        pytest.param('{"a":' * 100_000, id="unclosed-objects"),
        pytest.param('{"a":' * 100_000 + "1" + "}" * 100_000, id="closed-objects"),
    ],
)
def test_deeply_nested_json_raises_feed_error_not_recursion_error(text: str) -> None:
    with pytest.raises(FeedError):
        parse_feed_text(text)


def item_with_a_value_nested(depth: int) -> str:
    return json.dumps([minimal_item()])[:-2] + ', "x": ' + "[" * depth + "]" * depth + "}]"


@pytest.mark.parametrize("depth", [10, 200, 500, MAX_FILE_NESTING - 2])  # 2: the array and the item
def test_a_deep_value_inside_an_item_is_read_and_the_paper_kept(depth: int) -> None:
    feed = parse_feed_text(item_with_a_value_nested(depth))
    assert [paper.id for paper in feed.papers] == ["2401.00001"]


@pytest.mark.parametrize("depth", [sys.getrecursionlimit(), 2_000, 100_000])
def test_a_value_nested_past_the_recursion_limit_is_a_feed_error_not_a_recursion_error(depth: int) -> None:
    with pytest.raises(FeedError, match=r"^not JSON \(nested too deeply\)$"):
        parse_feed_text(item_with_a_value_nested(depth))


def test_feed_error_and_item_error_are_value_errors() -> None:
    assert issubclass(FeedError, ValueError)
    assert issubclass(ItemError, ValueError)


# --- untrusted text ------------------------------------------------------------------------


def test_untrusted_text_is_cleaned_in_every_field() -> None:
    item = minimal_item(
        {
            "title": f"{ESC}[31mRed{ESC}[0m \u202eTitle{ESC}]8;;https://evil.example{ESC}\\ link{ESC}]8;;{ESC}\\\x00",
            "summary": f"Para\none{ESC}[2J.\n\n\x9b31mPara two\u2066.",
            "authors": [{"name": f"Ali\x00ce{ESC}]0;pwned\x07"}, {"name": "Bob\u202e", "hidden": True}],
            "ai_summary": "Sum\x1b[1mmary\x07.",
            "ai_keywords": [f"key{ESC}[5mword", "\u2066iso\u2069"],
            "submittedOnDailyBy": {"user": f"user{ESC}[8m"},
            "projectPage": f"https://exa{ESC}[0mmple.com/p",
        },
        organization={"fullname": "Org\x9d0;x\x9c Name\r\n"},
    )
    paper = parse_item(item)
    assert paper.title == "Red Title link"
    assert paper.abstract == "Para one.\n\nPara two."
    assert paper.authors == ("Alice", "Bob")
    assert paper.ai_summary == "Summary."
    assert paper.ai_keywords == ("keyword", "iso")
    assert paper.submitter == "user"
    assert paper.organization == "Org Name"
    assert paper.project_page == "https://example.com/p"
    for text in text_fields(paper):
        assert not has_controls(text, allow_newline=True), text


@pytest.mark.parametrize("title", ["[@click=app.quit]x[/]", "[/]", "[bold]Bold[/bold] claim"])
def test_markup_in_titles_is_kept_literally(title: str) -> None:
    paper = parse_item(minimal_item({"title": title}, title=title))
    assert paper.title == title


def test_markup_in_authors_and_keywords_is_kept_literally() -> None:
    item = minimal_item({"authors": [{"name": "[/]"}], "ai_keywords": ["[@click=app.quit]x[/]"]})
    paper = parse_item(item)
    assert paper.authors == ("[/]",)
    assert paper.ai_keywords == ("[@click=app.quit]x[/]",)


def test_unicode_is_preserved() -> None:
    title = "Қазақ 大型语言模型 \U0001f468\u200d\U0001f469\u200d\U0001f467 café"
    paper = parse_feed_text(json.dumps([minimal_item({"title": title})], ensure_ascii=True)).papers[0]
    assert paper.title == title
    assert json.loads(paper.raw)["paper"]["title"] == title


def test_a_number_too_long_for_python_costs_only_its_field() -> None:
    """json.loads raises a plain ValueError for integers of over 4,300 digits; one counter must not sink the file."""
    feed = parse_feed_text(b'[{"paper": {"id": "2401.00001", "title": "T", "upvotes": ' + b"9" * 5000 + b"}}]")
    (paper,) = feed.papers
    assert (paper.id, paper.title, paper.upvotes) == ("2401.00001", "T", None)


def test_a_lone_surrogate_is_dropped_and_the_paper_can_be_stored(tmp_path: Path) -> None:
    """JSON may escape half a UTF-16 pair ("\\ud800"); Python decodes it, but no UTF-8 text (no SQLite row) holds it."""
    from reader.storage.library import Library

    feed = parse_feed_text(b'[{"paper": {"id": "2401.00001", "title": "A\\ud800B", "authors": ["\\udfffC"]}}]')
    (paper,) = feed.papers
    assert (paper.title, paper.authors) == ("AB", ("C",))
    with Library.open(tmp_path / "library.db") as library:
        library.import_papers(feed.papers)
        stored = library._paper_by_id("2401.00001")
    assert stored is not None and stored.title == "AB"
    assert json.loads(stored.raw)["paper"]["title"] == "A\ud800B"  # the raw JSON keeps it, escaped
