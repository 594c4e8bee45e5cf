"""The list's order and dates: the sort, its direction, and the day/week/month span in view."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from reader.core.spans import Span, Step
from reader.query import Sort
from reader.storage.library import Library


@dataclass(frozen=True)
class Note:
    """Why a step changed nothing, for a toast."""

    text: str
    warning: bool = False
    timeout: float | None = None


NO_LISTS = Note("No Daily lists in the library yet", warning=True)


@dataclass
class ListOrder:
    """What `O`, `r`, `T`, `[` and `]` change; a step that changes nothing returns a `Note` saying why."""

    sort: Sort = Sort.DATE
    reverse: bool = False
    step: Step = Step.DAY
    span: Span | None = None

    def describe(self) -> str:
        """The status line's right side: `date, newest first · 2026-06-12`."""
        return f"{self.sort.describe(self.reverse)} · {self.span.label if self.span else 'all dates'}"

    def cycle_sort(self) -> None:
        order = list(Sort)
        self.sort = order[(order.index(self.sort) + 1) % len(order)]
        self.reverse = False

    def sort_by(self, sort: Sort) -> None:
        self.sort, self.reverse = sort, False

    def toggle_reverse(self) -> None:
        self.reverse = not self.reverse

    def cycle_step(self, library: Library) -> Note | None:
        """Day -> week -> month -> all dates; a span in view widens or narrows around its first day."""
        if self.span is None:
            self.step = Step.DAY
            latest = library.latest_list_date()
            if latest is None:
                return NO_LISTS
            self.span = Span.around(Step.DAY, date.fromisoformat(latest))
        elif self.span.step is Step.MONTH:
            self.span = None
        else:
            self.step = self.span.step.next()
            anchor = _latest_in(library, self.span) or self.span.first
            self.span = Span.around(self.step, anchor)
        return None

    def step_span(self, library: Library, direction: int) -> Note | None:
        """`[` / `]`: the previous / next day (week, month) that has papers; from all dates, the newest."""
        if self.span is None:
            if direction > 0:
                return Note("Showing all dates: [ steps back from the newest list", timeout=3)
            latest = library.latest_list_date()
            if latest is None:
                return NO_LISTS
            self.span = Span.around(self.step, date.fromisoformat(latest))
            return None
        if direction < 0:
            found = library.list_date_before(self.span.first.isoformat())
        else:
            found = library.list_date_after(self.span.last.isoformat())
        if found is None:
            return Note(f"No {'earlier' if direction < 0 else 'later'} papers", timeout=2)
        self.span = Span.around(self.span.step, date.fromisoformat(found))
        return None


def _latest_in(library: Library, span: Span) -> date | None:
    before = library.list_date_before(date.fromordinal(span.last.toordinal() + 1).isoformat())
    return date.fromisoformat(before) if before and before >= span.first.isoformat() else None
