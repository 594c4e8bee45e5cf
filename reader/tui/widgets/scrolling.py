"""Changing what a Line API widget scrolls over without laying out the whole screen."""

from __future__ import annotations

from textual.geometry import Size
from textual.widget import Widget


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
