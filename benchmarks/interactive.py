"""Issue 4's speed targets in one run: first paint, filter keystrokes, cursor steps and memory.

What it measures
----------------
The real console script ``paper-reader --home DIR --no-refresh`` on the generated
50,000-paper library of ``benchmarks/first_paint.py``, against a bare Textual app
(a Header, a Static line, an Input and a Footer) run by the same Python, each
as a real process in a pseudo-terminal of 120x40 (TERM=xterm-256color). Four
figures, each with the bare app as the reference measured in the same run:

* first paint: ``first_paint.py``'s own measurement (spawn until the markers
  of the first full frame are on the screen), target at most 1.2x the bare app;
* filter: ``/`` focuses the filter box, then queries are typed one key at a
  time (key, wait for its frame, next key) -- words (``diffusion``), fields
  (``author:smith``), combined (``diffusion upvotes>=50 has:code``) -- and
  cleared with backspaces between them. Target: median under 16 ms per group.
  The bare app's Input updates its Static with the length of the value;
* cursor: ``j`` 100 times, then ``pagedown`` 30 times (the list has the focus at
  start). Target: under 5 ms per step (median). The bare app's ``j`` and
  ``pagedown`` bindings each change the Static's text;
* memory: VmRSS and VmHWM (/proc/PID/status) of paper-reader once started and
  settled, after the cursor steps and after the filter queries, against the
  bare app once started. Target: at most 2x (the larger reader sample / the bare).

How an update is detected: latency is from just before the key is written to
the pty until the end of the frame that shows its update. The pty answers
Textual's query for synchronized output (``CSI ? 2026 $ p``, as kitty, WezTerm,
foot, iTerm2 or Windows Terminal do), so every frame arrives between
``CSI ? 2026 h`` and ``CSI ? 2026 l``, and the output since the key is looked at
frame by frame, ANSI escapes stripped:

* filter, paper-reader: the filter pane's count "N of 50,000 papers", with N
  computed beforehand in-process by ``Library.select(PaperFilter(text=...))``
  on the same file (or, for text that is malformed for a moment, the start of
  the error "col C: message" that replaces the count);
* cursor, paper-reader: a paper after the one under the cursor whose title
  (first 16 characters, drawn in the list's line and the detail pane) and
  authors (first 30 characters, drawn only in the detail pane) both show;
  which paper it is gives the new cursor, and the steps are checked (1 for
  ``j``, the same page for every ``pagedown``). The list's part alone is
  reported too: the first frame since the key that draws that paper's title
  (unpaced, the list and the detail pane arrive in separate frames);
* bare app: its Static's new text ("[step N]", "[len=N]");
* ``/`` (focus): the output going quiet for 20 ms; the figure is the end of the
  last frame before the quiet window (the window itself is not counted).

A step whose marker never shows within 3 s is counted as unverified and timed by
that quiet rule instead. Everything is measured twice: with Textual's default
pacing of 60 frames a second, which adds up to 16.7 ms to any Textual app,
and with ``TEXTUAL_FPS=1000`` (pacing removed), which shows the app's own work.
The verdicts: filter targets on the default pacing (what a user sees), cursor
targets on the unpaced figures (the app's work per step); both are printed.

Sessions alternate (reader, bare, reader, bare, ...) after one unmeasured warm-up
session of each per pacing. The library's schema is migrated once before
anything is measured. The load average is recorded before and after; other load
on the machine makes the figures noisy. It is a measurement: the exit status is
0 whether or not the targets are met, non-zero only when measuring failed.
This is the one-run entry point; first_paint.py and filter_keystroke.py remain
for their detailed figures (filter_keystroke.py times ``Library.select`` alone).

Usage (from the project root, with the project's venv)::

    .venv/bin/python benchmarks/interactive.py              # 3 sessions of each per pacing, 7 first paints
    .venv/bin/python benchmarks/interactive.py --runs 5     # more sessions (and first paints: 2N+1)
    .venv/bin/python benchmarks/interactive.py --json       # machine-readable results on stdout
    .venv/bin/python benchmarks/interactive.py --home DIR   # keep the (migrated) library in DIR/library.db

It takes about 5 minutes at the defaults on 2 cores (plus a few minutes once to
build the library if benchmarks/.cache holds none).
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import pty
import select
import sqlite3
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

# The library, pty helpers and first-paint measurement of the other benchmark, importable through the line above.
import first_paint
from first_paint import (
    COLUMNS,
    DEFAULT_PAPERS,
    DEFAULT_SEED,
    ROOT,
    ROWS,
    LibraryInfo,
    MeasureError,
    Screen,
    Series,
    prepare_library,
    reader_command,
    screen_text,
)

from reader.query import PaperFilter, QueryError
from reader.storage.errors import LibraryError
from reader.storage.library import Library

FILTER_TARGET_MS = 16.0
STEP_TARGET_MS = 5.0
MEMORY_TARGET_RATIO = 2.0
DEFAULT_RUNS = 3
UNPACED_FPS = "1000"
QUIET_S = 0.020
"""Output quiet this long ends an update that has no marker (the window is not counted)."""
MARKER_TIMEOUT_S = 3.0
STARTUP_TIMEOUT_S = 60.0
SETTLE_MIN_S = 1.6
"""After start and between phases: past the reader's mark-read delay (1 s) and the unread recount (0.5 s)."""
SETTLE_QUIET_S = 0.4
TITLE_PREFIX = 16
AUTHORS_PREFIX = 30
CANDIDATES = 80
"""Papers after the cursor that may be the one a step lands on (more than a page)."""

