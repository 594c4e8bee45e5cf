"""A saved view's text: the filter text and the pane's toggles as one filter that selects the same papers."""

from __future__ import annotations

import pytest

from reader.query.filter import PaperFilter, saved_text
from reader.storage.library import Library


@pytest.mark.parametrize(
    ("paper_filter", "text"),
    [
        (PaperFilter(text="agent", starred_only=True), "agent is:starred"),
        (PaperFilter(text="a OR b", unread_only=True, has_code=True), "(a OR b) is:unread has:code"),
        (PaperFilter(text="a b", unread_only=True), "a b is:unread"),
        (PaperFilter(has_code=True), "has:code"),
        (PaperFilter(starred_only=True, unread_only=True), "is:starred is:unread"),
        (PaperFilter(text=" diffusion "), "diffusion"),
        (PaperFilter(text=" a OR b "), "a OR b"),
        (PaperFilter(text="   ", starred_only=True), "is:starred"),
    ],
)
def test_a_saved_view_holds_the_text_and_the_toggles(paper_filter: PaperFilter, text: str, library: Library) -> None:
    assert saved_text(paper_filter) == text
    assert library.select(PaperFilter(text=text)) == library.select(paper_filter)


@pytest.mark.parametrize("text", ["(a", "upvotes>=x", "a OR"])
def test_malformed_text_is_saved_as_typed_whatever_the_toggles(text: str) -> None:
    assert saved_text(PaperFilter(text=f" {text} ", starred_only=True, has_code=True)) == text
