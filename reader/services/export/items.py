"""What an export holds: the papers (in list order) with their tags and note, and the fields all formats share."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reader.core.paper import ARXIV_ABS_URL, ARXIV_ID, Paper

if TYPE_CHECKING:
    from reader.storage.library import Library

CHUNK = 500
"""Papers read per query."""


@dataclass(frozen=True, slots=True)
class ExportItem:
    """One paper of an export and what the user wrote about it."""

    paper: Paper
    tags: tuple[str, ...] = ()
    note: str = ""

    @property
    def is_arxiv(self) -> bool:
        return ARXIV_ID.fullmatch(self.paper.id) is not None

    @property
    def url(self) -> str:
        """The paper's canonical page: arXiv's abstract page, else Hugging Face's."""
        return ARXIV_ABS_URL.format(id=self.paper.id) if self.is_arxiv else self.paper.hf_url

    @property
    def date(self) -> str | None:
        """YYYY-MM-DD: the arXiv date, else the Daily list date."""
        return self.paper.published_on or self.paper.daily_date


def export_items(library: Library, pks: Sequence[int]) -> list[ExportItem]:
    """The papers behind these list rows, in this order, with their tags and notes (a few queries per 500)."""
    items: list[ExportItem] = []
    for start in range(0, len(pks), CHUNK):
        papers = library.papers(list(pks[start : start + CHUNK]))
        ids = [paper.id for paper in papers]
        tags, notes = library.tags_of(ids), library.notes_of(ids)
        items.extend(ExportItem(paper, tags.get(paper.id, ()), notes.get(paper.id, "")) for paper in papers)
    return items


# -- names and keys -----------------------------------------------------------------------------


def split_name(name: str) -> tuple[str, str]:
    """(given, family) of "Given Names Family"; a one-word name is all family (CSL calls it literal)."""
    parts = name.rsplit(" ", 1)
    return ("", parts[0]) if len(parts) == 1 else (parts[0], parts[1])


_STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "on",
        "of",
        "for",
        "in",
        "to",
        "and",
        "with",
        "from",
        "by",
        "is",
        "are",
        "at",
        "via",
        "towards",
        "toward",
    ]
)


def ascii_word(text: str) -> str:
    """Lower-case ASCII letters and digits of `text` (accents dropped): what a citation key is made of."""
    decomposed = unicodedata.normalize("NFKD", text)
    return re.sub(r"[^a-z0-9]", "", decomposed.encode("ascii", "ignore").decode("ascii").lower())


def citation_key(item: ExportItem) -> str:
    """`lastname2025firstword`: the first author's family name, the year, the title's first real word."""
    family = ascii_word(split_name(item.paper.authors[0])[1]) if item.paper.authors else ""
    year = (item.date or "")[:4]
    words = (ascii_word(word) for word in item.paper.title.split())
    first = next((word for word in words if word and word not in _STOP_WORDS), "")
    return (family or "anon") + year + first or ascii_word(item.paper.id) or "paper"


def citation_keys(items: Sequence[ExportItem]) -> list[str]:
    """A key per paper, unique within the export and stable across runs.

    Papers whose keys clash get `a`, `b`, ... in the order of their ids (not of
    the list), so a key does not change when the list is sorted differently.
    """
    keys = [citation_key(item) for item in items]
    by_key: dict[str, list[str]] = {}
    for item, key in zip(items, keys, strict=True):
        by_key.setdefault(key, []).append(item.paper.id)
    suffixed: dict[tuple[str, str], str] = {}
    taken = set(by_key)
    for key, ids in by_key.items():
        unique_ids = sorted(set(ids))
        if len(unique_ids) == 1:
            continue
        number = 0
        for paper_id in unique_ids:
            while (candidate := key + _letters(number)) in taken:
                number += 1
            taken.add(candidate)
            suffixed[(key, paper_id)] = candidate
            number += 1
    return [suffixed.get((key, item.paper.id), key) for item, key in zip(items, keys, strict=True)]


def _letters(number: int) -> str:
    """0 -> a, 25 -> z, 26 -> aa, ..."""
    letters = ""
    number += 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters
