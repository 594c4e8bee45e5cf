"""A paper's Markdown as plain Rich `Text` blocks for the reading screen: nothing in it is ever markup.

Headings, paragraphs, lists, block quotes, emphasis, code, tables and links get a
style; everything else (math, HTML, `[bold]`, `[@click=...]`) is shown as the
characters it is. Each block remembers where it starts in the Markdown, so the
table of contents (`core.full_text.outline`) can jump to it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Span, Text

from reader.core.text import strip_controls

_ATX = re.compile(r" {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r" {0,3}(=+|-+)[ \t]*$")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_ITEM = re.compile(r"( *)([-*+]|\d{1,9}[.)])[ \t]+(.*)")
_RULE = re.compile(r" {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_TABLE_RULE = re.compile(r"\|?[ \t]*:?-+:?[ \t]*(\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_MAYBE_INLINE = re.compile(r"[`$*_\[]")
_INLINE = re.compile(
    r"(?=[`$*_!\[])(?:(?P<code>`+)(?P<code_text>.+?)(?P=code)"
    r"|(?P<math>\$[^$\n]+\$)"
    r"|\*\*(?P<strong>\S(?:.*?\S)?)\*\*|__(?P<strong2>\S(?:.*?\S)?)__"
    r"|\*(?P<em>\S(?:.*?\S)?)\*|(?<!\w)_(?P<em2>\S(?:.*?\S)?)_(?!\w)"
    r"|!?\[(?P<label>[^\]\n]*)\]\((?P<url>[^)\s]*)(?:\s+\"[^\"\n]*\")?\))"
)
CODE_STYLE = "bold"
_HEADING_STYLES = {1: "bold underline", 2: "bold underline", 3: "bold", 4: "bold", 5: "bold italic", 6: "bold italic"}


@dataclass(frozen=True)
class Block:
    """One paragraph, heading, list item, code block, table or quote, as it is drawn."""

    offset: int
    """Where the block starts in the Markdown (a character offset)."""
    text: Text
    heading: bool = False
    joined: bool = False
    """Drawn right under the block before it (the next item of a list, the next line of a quote)."""


def inline(source: str, style: str = "") -> Text:
    """One paragraph's inline Markdown: emphasis, code and links styled, the rest (math, HTML) as written."""
    parts: list[str] = []
    spans: list[Span] = []
    _inline_into(source, parts, spans, 0)
    plain = "".join(parts)
    if style:
        spans.insert(0, Span(0, len(plain), style))
    return Text(plain, spans=spans, end="")


def _inline_into(source: str, parts: list[str], spans: list[Span], at_char: int) -> int:
    """Append `source`'s text to `parts` and its styles to `spans` (offsets from `at_char`); returns the new end."""
    if not _MAYBE_INLINE.search(source):
        parts.append(source)
        return at_char + len(source)
    at = 0
    for match in _INLINE.finditer(source):
        parts.append(source[at : match.start()])
        at_char += match.start() - at
        at = match.end()
        start = at_char
        if (code := match.group("code_text")) is not None:
            parts.append(code)
            at_char += len(code)
            spans.append(Span(start, at_char, CODE_STYLE))
        elif (math := match.group("math")) is not None:
            parts.append(math)  # TeX as written
            at_char += len(math)
        elif (strong := match.group("strong") or match.group("strong2")) is not None:
            at_char = _inline_into(strong, parts, spans, at_char)
            spans.append(Span(start, at_char, "bold"))
        elif (em := match.group("em") or match.group("em2")) is not None:
            at_char = _inline_into(em, parts, spans, at_char)
            spans.append(Span(start, at_char, "italic"))
        else:
            label, url = match.group("label") or "", match.group("url") or ""
            at_char = _inline_into(label or url, parts, spans, at_char)
            spans.append(Span(start, at_char, "underline"))
            if url and label and label != url:
                shown = f" <{url}>"
                parts.append(shown)
                spans.append(Span(at_char, at_char + len(shown), "dim"))
                at_char += len(shown)
    parts.append(source[at:])
    return at_char + len(source) - at


def _cells(row: str) -> list[str]:
    row = row.strip()
    row = row[1:] if row.startswith("|") else row
    row = row[:-1] if row.endswith("|") and not row.endswith("\\|") else row
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", row)]