QUERIES: dict[str, list[str]] = {
    "words": ["diffusion"],
    "fields": ["author:smith"],
    "combined": ["diffusion upvotes>=50 has:code"],
}
J_STEPS, PAGE_STEPS = 100, 30
KEYS = {"j": b"j", "pagedown": b"\x1b[6~", "/": b"/", "backspace": b"\x7f"}

SYNC_QUERY = b"\x1b[?2026$p"
SYNC_REPLY = b"\x1b[?2026;2$y"
SYNC_START = b"\x1b[?2026h"
SYNC_END = b"\x1b[?2026l"

BARE_READY = "bare-interactive-ready-4e1d"
BARE_APP = f'''\
"""A bare Textual app: the baseline of benchmarks/interactive.py."""

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Input, Static


class BareApp(App[None]):
    TITLE = "bare"
    AUTO_FOCUS = None
    BINDINGS = [
        ("q", "quit", "Quit"),
        ("j", "step('step')", "Step"),
        ("pagedown", "step('page')", "Page"),
        ("slash", "focus_box", "Filter"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("{BARE_READY}", id="line", markup=False)
        yield Input(id="box")
        yield Footer()

    def action_step(self, kind: str) -> None:
        self.steps = getattr(self, "steps", 0) + 1
        self.query_one("#line", Static).update(f"[{{kind}} {{self.steps}}]")

    def action_focus_box(self) -> None:
        self.query_one("#box", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_one("#line", Static).update(f"[len={{len(event.value)}}]")


if __name__ == "__main__":
    BareApp().run()
'''


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# -- one program in a pty -----------------------------------------------------------------------------


