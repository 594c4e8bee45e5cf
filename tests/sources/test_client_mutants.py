"""The HTTP client on its own, against a real local server: what it sends, how it waits, what it refuses and how
it says so. The edges a mutation run found unguarded by the tests of this layer (sync's tests cover them too)."""

from __future__ import annotations

import asyncio
import random
import re
from datetime import UTC, datetime
from typing import Any

import pytest
from hf_server import Endless, FakeHub, Hang, Reply, Reset, Sleeps

from reader.sources.client import USER_AGENT, ApiClient, ClientSettings, backoff_delay, is_hf_host, rate_limit_wait
from reader.sources.fetcher import Answer, FetchError

DAILY = "/api/daily_papers"
DAY = "date=2026-06-12"
PARAMS = {"date": "2026-06-12"}


def settings(hub: FakeHub, **overrides: Any) -> ClientSettings:
    values: dict[str, Any] = {"api_url": hub.url, "backoff": 1.0, "max_backoff": 8.0, "read_timeout": 2.0}
    return ClientSettings(**{**values, **overrides})


async def get(hub: FakeHub, sleeps: Sleeps | None = None, path: str = DAILY, **options: Any) -> Answer:
    flags = {key: options.pop(key) for key in ("markdown", "missing_ok") if key in options}
    async with ApiClient(settings(hub, **options), sleep=sleeps or Sleeps()) as client:
        return await client.get(path, PARAMS, **flags)


async def failure(hub: FakeHub, sleeps: Sleeps | None = None, path: str = DAILY, **options: Any) -> FetchError:
    with pytest.raises(FetchError) as caught:
        await get(hub, sleeps, path, **options)
    return caught.value


def host(hub: FakeHub) -> str:
    return hub.url.removeprefix("http://")


@pytest.mark.parametrize(
    ("url", "trusted"),
    [
        ("https://huggingface.co/api", True),
        ("https://HuggingFace.co/api", True),
        ("https://cdn.huggingface.co/x", True),
        ("http://huggingface.co/api", False),
        ("https://huggingface.com/api", False),
        ("https://nothuggingface.co/api", False),
        ("https://huggingface.co.example/api", False),
        ("huggingface.co/api", False),
    ],
)
def test_only_https_huggingface_co_and_its_subdomains_are_trusted(url: str, trusted: bool) -> None:
    assert is_hf_host(url) is trusted


NOW = datetime(2026, 6, 12, 8, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("headers", "seconds"),
    [
        ({"retry-after": "30"}, 30.0),
        ({"retry-after": " 30 "}, 30.0),
        ({"retry-after": "0"}, 0.0),
        ({"retry-after": "Fri, 12 Jun 2026 08:01:30 GMT"}, 90.0),
        ({"retry-after": "Fri, 12 Jun 2026 08:01:30 -0000"}, 90.0),  # a date without a zone is UTC
        ({"retry-after": "Fri, 12 Jun 2026 07:00:00 GMT"}, 0.0),  # a time already past: no wait
        ({"retry-after": "soon", "ratelimit": '"api";r=0;t=12'}, 12.0),
        ({"ratelimit": "t=5"}, 5.0),
        ({"ratelimit": '"api";r=0; t = 7'}, 7.0),
        ({"ratelimit": '"api";r=0;at=9'}, None),  # `at` is not `t`
        ({"ratelimit": '"api";r=0'}, None),
        ({"retry-after": "soon"}, None),
        ({"retry-after": ""}, None),
        ({}, None),
    ],
)
def test_the_wait_a_server_asks_for(headers: dict[str, str], seconds: float | None) -> None:
    assert rate_limit_wait(headers, NOW) == seconds


def test_a_retry_after_date_counts_from_now_by_default() -> None:
    later = datetime.now(UTC).timestamp() + 3600
    stamp = datetime.fromtimestamp(later, UTC).strftime("%a, %d %b %Y %H:%M:%S GMT")
    assert 3500 < rate_limit_wait({"retry-after": stamp}) <= 3600  # type: ignore[operator]


