"""On restart the reader comes back where it was left (the library's meta table), unless the config says no."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from reader.core.config import Config
from reader.query import Sort
from reader.storage.library import Library
from reader.tui.app import PaperReaderApp
from reader.tui.resume import META_KEY, Place, decode
from reader.tui.widgets.toggle_bar import ToggleBar

WIDE = (120, 40)


async def leave_somewhere(library: Library, **config: object) -> tuple[str, str]:
    """Filter, toggle, sort, reverse, span and move; quit. The paper id under the cursor and the status line."""
    app = PaperReaderApp(library, Config(mark_read_delay=60, **config))
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("slash", *"model", "enter", "C", "O", "r", "left_square_bracket")
        await pilot.pause()
        await pilot.press("j", "j")
        await pilot.pause()
        paper_id = app.main_screen.current.id
        status = app.main_screen.order.describe()
        await pilot.press("q")
    return paper_id, status


async def test_the_reader_comes_back_where_it_was_left(library: Library, home: Path) -> None:
    paper_id, status = await leave_somewhere(library)
    app = PaperReaderApp(library, Config(mark_read_delay=0))
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        await pilot.pause()
        screen = app.main_screen
        assert app.query_one("#filter-text", Input).value == "model"
        assert app.query_one(ToggleBar).value("only-code") and not app.query_one(ToggleBar).value("only-starred")
        assert screen.order.sort is Sort.UPVOTES and screen.order.reverse and screen.order.span is not None
        assert screen.order.describe() == status
        assert screen.current.id == paper_id
        assert not library.state(paper_id).read, "put back by the reader, not chosen: still unread"


async def test_restore_session_false_starts_fresh_and_keeps_nothing(library: Library) -> None:
    await leave_somewhere(library, restore_session=False)
    assert library.get_meta(META_KEY) is None
    library.set_meta(META_KEY, Place(text="model").encode())
    app = PaperReaderApp(library, Config(mark_read_delay=60, restore_session=False))
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        assert app.query_one("#filter-text", Input).value == ""


@pytest.mark.parametrize(
    "stored",
    ["", "{", "[]", '{"text": 1}', Place(sort="nonsense").encode(), Place(span_first="2026-13-99").encode(),
     Place(paper_id="x").encode().replace('"x"', "7"),
     Place().encode().replace('"reverse": false', '"reverse": 0')],
)  # fmt: skip
async def test_a_broken_stored_place_is_ignored(library: Library, stored: str) -> None:
    assert decode(stored) is None
    library.set_meta(META_KEY, stored)
    app = PaperReaderApp(library, Config(mark_read_delay=60))
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        assert app.query_one("#filter-text", Input).value == ""
        assert app.main_screen.current is not None


def test_a_place_reads_back_as_it_was_written() -> None:
    place = Place(text="a ünïcode", has_code=True, sort="stars", reverse=True, step="week", span_first="2026-06-08",
                  paper_pk=3, paper_id="2606.00001")  # fmt: skip
    assert decode(place.encode()) == place