class Session:
    """A program in a 120x40 pty that answers the synchronized-output query; keys in, frames out."""

    def __init__(self, argv: Sequence[str], extra_env: dict[str, str]) -> None:
        self.argv = list(argv)
        master, slave = pty.openpty()
        self.master = master
        self._pending = bytearray()
        self._tail = b""
        self.synchronized = False
        self.process: subprocess.Popen[bytes] | None = None
        try:
            fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
            env = first_paint._child_env()
            env.update(extra_env)
            self.process = subprocess.Popen(
                argv, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=ROOT, start_new_session=True, close_fds=True
            )
        except BaseException:
            os.close(master)
            raise
        finally:
            os.close(slave)
        self.output = bytearray()

    def close(self) -> None:
        try:
            if self.process is not None:
                first_paint._kill_group(self.process)
        finally:
            os.close(self.master)

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def _read(self, timeout: float) -> tuple[list[bytes], float] | None:
        """Whole frames that arrived within `timeout` (None: nothing did) and when the read returned."""
        ready, _, _ = select.select([self.master], [], [], max(0.0, timeout))
        if not ready:
            return None
        try:
            chunk = os.read(self.master, 1 << 16)
        except OSError:  # EIO: the program has exited
            chunk = b""
        now = time.perf_counter()
        if not chunk:
            code = self.process.wait(timeout=5) if self.process else None
            raise MeasureError(
                f"{' '.join(self.argv)}: exited with status {code}; output:\n{screen_text(bytes(self.output))[-1500:]}"
            )
        self.output += chunk
        seen = self._tail + chunk
        if SYNC_QUERY in seen:
            os.write(self.master, SYNC_REPLY)
        if SYNC_START in seen:
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
                raise MeasureError(
                    f"{' '.join(self.argv)}: not on screen within {timeout:.0f} s; screen so far:\n{screen.text[-800:]}"
                )

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
        values = {}
        with open(f"/proc/{self.pid}/status", encoding="ascii") as status:
            for line in status:
                name, _, rest = line.partition(":")
                if name in ("VmRSS", "VmHWM"):
                    values[name] = int(rest.split()[0])
        return values


@dataclass
class Step:
    ms: float
    verified: bool
    text: str = ""
    frames: list[tuple[float, str]] = field(default_factory=list)
    """(ms after the key, text) of every frame up to the end of the step."""

    def first_showing(self, marker: str) -> float | None:
        return next((ms for ms, text in self.frames if marker in text), None)


# -- what each program is expected to show --------------------------------------------------------------


@dataclass
class Expected:
    """Computed in-process on the same library before the programs run."""

    total: int
    titles: list[str]
    """Title prefixes of the papers in the list's first order, as far as the cursor steps can reach."""
    authors: list[str]
    """The start of each of those papers' authors line, which only the detail pane shows."""
    markers: dict[str, str] = field(default_factory=dict)
    """Query text typed so far -> the count (or error) text the filter pane shows for it."""


def _title_prefixes(titles: list[str]) -> list[str]:
    return [" ".join(title.split())[:TITLE_PREFIX] for title in titles]


def compute_expected(path: Path, queries: dict[str, list[str]]) -> Expected:
    reach = J_STEPS + PAGE_STEPS * ROWS + CANDIDATES + 1
    with Library.open(path) as library:
        total = library.count()
        pks = library.select(PaperFilter())[:reach]
        rows = library.list_rows(pks)
        papers = [library.paper(pk) for pk in pks]
        authors = [", ".join(p.authors)[:AUTHORS_PREFIX] if p else "" for p in papers]
        expected = Expected(total, _title_prefixes([rows[pk].title for pk in pks]), authors)
        for query in (q for group in queries.values() for q in group):
            for n in range(len(query) + 1):
                text = query[:n]
                try:
                    shown = len(library.select(PaperFilter(text=text)))
                except QueryError as exc:
                    expected.markers[text] = f"col {exc.column}: {exc.message}"[:20]
                else:
                    expected.markers[text] = f"{shown:,} of {total:,} papers"
    return expected


# -- sessions -------------------------------------------------------------------------------------------


@dataclass
class SessionResult:
    program: str
    fps: str
    steps: dict[str, list[float]] = field(default_factory=dict)
    unverified: dict[str, int] = field(default_factory=dict)
    memory_kb: dict[str, dict[str, int]] = field(default_factory=dict)
    page_size: int | None = None
    synchronized: bool = False

    def add(self, group: str, step: Step) -> None:
        self.steps.setdefault(group, []).append(step.ms)
        if not step.verified:
            self.unverified[group] = self.unverified.get(group, 0) + 1


