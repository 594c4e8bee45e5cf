"""Where the reader was left: the filter, the toggles, the order, the span and the paper under the cursor.

Kept in the library's meta table (it is the library's place, not a setting) at
exit, and put back at the next start unless `restore_session = false`. A stored
value that does not read back exactly (an older format, a hand edit, a damaged
row) is ignored, never an error.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import asdict, dataclass, fields
from datetime import date

from reader.core.paper import Paper
from reader.core.spans import Span, Step
from reader.query import PaperFilter, Sort
from reader.storage.errors import LibraryError
from reader.storage.library import Library
from reader.tui.order import ListOrder
from reader.tui.widgets.filter_pane import FilterPane

META_KEY = "tui.place"


@dataclass(frozen=True)
class Place:
    """The main screen's state worth coming back to, as plain values."""

    text: str = ""
    starred_only: bool = False
    unread_only: bool = False
    has_code: bool = False
    sort: str = Sort.DATE.value
    reverse: bool = False
    step: str = Step.DAY.value
    span_first: str | None = None
    """The first day of the span in view (None: all dates)."""
    paper_pk: int | None = None
    paper_id: str | None = None
    """The paper under the cursor: its pk, checked against its id (a rebuilt library has other pks)."""

    def encode(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)

    @property
    def order(self) -> tuple[Sort, bool, Step, Span | None]:
        """Sort, reverse, step and span; raises ValueError for a value that names none."""
        step = Step(self.step)
        span = Span.around(step, date.fromisoformat(self.span_first)) if self.span_first else None
        return Sort(self.sort), self.reverse, step, span


_TYPES = {"text": (str,), "starred_only": (bool,), "unread_only": (bool,), "has_code": (bool,), "sort": (str,),
          "reverse": (bool,), "step": (str,), "span_first": (str, type(None)), "paper_pk": (int, type(None)),
          "paper_id": (str, type(None))}  # fmt: skip
"""What each field of a stored `Place` must be."""


def decode(stored: str | None) -> Place | None:
    """The place stored by `Place.encode`, or None for anything else (missing, malformed, of the wrong types)."""
    if not stored or len(stored) > 100_000:
        return None
    try:
        data = json.loads(stored)
    except ValueError:
        return None
    if not isinstance(data, dict) or set(data) != {f.name for f in fields(Place)}:
        return None
    for name, value in data.items():
        kinds = _TYPES[name]
        if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
            return None
    place = Place(**data)
    try:
        place.order  # noqa: B018 - checks the sort, the step and the date
    except (ValueError, OverflowError):
        return None
    return place


def save_place(
    library: Library, paper_filter: PaperFilter, order: ListOrder, current: tuple[int, Paper] | None
) -> None:
    """Keep where the reader is in the library; a library that cannot take it just does not (exit goes on).

    `current`: the pk and paper under the cursor.
    """
    place = Place(
        text=paper_filter.text,
        starred_only=paper_filter.starred_only,
        unread_only=paper_filter.unread_only,
        has_code=paper_filter.has_code,
        sort=order.sort.value,
        reverse=order.reverse,
        step=order.step.value,
        span_first=order.span.first.isoformat() if order.span else None,
        paper_pk=current[0] if current is not None else None,
        paper_id=current[1].id if current is not None else None,
    )
    with contextlib.suppress(LibraryError):
        library.set_meta(META_KEY, place.encode())


def restore_place(library: Library, filter_pane: FilterPane, order: ListOrder) -> int | None:
    """Put the stored place back in the filter pane and the order; the pk of the paper to put the cursor on."""
    try:
        place = decode(library.get_meta(META_KEY))
    except LibraryError:
        return None
    if place is None:
        return None
    order.sort, order.reverse, order.step, order.span = place.order
    filter_pane.restore(place.text, {"only-starred": place.starred_only, "only-unread": place.unread_only,
                                     "only-code": place.has_code})  # fmt: skip
    if place.paper_pk is None:
        return None
    paper = library.paper(place.paper_pk)
    return place.paper_pk if paper is not None and paper.id == place.paper_id else None
