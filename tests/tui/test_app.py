"""The real app under Textual's pilot: every pane and every key, on a real library file."""

from __future__ import annotations

import io
import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from rich.console import Console
from textual import events
from textual.widgets import Input, Static

from reader.core.config import Config
from reader.query import PaperFilter
from reader.storage.library import Library
from reader.tui.app import PaperReaderApp
from reader.tui.keys import help_sections
from reader.tui.screens.help import HelpScreen
from reader.tui.screens.main import MainScreen
from reader.tui.widgets.detail import PaperDetail
from reader.tui.widgets.filter_pane import FilterPane
from reader.tui.widgets.paper_list import PaperList
from reader.tui.widgets.toggle_bar import ToggleBar

WIDE = (120, 40)
NARROW = (80, 30)


def detail_text(app: PaperReaderApp) -> str:
    return app.query_one(PaperDetail).plain_text


def screen_text(app: PaperReaderApp) -> str:
    """Every Static of the active screen, rendered to plain text by a real Rich console."""
    console = Console(width=200, record=True, file=io.StringIO())
    for static in app.screen.query(Static):
        console.print(static.content)
    return console.export_text()


def count_text(app: PaperReaderApp) -> str:
    return str(app.query_one("#count", Static).render())


def error_text(app: PaperReaderApp) -> str:
    """The filter's error line, as drawn (empty when the filter parses)."""
    return str(app.query_one("#filter-error", Static).render())


def current_id(app: PaperReaderApp) -> str | None:
    return app.main_screen.current.id if app.main_screen.current else None


