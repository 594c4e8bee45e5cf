"""`paper-reader sync`: the real console script in a subprocess against a real server on 127.0.0.1."""

from __future__ import annotations

import importlib.util
import os
import re
import select
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from conftest import DEAD_API_URL, load_fixture
from console import SCRIPT, TIMEOUT, one_line
from hf_server import FakeHub, Reply, daily_items

from reader.services.sync import LAST_SYNC_META
from reader.storage.library import Library

RECORDED = "hf_daily_2026-06-12.json"
RETRY_AT_ONCE = {"PAPER_READER_RETRY_BACKOFF": "0"}
"""The same four tries per list, with no wait between them (the default waits about 1, 2 and 4 s)."""


def days_back(n: int) -> str:
    return (datetime.now(UTC).date() - timedelta(days=n)).isoformat()


@pytest.fixture
def week(hub: FakeHub) -> FakeHub:
    """The last 7 days as the API would have them: today not published yet, two empty days, four lists."""
    template = load_fixture(RECORDED)
    hub.future.add(f"date={days_back(0)}")
    for n in (1, 2, 5, 6):
        hub.lists[f"date={days_back(n)}"] = daily_items(template, days_back(n), 5 + n, id_prefix=f"25{n:02d}")
    return hub


def test_sync_one_date(cli, hub: FakeHub, home: Path) -> None:
    hub.lists["date=2026-06-12"] = load_fixture(RECORDED)
    done = cli("sync", "--date", "2026-06-12", "--api-url", hub.url)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "2026-06-12  30 papers: 30 new, 0 updated",
        "Synced 1 list: 30 new, 0 updated papers.",
    ]
    assert done.stderr == ""
    with Library.open(home / "library.db") as lib:
        assert lib.count() == 30 and lib.get_meta(LAST_SYNC_META)


def test_a_sync_does_not_load_httpx_s_own_command_line_client(cli, hub: FakeHub) -> None:
    """httpx imports click, rich and pygments for its CLI whenever click is installed, as it is here (for the
    test tools): 80 ms of every sync. Python's import log (-X importtime, on stderr) names every module loaded."""
    assert importlib.util.find_spec("click") is not None, "click is not installed: this test would show nothing"
    hub.lists["date=2026-06-12"] = load_fixture(RECORDED)
    done = cli("sync", "--date", "2026-06-12", "--api-url", hub.url, extra_env={"PYTHONPROFILEIMPORTTIME": "1"})
    assert done.returncode == 0, done.stderr
    loaded = {line.rpartition("|")[2].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}
    assert {"httpx", "httpx._client", "reader.sources.client"} <= loaded, "the log names what the sync used"
    assert not {"click", "pygments"} & loaded  # httpx._main is logged too: the lookup of the None that stands in for it


def test_sync_defaults_to_the_last_seven_days_from_the_env_url(cli, week: FakeHub, home: Path) -> None:
    done = cli("sync", extra_env={"PAPER_READER_API_URL": week.url})
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines == [
        f"{days_back(0)}  not published yet",
        f"{days_back(1)}  6 papers: 6 new, 0 updated",
        f"{days_back(2)}  7 papers: 7 new, 0 updated",
        f"{days_back(3)}  0 papers: 0 new, 0 updated",
        f"{days_back(4)}  0 papers: 0 new, 0 updated",
        f"{days_back(5)}  10 papers: 10 new, 0 updated",
        f"{days_back(6)}  11 papers: 11 new, 0 updated",
        "Synced 7 lists: 34 new, 0 updated papers.",
    ]
    assert {s.params["date"] for s in week.seen} == {days_back(n) for n in range(7)}
    with Library.open(home / "library.db") as lib:
        assert lib.count() == 34


def test_sync_again_reports_updates_not_duplicates(cli, week: FakeHub, home: Path) -> None:
    cli("sync", "--days", "3", "--api-url", week.url)
    week.lists[f"date={days_back(1)}"][0]["paper"]["upvotes"] = 1234
    done = cli("sync", "--days", "3", "--api-url", week.url)
    assert f"{days_back(1)}  6 papers: 0 new, 1 updated" in done.stdout.splitlines()
    assert done.stdout.splitlines()[-1] == "Synced 3 lists: 0 new, 1 updated papers."


def test_quiet_prints_nothing_when_all_is_well(cli, week: FakeHub) -> None:
    done = cli("sync", "--quiet", "--api-url", week.url)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


def test_some_lists_failing_exit_1_and_are_named(cli, week: FakeHub, home: Path) -> None:
    week.script(f"date={days_back(2)}", Reply(200, "<html>maintenance</html>", content_type="text/html"))
    done = cli("sync", "--api-url", week.url)
    assert done.returncode == 1
    assert f"{days_back(2)}  failed: expected JSON from {week.url}" in done.stdout
    assert one_line(done.stderr) == (
        f"paper-reader: Synced 6 of 7 lists: 27 new, 0 updated papers. Failed: {days_back(2)}."
    )
    with Library.open(home / "library.db") as lib:
        assert lib.count() == 27


