"""A full disk at ANY moment of a whole import or sync: the file-size limit is swept across the bytes the command
writes, range by range, and every run must end in the documented one line (or success) and leave the library
sound, holding what it had plus only whole units (issue 13, finding 4: the sync's last_sync_at stamp)."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from functools import partial
from pathlib import Path

import forked
import pytest
from conftest import SCRIPT, load_fixture
from console import DAILY, MINIMAX
from hf_server import FakeHub, daily_items, serve

from reader.services.sync import LAST_SYNC_META
from reader.sources.hf_api import parse_feed_text
from reader.storage.library import Library
from reader.storage.state_export import export_library

WAL_FRAME = 4096 + 24
"""One page and its frame header: the unit in which the WAL, written from its first byte, grows."""

COARSE_STEPS = 16
"""Past the first success, limits up to the largest file the command leaves (the library as the WAL is
checkpointed into it, state.toml) are tried in this many steps."""

NEW_DAY = "2026-06-11"
"""A day the prepared library does not hold: syncing it adds a whole list of new papers."""


def biggest_file(home: Path) -> int:
    return max((path.stat().st_size for path in home.iterdir() if path.is_file()), default=0)


def contents(db: Path) -> dict[str, set]:
    connection = sqlite3.connect(db)
    try:
        return {
            "papers": set(connection.execute("SELECT id, upvotes FROM papers")),
            "lists": {key for (key,) in connection.execute("SELECT list_key FROM lists")},
            "state": set(connection.execute("SELECT * FROM state")),
            "meta": set(connection.execute("SELECT key, value FROM meta WHERE key != ?", (LAST_SYNC_META,))),
            "history": set(connection.execute("SELECT paper_id, upvotes FROM upvote_history")),
        }
    finally:
        connection.close()


def sound(db: Path) -> bool:
    connection = sqlite3.connect(db)
    try:
        return connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        connection.close()


@pytest.fixture
def prepared(home: Path) -> Path:
    """A home holding the 2026-06-12 list, one star and its state.toml, closed and checkpointed."""
    with Library.open(home / "library.db") as library:
        library.import_papers(parse_feed_text(DAILY.read_bytes()).papers)
        library.star(MINIMAX)
        export_library(library, home / "state.toml")
    connection = sqlite3.connect(home / "library.db")
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    return home


def sweep(prepared: Path, tmp_path: Path, env: dict[str, str], args: list[str]) -> list[tuple[int, int, str]]:
    """Run the command under file-size limits from 0 up, one WAL frame at a time, until a run succeeds; then on
    to the largest file a free run leaves, in COARSE_STEPS. Each run starts from a copy of `prepared` and must end
    in success or the documented line, leaving a sound library; (limit, exit status, output) of each run.

    The free run is the console script; each limited one is the same command in a process forked from one that
    has imported the reader (tests/forked.py): the ~60 runs of a sweep started an interpreter each before.
    """
    free = tmp_path / "free"
    shutil.copytree(prepared, free)
    done = subprocess.run([str(SCRIPT), "--home", str(free), *args], env=env, capture_output=True, text=True,
                          timeout=60, stdin=subprocess.DEVNULL)  # fmt: skip
    assert done.returncode == 0, done.stderr
    high = biggest_file(free)  # every file it writes (the WAL from 0, the library as it checkpoints) is below this
    runs: list[tuple[int, int, str]] = []
    limit = 0
    while limit <= high:
        code = run_limited(prepared, free, tmp_path, env, args, limit, runs)
        limit += WAL_FRAME if code != 0 else max(WAL_FRAME, high // COARSE_STEPS)
    return runs


def run_limited(prepared: Path, free: Path, tmp_path: Path, env, args: list[str], limit: int, runs: list) -> int:
    home = tmp_path / f"limit-{limit}"
    shutil.copytree(prepared, home)
    done = forked.run_command(["--home", str(home), *args], env, before=partial(forked.full_disk_at, limit))
    runs.append((limit, done.returncode, done.stdout + done.stderr))
    assert "Traceback" not in done.stderr, f"limit {limit}: {done.stderr}"
    assert done.returncode in (0, 1), f"limit {limit}: exit {done.returncode}: {done.stderr}"
    assert sound(home / "library.db"), f"limit {limit}: the library is damaged"
    check_units(prepared, free, home, limit, done)
    return done.returncode


def check_units(before_home: Path, after_home: Path, home: Path, limit: int, done) -> None:
    """What the limited run left: everything of before, and of the free run's additions only whole lists."""
    before, after, now = (contents(h / "library.db") for h in (before_home, after_home, home))
    assert before["state"] <= now["state"], f"limit {limit}: a mark was lost"
    assert before["papers"] <= now["papers"] | after["papers"], f"limit {limit}: a paper was lost"
    new_lists = now["lists"] - before["lists"]
    assert new_lists <= after["lists"], f"limit {limit}: a list the free run did not store"
    if done.returncode == 1:  # said where the command says failures: stderr, and a sync's list lines on stdout
        said = done.stdout + done.stderr
        assert "is the disk full or failing?" in said or "nothing was changed" in said, said


@pytest.mark.slow
def test_a_full_disk_anywhere_in_an_import_changes_nothing_or_everything(prepared, tmp_path: Path, env) -> None:
    bigger = tmp_path / "search.json"
    bigger.write_bytes((DAILY.parent / "hf_search_kazakh.json").read_bytes())  # papers not yet in the library
    before = contents(prepared / "library.db")
    runs = sweep(prepared, tmp_path, env, ["import", str(bigger)])
    failed = [limit for limit, code, _ in runs if code == 1]
    print(f"import: {len(runs)} limits from 0 to {runs[-1][0]:,} bytes, {len(failed)} failed as a full disk")
    assert failed, "no limit was low enough to fail: the sweep tested nothing"
    for limit, code, stderr in runs:
        now = contents(tmp_path / f"limit-{limit}" / "library.db")
        if code == 1:
            assert now["papers"] == before["papers"], f"limit {limit}: a failed import left papers behind"
            assert len(stderr.strip().splitlines()) == 1, stderr


@pytest.mark.slow
def test_a_full_disk_anywhere_in_a_sync_keeps_whole_lists_and_says_one_line(prepared, tmp_path: Path, env):
    hub = FakeHub()
    hub.lists[f"date={NEW_DAY}"] = daily_items(load_fixture("hf_daily_2026-06-12.json"), NEW_DAY, count=5)
    ids = {item["paper"]["id"] for item in hub.lists[f"date={NEW_DAY}"]}
    with serve(hub):
        runs = sweep(prepared, tmp_path, env, ["sync", "--api-url", hub.url, "--date", NEW_DAY])
    failed = [limit for limit, code, _ in runs if code == 1]
    print(f"sync: {len(runs)} limits from 0 to {runs[-1][0]:,} bytes, {len(failed)} failed as a full disk")
    assert failed, "no limit was low enough to fail: the sweep tested nothing"
    for limit, code, stderr in runs:
        now = contents(tmp_path / f"limit-{limit}" / "library.db")
        stored = {paper_id for paper_id, _ in now["papers"]} & ids
        assert stored in (set(), ids), f"limit {limit}: the list was stored in part ({len(stored)} of {len(ids)})"
        assert (f"date={NEW_DAY}" in now["lists"]) == bool(stored)
        if code == 1:
            assert "is the disk full or failing?" in stderr, stderr
