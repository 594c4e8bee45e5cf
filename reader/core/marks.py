"""Marks (read, starred), tags and notes, and their merge rule: per paper and per element the later change wins,
in any order."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
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


# -- tags and notes: the same promise as marks, per element ------------------------------


@dataclass(frozen=True, order=True, slots=True)
class TagChange:
    """One tag's last change on a paper: when, whether it was put on or taken off, and its label as typed.

    Ordered like `Mark` (time, then on before off, then the label), so the
    greater change wins a merge and the order of merging never matters: a
    tag added on one machine and another tag on a second both stay, a tag
    removed on one and left alone on the other is removed.
    """

    changed_at: str
    on: bool
    label: str


@dataclass(frozen=True, order=True, slots=True)
class Note:
    """A paper's note and the time of its last change; the later edit wins (an empty text is a deleted note)."""

    changed_at: str
    text: str


PaperTags = dict[str, TagChange]
"""Tag key (case-folded, see core/annotations.py) -> its last change."""


@dataclass(frozen=True, slots=True)
class UserState:
    """Everything the user made and a library cannot fetch again: marks, tags and notes, per paper id."""

    marks: AllMarks = field(default_factory=dict)
    tags: dict[str, PaperTags] = field(default_factory=dict)
    notes: dict[str, Note] = field(default_factory=dict)

    def paper_ids(self) -> set[str]:
        return {*self.marks, *self.tags, *self.notes}

    def __len__(self) -> int:
        return len(self.paper_ids())


def merge_state(*sources: UserState) -> UserState:
    """The order-free merge of whole states: per mark, per tag and per note the greater change wins.

    Commutative, associative and idempotent (tests/test_merge_properties.py).
    """
    tags: dict[str, PaperTags] = {}
    notes: dict[str, Note] = {}
    for source in sources:
        for paper_id, changes in source.tags.items():
            into = tags.setdefault(paper_id, {})
            for key, change in changes.items():
                if key not in into or change > into[key]:
                    into[key] = change
        for paper_id, note in source.notes.items():
            if paper_id not in notes or note > notes[paper_id]:
                notes[paper_id] = note
    return UserState(merge(*(source.marks for source in sources)), tags, notes)


def tags_on(changes: PaperTags) -> tuple[str, ...]:
    """The labels of the tags that are on, sorted by key (how tags are shown and exported)."""
    return tuple(change.label for _, change in sorted(changes.items()) if change.on)
