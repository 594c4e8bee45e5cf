"""Day navigation: the span of Daily lists the list is narrowed to (a day, an ISO week or a month)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum


class Step(Enum):
    """How far `[` and `]` move."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"

    def next(self) -> Step:
        order = list(Step)
        return order[(order.index(self) + 1) % len(order)]


@dataclass(frozen=True)
class Span:
    """The days from `first` to `last` (inclusive), as one day, week or month."""

    step: Step
    first: date

    @classmethod
    def around(cls, step: Step, day: date) -> Span:
        """The day, week (Monday first) or month holding `day`."""
        if step is Step.WEEK:
            return cls(step, day - timedelta(days=day.weekday()))
        if step is Step.MONTH:
            return cls(step, day.replace(day=1))
        return cls(step, day)

    @property
    def last(self) -> date:
        if self.step is Step.WEEK:
            return self.first + timedelta(days=6)
        if self.step is Step.MONTH:
            return (self.first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        return self.first

    @property
    def label(self) -> str:
        """'Fri 2026-06-12', 'week 2026-W24', 'June 2026'."""
        if self.step is Step.WEEK:
            year, week, _ = self.first.isocalendar()
            return f"week {year}-W{week:02d}"
        if self.step is Step.MONTH:
            return self.first.strftime("%B %Y")
        return self.first.strftime("%a %Y-%m-%d")

    def bounds(self) -> tuple[str, str]:
        """ISO dates for `list_date BETWEEN ? AND ?`."""
        return self.first.isoformat(), self.last.isoformat()