def run_session(program: str, argv: Sequence[str], fps: str, expected: Expected,
                queries: dict[str, list[str]]) -> SessionResult:  # fmt: skip
    is_reader = program == "paper-reader"
    env = {} if fps == "default" else {"TEXTUAL_FPS": fps}
    result = SessionResult(program, fps)
    with Session(argv, env) as session:
        total = f"of {expected.total:,} papers"
        ready = [total, "Quit"] if is_reader else [BARE_READY, "Quit"]
        session.wait_for(lambda text: all(marker in text for marker in ready), STARTUP_TIMEOUT_S)
        session.settle()
        result.memory_kb["started"] = session.memory_kb()

        # Cursor: j, then pagedown; the list has the focus at start.
        cursor = 0
        count = 0
        pages: list[int] = []
        for group, steps in (("j", J_STEPS), ("pagedown", PAGE_STEPS)):
            for _ in range(steps):
                count += 1
                if is_reader:
                    first = cursor + 1
                    window = list(zip(expected.titles[first : first + CANDIDATES],
                                      expected.authors[first : first + CANDIDATES], strict=True))  # fmt: skip

                    def hits_in(text: str, window: list[tuple[str, str]] = window) -> list[int]:
                        return [n for n, (title, authors) in enumerate(window) if authors in text and title in text]

                    step = session.key(KEYS[group], lambda text, hits_in=hits_in: bool(hits_in(text)))
                    hits = hits_in(step.text)
                    if not hits:
                        raise MeasureError(f"paper-reader: cursor step {count} ({group}) did not land on a paper")
                    moved = hits[0] + 1
                    if group == "j" and moved != 1:
                        raise MeasureError(f"paper-reader: j moved the cursor by {moved}")
                    if group == "pagedown":
                        pages.append(moved)
                    cursor += moved
                    # The list's part alone: the first frame that draws the landed paper's title.
                    list_ms = step.first_showing(window[hits[0]][0])
                    result.add(f"{group}-list", Step(step.ms if list_ms is None else list_ms, step.verified))
                else:
                    kind = "step" if group == "j" else "page"
                    marker = f"[{kind} {count}]"
                    step = session.key(KEYS[group], lambda text, marker=marker: marker in text)
                    result.add(f"{group}-list", step)
                result.add(group, step)
        if pages:
            result.page_size = pages[0]
            if len(set(pages)) > 1:
                raise MeasureError(f"paper-reader: pagedown moved the cursor by varying amounts {sorted(set(pages))}")
        session.settle()
        result.memory_kb["after_steps"] = session.memory_kb()

        # Filter: focus the box, type each query a key at a time, clear it with backspaces.
        result.add("focus", session.key(KEYS["/"], None))
        for group, texts in queries.items():
            for query in texts:
                typed = [query[: n + 1] for n in range(len(query))]
                cleared = [query[:n] for n in range(len(query) - 1, -1, -1)]
                for name, states in ((group, typed), ("clear", cleared)):
                    for state in states:
                        marker = expected.markers[state] if is_reader else f"[len={len(state)}]"
                        data = KEYS["backspace"] if name == "clear" else state[-1].encode()
                        result.add(name, session.key(data, lambda text, marker=marker: marker in text))
        session.settle(minimum=0.3)
        result.memory_kb["after_filter"] = session.memory_kb()
        result.synchronized = session.synchronized
    return result


# -- summary --------------------------------------------------------------------------------------------


def _percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))]


def _stats(values: Sequence[float]) -> dict[str, Any]:
    if not values:
        return {"n": 0, "median_ms": None, "p95_ms": None, "max_ms": None}
    return {
        "n": len(values),
        "median_ms": statistics.median(values),
        "p95_ms": _percentile(values, 0.95),
        "max_ms": max(values),
    }


def pooled(results: Sequence[SessionResult], program: str, fps: str, group: str) -> list[float]:
    return [ms for r in results if r.program == program and r.fps == fps for ms in r.steps.get(group, [])]


GROUPS = ("words", "fields", "combined", "clear", "focus", "j", "j-list", "pagedown", "pagedown-list")


