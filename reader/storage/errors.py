"""The library's errors: what SQLite said, turned into one line a user can act on."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager


class LibraryError(Exception):
    """The library file cannot be opened or written; the message says which file and why."""


class DamagedLibraryError(LibraryError):
    """The library file is not a database, or a damaged one: it can only be moved aside and started anew."""

    reason = "damaged"
    """What SQLite said, without the file name."""


DAMAGED_CODES = frozenset({sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB})
"""SQLite's answers for a file that is damaged, or not a database at all."""


def library_error(message: str, exc: sqlite3.Error) -> LibraryError:
    """`message: what SQLite said`, as a `DamagedLibraryError` when the file itself is damaged."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code in DAMAGED_CODES:
        error: LibraryError = DamagedLibraryError(f"{message}: {exc}")
        error.reason = str(exc)
        return error
    if code is not None and code & 0xFF == sqlite3.SQLITE_IOERR:
        return LibraryError(f"{message}: {exc} (is the disk full or failing?); nothing was changed")
    if code == sqlite3.SQLITE_FULL:
        return LibraryError(f"{message}: {exc}; nothing was changed")
    return LibraryError(f"{message}: {exc}")


@contextmanager
def as_library_error(message: str) -> Iterator[None]:
    """Raise SQLite's errors in the block as `library_error(message, ...)`: the layers above never see sqlite3."""
    try:
        yield
    except sqlite3.Error as exc:
        raise library_error(message, exc) from None


def is_damage(error: BaseException) -> bool:
    """Whether `error` is SQLite saying the file itself is damaged: for a layer above that must not import sqlite3."""
    return isinstance(error, sqlite3.DatabaseError) and getattr(error, "sqlite_errorcode", None) in DAMAGED_CODES
