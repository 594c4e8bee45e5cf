"""The detail pane under Textual's pilot, on the real app and a real library: content, keys, highlighting, resizing."""

from __future__ import annotations

import copy
import re

import pytest
from conftest import load_fixture
from rich.style import Style
from textual.strip import Strip

from reader.sources.hf_api import parse_feed
from reader.storage.library import Library
from reader.tui.app import PaperReaderApp
from reader.tui.highlight import match_style
from reader.tui.widgets.detail import PaperDetail
from reader.tui.widgets.paper_list import PaperList

WIDE = (120, 40)
HOSTILE_TITLE = "[bold]x[/bold] [/foo] \x1b[31m red [@click=app.quit]y[/]"


def drawn(detail: PaperDetail) -> list[str]:
    """The detail's lines on screen, as drawn."""
    return [detail.render_line(y).text for y in range(detail.scrollable_content_region.height)]


def marked_in(strip: Strip, widget: PaperDetail | PaperList) -> list[str]:
    """The text of the segments drawn in the widget's match style (its background, underlined)."""
    component = "paper-detail--match" if isinstance(widget, PaperDetail) else "paper-list--match"
    match = match_style(widget, component)
    assert match.bgcolor is not None and match.underline
    return [
        segment.text
        for segment in strip
        if segment.style is not None and segment.style.bgcolor == match.bgcolor and segment.style.underline
    ]


def marked_words(detail: PaperDetail) -> list[str]:
    """Every marked word in the whole detail, from its wrapped lines."""
    return [text for line in detail.lines for text in marked_in(line, detail) if text.strip()]


def detail_of(app: PaperReaderApp) -> PaperDetail:
    return app.query_one(PaperDetail)


async def type_filter(pilot, text: str) -> None:
    await pilot.press("slash", *text, "enter")
    await pilot.pause()


class TestContent:
    async def test_the_detail_shows_the_paper_under_the_cursor(self, make_app, library: Library) -> None:
        app = make_app()
        async with app.run_test(size=WIDE) as pilot:
            papers, detail = app.query_one(PaperList), detail_of(app)
            for step in range(3):
                paper = library.paper(papers.pks[step])
                assert detail.plain_text.startswith(paper.title)
                assert paper.title[:30] in drawn(detail)[0]
                await pilot.press("j")
                await pilot.pause()

    async def test_a_hostile_title_shows_literally(self, make_app, library: Library) -> None:
        item = copy.deepcopy(load_fixture("hf_daily_2026-06-12.json")[0])
        item["paper"]["id"] = "2699.00001"
        item["title"] = item["paper"]["title"] = HOSTILE_TITLE
        item["paper"]["upvotes"] = 10_000  # first in the list
        library.import_papers(parse_feed([item]).papers)
        app = make_app()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            detail = detail_of(app)
            assert app.main_screen.current is not None and app.main_screen.current.id == "2699.00001"
            first = drawn(detail)[0]
            assert first.startswith("[bold]x[/bold] [/foo]"), first
            assert "\x1b" not in "".join(drawn(detail))
            assert "[@click=app.quit]y[/]" in detail.plain_text
            for strip in (detail.render_line(y) for y in range(5)):
                for segment in strip:
                    assert segment.style is None or (segment.style.link is None and not segment.style.meta)
            # Filtering for a word of it marks that word, still as plain text.
            await type_filter(pilot, "foo")
            assert drawn(detail)[0].startswith("[bold]x[/bold] [/foo]")
            assert marked_in(detail.render_line(0), detail) == ["foo"]
            await pilot.click(PaperDetail, offset=(2, 0))
            assert app.screen is app.screen_stack[0] and app.is_running

    async def test_no_paper_shows_the_explanation(self, make_app) -> None:
        app = make_app()
        async with app.run_test(size=WIDE) as pilot:
            await type_filter(pilot, "zzzzqqq")
            assert detail_of(app).plain_text == "No paper here. Clear the filter (/) or import papers."
            assert drawn(detail_of(app))[0].startswith("No paper here.")


class TestKeys:
    async def test_scrolling_keys_when_the_detail_is_focused(self, make_app) -> None:
        app = make_app()
        async with app.run_test(size=WIDE) as pilot:
            detail = detail_of(app)
            await pilot.press("enter")
            assert app.focused is detail
            # Enter asks for the linked repositories once the cursor has rested: their line (here, offline)
            # is added to the detail then. Ask now and wait for it, so the keys below scroll the whole detail.
            app.main_screen.around.fetch_now()
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert detail.max_scroll_y > 3, "the first paper is longer than the pane"
            first_lines = drawn(detail)
            await pilot.press("j", "j")
            await pilot.pause()
            assert detail.scroll_y == 2
            assert drawn(detail)[0] == first_lines[2]
            await pilot.press("k")
            await pilot.pause()
            assert detail.scroll_y == 1
            await pilot.press("G")
            await pilot.pause()
            assert detail.scroll_y == detail.max_scroll_y
            assert drawn(detail)[-1] == detail.lines[-1].text
            await pilot.press("g")
            await pilot.pause()
            assert detail.scroll_y == 0
            await pilot.press("space")
            await pilot.pause()
            assert detail.scroll_y == min(detail.max_scroll_y, detail.scrollable_content_region.height)
            # The list did not move, and Tab/Esc go back and forth.
            assert app.query_one(PaperList).cursor == 0
            await pilot.press("escape", "tab")
            assert app.focused is detail

    async def test_a_new_paper_starts_at_the_top_and_a_star_keeps_the_scroll(self, make_app) -> None:
        app = make_app()
        async with app.run_test(size=WIDE) as pilot:
            detail = detail_of(app)
            await pilot.press("enter", "j", "j", "j")
            await pilot.pause()
            assert detail.scroll_y == 3
            await pilot.press("s")  # star: the detail is redrawn in place
            await pilot.pause()
            assert detail.scroll_y == 3 and "★ Starred" in detail.plain_text
            await pilot.press("escape", "j")
            await pilot.pause()
            assert detail.scroll_y == 0