@pytest.mark.parametrize(("retry", "full"), [(1, 1.5), (2, 3.0), (3, 6.0), (4, 10.0), (9, 10.0)])
def test_a_retry_waits_half_to_all_of_the_doubled_backoff_up_to_the_cap(retry: int, full: float) -> None:
    rules = ClientSettings(backoff=1.5, max_backoff=10.0)
    random.seed(retry)
    waits = [backoff_delay(retry, rules) for _ in range(300)]
    assert all(full / 2 <= wait <= full for wait in waits), (min(waits), max(waits))
    assert min(waits) < full * 0.6 and max(waits) > full * 0.9  # the jitter spans the range


async def test_what_every_request_says_about_itself(hub: FakeHub) -> None:
    await get(hub)
    await get(hub, path="/papers/2606.00001.md", markdown=True, missing_ok=True)
    json_request, markdown_request = ({k.lower(): v for k, v in seen.headers.items()} for seen in hub.seen)
    assert json_request["user-agent"] == USER_AGENT and USER_AGENT.startswith("paper-reader/")
    assert json_request["accept"] == "application/json"
    assert markdown_request["accept"] == "text/markdown, text/plain;q=0.9"
    assert hub.seen[0].params == PARAMS


async def test_a_token_is_not_sent_to_a_host_other_than_huggingface_co(hub: FakeHub) -> None:
    await get(hub, token="hf_secret")
    assert "authorization" not in {k.lower() for k in hub.seen[0].headers}


async def test_5xx_answers_are_retried_with_growing_waits_until_one_is_final(hub: FakeHub) -> None:
    hub.lists[DAY] = [{"paper": {"id": "2606.00001"}}]
    hub.script(DAY, Reply(500, "oops", content_type="text/plain"), Reply(503, "busy", content_type="text/plain"))
    sleeps = Sleeps()
    answer = await get(hub, sleeps, attempts=3)
    assert answer.status == 200 and answer.body == b'[{"paper": {"id": "2606.00001"}}]'
    assert answer.url.startswith(hub.url + DAILY)
    assert len(hub.seen) == 3
    assert 0.5 <= sleeps.waits[0] <= 1.0 and 1.0 <= sleeps.waits[1] <= 2.0


async def test_5xx_every_time_fails_after_the_tries_and_is_not_offline(hub: FakeHub) -> None:
    hub.script(DAY, *[Reply(503, "busy", content_type="text/plain")] * 3)
    sleeps = Sleeps()
    error = await failure(hub, sleeps, attempts=3)
    assert str(error) == "HTTP 503 Service Unavailable (after 3 tries)"
    assert not error.offline
    assert len(hub.seen) == 3 and len(sleeps.waits) == 2  # no wait after the last try


async def test_one_try_is_one_request(hub: FakeHub) -> None:
    hub.script(DAY, Reply(502, "", content_type="text/plain"))
    sleeps = Sleeps()
    error = await failure(hub, sleeps, attempts=1)
    assert str(error) == "HTTP 502 Bad Gateway (after 1 tries)"
    assert len(hub.seen) == 1 and sleeps.waits == []


async def test_a_reset_connection_is_retried_and_named(hub: FakeHub) -> None:
    hub.script(DAY, Reset(), Reset())
    error = await failure(hub, attempts=2)
    assert str(error).startswith(f"connection to {host(hub)} broke (")
    assert str(error).endswith(") (after 2 tries)")
    assert not error.offline and len(hub.seen) == 2


async def test_a_server_that_answers_nothing_times_out(hub: FakeHub) -> None:
    hub.script(DAY, Hang(3))
    error = await failure(hub, attempts=1, read_timeout=0.3)
    assert str(error) == f"timed out waiting for {host(hub)} (after 1 tries)"


async def test_an_answer_that_never_ends_is_cut_at_the_deadline(hub: FakeHub) -> None:
    hub.script(DAY, Endless(chunk=64, pause=0.02, seconds=5))
    error = await failure(hub, attempts=1, read_timeout=0.5, request_deadline=0.6)
    assert re.fullmatch(r"no complete answer within [1-9]\d* s \(after 1 tries\)", str(error)), str(error)


async def test_a_429_waits_as_asked_then_goes_on(hub: FakeHub) -> None:
    hub.script(DAY, Reply(429, {}, {"Retry-After": "7"}), Reply(429, {}, {"Retry-After": "0"}))
    sleeps = Sleeps()
    answer = await get(hub, sleeps, attempts=1)
    assert answer.status == 200
    assert sleeps.waits == [7.0, 0.05]  # never less than a moment, so a server saying 0 is not hammered
    assert len(hub.seen) == 3  # a 429 is not one of the tries


