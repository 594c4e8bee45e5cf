"""Snapshot tests of the main screens (pytest-textual-snapshot); `--snapshot-update` re-records them.

The library lives at a fixed path so the help screen, which names it, draws the same on every machine.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.core.config import Config
from reader.services.sample import is_sample_only, load_sample_if_empty
from reader.storage.library import Library
from reader.tui.app import PaperReaderApp
from reader.tui.views import SavedViews

SNAPSHOT_HOME = Path("/tmp/paper-reader-snapshot-home")


@pytest.fixture
def sample_app(monkeypatch: pytest.MonkeyPatch) -> Iterator[PaperReaderApp]:
    """The real app on the bundled sample feed, as a first start shows it."""
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "PAPER_READER_BROWSER"):
        monkeypatch.delenv(name, raising=False)
    # The views' unread counts arrive from a thread whenever it finishes: left out so every frame is
    # the same on every run (tests/tui/test_find.py checks the counts).
    monkeypatch.setattr(SavedViews, "count_unread_soon", lambda self, delay=0.5: None)
    shutil.rmtree(SNAPSHOT_HOME, ignore_errors=True)
    library = Library.open(SNAPSHOT_HOME / "library.db")
    load_sample_if_empty(library)
    yield PaperReaderApp(library, Config(mark_read_delay=0), sample=is_sample_only(library))
    library.close()
    shutil.rmtree(SNAPSHOT_HOME, ignore_errors=True)


class TestMainScreen:
    def test_wide_list_and_detail(self, snap_compare, sample_app: PaperReaderApp) -> None:
        assert snap_compare(sample_app, terminal_size=(120, 40))

    def test_narrow_stacks_the_detail(self, snap_compare, sample_app: PaperReaderApp) -> None:
        assert snap_compare(sample_app, terminal_size=(80, 30))

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
