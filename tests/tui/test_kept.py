"""What a user expects to keep: the theme picked in the app, the toggles in a saved view (pilot, real files)."""

from __future__ import annotations

import tomllib
from dataclasses import replace
from pathlib import Path

import pytest

from reader.query import PaperFilter, saved_text
from reader.storage.config_file import load_config, save_theme
from reader.storage.library import Library
from reader.tui.app import PaperReaderApp
from reader.tui.dialogs.save_view import SaveViewScreen

WIDE = (120, 40)

MINE = """\
# my settings: keep this line
mark_read_delay = 60  # slow reader

[keymap]
# moved keys
"paper.star" = "f"
"""


def reader(library: Library, path: Path) -> PaperReaderApp:
    return PaperReaderApp(library, load_config(path), config_path=path)


class TestTheme:
    async def test_a_theme_picked_in_the_app_comes_back_next_start(self, library: Library, home: Path) -> None:
        path = home / "config.toml"
        path.write_text(MINE, encoding="utf-8")
        app = reader(library, path)
        async with app.run_test(size=WIDE) as pilot:
            app.theme = "nord"  # what the palette's theme picker does with the theme chosen
            await pilot.pause()
        written = path.read_text(encoding="utf-8")
        assert tomllib.loads(written) == {**tomllib.loads(MINE), "theme": "nord"}
        assert "# my settings: keep this line" in written and "# moved keys" in written and "# slow reader" in written
        again = reader(library, path)
        async with again.run_test(size=WIDE) as pilot:
            await pilot.pause()
            assert again.theme == "nord"

    def test_the_theme_is_replaced_where_it_is(self, tmp_path: Path) -> None:
        path = tmp_path / "config.toml"
        path.write_text('theme = "gruvbox"  # warm\n[views]\nA = "x"\n', encoding="utf-8")
        save_theme(path, "nord")
        assert path.read_text(encoding="utf-8") == 'theme = "nord"  # warm\n[views]\nA = "x"\n'


class TestSavedViewHoldsTheToggles:
    @pytest.mark.parametrize(
        ("paper_filter", "text"),
        [
            (PaperFilter(text="agent", starred_only=True), "agent is:starred"),
            (PaperFilter(text="a OR b", unread_only=True, has_code=True), "(a OR b) is:unread has:code"),
            (PaperFilter(starred_only=True), "is:starred"),
            (PaperFilter(text=" diffusion "), "diffusion"),
        ],
    )
    def test_saved_text(self, paper_filter: PaperFilter, text: str, library: Library) -> None:
        assert saved_text(paper_filter) == text
        as_saved = PaperFilter(text=text)
        assert library.select(as_saved) == library.select(paper_filter), "the view shows what the filter showed"

    async def test_V_with_only_toggles_on_saves_them(self, library: Library, home: Path) -> None:
        path = home / "config.toml"
        path.write_text(MINE, encoding="utf-8")
        app = PaperReaderApp(library, replace(load_config(path), mark_read_delay=0), config_path=path)
        async with app.run_test(size=WIDE) as pilot:
            await pilot.press("C", "U", "V")
            assert isinstance(app.screen, SaveViewScreen)
            await pilot.press(*"Fresh", "enter")
            await pilot.pause()
        assert tomllib.loads(path.read_text(encoding="utf-8"))["views"] == {"Fresh": "is:unread has:code"}
