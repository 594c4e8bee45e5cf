"""Snapshot tests of the main screens (pytest-textual-snapshot); `--snapshot-update` re-records them.

The library lives in the test's own temporary directory, so two runs at once never share it. The help
screen names the library: there the temporary directory is shown as the fixed SHOWN_HOME, so it draws the
same on every run. Anywhere else it would differ from run to run and fail the comparison.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from reader.core.config import Config
from reader.services.sample import is_sample_only, load_sample_if_empty
from reader.storage.library import Library
from reader.tui.app import PaperReaderApp
from reader.tui.screens.help import HelpScreen
from reader.tui.views import SavedViews

SHOWN_HOME = "/tmp/paper-reader-snapshot-home"
"""Where the help screen says the library is (the path the snapshots were first recorded with)."""


@pytest.fixture
def sample_app(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[PaperReaderApp]:
    """The real app on the bundled sample feed, as a first start shows it."""
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "PAPER_READER_BROWSER"):
        monkeypatch.delenv(name, raising=False)
    # The views' unread counts arrive from a thread whenever it finishes: left out so every frame is
    # the same on every run (tests/tui/test_find.py checks the counts).
    monkeypatch.setattr(SavedViews, "count_unread_soon", lambda self, delay=0.5: None)
    home = tmp_path / "home"
    shown_by_help = HelpScreen.__init__

    def help_naming_the_fixed_home(screen: HelpScreen, *args: Any, **kwargs: Any) -> None:
        args = tuple(arg.replace(str(home), SHOWN_HOME) if isinstance(arg, str) else arg for arg in args)
        shown_by_help(screen, *args, **kwargs)

    monkeypatch.setattr(HelpScreen, "__init__", help_naming_the_fixed_home)
    library = Library.open(home / "library.db")
    load_sample_if_empty(library)
    yield PaperReaderApp(library, Config(mark_read_delay=0), sample=is_sample_only(library))
    library.close()


class TestMainScreen:
    def test_wide_list_and_detail(self, snap_compare, sample_app: PaperReaderApp) -> None:
        assert snap_compare(sample_app, terminal_size=(120, 40))

    def test_narrow_stacks_the_detail(self, snap_compare, sample_app: PaperReaderApp) -> None:
        assert snap_compare(sample_app, terminal_size=(80, 30))

    def test_small_terminal_gives_the_list_the_room(self, snap_compare, sample_app: PaperReaderApp) -> None:
        assert snap_compare(sample_app, terminal_size=(80, 24))

    def test_moved_and_starred(self, snap_compare, sample_app: PaperReaderApp) -> None:
        async def clear_toasts(pilot) -> None:
            pilot.app.clear_notifications()
            await pilot.pause()

        assert snap_compare(sample_app, press=["j", "j", "s", "j"], terminal_size=(120, 40), run_before=clear_toasts)


class TestFilter:
    def test_typing_in_the_filter_box(self, snap_compare, sample_app: PaperReaderApp) -> None:
        assert snap_compare(sample_app, press=["slash", *"agent", "enter", "C"], terminal_size=(120, 40))


class TestHelp:
    def test_help_screen(self, snap_compare, sample_app: PaperReaderApp) -> None:
        assert snap_compare(sample_app, press=["question_mark"], terminal_size=(120, 40))
