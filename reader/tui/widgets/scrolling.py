"""What the Line API panes (the paper list, the detail) share: quiet virtual sizes and lines drawn once.

Textual 8.2.8 draws a widget's line through its styles cache, which is keyed by
the line's place on screen: a list scrolled by one row, or a pane drawn again,
passes every line through border, padding and colour filter anew, and hands the
compositor new `Strip`s it must cut and turn into escape codes again (the most
of a cursor step's time). `KeptLines` keeps each drawn line whole, border and
filters applied, for as long as the row it shows and the pane's look stay the
same, so a row that only moved, or was drawn before, costs a dictionary look-up;
`KeptScrollBar` does the same for the scrollbar, whose look changes far less
often than its position.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.color import Color
from rich.segment import Segment
from rich.style import Style
from textual.color import Color as TextualColor
from textual.geometry import Region, Size
from textual.scrollbar import ScrollBar, ScrollBarRender
from textual.strip import Strip
from textual.widget import Widget

_KEPT_LIMIT = 96
"""Drawn lines kept per pane before they move to the older of two stores (about three screens: each kept line
is a few `Strip`s, each with seven caches of its own, and its escape codes; 4,000 of them cost the list and
the detail 45 MB, 200 still 5 MB)."""


def set_virtual_size(widget: Widget, size: Size) -> None:
    """Set `widget.virtual_size`, relaying out the screen only when a scrollbar appears or goes.

    `virtual_size` is a layout reactive in Textual 8.2.8: every change re-arranges
    and redraws every widget on the screen (15-40 ms on ours), though a list's new
    length or a detail's new height changes nothing outside the widget. This sets
    the value quietly, then lets `_scroll_update` recompute the scrollbars (their
    own reactives ask for a layout only if one shows or hides) and repaints.
    """
    if size == widget.virtual_size:
        return
    widget.set_reactive(Widget.virtual_size, size)
    widget._scroll_update(size)
    widget.refresh()


class KeptScrollBar(ScrollBar):
    """A vertical scrollbar that keeps the line it drew for each of its few kinds of cell.

    A vertical bar's line is one cell (track above or below the thumb, thumb, or a
    partial thumb end), so once each kind is drawn (Textual's own way) a bar at any
    position is put together from those lines: the thumb of a 50,000-row list moves
    a cell every ~1,500 rows, a detail's changes size with every paper.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._look: tuple[object, ...] | None = None
        self._by_cell: dict[Segment, Strip] = {}

    def render_lines(self, crop: Region) -> list[Strip]:
        renderable = self.render()
        if not self.vertical or type(renderable) is not ScrollBarRender:
            return super().render_lines(crop)
        style = self.app.console.get_style(renderable.style)
        width, height = self.size
        cells = renderable.render_bar(
            size=height,
            virtual_size=renderable.virtual_size,
            window_size=renderable.window_size,
            position=renderable.position,
            thickness=width,
            vertical=True,
            back_color=style.bgcolor or Color.parse("#555555"),
            bar_color=style.color or Color.parse("bright_magenta"),
        )
        column = list(cells.segments)
        look = (self.size, crop.column_span, self.background_colors, tuple(self.get_line_filters()))
        if look != self._look:
            self._look, self._by_cell = look, {}
        by_cell = self._by_cell
        if len(column) == height and all(column[y] in by_cell for y in crop.line_range):
            return [by_cell[column[y]] for y in crop.line_range]
        lines = super().render_lines(crop)
        if len(column) == height:
            for y, line in zip(crop.line_range, lines, strict=False):
                by_cell[column[y]] = line
        return lines


Frame = tuple[list[Segment], list[Segment], int, Style]
"""A pane's line around its content: the segments before and after, the content's width and its padding style."""

if TYPE_CHECKING:
    _WidgetMixin = Widget
else:
    _WidgetMixin = object
    """At run time a plain mixin: a `Widget` base ahead of `ScrollView` would reorder the default CSS."""


class KeptLines(_WidgetMixin):
    """A mixin for a Line API `ScrollView` whose `content_line` returns the same `Strip` for the same row.

    Each such strip is put into its final line once -- between the border and
    padding Textual draws for the pane (worked out once per look, by Textual's
    styles cache), line filters applied -- and kept until the pane's look
    changes (style, size, focus, theme). Panes with a top or bottom border or
    padding, a tint, a hatch or an opacity are drawn by Textual as usual.
    """

    _kept: dict[int, tuple[Strip, Strip]]
    _kept_before: dict[int, tuple[Strip, Strip]]
    """The lines kept until the store last filled: those drawn again move back to `_kept`, the rest go."""
    _kept_key: tuple[object, ...] | None = None
    _frame: Frame | None

    def content_line(self, y: int, width: int) -> Strip:
        """The pane's line `y` (from the top of what is shown), `width` cells wide."""
        raise NotImplementedError

    def render_line(self, y: int) -> Strip:
        return self.content_line(y, self.scrollable_content_region.width)

    @property
    def vertical_scrollbar(self) -> ScrollBar:
        """Textual's own property, with a `KeptScrollBar` (created the way Textual 8.2.8 creates its bar)."""
        if self._vertical_scrollbar is None:
            bar = KeptScrollBar(vertical=True, name="vertical", thickness=self.scrollbar_size_vertical)
            bar.display = False
            self._vertical_scrollbar = bar
            self.app._start_widget(self, bar)
        return self._vertical_scrollbar

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._kept_key = None

    def render_lines(self, crop: Region) -> list[Strip]:
        styles = self.styles
        gutter = styles.gutter
        if gutter.top or gutter.bottom or styles.tint.a or styles.text_opacity != 1.0 or self.opacity != 1.0:
            return super().render_lines(crop)
        if styles.has_rule("hatch") and styles.hatch != "none":
            return super().render_lines(crop)
        base_background, background = self.background_colors
        size = self.region.size
        filters = tuple(self.get_line_filters())
        key = (size, base_background, background, filters, styles.border, styles.padding, self.app.ansi_theme)
        if key != self._kept_key:
            self._kept, self._kept_before, self._kept_key = {}, {}, key
            self._frame = self._find_frame(base_background, background)
        if self._frame is None:
            return super().render_lines(crop)
        prefix, suffix, content_width, inner = self._frame
        if len(self._kept) > _KEPT_LIMIT:
            self._kept_before, self._kept = self._kept, {}
        kept, before = self._kept, self._kept_before
        width = size.width
        line_width = self.scrollable_content_region.width
        x1, x2 = crop.column_span
        whole = (x1, x2) == (0, width)
        lines = []
        for y in crop.line_range:
            content = self.content_line(y, line_width)
            found = kept.get(id(content))
            if found is None and (found := before.get(id(content))) is not None:
                kept[id(content)] = found
            if found is None or found[0] is not content:
                line = Strip([*prefix, *content.adjust_cell_length(content_width, inner), *suffix], width)
                for line_filter in filters:
                    line = line.apply_filter(line_filter, background)
                kept[id(content)] = (content, line)
            else:
                line = found[1]
            lines.append(line if whole else line.crop(x1, x2))
        return lines

    def _find_frame(self, base_background: TextualColor, background: TextualColor) -> Frame | None:
        """What Textual's styles cache puts before and after a content line (border, padding): found by drawing
        one marked line its way. None if it changed the line itself (then Textual draws every line)."""
        styles = self.styles
        content_width, _ = content_size = self.content_region.size
        marker = Segment(" " * content_width)
        app = self.app
        probe = self._styles_cache.render_line(
            styles, 0, self.region.size, content_size, styles.padding, base_background, background,
            lambda _y: Strip([marker], content_width), None, None, 1.0, app.ansi_theme, app.native_ansi_color,
        )  # fmt: skip
        segments = list(probe)
        at = next((index for index, segment in enumerate(segments) if segment is marker), None)
        if at is None:
            return None
        inner = self._styles_cache.get_inner_outer(base_background, background)[0].rich_style
        return segments[:at], segments[at + 1 :], content_width, inner
