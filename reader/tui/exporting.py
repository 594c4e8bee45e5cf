"""`x` in the reader: the export dialog, then the file written (asking before replacing one) or the clipboard.

The entries are rendered on a thread with its own connection to the library: a whole list of 50,000
papers takes seconds, and the reader keeps answering keys meanwhile.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path

from textual.screen import Screen

from reader.core.text import shown_path
from reader.services.export import FORMATS, ExportExistsError, export_items, render, write_export
from reader.storage.errors import LibraryError
from reader.storage.library import Library
from reader.tui.dialogs.export import ExportRequest, ExportScreen

EXPORT_GROUP = "export-file"
"""The worker group of a running export; a second `x` meanwhile waits for it to finish."""
ANNOUNCED = 1_000
"""From this many papers on, the reader says the export has started (it takes a second or more)."""


@dataclass(frozen=True, slots=True)
class ExportJob:
    """What one export writes: the papers (in the list's order), the format and where (empty: the clipboard)."""

    library_path: Path
    pks: list[int]
    format: str
    path: str

    @property
    def what(self) -> str:
        count = f"{len(self.pks):,} paper{'' if len(self.pks) == 1 else 's'}"
        return f"{count} as {FORMATS[self.format][1].split(':')[0]}"


def ask_and_export(screen: Screen[None], library: Library, current_pk: int | None, pks: list[int]) -> None:
    """Ask what to export and where: `pks` is the filtered list in its order, `current_pk` the paper at the cursor."""
    if not pks and current_pk is None:
        screen.notify("No papers in this list to export", severity="warning", timeout=2)
        return
    if any(worker.group == EXPORT_GROUP and not worker.is_finished for worker in screen.workers):
        screen.notify("An export is still being written; wait for it to finish", severity="warning", timeout=3)
        return
    dialog = ExportScreen(len(pks), current_pk is not None, Path.cwd())
    screen.app.push_screen(dialog, partial(_start, screen, library.path, current_pk, pks))


def _start(
    screen: Screen[None], library_path: Path, current_pk: int | None, pks: list[int], request: ExportRequest | None
) -> None:
    if request is None:
        return
    chosen = pks if request.whole_list or current_pk is None else [current_pk]
    job = ExportJob(library_path, list(chosen), request.format, request.path)
    if len(job.pks) >= ANNOUNCED:
        screen.notify(f"Exporting {job.what} …", timeout=3, markup=False)
    screen.run_worker(partial(_render, screen, job), name="export papers", group=EXPORT_GROUP, thread=True,
                      exit_on_error=False)  # fmt: skip


def _render(screen: Screen[None], job: ExportJob) -> None:
    """On the worker's thread: the entries from a connection of its own, then back to the UI thread."""
    try:
        library = Library.open(job.library_path)
        try:
            text = render(job.format, export_items(library, job.pks))
        finally:
            library.close()
    except LibraryError as exc:
        screen.app.call_from_thread(screen.notify, str(exc), title="Not exported", severity="error", markup=False)
        return
    except Exception as exc:  # a failed worker is said on screen, never silent
        message = f"{type(exc).__name__}: {exc}"
        screen.app.call_from_thread(screen.notify, message, title="Not exported", severity="error", markup=False)
        return
    screen.app.call_from_thread(_deliver, screen, job, text)


def _deliver(screen: Screen[None], job: ExportJob, text: str) -> None:
    if not job.path:
        screen.app.copy_to_clipboard(text)
        screen.notify(f"Copied {job.what} to the clipboard", timeout=4, markup=False)
        return
    _write(screen, Path(job.path).expanduser(), text, job.what)


def _write(screen: Screen[None], path: Path, text: str, what: str, force: bool = False) -> None:
    from reader.tui.dialogs.confirm import ConfirmScreen

    try:
        write_export(path, text, force=force)
    except ExportExistsError:
        question = f"{shown_path(path)} exists. Replace it?"
        screen.app.push_screen(ConfirmScreen(question), partial(_replace, screen, path, text, what))
        return
    except OSError as exc:
        reason = exc.strerror or str(exc)
        screen.notify(f"Cannot write {shown_path(path)}: {reason}", title="Not exported", severity="error",
                      markup=False, timeout=8)  # fmt: skip
        return
    screen.notify(f"Wrote {what} to {shown_path(path)}", timeout=6, markup=False)


def _replace(screen: Screen[None], path: Path, text: str, what: str, yes: bool | None) -> None:
    if yes:
        _write(screen, path, text, what, force=True)
    else:
        screen.notify(f"Left {shown_path(path)} as it was", timeout=3, markup=False)
