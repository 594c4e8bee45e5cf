"""The reader's first screen while the library is upgraded (issue 17, target 6): "Upgrading the library … N%" as
the migration runs off the UI thread, then the upgraded library."""

from __future__ import annotations

import threading
from pathlib import Path

from old_library import write_schema_2_library

from reader.storage import migrate
from reader.storage.library import Library
from reader.tui.upgrade import UpgradeApp

WAIT = 30.0


async def shown(app: UpgradeApp, pilot, text: str) -> str:
    """The screen's line once it says `text` (the pilot pauses until it does; no sleeps)."""
    from textual.widgets import Static

    for _ in range(2_000):
        line = str(app.query_one("#upgrade", Static).render())
        if text in line:
            return line
        await pilot.pause(0.01)
    raise AssertionError(f"the upgrade screen never said {text!r}; it says {line!r}")


async def until_exited(app: UpgradeApp, pilot) -> None:
    """Once the app has asked to exit (the migration is done): it does so by itself."""
    for _ in range(3_000):
        if app._exit:
            return
        await pilot.pause(0.01)
    raise AssertionError("the upgrade screen did not exit once the migration was done")


class RecordingUpgradeApp(UpgradeApp):
    """The upgrade screen, keeping every line it showed."""

    lines: list[str]

    def _show(self, line: str) -> None:
        self.lines = [*getattr(self, "lines", []), line]
        super()._show(line)


async def test_the_first_screen_shows_the_upgrade_as_it_goes() -> None:
    halfway = threading.Event()
    go_on = threading.Event()

    def migration(progress) -> None:
        progress(0, 8)
        progress(2, 8)
        halfway.set()
        assert go_on.wait(WAIT)  # the migration is still running while the screen is looked at
        progress(8, 8)

    app = UpgradeApp(migration)
    async with app.run_test() as pilot:
        assert await shown(app, pilot, "25%") == "Upgrading the library … 25%"
        assert halfway.wait(WAIT) and app.is_running  # 25% is drawn a moment before the migration says halfway
        go_on.set()
        await until_exited(app, pilot)
    assert app.failure is None


async def test_a_real_migration_runs_under_the_screen(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(migrate, "REBUILD_STEP", 5)
    path = tmp_path / "library.db"
    write_schema_2_library(path, 40)
    app = RecordingUpgradeApp(lambda progress: Library.open(path, progress).close())
    async with app.run_test() as pilot:
        await until_exited(app, pilot)
    assert app.failure is None and not migrate.upgrade_pending(path)
    assert app.lines[-1] == "Upgrading the library … 100%"
    percents = [int(line.split()[-1][:-1]) for line in app.lines]
    assert len(percents) > 8 and percents == sorted(percents)


async def test_a_failed_upgrade_is_left_for_the_reader_start_to_say(tmp_path: Path) -> None:
    from reader.storage.errors import LibraryError

    def failing(progress) -> None:
        raise LibraryError("cannot write library x: disk I/O error")

    app = UpgradeApp(failing)
    async with app.run_test() as pilot:
        await until_exited(app, pilot)
    assert app.failure == "cannot write library x: disk I/O error"
