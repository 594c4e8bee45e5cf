"""The reader keeps state.toml up to date, and says when its library was recovered or found damaged (pilot)."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest
from console import DAILY

import reader.tui.export as export_module
from reader.core.config import Config
from reader.sources.hf_api import parse_feed_text
from reader.storage import state_codec as state_file
from reader.storage.library import Library
from reader.storage.recovery import damaged_marker
from reader.tui.app import PaperReaderApp

WIDE = (120, 40)


@pytest.fixture(autouse=True)
def export_when_told(monkeypatch: pytest.MonkeyPatch) -> None:
    """The export timer never fires by itself during a test: `settle` fires it, so no test waits for the clock."""
    monkeypatch.setattr(export_module, "EXPORT_DELAY", 600)


def reader_app(library: Library, home: Path, **options) -> PaperReaderApp:
    return PaperReaderApp(library, Config(mark_read_delay=60), state_path=home / "state.toml", **options)


async def settle(pilot, app: PaperReaderApp) -> None:
    """Fire the export timer the last change set (as if the changes had paused), then wait for its worker."""
    await pilot.pause()
    assert app.main_screen.export.scheduled, "no export was scheduled"
    app.main_screen.export.start_now()
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

    async def test_the_last_change_is_exported_at_exit(self, library: Library, home: Path) -> None:
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
            await wait_for_the_check(pilot, app)
            assert app.main_screen.damage.verdict == "ok"  # the check ran, over the whole file, and found nothing
            assert not [text for text in messages(app) if "damaged" in text]
        assert not damaged_marker(home / "library.db").exists()

    async def test_damage_inside_the_library_is_found_by_the_background_check(self, home: Path) -> None:
        db = library_damaged_where_the_first_screen_does_not_read(home)
        with Library.open(db) as library:
            app = reader_app(library, home, check_after=0)
            async with app.run_test(size=WIDE, notifications=True) as pilot:
                await wait_for_the_check(pilot, app)
                assert app.main_screen.damage.verdict != "ok"
                damaged = [n for n in app._notifications if n.title == "Library damaged"]
                assert len(damaged) == 1, messages(app)
                assert f"{db} is damaged (" in damaged[0].message
                assert "start paper-reader again" in damaged[0].message
                assert app.is_running and app.main_screen.current is not None  # the reader goes on: the marks are safe
        assert damaged_marker(db).exists()  # the next start moves the file aside and restores the marks


async def wait_for_the_check(pilot, app: PaperReaderApp, timeout: float = 20) -> None:
    """Wait until the background check has given its verdict (its timer, then its worker), with a deadline."""
    deadline = time.monotonic() + timeout
    while app.main_screen.damage.verdict is None:
        assert time.monotonic() < deadline, "the background check of the library never ran"
        await app.workers.wait_for_complete()
        await pilot.pause()


def library_damaged_where_the_first_screen_does_not_read(home: Path) -> Path:
    """The 2026-06-12 list, plus a table the reader never reads whose root page is overwritten with junk."""
    db = home / "library.db"
    with Library.open(db) as library:
        library.import_papers(parse_feed_text(DAILY.read_bytes()).papers)
    connection = sqlite3.connect(db, isolation_level=None)
    connection.execute("CREATE TABLE ballast (data BLOB)")
    connection.executemany("INSERT INTO ballast VALUES (randomblob(900))", [()] * 50)
    root = connection.execute("SELECT rootpage FROM sqlite_master WHERE name = 'ballast'").fetchone()[0]
    page_size = connection.execute("PRAGMA page_size").fetchone()[0]
    connection.close()  # the last connection: the WAL is checkpointed into the file
    with db.open("r+b") as file:
        file.seek((root - 1) * page_size)
        file.write(b"\xde\xad" * (page_size // 2))
    return db
