"""`paper-reader state export [FILE]` and `state import FILE`: the read and star marks as state.toml."""

from __future__ import annotations

from pathlib import Path

from reader.cli.common import EXIT_FAILED, EXIT_OK, error, open_library, plural, say, shown
from reader.core.marks import now_iso
from reader.core.paths import Paths
from reader.storage import state_codec as state_file
from reader.storage.errors import LibraryError
from reader.storage.library import Library
from reader.storage.state_export import export_library


def export_state(paths: Paths, file: str | None) -> int:
    """`state export`: the marks to FILE, state.toml beside the library by default, or stdout for `-`."""
    if not paths.library.exists():
        error(f"no library at {shown(paths.library)}: nothing to export")
        return EXIT_FAILED
    target = Path(file) if file and file != "-" else paths.state
    try:
        with Library.open(paths.library) as library:
            if file == "-":
                say(state_file.to_text(library.marks(), now_iso()), end="")
                return EXIT_OK
            count = export_library(library, target)
    except LibraryError as exc:
        error(str(exc))
        return EXIT_FAILED
    except OSError as exc:
        error(f"cannot write {shown(target)}: {exc.strerror or exc}; nothing written")
        return EXIT_FAILED
    say(f"Exported the marks of {plural(count, 'paper')} to {shown(target)}")
    return EXIT_OK


def import_state(paths: Paths, file: Path) -> int:
    """`state import`: merge FILE's marks into the library, then refresh the automatic state.toml."""
    try:
        marks = state_file.read(file)
    except state_file.StateFileError as exc:
        error(f"{exc}; nothing imported")
        return EXIT_FAILED
    try:
        with open_library(paths).library as library:
            changed = library.merge_marks(marks)
            export_library(library, paths.state)
    except LibraryError as exc:
        error(str(exc))
        return EXIT_FAILED
    except OSError as exc:
        error(f"merged, but cannot write {shown(paths.state)}: {exc.strerror or exc}")
        return EXIT_FAILED
    say(
        f"Read the marks of {plural(len(marks), 'paper')} from {shown(file)}: "
        f"{changed} changed, {len(marks) - changed} already up to date."
    )
    return EXIT_OK
