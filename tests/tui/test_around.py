"""Issue 15 in the reader: what changed (new, rising, upvote movement) and the linked repositories of the paper in
the detail pane, fetched from a real HTTP server on 127.0.0.1. The real app under the pilot throughout."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from conftest import DEAD_API_URL, load_fixture
from hf_server import FakeHub
from textual.widgets import Input

from reader.core.config import Config
from reader.core.linked import REPO_KINDS
from reader.core.paper import Paper, unresolved_id
from reader.query import Sort
from reader.sources.client import ClientSettings
from reader.storage.library import Library
from reader.tui import around
from reader.tui.app import PaperReaderApp
from reader.tui.dialogs.add import AddPaperScreen
from reader.tui.dialogs.pick import PickScreen
from reader.tui.widgets.paper_list import NEW_MARK, ONLINE_MARK, UNRESOLVED_MARK

WIDE = (130, 50)
MINIMAX = "2606.13392"


def build(library: Library, url: str, **config: Any) -> PaperReaderApp:
    config.setdefault("mark_read_delay", 0)
    config.setdefault("restore_session", False)
    settings = ClientSettings(api_url=url, backoff=0.01, max_backoff=0.02, read_timeout=2)
    return PaperReaderApp(library, Config(**config), client_settings=settings)


async def select(app: PaperReaderApp, pilot: Any, paper_id: str) -> None:
    papers = app.main_screen.paper_list
    for index, pk in enumerate(papers.pks):
        if app.library.list_rows([pk])[pk].id == paper_id:
            papers.move_to(index)
            await pilot.pause()
            return
    raise AssertionError(f"{paper_id} not in the list")


def line_of(app: PaperReaderApp, paper_id: str) -> str:
    papers = app.main_screen.paper_list
    index = next(i for i, pk in enumerate(papers.pks) if app.library.list_rows([pk])[pk].id == paper_id)
    papers.scroll_to(y=index, animate=False, immediate=True)
    return papers.render_line(index - int(papers.scroll_y)).text


@pytest.fixture(autouse=True)
def rest_ends_only_when_told(monkeypatch: pytest.MonkeyPatch) -> None:
    """No cursor rest ends by itself: a loaded machine could outrun the 0.4 s rest before a test looks, so every
    linked fetch here starts from `fetch_at_once`."""
    monkeypatch.setattr(around, "REST_BEFORE_FETCH", 3600.0)


async def fetch_at_once(app: PaperReaderApp, wait_for_workers: Any) -> None:
    """The linked-repositories fetch waits for the cursor to rest: start it now and wait for it to end."""
    around_paper = app.main_screen.around
    assert around_paper.waiting, "no fetch was waiting for the cursor to rest"
    around_paper.fetch_now()
    await wait_for_workers(app)


def served(hub: FakeHub) -> FakeHub:
    hub.papers[MINIMAX] = load_fixture("hf_paper_2606.13392.json")
    hub.repos[MINIMAX] = load_fixture("hf_arxiv_repos_2606.13392.json")
    return hub


# --- what changed ---------------------------------------------------------------------------


async def test_papers_stored_since_the_last_session_are_marked_new_and_the_session_is_recorded(
    library: Library, hub: FakeHub
) -> None:
    library.end_session("2000-01-01T00:00:00.000Z")  # the reader was last open long before these were stored
    library.import_papers([Paper(id=unresolved_id("A copied paper"), title="A copied paper")])
    app = build(library, hub.url)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        first = app.main_screen.paper_list.render_line(0).text
        assert first.startswith(NEW_MARK), first  # its own marker, not unread's "●"
        assert UNRESOLVED_MARK + "A copied paper" in line_of(app, unresolved_id("A copied paper"))
        views = {view.name: view for view in app.main_screen.views.views()}
        app.main_screen.pick_view(views["New"])
        await pilot.pause()
        assert len(app.main_screen.paper_list.pks) == library.count()
    assert library.get_meta("reader_last_open_at") > "2026"  # the next session's "previous"
    rows = library.list_rows(library.select())
    assert any(row.new for row in rows.values())


async def test_a_second_session_has_nothing_new(library: Library, hub: FakeHub) -> None:
    library.end_session("2999-01-01T00:00:00.000Z")  # after every paper was stored
    app = build(library, hub.url)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        assert app.main_screen.paper_list.render_line(0).text.startswith("● ")


async def test_rising_shows_its_papers_by_upvotes_gained_and_the_detail_shows_the_movement(
    library: Library, hub: FakeHub
) -> None:
    minimax = library.paper_by_id(MINIMAX)
    assert minimax is not None
    yesterday, today = date.today() - timedelta(days=1), date.today()
    recent = replace(minimax, daily_date=today.isoformat())  # Rising shows the last 14 days
    library.store_list(f"date={today}", [replace(recent, upvotes=83)], seen_at=f"{yesterday}T08:00:00.000Z")
    library.store_list(f"date={today}", [replace(recent, upvotes=118)], seen_at=f"{today}T08:00:00.000Z")
    app = build(library, hub.url)
    async with app.run_test(size=WIDE) as pilot:
        screen = app.main_screen
        views = {view.name: view for view in screen.views.views()}
        screen.pick_view(views["Rising"])
        await pilot.pause()
        assert screen.order.sort is Sort.RISING
        await select(app, pilot, MINIMAX)
        assert f"▲ 118 (+35 since {yesterday:%b} {yesterday.day}" in screen.detail.plain_text


# --- linked repositories ----------------------------------------------------------------------


async def test_linked_repositories_are_fetched_in_the_background_listed_and_numbered(
    library: Library, hub: FakeHub, wait_for_workers
) -> None:
    served(hub)
    app = build(library, hub.url)
    async with app.run_test(size=WIDE) as pilot:
        await select(app, pilot, MINIMAX)
        await fetch_at_once(app, wait_for_workers)
        await pilot.pause()
        text = app.main_screen.detail.plain_text
        assert "Linked on Hugging Face" in text
        assert "Models 5  ·  Datasets 1  ·  Spaces 2" in text
        assert "MiniMaxAI/MiniMax-M3" in text
        links = app.main_screen.detail.links
        assert len(links) > len(library.paper_by_id(MINIMAX).links)  # type: ignore[union-attr]
        assert links[len(library.paper_by_id(MINIMAX).links)].label == "model"  # type: ignore[union-attr]
    assert len(hub.requests_to(f"/api/papers/{MINIMAX}")) == 1
    assert library.linked_is_fresh(MINIMAX)

    again = build(library, hub.url)  # stored: shown at once, not asked again within the day
    async with again.run_test(size=WIDE) as pilot:
        await select(again, pilot, MINIMAX)
        assert "MiniMaxAI/MiniMax-M3" in again.main_screen.detail.plain_text
        assert not again.main_screen.around.waiting  # nothing due: no fetch waits for the cursor to rest
        await wait_for_workers(again)
    assert len(hub.requests_to(f"/api/papers/{MINIMAX}")) == 1


async def test_offline_is_one_quiet_line_in_the_detail(library: Library, hub: FakeHub, wait_for_workers) -> None:
    app = build(library, DEAD_API_URL)
    async with app.run_test(size=WIDE, notifications=True) as pilot:
        await select(app, pilot, MINIMAX)
        await fetch_at_once(app, wait_for_workers)
        await pilot.pause()
        assert "linked repositories: offline" in app.main_screen.detail.plain_text
        assert not [n for n in app._notifications if "linked" in n.message]


async def test_holding_j_asks_for_nothing(
    library: Library, hub: FakeHub, wait_for_workers, monkeypatch: pytest.MonkeyPatch
) -> None:
    rest = 3600.0  # no rest ends by itself, however slow the presses; and no other timer is as long
    monkeypatch.setattr(around, "REST_BEFORE_FETCH", rest)
    served(hub)
    app = build(library, hub.url)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press(*"jjjjjjjjjj")
        rested_on = app.main_screen.current
        # Textual 8.2.8's timers of the screen (a stopped one has no task): one rest is left, the last paper's.
        resting = [t for t in app.main_screen._timers if t._task is not None and t._interval == rest]
        assert len(resting) == 1, f"{len(resting)} fetches wait for the cursor to rest"
        await fetch_at_once(app, wait_for_workers)
    asked = [s.path for s in hub.seen if s.path.startswith("/api/papers/")]
    assert rested_on is not None and asked == [f"/api/papers/{rested_on.id}"]  # only the paper the cursor rests on


async def test_linked_repositories_open_by_number_and_from_the_links_list(
    library: Library, hub: FakeHub, browser: Path, wait_for_workers
) -> None:
    served(hub)
    app = build(library, hub.url)
    async with app.run_test(size=WIDE) as pilot:
        await select(app, pilot, MINIMAX)
        await fetch_at_once(app, wait_for_workers)
        await pilot.pause()
        own = len(library.paper_by_id(MINIMAX).links)  # type: ignore[union-attr]
        first_model = app.main_screen.detail.links[own]
        await pilot.press(str(own + 1))
        await wait_for_workers(app)
        await pilot.press("L")
        assert isinstance(app.screen, PickScreen)
        every = app.main_screen.around.every_link(library.paper_by_id(MINIMAX))  # type: ignore[arg-type]
        assert len(every) == own + sum(len(library.linked(MINIMAX).of(kind)) for kind in REPO_KINDS)  # type: ignore[union-attr]
        await pilot.press("end", "enter")
        await wait_for_workers(app)
        assert not isinstance(app.screen, PickScreen)
    assert browser.read_text().splitlines() == [first_model.url, every[-1].url]
    assert every[-1].url.startswith("https://huggingface.co/spaces/")


# --- adding papers ----------------------------------------------------------------------------


async def test_a_adds_papers_by_id_or_url_and_the_list_goes_to_the_first(
    library: Library, hub: FakeHub, wait_for_workers
) -> None:
    item = load_fixture("hf_paper_2606.13392.json")
    hub.papers["2606.99999"] = {**item, "id": "2606.99999", "title": "A Paper Added by Hand"}
    app = build(library, hub.url)
    async with app.run_test(size=WIDE, notifications=True) as pilot:
        await pilot.press("A")
        assert isinstance(app.screen, AddPaperScreen)
        await pilot.press(*"not-an-id", "enter")
        assert isinstance(app.screen, AddPaperScreen)  # said at once, not sent
        assert "Not an arXiv id" in str(app.screen.query_one("#add-problem").render())
        app.screen.query_one(Input).value = "https://arxiv.org/abs/2606.99999 2606.00404"
        await pilot.press("enter")
        await wait_for_workers(app)
        await pilot.pause()
        assert not isinstance(app.screen, AddPaperScreen)
        assert app.main_screen.current is not None and app.main_screen.current.id == "2606.99999"
        messages = [n.message for n in app._notifications]
        assert "Added 1, updated 0: 2606.99999" in messages
        assert "2606.00404: 2606.00404 is not on Hugging Face (HTTP 404)" in messages
    assert library.pk_of("2606.99999") is not None


# --- searching Hugging Face -------------------------------------------------------------------


async def test_ctrl_o_searches_hugging_face_for_the_filter_words_and_a_starred_result_is_stored(
    library: Library, hub: FakeHub, wait_for_workers
) -> None:
    hub.search_items = load_fixture("hf_search_kazakh.json")
    before = library.count()
    app = build(library, hub.url, mark_read_delay=30)  # moving to a result does not read it during the test
    async with app.run_test(size=WIDE, notifications=True) as pilot:
        await pilot.press("slash", *"kazakh", "ctrl+o")
        await wait_for_workers(app)
        await pilot.pause()
        papers = app.main_screen.paper_list
        assert len(papers.pks) == 9 and all(pk < 0 for pk in papers.pks)
        assert papers.render_line(0).text.startswith(ONLINE_MARK + "  KazQAD")
        assert library.count() == before  # shown, not stored
        await pilot.press("j")
        await pilot.pause()
        assert app.main_screen.current is not None and app.main_screen.current.id == "2403.19399"
        assert library.pk_of("2403.19399") is None  # shown in the detail is not opened
        await pilot.press("s")
        await pilot.pause()
        pk = library.pk_of("2403.19399")
        assert pk is not None and library.state("2403.19399").starred
        assert papers.current_pk == pk
        assert not papers.render_line(1).text.startswith(ONLINE_MARK)
        await pilot.press("j", "enter")  # opened: stored too
        await pilot.pause()
        assert library.pk_of("2403.19335") is not None
    assert library.count() == before + 2
    assert hub.requests_to("/api/papers/search")[0].params["q"] == "kazakh"


async def test_ctrl_o_offline_or_without_words_is_one_line(library: Library, hub: FakeHub, wait_for_workers) -> None:
    app = build(library, DEAD_API_URL)
    async with app.run_test(size=WIDE, notifications=True) as pilot:
        await pilot.press("ctrl+o")
        await pilot.pause()
        # Each is checked while it shows: a new toast of the same kind replaces the one before it.
        assert any(n.message.startswith("Type words in the filter box") for n in app._notifications)
        await pilot.press("slash", *"kazakh", "ctrl+o")
        await wait_for_workers(app)
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert "Hugging Face search: offline" in messages
        assert all(pk > 0 for pk in app.main_screen.paper_list.pks)
