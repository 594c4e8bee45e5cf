"""A screen that holds at any size, and words that do not mislead: the real app under the pilot, as drawn.

What is checked is what the compositor puts on the terminal (toasts and all), row by row and cell by cell.
"""

from __future__ import annotations

import re
import time
from dataclasses import replace

import pytest
import textual.notifications
from conftest import load_fixture
from rich.color import Color
from rich.segment import Segment
from textual.widgets import Input, Static
from textual.widgets._toast import Toast

from reader.core.config import Config
from reader.core.paper import Paper
from reader.query.parser import FIELDS
from reader.sources.hf_api import parse_feed
from reader.storage.library import Library
from reader.tui.app import PaperReaderApp
from reader.tui.screens.help import HelpScreen
from reader.tui.widgets.detail import PaperDetail
from reader.tui.widgets.filter_pane import FilterPane
from reader.tui.widgets.paper_list import PaperList
from reader.tui.widgets.status import StatusLine
from reader.tui.widgets.view_bar import ViewBar

WIDE = (120, 40)
SMALL = (80, 24)
TINY = (60, 20)


def rows(app: PaperReaderApp) -> list[list[Segment]]:
    """The screen as the terminal gets it: one list of segments per row."""
    return [list(strip) for strip in app.screen._compositor.render_strips()]


def row_text(app: PaperReaderApp, y: int) -> str:
    return "".join(segment.text for segment in rows(app)[y])


def cell(app: PaperReaderApp, x: int, y: int) -> Segment:
    """The segment drawn at column x of row y."""
    at = 0
    for segment in rows(app)[y]:
        if at + segment.cell_length > x:
            return segment
        at += segment.cell_length
    raise IndexError((x, y))


def background(app: PaperReaderApp, x: int, y: int) -> Color | None:
    style = cell(app, x, y).style
    return style.bgcolor if style is not None else None


def bar_color(app: PaperReaderApp, x: int, y: int) -> Color | None:
    """The colour of a pane's left bar: `tall` draws it reverse, so as the cell's foreground."""
    segment = cell(app, x, y)
    assert segment.text[0] == "▊", segment
    return segment.style.color if segment.style is not None else None


def box(app: PaperReaderApp) -> Input:
    return app.query_one("#filter-text", Input)


@pytest.fixture(autouse=True)
def no_graphical_browser(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "PAPER_READER_BROWSER"):
        monkeypatch.delenv(name, raising=False)


