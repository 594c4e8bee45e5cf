"""Finding papers in the reader: the filter language in the box, sorting, day navigation and saved views.

The real app under the pilot, on a real library of four Daily lists with known answers.
"""

from __future__ import annotations

import time
import tomllib
from pathlib import Path
from typing import Any

import pytest
from conftest import load_fixture
from hf_server import daily_items
from textual.widgets import Input, Static

from reader.core.config import Config
from reader.query import Sort
from reader.sources.hf_api import parse_feed
from reader.storage.library import Library
from reader.tui.app import PaperReaderApp
from reader.tui.dialogs.save_view import SaveViewScreen
from reader.tui.widgets.status import StatusLine
from reader.tui.widgets.view_bar import ViewBar

WIDE = (120, 40)
RECORDED = "hf_daily_2026-06-12.json"
DATES = {"2026-06-12": 30, "2026-06-09": 3, "2026-06-01": 2, "2026-05-20": 1}


@pytest.fixture
def days(library: Library) -> Library:
    """The recorded 2026-06-12 list plus three smaller lists on other days (none between them)."""
    template = load_fixture(RECORDED)
    for day, count in DATES.items():
        if day != "2026-06-12":
            library.import_papers(parse_feed(daily_items(template, day, count, id_prefix=f"25{day[8:]}")).papers)
    return library


def build(library: Library, config_path: Path | None = None, **config: Any) -> PaperReaderApp:
    config.setdefault("mark_read_delay", 0)
    return PaperReaderApp(library, Config(**config), config_path=config_path)


def ids(app: PaperReaderApp) -> list[str]:
    rows = app.library.list_rows(app.main_screen.paper_list.pks)
    return [rows[pk].id for pk in app.main_screen.paper_list.pks]


def dates(app: PaperReaderApp) -> list[str]:
    rows = app.library.list_rows(app.main_screen.paper_list.pks)
    return [rows[pk].date for pk in app.main_screen.paper_list.pks]


def count_text(app: PaperReaderApp) -> str:
    return str(app.query_one("#count", Static).render())


def error_text(app: PaperReaderApp) -> str:
    """The filter's error line, as drawn (empty when the filter parses)."""
    return str(app.query_one("#filter-error", Static).render())


def status(app: PaperReaderApp) -> str:
    return str(app.query_one(StatusLine).render())


async def type_filter(pilot: Any, text: str) -> None:
    await pilot.press("slash", *[{" ": "space"}.get(ch, ch) for ch in text])
    await pilot.pause()


class TestFilterLanguage:
    async def test_fields_and_numbers_narrow_the_list(self, days: Library) -> None:
        app = build(days)
        async with app.run_test(size=WIDE) as pilot:
            await type_filter(pilot, "upvotes>=100")
            assert ids(app) == ["2606.13681", "2606.13392"]
            assert count_text(app) == "2 of 36 papers"

    async def test_a_malformed_query_names_the_column_and_keeps_the_list(self, days: Library) -> None:
        app = build(days)
        async with app.run_test(size=WIDE) as pilot:
            await type_filter(pilot, "upvotes>=100")
            before = ids(app)
            await pilot.press("space", "left_parenthesis", "x")
            await pilot.pause()
            assert error_text(app) == "col 14: missing ')'"
            assert app.query_one("#filter-text", Input).has_class("-invalid")
            assert ids(app) == before
            await pilot.press("right_parenthesis")
            await pilot.pause()
            assert not app.query_one("#filter-text", Input).has_class("-invalid")
            assert count_text(app).endswith("of 36 papers")

    async def test_an_unknown_field_is_explained(self, days: Library) -> None:
        app = build(days)
        async with app.run_test(size=WIDE) as pilot:
            await type_filter(pilot, "foo")
            before = ids(app)
            await pilot.press("colon", "b", "a", "r")
            await pilot.pause()
            assert error_text(app).startswith("col 1: unknown field 'foo:'")
            assert ids(app) == before  # the last good result: "foo"

    async def test_hostile_text_is_a_word_not_markup(self, days: Library) -> None:
        app = build(days)
        async with app.run_test(size=WIDE) as pilot:
            await type_filter(pilot, "[/foo]")
            assert app.is_running
            assert count_text(app).endswith("of 36 papers")  # no letters: matches everything

    async def test_matched_words_are_remembered_for_highlighting(self, days: Library) -> None:
        app = build(days)
        async with app.run_test(size=WIDE) as pilot:
            await type_filter(pilot, 'sparse title:"attention" -video')
            assert app.main_screen.highlight == ("sparse", "attention")
            assert "2606.13392" in ids(app)