async def test_a_429_without_a_wait_backs_off(hub: FakeHub) -> None:
    hub.script(DAY, Reply(429, {}))
    sleeps = Sleeps()
    assert (await get(hub, sleeps)).status == 200
    assert len(sleeps.waits) == 1 and 0.5 <= sleeps.waits[0] <= 1.0


async def test_429s_give_up_once_their_waits_would_pass_the_bound(hub: FakeHub) -> None:
    hub.script(DAY, *[Reply(429, {}, {"Retry-After": "4"})] * 5)
    sleeps = Sleeps()
    error = await failure(hub, sleeps, max_rate_limit_wait=10)
    assert sleeps.waits == [4.0, 4.0]  # a third wait would make 12 s
    assert str(error) == f"rate limited by {host(hub)} (HTTP 429) for over 12 s; try again later or set HF_TOKEN"
    assert not error.offline


async def test_429s_may_wait_exactly_the_bound(hub: FakeHub) -> None:
    hub.script(DAY, *[Reply(429, {}, {"Retry-After": "5"})] * 2)
    sleeps = Sleeps()
    assert (await get(hub, sleeps, max_rate_limit_wait=10)).status == 200
    assert sleeps.waits == [5.0, 5.0]


async def test_a_400_is_an_answer_to_read(hub: FakeHub) -> None:
    hub.future.add(DAY)
    answer = await get(hub)
    assert answer.status == 400 and b"less than or equal to today" in answer.body
    assert len(hub.seen) == 1


async def test_a_404_is_an_answer_only_when_missing_is_expected(hub: FakeHub) -> None:
    path = "/api/papers/2606.99999"
    assert (await get(hub, path=path, missing_ok=True)).status == 404
    error = await failure(hub, path=path)
    assert str(error) == f"HTTP 404 Not Found from {hub.url}{path}?date=2026-06-12"
    assert len(hub.seen) == 2  # not retried


async def test_another_4xx_is_an_error_at_once(hub: FakeHub) -> None:
    hub.script(DAY, Reply(403, {"error": "no"}))
    error = await failure(hub)
    assert str(error).startswith("HTTP 403 Forbidden from ")
    assert len(hub.seen) == 1


@pytest.mark.parametrize(
    "content_type",
    ["application/json", "application/json; charset=utf-8", "Application/JSON", "application/problem+json", ""],
)
async def test_json_answers_may_say_so_in_any_usual_way(hub: FakeHub, content_type: str) -> None:
    hub.script(DAY, Reply(200, b"[]", content_type=content_type))
    assert (await get(hub)).body == b"[]"


@pytest.mark.parametrize("content_type", ["text/html; charset=utf-8", "text/plain", "application/jsonx"])
async def test_an_answer_that_is_not_json_is_refused_by_its_type(hub: FakeHub, content_type: str) -> None:
    hub.script(DAY, Reply(200, b"<html></html>", content_type=content_type))
    error = await failure(hub)
    kind = content_type.split(";")[0]
    assert str(error) == f"expected JSON from {hub.url}{DAILY}?date=2026-06-12, got {kind}"
    assert len(hub.seen) == 1


async def test_a_refused_type_is_named_in_at_most_60_characters(hub: FakeHub) -> None:
    hub.script(DAY, Reply(200, b"x", content_type="text/" + "x" * 100))
    assert str(await failure(hub)).endswith(", got text/" + "x" * 55)


MARKDOWN = "/papers/2606.00001.md"


@pytest.mark.parametrize("content_type", ["text/markdown; charset=utf-8", "text/plain", "TEXT/MARKDOWN", ""])
async def test_a_full_text_may_be_any_text_but_html(hub: FakeHub, content_type: str) -> None:
    hub.script(MARKDOWN, Reply(200, "# Title", content_type=content_type))
    assert (await get(hub, path=MARKDOWN, markdown=True)).body == b"# Title"


@pytest.mark.parametrize("content_type", ["text/html", "Text/HTML; charset=utf-8", "application/json", "image/png"])
async def test_a_full_text_that_is_html_or_not_text_is_refused(hub: FakeHub, content_type: str) -> None:
    hub.script(MARKDOWN, Reply(200, "<p>x</p>", content_type=content_type))
    error = await failure(hub, path=MARKDOWN, markdown=True)
    kind = content_type.split(";")[0].lower()
    assert str(error) == f"expected Markdown from {hub.url}{MARKDOWN}?date=2026-06-12, got {kind}"


