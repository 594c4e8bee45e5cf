"""A program in a real 120x40 pseudo-terminal: its first paint, keys written, frames read, memory.

The pty answers Textual's query for synchronized output (``CSI ? 2026 $ p``, as kitty, WezTerm,
foot, iTerm2 or Windows Terminal do), so every frame arrives between ``CSI ? 2026 h`` and
``CSI ? 2026 l`` and the output can be looked at frame by frame, ANSI escapes stripped. A key's
latency is from just before it is written until the end of the frame whose text satisfies the
caller's test; without a test, the end of the last frame before the output goes quiet for 20 ms.
The first paint is measured without that answer, from just before the spawn until the markers
show. Every process group is killed (SIGKILL) when its session closes.
"""

from __future__ import annotations

import codecs
import contextlib
import fcntl
import os
import pty
import re
import select
import signal
import struct
import subprocess
import termios
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from . import CACHE_DIR, ROOT, MeasureError

COLUMNS, ROWS = 120, 40
QUIET_S = 0.020
"""Output quiet this long ends an update that has no marker (the window is not counted)."""
MARKER_TIMEOUT_S = 3.0
STARTUP_TIMEOUT_S = 60.0
SETTLE_MIN_S = 1.6
"""After start and between phases: past the reader's mark-read delay (1 s) and the unread recount (0.5 s)."""
SETTLE_QUIET_S = 0.4
KEYS = {"j": b"j", "pagedown": b"\x1b[6~", "/": b"/", "backspace": b"\x7f"}

SYNC_QUERY = b"\x1b[?2026$p"
SYNC_REPLY = b"\x1b[?2026;2$y"
SYNC_START = b"\x1b[?2026h"
SYNC_END = b"\x1b[?2026l"

# CSI, OSC/DCS/APC/PM/SOS strings (to BEL or ST, or the end of what arrived so far), other ESC sequences.
_ANSI = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[\]P^_X].*?(?:\x07|\x1b\\|$)|\x1b[ -/]*[0-~]",
    re.DOTALL,
)


def screen_text(output: bytes) -> str:
    """What a terminal would show as text, roughly: the output with every escape sequence removed."""
    return _ANSI.sub("", output.decode("utf-8", errors="replace"))


class Screen:
    """The pty's output as text without escape sequences, stripped as it arrives (linear, not quadratic).

    Output from the last ESC on is kept back while it may be an unfinished sequence, so a sequence
    split across two reads is still removed whole; `text` strips that tail afresh on every look.
    """

    _HOLD = 256
    """An ESC this close to the end may start an unfinished sequence."""

    def __init__(self) -> None:
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._done: list[str] = []
        self._tail = ""

    def feed(self, chunk: bytes) -> None:
        pending = self._tail + self._decoder.decode(chunk)
        cut = pending.rfind("\x1b")
        if cut == -1 or len(pending) - cut > self._HOLD:
            cut = len(pending)
        self._done.append(_ANSI.sub("", pending[:cut]))
        self._tail = pending[cut:]

    @property
    def text(self) -> str:
        return "".join(self._done) + _ANSI.sub("", self._tail)


def child_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The caller's environment, minus what would make the runs differ from a user's start.

    COLUMNS/LINES would override the pty's size; COLORTERM and TEXTUAL (devtools) vary with the
    caller. Byte-code is cached (as after any install) under benchmarks/.cache/pycache, even where
    PYTHONDONTWRITEBYTECODE is set, so no program compiles its modules on every start.
    """
    unset = {"PAPER_READER_HOME", "COLUMNS", "LINES", "COLORTERM", "TEXTUAL", "PYTHONDONTWRITEBYTECODE"}
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env.update(TERM="xterm-256color", PYTHONPYCACHEPREFIX=str(CACHE_DIR / "pycache"), **(extra or {}))
    return env


def kill_group(process: subprocess.Popen[bytes]) -> None:
    """SIGKILL the process group, reap the leader, and make sure nothing of the group is left."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        raise MeasureError(f"process {process.pid} did not die after SIGKILL") from None
    deadline = time.monotonic() + 5
    while True:
        try:
            os.killpg(process.pid, 0)
        except ProcessLookupError:
            return
        if time.monotonic() > deadline:
            raise MeasureError(f"processes of group {process.pid} are left after SIGKILL")
        time.sleep(0.01)


@dataclass
class Step:
    """One key's update: its latency, whether its marker showed, and the frames up to its end."""

    ms: float
    verified: bool
    text: str = ""
    frames: list[tuple[float, str]] = field(default_factory=list)
    """(ms after the key, text) of every frame up to the end of the step."""

    def first_showing(self, marker: str) -> float | None:
        return next((ms for ms, text in self.frames if marker in text), None)


