"""Sync against a real HTTP server on 127.0.0.1 serving recorded Hugging Face responses, made to misbehave.

Every test checks what the library holds afterwards and what the user is told.
"""

from __future__ import annotations

import asyncio
import json
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from conftest import load_fixture
from hf_server import Endless, FakeHub, Hang, Pass, Reply, Reset, Sleeps, Truncate, daily_items, serve

from reader.services.sync import (
    LAST_SYNC_META,
    ListSpec,
    PlanError,
    SyncReport,
    plan_date,
    plan_days,
    plan_month,
    plan_since,
    plan_week,
    sync_lists,
)
from reader.sources import client as client_module
from reader.sources.client import ApiClient, ClientSettings, FetchError, is_hf_host, rate_limit_wait
from reader.storage.library import Library

RECORDED = "hf_daily_2026-06-12.json"
DAY = "date=2026-06-12"
TODAY = date(2026, 6, 14)  # a Sunday: 2026-06-13 and -14 are a weekend


def fast(hub: FakeHub, **overrides: Any) -> ClientSettings:
    """The real client with waits shrunk so a test of retries takes milliseconds, not seconds."""
    values: dict[str, Any] = {"api_url": hub.url, "backoff": 0.01, "max_backoff": 0.05, "read_timeout": 2.0}
    values.update(overrides)
    return ClientSettings(**values)


async def run_sync(
    library: Library, hub: FakeHub, specs: list[ListSpec], *, sleep: Any = None, **overrides: Any
) -> SyncReport:
    kwargs = {"sleep": sleep} if sleep is not None else {}
    async with ApiClient(fast(hub, **overrides), **kwargs) as client:
        return await sync_lists(library, specs, client, today=TODAY)


def snapshot(library: Library) -> list[tuple[Any, ...]]:
    """Everything a failed list must leave as it was."""
    db = library._db
    return [
        *db.execute("SELECT id, upvotes, github_stars, comments, updated_at FROM papers ORDER BY id"),
        *db.execute("SELECT * FROM lists ORDER BY list_key"),
        *db.execute("SELECT * FROM upvote_history ORDER BY paper_id, seen_at"),
        *db.execute("SELECT * FROM state ORDER BY paper_id"),
    ]


@pytest.fixture
def empty_library(home: Path):
    lib = Library.open(home / "library.db")
    yield lib
    lib.close()


@pytest.fixture
def recorded(hub: FakeHub) -> FakeHub:
    """The hub serving the recorded 2026-06-12 list as it came from Hugging Face."""
    hub.lists[DAY] = load_fixture(RECORDED)
    return hub


SPEC = ListSpec("date", "2026-06-12")


