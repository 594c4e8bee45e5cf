"""state.toml: the reader's read and star marks, tags and notes as a small text file, to back up, move and merge.

The library writes it after changes (see `export_state`), so a damaged
library.db never costs them; `paper-reader state export/import` move it
between machines, and the sync folder holds one per machine. Each mark, tag
and note carries the time of its last change, and a merge keeps, per paper
and per element, the later change: merging files in any order gives the same
result (core/marks.py).

Format 1 holds marks only; format 2 adds `tags = [...]`, `note` and
`note_changed`. A file without tags and notes is still written as format 1,
so an older paper-reader reads it; both formats are read.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path

from reader.core.annotations import AnnotationError, clean_note, clean_tag, tag_key
from reader.core.marks import (
    MARKS,
    AllMarks,
    Mark,
    Note,
    PaperMarks,
    PaperTags,
    TagChange,
    UserState,
    iso_stamp,
    merge_state,
)
from reader.core.paper import normalize_stored_id
from reader.core.paths import read_capped
from reader.core.text import shown_path
from reader.storage.config_file import load_toml
from reader.storage.files import write_atomically

STATE_FILE_NAME = "state.toml"
FORMAT = 2
"""The newest format written (when any paper has tags or a note); MARKS_FORMAT otherwise."""
MARKS_FORMAT = 1
READ_FORMATS = (1, 2)


class StateFileError(ValueError):
    """A state file cannot be read or used; the message names the file and, where known, line and column."""


# -- writing ------------------------------------------------------------------------------

_HEADER = """\
# paper-reader: read and star marks, tags and notes, one paper per line (arXiv id = its state).
# Each mark, tag and note says what it is and when it last changed (UTC); `paper-reader state import`
# merges such files, keeping the later change of each.
"""


def to_text(marks: Mapping[str, PaperMarks], exported_at: str) -> str:
    """The state file of marks alone (format 1)."""
    return state_text(UserState(dict(marks)), exported_at)


def state_text(state: UserState, exported_at: str, header: Mapping[str, str] | None = None) -> str:
    """The state file's text: sorted by id, one paper per line, so diffs and merges stay readable.

    `header`: more top-level keys (the sync folder's `machine` and `library`), which readers ignore.
    """
    annotated = any(state.tags.values()) or bool(state.notes)
    version = FORMAT if annotated else MARKS_FORMAT
    lines = [_HEADER, f"format = {version}", f'exported_at = "{exported_at}"']
    lines += [f"{key} = {toml_string(value)}" for key, value in (header or {}).items() if key.isidentifier()]
    lines += ["", "[papers]"]
    for paper_id in sorted(state.paper_ids()):
        if normalize_stored_id(paper_id) != paper_id:
            continue  # only a hand-edited library holds one; it could not be read back (nor quoted as is)
        fields = _mark_fields(state.marks.get(paper_id, {}))
        fields += _annotation_fields(state.tags.get(paper_id, {}), state.notes.get(paper_id))
        if fields:
            lines.append(f'"{paper_id}" = {{ {", ".join(fields)} }}')
    return "\n".join(lines) + "\n"


def _mark_fields(marks: PaperMarks) -> list[str]:
    fields = []
    for name in MARKS:
        if (mark := marks.get(name)) is not None and _CANONICAL_TIME.fullmatch(mark.changed_at):
            fields.append(f'{name} = {"true" if mark.on else "false"}, {name}_changed = "{mark.changed_at}"')
    return fields


def _annotation_fields(tags: PaperTags, note: Note | None) -> list[str]:
    fields = []
    entries = [
        f'{{ tag = {toml_string(change.label)}, on = {str(change.on).lower()}, changed = "{change.changed_at}" }}'
        for _, change in sorted(tags.items())
        if _CANONICAL_TIME.fullmatch(change.changed_at)
    ]
    if entries:
        fields.append(f"tags = [{', '.join(entries)}]")
    if note is not None and _CANONICAL_TIME.fullmatch(note.changed_at):
        fields.append(f'note = {toml_string(note.text)}, note_changed = "{note.changed_at}"')
    return fields


_TOML_ESCAPES = {"\\": "\\\\", '"': '\\"', "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


def toml_string(text: str) -> str:
    """`text` as a one-line TOML basic string: quotes, backslashes and every control escaped."""
    out = []
    for char in text:
        if char in _TOML_ESCAPES:
            out.append(_TOML_ESCAPES[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04x}")
        elif 0xD800 <= ord(char) <= 0xDFFF:
            continue  # a lone surrogate cannot be written in UTF-8 at all
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


_CANONICAL_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", re.ASCII)
"""What `normalize_time` makes, and so all a state file holds: safe to write between quotes as is."""


def write(path: Path, state: Mapping[str, PaperMarks] | UserState, exported_at: str) -> None:
    """Replace `path` atomically: a crash leaves the old file or the new one."""
    text = state_text(state, exported_at) if isinstance(state, UserState) else to_text(state, exported_at)
    write_atomically(path, text)


# -- reading ------------------------------------------------------------------------------


def read(path: Path) -> AllMarks:
    """The marks of a state file (its tags and notes are checked, then left out); see `read_state`."""
    return read_state(path).marks


def read_state(path: Path) -> UserState:
    """Parse a state file, checking every entry; any problem is one `StateFileError` naming where."""
    try:
        text = read_capped(path, MAX_STATE_BYTES).decode("utf-8")
    except FileNotFoundError:
        raise StateFileError(f"{shown_path(path)}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise StateFileError(f"{shown_path(path)}: cannot read: {getattr(exc, 'strerror', None) or exc}") from None
    return parse_state(text, path)


MAX_STATE_BYTES = 256 << 20
"""About 100 bytes a paper's marks: room for over two million papers, and a limit for a file that never ends."""


def parse(text: str, path: Path | str = STATE_FILE_NAME) -> AllMarks:
    """The marks of a state file's text; see `parse_state`."""
    return parse_state(text, path).marks


def parse_state(text: str, path: Path | str = STATE_FILE_NAME) -> UserState:
    """Marks, tags and notes of a state file's text (format 1 or 2); `StateFileError` names any problem."""
    data = load_toml(text, path, StateFileError)
    path = shown_path(path)
    version = data.get("format", MARKS_FORMAT)
    if version not in READ_FORMATS or isinstance(version, bool):
        found = repr(version)[:40]
        raise StateFileError(f"{path}: format {found} is not one this paper-reader reads (1, 2)")
    papers = data.get("papers", {})
    if not isinstance(papers, dict):
        raise StateFileError(f"{path}: 'papers' must be a table of paper id = {{ marks }}")
    state = UserState()
    for key, entry in papers.items():
        paper_id = normalize_stored_id(key) if isinstance(key, str) else None
        if paper_id is None:
            raise StateFileError(f"{path}: papers: {repr(key)[:60]} is not an arXiv id")
        if not isinstance(entry, dict):
            raise StateFileError(f"{path}: papers.{paper_id} must be an inline table of marks")
        where = f"{path}: papers.{paper_id}"
        marks = _paper_marks(entry, where)
        tags = _paper_tags(entry.get("tags"), where)
        note = _paper_note(entry, where)
        one = UserState(
            {paper_id: marks} if marks else {}, {paper_id: tags} if tags else {}, {paper_id: note} if note else {}
        )
        state = merge_state(state, one)  # the same paper twice (an id with and without version): merged
    return state


_MARK_KEYS = {*MARKS, *(f"{name}_changed" for name in MARKS)}
_KNOWN_KEYS = {*_MARK_KEYS, "tags", "note", "note_changed"}


def _paper_marks(entry: dict[str, object], where: str) -> PaperMarks:
    if unknown := sorted(set(entry) - _KNOWN_KEYS):
        raise StateFileError(f"{where}: unknown key {unknown[0]!r} (known: {', '.join(sorted(_KNOWN_KEYS))})")
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


def _paper_tags(entries: object, where: str) -> PaperTags:
    if entries is None:
        return {}
    shape = '{ tag = "name", on = true, changed = "2026-06-12T08:30:00Z" }'
    if not isinstance(entries, list):
        raise StateFileError(f"{where}.tags must be a list like [{shape}]")
    tags: PaperTags = {}
    for position, entry in enumerate(entries, 1):
        here = f"{where}.tags[{position}]"
        if not isinstance(entry, dict) or set(entry) != {"tag", "on", "changed"}:
            raise StateFileError(f"{here} must be {shape}")
        label, on, changed = entry["tag"], entry["on"], entry["changed"]
        if not isinstance(label, str) or not isinstance(on, bool) or not isinstance(changed, str):
            raise StateFileError(f"{here} must be {shape}")
        try:
            label = clean_tag(label)
        except AnnotationError as exc:
            raise StateFileError(f"{here}: {exc}") from None
        change = TagChange(normalize_time(changed, f"{here}.changed"), on, label)
        key = tag_key(label)
        if key not in tags or change > tags[key]:
            tags[key] = change
    return tags


def _paper_note(entry: dict[str, object], where: str) -> Note | None:
    text, changed = entry.get("note"), entry.get("note_changed")
    if text is None and changed is None:
        return None
    if not isinstance(text, str):
        raise StateFileError(f"{where}: note must be text in quotes")
    if not isinstance(changed, str):
        raise StateFileError(f'{where}: note_changed must be a time in quotes, like "2026-06-12T08:30:00Z"')
    try:
        return Note(normalize_time(changed, f"{where}.note_changed"), clean_note(text))
    except AnnotationError as exc:
        raise StateFileError(f"{where}: {exc}") from None


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
    return iso_stamp(moment)
