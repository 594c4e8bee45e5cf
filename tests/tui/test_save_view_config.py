"""`V` in the real app saves the filter as a view without losing a byte of what the user wrote in config.toml."""

from __future__ import annotations

import tomllib
from dataclasses import replace
from pathlib import Path

from reader.storage.config_file import load_config
from reader.storage.library import Library
from reader.tui.app import PaperReaderApp
from reader.tui.screens.save_view import SaveViewScreen
from reader.tui.widgets.view_bar import ViewBar

HAND_WRITTEN = """\
# My paper-reader settings.
theme = 'nord'                # literal string, comment after it
browser = "firefox --new-tab"
'sync_days' = 3               # a quoted key

[keymap]
# keys I moved
"paper.star" = 'f'
'list.down' = \"\"\"j,down\"\"\"

["views"]   # mine: do not reorder (a quoted header)
"Old one" = 'is:starred has:code'   # starred with code
plain = "title:\\"x\\""
"""


def kept_in_order(original: str, written: str) -> bool:
    """Every line of `original` is in `written`, byte for byte and in the same order."""
    lines = iter(written.splitlines())
    return all(any(line == other for other in lines) for line in original.splitlines())


async def test_v_keeps_comments_quoting_order_and_other_tables(library: Library, home: Path) -> None:
    path = home / "config.toml"
    path.write_text(HAND_WRITTEN, encoding="utf-8")
    before = tomllib.loads(HAND_WRITTEN)
    app = PaperReaderApp(library, replace(load_config(path), mark_read_delay=0), config_path=path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash", *"upvotes>=100", "space", *"has:code")
        await pilot.pause()
        await pilot.press("enter", "V")
        assert isinstance(app.screen, SaveViewScreen)
        await pilot.press(*"Big", "space", *"ones", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, SaveViewScreen)
        assert app.query_one(ViewBar).active == "Big ones"

    written = path.read_text(encoding="utf-8")
    assert kept_in_order(HAND_WRITTEN, written), written
    assert written.endswith('plain = "title:\\"x\\""\n"Big ones" = "upvotes>=100 has:code"\n'), written
    assert tomllib.loads(written) == {**before, "views": {**before["views"], "Big ones": "upvotes>=100 has:code"}}
