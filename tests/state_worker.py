"""A loop of library writes through the reader's own code paths, for the crash and concurrency tests.

`python tests/state_worker.py HOME SEED OPS [PAPER_ID...]` makes OPS changes
(forever when OPS is 0), chosen from SEED, to the papers named (default: the
2026-06-12 fixture's): star or unstar, mark read or unread (`Library.star`,
`Library.mark_read`, as the reader's keys do), store a Daily list with new
upvotes (`Library.store_list`, as a sync does) and export state.toml
(`export_library`, as the reader does after changes). After each call has
returned it prints `done N`, so a test that kills it knows which changes
were committed; after the last of OPS it exports once more, as the reader
does at exit. `ops()` gives the same changes to the test, to replay.

`write_until_killed` is the same loop for a process forked from a server that has already imported the reader
(tests/forked.py): the kill test starts 200 writers, and a new interpreter importing the reader for each was
most of that test's CPU.
"""

from __future__ import annotations

import random
import sys
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

FIXTURE = Path(__file__).parent / "fixtures" / "hf_daily_2026-06-12.json"
LIST_KEY = "date=2026-06-12"


@dataclass(frozen=True)
class Op:
    """One change: `kind` is 'starred', 'read', 'list' (value: upvotes for every paper) or 'export'."""

    kind: str
    paper_id: str
    value: int


def ops(seed: int, paper_ids: list[str]) -> Iterator[Op]:
    """The endless sequence of changes for this seed."""
    rng = random.Random(seed)
    while True:
        roll = rng.random()
        paper_id = rng.choice(paper_ids)
        if roll < 0.4:
            yield Op("starred", paper_id, int(rng.random() < 0.6))
        elif roll < 0.8:
            yield Op("read", paper_id, int(rng.random() < 0.7))
        elif roll < 0.9:
            yield Op("list", "", rng.randrange(1000))
        else:
            yield Op("export", "", 0)


def write(home: Path, seed: int, count: int, paper_ids: list[str], say: Callable[[str], None]) -> None:
    """The loop: `say("ready")` once the library is open, `say(f"done {n}")` after each change has returned."""
    from reader.core.marks import now_iso
    from reader.sources.hf_api import parse_feed_text
    from reader.storage.library import Library
    from reader.storage.state_export import export_library

    papers = parse_feed_text(FIXTURE.read_bytes()).papers
    paper_ids = paper_ids or [paper.id for paper in papers]
    with Library.open(home / "library.db") as library:
        say("ready")
        for number, op in enumerate(ops(seed, paper_ids), start=1):
            if op.kind == "starred":
                library.star(op.paper_id, bool(op.value))
            elif op.kind == "read":
                library.mark_read(op.paper_id, bool(op.value))
            elif op.kind == "list":
                changed = [replace(paper, upvotes=op.value) for paper in papers]
                library.store_list(LIST_KEY, changed, seen_at=now_iso())
            else:
                export_library(library, home / "state.toml")
            say(f"done {number}")
            if number == count:
                export_library(library, home / "state.toml")  # as the reader does at exit
                break


def write_until_killed(home: str, seed: int, pipe: Connection) -> None:
    """`write` forever, each line sent as one message on `pipe` (one write(2) of a few bytes: whole or not at
    all, as a printed line is); a failure is sent as its traceback, since a forked writer has no stderr to read."""
    try:
        write(Path(home), seed, 0, [], lambda line: pipe.send_bytes(line.encode()))
    except BaseException:
        pipe.send_bytes(traceback.format_exc().encode())
        raise


def main(argv: list[str]) -> None:
    home, seed, count = Path(argv[0]), int(argv[1]), int(argv[2])
    write(home, seed, count, argv[3:], lambda line: print(line, flush=True))


if __name__ == "__main__":
    main(sys.argv[1:])
