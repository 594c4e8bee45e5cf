"""First paints of several programs, alternating, after warm-up runs.

In a pty by default (pty_driver.time_to_first_paint), or by any function of the same shape, such as
tmux_paint.TmuxServer.time_to_first_paint.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from . import progress
from .pty_driver import time_to_first_paint
from .stats import median


@dataclass
class Series:
    """The first paints of one program: its command, the markers of its first frame, the seconds."""

    name: str
    command: list[str]
    markers: list[str]
    runs_s: list[float]

    @property
    def median_s(self) -> float:
        return median(self.runs_s)

    def summary(self) -> dict[str, Any]:
        return {**asdict(self), "median_s": self.median_s, "min_s": min(self.runs_s), "max_s": max(self.runs_s)}


PaintTimer = Callable[[Sequence[str], Sequence[str]], float]
"""Seconds from launching a command until all the markers are on its screen."""


def run_paints(series: Sequence[Series], runs: int, warmup: int, timer: PaintTimer = time_to_first_paint,
               label: str = "") -> None:  # fmt: skip
    """`warmup` unmeasured runs of each series, then `runs` measured runs of each, alternating.

    The warm-up keeps byte-code compilation and a cold page cache from counting against either.
    """
    for _ in range(warmup):
        for s in series:
            timer(s.command, s.markers)
    for n in range(runs):
        for s in series:
            s.runs_s.append(timer(s.command, s.markers))
        progress(f"{label}run {n + 1}/{runs}: " + ", ".join(f"{s.name} {s.runs_s[-1] * 1000:.0f} ms" for s in series))
