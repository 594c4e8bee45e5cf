"""A damaged library met while reading: say so, leave the marker that makes the next start recover it."""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual.widget import Widget

from reader.storage.errors import is_damage

__all__ = ["DamageWatch", "exit_line", "is_damage"]


def exit_line(library_path: Path, error: BaseException) -> str:
    """What the command line prints after the reader quit on a damaged page."""
    return f"{library_path} is damaged ({error}); start paper-reader again to move it aside and restore your marks"


class DamageWatch:
    """Checks the whole library file in the background, and tells the user of damage found by any part."""

    def __init__(self, owner: Widget, library_path: Path, state_path: Path | None) -> None:
        self._owner = owner
        self._library_path = library_path
        self._state_path = state_path
        self.verdict: str | None = None
        """What the background check found: None until it has run, then "ok" or the damage (a test can wait on it)."""

    def check_after(self, delay: float) -> None:
        self._owner.set_timer(max(delay, 0.01), self._start_check)  # Textual divides by the delay

    def _start_check(self) -> None:
        self._owner.run_worker(self._check, name="check the library for damage", group="check", exclusive=True,
                               exit_on_error=False)  # fmt: skip

    async def _check(self) -> None:
        from reader.storage.recovery import check_library

        problem = await asyncio.to_thread(check_library, self._library_path)
        self.verdict = problem or "ok"
        if problem is not None:
            self.tell(problem)

    def found(self, problem: str) -> None:
        """Damage met by a search or a mark: leave the marker, then say so."""
        from reader.storage.recovery import mark_damaged

        mark_damaged(self._library_path, problem)
        self.tell(problem)

    def tell(self, problem: str) -> None:
        """Damage inside the file: the marks are safe in state.toml, and the next start moves the file aside."""
        self._owner.notify(
            f"{self._library_path} is damaged ({problem}). Quit (q) and start paper-reader again: it moves the file "
            f"aside and restores your marks from {self._state_path or 'state.toml'}.",
            title="Library damaged", severity="error", markup=False, timeout=30,
        )  # fmt: skip
