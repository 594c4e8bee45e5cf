"""The reader's one gate to the terminal: every notification (the app's or any widget's) passes for_terminal."""

from __future__ import annotations

import unicodedata

from reader.core.config import Config
from reader.storage.library import Library
from reader.tui.app import PaperReaderApp

HOSTILE = "a\x1b[31mred\x1b[0m \x1b]0;pwned\x07title \x9b2J c1 \u202erlo \x07bell"


def clean(text: str) -> bool:
    return all(char == "\n" or unicodedata.category(char) != "Cc" for char in text) and "\u202e" not in text


async def test_a_notification_with_escapes_reaches_the_screen_clean(library: Library) -> None:
    app = PaperReaderApp(library, Config(mark_read_delay=60))
    async with app.run_test(size=(120, 40)) as pilot:
        app.notify(HOSTILE, title=HOSTILE, markup=False)
        app.main_screen.paper_list.notify(HOSTILE, title="from a widget", markup=False)
        await pilot.pause()
        shown = [(n.title, n.message) for n in app._notifications]
        assert shown[-2:] == [
            ("ared title  c1 rlo bell", "ared title  c1 rlo bell"),
            ("from a widget", "ared title  c1 rlo bell"),
        ]
        assert all(clean(title) and clean(message) for title, message in shown)


async def test_a_notification_is_plain_text_unless_markup_is_asked_for(library: Library) -> None:
    app = PaperReaderApp(library, Config(mark_read_delay=60))
    async with app.run_test(size=(120, 40)) as pilot:
        app.notify("Opening the [@click=app.quit]owner/name[/]")
        await pilot.pause()
        assert app.is_running
        (shown,) = [n for n in app._notifications if "owner/name" in n.message]
        assert shown.markup is False
