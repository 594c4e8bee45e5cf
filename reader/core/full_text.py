"""A paper's full text (the Markdown of `huggingface.co/papers/{id}.md`): its table of contents and finding in it.

Pure functions over text that was already stored through `strip_controls`; nothing
here interprets the text (no HTML, no markup): the reading screen renders it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reader.core.text import clean_line

MAX_FULL_TEXT_CHARS = 4_000_000
"""Longer full texts are refused: a long paper is 200-400 KB of Markdown."""

FULL_TEXT_INTERVAL = 3.0
"""Seconds between two full-text requests: Hugging Face counts them in its "pages" bucket (100 per 5 minutes
without a token), so a fetch ahead stays well inside it. Here, not in services/around.py, so that building the
command line's parser (`fetch --interval`'s default) does not import asyncio for every command."""

_ATX = re.compile(r" {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r" {0,3}(=+|-+)[ \t]*$")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")


@dataclass(frozen=True, slots=True)
class Heading:
    """One entry of the table of contents."""

    level: int
    """1 for `#`, ... 6 for `######` (setext: 1 for `===`, 2 for `---`)."""
    title: str
    """The heading's text as one clean line, its Markdown left as written (`**Bold**` stays)."""
    offset: int
    """Character offset in the text where the heading's line starts (jump there)."""
    line: int
    """0-based line number of that line."""


def outline(markdown: str) -> list[Heading]:
    """Every ATX (`## Title`) and setext (`Title` over `===`) heading outside fenced code, in order."""
    headings: list[Heading] = []
    fence: str | None = None
    offset = 0
    previous: tuple[str, int, int] | None = None
    """The last line if it could be the text of a setext heading: (text, offset, line)."""
    for number, line in enumerate(markdown.split("\n")):
        start, offset = offset, offset + len(line) + 1
        if fence is not None:
            if line.strip().startswith(fence):
                fence = None
            continue
        if match := _FENCE.match(line):
            fence, previous = match.group(1)[0] * 3, None
            continue
        if match := _ATX.match(line):
            title = clean_line(match.group(2))
            if title:
                headings.append(Heading(len(match.group(1)), title, start, number))
            previous = None
            continue
        if previous is not None and (match := _SETEXT.match(line)):
            text, at, line_number = previous
            headings.append(Heading(1 if match.group(1)[0] == "=" else 2, text, at, line_number))
            previous = None
            continue
        stripped = line.strip()
        setext_text = stripped and not line.startswith(("    ", "\t")) and not stripped.startswith(("-", "*", ">", "|"))
        previous = (clean_line(stripped), start, number) if setext_text else None
    return headings


def find_all(text: str, needle: str, *, limit: int = 10_000) -> list[int]:
    """Character offsets of every match of `needle` in `text`, ignoring case (at most `limit`)."""
    if not needle.strip():
        return []
    pattern = re.compile(re.escape(needle), re.IGNORECASE)
    found: list[int] = []
    for match in pattern.finditer(text):
        found.append(match.start())
        if len(found) >= limit:
            break
    return found
