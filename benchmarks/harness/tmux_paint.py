"""First paint as a user of tmux sees it: from `tmux new-session` until the pane shows the markers.

The second first-paint measure of issue 17, beside the pty's (pty_driver.time_to_first_paint):
a real terminal multiplexer between the program and the screen, with its own terminal type and
its own answers to Textual's queries. A private tmux server (``tmux -L NAME``, no config file,
kept alive without sessions) is started once, so its start-up counts against neither program;
each run is one detached 120x40 session running the program, and the pane is read with
``tmux capture-pane -p`` every POLL_S seconds until every marker is on it. The time is from just
before ``new-session`` to the capture that shows them (the polling adds up to POLL_S, alike for
every program). The pane's process group is killed and the session closed after each run.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import signal
import subprocess
import time
from collections.abc import Sequence

from . import ROOT, MeasureError
from .pty_driver import COLUMNS, ROWS, child_env

POLL_S = 0.010
"""Between two captures of the pane."""


class TmuxServer:
    """A private tmux server for the benchmark's sessions; `close` kills it and every session in it."""

    def __init__(self) -> None:
        if shutil.which("tmux") is None:
            raise MeasureError("tmux is not installed (the tmux first paint needs it)")
        self.socket = f"paper-reader-bench-{os.getpid()}"
        self._env = child_env()
        self._tmux("-f", "/dev/null", "start-server", ";", "set-option", "-g", "exit-empty", "off", ";",
                   "set-option", "-g", "remain-on-exit", "on")  # fmt: skip
        self._runs = 0

    def _tmux(self, *args: str) -> str:
        done = subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True, env=self._env,
                              cwd=ROOT, check=False)  # fmt: skip
        if done.returncode != 0:
            raise MeasureError(f"tmux {' '.join(args[:3])}: {done.stderr.strip() or done.returncode}")
        return done.stdout

    def time_to_first_paint(self, argv: Sequence[str], markers: Sequence[str], timeout: float = 30.0) -> float:
        """Seconds from creating a session that runs `argv` until its pane shows every one of `markers`."""
        self._runs += 1
        name = f"run{self._runs}"
        command = " ".join(shlex.quote(arg) for arg in argv)
        started = time.perf_counter()
        pid = int(self._tmux("new-session", "-d", "-P", "-F", "#{pane_pid}", "-s", name, "-x", str(COLUMNS),
                             "-y", str(ROWS), command).strip())  # fmt: skip
        try:
            deadline = started + timeout
            while True:
                screen = self._tmux("capture-pane", "-p", "-t", name)
                if all(marker in screen for marker in markers):
                    return time.perf_counter() - started
                if time.perf_counter() > deadline:
                    raise MeasureError(f"{command}: not in the tmux pane within {timeout:.0f} s; pane:\n{screen}")
                time.sleep(POLL_S)
        finally:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(pid, signal.SIGKILL)
            with contextlib.suppress(MeasureError):
                self._tmux("kill-session", "-t", name)

    def close(self) -> None:
        with contextlib.suppress(MeasureError):
            self._tmux("kill-server")

    def __enter__(self) -> TmuxServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