def summarize(args: argparse.Namespace, paint: tuple[Series, Series], sessions: list[SessionResult],
              library: LibraryInfo, load: dict[str, Any], total_s: float) -> dict[str, Any]:  # fmt: skip
    reader_paint, bare_paint = paint
    paint_ratio = reader_paint.median_s / bare_paint.median_s
    latency: dict[str, Any] = {}
    for fps in ("default", UNPACED_FPS):
        for group in GROUPS:
            latency[f"{group}@{fps}"] = {
                "group": group,
                "fps": fps,
                "paper_reader": _stats(pooled(sessions, "paper-reader", fps, group)),
                "bare_textual": _stats(pooled(sessions, "bare", fps, group)),
                "unverified": sum(r.unverified.get(group, 0) for r in sessions if r.fps == fps),
            }

    def memory(program: str, point: str, key: str) -> float:
        values = [r.memory_kb[point][key] for r in sessions if r.program == program and point in r.memory_kb]
        return statistics.median(values)

    reader_mem = {p: {k: memory("paper-reader", p, k) for k in ("VmRSS", "VmHWM")} for p in
                  ("started", "after_steps", "after_filter")}  # fmt: skip
    bare_mem = {p: {k: memory("bare", p, k) for k in ("VmRSS", "VmHWM")} for p in
                ("started", "after_steps", "after_filter")}  # fmt: skip
    reader_rss = max(sample["VmRSS"] for sample in reader_mem.values())
    memory_ratio = reader_rss / bare_mem["started"]["VmRSS"]

    targets = [
        {
            "figure": "first paint (median)",
            "measured": reader_paint.median_s * 1000,
            "reference": bare_paint.median_s * 1000,
            "unit": "ms",
            "value": paint_ratio,
            "value_text": f"{paint_ratio:.2f}x",
            "target": f"<= {first_paint.TARGET_RATIO}x",
            "met": paint_ratio <= first_paint.TARGET_RATIO,
        }
    ]
    both, unpaced = ("default", UNPACED_FPS), (UNPACED_FPS,)
    rows = [
        ("words", "filter words", FILTER_TARGET_MS, "default", both),
        ("fields", "filter fields", FILTER_TARGET_MS, "default", both),
        ("combined", "filter combined", FILTER_TARGET_MS, "default", both),
        ("j", "cursor j, list+detail", STEP_TARGET_MS, UNPACED_FPS, both),
        ("j-list", "cursor j, list only", STEP_TARGET_MS, None, unpaced),
        ("pagedown", "page down, list+detail", STEP_TARGET_MS, UNPACED_FPS, both),
        ("pagedown-list", "page down, list only", STEP_TARGET_MS, None, unpaced),
    ]
    for group, label, target, judged, pacings in rows:
        for fps in pacings:
            entry = latency[f"{group}@{fps}"]
            median = entry["paper_reader"]["median_ms"]
            targets.append(
                {
                    "figure": f"{label} ({'60 fps' if fps == 'default' else 'unpaced'})",
                    "measured": median,
                    "reference": entry["bare_textual"]["median_ms"],
                    "unit": "ms",
                    "value": median,
                    "value_text": f"{median:.1f} ms",
                    "target": f"< {target:g} ms",
                    "met": median < target,
                    "judged": fps == judged,
                }
            )
    targets.append(
        {
            "figure": "resident memory (largest VmRSS)",
            "measured": reader_rss / 1024,
            "reference": bare_mem["started"]["VmRSS"] / 1024,
            "unit": "MB",
            "value": memory_ratio,
            "value_text": f"{memory_ratio:.3f}x",
            "target": f"<= {MEMORY_TARGET_RATIO:g}x",
            "met": memory_ratio <= MEMORY_TARGET_RATIO,
        }
    )
    return {
        "terminal": f"{COLUMNS}x{ROWS}",
        "python": sys.executable,
        "command": reader_command(),
        "runs": args.runs,
        "paint_runs": args.paint_runs,
        "queries": QUERIES,
        "cursor_steps": {"j": J_STEPS, "pagedown": PAGE_STEPS},
        "page_size": sorted({r.page_size for r in sessions if r.page_size is not None}),
        "synchronized_output": all(r.synchronized for r in sessions),
        "targets": targets,
        "first_paint": {"paper_reader": reader_paint.summary(), "bare_textual": bare_paint.summary()},
        "latency": latency,
        "memory_kb": {"paper_reader": reader_mem, "bare_textual": bare_mem},
        "sessions": [asdict(r) for r in sessions],
        "library": asdict(library),
        "load_average_1min": load,
        "benchmark_seconds": total_s,
    }


