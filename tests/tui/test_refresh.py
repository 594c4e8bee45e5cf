"""Refreshing inside the reader: the real app under the pilot, syncing from a real server on 127.0.0.1."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from conftest import DEAD_API_URL, load_fixture
from hf_server import FakeHub, Hang, Reply, daily_items

from reader.core.config import Config
from reader.services.sync import LAST_SYNC_META
from reader.sources.client import ClientSettings
from reader.storage.library import Library
from reader.tui.app import PaperReaderApp
from reader.tui.widgets.status import StatusLine

WIDE = (120, 40)
RECORDED = "hf_daily_2026-06-12.json"


def days_back(n: int) -> str:
    return (datetime.now(UTC).date() - timedelta(days=n)).isoformat()


@pytest.fixture
def feed(hub: FakeHub) -> FakeHub:
    """Three days of lists newer than the library's 2026-06-12: 4 + 0 + 6 new papers."""
    template = load_fixture(RECORDED)
    hub.lists[f"date={days_back(0)}"] = daily_items(template, days_back(0), 4, id_prefix="2701")
    hub.lists[f"date={days_back(2)}"] = daily_items(template, days_back(2), 6, id_prefix="2702")
    return hub


def build(
    library: Library, hub_url: str, *, refresh: bool = False, read_timeout: float = 2, **config: Any
) -> PaperReaderApp:
    config.setdefault("mark_read_delay", 0)
    config.setdefault("sync_days", 3)
    settings = ClientSettings(api_url=hub_url, backoff=0.01, max_backoff=0.02, read_timeout=read_timeout)
    return PaperReaderApp(library, Config(**config), refresh=refresh, client_settings=settings)


async def workers_until(pilot: Any, app: PaperReaderApp, done: Any, deadline: float = 20.0) -> None:
    """Let the app's workers finish, again and again, until `done()` (the refresh at start begins a frame after
    the first one, so one wait can come before it); gives up at the deadline and lets the assertion speak."""
    import time

    stop = time.monotonic() + deadline
    while not done() and time.monotonic() < stop:
        await app.workers.wait_for_complete()
        await pilot.pause()


def messages(app: PaperReaderApp) -> list[str]:
    return [n.message for n in app._notifications]


def status(app: PaperReaderApp) -> str:
    return str(app.query_one(StatusLine).render())


async def select(app: PaperReaderApp, pilot: Any, paper_id: str) -> None:
    papers = app.main_screen.paper_list
    for index, pk in enumerate(papers.pks):
        if app.library.list_rows([pk])[pk].id == paper_id:
            papers.move_to(index)
            await pilot.pause()
            return
    raise AssertionError(f"{paper_id} not in the list")


class TestRefreshKey:
    async def test_r_fetches_new_papers_and_keeps_the_paper_under_the_cursor(
        self, library: Library, feed: FakeHub, wait_for_workers
    ) -> None:
        app = build(library, feed.url)
        async with app.run_test(size=WIDE, notifications=True) as pilot:
            await select(app, pilot, "2606.13392")
            await pilot.press("R")
            await wait_for_workers(app)
            await pilot.pause()
            assert len(app.main_screen.paper_list.pks) == 40
            assert app.main_screen.current is not None and app.main_screen.current.id == "2606.13392"
            assert app.main_screen.paper_list.current_pk == app.main_screen._current_pk
            assert "10 new papers" in messages(app)
            assert status(app).startswith("Synced just now")
            # The lists asked for (the paper the user moved to also has its linked repositories asked for).
            assert {s.params["date"] for s in feed.requests_to("/api/daily_papers")} == {days_back(n) for n in range(3)}
            # The new papers are at the top: the newest Daily list first.
            top = app.library.list_rows(app.main_screen.paper_list.pks[:1])
            assert next(iter(top.values())).date == days_back(0)

    async def test_the_list_keeps_working_while_a_refresh_waits_on_the_server(
        self, library: Library, feed: FakeHub, wait_for_workers
    ) -> None:
        released = threading.Event()  # the server answers nothing until the keys below have been checked
        for n in range(3):
            feed.script(f"date={days_back(n)}", Hang(60.0, until=released))
        app = build(library, feed.url, read_timeout=60)
        async with app.run_test(size=WIDE, notifications=True) as pilot:
            await pilot.press("R")
            await pilot.pause()
            assert status(app).startswith("Refreshing")
            before = app.main_screen.paper_list.cursor
            await pilot.press("j", "j", "s")
            assert app.main_screen.paper_list.cursor == before + 2
            starred = app.main_screen.current.id
            assert app.library.state(starred).starred
            await pilot.press("R")
            assert "Already refreshing" in messages(app)
            released.set()
            await wait_for_workers(app)
            assert status(app).startswith("Synced")
            assert len(app.main_screen.paper_list.pks) == 40
            assert app.library.state(starred).starred  # the star made mid-sync was not rolled back or lost

    async def test_a_refresh_with_nothing_new_says_so(self, library: Library, hub: FakeHub, wait_for_workers) -> None:
        app = build(library, hub.url)
        async with app.run_test(size=WIDE, notifications=True) as pilot:
            await pilot.press("R")
            await wait_for_workers(app)
            assert "No new papers" in messages(app)
            assert len(app.main_screen.paper_list.pks) == 30

    async def test_failed_lists_are_named_and_the_rest_kept(
        self, library: Library, feed: FakeHub, wait_for_workers
    ) -> None:
        feed.script(f"date={days_back(2)}", Reply(200, "<html>", content_type="text/html"))
        app = build(library, feed.url)
        async with app.run_test(size=WIDE, notifications=True) as pilot:
            await pilot.press("R")
            await wait_for_workers(app)
            (warning,) = [n for n in app._notifications if n.severity == "warning"]
            assert warning.message.startswith(f"4 new papers. 1 of 3 lists failed ({days_back(2)}): expected JSON")
            assert len(app.main_screen.paper_list.pks) == 34

    async def test_server_text_in_a_message_stays_plain_text(
        self, library: Library, feed: FakeHub, wait_for_workers
    ) -> None:
        hostile = "text/[@click=app.quit]x[/]"
        feed.script(f"date={days_back(0)}", Reply(200, "[]", content_type=hostile))
        app = build(library, feed.url)
        async with app.run_test(size=WIDE, notifications=True) as pilot:
            await pilot.press("R")
            await wait_for_workers(app)
            await pilot.pause()
            assert app.is_running
            assert any(hostile in m for m in messages(app))


