"""The sync folder in the reader: other machines' files merged at start and whenever one changes.

Polled every few seconds with `merge_sync_folder` (one stat per file when
nothing changed); this machine's own file is written with state.toml
(reader/tui/export.py). A merge that changed something reloads the list.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.screen import Screen

from reader.storage.errors import DamagedLibraryError, LibraryError
from reader.tui.export import MarksExport
from reader.tui.session import ReaderSession

POLL_SECONDS = 3.0
"""How often the folder is looked at while the reader runs."""


def sync_folder_of(session: ReaderSession) -> Path | None:
    """The folder `sync_folder` names (relative to config.toml's folder), None when the setting is empty."""
    if not session.config.sync_folder.strip():
        return None  # unset: its module is not imported at every start
    from reader.services.sync_folder import folder_from_setting

    base = session.config_path.parent if session.config_path is not None else session.library.path.parent
    return folder_from_setting(session.config.sync_folder, base)


class SyncWatch:
    """Merges the other machines' files into the library now and every POLL_SECONDS; says each problem once."""

    def __init__(
        self,
        owner: Screen[None],
        session: ReaderSession,
        changed: Callable[[], None],
        found_damage: Callable[[str], None],
    ) -> None:
        self._owner = owner
        self._session = session
        self._changed = changed
        self._found_damage = found_damage
        self._told: set[str] = set()
        self.folder = sync_folder_of(session)

    def start(self, export: MarksExport) -> None:
        """Merge now, write this machine's file with every export, and look again every few seconds."""
        if self.folder is None:
            return
        export.sync_to(self._session.library, self.folder)
        self.poll()
        self._owner.set_interval(POLL_SECONDS, self.poll)

    def poll(self) -> None:
        from reader.services.sync_folder import merge_sync_folder

        if self.folder is None or not self._owner.app.is_running:
            return
        try:
            result = merge_sync_folder(self._session.library, self.folder)
        except DamagedLibraryError as exc:
            self._found_damage(exc.reason)
            return
        except LibraryError as exc:
            self._tell(str(exc))
            return
        for problem in result.problems:
            self._tell(problem)
        if result.anything_changed:
            machines = ", ".join(sorted(machine.machine for machine in result.merged))
            papers = f"{result.changed:,} paper{'' if result.changed == 1 else 's'}"
            self._owner.notify(f"Sync folder: {papers} changed by {machines}", timeout=4, markup=False)
            self._changed()

    def _tell(self, problem: str) -> None:
        if problem not in self._told:  # each problem once a session, not every few seconds
            self._told.add(problem)
            self._owner.notify(problem, title="Sync folder", severity="warning", markup=False, timeout=8)
