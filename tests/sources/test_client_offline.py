"""No server to reach (no name, a refused connection): offline at once, with no retries and no more requests.

A refused port is real (127.0.0.1:9); a name that does not resolve is the resolver's own error, raised by a
stand-in for `socket.getaddrinfo`, so that no test asks a DNS server anything.
"""

from __future__ import annotations

import socket
import sys
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import DEAD_API_URL, load_fixture
from hf_server import FakeHub, Reset, Sleeps

from reader.cli.sync import _outcome
from reader.services.sync import ListSpec, plan_days, sync_lists
from reader.sources.client import ApiClient, ClientSettings
from reader.sources.fetcher import Answer, FetchError
from reader.storage.library import Library

TODAY = date(2026, 6, 14)
DAILY = "/api/daily_papers"


@pytest.fixture
def empty_library(home: Path):
    lib = Library.open(home / "library.db")
    yield lib
    lib.close()


async def test_a_refused_connection_is_not_retried() -> None:
    sleeps = Sleeps()
    async with ApiClient(ClientSettings(api_url=DEAD_API_URL, attempts=4), sleep=sleeps) as client:
        with pytest.raises(FetchError) as failure:
            await client.get(DAILY, {"date": "2026-06-12"})
    assert str(failure.value) == "cannot connect to 127.0.0.1:9 (connection refused)"
    assert failure.value.offline
    assert client.requests_sent == 1 and sleeps.waits == []


async def test_a_name_that_does_not_resolve_is_not_retried(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []

    def no_such_name(host: bytes | str, *args: Any, **kwargs: Any) -> Any:
        asked.append(host.decode() if isinstance(host, bytes) else host)
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_name)
    sleeps = Sleeps()
    async with ApiClient(ClientSettings(api_url="http://nonexistent.invalid", attempts=4), sleep=sleeps) as client:
        with pytest.raises(FetchError) as failure:
            await client.get(DAILY, {"date": "2026-06-12"})
    assert str(failure.value) == "cannot connect to nonexistent.invalid (Name or service not known)"
    assert failure.value.offline
    assert asked == ["nonexistent.invalid"] and sleeps.waits == []


async def test_once_unreachable_the_client_asks_no_more(empty_library: Library) -> None:
    """Seven lists, four requests open at once: the lists queued behind the first failure send nothing."""
    specs = plan_days(7, TODAY)
    async with ApiClient(ClientSettings(api_url=DEAD_API_URL)) as client:
        report = await sync_lists(empty_library, specs, client, today=TODAY)
    assert report.offline and len(report.failed) == 7
    assert {r.error for r in report.results} == {"cannot connect to 127.0.0.1:9 (connection refused)"}
    assert client.requests_sent <= client.settings.max_in_flight


async def test_a_reset_is_still_retried_and_is_not_offline(empty_library: Library, hub: FakeHub) -> None:
    hub.script("date=2026-06-12", *[Reset()] * 2)
    sleeps = Sleeps()
    async with ApiClient(ClientSettings(api_url=hub.url, attempts=2), sleep=sleeps) as client:
        report = await sync_lists(empty_library, [ListSpec("date", "2026-06-12")], client, today=TODAY)
    assert "after 2 tries" in report.results[0].error
    assert not report.results[0].offline and not report.offline
    assert len(hub.seen) == 2 and len(sleeps.waits) == 1


class HalfReachable:
    """A `Fetcher` whose one list comes from a live server and every other from a dead port."""

    def __init__(self, live: ApiClient, dead: ApiClient, live_key: str) -> None:
        self.live, self.dead, self.live_key = live, dead, live_key

    async def get(self, path: str, params: Mapping[str, str | int]) -> Answer:
        client = self.live if params.get("date") == self.live_key else self.dead
        return await client.get(path, params)


async def test_a_connection_lost_during_the_sync_keeps_what_came_and_says_offline_once(
    empty_library: Library, hub: FakeHub, capsys: pytest.CaptureFixture[str]
) -> None:
    hub.lists["date=2026-06-12"] = load_fixture("hf_daily_2026-06-12.json")
    specs = [ListSpec("date", day) for day in ("2026-06-12", "2026-06-11", "2026-06-10")]
    async with ApiClient(ClientSettings(api_url=hub.url)) as live, ApiClient(ClientSettings(DEAD_API_URL)) as dead:
        report = await sync_lists(empty_library, specs, HalfReachable(live, dead, "2026-06-12"), today=TODAY)
    assert not report.offline and report.results[0].ok and empty_library.count() == 30
    assert _outcome(report, False, sys.stdout, sys.stderr) == 1
    assert capsys.readouterr().err.splitlines() == [
        "paper-reader: offline: cannot connect to 127.0.0.1:9 (connection refused); 2 lists not synced",
        "paper-reader: Synced 1 of 3 lists: 30 new, 0 updated papers. Failed: 2026-06-11, 2026-06-10.",
    ]
