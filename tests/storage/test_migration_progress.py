"""A migration tells how far it is (issue 17, target 6): steps that only grow, up to all of them, and the full-text
index it rebuilds a range of papers at a time finds every paper after."""

from __future__ import annotations

import itertools
from pathlib import Path

from old_library import write_schema_2_library

from reader.query import PaperFilter
from reader.storage import migrate
from reader.storage.library import Library
from reader.storage.schema import SCHEMA_VERSION


def test_a_migration_reports_steps_that_grow_to_the_total_and_the_index_is_whole(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(migrate, "REBUILD_STEP", 7)  # 50 papers: the index is rebuilt in 8 ranges
    path = tmp_path / "library.db"
    write_schema_2_library(path, 50)
    assert migrate.upgrade_pending(path)
    reports: list[tuple[int, int]] = []

    with Library.open(path, lambda done, total: reports.append((done, total))) as library:
        assert library._db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert len(library.select(PaperFilter(text="zebrafish"))) == 50
        assert len(library.select(PaperFilter(text="zebra"))) == 50  # the prefix index too
        assert library.integrity_ok()

    (total,) = {total for _, total in reports}
    dones = [done for done, _ in reports]
    assert dones[0] == 0 and dones[-1] == total and dones == sorted(dones)
    assert total > 50, "every paper indexed again is a step, and every statement"
    assert sum(1 for a, b in itertools.pairwise(dones) if b - a == 7) == 7, "ranges of 7 papers"
    assert not migrate.upgrade_pending(path)


def test_an_up_to_date_or_missing_library_needs_no_upgrade(tmp_path: Path) -> None:
    path = tmp_path / "library.db"
    assert not migrate.upgrade_pending(path)
    reports: list[tuple[int, int]] = []
    Library.open(path, lambda done, total: reports.append((done, total))).close()  # a new library: set up
    Library.open(path, lambda done, total: reports.append((done, total))).close()  # then nothing to do
    assert not migrate.upgrade_pending(path)
    assert reports[-1][0] == reports[-1][1] and len({total for _, total in reports}) == 1