def _num(value: float | None, digits: int = 1) -> str:
    return "-" if value is None else f"{value:,.{digits}f}"


def print_report(summary: dict[str, Any]) -> None:
    load = summary["load_average_1min"]
    print(
        f"paper-reader vs a bare Textual app, {summary['terminal']} pty, {summary['runs']} alternating sessions "
        f"of each per pacing (after a warm-up), {summary['paint_runs']} first paints of each"
    )
    print(
        f"load average (1 min) {load['before']:.2f} before, {load['max']:.2f} max, {load['after']:.2f} after, "
        f"on {load['cpus']} CPUs" + ("  -- expect noise" if load["max"] > 0.5 * load["cpus"] else "")
    )
    print()
    columns = f"{'paper-reader':>13} {'bare (ref)':>11} {'value':>9} {'target':>9}  result"
    header = f"  {'figure (latency: median per key)':<36} {columns}"
    print(header)
    print("  " + "-" * (len(header) - 2))
    for t in summary["targets"]:
        unit = t["unit"]
        verdict = "MET" if t["met"] else "NOT MET"
        if t.get("judged") is False:
            verdict = f"({verdict.lower()})"
        print(
            f"  {t['figure']:<36} {_num(t['measured']) + ' ' + unit:>13} {_num(t['reference']) + ' ' + unit:>11} "
            f"{t['value_text']:>9} {t['target']:>9}  {verdict}"
        )
    print()
    print("  Verdicts in parentheses are for information: the filter targets are judged with Textual's default")
    print("  pacing (60 fps, what a user sees), the cursor targets without it (TEXTUAL_FPS=1000, the app's work)")
    print("  on the whole update (list and detail pane). Memory: the largest of paper-reader's VmRSS samples")
    print("  (started, after the cursor steps, after the queries) over the bare app's once started.")
    print()
    print("Latency per key, from writing it to the pty to the end of the frame showing its update (ms)")
    print(
        f"  {'keys':<14} {'pacing':<8} {'n':>5} {'reader med':>11} {'p95':>7} {'max':>7}   {'bare med':>9} {'p95':>7}"
    )
    for entry in summary["latency"].values():
        r, b = entry["paper_reader"], entry["bare_textual"]
        pacing = "60 fps" if entry["fps"] == "default" else "unpaced"
        flag = f"  ({entry['unverified']} unverified)" if entry["unverified"] else ""
        print(
            f"  {entry['group']:<14} {pacing:<8} {r['n']:>5} {_num(r['median_ms']):>11} {_num(r['p95_ms']):>7} "
            f"{_num(r['max_ms']):>7}   {_num(b['median_ms']):>9} {_num(b['p95_ms']):>7}{flag}"
        )
    print(f"  queries: {', '.join(f'{g}: {q}' for g, qs in summary['queries'].items() for q in qs)}; clear: backspaces")
    print(f"  pagedown moved the cursor by {summary['page_size']} papers")
    sync = "yes" if summary["synchronized_output"] else "NO (frames cut by chunks)"
    print(f"  every session drew in synchronized-output frames: {sync}")
    print()
    mem = summary["memory_kb"]
    print("Memory, median over sessions (MB): VmRSS / VmHWM")
    for point in ("started", "after_steps", "after_filter"):
        r, b = mem["paper_reader"][point], mem["bare_textual"][point]
        print(
            f"  {point:<13} paper-reader {r['VmRSS'] / 1024:6.1f} / {r['VmHWM'] / 1024:6.1f}"
            f"   bare {b['VmRSS'] / 1024:6.1f} / {b['VmHWM'] / 1024:6.1f}"
        )
    print()
    library = summary["library"]
    print(f"Library ({library['source']}): {library['papers']:,} papers, {library['size_bytes'] / 1e6:,.1f} MB")
    print(f"Benchmark took {summary['benchmark_seconds']:.0f} s")