class Session:
    """A program in a 120x40 pty; keys in, frames out. `started` is just before the spawn."""

    def __init__(self, argv: Sequence[str], extra_env: dict[str, str], answer_sync: bool = True) -> None:
        self.argv = list(argv)
        self.answer_sync = answer_sync
        self.output = bytearray()
        self._pending = bytearray()
        self._tail = b""
        self.synchronized = False
        self.process: subprocess.Popen[bytes] | None = None
        master, slave = pty.openpty()
        self.master = master
        try:
            fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
            env = child_env(extra_env)
            self.started = time.perf_counter()
            self.process = subprocess.Popen(
                argv, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=ROOT, start_new_session=True, close_fds=True
            )
        except BaseException:
            os.close(master)
            raise
        finally:
            os.close(slave)

    def close(self) -> None:
        try:
            if self.process is not None:
                kill_group(self.process)
        finally:
            os.close(self.master)

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _fail(self, what: str, screen: str) -> MeasureError:
        return MeasureError(f"{' '.join(self.argv)}: {what}; screen so far:\n{screen}")

    def _read(self, timeout: float) -> tuple[list[bytes], float] | None:
        """Whole frames that arrived within `timeout` (None: nothing did) and when the read returned."""
        ready, _, _ = select.select([self.master], [], [], max(0.0, timeout))
        if not ready:
            return None
        try:
            chunk = os.read(self.master, 1 << 16)
        except OSError:  # EIO: every slave fd is closed, so the program has exited
            chunk = b""
        now = time.perf_counter()
        if not chunk:
            code = self.process.wait(timeout=5) if self.process else None
            raise self._fail(f"exited with status {code}", screen_text(bytes(self.output))[-1500:])
        self.output += chunk
        seen = self._tail + chunk
        if self.answer_sync and SYNC_QUERY in seen:
            os.write(self.master, SYNC_REPLY)
        if self.answer_sync and SYNC_START in seen:
            self.synchronized = True
        self._tail = seen[-16:]
        if not self.synchronized:
            return [chunk], now
        self._pending += chunk
        frames = []
        while (end := self._pending.find(SYNC_END)) != -1:
            frames.append(bytes(self._pending[: end + len(SYNC_END)]))
            del self._pending[: end + len(SYNC_END)]
        return frames, now

    def wait_for(self, done: Callable[[str], bool], timeout: float) -> float:
        """Read until `done(screen)` holds for everything shown so far; returns when."""
        screen = Screen()
        deadline = time.perf_counter() + timeout
        while True:
            got = self._read(deadline - time.perf_counter())
            if got is not None:
                for frame in got[0]:
                    screen.feed(frame)
                if got[0] and done(screen.text):
                    return got[1]
            if time.perf_counter() > deadline:
                raise self._fail(f"not on screen within {timeout:.0f} s", screen.text[-800:])

    def settle(self, minimum: float = SETTLE_MIN_S, quiet: float = SETTLE_QUIET_S) -> None:
        """Read until at least `minimum` seconds passed and nothing arrived for `quiet` seconds."""
        start = last = time.perf_counter()
        while True:
            now = time.perf_counter()
            if now - start >= minimum and now - last >= quiet:
                return
            if now - start > 30:
                raise MeasureError(f"{' '.join(self.argv)}: the screen never went quiet")
            wait = max(quiet - (now - last), minimum - (now - start), 0.001)
            if self._read(wait) is not None:
                last = time.perf_counter()

    def key(self, data: bytes, done: Callable[[str], bool] | None) -> Step:
        """Write one key; time until the end of the frame where `done(text since the key)` holds.

        Without `done` (or when it never holds within MARKER_TIMEOUT_S), the end
        of the last frame before the output goes quiet for QUIET_S.
        """
        screen = Screen()
        frames: list[tuple[float, str]] = []
        last_frame: float | None = None
        written = time.perf_counter()
        os.write(self.master, data)
        deadline = written + (MARKER_TIMEOUT_S if done is not None else STARTUP_TIMEOUT_S)
        last_output = written
        while True:
            now = time.perf_counter()
            wait = deadline - now
            if done is None and last_frame is not None:
                wait = min(wait, QUIET_S - (now - last_output))
            got = self._read(wait)
            if got is None:
                quiet = time.perf_counter() - last_output >= QUIET_S
                if done is None and last_frame is not None and quiet and not self._pending:
                    return Step((last_frame - written) * 1000, True, screen.text, frames)
                if time.perf_counter() >= deadline:
                    if last_frame is None:
                        raise MeasureError(f"{' '.join(self.argv)}: no screen update for key {data!r}")
                    return Step((last_frame - written) * 1000, False, screen.text, frames)
                continue
            arrived = got[1]
            last_output = arrived
            for frame in got[0]:
                screen.feed(frame)
                frames.append(((arrived - written) * 1000, screen_text(frame)))
                last_frame = arrived
                if done is not None and done(screen.text):
                    return Step((arrived - written) * 1000, True, screen.text, frames)

    def memory_kb(self) -> dict[str, int]:
        """VmRSS and VmHWM of the program (its process, not its children), from /proc."""
        assert self.process is not None
        values = {}
        with open(f"/proc/{self.process.pid}/status", encoding="ascii") as status:
            for line in status:
                name, _, rest = line.partition(":")
                if name in ("VmRSS", "VmHWM"):
                    values[name] = int(rest.split()[0])
        return values


def time_to_first_paint(argv: Sequence[str], markers: Sequence[str], timeout: float = 30.0) -> float:
    """Seconds from spawning `argv` in a 120x40 pty until all `markers` are on its screen."""
    with Session(argv, {}, answer_sync=False) as session:
        shown = session.wait_for(lambda text: all(marker in text for marker in markers), timeout)
        return shown - session.started