class TestStoring:
    async def test_a_list_is_stored_with_its_upvotes_and_fetch_time(self, empty_library: Library, recorded: FakeHub):
        report = await run_sync(empty_library, recorded, [SPEC])
        (result,) = report.results
        assert (result.ok, result.papers, result.added, result.updated) == (True, 30, 30, 0)
        assert empty_library.count() == 30
        assert empty_library.upvote_history("2606.13681")[0][1] == 118
        assert empty_library.list_fetched_at(DAY) == empty_library.get_meta(LAST_SYNC_META)
        assert len(recorded.seen) == 1
        assert recorded.seen[0].params == {"date": "2026-06-12", "limit": "100", "p": "0"}

    async def test_a_second_sync_updates_counters_never_state(self, empty_library: Library, recorded: FakeHub):
        await run_sync(empty_library, recorded, [SPEC])
        empty_library.star("2606.13681")
        empty_library.mark_read("2606.13392")
        before = (empty_library.state("2606.13681"), empty_library.state("2606.13392"))
        items = load_fixture(RECORDED)
        (item,) = [i for i in items if i["paper"]["id"] == "2606.13681"]
        item["paper"]["upvotes"] = 500
        item["paper"]["githubStars"] = 9999
        item["numComments"] = 42
        recorded.lists[DAY] = items
        report = await run_sync(empty_library, recorded, [SPEC])
        assert (report.added, report.updated) == (0, 1)
        paper = empty_library._paper_by_id("2606.13681")
        assert (paper.upvotes, paper.github_stars, paper.comments) == (500, 9999, 42)
        assert (empty_library.state("2606.13681"), empty_library.state("2606.13392")) == before
        history = [upvotes for _, upvotes in empty_library.upvote_history("2606.13681")]
        assert history == [118, 500]

    async def test_pages_are_followed_until_the_list_ends_and_papers_counted_once(
        self, empty_library: Library, hub: FakeHub
    ):
        items = daily_items(load_fixture(RECORDED), "2026-06-11", 230)
        items.insert(150, items[3])  # the same paper again on the second page
        hub.lists["date=2026-06-11"] = items
        report = await run_sync(empty_library, hub, [ListSpec("date", "2026-06-11")])
        assert [s.params["p"] for s in hub.seen] == ["0", "1", "2"]
        assert (report.results[0].papers, report.added) == (230, 230)
        assert empty_library.count() == 230

    async def test_a_full_last_page_is_followed_by_an_empty_one(self, empty_library: Library, hub: FakeHub):
        hub.lists["date=2026-06-11"] = daily_items(load_fixture(RECORDED), "2026-06-11", 100)
        report = await run_sync(empty_library, hub, [ListSpec("date", "2026-06-11")])
        assert [s.params["p"] for s in hub.seen] == ["0", "1"]
        assert report.added == 100

    async def test_an_empty_weekend_is_a_list_with_no_papers(self, empty_library: Library, hub: FakeHub):
        report = await run_sync(empty_library, hub, [ListSpec("date", "2026-06-13")])
        (result,) = report.results
        assert (result.ok, result.papers, result.note) == (True, 0, None)
        assert empty_library.list_fetched_at("date=2026-06-13") is not None
        assert empty_library.count() == 0

    async def test_week_and_month_lists_use_the_api_parameter(self, empty_library: Library, hub: FakeHub):
        hub.lists["week=2026-W24"] = daily_items(load_fixture(RECORDED), "2026-06-10")
        hub.lists["month=2026-05"] = daily_items(load_fixture(RECORDED), "2026-05-20")
        report = await run_sync(empty_library, hub, [ListSpec("week", "2026-W24"), ListSpec("month", "2026-05")])
        assert [r.added for r in report.results] == [30, 30]
        assert {tuple(sorted(s.params)) for s in hub.seen} == {("limit", "p", "week"), ("limit", "month", "p")}

    async def test_a_lone_surrogate_escape_is_dropped_not_a_crash(self, empty_library: Library, hub: FakeHub):
        """'\\ud800' is valid JSON but no UTF-8 text: storing it used to raise UnicodeEncodeError out of the sync."""
        items = load_fixture(RECORDED)
        items[0]["paper"]["title"] = "Half a pair \ud800 here"
        hub.lists[DAY] = items
        report = await run_sync(empty_library, hub, [SPEC])
        assert report.results[0].ok and empty_library.count() == 30
        assert empty_library._paper_by_id(items[0]["paper"]["id"]).title == "Half a pair here"


