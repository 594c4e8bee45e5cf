"""The reader keeps state.toml up to date, and says when its library was recovered or found damaged (pilot)."""

from __future__ import annotations

from pathlib import Path

import pytest

import reader.tui.export as export_module
from reader.core.config import Config
from reader.storage import state_codec as state_file
from reader.storage.library import Library
from reader.storage.recovery import damaged_marker
from reader.tui.app import PaperReaderApp

WIDE = (120, 40)


@pytest.fixture(autouse=True)
def quick_export(monkeypatch: pytest.MonkeyPatch) -> None:
    """Export 50 ms after the last change instead of 2 s, so the tests need not wait."""
    monkeypatch.setattr(export_module, "EXPORT_DELAY", 0.05)


def reader_app(library: Library, home: Path, **options) -> PaperReaderApp:
    return PaperReaderApp(library, Config(mark_read_delay=60), state_path=home / "state.toml", **options)


async def settle(pilot, app: PaperReaderApp) -> None:
    """Let the export timer fire, then wait for its worker."""
    await pilot.pause(0.1)
    await app.workers.wait_for_complete()
    await pilot.pause()


def messages(app: PaperReaderApp) -> list[str]:
    return [notification.message for notification in app._notifications]


class TestAutomaticExport:
    async def test_a_star_reaches_state_toml_after_a_pause(self, library: Library, home: Path) -> None:
        app = reader_app(library, home)
        async with app.run_test(size=WIDE) as pilot:
            await settle(pilot, app)
            assert state_file.read(home / "state.toml") == {}  # written at start: none was there
            await pilot.press("s")
            first = app.main_screen.current.id
            await pilot.press("j", "s", "m")
            second = app.main_screen.current.id
            await settle(pilot, app)
            written = state_file.read(home / "state.toml")
            assert written == library.marks()
            assert {paper_id for paper_id, marks in written.items() if marks["starred"].on} == {first, second}
            assert written[second]["read"].on and "read" not in written[first]

    async def test_the_last_change_is_exported_at_exit(self, library: Library, home: Path, monkeypatch) -> None:
        monkeypatch.setattr(export_module, "EXPORT_DELAY", 60)  # the timer never fires before q
        (home / "state.toml").write_text("format = 1\n", encoding="utf-8")
        app = reader_app(library, home)
        async with app.run_test(size=WIDE) as pilot:
            await pilot.press("s")
            paper_id = app.main_screen.current.id
            await pilot.press("q")
        assert state_file.read(home / "state.toml")[paper_id]["starred"].on

    async def test_an_export_that_fails_is_said_once_and_the_marks_stay_saved(
        self, library: Library, home: Path
    ) -> None:
        (home / "state.toml").mkdir()  # a directory where the file should go: every write fails
        app = reader_app(library, home)
        async with app.run_test(size=WIDE, notifications=True) as pilot:
            await pilot.press("s")
            await settle(pilot, app)
            await pilot.press("j", "s")
            await settle(pilot, app)
            failures = [text for text in messages(app) if "Cannot back up the marks" in text]
            assert len(failures) == 1, messages(app)
            assert str(home / "state.toml") in failures[0]
        assert sum(marks["starred"].on for marks in library.marks().values() if "starred" in marks) == 2


class TestRecoveredAndDamaged:
    async def test_the_recovery_notice_is_shown_at_start(self, library: Library, home: Path) -> None:
        notice = "library.db was damaged (file is not a database): moved it to library.db.corrupt-1 and started anew"
        app = reader_app(library, home, notice=notice)
        async with app.run_test(size=WIDE, notifications=True) as pilot:
            await pilot.pause()
            assert notice in messages(app)

    async def test_a_sound_library_passes_the_check_quietly(self, library: Library, home: Path) -> None:
        app = reader_app(library, home, check_after=0)
        async with app.run_test(size=WIDE, notifications=True) as pilot:
            await pilot.pause(0.1)
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert not [text for text in messages(app) if "damaged" in text]
        assert not damaged_marker(home / "library.db").exists()