class TestHighlight:
    async def test_a_filter_word_is_marked_in_the_detail_and_the_list(self, make_app) -> None:
        app = make_app()
        async with app.run_test(size=WIDE) as pilot:
            await type_filter(pilot, "model")
            detail, papers = detail_of(app), app.query_one(PaperList)
            words = marked_words(detail)
            assert words, "the matched paper shows its matches"
            assert {word.lower() for word in words} == {"model"}, "the typed prefix, at word starts only"
            # On screen too: the drawn lines (base style applied) keep the match background on the word.
            await pilot.press("enter", "G")
            await pilot.pause()
            on_screen = [m for y in range(detail.size.height) for m in marked_in(detail.render_line(y), detail)]
            assert on_screen and {m.lower() for m in on_screen} == {"model"}
            # Each list row marks every word of its title starting with the word, and nothing else
            # (a title cut with "…" inside a match keeps the shown start of it marked).
            lines = [papers.render_line(y) for y in range(min(len(papers.pks), papers.size.height))]
            assert any(marked_in(line, papers) for line in lines), "some row shows the word"
            for line in lines:
                marks = [text.lower() for text in marked_in(line, papers)]
                whole = len(re.findall(r"(?<![^\W_])model", line.text, re.IGNORECASE))
                assert marks.count("model") == whole
                assert all("model".startswith(mark) for mark in marks) and len(marks) - whole <= 1

    async def test_removing_the_term_removes_the_marks(self, make_app) -> None:
        app = make_app()
        async with app.run_test(size=WIDE) as pilot:
            await type_filter(pilot, "model")
            detail, papers = detail_of(app), app.query_one(PaperList)
            assert marked_words(detail)
            assert any(marked_in(papers.render_line(y), papers) for y in range(5))
            await pilot.press("slash", *["backspace"] * 5, "enter")
            await pilot.pause()
            assert app.main_screen.highlight == ()
            assert marked_words(detail) == []
            assert not any(
                marked_in(papers.render_line(y), papers) for y in range(papers.scrollable_content_region.height)
            )

    async def test_a_phrase_and_a_word_prefix(self, make_app) -> None:
        app = make_app()
        async with app.run_test(size=WIDE) as pilot:
            await type_filter(pilot, '"language model')
            words = marked_words(detail_of(app))
            assert words and all(" ".join(word.lower().split()).startswith("language model") for word in words)

    async def test_a_negated_word_is_not_marked(self, make_app) -> None:
        app = make_app()
        async with app.run_test(size=WIDE) as pilot:
            await type_filter(pilot, "model -diffusion")
            assert app.main_screen.highlight == ("model",)
            assert not any(word.lower().startswith("diffusion") for word in marked_words(detail_of(app)))


class TestResize:
    @pytest.mark.parametrize("size", [(80, 30), (160, 50)])
    async def test_resizing_rewraps_the_text(self, make_app, size: tuple[int, int]) -> None:
        app = make_app()
        async with app.run_test(size=WIDE) as pilot:
            await type_filter(pilot, "model")
            detail = detail_of(app)
            before = len(detail.lines)
            marks = marked_words(detail)
            await pilot.resize_terminal(*size)
            await pilot.pause()
            width = detail.scrollable_content_region.width
            assert all(line.cell_length == width for line in detail.lines)
            assert all(len(text) <= width for text in drawn(detail))
            assert len(detail.lines) != before
            assert detail.virtual_size.height == len(detail.lines)
            assert sorted(m.lower() for m in marked_words(detail)) == sorted(m.lower() for m in marks)
            title = app.main_screen.current.title if app.main_screen.current else ""
            assert " ".join(" ".join(drawn(detail)[:4]).split()).startswith(" ".join(title.split())[:40])


class TestListTitles:
    @pytest.mark.parametrize(
        ("width", "expected_title", "expected_marks"),
        [
            (30, "画像変換モデルの研究", ["画像変換モ"]),
            (10, "画像変換 …", ["画像変換"]),
            (9, "画像変換…", ["画像変換"]),
        ],
    )
    async def test_wide_characters_are_cut_right_and_marked_in_what_shows(
        self, make_app, width: int, expected_title: str, expected_marks: list[str]
    ) -> None:
        app = make_app()
        async with app.run_test(size=WIDE):
            papers = app.query_one(PaperList)
            # A run of CJK is one word to the search (unicode61), so a term matches at the run's start.
            papers.set_highlight(("画像変換モ",))
            segments = papers._title("画像変換モデルの研究", width, Style(), match_style(papers, "paper-list--match"))
            assert "".join(segment.text for segment in segments).rstrip() == expected_title.rstrip()
            assert sum(segment.cell_length for segment in segments) == width
            marks = [segment.text for segment in segments if segment.style and segment.style.underline]
            assert marks == expected_marks
