"""reader.storage.state_export: two exporters of one state.toml, made to overlap, and the later picture wins.

The overlap is made with events, not sleeps: the first exporter stops after
reading the library until the second is seen waiting for the lock (Linux lists
waiters in /proc/locks) or has finished (what happens without a lock).
"""

from __future__ import annotations

import os
import sys
import threading
import time
from pathlib import Path

import pytest

from reader.core.marks import AllMarks
from reader.storage import state_codec
from reader.storage.library import Library
from reader.storage.state_export import EXPORT_LOCK_NAME, export_library

MINIMAX = "2606.13392"
PROC_LOCKS = Path("/proc/locks")


def someone_waits_for(lock_file: Path) -> bool:
    """Whether a process or thread is blocked in flock() on `lock_file` (a `->` line of /proc/locks)."""
    inode = os.stat(lock_file).st_ino
    return any("->" in line and f":{inode} " in line for line in PROC_LOCKS.read_text().splitlines())


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="sees the waiting exporter in Linux's /proc/locks")
def test_two_exporters_that_overlap_leave_the_later_picture(library: Library, home: Path) -> None:
    path = home / "state.toml"
    first_has_read, first_may_write, second_done = threading.Event(), threading.Event(), threading.Event()
    failures: list[BaseException] = []

    def first_exporter() -> None:
        with Library.open(library.path) as own:
            read_marks = own.marks

            def marks_then_stop() -> AllMarks:
                picture = read_marks()
                first_has_read.set()
                first_may_write.wait(timeout=30)
                return picture

            own.marks = marks_then_stop  # type: ignore[method-assign]  # a slow exporter: stops after reading
            try:
                export_library(own, path)
            except BaseException as exc:  # surfaced below, in the test's thread
                failures.append(exc)

    def second_exporter() -> None:
        with Library.open(library.path) as own:
            try:
                export_library(own, path)
            except BaseException as exc:
                failures.append(exc)
            finally:
                second_done.set()

    first = threading.Thread(target=first_exporter)
    first.start()
    assert first_has_read.wait(timeout=30)
    library.star(MINIMAX)  # a change after the first exporter's picture: only the second one sees it
    second = threading.Thread(target=second_exporter)
    second.start()
    lock_file = library.path.parent / EXPORT_LOCK_NAME  # one lock per library, beside it
    deadline = time.monotonic() + 30
    while not (second_done.is_set() or someone_waits_for(lock_file)) and time.monotonic() < deadline:
        time.sleep(0.001)  # polling for an event with a deadline, not waiting for a timer
    assert second_done.is_set() or someone_waits_for(lock_file), "the second exporter neither waited nor finished"
    first_may_write.set()
    first.join(timeout=30)
    second.join(timeout=30)
    assert not failures, failures
    written = state_codec.read(path)
    assert written == library.marks()
    assert written[MINIMAX]["starred"].on, "the first exporter's older picture was written last"
