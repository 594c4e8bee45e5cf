"""`paper-reader sync` with no server to reach: one line at once, not a line per list after retries."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from conftest import DEAD_API_URL

SLOWEST_BACKOFF = {"PAPER_READER_RETRY_BACKOFF": "20"}
"""The longest wait before a retry: one retry would take 10 s or more, so a quick run proves there was none."""
NO_RETRY_BUDGET = 8.0
"""Seconds the whole command may take: a cold start on a busy machine, well under the first retry's 10 s."""


@pytest.mark.parametrize("days", ["1", "7"])
def test_a_refused_connection_is_offline_at_once_in_one_line(cli, home: Path, days: str) -> None:
    started = time.monotonic()
    done = cli("sync", "--days", days, "--api-url", DEAD_API_URL, extra_env=SLOWEST_BACKOFF)
    took = time.monotonic() - started
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr == "paper-reader: offline: cannot connect to 127.0.0.1:9 (connection refused); nothing synced\n"
    assert took < NO_RETRY_BUDGET, f"{took:.1f} s: the refused connection was retried"


def test_quiet_offline_is_the_same_one_line(cli, home: Path) -> None:
    done = cli("sync", "-q", "--days", "3", "--api-url", DEAD_API_URL, extra_env=SLOWEST_BACKOFF)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr == "paper-reader: offline: cannot connect to 127.0.0.1:9 (connection refused); nothing synced\n"
