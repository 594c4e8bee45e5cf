"""Issue 15's parsers: linked repositories (papers/{id}, arxiv/{id}/repos) and the copied text of a papers page."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from conftest import FIXTURES, load_fixture
from hypothesis import given
from hypothesis import strategies as st

from reader.core.paper import is_unresolved_id, unresolved_id
from reader.sources.hf_api import FeedError, parse_item
from reader.sources.hf_linked import MAX_REPOS_PER_KIND, LinkedError, parse_arxiv_repos, parse_paper_links
from reader.sources.hf_page import PageError, author_count, parse_import_file, parse_papers_page

TODAY = date(2026, 6, 14)


def test_a_recorded_paper_object_gives_its_top_repositories_and_totals() -> None:
    data = load_fixture("hf_paper_2606.13392.json")
    linked = parse_paper_links(data)
    assert [r.repo_id for r in linked.models] == ["MiniMaxAI/MiniMax-M3", "unsloth/MiniMax-M3-GGUF"]
    first = linked.models[0]
    assert (first.likes, first.downloads, first.pipeline_tag, first.author, first.last_modified) == (
        412, 58231, "image-text-to-text", "MiniMaxAI", "2026-06-11"
    )  # fmt: skip
    assert first.url == "https://huggingface.co/MiniMaxAI/MiniMax-M3"
    assert [r.repo_id for r in linked.datasets] == ["MiniMaxAI/MSA-LongContext-Eval"]
    assert linked.spaces[0].sdk == "gradio" and linked.models[0].sdk is None
    assert (linked.total("model"), linked.total("dataset"), linked.total("space")) == (5, 1, 2)
    assert parse_item(data).id == "2606.13392"  # the same object is a paper too


def test_a_recorded_repos_answer_lists_every_repository() -> None:
    linked = parse_arxiv_repos(load_fixture("hf_arxiv_repos_2606.13392.json"))
    assert len(linked.models) == 5 and len(linked.spaces) == 2 and len(linked.datasets) == 1
    assert linked.models[-1].pipeline_tag is None
    merged = parse_paper_links(load_fixture("hf_paper_2606.13392.json")).merged_with(linked)
    assert [r.repo_id for r in merged.models][:2] == ["MiniMaxAI/MiniMax-M3", "unsloth/MiniMax-M3-GGUF"]
    assert merged.total("model") == 5 and merged.total("space") == 2


def test_a_paper_object_without_links_has_none() -> None:
    linked = parse_paper_links({"id": "2401.00001", "title": "x"})
    assert linked.empty


@pytest.mark.parametrize("data", [[], "x", 5, None])
def test_not_an_object_is_a_linked_error(data: Any) -> None:
    with pytest.raises(LinkedError):
        parse_paper_links(data)
    with pytest.raises(LinkedError):
        parse_arxiv_repos(data)


def test_hostile_repositories_are_dropped_or_cleaned() -> None:
    evil = [
        {"id": "../../etc/passwd"},
        {"id": "owner/name/extra"},
        {"id": "a/b\x1b[2J"},
        {"id": "[bold]x[/bold]"},
        {"id": 5},
        "not an object",
        {"id": "ok/model", "likes": "12", "downloads": -1, "pipeline_tag": "\x1b]52;c;ZXZpbA==\x07[@click=app.quit]x",
         "author": "a" * 500, "lastModified": "yesterday"},
        {"id": "ok/model", "likes": 99},  # the same repository twice: the first is kept
        {"id": "owner/a..b"},
    ]  # fmt: skip
    linked = parse_arxiv_repos({"models": evil, "datasets": {"not": "a list"}, "spaces": None})
    assert [r.repo_id for r in linked.models] == ["ok/model"]
    repo = linked.models[0]
    assert repo.likes is None and repo.downloads is None and repo.last_modified is None
    assert repo.pipeline_tag == "[@click=app.quit]x"
    assert repo.author is not None and len(repo.author) == 100
    assert linked.total("model") == len(evil)  # the total counts what Hugging Face listed


def test_repository_lists_are_capped() -> None:
    many = [{"id": f"o/m{n}"} for n in range(MAX_REPOS_PER_KIND + 50)]
    linked = parse_arxiv_repos({"models": many})
    assert len(linked.models) == MAX_REPOS_PER_KIND and linked.total("model") == MAX_REPOS_PER_KIND + 50


# --- the copied text of a papers page ------------------------------------------------------


def test_shape_a_a_daily_listing_with_card_footers() -> None:
    papers = parse_papers_page((FIXTURES / "hf_papers_page_daily.txt").read_text(encoding="utf-8"), TODAY)
    assert [p.title for p in papers] == [
        "KazQAD: Kazakh Open-Domain Question Answering Dataset",
        "Llama-3.1-Sherkala-8B-Chat: An Open Large Language Model for Kazakh",
        "A baseline model for computationally inexpensive speech recognition for Kazakh using the Coqui STT framework",
        "Sparse Retrieval Heads for [bold]Long[/bold] Contexts",
    ]
    assert all(is_unresolved_id(p.id) and p.unresolved for p in papers)
    assert [p.published_on for p in papers] == ["2024-04-06", "2025-03-03", "2021-07-19", "2026-09-29"]
    assert [p.upvotes for p in papers] == [1, 1, None, 2]
    assert [author_count(p) for p in papers] == [5, 35, 1, None]
    assert papers[3].organization == "Example Lab"
    assert papers[3].github_repo == "https://github.com/example-lab/sparse-heads"
    assert papers[0].abstract.startswith("We introduce KazQAD")
    assert papers[0].id == unresolved_id(papers[0].title)


def test_shape_b_a_search_page_of_titles_and_abstracts() -> None:
    papers = parse_papers_page((FIXTURES / "hf_papers_page_search.txt").read_text(encoding="utf-8"), TODAY)
    assert len(papers) > 10
    assert papers[0].title == "Vision-R1: Incentivizing Reasoning Capability in Multimodal Large Language Models"
    assert papers[0].abstract.startswith("DeepSeek-R1-Zero has successfully demonstrated")
    assert all(p.unresolved and p.published_on is None and p.upvotes is None for p in papers)
    assert len({p.id for p in papers}) == len(papers)


@pytest.mark.parametrize(
    "text",
    [
        "My notes\n\nnothing here\n",
        "Get trending papers in your email inbox!\n\nDaily Papers\n\nOne title\n\nits abstract\n\nA stray line\n",
        "Get trending papers in your email inbox!\n\nTitle\n\nAbstract\n\n• 3 authors\n·\nnot a date\n",
        "Get trending papers in your email inbox!\n\n" + "x" * 600 + "\n\nabstract\n",
        "Get trending papers in your email inbox!\n\nDaily Papers\n",
    ],
    ids=["no-header", "odd-lines", "bad-footer", "huge-title", "no-papers"],
)
def test_text_in_no_known_shape_is_a_page_error(text: str) -> None:
    with pytest.raises(PageError):
        parse_papers_page(text, TODAY)


def test_hostile_page_text_is_cleaned_and_stays_literal() -> None:
    text = ("Get trending papers in your email inbox!\n\n\x1b[2JA [@click=app.quit]title[/]\u202e\n\n"
            "An abstract \x1b]52;c;ZXZpbA==\x07with <b>html</b>\n\n  • 2 authors\n·\nMar 3 3\n")  # fmt: skip
    (paper,) = parse_papers_page(text, TODAY)
    assert paper.title == "A [@click=app.quit]title[/]"
    assert paper.abstract == "An abstract with <b>html</b>"
    assert (paper.published_on, paper.upvotes) == ("2026-03-03", 3)
    assert json.loads(paper.raw)["copiedPage"]["authorCount"] == 2


def test_an_import_file_is_read_by_its_content() -> None:
    daily = (FIXTURES / "hf_daily_2026-06-12.json").read_bytes()
    assert len(parse_import_file(daily).papers) == 30
    page = (FIXTURES / "hf_papers_page_daily.txt").read_bytes()
    assert len(parse_import_file(page, TODAY).papers) == 4
    with pytest.raises(FeedError, match=r"^not JSON"):
        parse_import_file(b"my notes, not JSON")
    with pytest.raises(FeedError, match=r"^a copied papers page, but"):
        parse_import_file(b"Get trending papers in your email inbox!\n\nTitle\n\nAbstract\n\nStray\n")


PAGE_PIECES = st.sampled_from(
    ["\n", "\n\n", " ", "·", "• 3 authors", "a title", "Mar 3", ", 2024", " 7", "\x1b[2J", "["]
)


@given(st.lists(PAGE_PIECES, max_size=40).map("".join))
def test_any_text_after_a_header_is_papers_or_a_page_error(body: str) -> None:
    try:
        papers = parse_papers_page("Get trending papers in your email inbox!\n\n" + body, TODAY)
    except PageError:
        return
    for paper in papers:
        assert paper.unresolved and paper.title and paper.title.isprintable()


JSON_VALUES = st.recursive(
    st.none() | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=20,
)


@given(JSON_VALUES)
def test_any_json_is_linked_repositories_or_a_linked_error(data: Any) -> None:
    for parse in (parse_paper_links, parse_arxiv_repos):
        try:
            linked = parse(data)
        except LinkedError:
            continue
        assert all(repo.repo_id.isprintable() for kind in ("model", "dataset", "space") for repo in linked.of(kind))
