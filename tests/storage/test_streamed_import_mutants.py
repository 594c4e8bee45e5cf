"""`Library.import_stream` in this process (the console-script tests run it in a child, where no mutant is):
batches, counts, progress, meta, and a failure part way that leaves the library and the connection as they were."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from reader.core.paper import Paper
from reader.storage.library import Library
from reader.storage.rows import ImportCounts
from reader.storage.streamed_import import DEFAULT_IMPORT_BATCH, IMPORT_BATCH_ENV, import_batch_size


def paper(number: int, **fields: object) -> Paper:
    values: dict[str, object] = {
        "id": f"2605.{number:05d}",
        "title": f"Paper {number}",
        "abstract": f"About {number}.",
        "authors": ("Ada Lovelace",),
        "daily_date": "2026-05-04",
        "upvotes": number,
        **fields,
    }
    return Paper(**values)  # type: ignore[arg-type]


@pytest.fixture
def library(home: Path):
    with Library.open(home / "library.db") as opened:
        yield opened


@pytest.mark.parametrize(
    ("value", "size"), [(None, DEFAULT_IMPORT_BATCH), ("3", 3), ("1", 1), ("0", DEFAULT_IMPORT_BATCH),
                        ("-2", DEFAULT_IMPORT_BATCH), ("x", DEFAULT_IMPORT_BATCH), ("", DEFAULT_IMPORT_BATCH)],
)  # fmt: skip
def test_the_batch_size_comes_from_the_environment_when_it_is_a_positive_number(
    value: str | None, size: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    if value is None:
        monkeypatch.delenv(IMPORT_BATCH_ENV, raising=False)
    else:
        monkeypatch.setenv(IMPORT_BATCH_ENV, value)
    assert DEFAULT_IMPORT_BATCH == 5_000
    assert import_batch_size() == size


def test_batches_count_and_report_what_they_did(library: Library, home: Path) -> None:
    seen: list[tuple[str, int, int | None]] = []
    counts = library.import_stream(
        (paper(n) for n in range(1, 6)), batch_size=2, progress=lambda *step: seen.append(step), meta={"k": "v"}
    )
    assert counts == ImportCounts(5, 0, 0)
    assert seen == [("read", 2, None), ("read", 4, None), ("read", 5, None),
                    ("stored", 2, 5), ("stored", 4, 5), ("stored", 5, 5)]  # fmt: skip
    assert library.count() == 5 and library.get_meta("k") == "v"
    stored = library.paper_by_id("2605.00003")
    assert stored is not None and (stored.title, stored.upvotes, stored.authors) == ("Paper 3", 3, ("Ada Lovelace",))

    again = [paper(1), paper(2, upvotes=20), paper(3), paper(6), paper(4, title="Paper 4, renamed"), paper(5)]
    assert library.import_stream(iter(again), batch_size=1) == ImportCounts(1, 2, 3)
    assert library.count() == 6
    renamed = library.paper_by_id("2605.00004")
    assert renamed is not None and renamed.title == "Paper 4, renamed"
    with sqlite3.connect(home / "library.db") as other:  # committed, seen from another connection
        assert other.execute("SELECT upvotes FROM papers WHERE id = '2605.00002'").fetchone() == (20,)


def test_a_later_copy_in_the_same_input_wins_and_counts_once(library: Library) -> None:
    counts = library.import_stream(iter([paper(1), paper(2), paper(1, title="Paper 1 again")]), batch_size=2)
    assert counts == ImportCounts(2, 0, 0)
    first = library.paper_by_id("2605.00001")
    assert first is not None and first.title == "Paper 1 again"


def test_no_papers_change_nothing_and_write_no_meta(library: Library) -> None:
    seen: list[tuple[str, int, int | None]] = []
    assert library.import_stream(iter([]), meta={"k": "v"}, progress=lambda *step: seen.append(step)) == ImportCounts(
        0, 0, 0
    )
    assert library.count() == 0 and library.get_meta("k") is None and seen == []


class Broken(Exception):
    """What a parser raises part way through a file."""


def test_a_failure_part_way_leaves_the_library_and_the_connection_as_they_were(library: Library, home: Path) -> None:
    library.import_stream(iter([paper(1), paper(2)]), batch_size=2)
    library.star("2605.00001")

    def failing():
        yield paper(1, title="Changed")
        yield paper(3)
        yield paper(4)
        raise Broken("item 3 is not JSON")

    with pytest.raises(Broken, match="item 3 is not JSON"):
        library.import_stream(failing(), batch_size=2, meta={"k": "v"})
    assert library.count() == 2 and library.get_meta("k") is None
    first = library.paper_by_id("2605.00001")
    assert first is not None and first.title == "Paper 1" and library.state("2605.00001").starred
    tables = library._db.execute("SELECT name FROM temp.sqlite_master WHERE type = 'table'").fetchall()
    assert tables == [], "the staging table is dropped"
    assert not library._db.in_transaction
    assert library._db.execute("PRAGMA cache_size").fetchone() == (-2000,)
    assert library.import_stream(iter([paper(3)]), batch_size=2) == ImportCounts(1, 0, 0)  # the next one works
    assert library._db.execute("PRAGMA cache_size").fetchone() == (-2000,)
    with sqlite3.connect(home / "library.db") as other:
        assert other.execute("SELECT count(*) FROM papers").fetchone() == (3,)


def test_counts_add_up_field_by_field() -> None:
    assert ImportCounts(1, 2, 3) + ImportCounts(10, 20, 30) == ImportCounts(11, 22, 33)


def test_a_paper_like_an_old_one_keeps_what_the_new_copy_lacks(library: Library) -> None:
    library.import_stream(iter([paper(1, github_repo="https://github.com/a/b", organization="Org")]))
    assert library.import_stream(iter([replace(paper(1), upvotes=7)])) == ImportCounts(0, 1, 0)
    kept = library.paper_by_id("2605.00001")
    assert kept is not None and kept.upvotes == 7 and kept.github_repo == "https://github.com/a/b"
    assert kept.organization == "Org"
