"""A library file as an older paper-reader left it (schema 2: before the prefix indexes), with papers in it, so
opening it runs the slow migration (the full-text index rebuilt)."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

from reader.storage.schema import MIGRATIONS, split_sql


def write_schema_2_library(path: Path, papers: int) -> None:
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as db:
        for version in (1, 2):
            for statement in split_sql(MIGRATIONS[version]):
                db.execute(statement)
        db.executemany(
            "INSERT INTO papers (id, title, abstract, list_date, added_at, updated_at) VALUES (?, ?, ?, ?, 't', 't')",
            [(f"2605.{n:05d}", f"Old paper {n}", f"about zebrafish number {n}", "2026-05-01") for n in range(papers)],
        )
        db.execute("PRAGMA user_version = 2")
