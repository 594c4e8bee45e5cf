"""The paper list: one Line API widget that draws only the rows on screen, like Toolong's LogLines.

It holds the ordered pks of the current filter (50,000 ints is cheap) and asks
the library for the few visible rows, so mounting and filtering cost the same
for 30 papers or 50,000.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.core.text import clean_line
from reader.storage.rows import ListRow
from reader.tui import keys
from reader.tui.highlight import match_style, spans
from reader.tui.widgets.scrolling import KeptLines, set_virtual_size

RowSource = Callable[[Sequence[int]], dict[int, ListRow]]

_DATE_WIDTH = 10
_VOTES_WIDTH = 5
_CODE_MARK = "</>"
NEW_MARK = "✦ "
"""First stored since the previous session (distinct from unread's "●"; the title stays bold while unread)."""
ONLINE_MARK = "⇣ "
"""A result of a Hugging Face search (`ctrl+o`) not in the library yet (a negative pk): stored when starred,
read or opened."""
UNRESOLVED_MARK = "◌ "
"""Known only from a copied papers page: no arXiv id yet (resolved by title at the next sync or add)."""
_CACHE_LIMIT = 2_000
_TAGS_MIN_WIDTH = 60
"""Rows at least this wide show the paper's tags between its title and its date (12 cells, 20 from 90 on)."""


def ellipsize(text: str, width: int) -> str:
    """`text` in exactly `width` cells, cut with "…" when too long; wide characters measured right."""
    if width <= 0:
        return ""
    clipped = text[: width * 4]
    if len(clipped) < len(text) or cell_len(clipped) > width:
        return set_cell_size(clipped, width - 1) + "…"
    return set_cell_size(clipped, width)


class PaperList(KeptLines, ScrollView, can_focus=True):
    """Every paper of the current filter, one line each; the cursor picks the paper in the detail pane."""

    BINDINGS = keys.bindings(keys.PAPER_LIST)

    COMPONENT_CLASSES = {
        "paper-list--cursor",
        "paper-list--unread",
        "paper-list--star",
        "paper-list--meta",
        "paper-list--code",
        "paper-list--match",
        "paper-list--tags",
        "paper-list--new",
    }

    DEFAULT_CSS = """
    PaperList {
        background: $surface;
        scrollbar-gutter: stable;
        overflow-x: hidden;
        & > .paper-list--cursor { background: $block-cursor-blurred-background; }
        &:focus > .paper-list--cursor { background: $block-cursor-background; color: $block-cursor-foreground; }
        & > .paper-list--unread { text-style: bold; color: $accent; }
        & > .paper-list--star { color: $warning; }
        & > .paper-list--meta { color: $text-muted; }
        & > .paper-list--code { color: $success; }
        & > .paper-list--match { background: $warning 40%; text-style: underline; }
        & > .paper-list--tags { color: $secondary; }
        & > .paper-list--new { text-style: bold; color: $success; }
    }
    """

    cursor: reactive[int] = reactive(0, init=False, repaint=False)
    """The row under the cursor; `watch_cursor` repaints just the rows that changed."""

    class Highlighted(Message):
        """The cursor moved to another paper (None: the list is empty)."""

        def __init__(self, pk: int | None) -> None:
            super().__init__()
            self.pk = pk

    class Chosen(Message):
        """The user asked to read the paper under the cursor (Enter, Tab, double click)."""

        def __init__(self, pk: int) -> None:
            super().__init__()
            self.pk = pk

    def __init__(self, rows: RowSource, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._fetch_rows = rows
        self._pks: list[int] = []
        self._cache: dict[int, ListRow] = {}
        self._lines: dict[tuple[object, ...], Strip] = {}
        """Drawn lines by (row, width, cursor?, focus?, base style): layout passes and scrolling redraw for free."""
        self._highlight: tuple[str, ...] = ()
        self._base: Style | None = None
        """The widget's own Rich style, worked out once per style change (`rich_style` walks the DOM: 0.1 ms)."""
        self.chosen_pk: int | None = None
        """The paper the user last moved the cursor to; None once the list moved it elsewhere on its own."""

    # -- content ------------------------------------------------------------------------------

    @property
    def pks(self) -> list[int]:
        return self._pks

    @property
    def current_pk(self) -> int | None:
        return self._pks[self.cursor] if 0 <= self.cursor < len(self._pks) else None

    def show(self, pks: list[int], keep: int | None = None) -> None:
        """Show these papers; the cursor stays on `keep` if it is among them, else on the same line."""
        self._pks = pks
        self._cache.clear()
        set_virtual_size(self, Size(self.scrollable_content_region.width, len(pks)))
        target = self.cursor
        if keep is not None:
            with contextlib.suppress(ValueError):
                target = pks.index(keep)
        target = max(0, min(target, len(pks) - 1))
        if target == self.cursor:
            self.post_message(self.Highlighted(self.current_pk))
        self.cursor = target
        if self.current_pk != self.chosen_pk:
            self.chosen_pk = None
        self._scroll_to_cursor()
        self.refresh()

    def go_to_unread(self, step: int) -> None:
        """`n` / `N`: past the end of the list the search wraps around, and says so (as mutt does)."""
        found = self.find_unread(step)
        if found is None:
            self.notify("No unread papers in this list", timeout=2)
        elif found[0] == self.cursor:
            self.notify("This is the only unread paper in this list", timeout=2)
        else:
            self.move_to(found[0])
            if found[1]:
                self.notify("Wrapped to the top" if step > 0 else "Wrapped to the bottom", timeout=2)

    def find_unread(self, step: int) -> tuple[int, bool] | None:
        """The next (step 1) or previous (-1) unread paper's row, and whether the search wrapped past the end.

        Past the last (first) row the search goes on from the other end, up to and including the cursor's
        row; None only when no paper of the list is unread.
        """
        last = len(self._pks) - 1
        if step > 0:
            ahead, behind = (self.cursor + 1, last), (0, self.cursor)
        else:
            ahead, behind = (self.cursor - 1, 0), (last, self.cursor)
        found = self._scan(*ahead, step)
        if found is not None:
            return found, False
        found = self._scan(*behind, step)
        return None if found is None else (found, True)

    def _scan(self, first: int, last: int, step: int) -> int | None:
        """The first unread row from `first` to `last` (both included) going `step`; rows asked a window at a time.

        A long run of read papers costs a few queries, not one per row.
        """
        chunk = 200
        index = first
        while 0 <= index < len(self._pks) and (index <= last if step > 0 else index >= last):
            end = min(index + chunk, last + 1) if step > 0 else max(index - chunk, last - 1)
            window = self._pks[index:end] if step > 0 else list(reversed(self._pks[end + 1 : index + 1]))
            rows = self._fetch_rows(window)
            for offset, pk in enumerate(window):
                row = rows.get(pk)
                if row is not None and not row.read:
                    return index + offset * step
            index = end
        return None

    def set_highlight(self, terms: tuple[str, ...]) -> None:
        """Mark these words and phrases in the titles (see `reader.tui.highlight`)."""
        if terms != self._highlight:
            self._highlight = terms
            self._lines.clear()
            self.refresh()

    def replace_pk(self, old: int, new: int) -> None:
        """The paper listed under `old` is now `new` (an online result was stored)."""
        with contextlib.suppress(ValueError):
            self._pks[self._pks.index(old)] = new
        self.chosen_pk = new if self.chosen_pk == old else self.chosen_pk
        self._cache.pop(old, None)
        self.refresh()

    def refresh_paper(self, pk: int) -> None:
        """Redraw one paper's line after its read/star state changed."""
        self._cache.pop(pk, None)
        self.refresh()

    def _row(self, index: int, height: int) -> ListRow | None:
        pk = self._pks[index]
        row = self._cache.get(pk)
        if row is None:
            if len(self._cache) > _CACHE_LIMIT:
                self._cache.clear()
            window = [p for p in self._pks[index : index + height + 1] if p not in self._cache]
            self._cache.update(self._fetch_rows(window))
            row = self._cache.get(pk)
        return row

    # -- drawing ------------------------------------------------------------------------------

    def content_line(self, y: int, width: int) -> Strip:
        if self._base is None:
            self._base = self.rich_style
        base = self._base
        index = int(self.scroll_y) + y
        if index >= len(self._pks):
            return self._blank(width, base)
        row = self._row(index, self.size.height)  # the rows on screen and a few (size is cheap to ask)
        if row is None:  # the paper was removed since the list was filled
            return self._blank(width, base)
        is_cursor = index == self.cursor
        key = (row, width, is_cursor, self.has_focus, base)
        strip = self._lines.get(key)
        if strip is None:
            if len(self._lines) > _CACHE_LIMIT:
                self._lines.clear()
            strip = Strip(self._segments(row, width)).adjust_cell_length(width)
            if is_cursor:  # the whole style: a partial one drops the blurred cursor's transparency (bright as focused)
                strip = strip.apply_style(base + self.get_component_rich_style("paper-list--cursor"))
            else:
                strip = strip.apply_style(base)
            self._lines[key] = strip
        return strip

    def _blank(self, width: int, base: Style) -> Strip:
        """An empty line, the same `Strip` each time (so it is drawn into its final line once)."""
        key = ("blank", width, base)
        strip = self._lines.get(key)
        if strip is None:
            strip = self._lines[key] = Strip.blank(width, base)
        return strip

    def _segments(self, row: ListRow, width: int) -> list[Segment]:
        def style(name: str) -> Style:
            return self.get_component_rich_style(name, partial=True)

        unread = style("paper-list--unread")
        meta = style("paper-list--meta")
        show_date = width >= 48
        fixed = 4 + 1 + (_DATE_WIDTH + 1 if show_date else 0) + _VOTES_WIDTH + 1 + len(_CODE_MARK)
        tags = " ".join(f"#{tag}" for tag in row.tags) if row.tags and width >= _TAGS_MIN_WIDTH else ""
        tags_shown = ellipsize(clean_line(tags), min(12 if width < 90 else 20, cell_len(tags))) if tags else ""
        prefix = UNRESOLVED_MARK if row.unresolved else ""
        title_width = max(0, width - fixed - len(prefix) - (cell_len(tags_shown) + 1 if tags_shown else 0))
        votes = "" if row.upvotes is None else f"▲{row.upvotes}"
        marker = Segment(NEW_MARK, style("paper-list--new")) if row.new else Segment("  " if row.read else "● ", unread)
        if row.pk < 0:
            marker = Segment(ONLINE_MARK, style("paper-list--code"))
        segments = [
            marker,
            Segment("★ " if row.starred else "  ", style("paper-list--star")),
            *([Segment(prefix, meta)] if prefix else []),
            *self._title(
                row.title, title_width, unread if not row.read else Style(), match_style(self, "paper-list--match")
            ),
            Segment(" "),
        ]
        if tags_shown:
            segments.append(Segment(tags_shown + " ", style("paper-list--tags")))
        if show_date:
            segments.append(Segment(ellipsize(row.date, _DATE_WIDTH) + " ", meta))
        segments.append(Segment(votes.rjust(_VOTES_WIDTH)[-_VOTES_WIDTH:] + " ", meta))
        segments.append(Segment(_CODE_MARK if row.has_code else " " * len(_CODE_MARK), style("paper-list--code")))
        return segments

    def _title(self, title: str, width: int, style: Style, match: Style) -> list[Segment]:
        """The title cut to `width` cells, its matches (found in the whole title) in the `match` style."""
        shown = ellipsize(title, width)
        found = spans(self._highlight, title) if self._highlight else []
        if not found:
            return [Segment(shown, style)]
        kept = 0  # characters of the title drawn as they are (before "…" or a split wide character)
        for drawn, original in zip(shown, title, strict=False):
            if drawn != original:
                break
            kept += 1
        segments, at = [], 0
        for start, end in found:
            start, end = min(start, kept), min(end, kept)
            if start >= end:
                continue
            segments += [Segment(shown[at:start], style), Segment(shown[start:end], style + match)]
            at = end
        segments.append(Segment(shown[at:], style))
        return [segment for segment in segments if segment.text]

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._base = None
        self._lines.clear()

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, len(self._pks))
        self._scroll_to_cursor()

    # -- cursor -------------------------------------------------------------------------------

    def watch_cursor(self, old: int, new: int) -> None:
        top = int(self.scroll_y)
        self._scroll_to_cursor()
        if int(self.scroll_y) == top:  # only the two rows whose cursor mark changed are drawn again
            self.refresh_line(old)
            self.refresh_line(new)
        else:
            self.refresh()
        self.post_message(self.Highlighted(self.current_pk))

    def _scroll_to_cursor(self) -> None:
        height = self.scrollable_content_region.height
        top = int(self.scroll_y)
        if height <= 0:
            return
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False, immediate=True)

    def move_to(self, index: int) -> None:
        """Move the cursor for the user (keys, clicks): the paper it lands on is the one the user chose."""
        if self._pks:
            index = max(0, min(index, len(self._pks) - 1))
            self.chosen_pk = self._pks[index]  # before the move: who follows the cursor sees it chosen
            self.cursor = index

    def action_cursor_down(self) -> None:
        self.move_to(self.cursor + 1)

    def action_cursor_up(self) -> None:
        self.move_to(self.cursor - 1)

    def action_first(self) -> None:
        self.move_to(0)

    def action_last(self) -> None:
        self.move_to(len(self._pks) - 1)

    def action_page_down(self) -> None:
        self.move_to(self.cursor + max(1, self.scrollable_content_region.height - 1))

    def action_page_up(self) -> None:
        self.move_to(self.cursor - max(1, self.scrollable_content_region.height - 1))

    def action_choose(self) -> None:
        if self.current_pk is not None:
            self.post_message(self.Chosen(self.current_pk))

    def on_click(self, event: events.Click) -> None:
        index = int(self.scroll_y) + event.y
        if 0 <= index < len(self._pks):
            self.focus()
            self.move_to(index)
            if event.chain >= 2:
                self.action_choose()