def test_quiet_still_names_failures(cli, week: FakeHub) -> None:
    week.script(f"date={days_back(1)}", Reply(404, {"error": "gone"}))
    done = cli("sync", "-q", "--api-url", week.url)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.splitlines()[0].startswith(f"paper-reader: {days_back(1)}  failed: HTTP 404 Not Found")


def test_offline_is_one_calm_line(cli, home: Path) -> None:
    done = cli("sync", "--days", "2", "--api-url", DEAD_API_URL, extra_env=RETRY_AT_ONCE)
    assert done.returncode == 1
    assert one_line(done.stderr).startswith("paper-reader: offline: cannot connect to 127.0.0.1:9")
    assert one_line(done.stderr).endswith("nothing synced")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--date", "2026-02-30"], "--date must be a date like 2025-06-01, not '2026-02-30'"),
        (["--date", "2999-01-01"], "2999-01-01 is in the future"),
        (["--since", "2019-01-01"], "2019-01-01 is before Daily Papers began (2023-05-04)"),
        (["--week", "W23"], "--week must look like 2025-W23, not 'W23'"),
        (["--month", "2025-6"], "--month must look like 2025-06, not '2025-6'"),
        (["--days", "0"], "--days must be 1 or more"),
        (["--api-url", "ftp://example.org"], "API URL must be http(s)://host[:port], not 'ftp://example.org'"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(cli, home: Path, args: list[str], message: str) -> None:
    done = cli("sync", *args)
    assert done.returncode == 2
    assert one_line(done.stderr).startswith(f"paper-reader: {message}")
    assert not (home / "library.db").exists()


@pytest.mark.parametrize("value", ["soon", "-1", "nan", "inf", "21"])
def test_a_bad_retry_backoff_is_a_usage_error(cli, home: Path, value: str) -> None:
    done = cli("sync", "--days", "1", "--api-url", DEAD_API_URL, extra_env={"PAPER_READER_RETRY_BACKOFF": value})
    assert done.returncode == 2
    expected = f"paper-reader: PAPER_READER_RETRY_BACKOFF must be seconds from 0 to 20, not {value!r}"
    assert one_line(done.stderr) == expected
    assert not (home / "library.db").exists()


def test_two_choices_of_lists_at_once_is_a_usage_error(cli) -> None:
    done = cli("sync", "--days", "3", "--week", "2025-W23")
    assert done.returncode == 2
    assert "not allowed with argument" in done.stderr


def test_state_survives_a_sync(cli, hub: FakeHub, home: Path) -> None:
    hub.lists["date=2026-06-12"] = load_fixture(RECORDED)
    cli("sync", "--date", "2026-06-12", "--api-url", hub.url)
    with Library.open(home / "library.db") as lib:
        lib.star("2606.13681")
        lib.mark_read("2606.13392")
    hub.lists["date=2026-06-12"][0]["paper"]["upvotes"] = 999
    assert cli("sync", "--date", "2026-06-12", "--api-url", hub.url).returncode == 0
    with Library.open(home / "library.db") as lib:
        assert lib.state("2606.13681").starred and lib.state("2606.13392").read


def test_a_progress_bar_on_a_terminal(hub: FakeHub, home: Path, env: dict[str, str]) -> None:
    hub.delay = 0.05
    for n in range(7):
        hub.lists[f"date={days_back(n)}"] = daily_items(load_fixture(RECORDED), days_back(n), 2, id_prefix=f"25{n:02d}")
    master, slave = os.openpty()
    process = subprocess.Popen(  # the last 7 days: the same 7 lists whatever the date today (not --since a date)
        [str(SCRIPT), "--home", str(home), "sync", "--days", "7", "--api-url", hub.url],
        stdin=slave,
        stdout=subprocess.PIPE,
        stderr=slave,
        env={**env, "PAPER_READER_PROGRESS_AFTER": "0", "COLUMNS": "120"},
    )
    os.close(slave)
    seen = b""
    try:
        out, _ = process.communicate(timeout=TIMEOUT)
        while select.select([master], [], [], 0.2)[0]:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
    finally:
        os.close(master)
    assert process.returncode == 0
    terminal = seen.decode("utf-8", errors="replace")
    assert "Syncing 7 lists" in terminal and "━" in terminal, "rich's bar, on the terminal"
    assert re.search(r"[1-6] lists · [\d,]+/s", terminal), "the count and the rate"
    assert b"\x1b" not in out  # plain lines on the pipe
    lines = out.decode().splitlines()
    assert len(lines) == 8 and lines[-1].startswith("Synced 7 lists: 14 new"), "every list's line on the pipe"
    assert "papers: 2 new" not in terminal, "and none on the terminal"
