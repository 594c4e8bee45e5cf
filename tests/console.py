"""The console script as the tests drive it: its path, a child environment, and reading a real terminal.

Its fixtures `env` and `cli` live in conftest.py.
"""

from __future__ import annotations

import contextlib
import os
import re
import select
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import FIXTURES, SCRIPT, TIMEOUT  # noqa: F401 - SCRIPT and TIMEOUT: for the tests that import them here

from reader.storage.library import Library

DAILY = FIXTURES / "hf_daily_2026-06-12.json"


SEARCH = FIXTURES / "hf_search_kazakh.json"


OLD_ITEM = FIXTURES / "hf_daily_item_2024-10.json"


MINIMAX = "2606.13392"


def count_papers(db: Path) -> int:
    with Library.open(db) as lib:
        return lib.count()


def paper_ids(db: Path) -> set[str]:
    with Library.open(db) as lib:
        return {row.id for row in lib.list_rows(lib.select()).values()}


def one_line(stderr: str) -> str:
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    return lines[0]


_ANSI = re.compile(
    r"""
    \x1b\[[0-?]*[ -/]*[@-~]                 # CSI
  | \x1b[\]P^_X].*?(?:\x07|\x1b\\)          # OSC, DCS, PM, APC, SOS
  | \x1b[ -/]*[0-~]                         # two-byte escapes
    """,
    re.VERBOSE | re.DOTALL,
)


def strip_ansi(data: bytes) -> str:
    return _ANSI.sub("", data.decode("utf-8", errors="replace"))


def read_until(master: int, process: subprocess.Popen[bytes], done: Callable[[str], bool], timeout: float) -> str:
    """Read the terminal until `done(screen text)` or the timeout; the text read so far."""
    output = bytearray()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the child closed the terminal
                chunk = b""
            if not chunk and process.poll() is not None:
                break
            output += chunk
            if done(strip_ansi(bytes(output))):
                return strip_ansi(bytes(output))
        elif process.poll() is not None:
            break
    text = strip_ansi(bytes(output))
    pytest.fail(f"the reader did not show what was expected (exit code {process.poll()}); it showed:\n{text[-3000:]}")


def wait_draining(master: int, process: subprocess.Popen[bytes], timeout: float) -> int | None:
    """Wait for the child to exit, reading its terminal so it never blocks on a full buffer."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return process.returncode
        ready, _, _ = select.select([master], [], [], 0.1)
        if ready:
            with contextlib.suppress(OSError):
                os.read(master, 65536)
    return process.poll()


def press_until_exit(master: int, process: subprocess.Popen[bytes], keys: bytes, timeout: float) -> str:
    """Press `keys` over and over, each once the screen has answered the last, until the reader quits.

    Returns all it showed, the lines printed after the screen was restored too; fails after `timeout` seconds.
    """
    output = bytearray()
    deadline = time.monotonic() + timeout
    presses = 0
    while time.monotonic() < deadline:
        if process.poll() is None:
            os.write(master, keys[presses % len(keys) : presses % len(keys) + 1])
            presses += 1
        answered = False
        while not answered and time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.1)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # EIO: the child closed the terminal
                    chunk = b""
                if not chunk:
                    process.wait(timeout=max(deadline - time.monotonic(), 0.1))
                    return strip_ansi(bytes(output))
                output += chunk
                answered = True
            elif process.poll() is not None:
                answered = True  # gone, and all it wrote was read: the next select says so
    pytest.fail(f"the reader did not quit within {timeout} s; it showed:\n{strip_ansi(bytes(output))[-3000:]}")


def run_on_a_terminal(
    command: list[str], env: dict[str, str], columns: int = 80, rows: int = 24, *, stream: str = "stdout"
) -> tuple[int, str, str]:
    """Run `command` with its `stream` (stdout or stderr) on a terminal of `columns` x `rows` and the other piped:
    (exit status, the terminal's text, the piped text).

    The terminal's text is what was written to it, with its CR LF made LF (bytes that are not UTF-8 replaced).
    """
    import fcntl
    import pty
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    sized = {key: value for key, value in env.items() if key not in {"COLUMNS", "LINES"}}
    streams = (
        {"stdout": slave, "stderr": subprocess.PIPE}
        if stream == "stdout"
        else {"stdout": subprocess.PIPE, "stderr": slave}
    )
    try:
        process = subprocess.Popen(command, env=sized, stdin=subprocess.DEVNULL, **streams)
        os.close(slave)
        slave = -1
        output = bytearray()
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            output += chunk
        piped = process.stderr if stream == "stdout" else process.stdout
        other = piped.read() if piped else b""
        process.wait(timeout=TIMEOUT)
    finally:
        if slave >= 0:
            os.close(slave)
        os.close(master)
    return process.returncode, output.decode("utf-8", errors="replace").replace("\r\n", "\n"), other.decode("utf-8")
