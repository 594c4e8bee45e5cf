"""Markdown: a reading list to hand on: the title linked, authors, date, links, your tags and note.

Every character of feed text that Markdown (CommonMark and GitHub's) could take
as markup is backslash-escaped, and so is what would start a block at the
start of a note's line, so no title or note can become emphasis, a link, a
heading or raw HTML; the rest stays as it is, readable in the file itself.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from reader.core.text import clean_line
from reader.services.export.items import ExportItem

_MARKUP = re.compile(r"([\\`*_\[\]<>&!|~#])")
_BLOCK_START = re.compile(r"^([-+=>]|\d+(?=[.)]))")


def escape(text: str) -> str:
    """One line of feed text as Markdown that shows exactly that text."""
    return _MARKUP.sub(r"\\\1", clean_line(text))


def escape_line_start(text: str) -> str:
    """`escape`, and a line that would start a list, a quote or a heading underline made plain text."""
    line = escape(text)  # one clean line: no leading space left to make a code block
    if (match := _BLOCK_START.match(line)) is None:
        return line
    if match.group(1)[0].isdigit():  # "1." starts a list: escape its dot (a digit cannot be escaped)
        return match.group(1) + "\\" + line[match.end() :]
    return "\\" + line


def entry(item: ExportItem) -> str:
    paper = item.paper
    lines = [f"- **[{escape(paper.title)}]({paper.hf_url})**"]
    about = [escape(", ".join(paper.authors))] if paper.authors else []
    if item.date:
        about.append(item.date)
    links = [f"[arXiv]({item.url})"] if item.is_arxiv else []
    if paper.github_repo:
        links.append(f"[GitHub]({paper.github_repo})")
    lines.append("  " + " · ".join(about + links))
    if item.tags:
        lines.append("  Tags: " + ", ".join(escape(tag) for tag in item.tags))
    if item.note:
        lines.append("")
        lines += ["  > " + escape_line_start(line) if line.strip() else "  >" for line in item.note.split("\n")]
    return "  \n".join(lines[:2]) + ("  \n" + "\n".join(lines[2:]) if len(lines) > 2 else "") + "\n"


def render(items: Sequence[ExportItem]) -> str:
    count = f"{len(items)} paper{'' if len(items) == 1 else 's'}"
    return f"# Reading list\n\n{count}.\n\n" + "\n".join(entry(item) for item in items)
