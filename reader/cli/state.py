"""`paper-reader state export [FILE]`, `state import FILE` and `state status`: marks, tags and notes as state.toml,
and the sync folder (every command merges it first, see `sync_before_command`)."""

from __future__ import annotations

from pathlib import Path

from reader.cli.common import EXIT_FAILED, EXIT_OK, error, open_library, open_library_file, plural, say, shown
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
        with open_library_file(paths) as library:
            if file == "-":
                say(state_file.state_text(library.user_state(), now_iso()), end="")
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
        marks = state_file.read_state(file)
    except state_file.StateFileError as exc:
        error(f"{exc}; nothing imported")
        return EXIT_FAILED
    try:
        with open_library(paths).library as library:
            changed = library.merge_state(marks)
            export_library(library, paths.state)
            write_sync_file(paths, library)
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


# -- the sync folder ------------------------------------------------------------------------


def sync_folder_of(paths: Paths) -> Path | None:
    """The configured sync folder, or None (unset, or a config.toml the command itself will report)."""
    from reader.core.config import ConfigError
    from reader.storage.config_file import load_config

    try:
        config = load_config(paths.config)
    except ConfigError:
        return None
    if not config.sync_folder.strip():
        return None  # unset: the sync folder's module (uuid, platform) is not imported at every start
    from reader.services.sync_folder import folder_from_setting

    return folder_from_setting(config.sync_folder, paths.config_dir)


def sync_before_command(paths: Paths) -> None:
    """Every command first merges the other machines' files of the sync folder (if one is set).

    Problems are one line each on stderr and never stop the command; a library that
    does not exist yet is left alone (the command decides whether to make one).
    """
    folder = sync_folder_of(paths)
    if folder is None or not paths.library.exists():
        return
    from reader.services.sync_folder import merge_sync_folder

    try:
        with open_library_file(paths) as library:
            result = merge_sync_folder(library, folder)
    except LibraryError:
        return  # the command opens the library itself and says what is wrong
    for problem in result.problems:
        error(problem)


def write_sync_file(paths: Paths, library: Library) -> None:
    """After a command changed the state: this machine's file in the sync folder, if one is set."""
    folder = sync_folder_of(paths)
    if folder is None:
        return
    from reader.services.sync_folder import write_own_file

    try:
        write_own_file(library, folder)
    except OSError as exc:
        error(f"sync folder: cannot write in {shown(folder)}: {exc.strerror or exc}")


def state_status(paths: Paths) -> int:
    """`state status`: where the state lives, and which machines' files were merged and when."""
    from reader.services.sync_folder import own_file, sync_status

    lines = [f"state.toml: {shown(paths.state)}" + ("" if paths.state.exists() else " (not written yet)")]
    folder = sync_folder_of(paths)
    if folder is None:
        lines.append("Sync folder: none (set sync_folder in config.toml to keep machines in step)")
        say("\n".join(lines))
        return EXIT_OK
    lines.append(f"Sync folder: {shown(folder)}" + ("" if folder.is_dir() else " (missing)"))
    if not paths.library.exists():
        say("\n".join([*lines, "No library yet."]))
        return EXIT_OK
    try:
        with open_library_file(paths) as library:
            mine = own_file(library, folder)
            others = sync_status(library, folder)
    except LibraryError as exc:
        error(str(exc))
        return EXIT_FAILED
    written = _when(mine)
    lines.append(f"This machine: {mine.stem.removeprefix('state-')}, writes {mine.name} ({written})")
    if not others:
        lines.append("No other machine's file found there yet.")
    for machine in others:
        if machine.problem:
            verdict = f"not merged: {machine.problem}"
        elif machine.merged_at:
            verdict = f"merged {machine.merged_at}, {plural(machine.changed, 'paper')} changed"
        else:
            verdict = "not merged yet"
        lines.append(f"  {machine.machine}: {machine.path.name} (written {_when(machine.path)}), {verdict}")
    say("\n".join(lines))
    return EXIT_OK


def _when(path: Path) -> str:
    from datetime import UTC, datetime

    try:
        moment = datetime.fromtimestamp(path.stat().st_mtime, UTC)
    except OSError:
        return "not written yet"
    return moment.isoformat(timespec="seconds").replace("+00:00", "Z")
