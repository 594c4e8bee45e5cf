"""The reader's first screen while the library's schema is upgraded: "Upgrading the library … N%".

A migration can take seconds (the full-text index is rebuilt: 10-24 s at 50,000 papers); it runs on a
thread of its own while this screen shows how far it is, instead of a terminal that shows nothing. Then the
reader starts as always (`cli/run.py`), on a library that is up to date.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.app import App, ComposeResult
from textual.widgets import Static

from reader.storage.errors import LibraryError
from reader.storage.library import Library
from reader.storage.migrate import MigrationProgress

UPGRADING = "Upgrading the library …"


def upgrade_line(done: int, total: int) -> str:
    """What the screen says: how far the upgrade is, in whole percent."""
    return f"{UPGRADING} {100 * done // total if total > 0 else 100}%"


class UpgradeApp(App[None]):
    """One line in the middle of the screen, updated as the migration goes; exits when it is done.

    A migration that fails is not said here: the reader's own start (`open_library`) meets it again and
    says it (or recovers the library) as it always does.
    """

    CSS = "Screen { align: center middle; } #upgrade { width: auto; }"

    def __init__(self, migrate: Callable[[MigrationProgress], None]) -> None:
        super().__init__()
        self._migrate = migrate
        self._percent = -1
        self.failure: str | None = None

    def compose(self) -> ComposeResult:
        yield Static(upgrade_line(0, 1), id="upgrade", markup=False)

    def on_mount(self) -> None:
        self.run_worker(self._run, name="upgrade the library", thread=True, exit_on_error=False)

    def _run(self) -> None:
        try:
            self._migrate(self._report)
        except LibraryError as exc:
            self.failure = str(exc)
        self.call_from_thread(self.exit)

    def _report(self, done: int, total: int) -> None:
        """On the migration's thread: redraw only when the whole percent changes."""
        line = upgrade_line(done, total)
        percent = 100 * done // total if total > 0 else 100
        if percent != self._percent:
            self._percent = percent
            self.call_from_thread(self._show, line)

    def _show(self, line: str) -> None:
        self.query_one("#upgrade", Static).update(line)


def upgrade_library(path: Path) -> None:
    """Migrate the library at `path` under the upgrade screen (the caller knows it needs it)."""
    UpgradeApp(lambda progress: Library.open(path, progress).close()).run()
