"""The reading screen's text: a paper's Markdown drawn as plain Text, one Line API widget.

Blocks are wrapped once per width, and only the lines on screen are drawn, so a
200 KB paper opens in a fraction of the 300 ms budget. Matches of a find are
marked by wrapping just the blocks that hold them again.
"""

from __future__ import annotations

import bisect
import time

from rich.segment import Segment
from rich.text import Text
from textual import events
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.core.full_text import find_all
from reader.tui import keys
from reader.tui.markdown_text import Block
from reader.tui.widgets.scrolling import set_virtual_size

FIRST_SCREENS = 3
"""Screens of lines wrapped before the first frame; the rest follows in slices."""
SLICE_SECONDS = 0.012
"""Wrapping work per slice after the first frame: short enough that a key pressed meanwhile waits no longer."""
BLOCK_GAP = "\n\n"
"""Between two blocks in `plain` (and a blank line on screen), unless the second is `joined`."""


class FullTextView(ScrollView, can_focus=True):
    """Scrollable full text; `blocks` come from `markdown_text.render_markdown`."""

    BINDINGS = keys.bindings(keys.FULL_TEXT)

    COMPONENT_CLASSES = {"full-text--match", "full-text--current"}

    DEFAULT_CSS = """
    FullTextView {
        padding: 0 2;
        overflow-x: hidden;
        overflow-y: auto;
        scrollbar-gutter: stable;
        & > .full-text--match { background: $warning 30%; }
        & > .full-text--current { background: $warning; color: $background; }
    }
    """

    def __init__(self, blocks: list[Block] | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._blocks: list[Block] = []
        self._plain = ""
        self._block_starts: list[int] = []
        """Where each block starts in `plain`."""
        self._block_lines: list[int] = []
        """The first wrapped line of each block (and the line count at the end)."""
        self._lines: list[list[Segment]] = []
        self._width = -1
        self._matches: list[int] = []
        self._current = -1
        self._needle = ""
        self._generation = 0
        self.set_blocks(blocks or [])

    # -- content ------------------------------------------------------------------------------

    @property
    def plain(self) -> str:
        """The text as drawn, unwrapped: what a find searches."""
        return self._plain

    @property
    def blocks(self) -> list[Block]:
        return self._blocks

    @property
    def line_count(self) -> int:
        return len(self._lines)

    @property
    def current_match(self) -> int:
        """The index of the match shown (-1: none)."""
        return self._current

    def line_text(self, index: int) -> str:
        return "".join(segment.text for segment in self._lines[index]) if 0 <= index < len(self._lines) else ""

    def set_blocks(self, blocks: list[Block]) -> None:
        self._blocks = blocks
        starts, parts, at = [], [], 0
        for number, block in enumerate(blocks):
            if number:
                gap = "\n" if block.joined else BLOCK_GAP
                parts.append(gap)
                at += len(gap)
            starts.append(at)
            parts.append(block.text.plain)
            at += len(block.text.plain)
        self._plain, self._block_starts = "".join(parts), starts
        self._matches, self._current = [], -1
        self._width = -1
        if self.is_mounted:
            self._wrap()

    # -- layout -------------------------------------------------------------------------------

    def _wrap(self) -> None:
        """Wrap the first screens now and the rest a slice at a time after the first frame (keys go between)."""
        width = self.scrollable_content_region.width
        self._width = width
        self._lines, self._block_lines = [], []
        self._generation += 1
        if width <= 0:
            return
        self._wrap_until(lines=max(1, self.scrollable_content_region.height) * FIRST_SCREENS)
        self._size_to_lines()
        if not self.complete:
            self.call_later(self._wrap_more, self._generation)

    @property
    def complete(self) -> bool:
        """Every block is wrapped (`_block_lines` has its end mark)."""
        return len(self._block_lines) > len(self._blocks)

    def _wrap_until(self, *, lines: int | None = None, seconds: float | None = None) -> None:
        """Wrap further blocks until `lines` lines exist or `seconds` have passed (neither: all of them)."""
        width = self._width
        console = self.app.console
        options = console.options.update(width=width, min_width=width, max_width=width, height=None)
        started = time.perf_counter()
        number = len(self._block_lines)
        while number < len(self._blocks):
            if lines is not None and len(self._lines) >= lines:
                return
            if seconds is not None and time.perf_counter() - started >= seconds:
                return
            if number and not self._blocks[number].joined:
                self._lines.append([])
            self._block_lines.append(len(self._lines))
            self._lines.extend(console.render_lines(self._marked(number), options, pad=False))
            number += 1
        if not self.complete:
            self._block_lines.append(len(self._lines))

    def _wrap_more(self, generation: int) -> None:
        if generation != self._generation or not self.is_mounted:
            return
        self._wrap_until(seconds=SLICE_SECONDS)
        self._size_to_lines()
        if not self.complete:
            self.call_later(self._wrap_more, generation)

    def finish(self) -> None:
        """Wrap what is left now (before a jump or a find needs every line where it is)."""
        if self._width > 0 and not self.complete:
            self._wrap_until()
            self._size_to_lines()

    def _size_to_lines(self) -> None:
        """The scroll height: the lines so far, and an estimate for the blocks not wrapped yet."""
        rest = 0
        if not self.complete and self._width > 0:
            unwrapped = len(self._plain) - (self._block_starts[len(self._block_lines)] if self._blocks else 0)
            rest = unwrapped // max(1, self._width - 10) + (len(self._blocks) - len(self._block_lines))
        set_virtual_size(self, Size(self._width, len(self._lines) + rest))
        self.refresh()

    def _marked(self, number: int) -> Text:
        """The block's text, with the find's matches in it marked."""
        text = self._blocks[number].text
        if not self._matches:
            return text
        start = self._block_starts[number]
        end = start + len(text.plain)
        first = bisect.bisect_left(self._matches, start)
        if first >= len(self._matches) or self._matches[first] >= end:
            return text
        text = text.copy()
        match = self.get_component_rich_style("full-text--match", partial=True)
        current = self.get_component_rich_style("full-text--current", partial=True)
        for index in range(first, len(self._matches)):
            at = self._matches[index]
            if at >= end:
                break
            style = current if index == self._current else match
            text.stylize(style, at - start, at - start + len(self._needle))
        return text

    def _rewrap_block(self, number: int) -> None:
        if not 0 <= number < len(self._blocks) or self._width <= 0:
            return
        console = self.app.console
        options = console.options.update(width=self._width, min_width=self._width, max_width=self._width)
        lines = console.render_lines(self._marked(number), options, pad=False)
        self.finish()
        first, last = self._block_lines[number], self._block_lines[number + 1]
        if self._blocks[number + 1 :] and not self._blocks[number + 1].joined:
            last -= 1  # the blank line after the block
        if len(lines) == last - first:  # styles never change the wrapping; if they did, wrap it all
            self._lines[first:last] = lines
        else:
            self._wrap()
        self.refresh()

    # -- where things are ---------------------------------------------------------------------

    def block_at(self, offset: int) -> int:
        """The block the Markdown character `offset` falls in (for the table of contents)."""
        return max(0, bisect.bisect_right([block.offset for block in self._blocks], offset) - 1)

    def line_of_block(self, number: int) -> int:
        self.finish()
        return self._block_lines[number] if 0 <= number < len(self._block_lines) else 0

    def line_of_plain(self, offset: int) -> int:
        """The wrapped line that shows the character at `offset` of `plain`."""
        self.finish()
        number = max(0, bisect.bisect_right(self._block_starts, offset) - 1)
        if number >= len(self._blocks) or not self._block_lines:
            return 0
        inside = offset - self._block_starts[number]
        line, seen = self._block_lines[number], 0
        end = self._block_lines[number + 1]
        while line + 1 < end:
            shown = len(self.line_text(line).rstrip()) + 1  # a wrap drops the space it breaks at
            if seen + shown > inside:
                break
            seen += shown
            line += 1
        return line

    def scroll_to_line(self, line: int) -> None:
        self.scroll_to(y=max(0, line - 2), animate=False, immediate=True)

    # -- find ---------------------------------------------------------------------------------

    def find(self, needle: str) -> int:
        """Mark every match of `needle` (ignoring case); go to the first below the top line. Returns the count."""
        old = self._touched_blocks()
        self._needle = needle
        self._matches = find_all(self._plain, needle)
        self._current = -1
        if self._matches:
            top = int(self.scroll_y)
            after = next((i for i, at in enumerate(self._matches) if self.line_of_plain(at) >= top), 0)
            self._go(after, old)
        else:
            for number in old:
                self._rewrap_block(number)
        return len(self._matches)

    def next_match(self, step: int) -> tuple[int, int] | None:
        """Go to the next (1) or previous (-1) match, wrapping around; (its number from 1, the count)."""
        if not self._matches:
            return None
        self._go((self._current + step) % len(self._matches), set())
        return self._current + 1, len(self._matches)

    def _go(self, index: int, also: set[int]) -> None:
        previous = self._block_of_match(self._current)
        self._current = index
        for number in also | {previous, self._block_of_match(index)}:
            self._rewrap_block(number)
        self.scroll_to_line(self.line_of_plain(self._matches[index]))

    def _block_of_match(self, index: int) -> int:
        if not 0 <= index < len(self._matches):
            return -1
        return max(0, bisect.bisect_right(self._block_starts, self._matches[index]) - 1)

    def _touched_blocks(self) -> set[int]:
        return {self._block_of_match(index) for index in range(len(self._matches))}

    # -- drawing ------------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if width != self._width:
            self._wrap()
        base = self.rich_style
        index = int(self.scroll_y) + y
        if index >= len(self._lines) and not self.complete and self._width > 0:
            self._wrap_until(lines=index + self.scrollable_content_region.height)  # scrolled ahead of the slices
        if not 0 <= index < len(self._lines):
            return Strip.blank(width, base)
        return Strip(self._lines[index]).adjust_cell_length(width).apply_style(base)

    def on_resize(self, event: events.Resize) -> None:
        if self.scrollable_content_region.width != self._width:
            self._wrap()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        if self.is_mounted and self._width > 0:
            self._wrap()