def table(rows: list[str]) -> Text:
    """A pipe table as aligned columns (`│` between cells, a rule under the header)."""
    header_rule = len(rows) > 1 and _TABLE_RULE.match(rows[1]) is not None
    kept = [row for index, row in enumerate(rows) if not (header_rule and index == 1)]
    cells = [[inline(cell) for cell in _cells(row)] for row in kept]
    columns = max(len(row) for row in cells)
    widths = [max((cell_len(row[i].plain) for row in cells if i < len(row)), default=0) for i in range(columns)]
    widths = [min(width, 40) for width in widths]
    text = Text(no_wrap=False)
    for number, row in enumerate(cells):
        for i in range(columns):
            cell = row[i] if i < len(row) else Text()
            if header_rule and number == 0:
                cell.stylize("bold")
            text.append_text(cell)
            if i < columns - 1:
                text.append(" " * max(0, widths[i] - cell_len(cell.plain)) + " │ ", style="dim")
        text.append("\n")
        if header_rule and number == 0:
            text.append("─┼─".join("─" * width for width in widths) + "\n", style="dim")
    text.rstrip()
    return text


class _Builder:
    """Walks the Markdown line by line; `blocks` is the result."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.paragraph: list[str] = []
        self.paragraph_at = 0
        self.open_kind: str | None = None
        """"item" or "quote" while the last block is one that a next line may join."""

    def flush(self) -> None:
        if self.paragraph:
            self.blocks.append(Block(self.paragraph_at, inline(" ".join(self.paragraph))))
            self.paragraph = []
        self.open_kind = None

    def add(self, offset: int, text: Text, heading: bool = False, kind: str | None = None) -> None:
        joined = kind is not None and kind == self.open_kind
        self.flush()
        self.blocks.append(Block(offset, text, heading, joined))
        self.open_kind = kind

    def continue_item(self, line: str) -> bool:
        """An indented line right under a list item is more of that item."""
        if self.open_kind != "item" or not line.startswith((" ", "\t")):
            return False
        self.blocks[-1].text.append(" ")
        self.blocks[-1].text.append_text(inline(line.strip()))
        return True


def _code_block(lines: list[str], index: int, fence: str) -> tuple[int, Text]:
    """The fenced code from `lines[index]` to its closing fence, as written; (the line after it, the text)."""
    body = []
    while index < len(lines) and not lines[index].strip().startswith(fence):
        body.append(lines[index])
        index += 1
    return index + 1, Text("\n".join("  " + row for row in body) or "  ", style=CODE_STYLE, no_wrap=False)


def _math_block(lines: list[str], index: int, first: str) -> tuple[int, Text]:
    """A `$$` display block, its TeX as written; (the line after it, the text)."""
    body = [first]
    closed = len(first) > 2 and first.endswith("$$")
    while index < len(lines) and not closed:
        body.append(lines[index].strip())
        closed = body[-1].endswith("$$")
        index += 1
    return index, Text("\n".join("  " + row for row in body))


def render_markdown(markdown: str) -> list[Block]:
    """The Markdown as blocks to draw, in order."""
    lines = strip_controls(markdown).split("\n")
    starts, at = [], 0
    for line in lines:
        starts.append(at)
        at += len(line) + 1
    out = _Builder()
    index = 0
    while index < len(lines):
        line, start = lines[index], starts[index]
        stripped = line.strip()
        index += 1
        if not stripped:
            out.flush()
        elif fence := _FENCE.match(line):
            index, text = _code_block(lines, index, fence.group(1)[0] * 3)
            out.add(start, text)
        elif stripped.startswith("$$"):
            index, text = _math_block(lines, index, stripped)
            out.add(start, text)
        elif heading := _ATX.match(line):
            level = len(heading.group(1))
            out.add(start, inline(heading.group(2), _HEADING_STYLES[level]), heading=True)
        elif out.paragraph and len(out.paragraph) == 1 and _SETEXT.match(line) and not _ITEM.match(line):
            title, out.paragraph = out.paragraph[0], []
            out.add(out.paragraph_at, inline(title, _HEADING_STYLES[1 if stripped[0] == "=" else 2]), heading=True)
        elif _RULE.match(line):
            out.add(start, Text("─" * 40, style="dim"))
        elif stripped.startswith("|"):
            rows = [line]
            while index < len(lines) and lines[index].strip().startswith("|"):
                rows.append(lines[index])
                index += 1
            out.add(start, table(rows))
        elif item := _ITEM.match(line):
            indent, bullet, rest = item.groups()
            marker = "•" if bullet in "-*+" else bullet
            text = Text("  " * (1 + len(indent) // 2) + marker + " ")
            text.append_text(inline(rest))
            out.add(start, text, kind="item")
        elif stripped.startswith(">"):
            text = Text("│ ", style="dim")
            text.append_text(inline(stripped.lstrip("> "), "italic"))
            out.add(start, text, kind="quote")
        elif out.continue_item(line):
            pass
        else:
            if not out.paragraph:
                out.paragraph_at = start
            out.paragraph.append(stripped)
    out.flush()
    return out.blocks