class TestRefreshOnStart:
    async def test_a_stale_library_refreshes_in_the_background(
        self, library: Library, feed: FakeHub, wait_for_workers
    ) -> None:
        library.set_meta(LAST_SYNC_META, "2026-01-01T00:00:00.000Z")
        app = build(library, feed.url, refresh=True)
        async with app.run_test(size=WIDE, notifications=True) as pilot:
            assert len(app.main_screen.paper_list.pks) >= 30  # the library is shown before the network answers
            await workers_until(pilot, app, lambda: "10 new papers" in messages(app))
            assert len(app.main_screen.paper_list.pks) == 40
            assert "10 new papers" in messages(app)

    @pytest.mark.parametrize(
        ("refresh", "minutes", "last"),
        [(True, 60, 5), (False, 60, None), (True, 0, None)],
        ids=["fresh", "flag-off", "config-off"],
    )
    async def test_no_refresh_when_fresh_or_turned_off(
        self, library: Library, feed: FakeHub, wait_for_workers, refresh: bool, minutes: float, last: int | None
    ) -> None:
        if last is not None:
            stamp = datetime.now(UTC) - timedelta(minutes=last)
            library.set_meta(LAST_SYNC_META, stamp.isoformat(timespec="milliseconds").replace("+00:00", "Z"))
        app = build(library, feed.url, refresh=refresh, refresh_after_minutes=minutes)
        async with app.run_test(size=WIDE, notifications=True) as pilot:
            await pilot.pause()
            await wait_for_workers(app)
            assert feed.seen == []
            assert len(app.main_screen.paper_list.pks) == 30
            expected = "Synced 5 min ago" if last else "Never synced: R fetches the last 3 days"
            assert status(app).startswith(expected)

    async def test_offline_says_so_once_and_goes_on(self, library: Library, wait_for_workers) -> None:
        app = build(library, DEAD_API_URL, refresh=True)
        async with app.run_test(size=WIDE, notifications=True) as pilot:
            await workers_until(pilot, app, lambda: any(m.startswith("Offline") for m in messages(app)))
            offline = [m for m in messages(app) if m.startswith("Offline")]
            assert offline == ["Offline: cannot reach Hugging Face. Showing the papers already in the library."]
            assert status(app).startswith("Offline · Never synced")
            await pilot.press("j", "s")
            assert app.library.state(app.main_screen.current.id).starred
            assert len(app.main_screen.paper_list.pks) == 30
            assert [n for n in app._notifications if n.severity == "error"] == []

    async def test_a_first_sync_ends_the_sample(self, home, hub: FakeHub, wait_for_workers) -> None:
        from reader.services.sample import is_sample_only, load_sample_if_empty

        hub.lists[f"date={days_back(1)}"] = daily_items(load_fixture(RECORDED), days_back(1), 3, id_prefix="2703")
        with Library.open(home / "library.db") as lib:
            load_sample_if_empty(lib)
            app = build(lib, hub.url, refresh=True)
            app.sample = True
            async with app.run_test(size=WIDE, notifications=True) as pilot:
                await workers_until(pilot, app, lambda: app.sub_title == "Hugging Face Daily Papers")
                assert app.sub_title == "Hugging Face Daily Papers"
                assert not is_sample_only(lib)
                assert len(app.main_screen.paper_list.pks) == 34


class TestRefreshBehindAScreen:
    async def test_a_refresh_finishing_under_the_help_screen_updates_the_main_screen(
        self, library: Library, feed: FakeHub, wait_for_workers
    ) -> None:
        from reader.tui.screens.help import HelpScreen

        released = threading.Event()  # the lists are answered only once the help is open: the refresh ends under it
        for n in range(3):
            feed.script(f"date={days_back(n)}", Hang(60.0, until=released))
        app = build(library, feed.url, read_timeout=60)
        async with app.run_test(size=WIDE, notifications=True) as pilot:
            await pilot.press("R", "question_mark")
            assert isinstance(app.screen, HelpScreen)
            assert status(app).startswith("Refreshing")
            released.set()
            await wait_for_workers(app)
            await pilot.pause()
            assert [n.message for n in app._notifications if n.severity == "error"] == []
            assert "10 new papers" in messages(app)
            await pilot.press("escape")
            assert len(app.main_screen.paper_list.pks) == 40
            assert status(app).startswith("Synced just now")