@pytest.fixture(autouse=True)
def no_graphical_browser(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests run headless: no display, no configured browser, so links are copied, never opened."""
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "PAPER_READER_BROWSER", "SSH_CONNECTION", "SSH_CLIENT", "SSH_TTY"):
        monkeypatch.delenv(name, raising=False)


class TestLayout:
    async def test_three_panes_visible_at_120x40(self, make_app) -> None:
        app = make_app()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            papers, detail, filters = app.query_one(PaperList), app.query_one(PaperDetail), app.query_one(FilterPane)
            for widget in (papers, detail, filters):
                assert widget.region.width > 0 and widget.region.height > 0
                assert app.screen.region.contains_region(widget.region)
            assert papers.region.x < detail.region.x, "detail beside the list when wide"
            assert papers.region.y == detail.region.y
            assert count_text(app) == "30 of 30 papers"

    async def test_after_first_frame_is_called_once_the_first_screen_is_drawn(self, library: Library) -> None:
        """The command line turns the cycle collector back on there: once, with the first screen drawn."""
        seen: list[tuple[str, bool]] = []
        app = PaperReaderApp(
            library,
            Config(),
            after_first_frame=lambda: seen.append((count_text(app), app.main_screen.is_mounted)),
        )
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            await pilot.press("j")
            await pilot.pause()
        assert seen == [("30 of 30 papers", True)]

    async def test_detail_stacks_under_the_list_when_narrow(self, make_app) -> None:
        app = make_app()
        async with app.run_test(size=NARROW) as pilot:
            await pilot.pause()
            papers, detail = app.query_one(PaperList), app.query_one(PaperDetail)
            assert detail.region.y > papers.region.y
            assert detail.region.height >= 5 and papers.region.height >= 5
            assert count_text(app) == "30 of 30 papers"
            await pilot.resize_terminal(*WIDE)
            await pilot.pause()
            assert papers.region.x < detail.region.x

    async def test_list_row_shows_markers_title_date_votes_and_code(self, make_app, library: Library) -> None:
        app = make_app(mark_read_delay=60)
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            papers = app.query_one(PaperList)
            first = library.list_rows([papers.pks[0]])[papers.pks[0]]
            library.star(first.id)
            papers.refresh_paper(first.pk)
            line = papers.render_line(0).text
            assert line.startswith("● ★ ")
            assert first.title[:20] in line
            assert first.date in line
            assert f"▲{first.upvotes}" in line
            assert ("</>" in line) == first.has_code

    async def test_detail_shows_every_field_and_numbered_links(self, make_app, library: Library) -> None:
        app = make_app()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            # MiniMax Sparse Attention: GitHub repo with stars, organization, 4 comments.
            papers = app.query_one(PaperList)
            target = next(pk for pk in papers.pks if library.paper(pk).id == "2606.13392")
            papers.move_to(papers.pks.index(target))
            await pilot.pause()
            paper = library.paper(target)
            text = detail_text(app)
            assert paper.title in text
            for author in paper.authors:
                assert author in text
            assert "Daily 2026-06-12" in text and f"arXiv {paper.published_on}" in text
            assert "▲ 103 upvotes" in text and "4 comments" in text
            assert "MiniMax-AI/MSA  ★ 251" in text
            assert "MiniMax" in text and paper.submitter in text
            assert paper.ai_summary in text and paper.ai_keywords[0] in text
            assert paper.abstract[:80] in text
            for number, link in enumerate(paper.links, start=1):
                assert f" {number}  {link.label}" in text and link.url in text


class TestMoving:
    async def test_j_k_arrows_g_G_home_end(self, make_app) -> None:
        app = make_app()
        async with app.run_test(size=WIDE) as pilot:
            papers = app.query_one(PaperList)
            await pilot.press("j", "j", "down")
            assert papers.cursor == 3
            await pilot.press("k", "up")
            assert papers.cursor == 1
            await pilot.press("G")
            assert papers.cursor == 29
            await pilot.press("g")
            assert papers.cursor == 0
            await pilot.press("end")
            assert papers.cursor == 29
            await pilot.press("home", "k")
            assert papers.cursor == 0, "k at the top stays at the top"

    async def test_page_down_and_up_keep_the_cursor_on_screen(self, make_app) -> None:
        app = make_app()
        async with app.run_test(size=(120, 20)) as pilot:
            papers = app.query_one(PaperList)
            height = papers.scrollable_content_region.height
            await pilot.press("pagedown")
            assert papers.cursor == height - 1
            await pilot.press("pagedown")
            assert papers.cursor == min(29, 2 * (height - 1))
            assert papers.scroll_y <= papers.cursor < papers.scroll_y + height
            await pilot.press("pageup", "pageup", "pageup")
            assert papers.cursor == 0 and papers.scroll_y == 0

    async def test_detail_follows_the_cursor(self, make_app, library: Library) -> None:
        app = make_app()
        async with app.run_test(size=WIDE) as pilot:
            papers = app.query_one(PaperList)
            await pilot.press("j")
            await pilot.pause()
            assert current_id(app) == library.paper(papers.pks[1]).id
            assert library.paper(papers.pks[1]).title in detail_text(app)

    async def test_enter_and_tab_go_into_the_detail_and_escape_comes_back(self, make_app) -> None:
        app = make_app()
        async with app.run_test(size=WIDE) as pilot:
            assert isinstance(app.focused, PaperList)
            await pilot.press("enter")
            assert isinstance(app.focused, PaperDetail)
            await pilot.press("j")  # scrolls the detail, does not move the list
            assert app.query_one(PaperList).cursor == 0
            await pilot.press("escape")
            assert isinstance(app.focused, PaperList)
            await pilot.press("tab")
            assert isinstance(app.focused, PaperDetail)
            await pilot.press("escape")
            assert isinstance(app.focused, PaperList)

    async def test_mouse_click_selects_and_wheel_scrolls(self, make_app) -> None:
        app = make_app()
        async with app.run_test(size=(120, 20)) as pilot:
            papers = app.query_one(PaperList)
            await pilot.click(PaperList, offset=(5, 4))
            assert papers.cursor == 4
            await pilot.click(PaperDetail)
            await pilot.click(PaperList, offset=(5, 2))
            assert papers.cursor == 2 and app.focused is papers
            # The pilot has no public wheel helper: post the real wheel events through it.
            await pilot._post_mouse_events([events.MouseScrollDown] * 3, PaperList, offset=(5, 2))
            await pilot.pause()
            assert papers.scroll_y > 0

    async def test_n_and_N_jump_between_unread_papers(self, make_app, library: Library) -> None:
        app = make_app(mark_read_delay=60)
        async with app.run_test(size=WIDE) as pilot:
            papers = app.query_one(PaperList)
            for index in (1, 2, 4):
                library.mark_read(library.paper(papers.pks[index]).id)
            await pilot.press("n")
            assert papers.cursor == 3
            await pilot.press("n")
            assert papers.cursor == 5
            await pilot.press("N")
            assert papers.cursor == 3
            await pilot.press("N")
            assert papers.cursor == 0


class TestState:
    async def test_s_stars_and_unstars_and_it_is_saved_at_once(self, make_app, library: Library, home: Path) -> None:
        app = make_app()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.press("j", "s")
            paper_id = current_id(app)
            assert paper_id is not None
            with Library.open(home / "library.db") as other:  # another connection, as after a kill
                assert other.state(paper_id).starred
            assert "★ Starred" in detail_text(app)
            assert "★" in app.query_one(PaperList).render_line(1).text
            await pilot.press("s")
            assert not library.state(paper_id).starred
            assert "☆ Not starred" in detail_text(app)

    async def test_m_toggles_read(self, make_app, library: Library) -> None:
        app = make_app()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.press("j")
            await pilot.pause()
            paper_id = current_id(app)
            assert library.state(paper_id).read, "moved to and shown in the detail pane with no delay: read"
            await pilot.press("m")
            assert not library.state(paper_id).read
            assert app.query_one(PaperList).render_line(1).text.startswith("●")
            await pilot.press("m")
            assert library.state(paper_id).read

    async def test_paper_becomes_read_after_the_configured_delay(self, make_app, library: Library) -> None:
        app = make_app(mark_read_delay=1.5)
        async with app.run_test(size=WIDE) as pilot:
            first = current_id(app)
            assert not library.state(first).read
            await pilot.press("j")  # moved on before the delay: the first stays unread
            second = current_id(app)
            started = time.monotonic()
            await until(pilot, lambda: library.state(second).read)  # the second's timer fired
            assert time.monotonic() - started < 1.5 + 10
            assert not library.state(first).read  # its timer, started earlier, would have fired first

    async def test_enter_marks_read_at_once(self, make_app, library: Library) -> None:
        app = make_app(mark_read_delay=60)
        async with app.run_test(size=WIDE) as pilot:
            await pilot.press("j", "enter")
            assert library.state(current_id(app)).read

    async def test_star_survives_quit_and_restart(self, home: Path, library: Library) -> None:
        app = PaperReaderApp(library, Config(mark_read_delay=0))
        async with app.run_test(size=WIDE) as pilot:
            await pilot.press("j", "j", "s")
            starred = current_id(app)
            await pilot.press("q")
        library.close()
        with Library.open(home / "library.db") as reopened:
            again = PaperReaderApp(reopened, Config(mark_read_delay=0))
            async with again.run_test(size=WIDE) as pilot:
                await pilot.press("S")
                await pilot.pause()
                assert count_text(again) == "1 of 30 papers"
                assert current_id(again) == starred
                assert reopened.state(starred).read


async def burst(app: PaperReaderApp, pilot, keys: list[tuple[str, str | None]]) -> None:
    """Queue keys all at once, as a fast typist, a paste or a slow SSH link delivers them."""
    for key, character in keys:
        app.post_message(events.Key(key, character))
    await pilot.pause()  # every key handled (the screen is idle) ...
    await app.workers.wait_for_complete()  # ... and the searches they started have answered
    await pilot.pause()


async def until(pilot, condition: Callable[[], bool], timeout: float = 20) -> None:
    """Let the app run until `condition()` holds (a timer fired, a worker ended), failing after `timeout` s."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the app never got there"
        await pilot.pause()


class TestKeyBursts:
    async def test_keys_typed_right_after_slash_land_in_the_box(self, make_app) -> None:
        app = make_app()
        async with app.run_test(size=WIDE) as pilot:
            await burst(app, pilot, [("slash", "/"), *[(c, c) for c in "sparse"], ("enter", None), ("j", "j")])
            assert app.query_one("#filter-text", Input).value == "sparse"
            assert app.focused is app.query_one(PaperList)

    async def test_star_after_moving_in_one_burst_stars_the_paper_under_the_cursor(
        self, make_app, library: Library
    ) -> None:
        app = make_app()
        async with app.run_test(size=WIDE) as pilot:
            papers = app.query_one(PaperList)
            await burst(app, pilot, [("j", "j"), ("j", "j"), ("s", "s")])
            third = library.paper(papers.pks[2]).id
            assert library.state(third).starred
            assert not library.state(library.paper(papers.pks[0]).id).starred

    async def test_slash_is_a_character_inside_the_box_and_the_help(self, make_app) -> None:
        app = make_app()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.press("slash", "a", "slash", "b")
            assert app.query_one("#filter-text", Input).value == "a/b"
            await pilot.press("enter", "question_mark", "slash")
            assert isinstance(app.screen, HelpScreen)
            await pilot.press("escape")
            assert not isinstance(app.screen, HelpScreen)


class TestFilter:
    async def test_typing_narrows_the_list_and_enter_returns_to_it(self, make_app, library: Library) -> None:
        app = make_app()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.press("slash")
            assert isinstance(app.focused, Input)
            await pilot.press(*"sparse atten")
            await pilot.pause()
            expected = library.select(PaperFilter(text="sparse atten"))
            assert 0 < len(expected) < 30
            assert app.query_one(PaperList).pks == expected
            assert count_text(app) == f"{len(expected)} of 30 papers"
            await pilot.press("enter")
            assert isinstance(app.focused, PaperList)
            await pilot.press("j")  # keys act on the list again, not the box
            assert app.query_one("#filter-text", Input).value == "sparse atten"

    async def test_filter_matches_authors(self, make_app) -> None:
        app = make_app()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.press("slash", *"casanova")
            await pilot.pause()
            assert count_text(app) == "1 of 30 papers"
            assert current_id(app) == "2606.00467"

    async def test_no_match_says_so_in_the_detail(self, make_app) -> None:
        app = make_app()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.press("slash", *"zzzqqq")
            await pilot.pause()
            assert count_text(app) == "0 of 30 papers"
            assert "No paper here" in detail_text(app)
            await pilot.press("escape", "s")  # nothing to star: a message, no crash
            assert app.main_screen.current is None

    async def test_a_filter_being_typed_keeps_the_list_until_it_is_valid(self, make_app, library: Library) -> None:
        app = make_app()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.press("slash", *"sparse")
            await pilot.pause()
            sparse = app.query_one(PaperList).pks
            assert 0 < len(sparse) < 30
            await pilot.press(*" (atten")  # "(atten" misses its ')': the list stays, nothing is raised
            await pilot.pause()
            assert app.query_one(PaperList).pks == sparse
            assert error_text(app) == "col 8: missing ')'"  # what is wrong, and where
            await pilot.press(*"tion OR minimax)")
            await pilot.pause()
            expected = library.select(PaperFilter(text="sparse (attention OR minimax)"))
            assert app.query_one(PaperList).pks == expected
            assert count_text(app) == f"{len(expected)} of 30 papers"

    async def test_toggles_by_key_and_by_click(self, make_app, library: Library) -> None:
        app = make_app(mark_read_delay=60)
        async with app.run_test(size=WIDE) as pilot:
            with_code = len(library.select(PaperFilter(has_code=True)))
            await pilot.press("C")
            await pilot.pause()
            assert app.query_one(ToggleBar).value("only-code")
            assert "[x] Has code" in str(app.query_one(ToggleBar).render())
            assert count_text(app) == f"{with_code} of 30 papers"
            await pilot.press("s")
            await pilot.press("S")
            await pilot.pause()
            assert count_text(app) == "1 of 30 papers"
            await pilot.click(ToggleBar, offset=(1, 0))  # [x] Starred
            await pilot.click(ToggleBar, offset=(28, 0))  # [x] Has code
            await pilot.pause()
            assert count_text(app) == "30 of 30 papers"
            await pilot.press("escape", "U")
            await pilot.pause()
            assert count_text(app) == "30 of 30 papers"  # nothing read yet (delay 60 s)

    async def test_marking_read_in_unread_view_keeps_the_row_until_the_filter_changes(self, make_app) -> None:
        app = make_app(mark_read_delay=60)
        async with app.run_test(size=WIDE) as pilot:
            await pilot.press("U", "enter")
            await pilot.pause()
            assert count_text(app) == "30 of 30 papers", "no surprise: the row does not vanish under the cursor"

    async def test_cursor_stays_on_the_same_paper_when_the_filter_widens(self, make_app) -> None:
        app = make_app()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.press("slash", *"stickiness", "enter")
            await pilot.pause()
            await pilot.press("slash", "ctrl+u", "enter")
            await pilot.pause()
            assert count_text(app) == "30 of 30 papers"
            assert current_id(app) == "2606.00467"


class TestLinks:
    async def _select(self, app: PaperReaderApp, pilot, paper_id: str) -> None:
        papers = app.query_one(PaperList)
        index = next(i for i, pk in enumerate(papers.pks) if app.library.paper(pk).id == paper_id)
        papers.move_to(index)
        await pilot.pause()

    async def test_o_opens_the_github_repository(self, make_app, browser: Path, wait_for_workers) -> None:
        app = make_app()
        async with app.run_test(size=WIDE) as pilot:
            await self._select(app, pilot, "2606.13392")
            await pilot.press("o")
            await wait_for_workers(app)
            assert browser.read_text() == "https://github.com/MiniMax-AI/MSA\n"

    async def test_h_a_and_numbers_open_the_other_links(self, make_app, browser: Path, wait_for_workers) -> None:
        app = make_app()
        async with app.run_test(size=WIDE) as pilot:
            await self._select(app, pilot, "2606.13681")
            for key in ("h", "a", "3", "5"):
                await pilot.press(key)
                await wait_for_workers(app)
            assert browser.read_text().splitlines() == [
                "https://huggingface.co/papers/2606.13681",
                "https://arxiv.org/abs/2606.13681",
                "https://arxiv.org/pdf/2606.13681",
                "https://aiden0526.github.io/EvoArena/",
            ]

    async def test_without_a_browser_the_link_is_copied_and_shown(self, make_app) -> None:
        app = make_app()
        async with app.run_test(size=WIDE) as pilot:
            await self._select(app, pilot, "2606.13392")
            await pilot.press("o")
            await pilot.pause()
            assert app.clipboard == "https://github.com/MiniMax-AI/MSA"
            messages = [n.message for n in app._notifications]
            assert any("https://github.com/MiniMax-AI/MSA" in m and "copied" in m for m in messages)

    async def test_over_ssh_the_link_is_copied_even_with_a_display(self, make_app, monkeypatch) -> None:
        monkeypatch.setenv("DISPLAY", ":0")
        monkeypatch.setenv("SSH_CONNECTION", "10.0.0.1 5000 10.0.0.2 22")
        app = make_app()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.press("h")
            assert app.clipboard == f"https://huggingface.co/papers/{current_id(app)}"

    async def test_a_failing_browser_falls_back_to_copying(self, make_app, monkeypatch, wait_for_workers) -> None:
        monkeypatch.setenv("PAPER_READER_BROWSER", "false")
        app = make_app()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.press("h")
            await wait_for_workers(app)
            await pilot.pause()
            assert app.clipboard == f"https://huggingface.co/papers/{current_id(app)}"

    async def test_paper_without_repository_says_so(self, make_app, browser: Path) -> None:
        app = make_app()
        async with app.run_test(size=WIDE) as pilot:
            await self._select(app, pilot, "2606.00467")
            await pilot.press("o")
            await pilot.pause()
            assert not browser.exists()
            assert any("no GitHub repository" in n.message for n in app._notifications)

    async def test_missing_link_number_says_so(self, make_app, browser: Path) -> None:
        app = make_app()
        async with app.run_test(size=WIDE) as pilot:
            await self._select(app, pilot, "2606.00467")  # HF, arXiv, PDF only
            await pilot.press("9")
            await pilot.pause()
            assert not browser.exists()
            assert any("there is no link 9" in n.message for n in app._notifications)

    async def test_y_copies_the_papers_link(self, make_app) -> None:
        app = make_app()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.press("j", "y")
            assert app.clipboard == f"https://huggingface.co/papers/{current_id(app)}"


class TestHelpAndKeys:
    async def test_question_mark_shows_every_key_and_escape_closes(self, make_app) -> None:
        app = make_app()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.press("question_mark")
            assert isinstance(app.screen, HelpScreen)
            text = screen_text(app)
            for section, bindings in help_sections():
                assert section in text
                for binding in bindings:
                    assert binding.description in text
            assert str(app.library.path) in text
            keys = text.replace(str(app.library.path), "")  # the temporary path holds this test's name
            assert "left_square_bracket" not in keys and "question_mark" not in keys  # keys as typed: [ ?
            assert re.search(r"\[\s+Earlier day/week/month", keys)
            assert re.search(r"\?\s+Help", keys)
            await pilot.press("escape")
            assert not isinstance(app.screen, HelpScreen)

    async def test_every_binding_has_an_id_and_a_description(self, make_app) -> None:
        app = make_app()
        async with app.run_test(size=WIDE):
            ids = set()
            for owner in (MainScreen, PaperList, PaperDetail, HelpScreen):
                for binding in owner.BINDINGS:
                    assert binding.id, f"{binding.key} of {owner.__name__} has no id"
                    assert binding.description, f"{binding.id} has no description"
                    assert binding.id not in ids, f"{binding.id} used twice"
                    ids.add(binding.id)
            helped = {b.id for _section, bindings in help_sections() for b in bindings}
            missing = {b.id for b in MainScreen.BINDINGS if not b.id.startswith("paper.link_")} - helped
            assert not missing, f"bindings missing from the help screen: {missing}"

    async def test_keymap_from_config_remaps_a_binding(self, make_app, library: Library) -> None:
        app = make_app(keymap={"paper.star": "x"})
        async with app.run_test(size=WIDE) as pilot:
            await pilot.press("x")
            assert library.state(current_id(app)).starred
            await pilot.press("question_mark")
            star_line = next(line for line in screen_text(app).splitlines() if "Star" in line)
            assert star_line.split()[0] == "x"

    async def test_unknown_keymap_id_is_named_in_a_warning(self, make_app) -> None:
        app = make_app(keymap={"paper.stra": "x", "paper.star": "f"})
        async with app.run_test(size=WIDE, notifications=True) as pilot:
            await pilot.pause()
            warnings = [n.message for n in app._notifications if n.severity == "warning"]
            assert len(warnings) == 1 and "paper.stra" in warnings[0] and "paper.star," not in warnings[0]

    async def test_q_quits(self, make_app) -> None:
        app = make_app()
        async with app.run_test(size=WIDE) as pilot:
            assert app.is_running
            await pilot.press("q")
            await pilot.pause()
            assert not app.is_running
        assert app.return_code == 0

    async def test_q_in_the_filter_box_types_a_q(self, make_app) -> None:
        app = make_app()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.press("slash", "q")
            assert app.is_running
            assert app.query_one("#filter-text", Input).value == "q"
