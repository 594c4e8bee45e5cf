"""The statistics every benchmark reports: median, p95, ratios, the spread of repeated runs, the load."""

from __future__ import annotations

import os
import statistics
from collections.abc import Sequence
from typing import Any


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def percentile(values: Sequence[float], q: float) -> float:
    """The value below which a fraction `q` of `values` lies (nearest rank, no interpolation)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))]


def latency_stats(values: Sequence[float]) -> dict[str, Any]:
    """n, median, p95 and max of a list of milliseconds (None for an empty list)."""
    if not values:
        return {"n": 0, "median_ms": None, "p95_ms": None, "max_ms": None}
    return {"n": len(values), "median_ms": median(values), "p95_ms": percentile(values, 0.95), "max_ms": max(values)}


def ratio(measured: float, reference: float) -> float:
    return measured / reference


def spread(values: Sequence[float]) -> dict[str, float]:
    """How far repeated runs of the same code differ: min, max, median, range and the range relative to the median.

    The range of a figure over repeated runs is its run-to-run noise: a difference between two
    programs smaller than the larger of their ranges is not a difference this machine can show.
    """
    low, high, mid = min(values), max(values), median(values)
    return {"n": len(values), "min": low, "max": high, "median": mid, "range": high - low,
            "relative_range": (high - low) / mid if mid else 0.0}  # fmt: skip


class LoadSampler:
    """The 1-minute load average, sampled before, between and after runs: the machine is shared."""

    def __init__(self) -> None:
        self.samples = [os.getloadavg()[0]]

    def sample(self) -> float:
        self.samples.append(os.getloadavg()[0])
        return self.samples[-1]

    @property
    def cpus(self) -> int:
        return os.cpu_count() or 1

    def summary(self) -> dict[str, Any]:
        return {"before": self.samples[0], "after": self.samples[-1], "max": max(self.samples), "cpus": self.cpus,
                "samples": self.samples}  # fmt: skip

    def busy(self) -> bool:
        """More load than half the CPUs: expect noise."""
        return max(self.samples) > 0.5 * self.cpus

    def note(self) -> str:
        load = self.summary()
        return (f"load average (1 min) {load['before']:.2f} before, {load['max']:.2f} max, {load['after']:.2f} after, "
                f"on {load['cpus']} CPUs" + ("  -- expect noise" if self.busy() else ""))  # fmt: skip
