"""The sync folder: every machine in step, with no server.

Each machine writes its own marks, tags and notes to `state-<machine>.toml` in
a folder that Syncthing, Dropbox, a network share or a git repository keeps in
step (atomically, after changes), and merges every other machine's file found
there with the order-free merge of `state import` (core/marks.py). No file
ever has two writers, so the folder tool never sees a conflict.

For the reader (it polls every few seconds) and every command:

    result = merge_sync_folder(library, folder)   # merge what changed since last time; say what it did
    write_own_file(library, folder)               # after the user changed something
    sync_status(library, folder)                  # what `paper-reader state status` shows
"""

from __future__ import annotations

import json
import os
import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from reader.core.marks import now_iso
from reader.core.text import clean_line
from reader.storage import state_codec
from reader.storage.library import Library
from reader.storage.state_export import export_lock

MACHINE_ENV = "PAPER_READER_MACHINE"
"""Overrides this machine's name in the sync folder (default: the host name)."""
FILE_NAME = re.compile(r"state-([A-Za-z0-9][A-Za-z0-9._-]{0,63})\.toml", re.ASCII)
_LIBRARY_ID = "library_id"
_MACHINE = "sync_machine"
_SEEN = "sync_seen:"


@dataclass(frozen=True)
class MachineFile:
    """Another machine's file, and what the last look at it found."""

    machine: str
    path: Path
    merged_at: str | None = None
    """When it was last merged (ISO time), None if never."""
    changed: int = 0
    """Papers that its last merge changed here."""
    problem: str | None = None
    """Why it could not be merged, the last time it was read."""


@dataclass(frozen=True)
class SyncResult:
    """What one `merge_sync_folder` did: the files merged now, the papers that changed, the problems met."""

    machine: str
    own_file: Path
    merged: list[MachineFile] = field(default_factory=list)
    changed: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def anything_changed(self) -> bool:
        """Whether the library's state changed: the reader should run its query again."""
        return self.changed > 0


def folder_from_setting(setting: str, config_dir: Path) -> Path | None:
    """The folder `sync_folder` names (`~` expanded, relative to config.toml's folder), or None when unset."""
    if not setting.strip():
        return None
    folder = Path(setting.strip()).expanduser()
    return folder if folder.is_absolute() else config_dir / folder


def safe_machine_name(text: str) -> str:
    """A name usable in `state-<name>.toml`: ASCII letters, digits, '.', '_', '-'; at most 64 characters."""
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", text.strip()).strip(".-_")[:64]
    return name or "machine"


def library_id(library: Library) -> str:
    """A random id of this library, made once: tells this library's own file from another's of the same name."""
    found = library.get_meta(_LIBRARY_ID)
    if found is None:
        found = uuid.uuid4().hex
        library.set_meta(_LIBRARY_ID, found)
    return found


def machine_name(library: Library, folder: Path) -> str:
    """This machine's name in the folder: $PAPER_READER_MACHINE, else the one chosen before, else the host name
    (with -2, -3, ... when another library already writes that file, e.g. a second home on one machine)."""
    if os.environ.get(MACHINE_ENV):
        return safe_machine_name(os.environ[MACHINE_ENV])
    if (stored := library.get_meta(_MACHINE)) is not None:
        return stored
    import socket

    base = safe_machine_name(socket.gethostname().split(".")[0])
    ours, name, number = library_id(library), base, 1
    while (folder / f"state-{name}.toml").exists() and _file_library(folder / f"state-{name}.toml") != ours:
        number += 1
        name = f"{base}-{number}"
    library.set_meta(_MACHINE, name)
    return name


def _file_library(path: Path) -> str | None:
    import tomllib

    try:
        value = tomllib.loads(path.read_text(encoding="utf-8")).get("library")
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    return value if isinstance(value, str) else None


def own_file(library: Library, folder: Path) -> Path:
    return folder / f"state-{machine_name(library, folder)}.toml"


def write_own_file(library: Library, folder: Path, *, only_if_changed: bool = True) -> Path | None:
    """Write this machine's state to its file (atomically); the path, or None when it was up to date.

    Raises `OSError` when the folder cannot be written, `LibraryError` when the library cannot be read.
    """
    path = own_file(library, folder)
    header = {"machine": path.stem.removeprefix("state-"), "library": library_id(library)}
    text = state_codec.state_text(library.user_state(), now_iso(), header)
    if only_if_changed and _same_state(path, text):
        return None
    folder.mkdir(parents=True, exist_ok=True)
    with export_lock(path, library.path.parent):  # the lock lives beside the library, not in the folder
        from reader.storage.files import write_atomically

        write_atomically(path, text)
    return path


def _same_state(path: Path, text: str) -> bool:
    """Whether the file holds this text, but for the time it was written."""
    try:
        old = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    drop = re.compile(r"^exported_at = .*$", re.MULTILINE)
    return drop.sub("", old) == drop.sub("", text)


def other_files(library: Library, folder: Path) -> dict[str, Path]:
    """Machine name -> its file, for every other machine's file in the folder."""
    ours = machine_name(library, folder)
    try:
        entries = sorted(folder.iterdir())
    except OSError:
        return {}
    found = {}
    for path in entries:
        match = FILE_NAME.fullmatch(path.name)
        if match and match.group(1) != ours and path.is_file():
            found[match.group(1)] = path
    return found


def merge_sync_folder(library: Library, folder: Path) -> SyncResult:
    """Merge every other machine's file that changed since it was last looked at; write ours if that changed it.

    Cheap when nothing changed (one stat per file), so the reader can call it every few seconds.
    A file that cannot be read is a problem in the result (and in `state status`), never an exception;
    an unwritable folder is one too. Raises only `LibraryError`.
    """
    merged: list[MachineFile] = []
    problems: list[str] = []
    changed = 0
    for machine, path in other_files(library, folder).items():
        try:
            stat = path.stat()
        except OSError:
            continue
        stamp = f"{stat.st_mtime_ns}:{stat.st_size}"
        seen = _seen(library, machine)
        if seen.get("stamp") == stamp:
            continue
        record: dict[str, object] = {"stamp": stamp, "merged_at": seen.get("merged_at"), "changed": 0}
        try:
            papers = library.merge_state(state_codec.read_state(path))
        except state_codec.StateFileError as exc:
            record["problem"] = clean_line(str(exc))[:300]
            problems.append(f"sync folder: {record['problem']} (not merged)")
        else:
            record.update(merged_at=now_iso(), changed=papers)
            changed += papers
            merged.append(MachineFile(machine, path, str(record["merged_at"]), papers))
        library.set_meta(_SEEN + machine, json.dumps(record))
    own = own_file(library, folder)
    try:
        if changed or not own.exists():
            write_own_file(library, folder)
    except OSError as exc:
        problems.append(f"sync folder: cannot write {own}: {exc.strerror or exc}")
    return SyncResult(own.stem.removeprefix("state-"), own, merged, changed, problems)


def _seen(library: Library, machine: str) -> dict[str, object]:
    try:
        value = json.loads(library.get_meta(_SEEN + machine) or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def sync_status(library: Library, folder: Path) -> list[MachineFile]:
    """Every other machine's file in the folder, with when it was last merged and what that did."""
    status = []
    for machine, path in other_files(library, folder).items():
        seen = _seen(library, machine)
        merged_at = seen.get("merged_at")
        problem = seen.get("problem")
        status.append(MachineFile(
            machine, path, merged_at if isinstance(merged_at, str) else None, int(seen.get("changed") or 0),  # type: ignore[call-overload]
            problem if isinstance(problem, str) else None,
        ))  # fmt: skip
    return status