class TestSorting:
    async def test_o_cycles_the_order_and_r_reverses_it(self, days: Library) -> None:
        app = build(days)
        async with app.run_test(size=WIDE, notifications=True) as pilot:
            assert status(app).rstrip().endswith("date, newest first · all dates")
            await pilot.press("O")
            assert app.main_screen.order.sort is Sort.UPVOTES
            assert ids(app)[:2] == ["2606.13681", "2606.13392"]
            assert "upvotes, most first" in status(app)
            await pilot.press("r")
            assert "upvotes, fewest first" in status(app)
            upvotes = [row.upvotes for row in (app.library.list_rows(app.main_screen.paper_list.pks)[pk]
                                               for pk in app.main_screen.paper_list.pks)]  # fmt: skip
            known = [u for u in upvotes if u is not None]
            assert known == sorted(known)
            for _ in range(len(Sort) - 1):  # round every order (rising too) back to date
                await pilot.press("O")
            assert app.main_screen.order.sort is Sort.DATE and not app.main_screen.order.reverse
            assert dates(app) == sorted(dates(app), reverse=True)

    async def test_the_paper_under_the_cursor_stays_when_the_order_changes(self, days: Library) -> None:
        app = build(days)
        async with app.run_test(size=WIDE) as pilot:
            await pilot.press("j", "j", "j")
            current = app.main_screen.current.id
            await pilot.press("O", "r")
            assert app.main_screen.current.id == current
            assert ids(app)[app.main_screen.paper_list.cursor] == current


class TestDayNavigation:
    async def test_brackets_step_through_days_that_have_papers(self, days: Library) -> None:
        app = build(days)
        async with app.run_test(size=WIDE, notifications=True) as pilot:
            await pilot.press("left_square_bracket")
            assert set(dates(app)) == {"2026-06-12"} and "Fri 2026-06-12" in status(app)
            await pilot.press("left_square_bracket")
            assert set(dates(app)) == {"2026-06-09"}  # 06-11 and 06-10 are empty: skipped
            await pilot.press("left_square_bracket", "left_square_bracket")
            assert set(dates(app)) == {"2026-05-20"}
            await pilot.press("left_square_bracket")
            assert set(dates(app)) == {"2026-05-20"}
            assert "No earlier papers" in [n.message for n in app._notifications]
            await pilot.press("right_square_bracket")
            assert set(dates(app)) == {"2026-06-01"}

    async def test_T_switches_between_day_week_month_and_all(self, days: Library) -> None:
        app = build(days)
        async with app.run_test(size=WIDE) as pilot:
            await pilot.press("T")
            assert set(dates(app)) == {"2026-06-12"}
            await pilot.press("T")
            assert "week 2026-W24" in status(app)
            assert set(dates(app)) == {"2026-06-12", "2026-06-09"}
            await pilot.press("left_square_bracket")
            assert "week 2026-W23" in status(app) and set(dates(app)) == {"2026-06-01"}
            await pilot.press("T")
            assert "June 2026" in status(app) and set(dates(app)) == {"2026-06-12", "2026-06-09", "2026-06-01"}
            await pilot.press("left_square_bracket")
            assert "May 2026" in status(app) and set(dates(app)) == {"2026-05-20"}
            await pilot.press("T")
            assert "all dates" in status(app) and len(ids(app)) == 36

    async def test_the_span_combines_with_the_filter(self, days: Library) -> None:
        app = build(days)
        async with app.run_test(size=WIDE) as pilot:
            await type_filter(pilot, "upvotes>=100")
            await pilot.press("enter", "left_square_bracket", "left_square_bracket")
            assert ids(app) == []
            assert count_text(app) == "0 of 36 papers"


