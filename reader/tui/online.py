"""Results of a Hugging Face search (`ctrl+o`) in the paper list, before they are in the library.

A result the library does not hold yet is listed under a negative pk (the list
draws it with the online marker); it is stored, and takes a real pk, when it is
starred, read or opened.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from reader.core.paper import Paper
from reader.storage.library import Library
from reader.storage.rows import ListRow

if TYPE_CHECKING:
    from reader.services.online import OnlineRow


class OnlineResults:
    """The list's row source and paper lookup: the library's, plus the unstored results of the last search."""

    def __init__(self, library: Library) -> None:
        self._library = library
        self._papers: dict[int, Paper] = {}

    def rows(self, pks: Sequence[int]) -> dict[int, ListRow]:
        rows = self._library.list_rows([pk for pk in pks if pk >= 0])
        for pk in pks:
            paper = self._papers.get(pk) if pk < 0 else None
            if paper is not None:
                date = paper.daily_date or paper.published_on or ""
                rows[pk] = ListRow(pk, paper.id, paper.title, date, paper.upvotes, bool(paper.github_repo), True, False)
        return rows

    def paper(self, pk: int) -> Paper | None:
        return self._papers.get(pk) if pk < 0 else self._library.paper(pk)

    def show(self, results: Sequence[OnlineRow]) -> list[int]:
        """The pks to list for a search's results, in its order (stored ones under their own pk)."""
        self._papers = {}
        pks: list[int] = []
        for row in results:
            if row.pk is not None:
                pks.append(row.pk)
            else:
                pk = -1 - len(self._papers)
                self._papers[pk] = row.paper
                pks.append(pk)
        return pks

    def store(self, pk: int) -> int | None:
        """Store the online result listed under `pk`; its real pk (None if it was not one)."""
        paper = self._papers.pop(pk, None)
        if paper is None:
            return None
        from reader.services.online import store_online

        return store_online(self._library, paper)