class TestFilterErrors:
    @pytest.mark.parametrize("size", [WIDE, SMALL], ids=["120x40", "80x24"])
    async def test_an_error_keeps_the_box_and_takes_one_line_of_its_own(self, make_app, size) -> None:
        app = make_app()
        async with app.run_test(size=size) as pilot:
            await pilot.press("slash")
            await pilot.pause()
            width, count = box(app).region.width, app.query_one("#count", Static).region
            await pilot.press(*"foo:bar")
            await pilot.pause()
            assert box(app).region.width == width, "the box keeps its width"
            assert app.query_one("#count", Static).region == count
            error = app.query_one("#filter-error", Static)
            assert error.region.height == 1 and error.region.y >= box(app).region.bottom
            assert error.region.width == app.query_one(FilterPane).region.width
            drawn = row_text(app, error.region.y).rstrip()
            assert drawn.startswith(" col 1: unknown field 'foo:' (fields: title, abstract,")
            assert drawn.endswith("…"), "cut with an ellipsis, on one line"
            full = error.tooltip
            assert isinstance(full, str) and full.startswith("col 1: unknown field 'foo:'")
            assert full.endswith("(fields: " + ", ".join(FIELDS) + ")")
            assert {"org", "age"} <= set(full.split("(fields: ")[1].rstrip(")").split(", "))
            assert re.search(r"\b\d+ of 30 papers\b", row_text(app, count.y + count.height // 2))

    async def test_shorter_errors_move_nothing(self, make_app) -> None:
        app = make_app()
        async with app.run_test(size=SMALL) as pilot:
            await pilot.press("slash", *"(a")
            await pilot.pause()
            regions = [widget.region for widget in (box(app), app.query_one(PaperList), app.query_one(PaperDetail))]
            for keys in (["backspace", "backspace", *"foo:"], ["backspace", *"("], ["right_parenthesis"]):
                await pilot.press(*keys)
                await pilot.pause()
                assert [w.region for w in (box(app), app.query_one(PaperList), app.query_one(PaperDetail))] == regions

    async def test_the_help_holds_the_whole_error(self, make_app) -> None:
        app = make_app()
        async with app.run_test(size=SMALL) as pilot:
            await pilot.press("slash", *"foo:bar", "escape", "question_mark")
            await pilot.pause()
            assert isinstance(app.screen, HelpScreen)
            shown = "".join(str(static.render()) for static in app.screen.query(Static))
            assert "The filter: col 1: unknown field 'foo:' (fields: " + ", ".join(FIELDS) + ")" in shown


class TestSmallTerminals:
    async def test_80x24_gives_the_list_the_room(self, make_app) -> None:
        app = make_app()
        async with app.run_test(size=SMALL) as pilot:
            await pilot.pause()
            assert app.query_one(PaperList).scrollable_content_region.height >= 9
            assert app.query_one(PaperDetail).scrollable_content_region.height >= 9
            assert app.query_one(ViewBar).region.height == 1, "the views stay in sight"

    @pytest.mark.parametrize("size", [SMALL, TINY], ids=["80x24", "60x20"])
    async def test_the_count_is_whole_and_the_box_has_room(self, make_app, size) -> None:
        app = make_app()
        async with app.run_test(size=size) as pilot:
            await pilot.press("S")
            await pilot.pause()
            count = app.query_one("#count", Static).region
            assert "0 of 30 papers" in row_text(app, count.y)
            assert box(app).region.width >= 30, "room to type"
            toggles = app.query_one("#toggles").region
            assert row_text(app, toggles.y)[toggles.x : toggles.right] == "S U C", "the toggles fold to their keys"
            assert cell(app, toggles.x, toggles.y).style != cell(app, toggles.x + 2, toggles.y).style, "S is on"

    async def test_wide_and_tall_keeps_the_whole_filter_bar(self, make_app) -> None:
        app = make_app()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            toggles = app.query_one("#toggles").region
            assert "[ ] Starred  [ ] Unread  [ ] Has code" in row_text(app, toggles.y)
            assert box(app).region.height == 3 and app.screen.query_one("Header").region.height == 1


@pytest.fixture
def toasts_stay(monkeypatch: pytest.MonkeyPatch) -> None:
    """The reader's toasts last 1.5-2 s, less than a loaded machine can take between two keys: on a clock the test
    holds still (Textual 8.2.8: `notifications.time`, and the timer each Toast starts when mounted), they stay."""
    still = time.time()
    monkeypatch.setattr(textual.notifications, "time", lambda: still)
    monkeypatch.setattr(Toast, "_on_mount", lambda toast, event: None)


class TestToasts:
    async def test_the_new_order_is_never_hidden_behind_a_toast(self, make_app, toasts_stay: None) -> None:
        app = make_app()
        async with app.run_test(size=WIDE, notifications=True) as pilot:
            status = app.query_one(StatusLine).region
            for key in ("O", "t", "left_square_bracket", "O"):
                await pilot.press(key)
                await pilot.pause()
                assert app.screen.query(Toast), "a toast is showing"
                drawn = row_text(app, status.y)
                assert drawn.rstrip().endswith(app.main_screen.order.describe()), drawn
                assert drawn.endswith(app.main_screen.order.describe() + " ")

    async def test_toasts_of_one_kind_replace_each_other(self, make_app) -> None:
        app = make_app()
        async with app.run_test(size=WIDE, notifications=True) as pilot:
            for _ in range(3):
                await pilot.press("O")
                await pilot.pause()
            toasts = list(app.screen.query(Toast))
            assert len(toasts) == 1
            assert f"Sorted by {app.main_screen.order.sort.describe()}" in str(toasts[0].render())
            app.notify("first problem", severity="warning")
            app.notify("second problem", severity="warning")
            await pilot.press("s")
            await pilot.pause()
            messages = sorted(n.message for n in app._notifications)
            assert messages == ["Starred", "first problem", "second problem"], "warnings stay; one answer to a key"


class TestFocus:
    async def test_the_focused_pane_has_the_bright_bar_and_the_list_cursor_dims(self, make_app) -> None:
        app = make_app()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            papers, detail = app.query_one(PaperList), app.query_one(PaperDetail)
            y = papers.region.y  # the cursor's row
            bright, dim = bar_color(app, papers.region.x, y), bar_color(app, detail.region.x, y)
            assert bright != dim
            focused_cursor = background(app, papers.region.x + 3, y)
            await pilot.press("tab")
            await pilot.pause()
            assert app.focused is detail
            assert bar_color(app, detail.region.x, y) == bright and bar_color(app, papers.region.x, y) == dim
            blurred_cursor = background(app, papers.region.x + 3, y)
            plain_row = background(app, papers.region.x + 3, y + 1)
            assert blurred_cursor not in (focused_cursor, plain_row), "the cursor still shows, dimmed"
            assert _distance(blurred_cursor, plain_row) < _distance(focused_cursor, plain_row)


def _distance(one: Color | None, other: Color | None) -> int:
    assert one is not None and other is not None
    a, b = one.get_truecolor(), other.get_truecolor()
    return sum(abs(x - y) for x, y in zip(a, b, strict=True))


class TestLinks:
    async def _links_drawn(self, pilot, app: PaperReaderApp, paper_id: str) -> tuple[Paper, list[str]]:
        """Move to the paper; its links' lines as the detail pane wraps them."""
        papers = app.main_screen.paper_list
        rows_by_pk = app.library.list_rows(papers.pks)
        index = [rows_by_pk[pk].id for pk in papers.pks].index(paper_id)
        papers.move_to(index)
        await pilot.pause()
        paper = app.library.paper(papers.pks[index])
        assert paper is not None
        lines = [line.text.rstrip() for line in app.query_one(PaperDetail).lines]
        return paper, lines[lines.index("Links") + 1 :]

    async def test_every_url_fits_under_or_beside_its_label_at_120(self, make_app) -> None:
        app = make_app()
        async with app.run_test(size=WIDE) as pilot:
            paper, drawn = await self._links_drawn(pilot, app, "2606.13681")
            assert len(paper.links) >= 4
            for link in paper.links:
                assert any(link.url in line for line in drawn), (link.url, drawn)
            starts = {line.index("https://") for line in drawn if "https://" in line}
            assert len(starts) == 1, "the URLs start in one column"

    async def test_a_url_too_long_for_any_line_wraps_under_itself(self, library: Library) -> None:
        long_page = "https://example.org/" + "a-very-long-project-page-path/" * 4
        (paper,) = [p for p in parse_feed(load_fixture("hf_daily_2026-06-12.json")).papers if p.id == "2606.13681"]
        library.import_papers([replace(paper, project_page=long_page)])
        app = PaperReaderApp(library, Config(mark_read_delay=0))
        async with app.run_test(size=SMALL) as pilot:
            paper, drawn = await self._links_drawn(pilot, app, paper.id)
            assert paper.project_page == long_page
            first = next(i for i, line in enumerate(drawn) if long_page[:30] in line)
            column = drawn[first].index("https://")
            assert column >= 4, "the URL keeps its column, right of the link's number, never the pane's edge"
            rest = long_page[len(drawn[first]) - column :]
            follow = drawn[first + 1]
            assert follow[:column].strip() == "" and follow[column:].startswith(rest[:20]), drawn
            for link in paper.links[:-1]:
                assert any(link.url in line for line in drawn), "the others fit on their lines"


class TestViewCounts:
    async def test_a_view_shows_its_papers_and_the_unread_part(self, make_app, library: Library,
                                                               wait_for_workers) -> None:  # fmt: skip
        library.mark_read("2606.13681")
        library.mark_read("2606.13392")
        app = make_app(mark_read_delay=60)
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            await wait_for_workers(app)
            for paper_id in ("2606.13681", "2606.13392"):
                library.star(paper_id)
            app.main_screen.views.count_unread_soon(0)
            await pilot.pause()
            await wait_for_workers(app)
            await pilot.pause()
            bar = app.query_one(ViewBar)
            drawn = row_text(app, bar.region.y)
            assert " 3 Starred 2 " in drawn, "two starred papers, both read: 2, not 0"
            assert re.search(r" 1 Today 30 ●28 ", drawn), drawn
            assert re.search(r" 4 Unread ●28 ", drawn), "all unread: one number"
            library.mark_read("2606.13392", False)
            app.main_screen.views.count_unread_soon(0)
            await pilot.pause()
            await wait_for_workers(app)
            await pilot.pause()
            assert " 3 Starred 2 ●1 " in row_text(app, bar.region.y)

    async def test_the_help_says_what_the_numbers_mean(self, make_app) -> None:
        app = make_app()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.press("question_mark")
            await pilot.pause()
            shown = "".join(str(static.render()) for static in app.screen.query(Static))
            assert "Starred 2 ●1 is 2 papers, 1 of them unread" in shown


class TestTheme:
    async def test_an_unknown_theme_names_every_theme_in_one_line(self, library: Library) -> None:
        app = PaperReaderApp(library, Config(theme="no-such-theme", mark_read_delay=0))
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            (warning,) = [n.message for n in app._notifications if n.severity == "warning"]
            assert "\n" not in warning and "'no-such-theme'" in warning
            named = warning.split("(themes: ", 1)[1].rstrip(")").split(", ")
            assert named == sorted(app.available_themes) and {"textual-dark", "nord", "gruvbox"} <= set(named)
