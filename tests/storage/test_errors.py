"""The library's errors as the layers above see them, without importing sqlite3 themselves."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from reader.storage.errors import DamagedLibraryError, LibraryError, as_library_error, is_damage


def not_a_database_error(tmp_path: Path) -> sqlite3.DatabaseError:
    """What SQLite really raises on a file that is not a database."""
    path = tmp_path / "library.db"
    path.write_bytes(b"this is not a database, only text that fills the header page " * 100)
    connection = sqlite3.connect(path)
    try:
        connection.execute("SELECT count(*) FROM sqlite_master")
    except sqlite3.DatabaseError as exc:
        return exc
    finally:
        connection.close()
    raise AssertionError("SQLite read a file that is not a database")


def test_a_damaged_file_is_damage_and_other_errors_are_not(tmp_path: Path) -> None:
    assert is_damage(not_a_database_error(tmp_path))
    assert not is_damage(sqlite3.OperationalError("database is locked"))
    assert not is_damage(ValueError("not from SQLite"))


def test_sqlite_errors_in_the_block_become_library_errors(tmp_path: Path) -> None:
    damaged = not_a_database_error(tmp_path)
    with (
        pytest.raises(DamagedLibraryError, match=r"^cannot search the library: file is not a database$"),
        as_library_error("cannot search the library"),
    ):
        raise damaged
    with (
        pytest.raises(LibraryError, match=r"^cannot search the library: locked$") as caught,
        as_library_error("cannot search the library"),
    ):
        raise sqlite3.OperationalError("locked")
    assert not isinstance(caught.value, DamagedLibraryError)
    with pytest.raises(ValueError, match="untouched"), as_library_error("cannot search the library"):
        raise ValueError("untouched")