class TestViews:
    async def test_the_built_in_views_with_unread_counts(self, days: Library, wait_for_workers) -> None:
        days.star("2606.13681")
        days.mark_read("2606.13681")
        app = build(days)
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            await wait_for_workers(app)
            await pilot.pause()
            bar = app.query_one(ViewBar)
            assert [v.name for v in bar.views] == [
                "Today", "This week", "Starred", "Unread", "Has code", "New", "Rising"
            ]  # fmt: skip
            assert bar.unread["Today"] == 29 and bar.unread["Starred"] == 0 and bar.unread["Unread"] == 35
            assert bar.totals["Today"] == 30 and bar.totals["Starred"] == 1 and bar.totals["Unread"] == 35
            text = str(bar.render())  # papers in the view, then ● how many of them are unread
            assert text.startswith("1 Today 30 ●29  2 This week 0  3 Starred 1  4 Unread ●35")

    async def test_v_then_a_number_shows_the_view(self, days: Library) -> None:
        days.star("2606.13392")
        app = build(days)
        async with app.run_test(size=WIDE) as pilot:
            await pilot.press("v", "3")
            assert ids(app) == ["2606.13392"]
            assert app.query_one("#filter-text", Input).value == "is:starred"
            assert app.focused is app.main_screen.paper_list
            assert app.query_one(ViewBar).active == "Starred"

    async def test_counts_follow_state_changes(self, days: Library, wait_for_workers) -> None:
        app = build(days)
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            await wait_for_workers(app)
            await pilot.pause()
            before = app.query_one(ViewBar).unread["Unread"]
            await pilot.press("j", "j")  # shown papers count as read at once (mark_read_delay 0)
            deadline = time.monotonic() + 20  # the recount runs once the changes pause (0.5 s), then in a worker
            while app.query_one(ViewBar).unread["Unread"] != before - 2:  # the two papers shown since
                assert time.monotonic() < deadline, app.query_one(ViewBar).unread
                await wait_for_workers(app)
                await pilot.pause()
            assert app.query_one(ViewBar).unread["Unread"] == before - 2

    async def test_config_views_are_listed_after_the_built_ins(self, days: Library, wait_for_workers) -> None:
        days.mark_read(days.paper(days.select()[0]).id)  # the top paper was read in an earlier session
        app = build(days, views={"Big": "upvotes>=100", "[/] odd": "has:code"})
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            await wait_for_workers(app)
            await pilot.pause()
            bar = app.query_one(ViewBar)
            assert [v.name for v in bar.views][-2:] == ["Big", "[/] odd"]
            assert "8 Big 2 ●1  9 [/] odd 19 ●18" in str(bar.render())  # the top paper, read beforehand, is not unread
            await pilot.press("v", "8")
            assert ids(app) == ["2606.13681", "2606.13392"]

    async def test_saving_the_filter_as_a_view_keeps_the_rest_of_config(self, days: Library, home: Path) -> None:
        config = home / "config.toml"
        config.write_text('# mine\ntheme = "nord"\n\n[keymap]\n"paper.star" = "f"\n')
        app = build(days, config_path=config)
        async with app.run_test(size=WIDE, notifications=True) as pilot:
            await type_filter(pilot, "upvotes>=100 has:code")
            await pilot.press("enter", "V")
            assert isinstance(app.screen, SaveViewScreen)
            await pilot.press(*"Big ones", "enter")
            await pilot.pause()
            assert not isinstance(app.screen, SaveViewScreen)
            text = config.read_text()
            assert text.startswith('# mine\ntheme = "nord"\n')
            assert tomllib.loads(text) == {
                "theme": "nord",
                "keymap": {"paper.star": "f"},
                "views": {"Big ones": "upvotes>=100 has:code"},
            }
            assert app.query_one(ViewBar).views[-1].name == "Big ones"
            assert app.query_one(ViewBar).active == "Big ones"

    async def test_escape_cancels_saving(self, days: Library, home: Path) -> None:
        config = home / "config.toml"
        app = build(days, config_path=config)
        async with app.run_test(size=WIDE) as pilot:
            await type_filter(pilot, "has:code")
            await pilot.press("enter", "V", "x", "escape")
            await pilot.pause()
            assert not isinstance(app.screen, SaveViewScreen)
            assert not config.exists()

    async def test_a_malformed_filter_cannot_be_saved(self, days: Library, home: Path) -> None:
        app = build(days, config_path=home / "config.toml")
        async with app.run_test(size=WIDE, notifications=True) as pilot:
            await type_filter(pilot, "(oops")
            await pilot.press("enter", "V")
            assert not isinstance(app.screen, SaveViewScreen)
            assert any("column 1: missing ')'" in n.message for n in app._notifications)

    async def test_the_palette_lists_views_and_orders(self, days: Library) -> None:
        app = build(days, views={"[@click=app.quit]x[/]": "has:code"})
        async with app.run_test(size=WIDE) as pilot:
            titles = [command.title for command in app.get_system_commands(app.screen)]
            assert "View: Today" in titles and "Sort by upvotes" in titles
            assert "Save the filter as a view" in titles
            await pilot.press("ctrl+p", *"click", "enter")
            await pilot.pause()
            assert app.is_running
            assert app.query_one("#filter-text", Input).value == "has:code"


