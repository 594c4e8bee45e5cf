"""Opening the library for a command that writes to it, recovering from a damaged file.

A library.db that is not a database, is cut short, or was found damaged
inside (`check_library` leaves a marker) is moved aside (never deleted) as
`library.db.corrupt-<time>`, a new one is started, and the read
and star marks come back from the automatic `state.toml` export, together
with whatever marks can still be read from the damaged file.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from reader.core.paper import normalize_stored_id
from reader.core.paths import Paths
from reader.core.text import clean_line
from reader.storage.errors import DAMAGED_CODES, DamagedLibraryError, LibraryError
from reader.storage.library import Library
from reader.storage.migrate import MigrationProgress

if TYPE_CHECKING:
    from reader.core.marks import AllMarks


@dataclass
class OpenedLibrary:
    """The open library, and the one line to tell the user when it had to be recovered (else None)."""

    library: Library
    notice: str | None = None
    restored: int = 0


def open_library(paths: Paths, progress: MigrationProgress | None = None) -> OpenedLibrary:
    """Open (creating, migrating, or recovering) the library; raises `LibraryError` only when none can be had.

    `progress` is told how far a migration of the schema is (see storage/migrate.py)."""
    damaged: str | None = None
    aside: Path | None = None
    marker = damaged_marker(paths.library)
    try:
        library = Library.open(paths.library, progress)
        if marker.exists():  # damage found inside the file last time: confirm it before acting
            damaged = check_library(paths.library)
            if damaged is not None:
                library.close()
                raise DamagedLibraryError(damaged)
            marker.unlink(missing_ok=True)
    except DamagedLibraryError as exc:
        damaged = damaged or exc.reason
        try:
            aside = move_aside(paths.library)
        except OSError as error:
            raise LibraryError(
                f"{paths.library} is damaged ({damaged}) and cannot be moved aside: {error.strerror or error}"
            ) from None
        marker.unlink(missing_ok=True)
        library = Library.open(paths.library)
    if library.has_marks() or library.has_annotations():
        return OpenedLibrary(library)
    # A new library, or one that lost its marks (a crash between starting it anew and restoring them).
    restored, problem, what = _restore_marks(library, paths.state, aside)
    parts = []
    if damaged is not None and aside is not None:
        parts.append(f"{paths.library} was damaged ({damaged}): moved it to {aside.name} and started a new library")
    if restored:
        parts.append(f"restored the {what} of {restored} paper{'' if restored == 1 else 's'}")
    if problem:
        parts.append(problem)
    return OpenedLibrary(library, "; ".join(parts) or None, restored)


def damaged_marker(path: Path) -> Path:
    """A file beside the library saying it was found damaged inside, so the next start recovers it."""
    return path.with_name(f"{path.name}.damaged")


CHECK_CACHE_KIB = 256
"""SQLite's page cache for the damage check, in KiB."""


def check_library(path: Path) -> str | None:
    """SQLite's quick_check over the whole file (read-only); what is wrong, or None when all is well.

    Opening the library only reads its first pages, so damage further in is
    found here (the reader runs it in the background) or when a page is read.
    When damage is found, `damaged_marker` is written: the next start recovers.
    """
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            # Every page is read once: a cache of SQLite's default 2 MB would only stay in the reader's memory.
            connection.execute(f"PRAGMA cache_size = -{CHECK_CACHE_KIB}")
            rows = connection.execute("PRAGMA quick_check(1)").fetchall()
        finally:
            connection.close()
        found = str(rows[0][0]) if rows else "damaged"
        problem = None if found == "ok" else clean_line(found.replace("*** in database main ***", ""))[:120]
    except sqlite3.Error as exc:
        if getattr(exc, "sqlite_errorcode", None) not in DAMAGED_CODES:
            return None  # busy, gone, unreadable: not a verdict on the file
        problem = str(exc)
    if problem is not None:
        mark_damaged(path, problem)
    return problem


def mark_damaged(path: Path, problem: str) -> None:
    """Leave the marker that makes the next start confirm the damage and recover."""
    with contextlib.suppress(OSError):
        damaged_marker(path).write_text(problem + "\n", encoding="utf-8")


def move_aside(path: Path, why: str = "corrupt") -> Path:
    """Rename the damaged file (and its -wal and -shm, which belong to it) to `NAME.<why>-<time>`."""
    stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
    aside = path.with_name(f"{path.name}.{why}-{stamp}")
    number = 1
    while aside.exists():
        number += 1
        aside = path.with_name(f"{path.name}.{why}-{stamp}-{number}")
    os.replace(path, aside)
    for suffix in ("-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            os.replace(path.with_name(path.name + suffix), aside.with_name(aside.name + suffix))
    return aside


def _restore_marks(library: Library, state_path: Path, aside: Path | None) -> tuple[int, str | None, str]:
    """Merge the state of state.toml and of the damaged file into the new library.

    Returns (papers restored, a problem or None, what was restored in words).
    """
    from reader.core.marks import UserState, merge_state
    from reader.storage.state_codec import StateFileError, read_state

    sources: list[UserState] = []
    problem = None
    if state_path.exists():
        try:
            sources.append(read_state(state_path))
        except StateFileError as exc:
            # Out of the way of the next automatic export, which would replace it: the user can mend it.
            try:
                kept = f" (kept as {move_aside(state_path, 'broken').name})"
            except OSError:  # a read-only home: no export can replace it either
                kept = ""
            problem = f"could not restore marks from {exc}{kept}"
    if aside is not None:
        sources.append(UserState(_salvage_marks(aside)))
    state = merge_state(*sources)
    what = "marks, tags and notes" if state.tags or state.notes else "read and star marks"
    if not len(state):
        return 0, problem, what
    library.merge_state(state)
    return len(state), problem, what


def _salvage_marks(damaged: Path) -> AllMarks:
    """Whatever marks the damaged file still yields (its state table often survives), else none."""
    from reader.core.marks import Mark
    from reader.storage.state_codec import StateFileError, normalize_time

    try:
        connection = sqlite3.connect(f"{damaged.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return {}
    try:
        rows = connection.execute(
            "SELECT paper_id, read_at, read_changed_at, starred_at, starred_changed_at FROM state"
        ).fetchall()
    except sqlite3.Error:
        return {}
    finally:
        connection.close()
    marks: AllMarks = {}
    for paper_id, read_at, read_changed, starred_at, starred_changed in rows:
        key = normalize_stored_id(paper_id) if isinstance(paper_id, str) else None
        if key is None:
            continue
        entry = marks.setdefault(key, {})
        for name, at, changed in (("read", read_at, read_changed), ("starred", starred_at, starred_changed)):
            with contextlib.suppress(StateFileError, TypeError):
                entry[name] = Mark(normalize_time(changed), at is not None)
    return {key: entry for key, entry in marks.items() if entry}
