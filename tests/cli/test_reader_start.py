"""The reader started by the console script in a real terminal (a pty) leaves the library as the user left it."""

from __future__ import annotations

import fcntl
import os
import struct
import subprocess
import termios
from pathlib import Path

import pytest
from console import SCRIPT, read_until, wait_draining


def run_and_quit(home: Path, env: dict[str, str]) -> None:
    """Start the reader, wait for its first screen, press q, and wait for it to end (exit 0)."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    process = subprocess.Popen(
        [str(SCRIPT), "--home", str(home)],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env={**env, "TERM": "xterm-256color", "COLUMNS": "100", "LINES": "30"},
        start_new_session=True,
        close_fds=True,
    )
    os.close(slave)
    try:
        read_until(master, process, lambda text: "of 31 papers" in text, timeout=20)
        os.write(master, b"q")
        code = wait_draining(master, process, timeout=10)
        assert code == 0, f"exit code {code} (None: still running 10 s after q)"
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(master)


@pytest.mark.slow
def test_opening_the_reader_marks_nothing_read(cli, home: Path, env: dict[str, str]) -> None:
    (home / "config.toml").write_text("mark_read_delay = 0  # read the moment a paper is shown\n", encoding="utf-8")
    run_and_quit(home, env)
    listed = cli("list", "is:read")
    assert listed.returncode in (0, 1), listed.stderr
    assert listed.stdout == ""
    assert cli("list").stdout.count("\n") == 31, "the sample was there to be read"
