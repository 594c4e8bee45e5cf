"""state.toml: the reader's read and star marks as a small text file, to back up, move and merge.

The library writes it after changes (see `export_state`), so a damaged
library.db never costs the marks; `paper-reader state export/import` move it
between machines. Each mark carries the time of its last change, and a merge
keeps, per paper and per mark, the later change: merging files in any order
gives the same result.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from reader.core.marks import MARKS, AllMarks, Mark, PaperMarks, merge
from reader.core.paper import normalize_stored_id
from reader.storage.config_file import toml_error_message
from reader.storage.files import write_atomically

if TYPE_CHECKING:
    pass

STATE_FILE_NAME = "state.toml"
FORMAT = 1


class StateFileError(ValueError):
    """A state file cannot be read or used; the message names the file and, where known, line and column."""


# -- writing ------------------------------------------------------------------------------

_HEADER = """\
# paper-reader: read and star marks, one paper per line (arXiv id = its marks).
# Each mark says whether it is on and when it last changed (UTC); `paper-reader state import`
# merges such files, keeping the later change of each mark.
"""


def to_text(marks: Mapping[str, PaperMarks], exported_at: str) -> str:
    """The state file's text: sorted by id, one paper per line, so diffs and merges stay readable."""
    lines = [_HEADER, f"format = {FORMAT}", f'exported_at = "{exported_at}"', "", "[papers]"]
    for paper_id in sorted(marks):
        if normalize_stored_id(paper_id) != paper_id:
            continue  # only a hand-edited library holds one; it could not be read back (nor quoted as is)
        fields = []
        for name in MARKS:
            if (mark := marks[paper_id].get(name)) is not None and _CANONICAL_TIME.fullmatch(mark.changed_at):
                fields.append(f'{name} = {"true" if mark.on else "false"}, {name}_changed = "{mark.changed_at}"')
        if fields:
            lines.append(f'"{paper_id}" = {{ {", ".join(fields)} }}')
    return "\n".join(lines) + "\n"


_CANONICAL_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", re.ASCII)
"""What `normalize_time` makes, and so all a state file holds: safe to write between quotes as is."""


def write(path: Path, marks: Mapping[str, PaperMarks], exported_at: str) -> None:
    """Replace `path` atomically: a crash leaves the old file or the new one."""
    write_atomically(path, to_text(marks, exported_at))


# -- reading ------------------------------------------------------------------------------


def read(path: Path) -> AllMarks:
    """Parse a state file, checking every entry; any problem is one `StateFileError` naming where."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise StateFileError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise StateFileError(f"{path}: cannot read: {getattr(exc, 'strerror', None) or exc}") from None
    return parse(text, path)


def parse(text: str, path: Path | str = STATE_FILE_NAME) -> AllMarks:
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise StateFileError(toml_error_message(path, text, exc)) from None
    if data.get("format", FORMAT) != FORMAT:
        raise StateFileError(f"{path}: format {data['format']!r} is not one this paper-reader reads ({FORMAT})")
    papers = data.get("papers", {})
    if not isinstance(papers, dict):
        raise StateFileError(f"{path}: 'papers' must be a table of paper id = {{ marks }}")
    marks: AllMarks = {}
    for key, entry in papers.items():
        paper_id = normalize_stored_id(key) if isinstance(key, str) else None
        if paper_id is None:
            raise StateFileError(f"{path}: papers: {key!r} is not an arXiv id")
        if not isinstance(entry, dict):
            raise StateFileError(f"{path}: papers.{paper_id} must be an inline table of marks")
        parsed = _paper_marks(entry, f"{path}: papers.{paper_id}")
        marks[paper_id] = merge({paper_id: marks.get(paper_id, {})}, {paper_id: parsed})[paper_id]
    return marks


def _paper_marks(entry: dict[str, object], where: str) -> PaperMarks:
    known = {*MARKS, *(f"{name}_changed" for name in MARKS)}
    if unknown := sorted(set(entry) - known):
        raise StateFileError(f"{where}: unknown key {unknown[0]!r} (known: {', '.join(sorted(known))})")
    marks: PaperMarks = {}
    for name in MARKS:
        on, changed = entry.get(name), entry.get(f"{name}_changed")
        if on is None and changed is None:
            continue
        if not isinstance(on, bool):
            raise StateFileError(f"{where}: {name} must be true or false")
        if not isinstance(changed, str):
            raise StateFileError(f'{where}: {name}_changed must be a time in quotes, like "2026-06-12T08:30:00Z"')
        marks[name] = Mark(normalize_time(changed, f"{where}.{name}_changed"), on)
    return marks


def normalize_time(text: str, where: str = "time") -> str:
    """The canonical form `2026-06-12T08:30:00.000Z`, in which text order is time order."""
    try:
        moment = datetime.fromisoformat(text)
    except (ValueError, OverflowError):
        raise StateFileError(f'{where}: {text[:40]!r} is not a time like "2026-06-12T08:30:00Z"') from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)  # written by hand without a zone: take it as UTC
    try:
        moment = moment.astimezone(UTC)
    except OverflowError:  # 0001-01-01 with a positive offset
        raise StateFileError(f"{where}: {text[:40]!r} is out of range") from None
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")
