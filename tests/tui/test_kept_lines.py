"""The panes' kept lines (reader/tui/widgets/scrolling.py) are the lines Textual itself would draw.

The list, the detail and their scrollbars hand the compositor lines they drew
before; after any key, each one must equal what Textual's own styles cache draws
for the same line from scratch (border, padding, colour filters, cropping).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.geometry import Region
from textual.scrollbar import ScrollBar
from textual.strip import Strip
from textual.widget import Widget

from reader.tui.widgets.detail import PaperDetail
from reader.tui.widgets.paper_list import PaperList
from reader.tui.widgets.scrolling import KeptScrollBar

WIDE = (120, 40)


def segments(strips: list[Strip]) -> list[list[tuple[str, object]]]:
    return [[(segment.text, segment.style) for segment in strip] for strip in strips]


def textual_lines(widget: Widget, crop: Region, own: Callable[[Widget, Region], list[Strip]]) -> list[Strip]:
    """What Textual 8.2.8 draws for `crop`, its styles cache emptied first (so nothing it drew before is reused)."""
    widget._styles_cache.clear()
    return own(widget, crop)


def assert_drawn_as_textual_draws(app: Any) -> None:
    for pane in (app.main_screen.paper_list, app.main_screen.detail):
        width, height = pane.size
        for crop in (Region(0, 0, width, height), Region(1, 2, width - 3, 4)):
            assert segments(pane.render_lines(crop)) == segments(textual_lines(pane, crop, Widget.render_lines))
        bar = pane.vertical_scrollbar
        assert isinstance(bar, KeptScrollBar)
        if bar.display and bar.size.height:
            crop = Region(0, 0, *bar.size)
            assert segments(bar.render_lines(crop)) == segments(textual_lines(bar, crop, ScrollBar.render_lines))


@pytest.mark.parametrize(
    "keys",
    [
        (),
        ("j", "j", "j"),
        ("G", "k", "pagedown", "pageup"),
        ("j",) * 40,
        ("tab", "space", "space", "k"),
        ("slash", "d", "i", "f", "escape"),
        ("s", "j", "m"),
    ],
)
async def test_every_line_is_the_one_textual_draws(make_app: Callable[..., Any], keys: tuple[str, ...]) -> None:
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
            assert_drawn_as_textual_draws(app)
        assert_drawn_as_textual_draws(app)


async def test_a_narrow_screen_and_a_new_theme_draw_as_textual_draws(make_app: Callable[..., Any]) -> None:
    app = make_app()
    async with app.run_test(size=(80, 30)) as pilot:
        await pilot.press("j", "j", "tab")
        await pilot.pause()
        assert_drawn_as_textual_draws(app)
        app.theme = "nord"
        await pilot.pause()
        assert_drawn_as_textual_draws(app)
        await pilot.resize_terminal(100, 24)
        await pilot.pause()
        assert_drawn_as_textual_draws(app)


async def test_a_moved_row_is_drawn_once(make_app: Callable[..., Any]) -> None:
    """Scrolling by a row hands the compositor the lines it had (the point of keeping them)."""
    app = make_app()
    async with app.run_test(size=(120, 20)) as pilot:
        papers: PaperList = app.main_screen.paper_list
        await pilot.press(*"j" * papers.size.height)
        await pilot.pause()
        width, height = papers.size
        before = papers.render_lines(Region(0, 0, width, height))
        await pilot.press("j")
        await pilot.pause()
        after = papers.render_lines(Region(0, 0, width, height))
        assert papers.scroll_y >= 1
        # Every row but the two whose cursor mark changed is the very line drawn before, one place up.
        same = sum(1 for old, new in zip(before[1:], after, strict=False) if old is new)
        assert same >= height - 3
        assert isinstance(app.main_screen.detail, PaperDetail)
