"""Crashes and concurrent use: real processes killed with SIGKILL, and several writing one library at once.

The writer is tests/state_worker.py, a loop of the library calls the reader's
keys and a sync make; it says `done N` after each call returns (printed, or
sent on a pipe by the writers forked for the 200 kills), so every change it
reported must be in the library after the kill.
"""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta
from itertools import islice
from multiprocessing.connection import Connection
from pathlib import Path

import console
import forked
import pytest
import state_worker
from conftest import load_fixture
from hf_server import FakeHub, daily_items
from state_worker import FIXTURE, Op, ops

from reader.sources.hf_api import parse_feed_text
from reader.storage import state_codec as state_file
from reader.storage.library import Library
from reader.storage.state_export import export_library

WORKER = Path(__file__).resolve().parent.parent / "state_worker.py"
KILLS = 200
PAPER_IDS = [paper.id for paper in parse_feed_text(FIXTURE.read_bytes()).papers]


Snapshot = tuple[dict[tuple[str, str], bool], dict[str, int | None]]
"""(marks by (paper id, mark), upvotes by paper id): what the worker's changes touch."""


def snapshot(db: Path) -> Snapshot:
    """The library as the changes see it, after checking that it opens and passes PRAGMA integrity_check."""
    with Library.open(db) as library:
        assert library.integrity_ok()
    connection = sqlite3.connect(db)
    try:
        marks = {}
        for paper_id, read_at, starred_at in connection.execute("SELECT paper_id, read_at, starred_at FROM state"):
            marks[(paper_id, "read")] = read_at is not None
            marks[(paper_id, "starred")] = starred_at is not None
        upvotes = dict(connection.execute("SELECT id, upvotes FROM papers"))
    finally:
        connection.close()
    return marks, upvotes


def apply(start: Snapshot, changes: Iterable[Op]) -> Snapshot:
    """What the library must hold after these changes."""
    marks, upvotes = dict(start[0]), dict(start[1])
    for op in changes:
        if op.kind in {"read", "starred"}:
            marks[(op.paper_id, op.kind)] = bool(op.value)
            other = "starred" if op.kind == "read" else "read"
            marks.setdefault((op.paper_id, other), False)
        elif op.kind == "list":
            upvotes = dict.fromkeys(upvotes, op.value)
    return marks, upvotes


def same(left: Snapshot, right: Snapshot) -> bool:
    """Equal, counting a mark that was never set as off."""
    on = lambda marks: {key for key, value in marks.items() if value}  # noqa: E731
    return on(left[0]) == on(right[0]) and left[1] == right[1]


