"""Characters typed in the same burst as the key that opened a dialog land in its text box, in order.

They reach the dialog's screen before the box has focus (a fast typist, a paste, tmux send-keys).
A character reaching the screen cannot have come through the box (Input and TextArea stop every
character they take, the area Enter too), so it is inserted there; other keys go on to the bindings
(an Input's Enter submits what was typed before it).
"""

from __future__ import annotations

from textual import events
from textual.widgets import Input, TextArea


def pass_to_box(box: Input | TextArea, event: events.Key) -> None:
    """Call from the dialog screen's `on_key`."""
    text = "\n" if isinstance(box, TextArea) and event.key == "enter" else event.character  # the area takes Enter
    if not text or not (event.is_printable or text == "\n"):
        return
    event.stop()
    if box.screen.focused is not box:
        box.screen.set_focus(box)
    if isinstance(box, Input):
        box.insert_text_at_cursor(text)
    else:
        box.insert(text)