async def test_a_body_larger_than_the_cap_by_its_length_is_refused_unread(hub: FakeHub) -> None:
    hub.script(DAY, Reply(200, b"[" + b" " * 1999 + b"]"))
    error = await failure(hub, max_body_bytes=1000)
    assert str(error) == f"answer from {hub.url}{DAILY}?date=2026-06-12 is 2,001 bytes, over the 1,000-byte limit"
    assert len(hub.seen) == 1


async def test_a_body_exactly_at_the_cap_is_read(hub: FakeHub) -> None:
    body = b"[" + b" " * 998 + b"]"
    hub.script(DAY, Reply(200, body))
    assert (await get(hub, max_body_bytes=1000)).body == body


async def test_a_body_without_a_length_is_cut_at_the_cap(hub: FakeHub) -> None:
    hub.script(DAY, Endless(chunk=4096, seconds=5))
    error = await failure(hub, max_body_bytes=10_000)
    assert str(error) == f"answer from {hub.url}{DAILY}?date=2026-06-12 is over the 10,000-byte limit"
    assert len(hub.seen) == 1


async def test_a_redirect_loop_stops_after_five_hops(hub: FakeHub) -> None:
    hub.script(DAY, *[Reply(302, b"", {"Location": f"{DAILY}?date=2026-06-12"})] * 7)
    error = await failure(hub)
    assert str(error) == f"too many redirects from {host(hub)}"
    assert len(hub.seen) == 6


async def test_a_redirect_is_followed(hub: FakeHub) -> None:
    hub.script(DAY, Reply(302, b"", {"Location": "/api/papers/2606.00001"}))
    hub.papers["2606.00001"] = {"id": "2606.00001"}
    answer = await get(hub)
    assert answer.status == 200 and answer.url == f"{hub.url}/api/papers/2606.00001"


async def test_requests_open_at_once_stay_within_the_limit(hub: FakeHub) -> None:
    hub.delay = 0.05
    async with ApiClient(settings(hub, max_in_flight=2), sleep=Sleeps()) as client:
        answers = await asyncio.gather(*(client.get(DAILY, {"date": f"2026-06-{day:02}"}) for day in range(1, 7)))
    assert [answer.status for answer in answers] == [200] * 6
    assert hub.max_in_flight == 2 and client.max_seen_in_flight == 2 and client.requests_sent == 6


def test_a_client_used_outside_its_block_says_how_to_use_it() -> None:
    client = ApiClient(ClientSettings())
    with pytest.raises(AssertionError, match="inside `async with`"):
        asyncio.run(client.get(DAILY, PARAMS))


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (OSError("[Errno 104] Connection reset by peer"), "Connection reset by peer"),
        (
            OSError("All connection attempts failed: [Errno -3] Temporary failure in name resolution"),
            "Temporary failure in name resolution",
        ),
        (OSError("[Errno 111] Connect call failed ('127.0.0.1', 9)"), "Connect call failed ("),
        (OSError("peer closed connection\nwithout a body"), "peer closed connection"),
        (OSError(""), "OSError"),
        (OSError("x" * 300), "x" * 120),
    ],
)
def test_a_transport_error_is_named_by_its_innermost_words(error: Exception, words: str) -> None:
    from reader.sources.client import _reason

    assert _reason(error) == words


async def test_a_refused_full_text_type_is_named_in_at_most_60_characters(hub: FakeHub) -> None:
    hub.script(MARKDOWN, Reply(200, "x", content_type="application/" + "x" * 100))
    assert str(await failure(hub, path=MARKDOWN, markdown=True)).endswith(", got application/" + "x" * 48)


async def test_an_answer_without_a_content_type_is_taken_as_json_or_as_text(hub: FakeHub) -> None:
    hub.script(DAILY, Reply(200, "[]", content_type=None))
    hub.script(MARKDOWN, Reply(200, "# Title", content_type=None))
    assert (await get(hub)).body == b"[]"
    assert (await get(hub, path=MARKDOWN, markdown=True)).body == b"# Title"
