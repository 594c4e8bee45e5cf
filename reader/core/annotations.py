"""Tags and notes: what the user writes about a paper, cleaned here before it is stored, exported or shown.

A tag is one word (input separates tags by spaces or commas), trimmed, at most
MAX_TAG characters, without control characters; it is matched by its
case-folded key and shown as typed. A note is free text of at most MAX_NOTE
characters whose control characters (but not its line breaks) are removed.
Their merge rule lives in core/marks.py beside that of the marks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from reader.core.text import clean_line, strip_controls

MAX_TAG = 40
"""Characters in one tag: a label in a list row, not a sentence."""
MAX_TAGS = 50
"""Tags on one paper."""
MAX_NOTE = 20_000
"""Characters in one note (about ten pages of text); longer is refused, never cut silently."""

_SEPARATORS = re.compile(r"[\s,]+")


class AnnotationError(ValueError):
    """A tag or note that cannot be stored; the message says why in words the user can act on."""


def tag_key(label: str) -> str:
    """What a tag is matched by: trimmed and case-folded (`RG`, `rg` and ` Rg ` are one tag)."""
    return label.strip().casefold()


def clean_tag(text: str) -> str:
    """One tag as it will be shown: controls removed, trimmed; `AnnotationError` when empty or too long."""
    label = clean_line(text).strip().strip(",")
    if not label:
        raise AnnotationError("a tag cannot be empty")
    if _SEPARATORS.search(label):
        raise AnnotationError(f"a tag is one word: {label[:MAX_TAG]!r} holds a space or a comma")
    if len(label) > MAX_TAG:
        raise AnnotationError(f"a tag is at most {MAX_TAG} characters: {label[:MAX_TAG]}...")
    return label


def parse_tags(text: str) -> tuple[str, ...]:
    """Tags typed in one line, separated by spaces or commas, each once (the first spelling wins), in order."""
    return unique_tags(part for part in _SEPARATORS.split(strip_controls(text)) if part)


def unique_tags(labels: Iterable[str]) -> tuple[str, ...]:
    """Each tag cleaned and kept once by key, in the order given; `AnnotationError` for a bad one or too many."""
    seen: dict[str, str] = {}
    for label in labels:
        cleaned = clean_tag(label)
        seen.setdefault(tag_key(cleaned), cleaned)
    if len(seen) > MAX_TAGS:
        raise AnnotationError(f"a paper holds at most {MAX_TAGS} tags")
    return tuple(seen.values())


def clean_note(text: str) -> str:
    """A note as it will be stored: controls removed (line breaks kept), trailing space trimmed."""
    note = "\n".join(line.rstrip() for line in strip_controls(text).split("\n")).strip("\n")
    note = note.replace("\u2028", "\n").replace("\u2029", "\n\n")
    if len(note) > MAX_NOTE:
        raise AnnotationError(f"a note is at most {MAX_NOTE:,} characters (this one has {len(note):,})")
    return note
