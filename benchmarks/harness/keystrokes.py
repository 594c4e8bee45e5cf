"""A scripted session of keys in one program: cursor steps, then queries typed into the filter box.

What each key must bring to the screen is computed beforehand in-process on the same library
(`compute_expected`), so a step's end is the frame that shows it:

* cursor, paper-reader: a paper after the one under the cursor whose title (first 16 characters,
  drawn in the list's line and the detail pane) and authors (first 30 characters, drawn only in
  the detail pane) both show; which paper it is gives the new cursor, and the steps are checked
  (1 for ``j``, the same page for every ``pagedown``). The list's part alone ("j-list",
  "pagedown-list") is the first frame since the key that draws that paper's title;
* filter, paper-reader: the filter pane's count "N of 50,000 papers", N from
  ``Library.select(PaperFilter(text=...))`` (or, for text malformed for a moment, the start of
  the error "col C: message" that replaces the count);
* bare app: its line's new text ("[step N]", "[page N]", "[len=N]");
* ``/`` (focus): the output going quiet for 20 ms (see pty_driver.Session.key).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from reader.query import PaperFilter, QueryError
from reader.storage.library import Library

from . import MeasureError
from .programs import bare_markers
from .pty_driver import KEYS, ROWS, STARTUP_TIMEOUT_S, Session, Step

TITLE_PREFIX = 16
AUTHORS_PREFIX = 30
CANDIDATES = 80
"""Papers after the cursor that may be the one a step lands on (more than a page)."""
J_STEPS, PAGE_STEPS = 100, 30


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


def compute_expected(path: Path, queries: dict[str, list[str]]) -> Expected:
    reach = J_STEPS + PAGE_STEPS * ROWS + CANDIDATES + 1
    with Library.open(path) as library:
        total = library.count()
        pks = library.select(PaperFilter())[:reach]
        rows = library.list_rows(pks)
        papers = [library.paper(pk) for pk in pks]
        authors = [", ".join(p.authors)[:AUTHORS_PREFIX] if p else "" for p in papers]
        titles = [" ".join(rows[pk].title.split())[:TITLE_PREFIX] for pk in pks]
        expected = Expected(total, titles, authors)
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


def _reader_cursor_step(session: Session, group: str, cursor: int, expected: Expected) -> tuple[Step, Step, int]:
    """One `j` or `pagedown` in paper-reader: (whole step, list part, how far the cursor moved)."""
    first = cursor + 1
    window = list(zip(expected.titles[first : first + CANDIDATES],
                      expected.authors[first : first + CANDIDATES], strict=True))  # fmt: skip

    def hits_in(text: str) -> list[int]:
        return [n for n, (title, authors) in enumerate(window) if authors in text and title in text]

    step = session.key(KEYS[group], lambda text: bool(hits_in(text)))
    hits = hits_in(step.text)
    if not hits:
        raise MeasureError(f"paper-reader: a cursor step ({group}) from {cursor} did not land on a paper")
    list_ms = step.first_showing(window[hits[0]][0])
    return step, Step(step.ms if list_ms is None else list_ms, step.verified), hits[0] + 1


def _cursor_steps(session: Session, result: SessionResult, is_reader: bool, expected: Expected) -> None:
    """`j` J_STEPS times, then `pagedown` PAGE_STEPS times; the list has the focus at start."""
    cursor = count = 0
    pages: list[int] = []
    for group, steps in (("j", J_STEPS), ("pagedown", PAGE_STEPS)):
        for _ in range(steps):
            count += 1
            if is_reader:
                step, list_step, moved = _reader_cursor_step(session, group, cursor, expected)
                if group == "j" and moved != 1:
                    raise MeasureError(f"paper-reader: j moved the cursor by {moved}")
                if group == "pagedown":
                    pages.append(moved)
                cursor += moved
            else:
                marker = f"[{'step' if group == 'j' else 'page'} {count}]"
                step = list_step = session.key(KEYS[group], lambda text, marker=marker: marker in text)
            result.add(f"{group}-list", list_step)
            result.add(group, step)
    if pages:
        result.page_size = pages[0]
        if len(set(pages)) > 1:
            raise MeasureError(f"paper-reader: pagedown moved the cursor by varying amounts {sorted(set(pages))}")


def _filter_steps(session: Session, result: SessionResult, is_reader: bool, expected: Expected,
                  queries: dict[str, list[str]]) -> None:  # fmt: skip
    """Focus the box, type each query a key at a time, clear it with backspaces ("clear")."""
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


def run_session(program: str, argv: Sequence[str], fps: str, expected: Expected,
                queries: dict[str, list[str]]) -> SessionResult:  # fmt: skip
    """One session: start and settle, cursor steps, queries; memory sampled after each phase."""
    is_reader = program == "paper-reader"
    result = SessionResult(program, fps)
    with Session(argv, {} if fps == "default" else {"TEXTUAL_FPS": fps}) as session:
        ready = [f"of {expected.total:,} papers", "Quit"] if is_reader else bare_markers()
        session.wait_for(lambda text: all(marker in text for marker in ready), STARTUP_TIMEOUT_S)
        session.settle()
        result.memory_kb["started"] = session.memory_kb()
        _cursor_steps(session, result, is_reader, expected)
        session.settle()
        result.memory_kb["after_steps"] = session.memory_kb()
        _filter_steps(session, result, is_reader, expected, queries)
        session.settle(minimum=0.3)
        result.memory_kb["after_filter"] = session.memory_kb()
        result.synchronized = session.synchronized
    return result
