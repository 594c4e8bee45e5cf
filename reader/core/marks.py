"""Marks (read, starred) and their merge rule: per paper and per mark the later change wins, in any order."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

MARKS = ("read", "starred")
"""The marks a paper can carry, in the order they are written."""


@dataclass(frozen=True, order=True, slots=True)
class Mark:
    """One mark's last change: when, and whether it was turned on or off.

    Ordered by (time, on): the greater of two is the one a merge keeps, and
    a tie in time goes to `on`, so the order of merging never matters.
    """

    changed_at: str
    on: bool


PaperMarks = dict[str, Mark]
"""Mark name ('read', 'starred') -> its last change; a mark never changed is absent."""


AllMarks = dict[str, PaperMarks]
"""Paper id -> its marks."""


def merge(*sources: Mapping[str, PaperMarks]) -> AllMarks:
    """Every paper's marks, keeping per mark the latest change of all the sources."""
    merged: AllMarks = {}
    for source in sources:
        for paper_id, marks in source.items():
            into = merged.setdefault(paper_id, {})
            for name, mark in marks.items():
                if name not in into or mark > into[name]:
                    into[name] = mark
    return merged


def iso_stamp(moment: datetime) -> str:
    """`moment` as the one timestamp form of marks and sync times, `2026-06-12T08:30:00.000Z`: UTC with
    milliseconds, so text order is time order. A naive `moment` is taken as local time, as `astimezone` does."""
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def now_iso() -> str:
    """Now as an `iso_stamp`: sortable, and what state export compares."""
    return iso_stamp(datetime.now(UTC))
