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
"""

from __future__ import annotations

import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

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


def main(argv: list[str]) -> None:
    from reader.core.marks import now_iso
    from reader.sources.hf_api import parse_feed_text
    from reader.storage.library import Library
    from reader.storage.state_export import export_library

    home, seed, count = Path(argv[0]), int(argv[1]), int(argv[2])
    papers = parse_feed_text(FIXTURE.read_bytes()).papers
    paper_ids = argv[3:] or [paper.id for paper in papers]
    with Library.open(home / "library.db") as library:
        print("ready", flush=True)
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
            print(f"done {number}", flush=True)
            if number == count:
                export_library(library, home / "state.toml")  # as the reader does at exit
                break


if __name__ == "__main__":
    main(sys.argv[1:])
