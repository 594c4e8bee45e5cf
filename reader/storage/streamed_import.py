"""A streamed import (a part of `Library`): any number of papers in constant memory, still all or nothing.

The papers are staged in bounded batches, each its own small transaction on a temporary table of this
connection (the library itself is not touched, nor locked, while the file is read); only once the whole
input has been read are they merged into the library, in one transaction of set-based statements. An
input that fails part way (a malformed record near the end) leaves the library exactly as it was.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager, suppress
from pathlib import Path

from reader.core.marks import now_iso
from reader.core.paper import Paper
from reader.storage import paper_writes
from reader.storage.rows import ImportCounts

IMPORT_BATCH_ENV = "PAPER_READER_IMPORT_BATCH"
"""Papers per staged batch and per merged range (tests set a small one to cross several batches)."""
DEFAULT_IMPORT_BATCH = 5_000
"""About 20 MB of papers in Python at a time: memory stays flat, and a batch costs one executemany."""
MERGE_CACHE_KIB = 65_536
"""SQLite's page cache while merging (the default 2 MB makes the indexes' random inserts re-read pages)."""

ImportProgress = Callable[[str, int, int | None], None]
"""(phase, done, total): "read" with the papers read so far (no total), then "stored" with papers merged
of all staged."""


def import_batch_size() -> int:
    """The batch size: $PAPER_READER_IMPORT_BATCH when it is a positive number, else the default."""
    value = os.environ.get(IMPORT_BATCH_ENV, "")
    return int(value) if value.isdigit() and int(value) > 0 else DEFAULT_IMPORT_BATCH


class StreamedImportMixin:
    """`import_stream`; mixed into `Library`."""

    _db: sqlite3.Connection
    path: Path
    _transaction: Callable[..., AbstractContextManager[None]]
    _write_meta: Callable[[str, str | None], None]

    def import_stream(
        self,
        papers: Iterable[Paper],
        *,
        meta: dict[str, str | None] | None = None,
        batch_size: int | None = None,
        progress: ImportProgress | None = None,
    ) -> ImportCounts:
        """Add new papers and update known ones (the rules of `import_papers`), reading `papers` once.

        Whatever `papers` raises part way (a parse error) is raised again with nothing changed; so is a
        `LibraryError`. `meta` entries are written in the merge's transaction (not when there were no papers).
        """
        size = batch_size or import_batch_size()
        report = progress or (lambda phase, done, total: None)
        try:
            with self._staging():
                paper_writes.start_staging(self._db)
            read = 0
            for batch in paper_writes.batches(papers, size):
                with self._staging():
                    read += paper_writes.stage(self._db, batch)
                report("read", read, None)
            return self._merge_staged(size, meta or {}, report)
        finally:
            with suppress(sqlite3.Error):
                paper_writes.drop_staging(self._db)

    def _staging(self) -> AbstractContextManager[None]:
        """One batch's transaction: a plain BEGIN, as it writes only the temporary table and needs no lock on the
        library until it commits."""
        return self._transaction("BEGIN")

    def _merge_staged(self, size: int, meta: dict[str, str | None], report: ImportProgress) -> ImportCounts:
        """Every staged paper into the library, one range of `size` at a time, in one transaction."""
        first, last = paper_writes.staged_range(self._db)
        total = last - first + 1
        counts = ImportCounts(0, 0, 0)
        stamp = now_iso()
        self._db.execute(f"PRAGMA cache_size = -{MERGE_CACHE_KIB}")
        try:
            with self._transaction():
                for start in range(first, last + 1, size):
                    end = min(start + size - 1, last)
                    counts += paper_writes.merge_staged(self._db, stamp, start, end)
                    report("stored", end - first + 1, total)
                for key, value in meta.items() if total > 0 else ():
                    self._write_meta(key, value)
        finally:
            with suppress(sqlite3.Error):
                self._db.execute("PRAGMA cache_size = -2000")
        return counts
