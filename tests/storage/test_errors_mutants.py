"""SQLite's errors as one line a user can act on, by SQLite's own codes; files replaced whole or not at all. The
edges a mutation run found unguarded in this layer."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import pytest

from reader.storage.errors import DamagedLibraryError, LibraryError, is_damage, library_error
from reader.storage.files import write_atomically


def coded(kind: type[sqlite3.Error], message: str, code: int) -> sqlite3.Error:
    error = kind(message)
    error.sqlite_errorcode = code  # type: ignore[attr-defined]
    return error


@pytest.mark.parametrize(
    ("code", "text"),
    [
        (
            sqlite3.SQLITE_IOERR,
            "cannot write library x: disk I/O error (is the disk full or failing?); nothing was changed",
        ),
        (
            sqlite3.SQLITE_IOERR_WRITE,
            "cannot write library x: disk I/O error (is the disk full or failing?); nothing was changed",
        ),
        (sqlite3.SQLITE_FULL, "cannot write library x: disk I/O error; nothing was changed"),
        (sqlite3.SQLITE_BUSY, "cannot write library x: disk I/O error"),
    ],
)
def test_each_kind_of_failure_is_said_in_its_own_words(code: int, text: str) -> None:
    error = library_error("cannot write library x", coded(sqlite3.OperationalError, "disk I/O error", code))
    assert str(error) == text and type(error) is LibraryError


@pytest.mark.parametrize("code", [sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB])
def test_a_damaged_file_is_damage_with_what_sqlite_said(code: int) -> None:
    raw = coded(sqlite3.DatabaseError, "database disk image is malformed", code)
    error = library_error("cannot read library x", raw)
    assert isinstance(error, DamagedLibraryError)
    assert str(error) == "cannot read library x: database disk image is malformed"
    assert error.reason == "database disk image is malformed"
    assert is_damage(raw)


def test_other_codes_and_other_errors_are_not_damage() -> None:
    assert not is_damage(coded(sqlite3.DatabaseError, "locked", sqlite3.SQLITE_BUSY))
    assert not is_damage(coded(sqlite3.OperationalError, "io", sqlite3.SQLITE_IOERR))
    assert not is_damage(sqlite3.DatabaseError("no code"))
    assert DamagedLibraryError("x").reason == "damaged"


def test_a_file_is_replaced_whole_keeping_its_permissions(tmp_path: Path) -> None:
    path = tmp_path / "state.toml"
    path.write_text("old", encoding="utf-8")
    path.chmod(0o600)
    write_atomically(path, "new\r\n")
    assert path.read_bytes() == b"new\r\n"  # as given: no newline translation
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["state.toml"]


def test_a_file_is_written_into_a_new_directory(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "config.toml"
    write_atomically(path, "x = 1\n")
    assert path.read_text(encoding="utf-8") == "x = 1\n"


def test_a_write_that_fails_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    path = tmp_path / "state.toml"
    path.write_text("old", encoding="utf-8")
    with pytest.raises(UnicodeEncodeError):
        write_atomically(path, "half a pair \ud800")
    assert path.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["state.toml"]
