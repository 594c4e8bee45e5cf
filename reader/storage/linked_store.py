"""Linked repositories and full texts in the library, as Library methods (a mixin of `Library`).

Both live in tables of their own (schema migration 5), so the papers table and
its full-text index -- what the ordinary searches read -- stay as they are.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import datetime, timedelta

from reader.core.linked import REPO_KINDS, LinkedRepo, LinkedRepos
from reader.core.marks import now_iso

LINKED_MAX_AGE = timedelta(days=1)
"""A paper's linked repositories are fetched at most once a day."""

_REPO_COLUMNS = "kind, repo_id, likes, downloads, pipeline_tag, sdk, author, last_modified"


class LinkedStoreMixin:
    """See the module's docstring."""

    _db: sqlite3.Connection
    _transaction: Callable[[], AbstractContextManager[None]]

    # -- linked repositories -------------------------------------------------------------------

    def store_linked(self, paper_id: str, linked: LinkedRepos, *, fetched_at: str | None = None) -> None:
        """Replace the paper's linked repositories, with the time they were fetched, in one transaction."""
        with self._transaction():
            self._db.execute("DELETE FROM linked_repos WHERE paper_id = ?", (paper_id,))
            self._db.executemany(
                f"INSERT OR IGNORE INTO linked_repos (paper_id, position, {_REPO_COLUMNS}) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        paper_id,
                        position,
                        repo.kind,
                        repo.repo_id,
                        repo.likes,
                        repo.downloads,
                        repo.pipeline_tag,
                        repo.sdk,
                        repo.author,
                        repo.last_modified,
                    )
                    for kind in REPO_KINDS
                    for position, repo in enumerate(linked.of(kind))
                ],
            )
            self._db.execute(
                "INSERT INTO linked_fetches (paper_id, fetched_at, models, datasets, spaces) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (paper_id) DO UPDATE SET fetched_at = excluded.fetched_at, models = excluded.models, "
                "datasets = excluded.datasets, spaces = excluded.spaces",
                (
                    paper_id,
                    fetched_at or now_iso(),
                    linked.total("model"),
                    linked.total("dataset"),
                    linked.total("space"),
                ),
            )

    def linked(self, paper_id: str) -> LinkedRepos | None:
        """The paper's stored linked repositories (most relevant first), or None if never fetched."""
        fetch = self._db.execute(
            "SELECT fetched_at, models, datasets, spaces FROM linked_fetches WHERE paper_id = ?", (paper_id,)
        ).fetchone()
        if fetch is None:
            return None
        repos: dict[str, list[LinkedRepo]] = {kind: [] for kind in REPO_KINDS}
        for row in self._db.execute(
            f"SELECT {_REPO_COLUMNS} FROM linked_repos WHERE paper_id = ? ORDER BY kind, position", (paper_id,)
        ):
            if row[0] in repos:
                repos[row[0]].append(LinkedRepo(*row))
        return LinkedRepos(
            tuple(repos["model"]),
            tuple(repos["dataset"]),
            tuple(repos["space"]),
            int(fetch[1]),
            int(fetch[2]),
            int(fetch[3]),
            fetched_at=str(fetch[0]),
        )

    def linked_is_fresh(self, paper_id: str, now: datetime | None = None) -> bool:
        """Whether the paper's linked repositories were fetched within the last day."""
        row = self._db.execute("SELECT fetched_at FROM linked_fetches WHERE paper_id = ?", (paper_id,)).fetchone()
        if row is None:
            return False
        try:
            fetched = datetime.fromisoformat(row[0])
        except ValueError:
            return False
        now = now or datetime.fromisoformat(now_iso())
        return timedelta(0) <= now - fetched < LINKED_MAX_AGE

    # -- full texts ----------------------------------------------------------------------------

    def store_full_text(self, paper_id: str, markdown: str, *, fetched_at: str | None = None) -> bool:
        """Store the paper's full text (already through `strip_controls`); False if the paper is not stored."""
        with self._transaction():
            row = self._db.execute("SELECT pk FROM papers WHERE id = ?", (paper_id,)).fetchone()
            if row is None:
                return False
            self._db.execute(
                "INSERT INTO full_texts (pk, paper_id, markdown, fetched_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (pk) DO UPDATE SET markdown = excluded.markdown, fetched_at = excluded.fetched_at",
                (row[0], paper_id, markdown, fetched_at or now_iso()),
            )
            self._db.execute("DELETE FROM full_text_missing WHERE paper_id = ?", (paper_id,))
        return True

    def mark_full_text_missing(self, paper_id: str) -> None:
        """Hugging Face has no full text of the paper (HTTP 404): do not ask again on every fetch."""
        with self._transaction():
            self._db.execute(
                "INSERT INTO full_text_missing (paper_id, checked_at) VALUES (?, ?) "
                "ON CONFLICT (paper_id) DO UPDATE SET checked_at = excluded.checked_at",
                (paper_id, now_iso()),
            )

    def full_text(self, paper_id: str) -> str | None:
        """The paper's stored full text (Markdown, to be shown as plain text), or None."""
        row = self._db.execute("SELECT markdown FROM full_texts WHERE paper_id = ?", (paper_id,)).fetchone()
        return row[0] if row else None

    def full_text_missing(self, paper_id: str) -> bool:
        """Whether Hugging Face said it has no full text of the paper."""
        return (
            self._db.execute("SELECT 1 FROM full_text_missing WHERE paper_id = ?", (paper_id,)).fetchone() is not None
        )
