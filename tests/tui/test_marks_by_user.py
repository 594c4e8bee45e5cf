"""Marks change only when the user acts: the read timer, `m`, and `n`/`N` wrapping (pilot, real library)."""

from __future__ import annotations

import pytest

from reader.core.config import Config
from reader.storage.library import Library
from reader.tui.app import PaperReaderApp
from reader.tui.widgets.paper_list import PaperList

WIDE = (120, 40)


def read_ids(library: Library) -> set[str]:
    return {paper_id for paper_id, marks in library.marks().items() if "read" in marks and marks["read"].on}


def messages(app: PaperReaderApp) -> list[str]:
    return [notification.message for notification in app._notifications]


async def settle(pilot) -> None:
    """Let every message and `call_after_refresh` of the keys so far run (delay 0 marks read within them)."""
    for _ in range(3):
        await pilot.pause()


class TestReadOnlyWhereTheUserWent:
    async def test_the_paper_shown_at_start_is_not_marked_read(self, make_app, library: Library) -> None:
        app = make_app()  # mark_read_delay 0: a timer that started would have marked it at once
        async with app.run_test(size=WIDE) as pilot:
            await settle(pilot)
            assert app.main_screen.current is not None
            assert read_ids(library) == set()
            await pilot.press("j")
            await settle(pilot)
            assert read_ids(library) == {app.main_screen.current.id}, "moving to a paper still reads it"

    async def test_a_filter_a_view_or_a_toggle_moving_the_cursor_marks_nothing(
        self, make_app, library: Library
    ) -> None:
        app = make_app()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.press("slash", *"agent", "enter")
            await settle(pilot)
            await pilot.press("escape", "C")  # clear the text, then only with code: the cursor moves on its own
            await settle(pilot)
            await pilot.press("v", "2")
            await settle(pilot)
            assert read_ids(library) == set()

    async def test_enter_reads_the_paper_shown_at_start(self, make_app, library: Library) -> None:
        app = make_app(mark_read_delay=60)
        async with app.run_test(size=WIDE) as pilot:
            first = app.main_screen.current.id
            await pilot.press("enter")
            assert read_ids(library) == {first}


class TestUnreadStaysUnread:
    async def test_m_unread_survives_the_list_putting_the_cursor_back(self, make_app, library: Library) -> None:
        app = make_app()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.press("j", "k")  # the user went to the top paper: read
            await settle(pilot)
            paper_id = app.main_screen.current.id
            assert library.state(paper_id).read
            await pilot.press("m")
            assert not library.state(paper_id).read
            await pilot.press("S")  # only starred: none, the list is empty
            await settle(pilot)
            assert app.main_screen.current is None
            await pilot.press("S")  # and back: the list puts the cursor on the top paper again
            await settle(pilot)
            assert app.main_screen.current.id == paper_id
            assert not library.state(paper_id).read

    async def test_m_unread_survives_moving_away_and_back(self, make_app, library: Library) -> None:
        app = make_app()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.press("j")
            await settle(pilot)
            paper_id = app.main_screen.current.id
            await pilot.press("m", "j", "k")
            await settle(pilot)
            assert app.main_screen.current.id == paper_id
            assert not library.state(paper_id).read, "marked unread by the user: only Enter or m reads it"
            await pilot.press("enter")
            assert library.state(paper_id).read


class TestNextUnreadWraps:
    @pytest.fixture
    def app(self, library: Library) -> PaperReaderApp:
        return PaperReaderApp(library, Config(mark_read_delay=60))

    async def test_n_wraps_to_the_top_and_says_so(self, app: PaperReaderApp, library: Library) -> None:
        async with app.run_test(size=WIDE, notifications=True) as pilot:
            papers = app.query_one(PaperList)
            for pk in papers.pks[3:]:
                library.mark_read(library.paper(pk).id)
            papers.move_to(5)
            await pilot.press("n")
            assert papers.cursor == 0
            assert "Wrapped to the top" in messages(app)
            assert "No unread papers in this list" not in messages(app)

    async def test_N_wraps_to_the_bottom(self, app: PaperReaderApp, library: Library) -> None:
        async with app.run_test(size=WIDE, notifications=True) as pilot:
            papers = app.query_one(PaperList)
            for pk in papers.pks[:25]:
                library.mark_read(library.paper(pk).id)
            papers.move_to(2)
            await pilot.press("N")
            assert papers.cursor == len(papers.pks) - 1
            assert "Wrapped to the bottom" in messages(app)

    async def test_no_unread_at_all_says_so(self, app: PaperReaderApp, library: Library) -> None:
        async with app.run_test(size=WIDE, notifications=True) as pilot:
            papers = app.query_one(PaperList)
            for pk in papers.pks:
                library.mark_read(library.paper(pk).id)
            await pilot.press("n")
            assert papers.cursor == 0
            assert messages(app) == ["No unread papers in this list"]
