"""Issue 15's pure domain parts: paper references, unresolved ids, the full text's outline, linked repositories."""

from __future__ import annotations

import pytest
from conftest import FIXTURES

from reader.core.full_text import Heading, find_all, outline
from reader.core.linked import LinkedRepo, LinkedRepos
from reader.core.paper import (
    Paper,
    is_unresolved_id,
    normalize_stored_id,
    paper_id_from_reference,
    title_key,
    unresolved_id,
)


@pytest.mark.parametrize(
    ("reference", "paper_id"),
    [
        ("2401.00001", "2401.00001"),
        (" 2401.00001v3 ", "2401.00001"),
        ("arXiv:2401.00001", "2401.00001"),
        ("https://arxiv.org/abs/2401.00001", "2401.00001"),
        ("https://arxiv.org/abs/2401.00001v2", "2401.00001"),
        ("http://arxiv.org/pdf/2401.00001v2.pdf", "2401.00001"),
        ("https://arxiv.org/pdf/2401.00001", "2401.00001"),
        ("https://arxiv.org/html/2401.00001v1", "2401.00001"),
        ("https://www.arxiv.org/abs/2401.00001?context=cs", "2401.00001"),
        ("https://arxiv.org/abs/hep-th/9901001v2", "hep-th/9901001"),
        ("https://huggingface.co/papers/2606.13392", "2606.13392"),
        ("https://huggingface.co/papers/2606.13392/", "2606.13392"),
        ("https://huggingface.co/papers/2606.13392#community", "2606.13392"),
    ],
)
def test_references_a_user_may_paste(reference: str, paper_id: str) -> None:
    assert paper_id_from_reference(reference) == paper_id


@pytest.mark.parametrize(
    "reference",
    ["", "hello", "https://example.com/abs/2401.00001", "https://arxiv.org/abs/../../etc/passwd",
     "https://huggingface.co/papers/2401.00001/../x", "https://huggingface.co/models/2401.00001",
     "2401.00001\x1b[2J", "local-0123456789abcdef"],
)  # fmt: skip
def test_anything_else_is_no_reference(reference: str) -> None:
    assert paper_id_from_reference(reference) is None


def test_an_unresolved_id_is_stable_and_ignores_case_and_spacing() -> None:
    one = unresolved_id("KazQAD: Kazakh Open-Domain  Question Answering Dataset")
    assert one == unresolved_id("kazqad kazakh open-domain question answering dataset")
    assert one != unresolved_id("KazParC: Kazakh Parallel Corpus")
    assert is_unresolved_id(one) and normalize_stored_id(one) == one
    assert not is_unresolved_id("2401.00001") and normalize_stored_id("2401.00001v2") == "2401.00001"
    assert normalize_stored_id("local-xyz") is None
    assert title_key("A  Study,\n of Kazakh") == "a study of kazakh"


def test_an_unresolved_paper_links_to_a_search_for_its_title() -> None:
    paper = Paper(id=unresolved_id("Sparse [bold]Heads[/bold] & more"), title="Sparse [bold]Heads[/bold] & more")
    assert paper.unresolved
    assert [link.label for link in paper.links] == ["Hugging Face search"]
    assert paper.hf_url == "https://huggingface.co/papers?q=Sparse%20%5Bbold%5DHeads%5B%2Fbold%5D%20%26%20more"
    assert not Paper(id="2401.00001", title="x").unresolved


def test_the_outline_of_a_recorded_full_text() -> None:
    text = (FIXTURES / "hf_full_text_2606.13392.md").read_text(encoding="utf-8")
    headings = outline(text)
    assert [(h.level, h.title) for h in headings] == [
        (1, "MiniMax Sparse Attention"),
        (2, "Abstract"),
        (2, "1 Introduction"),
        (3, "1.1 Contributions"),
        (2, "2 Method"),
        (2, "3 Experiments"),
        (2, "4 Conclusion"),
        (2, "References"),
    ]
    for heading in headings:
        assert text[heading.offset :].startswith("#")
        assert text.split("\n")[heading.line] == text[heading.offset :].split("\n")[0]


def test_the_outline_skips_code_and_reads_setext_headings() -> None:
    text = "Title\n=====\n\n```\n# not a heading\n```\n\nPart\n----\n\n~~~\n## nor this\n~~~\n#nospace\n## Real ##\n"
    assert outline(text) == [
        Heading(1, "Title", 0, 0),
        Heading(2, "Part", text.index("Part"), 7),
        Heading(2, "Real", text.index("## Real"), 14),
    ]


def test_heading_titles_are_clean_lines_and_markup_stays_literal() -> None:
    assert [h.title for h in outline("# [bold]x[/bold] \x1b[2J[@click=app.quit]y[/]\n")] == [
        "[bold]x[/bold] [@click=app.quit]y[/]"
    ]


def test_find_all_ignores_case_and_escapes_the_needle() -> None:
    assert find_all("Sparse sparse SPARSE", "sparse") == [0, 7, 14]
    assert find_all("a.b a+b", ".") == [1]
    assert find_all("x", "  ") == []
    assert len(find_all("a" * 50, "a", limit=10)) == 10


def test_linked_repos_merge_keeps_the_top_first_and_counts_all() -> None:
    top = LinkedRepos(models=(LinkedRepo("model", "a/one"),), total_models=5)
    every = LinkedRepos(models=(LinkedRepo("model", "b/two"), LinkedRepo("model", "a/one")), total_models=2,
                        spaces=(LinkedRepo("space", "c/demo", sdk="gradio"),))  # fmt: skip
    merged = top.merged_with(every)
    assert [r.repo_id for r in merged.models] == ["a/one", "b/two"]
    assert merged.total("model") == 5 and merged.total("space") == 1 and merged.total("dataset") == 0
    assert merged.spaces[0].url == "https://huggingface.co/spaces/c/demo"
    assert LinkedRepo("dataset", "o/d").url == "https://huggingface.co/datasets/o/d"
    assert LinkedRepos().empty and not merged.empty
