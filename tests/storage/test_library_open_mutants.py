"""Opening a library that cannot be one (a newer schema, a file where a folder should be, a folder where the file
should be, a write-ahead log that cannot be made), the small facts kept in `meta`, and list rows by pk.
The edges a mutation run found unguarded in this layer."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from reader.core.paper import Paper
from reader.storage.errors import LibraryError
from reader.storage.library import Library
from reader.storage.schema import SCHEMA_VERSION

P1, P2 = "2606.00001", "2606.00002"


def open_problem(path: Path) -> str:
    with pytest.raises(LibraryError) as raised:
        Library.open(path)
    return str(raised.value)


def test_a_library_of_a_newer_schema_is_refused_with_what_to_do(home: Path) -> None:
    path = home / "library.db"
    Library.open(path).close()
    with sqlite3.connect(path) as connection:
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    connection.close()
    assert open_problem(path) == (
        f"library {path} was written by a newer paper-reader (schema {SCHEMA_VERSION + 1}); "
        "upgrade paper-reader to open it"
    )


def test_a_library_that_cannot_be_made_is_named_with_the_reason(home: Path) -> None:
    (home / "file").write_text("", encoding="utf-8")
    assert open_problem(home / "file" / "library.db") == (
        f"cannot create library {home / 'file' / 'library.db'}: File exists: {home / 'file'}"
    )
    (home / "folder.db").mkdir()
    assert open_problem(home / "folder.db") == f"cannot open library {home / 'folder.db'}: unable to open database file"


def test_a_new_library_that_cannot_be_set_up_is_removed_again(home: Path) -> None:
    path = home / "library.db"
    (home / "library.db-wal").mkdir()  # the write-ahead log cannot be made
    assert open_problem(path).startswith(f"cannot use library {path}: disk I/O error")
    assert not path.exists() and not (home / "library.db-shm").exists()
    assert (home / "library.db-wal").is_dir()  # not ours to remove


def test_small_facts_are_set_deleted_and_written_with_an_import(home: Path) -> None:
    with Library.open(home / "library.db") as library:
        library.set_meta("kept", "1")
        library.set_meta("gone", "2")
        library.set_meta("gone", None)
        assert (library.get_meta("kept"), library.get_meta("gone")) == ("1", None)
        library.import_papers([Paper(id=P1, title="One")], meta={"synced": "2026-06-12", "kept": None})
    with Library.open(home / "library.db") as library:
        assert library.get_meta("synced") == "2026-06-12" and library.get_meta("kept") is None


def test_list_rows_and_papers_by_id(home: Path) -> None:
    with Library.open(home / "library.db") as library:
        library.import_papers([Paper(id=P1, title="One"), Paper(id=P2, title="Two")])
        one, two = library.pk_of(P1), library.pk_of(P2)
        assert one is not None and two is not None
        rows = library.list_rows([two, one])
        assert {pk: (row.pk, row.id, row.title) for pk, row in rows.items()} == {
            one: (one, P1, "One"),
            two: (two, P2, "Two"),
        }
        assert library.paper_by_id(P2).title == "Two"  # type: ignore[union-attr]
        assert library.paper_by_id("2606.99999") is None