def start_worker(home: Path, seed: int, count: int = 0, papers: list[str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(WORKER), str(home), str(seed), str(count), *(papers or [])],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def drain(lines: Connection) -> Iterator[bytes]:
    """Every message left in a pipe whose writer has died."""
    while True:
        try:
            yield lines.recv_bytes()
        except EOFError:
            return


def reported(output: str) -> int:
    """How many changes the worker said had returned."""
    numbers = [int(line.split()[1]) for line in output.splitlines() if line.startswith("done ")]
    assert numbers == list(range(1, len(numbers) + 1))
    return len(numbers)


@pytest.mark.slow
def test_200_kills_at_random_moments_lose_no_committed_change(disk_home: Path) -> None:
    home = disk_home  # on disk: kills must be able to land while SQLite syncs, which RAM makes instant
    db = home / "library.db"
    with Library.open(db) as library:
        library.import_papers(parse_feed_text(FIXTURE.read_bytes()).papers)
    forks = forked.forks()
    pick = random.Random(20261130)
    changes_checked = in_flight_landed = 0
    for kill in range(KILLS):
        before = snapshot(db)
        seed = 1000 + kill
        lines, pipe = forks.Pipe(duplex=False)
        worker = forks.Process(target=state_worker.write_until_killed, args=(str(home), seed, pipe))
        worker.start()
        pipe.close()  # the worker holds the only writing end: its death ends the pipe
        assert lines.poll(30), "the writer said nothing in 30 s"
        assert (first := lines.recv_bytes()) == b"ready", first.decode()
        time.sleep(pick.uniform(0.0, 0.08))
        worker.kill()  # SIGKILL
        worker.join(timeout=30)
        assert worker.exitcode == -signal.SIGKILL, worker.exitcode
        output = "".join(f"{line.decode()}\n" for line in drain(lines))
        count = reported(output)

        after = snapshot(db)  # opens, migrates nothing, integrity_check says ok
        sequence = list(islice(ops(seed, PAPER_IDS), count + 1))
        # Every change reported is in; the one in flight at the kill may or may not be.
        if same(after, apply(before, sequence[:count])):
            pass
        else:
            assert same(after, apply(before, sequence)), f"kill {kill}: lost a change among the first {count}"
            in_flight_landed += 1
        changes_checked += count
        if (home / "state.toml").exists():
            state_file.read(home / "state.toml")  # never half-written: it parses
    assert changes_checked > KILLS  # the kills landed among the changes, not all before the first
    print(f"\n{KILLS} kills survived; {changes_checked} reported changes all kept; "
          f"the change in flight landed {in_flight_landed} times")  # fmt: skip

    leftovers = list(home.glob(".state.toml.*.tmp"))
    with Library.open(db) as library:
        export_library(library, home / "state.toml")
        assert state_file.read(home / "state.toml") == library.marks()
    assert not list(home.glob(".state.toml.*.tmp")), f"the next export removes what kills left: {leftovers}"


def days_back(n: int) -> str:
    return (datetime.now(UTC).date() - timedelta(days=n)).isoformat()


@pytest.mark.slow
def test_two_writers_and_a_sync_at_once_lose_nothing(cli, hub: FakeHub, home: Path) -> None:
    db = home / "library.db"
    with Library.open(db) as library:
        library.import_papers(parse_feed_text(FIXTURE.read_bytes()).papers)
    template = load_fixture("hf_daily_2026-06-12.json")
    for n in range(1, 8):
        hub.lists[f"date={days_back(n)}"] = daily_items(template, days_back(n), 30, id_prefix=f"25{n:02d}")
    hub.delay = 0.05  # the sync's lists arrive while the writers write

    half = len(PAPER_IDS) // 2
    writers = [start_worker(home, 1, 400, PAPER_IDS[:half]), start_worker(home, 2, 400, PAPER_IDS[half:])]
    sync = subprocess.Popen(
        [str(console.SCRIPT), "--home", str(home), "sync", "--days", "8", "--api-url", hub.url],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    results = [process.communicate(timeout=120) for process in (*writers, sync)]

    for process, (_output, errors) in zip((*writers, sync), results, strict=True):
        assert process.returncode == 0, errors
        assert "locked" not in errors and "Traceback" not in errors, errors
    assert "Synced 8 lists: 210 new" in results[2][0], results[2][0]
    start = snapshot(db)
    expected_marks = {}
    for seed, papers in ((1, PAPER_IDS[:half]), (2, PAPER_IDS[half:])):
        assert reported(results[seed - 1][0]) == 400
        expected_marks.update(apply(({}, {}), islice(ops(seed, papers), 400))[0])
    on = {key for key, value in expected_marks.items() if value}
    assert {key for key, value in start[0].items() if value} == on
    with Library.open(db) as library:
        assert library.count() == 30 + 7 * 30
        # Each writer exported after its changes; the exports are serialized, so the last one holds all.
        written = state_file.read(home / "state.toml")
        assert written == library.marks()


def test_a_reader_writes_while_another_process_holds_the_write_lock(home: Path) -> None:
    """A mark made while another process is in a write transaction waits for it instead of failing.

    The holder commits when told, and it is told once the star's INSERT has started (SQLite's trace
    callback), so the star meets the lock however fast or slow the machine is; no sleep decides it.
    """
    db = home / "library.db"
    with Library.open(db) as library:
        library.import_papers(parse_feed_text(FIXTURE.read_bytes()).papers)
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sqlite3, sys\n"
         "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
         "c.execute('BEGIN IMMEDIATE'); c.execute(\"INSERT INTO meta VALUES ('holder', 'x')\")\n"
         "print('holding', flush=True); sys.stdin.readline(); c.execute('COMMIT')", str(db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    assert holder.stdin is not None and holder.stdout is not None and holder.stdout.readline() == "holding\n"
    with Library.open(db) as library:
        writing = threading.Event()
        library._db.set_trace_callback(lambda sql: writing.set() if sql.startswith("INSERT INTO state") else None)
        outcome: list[object] = []

        def star() -> None:
            try:
                outcome.append(library.star(PAPER_IDS[0]))  # with no busy timeout: "database is locked"
            except Exception as exc:
                outcome.append(exc)

        starring = threading.Thread(target=star)
        starring.start()
        assert writing.wait(timeout=30), "the star never began to write"
        holder.stdin.write("commit\n")
        holder.stdin.flush()
        starring.join(timeout=30)
        assert len(outcome) == 1 and not isinstance(outcome[0], Exception), outcome
        assert library.state(PAPER_IDS[0]).starred and library.get_meta("holder") == "x"
    assert holder.wait(timeout=10) == 0


@pytest.mark.slow
async def test_the_reader_marks_while_another_process_and_a_sync_write(cli, hub: FakeHub, home: Path) -> None:
    """The real reader (pilot) stars and marks papers while a writer process and `paper-reader sync` run."""
    from reader.core.config import Config
    from reader.tui.app import PaperReaderApp

    db = home / "library.db"
    with Library.open(db) as library:
        library.import_papers(parse_feed_text(FIXTURE.read_bytes()).papers)
    for n in range(1, 8):
        hub.lists[f"date={days_back(n)}"] = daily_items(load_fixture("hf_daily_2026-06-12.json"), days_back(n), 30,
                                                        id_prefix=f"25{n:02d}")  # fmt: skip
    hub.delay = 0.05
    library = Library.open(db)
    app = PaperReaderApp(library, Config(mark_read_delay=60), state_path=home / "state.toml")
    try:
        async with app.run_test(size=(120, 40), notifications=True) as pilot:
            await pilot.press("/", *"date:2026-06-12", "enter")  # the papers the other writer leaves alone
            await pilot.pause()
            other = start_worker(home, 3, 600, PAPER_IDS[:10])
            sync = subprocess.Popen(
                [str(console.SCRIPT), "--home", str(home), "sync", "--days", "8", "--api-url", hub.url],
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            )  # fmt: skip
            mine: dict[str, tuple[bool, bool]] = {}
            for _ in range(19):
                await pilot.press("G" if not mine else "k", "s", "m")
                assert app.main_screen.current is not None
                mine[app.main_screen.current.id] = (True, True)
            results = [process.communicate(timeout=120) for process in (other, sync)]
            problems = [n.message for n in app._notifications if n.severity == "error"]
            assert problems == []
    finally:
        library.close()
    for process, (_output, errors) in zip((other, sync), results, strict=True):
        assert process.returncode == 0, errors
    ours = set(mine) - set(PAPER_IDS[:10])
    assert len(ours) >= 10
    with Library.open(db) as check:
        for paper_id in ours:
            state = check.state(paper_id)
            assert state.starred and state.read, paper_id
        assert check.count() == 30 + 7 * 30