class TestSearchOffTheUIThread:
    """A big library is searched on the query thread: the same answers, and a stale result never wins."""

    async def test_typing_gives_the_answer_of_the_last_keystroke(self, days: Library, wait_for_workers: Any) -> None:
        app = build(days)
        app.off_thread_papers = 0
        async with app.run_test(size=WIDE) as pilot:
            await type_filter(pilot, "upvotes>=100")
            await wait_for_workers(app)
            await pilot.pause()
            assert ids(app) == ["2606.13681", "2606.13392"]
            assert count_text(app) == "2 of 36 papers"

    async def test_a_result_that_arrives_late_is_dropped(self, days: Library, wait_for_workers: Any) -> None:
        """The query thread is held up while two filters are typed: only the second one's answer shows."""
        import threading

        app = build(days)
        app.off_thread_papers = 0
        async with app.run_test(size=WIDE) as pilot:
            # The first list is asked for after the first refresh: a pause draws it (its callbacks queued), the
            # second runs them (the search's worker starts), and the worker's end is the answer shown.
            await pilot.pause()
            await pilot.pause()
            await wait_for_workers(app)
            before = list(app.main_screen.paper_list.pks)
            assert app.main_screen.search._query_thread is not None
            gate = threading.Event()
            app.main_screen.search._query_thread._executor.submit(gate.wait)
            await type_filter(pilot, "upvotes>=100")
            assert app.main_screen.paper_list.pks == before  # nothing answered yet: the list is kept meanwhile
            await pilot.press(*["backspace"] * 3, "2", "0", "0")
            gate.set()
            await wait_for_workers(app)
            await pilot.pause()
            assert count_text(app) == "0 of 36 papers"
            assert app.main_screen.paper_list.pks == []

    async def test_a_malformed_query_is_named_without_asking_the_thread(self, days: Library) -> None:
        app = build(days)
        app.off_thread_papers = 0
        async with app.run_test(size=WIDE) as pilot:
            await type_filter(pilot, "(diffusion")
            assert error_text(app).startswith("col 1:")
