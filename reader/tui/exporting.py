"""`x` in the reader: the export dialog, then the file written (asking before replacing one) or the clipboard."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from textual.screen import Screen

from reader.core.text import shown_path
from reader.services.export import FORMATS, ExportExistsError, export_items, render, write_export
from reader.storage.errors import LibraryError
from reader.storage.library import Library
from reader.tui.dialogs.export import ExportRequest, ExportScreen


def ask_and_export(screen: Screen[None], library: Library, current_pk: int | None, pks: list[int]) -> None:
    """Ask what to export and where: `pks` is the filtered list in its order, `current_pk` the paper at the cursor."""
    if not pks and current_pk is None:
        screen.notify("No papers in this list to export", severity="warning", timeout=2)
        return
    dialog = ExportScreen(len(pks), current_pk is not None, Path.cwd())
    screen.app.push_screen(dialog, partial(_export, screen, library, current_pk, pks))


def _export(
    screen: Screen[None], library: Library, current_pk: int | None, pks: list[int], request: ExportRequest | None
) -> None:
    if request is None:
        return
    chosen = pks if request.whole_list or current_pk is None else [current_pk]
    try:
        text = render(request.format, export_items(library, chosen))
    except LibraryError as exc:
        screen.notify(str(exc), title="Not exported", severity="error", markup=False)
        return
    count = f"{len(chosen):,} paper{'' if len(chosen) == 1 else 's'}"
    label = FORMATS[request.format][1].split(":")[0]
    if not request.path:
        screen.app.copy_to_clipboard(text)
        screen.notify(f"Copied {count} as {label} to the clipboard", timeout=4, markup=False)
        return
    _write(screen, Path(request.path).expanduser(), text, f"{count} as {label}")


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
