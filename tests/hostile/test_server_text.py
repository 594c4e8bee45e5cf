"""Server text is untrusted like feed fields: headers, reason phrases and bodies never reach the terminal raw
(issue 13, finding 3). A real HTTP server on 127.0.0.1 sends them; the real sync reports them."""

from __future__ import annotations

import asyncio
import subprocess
import unicodedata
from pathlib import Path

import pytest
from conftest import SCRIPT, TIMEOUT, load_fixture
from hf_server import FakeHub, Reply, serve
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.cli.sync import describe, summary
from reader.services.sync import ListSpec, sync_lists
from reader.sources.client import ApiClient, ClientSettings
from reader.storage.library import Library

DAY = "date=2026-06-12"
CSI_8BIT = "\u009b"


def printable_lines(text: str) -> bool:
    """No control or format character but the line ends: nothing a terminal would act on."""
    return all(char == "\n" or (char.isprintable() and unicodedata.category(char) not in {"Cc", "Cf"}) for char in text)


def sync_in_terminal_words(home: Path, env: dict[str, str], hub: FakeHub) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SCRIPT), "--home", str(home), "sync", "--date", "2026-06-12", "--api-url", hub.url],
        env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=TIMEOUT,
    )  # fmt: skip


@pytest.mark.parametrize(
    "reply",
    [
        Reply(200, "<html>", content_type=f"text/html{CSI_8BIT}31mRED"),
        Reply(200, "<html>", content_type="text/html\x1b]0;pwned\x07"),
        Reply(418, "{}", reason=f"I am a {CSI_8BIT}2J teapot\x07"),
        Reply(404, "{}", reason="Not \x85Found\x9c"),
        Reply(200, b"\x1b[2J" * 10, content_type="text/plain"),
    ],
    ids=[
        "C1 CSI in Content-Type",
        "OSC in Content-Type",
        "controls in a reason phrase",
        "C1 NEL and ST in a reason",
        "escapes in a body",
    ],
)
def test_sync_failure_lines_hold_no_server_control(home: Path, env: dict[str, str], reply: Reply) -> None:
    hub = FakeHub()
    hub.lists[DAY] = load_fixture("hf_daily_2026-06-12.json")
    hub.script(DAY, reply)
    with serve(hub):
        done = sync_in_terminal_words(home, env, hub)
    assert done.returncode == 1, (done.stdout, done.stderr)
    assert "2026-06-12  failed: " in done.stdout + done.stderr
    assert printable_lines(done.stderr) and printable_lines(done.stdout), repr(done.stderr)


# --- property: any header, reason phrase and body ------------------------------------------------

LATIN_1 = st.characters(min_codepoint=0, max_codepoint=255, blacklist_characters="\r\n")
"""What an HTTP/1.1 header can carry (obs-text decodes as Latin-1: U+0080-U+00FF, the C1 controls among them)."""


@pytest.fixture(scope="module")
def shared_hub():
    hub = FakeHub()
    with serve(hub):
        yield hub


@pytest.fixture(scope="module")
def shared_library(tmp_path_factory):
    with Library.open(tmp_path_factory.mktemp("home") / "library.db") as library:
        yield library


@pytest.mark.slow
@settings(max_examples=400, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(
    status=st.sampled_from([200, 200, 302, 400, 401, 403, 404, 418, 451, 500, 502, 503]),
    content_type=st.text(LATIN_1, max_size=60),
    reason=st.none() | st.text(LATIN_1, max_size=60),
    body=st.binary(max_size=200) | st.text(max_size=200).map(str.encode),
    location=st.none() | st.text(LATIN_1, max_size=40),
)
def test_no_server_text_reaches_a_report_raw(
    shared_hub: FakeHub, shared_library: Library, status: int, content_type: str, reason, body: bytes, location
) -> None:
    headers = {"Location": location} if location is not None else {}
    shared_hub.scripts.clear()
    shared_hub.script(DAY, *[Reply(status, body, headers=headers, content_type=content_type, reason=reason)] * 3)
    settings_ = ClientSettings(api_url=shared_hub.url, attempts=2, backoff=0.0, max_backoff=0.0, read_timeout=2.0)

    async def run():
        async with ApiClient(settings_) as client:
            return await sync_lists(shared_library, [ListSpec("date", "2026-06-12")], client)

    report = asyncio.run(run())
    (result,) = report.results
    lines = [describe(result), summary(report), result.error or ""]
    assert all(printable_lines(line) and "\n" not in line for line in lines), lines
