"""Keys never vanish: the `v` mode, Esc on the list, Ctrl+C (pilot, real library)."""

from __future__ import annotations

import io

from rich.console import Console
from textual.widgets import Input

from reader.tui.app import PaperReaderApp
from reader.tui.widgets.footer import KeyFooter
from reader.tui.widgets.paper_list import PaperList
from reader.tui.widgets.view_bar import ViewBar

WIDE = (120, 40)


def messages(app: PaperReaderApp) -> list[str]:
    return [notification.message for notification in app._notifications]


def footer_text(app: PaperReaderApp) -> str:
    return str(app.query_one(KeyFooter).render())


class TestViewMode:
    async def test_a_key_that_is_no_view_number_leaves_the_mode_and_does_its_job(self, make_app) -> None:
        app = make_app(mark_read_delay=60)
        async with app.run_test(size=WIDE) as pilot:
            await pilot.press("v")
            assert isinstance(app.focused, ViewBar)
            await pilot.press("j")
            papers = app.query_one(PaperList)
            assert app.focused is papers
            assert papers.cursor == 1

    async def test_a_view_number_past_the_last_view_says_so(self, make_app) -> None:
        app = make_app(mark_read_delay=60)
        async with app.run_test(size=WIDE, notifications=True) as pilot:
            count = len(app.query_one(ViewBar).views)
            assert count < 9
            await pilot.press("v", "9")
            await pilot.pause()
            assert any("No view 9" in message and str(count) in message for message in messages(app))
            assert app.focused is app.query_one(PaperList), "the mistaken number ends the mode"

    async def test_a_key_with_no_job_says_what_the_mode_takes(self, make_app) -> None:
        app = make_app(mark_read_delay=60)
        async with app.run_test(size=WIDE, notifications=True) as pilot:
            count = len(app.query_one(ViewBar).views)
            await pilot.press("v", "z")  # z has no job anywhere (x exports)
            await pilot.pause()
            assert any("z" in message and f"1-{count}" in message for message in messages(app))
            assert app.focused is app.query_one(PaperList)

    async def test_the_footer_shows_the_modes_keys_while_it_lasts(self, make_app) -> None:
        app = make_app(mark_read_delay=60)
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            assert "Pick a view" not in footer_text(app)
            await pilot.press("v")
            await pilot.pause()
            shown = footer_text(app)
            assert "Pick a view" in shown and "esc back to the list" in shown.lower()
            assert "Star" not in shown, "only the mode's keys"
            await pilot.press("escape")
            await pilot.pause()
            assert "Pick a view" not in footer_text(app) and "Star" in footer_text(app)

    async def test_a_view_number_still_picks_the_view(self, make_app) -> None:
        app = make_app(mark_read_delay=60)
        async with app.run_test(size=WIDE) as pilot:
            await pilot.press("v", "3")
            await pilot.pause()
            bar = app.query_one(ViewBar)
            assert app.query_one("#filter-text", Input).value == bar.views[2].query
            assert app.focused is app.query_one(PaperList)


class TestEscapeAndCtrlC:
    async def test_escape_on_the_list_clears_the_filter_and_a_second_does_nothing(self, make_app) -> None:
        app = make_app(mark_read_delay=60)
        async with app.run_test(size=WIDE) as pilot:
            box = app.query_one("#filter-text", Input)
            await pilot.press("slash", *"agent", "enter")
            await pilot.pause()
            assert app.focused is app.query_one(PaperList) and box.value == "agent"
            shown = len(app.query_one(PaperList).pks)
            assert shown < 30
            await pilot.press("escape")
            await pilot.pause()
            assert box.value == ""
            assert len(app.query_one(PaperList).pks) == 30
            await pilot.press("escape")
            await pilot.pause()
            assert box.value == "" and app.is_running

    async def test_escape_in_the_box_goes_back_to_the_list_keeping_the_text(self, make_app) -> None:
        app = make_app(mark_read_delay=60)
        async with app.run_test(size=WIDE) as pilot:
            await pilot.press("slash", *"agent", "escape")
            await pilot.pause()
            assert app.focused is app.query_one(PaperList)
            assert app.query_one("#filter-text", Input).value == "agent"

    async def test_ctrl_c_quits(self, make_app) -> None:
        app = make_app(mark_read_delay=60)
        async with app.run_test(size=WIDE, notifications=True) as pilot:
            await pilot.press("ctrl+c")
            await pilot.pause()
            assert not app.is_running
            assert not any("quit" in message.lower() for message in messages(app))
        assert app.return_code == 0

    async def test_ctrl_c_quits_from_the_filter_box(self, make_app) -> None:
        app = make_app(mark_read_delay=60)
        async with app.run_test(size=WIDE) as pilot:
            await pilot.press("slash", "a", "ctrl+c")
            await pilot.pause()
            assert not app.is_running


class TestHelpTeachesTheFilterLanguage:
    async def test_help_has_the_cheat_sheet_from_the_parsers_tables_and_ctrl_p(self, make_app) -> None:
        from reader.query.nodes import HAS_FLAGS, IS_FLAGS, TEXT_FIELDS
        from reader.query.parser import COUNTERS, DATE_FORMS, OPERATORS, parse_query
        from reader.tui.screens.help import HelpScreen

        app = make_app(mark_read_delay=60)
        async with app.run_test(size=WIDE) as pilot:
            await pilot.press("question_mark")
            await pilot.pause()
            assert isinstance(app.screen, HelpScreen)
            console = Console(width=200, record=True, file=io.StringIO())
            for static in app.screen.query("Static"):
                console.print(static.content)
            text = console.export_text()
            assert "Filter language" in text and "Ctrl+P" in text
            for name in [*TEXT_FIELDS, "submitter", *COUNTERS, *DATE_FORMS, *OPERATORS]:
                assert name in text, f"{name} is missing from the cheat-sheet"
            for flag in IS_FLAGS:
                assert f"is:{flag}" in text
            for flag in HAS_FLAGS:
                assert f"has:{flag}" in text
            for example in ("age<7d", "(a OR b) c", "upvotes>=50 stars<10", "NOT a  -a"):
                assert example.split("  ")[0] in text
                parse_query(example)  # every example is valid filter text
