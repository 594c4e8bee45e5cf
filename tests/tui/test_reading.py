"""The reading screen (`f`): a paper's full text, fetched once from a real HTTP server on 127.0.0.1 and stored,
drawn as plain text (never markup), with a table of contents, a find and the scroll keys."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import DEAD_API_URL, FIXTURES
from hf_server import FakeHub

from reader.core.config import Config
from reader.sources.client import ClientSettings
from reader.storage.library import Library
from reader.tui.app import PaperReaderApp
from reader.tui.dialogs.pick import PickScreen
from reader.tui.markdown_text import render_markdown
from reader.tui.screens.main import MainScreen
from reader.tui.screens.reading import ReadingScreen

MINIMAX = "2606.13392"
FULL_TEXT = (FIXTURES / "hf_full_text_2606.13392.md").read_text(encoding="utf-8")
HOSTILE = "\n\nA line with [bold]markup[/bold], [@click=app.quit]a click[/], <b>HTML</b> and \x1b[31mANSI.\n"


def build(library: Library, url: str) -> PaperReaderApp:
    settings = ClientSettings(api_url=url, backoff=0.01, max_backoff=0.02, read_timeout=2)
    return PaperReaderApp(library, Config(mark_read_delay=0, restore_session=False), client_settings=settings)


async def open_reading(app: PaperReaderApp, pilot: Any, paper_id: str = MINIMAX) -> ReadingScreen:
    papers = app.main_screen.paper_list
    papers.move_to(papers.pks.index(app.library.pk_of(paper_id)))
    await pilot.pause()
    await pilot.press("f")
    await pilot.pause()
    assert isinstance(app.screen, ReadingScreen)
    return app.screen


def shown(screen: ReadingScreen) -> list[str]:
    screen.view.finish()
    return [screen.view.line_text(i) for i in range(screen.view.line_count)]


def status(screen: ReadingScreen) -> str:
    return str(screen.query_one("#reading-status").render())


async def test_the_full_text_is_fetched_once_stored_and_drawn(library: Library, hub: FakeHub, wait_for_workers) -> None:
    hub.full_texts[MINIMAX] = FULL_TEXT
    app = build(library, hub.url)
    async with app.run_test(size=(110, 40)) as pilot:
        screen = await open_reading(app, pilot)
        await wait_for_workers(app)
        await pilot.pause()
        lines = shown(screen)
        assert "MiniMax Sparse Attention" in lines
        assert "1 Introduction" in lines  # headings without their #
        assert any(line.startswith("  • a lightweight Index Branch") for line in lines)  # lists, emphasis gone
        assert any("$O(n^2)$" in line for line in lines)  # math as its TeX source
        assert "(Yuan et al., 2025 <https://arxiv.org/abs/2502.11089>)" in " ".join(line.strip() for line in lines)
        assert any(line.startswith("Context │ Compute") for line in lines)  # a table, aligned
        assert any("def select_blocks(scores, k):" in line for line in lines)  # code as written
        await pilot.press("q")
        assert isinstance(app.screen, MainScreen)
    assert library.full_text(MINIMAX) == FULL_TEXT
    assert len(hub.requests_to(f"/papers/{MINIMAX}.md")) == 1

    again = build(library, DEAD_API_URL)  # offline: the stored text opens at once
    async with again.run_test(size=(110, 40)) as pilot:
        screen = await open_reading(again, pilot)
        assert "1 Introduction" in shown(screen)


async def test_markup_ansi_and_html_in_a_full_text_show_literally(library: Library, hub: FakeHub) -> None:
    library.store_full_text(MINIMAX, FULL_TEXT + HOSTILE)
    app = build(library, hub.url)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await open_reading(app, pilot)
        text = "\n".join(shown(screen))
        assert "[bold]markup[/bold], [@click=app.quit]a click[/], <b>HTML</b> and ANSI." in text
        assert "\x1b" not in text
        await pilot.press("G")
        await pilot.pause()
        assert app.is_running  # nothing was clicked or run
    block = render_markdown(HOSTILE)[0]
    assert not block.text.spans  # no style came from the hostile words


async def test_a_missing_full_text_is_one_quiet_line(library: Library, hub: FakeHub, wait_for_workers) -> None:
    app = build(library, hub.url)  # the hub has no full text: 404
    async with app.run_test(size=(110, 40), notifications=True) as pilot:
        screen = await open_reading(app, pilot)
        await wait_for_workers(app)
        await pilot.pause()
        assert "Hugging Face has no full text of this paper" in status(screen)
        assert not app._notifications
    assert library.full_text_missing(MINIMAX)

    offline = build(library, DEAD_API_URL)
    other = next(row.id for row in library.list_rows(library.select()).values() if row.id != MINIMAX)
    async with offline.run_test(size=(110, 40)) as pilot:
        screen = await open_reading(offline, pilot, other)
        await wait_for_workers(offline)
        await pilot.pause()
        assert status(screen) == "full text: offline"


@pytest.mark.slow
async def test_contents_find_and_scrolling(library: Library, hub: FakeHub) -> None:
    long_text = FULL_TEXT + "".join(f"\n\n## Appendix {n}\n\nFiller paragraph {n} about blocks.\n" for n in range(60))
    library.store_full_text(MINIMAX, long_text)
    app = build(library, hub.url)
    async with app.run_test(size=(110, 30)) as pilot:
        screen = await open_reading(app, pilot)
        view = screen.view
        await pilot.press("j", "j")
        assert view.scroll_y == 2
        await pilot.press("G")
        assert view.scroll_y == view.max_scroll_y > 0
        await pilot.press("g")
        assert view.scroll_y == 0
        await pilot.press("space")
        assert view.scroll_y > 10

        await pilot.press("t")
        assert isinstance(app.screen, PickScreen)
        await pilot.press("end", "k", "k")  # the last heading is Appendix 59
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        top = int(view.scroll_y)
        assert "Appendix 57" in [view.line_text(i) for i in range(top, top + view.size.height)]  # near the end
        await pilot.press("t")
        await pilot.press("home", "j", "j", "j", "j", "enter")  # Abstract, 1, 1.1, 2: the fifth heading
        assert screen.headings[4].title == "2 Method"
        top = int(view.scroll_y)
        assert "2 Method" in [view.line_text(i) for i in range(top, top + 5)]

        await pilot.press("slash", *"filler paragraph 4", "enter")
        await pilot.pause()
        assert status(screen).startswith("1 of 11 matches")  # 4, then 40-49: the first below the top line
        first = int(view.scroll_y)
        await pilot.press("n")
        assert status(screen).startswith("2 of 11")
        assert int(view.scroll_y) > first
        assert "Filler paragraph 40 about blocks." in [
            view.line_text(i) for i in range(int(view.scroll_y), int(view.scroll_y) + 5)
        ]
        await pilot.press("N", "N")
        assert status(screen).startswith("11 of 11")  # wraps around
        await pilot.press("slash", *"no such words", "enter")
        assert status(screen) == "No match for 'no such words'"
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)