# -- main -----------------------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Issue 4's speed targets for paper-reader in one run.")
    parser.add_argument(
        "--runs", type=int, default=DEFAULT_RUNS, help=f"measured sessions of each per pacing (default {DEFAULT_RUNS})"
    )
    parser.add_argument("--paint-runs", type=int, help="measured first paints of each (default 2 * runs + 1)")
    parser.add_argument("--home", type=Path, help="keep the library in DIR/library.db (default: a temp dir)")
    parser.add_argument("--rebuild", action="store_true", help="generate the library again, ignoring the cache")
    parser.add_argument("--papers", type=int, default=DEFAULT_PAPERS, help=argparse.SUPPRESS)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=argparse.SUPPRESS)
    parser.add_argument("--json", action="store_true", help="print the results as JSON on stdout")
    args = parser.parse_args(argv)
    if args.paint_runs is None:
        args.paint_runs = 2 * args.runs + 1
    if args.runs < 1 or args.paint_runs < 1 or args.papers < 1:
        parser.error("--runs, --paint-runs and --papers must be at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    began = time.perf_counter()
    loads = [os.getloadavg()[0]]
    sessions: list[SessionResult] = []
    try:
        with tempfile.TemporaryDirectory(prefix="interactive-") as temp:
            work = Path(temp)
            home = args.home.expanduser().resolve() if args.home else work / "home"
            library = prepare_library(home, args.papers, args.seed, args.rebuild)
            db = Path(library.path)
            _progress("opening the library once (schema migration, if any) ...")
            Library.open(db).close()
            expected = compute_expected(db, QUERIES)
            bare_app = work / "bare_app.py"
            bare_app.write_text(BARE_APP, encoding="utf-8")
            reader_argv = [*reader_command(), "--home", str(home), "--no-refresh"]
            bare_argv = [sys.executable, str(bare_app)]

            _progress(f"first paint: {args.paint_runs} runs of each ...")
            paint_bare = work / "paint_bare.py"
            paint_bare.write_text(first_paint.BARE_APP, encoding="utf-8")
            reader_paint = Series("paper-reader", reader_argv, [f"of {args.papers:,} papers", "Quit"], [])
            bare_paint = Series(
                "bare Textual app", [sys.executable, str(paint_bare)], [first_paint.BARE_MARKER, "Quit"], []
            )
            first_paint.run_benchmark([reader_paint, bare_paint], args.paint_runs, 1)
            loads.append(os.getloadavg()[0])

            programs = (("paper-reader", reader_argv), ("bare", bare_argv))
            for fps in ("default", UNPACED_FPS):
                pacing = "default pacing" if fps == "default" else f"TEXTUAL_FPS={fps}"
                for run in range(args.runs + 1):
                    for program, command in programs:
                        result = run_session(program, command, fps, expected, QUERIES)
                        if run > 0:
                            sessions.append(result)
                        loads.append(os.getloadavg()[0])
                    done = sessions[-2:] if run > 0 else []
                    _progress(
                        f"{pacing}, {'warm-up done' if run == 0 else f'session {run}/{args.runs}'}"
                        + (": " if done else "")
                        + ", ".join(
                            f"{r.program} j {statistics.median(r.steps['j']):.1f} ms, "
                            f"words {statistics.median(r.steps['words']):.1f} ms"
                            for r in done
                        )
                    )
    except (MeasureError, LibraryError, OSError, sqlite3.Error) as exc:
        print(f"interactive: {exc}", file=sys.stderr)
        return 1
    total = time.perf_counter() - began
    load = {"before": loads[0], "after": loads[-1], "max": max(loads), "cpus": os.cpu_count() or 1, "samples": loads}
    summary = summarize(args, (reader_paint, bare_paint), sessions, library, load, total)
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        print_report(summary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