class TestMisbehavingServer:
    async def test_429_waits_as_retry_after_says_then_goes_on(self, empty_library: Library, recorded: FakeHub):
        recorded.script(DAY, Reply(429, {"error": "rate limited"}, {"Retry-After": "7"}))
        sleeps = Sleeps()
        report = await run_sync(empty_library, recorded, [SPEC], sleep=sleeps)
        assert sleeps.waits == [7.0]
        assert report.results[0].ok and empty_library.count() == 30

    async def test_429_waits_as_the_ratelimit_header_says(self, empty_library: Library, recorded: FakeHub):
        recorded.script(DAY, Reply(429, {}, {"RateLimit": '"api";r=0;t=42'}))
        sleeps = Sleeps()
        await run_sync(empty_library, recorded, [SPEC], sleep=sleeps)
        assert sleeps.waits == [42.0]
        assert empty_library.count() == 30

    async def test_a_429_storm_gives_up_within_the_bound_and_says_so(self, empty_library: Library, recorded: FakeHub):
        recorded.script(DAY, *[Reply(429, {}, {"Retry-After": "100"}) for _ in range(10)])
        sleeps = Sleeps()
        report = await run_sync(empty_library, recorded, [SPEC], sleep=sleeps, max_rate_limit_wait=250)
        assert sum(sleeps.waits) <= 250
        assert "rate limited" in report.results[0].error and "HTTP 429" in report.results[0].error
        assert empty_library.count() == 0 and empty_library.list_fetched_at(DAY) is None

    async def test_500_then_success(self, empty_library: Library, recorded: FakeHub):
        recorded.script(
            DAY, Reply(500, "oops", content_type="text/plain"), Reply(503, "busy", content_type="text/plain")
        )
        sleeps = Sleeps()
        report = await run_sync(empty_library, recorded, [SPEC], sleep=sleeps)
        assert report.results[0].ok and empty_library.count() == 30
        assert len(recorded.seen) == 3
        assert len(sleeps.waits) == 2 and sleeps.waits[1] > sleeps.waits[0] * 0.9  # backing off, with jitter

    async def test_the_waits_between_retries_double_up_to_the_cap(self, empty_library: Library, recorded: FakeHub):
        """backoff 1 s doubled each retry, jittered down to half: 1, 2, then never more than max_backoff (3 s)."""
        recorded.script(DAY, *[Reply(500, "oops", content_type="text/plain")] * 6)
        sleeps = Sleeps()
        report = await run_sync(empty_library, recorded, [SPEC], sleep=sleeps, backoff=1.0, max_backoff=3.0, attempts=7)
        assert report.results[0].ok and len(recorded.seen) == 7
        assert len(sleeps.waits) == 6
        for wait, full in zip(sleeps.waits, [1.0, 2.0, 3.0, 3.0, 3.0, 3.0], strict=True):
            assert full / 2 <= wait <= full, sleeps.waits  # uncapped, the 4th to 6th would be 8, 16 and 32 s at most

    async def test_500_every_time_fails_the_list_after_its_tries(self, empty_library: Library, recorded: FakeHub):
        recorded.script(DAY, *[Reply(500, "oops", content_type="text/plain")] * 4)
        report = await run_sync(empty_library, recorded, [SPEC])
        assert report.results[0].error == "HTTP 500 Internal Server Error (after 4 tries)"
        assert len(recorded.seen) == 4 and empty_library.count() == 0

    async def test_a_connection_reset_is_retried(self, empty_library: Library, recorded: FakeHub):
        recorded.script(DAY, Reset())
        report = await run_sync(empty_library, recorded, [SPEC])
        assert report.results[0].ok and empty_library.count() == 30

    async def test_resets_every_time_fail_the_list(self, empty_library: Library, recorded: FakeHub):
        recorded.script(DAY, *[Reset()] * 4)
        report = await run_sync(empty_library, recorded, [SPEC])
        assert "connection to 127.0.0.1" in report.results[0].error and "after 4 tries" in report.results[0].error
        assert empty_library.count() == 0

    async def test_a_server_that_never_answers_times_out(self, empty_library: Library, recorded: FakeHub):
        recorded.script(DAY, Hang(3), Hang(3))
        report = await run_sync(empty_library, recorded, [SPEC], read_timeout=0.3, attempts=2)
        assert report.results[0].error == "timed out waiting for " + recorded.url.split("//")[1] + " (after 2 tries)"
        assert empty_library.count() == 0

    async def test_a_timeout_then_an_answer(self, empty_library: Library, recorded: FakeHub):
        recorded.script(DAY, Hang(3))
        report = await run_sync(empty_library, recorded, [SPEC], read_timeout=0.3)
        assert report.results[0].ok and empty_library.count() == 30

    async def test_a_truncated_body_is_not_stored(self, empty_library: Library, recorded: FakeHub):
        recorded.script(DAY, *[Truncate(keep=5000)] * 4)
        report = await run_sync(empty_library, recorded, [SPEC])
        assert "broke" in report.results[0].error
        assert empty_library.count() == 0

    async def test_json_cut_short_is_reported_with_its_list(self, empty_library: Library, recorded: FakeHub):
        text = json.dumps(load_fixture(RECORDED))
        recorded.script(DAY, Reply(200, text[: len(text) // 2]))
        report = await run_sync(empty_library, recorded, [SPEC])
        assert report.results[0].error == "page 1 is not valid JSON (cut short?)"
        assert report.results[0].spec == SPEC
        assert empty_library.count() == 0

    async def test_html_instead_of_json(self, empty_library: Library, recorded: FakeHub):
        recorded.script(DAY, Reply(200, "<html><body>Login</body></html>", content_type="text/html"))
        report = await run_sync(empty_library, recorded, [SPEC])
        assert report.results[0].error.startswith("expected JSON from http://127.0.0.1:")
        assert report.results[0].error.endswith("got text/html")
        assert len(recorded.seen) == 1 and empty_library.count() == 0

    async def test_an_object_instead_of_a_list(self, empty_library: Library, recorded: FakeHub):
        recorded.script(DAY, Reply(200, {"error": "Invalid"}))
        report = await run_sync(empty_library, recorded, [SPEC])
        assert report.results[0].error == "page 1 is a JSON dict, not a list of papers"

    async def test_an_item_of_the_wrong_shape_refuses_the_whole_list(self, empty_library: Library, recorded: FakeHub):
        items = load_fixture(RECORDED)
        items[7]["paper"] = "not a paper"
        recorded.script(DAY, Reply(200, items))
        report = await run_sync(empty_library, recorded, [SPEC])
        assert report.results[0].error == 'item 8 is not a paper: "paper" is str, not an object'
        assert empty_library.count() == 0

    async def test_a_huge_number_and_half_a_surrogate_pair_cost_one_field_not_the_list(
        self, empty_library: Library, recorded: FakeHub
    ):
        """Valid JSON a Python int or a UTF-8 database cannot hold: the field goes, the list is stored."""
        items = load_fixture(RECORDED)
        items[3]["paper"]["upvotes"] = "@huge@"
        items[4]["paper"]["title"] = "Half \ud83d a pair"
        text = json.dumps(items).replace('"@huge@"', "9" * 5000)
        recorded.script(DAY, Reply(200, text))
        report = await run_sync(empty_library, recorded, [SPEC])
        assert report.results[0].error is None
        assert empty_library.count() == len(items)
        rows = {row.id: row for row in empty_library.list_rows(empty_library.select()).values()}
        assert rows[items[3]["paper"]["id"]].upvotes is None
        assert rows[items[4]["paper"]["id"]].title == "Half a pair"

    async def test_a_body_over_the_size_cap(self, empty_library: Library, recorded: FakeHub):
        report = await run_sync(empty_library, recorded, [SPEC], max_body_bytes=10_000)
        assert "over the 10,000-byte limit" in report.results[0].error
        assert empty_library.count() == 0

    @pytest.mark.parametrize(
        "body",
        [
            b'[{"paper": {"id": "\xff\xfe2401.00001", "title": "T"}}]',  # one bad byte inside a string
            bytes(range(0x80, 0x100)) * 8,  # nothing but bytes that start no UTF-8 character
            b"\xff\xfe[\x00]\x00",  # a UTF-16 byte order mark: not what the API sends, not UTF-8
        ],
        ids=["one-bad-byte", "all-invalid", "utf-16"],
    )
    async def test_a_body_of_invalid_utf8_fails_the_list_with_one_line(
        self, empty_library: Library, recorded: FakeHub, body: bytes
    ):
        recorded.script(DAY, Reply(200, body))
        report = await run_sync(empty_library, recorded, [SPEC])
        error = report.results[0].error
        assert error is not None and error.startswith("page 1 is not UTF-8 text (byte 0x")
        assert "\n" not in error and len(error) < 80
        assert len(recorded.seen) == 1  # the same bytes again would not help: no retry
        assert empty_library.count() == 0 and empty_library.list_fetched_at(DAY) is None

    async def test_a_body_that_never_ends_is_stopped_by_the_size_cap(self, empty_library: Library, recorded: FakeHub):
        """No Content-Length, bytes as fast as the server can write: the cap on what was read stops it, once."""
        recorded.script(DAY, Endless())
        started = time.monotonic()
        report = await run_sync(empty_library, recorded, [SPEC], max_body_bytes=1_000_000)
        assert time.monotonic() - started < 10
        assert report.results[0].error.startswith("answer from http://127.0.0.1:")
        assert report.results[0].error.endswith("is over the 1,000,000-byte limit")
        assert len(recorded.seen) == 1  # refused for good, not retried
        for _ in range(100):  # the server notices at its next write
            if recorded.hung_up:
                break
            await asyncio.sleep(0.05)
        assert recorded.hung_up == 1  # the client closed the connection instead of reading on
        assert empty_library.count() == 0 and empty_library.list_fetched_at(DAY) is None

    async def test_a_body_that_dribbles_forever_is_stopped_by_the_deadline(
        self, empty_library: Library, recorded: FakeHub
    ):
        """Bytes arrive more often than the read timeout, so only the deadline of a whole answer ends each try."""
        recorded.script(DAY, *[Endless(chunk=64, pause=0.02)] * 2)
        started = time.monotonic()
        report = await run_sync(
            empty_library, recorded, [SPEC], sleep=Sleeps(), read_timeout=0.5, request_deadline=1.0, attempts=2
        )
        assert time.monotonic() - started < 2 * 1.0 + 3
        assert report.results[0].error == "no complete answer within 1 s (after 2 tries)"
        assert len(recorded.seen) == 2
        assert empty_library.count() == 0 and empty_library.list_fetched_at(DAY) is None

    @pytest.mark.parametrize("token_to_first_host", [False, True], ids=["local-first-host", "trusted-first-host"])
    async def test_a_redirect_to_another_host_is_followed_without_the_token(
        self, empty_library: Library, recorded: FakeHub, monkeypatch: pytest.MonkeyPatch, token_to_first_host: bool
    ):
        """A real second server on 127.0.0.2 records what arrives after a 302 from the first.

        The client follows redirects (at most 5) and decides on every hop whether the
        token goes (`_authorize`, `is_hf_host`). The token only ever goes to https
        huggingface.co, which no test can serve; so in the second case the host check
        is told to trust the first local server, to prove that a host the token is
        sent to cannot pass it on by redirecting.
        """
        if token_to_first_host:
            trusted = recorded.url + "/"
            monkeypatch.setattr(client_module, "is_hf_host", lambda url: url.startswith(trusted))
        other = FakeHub()
        other.lists[DAY] = load_fixture(RECORDED)
        with serve(other, host="127.0.0.2"):
            location = f"{other.url}/api/daily_papers?date=2026-06-12&limit=100&p=0"
            recorded.script(DAY, Reply(302, b"", {"Location": location}))
            report = await run_sync(empty_library, recorded, [SPEC], token="hf_secret")
        assert report.results[0].ok and empty_library.count() == 30
        first = {k.lower(): v for k, v in recorded.seen[0].headers.items()}
        assert first.get("authorization") == ("Bearer hf_secret" if token_to_first_host else None)
        (arrived,) = other.seen
        assert arrived.params == {"date": "2026-06-12", "limit": "100", "p": "0"}
        headers = {k.lower(): v for k, v in arrived.headers.items()}
        assert headers["user-agent"].startswith("paper-reader/")
        assert "authorization" not in headers
        assert "hf_secret" not in json.dumps(arrived.headers)

    async def test_a_redirect_loop_fails_the_list(self, empty_library: Library, recorded: FakeHub):
        loop = Reply(302, b"", {"Location": "/api/daily_papers?date=2026-06-12&limit=100&p=0"})
        recorded.script(DAY, *[loop] * 6)
        report = await run_sync(empty_library, recorded, [SPEC])
        assert report.results[0].error == f"too many redirects from {recorded.url.split('//')[1]}"
        assert len(recorded.seen) == 6  # the first request and 5 redirects
        assert empty_library.count() == 0

    async def test_a_400_for_a_date_not_published_yet_is_an_empty_list(self, empty_library: Library, hub: FakeHub):
        hub.future.add(f"date={TODAY.isoformat()}")
        report = await run_sync(empty_library, hub, [ListSpec("date", TODAY.isoformat())])
        (result,) = report.results
        assert (result.ok, result.note) == (True, "not published yet")
        assert empty_library.list_fetched_at(f"date={TODAY.isoformat()}") is None  # asked again next time

    async def test_a_400_for_an_old_date_is_an_error(self, empty_library: Library, hub: FakeHub):
        hub.future.add("date=2026-01-05")
        report = await run_sync(empty_library, hub, [ListSpec("date", "2026-01-05")])
        assert report.results[0].error == "the server refused date=2026-01-05 (HTTP 400)"

    async def test_a_404_fails_at_once(self, empty_library: Library, recorded: FakeHub):
        recorded.script(DAY, Reply(404, {"error": "Not Found"}))
        report = await run_sync(empty_library, recorded, [SPEC])
        assert report.results[0].error.startswith("HTTP 404 Not Found from http://127.0.0.1:")
        assert len(recorded.seen) == 1

    async def test_a_list_failing_on_its_second_page_changes_nothing(self, empty_library: Library, hub: FakeHub):
        hub.lists["date=2026-06-11"] = daily_items(load_fixture(RECORDED), "2026-06-11", 150)
        hub.lists[DAY] = load_fixture(RECORDED)
        await run_sync(empty_library, hub, [SPEC])
        before = snapshot(empty_library)
        hub.script("date=2026-06-11", Reply(200, hub.lists["date=2026-06-11"][:100]), *[Reset()] * 4)
        report = await run_sync(empty_library, hub, [ListSpec("date", "2026-06-11")])
        assert "after 4 tries" in report.results[0].error
        assert [s.params["p"] for s in hub.requests_for("date=2026-06-11")] == ["0", "1", "1", "1", "1"]
        assert snapshot(empty_library) == before

    async def test_unreachable_server_is_offline(self, empty_library: Library):
        specs = plan_days(3, TODAY)
        async with ApiClient(ClientSettings(api_url="http://127.0.0.1:9", backoff=0.01, attempts=2)) as client:
            report = await sync_lists(empty_library, specs, client, today=TODAY)
        assert report.offline
        assert report.failed[0].error.startswith("cannot connect to 127.0.0.1:9")
        assert empty_library.get_meta(LAST_SYNC_META) is None


def dump(library: Library) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table of the file (the full-text index's own tables too), in a fixed order."""
    db = library._db
    tables = [name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    return {table: db.execute(f'SELECT * FROM "{table}" ORDER BY 1').fetchall() for table in tables}


def _second_page_fails() -> list[Any]:
    """A first page of the list with every upvote changed (stored if the list were stored in part), then resets."""
    items = load_fixture(RECORDED)
    for item in items:
        item["paper"]["upvotes"] += 1000
    return [Reply(200, items + daily_items(items, "2026-06-12", 70, id_prefix="2606")[:70]), *[Reset()] * 4]


def _wrong_item() -> list[Any]:
    items = load_fixture(RECORDED)
    items[-1]["paper"]["id"] = "../../etc/passwd"
    return [Reply(200, items)]


_HALF = json.dumps(load_fixture(RECORDED))[:40_000]
FAILURES: dict[str, tuple[list[Any], dict[str, Any]]] = {
    "429-storm": ([Reply(429, {}, {"Retry-After": "100"})] * 10, {"max_rate_limit_wait": 250}),
    "5xx": ([Reply(503, "busy", content_type="text/plain")] * 4, {}),
    "reset": ([Reset()] * 4, {}),
    "hang": ([Hang(3)] * 2, {"read_timeout": 0.3, "attempts": 2}),
    "truncated": ([Truncate(keep=5000)] * 4, {}),
    "json-cut-short": ([Reply(200, _HALF)], {}),
    "html": ([Reply(200, "<html><body>Login</body></html>", content_type="text/html")], {}),
    "invalid-utf8": ([Reply(200, b'[{"paper": {"id": "\xff\xfe", "title": "T"}}]')], {}),
    "all-invalid-bytes": ([Reply(200, bytes(range(0x80, 0x100)) * 8)], {}),
    "endless-flood": ([Endless()], {"max_body_bytes": 1_000_000}),
    "endless-dribble": (
        [Endless(chunk=64, pause=0.02)] * 2,
        {"read_timeout": 0.5, "request_deadline": 0.5, "attempts": 2},
    ),
    "oversize": ([Pass()], {"max_body_bytes": 10_000}),
    "wrong-shape": ([Reply(200, {"error": "Invalid"})], {}),
    "item-not-a-paper": (_wrong_item(), {}),
    "second-page-fails": (_second_page_fails(), {}),
    "404": ([Reply(404, {"error": "Not Found"})], {}),
    "redirect-loop": ([Reply(302, b"", {"Location": "/api/daily_papers?date=2026-06-12"})] * 6, {}),
}


class TestFailedListsChangeNothing:
    @pytest.mark.parametrize("failure", list(FAILURES))
    async def test_the_library_is_unchanged_by_a_failed_list(self, empty_library: Library, hub: FakeHub, failure: str):
        """A library holding the list and the reader's marks; the same list fetched again fails; not one row moves.

        Had the list been stored, its fetch time and the upvotes seen by this sync would differ.
        """
        hub.lists[DAY] = load_fixture(RECORDED)
        assert (await run_sync(empty_library, hub, [SPEC])).results[0].ok
        empty_library.star("2606.13681")
        empty_library.mark_read("2606.12730")
        before = dump(empty_library)
        assert {"papers", "state", "lists", "upvote_history", "meta"} <= set(before)
        assert all(before[table] for table in ("papers", "state", "lists", "upvote_history", "meta"))
        behaviours, overrides = FAILURES[failure]
        hub.script(DAY, *behaviours)
        report = await run_sync(empty_library, hub, [SPEC], sleep=Sleeps(), **overrides)
        (result,) = report.results
        assert result.error and "\n" not in result.error
        assert dump(empty_library) == before


class TestManners:
    async def test_at_most_four_requests_in_flight(self, empty_library: Library, hub: FakeHub):
        hub.delay = 0.1
        specs = [ListSpec("date", (date(2026, 6, 1) + timedelta(days=n)).isoformat()) for n in range(12)]
        for spec in specs:
            hub.lists[spec.list_key] = daily_items(load_fixture(RECORDED), spec.key, 3)
        report = await run_sync(empty_library, hub, specs)
        assert report.added == 36
        assert hub.max_in_flight == 4

    async def test_user_agent_names_paper_reader_and_no_token_leaves_for_other_hosts(
        self, empty_library: Library, recorded: FakeHub
    ):
        await run_sync(empty_library, recorded, [SPEC], token="hf_secret")
        headers = {k.lower(): v for k, v in recorded.seen[0].headers.items()}
        assert headers["user-agent"].startswith("paper-reader/")
        assert "authorization" not in headers

    @pytest.mark.parametrize(
        ("url", "sent"),
        [
            ("https://huggingface.co/api/daily_papers", True),
            ("https://www.huggingface.co/x", True),
            ("http://huggingface.co/x", False),
            ("https://huggingface.co.evil.example/x", False),
            ("https://evilhuggingface.co/x", False),
            ("https://127.0.0.1/x", False),
        ],
    )
    async def test_the_token_goes_only_to_huggingface_co(self, url: str, sent: bool):
        client = ApiClient(ClientSettings(token="hf_secret"))
        request = httpx.Request("GET", url, headers={"Authorization": "Bearer leaked"})
        await client._authorize(request)
        assert is_hf_host(url) is sent
        assert (request.headers.get("Authorization") == "Bearer hf_secret") is sent
        assert "leaked" not in request.headers.get("Authorization", "")

    def test_rate_limit_wait_reads_retry_after_and_ratelimit(self):
        from datetime import UTC, datetime

        now = datetime(2026, 6, 12, 8, 0, 0, tzinfo=UTC)
        assert rate_limit_wait({"retry-after": "30"}) == 30
        assert rate_limit_wait({"retry-after": "Fri, 12 Jun 2026 08:01:00 GMT"}, now) == 60
        assert rate_limit_wait({"ratelimit": '"api";r=0;t=12'}) == 12
        assert rate_limit_wait({"retry-after": "soon"}) is None
        assert rate_limit_wait({}) is None

    async def test_a_fetch_error_is_one_line(self, hub: FakeHub):
        hub.script(DAY, Reply(500, "x\ny", content_type="text/plain"))
        async with ApiClient(fast(hub, attempts=1)) as client:
            with pytest.raises(FetchError) as caught:
                await client.get("/api/daily_papers", {"date": "2026-06-12"})
        assert "\n" not in str(caught.value)


class TestPlans:
    def test_days_are_newest_first(self):
        assert [s.key for s in plan_days(3, TODAY)] == ["2026-06-14", "2026-06-13", "2026-06-12"]

    def test_days_stop_at_the_start_of_the_archive(self):
        assert plan_days(30, date(2023, 5, 6))[-1].key == "2023-05-04"

    def test_since_and_date(self):
        assert len(plan_since("2026-06-01", TODAY)) == 14
        assert plan_date("2026-06-12", TODAY) == [SPEC]

    def test_week_and_month(self):
        assert plan_week("2026-W24", TODAY) == [ListSpec("week", "2026-W24")]
        assert plan_month("2026-06", TODAY) == [ListSpec("month", "2026-06")]
        assert ListSpec("week", "2026-W24").first_day == date(2026, 6, 8)

    @pytest.mark.parametrize(
        ("plan", "text", "message"),
        [
            (plan_date, "2026-06-31", "--date must be a date like 2025-06-01"),
            (plan_date, "yesterday", "--date must be a date like 2025-06-01"),
            (plan_date, "2026-07-01", "2026-07-01 is in the future"),
            (plan_since, "2020-01-01", "is before Daily Papers began (2023-05-04)"),
            (plan_week, "2026-W60", "is not a week of the calendar"),
            (plan_week, "2026-24", "--week must look like 2025-W23"),
            (plan_month, "2026-13", "--month must look like 2025-06"),
            (plan_month, "2027-01", "is in the future"),
        ],
    )
    def test_bad_plans_are_one_line_errors(self, plan: Any, text: str, message: str):
        with pytest.raises(PlanError, match=message.replace("(", r"\(").replace(")", r"\)")):
            plan(text, TODAY)

    def test_zero_days(self):
        with pytest.raises(PlanError):
            plan_days(0, TODAY)
