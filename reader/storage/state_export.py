"""Writing the library's marks, tags and notes to state.toml: the one module that knows the library and the codec."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from reader.core.marks import now_iso
from reader.storage import state_codec
from reader.storage.library import Library

EXPORT_LOCK_NAME = ".state-export.lock"
"""The lock file, beside library.db: one lock for every export of that library, wherever it writes."""


@contextlib.contextmanager
def export_lock(path: Path, home: Path | None = None) -> Iterator[None]:
    """Serialize exports of one file between processes, so a slow exporter cannot write an older picture last.

    The lock is held across reading the library and writing the file; on
    systems without `fcntl` it is a no-op.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    # In the library's home when there is one: an export to a file elsewhere leaves nothing beside that file.
    lock_path = home / EXPORT_LOCK_NAME if home is not None else path.with_name(f".{path.name}.lock")
    descriptor = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # closing releases the lock


def export_library(library: Library, path: Path) -> int:
    """Write the library's marks, tags and notes to `path` (atomically, under the export lock); how many papers."""
    with export_lock(path, library.path.parent):
        state = library.user_state()
        _remove_stale_temporaries(path)
        state_codec.write(path, state, now_iso())
    return len(state)


def _remove_stale_temporaries(path: Path) -> None:
    """Temporary files of exports killed halfway; safe under the lock, when no other export is writing."""
    for stale in path.parent.glob(f".{path.name}.*.tmp"):
        with contextlib.suppress(OSError):
            stale.unlink()
