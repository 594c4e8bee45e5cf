"""`E`: the paper's note in the user's own editor ($VISUAL, else $EDITOR), the reader suspended meanwhile."""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path

from textual.app import App, SuspendNotSupported

from reader.core.text import clean_line


class EditorError(Exception):
    """The editor is not set, not found or failed: one line the user can act on; the note is unchanged."""


def editor_command(environ: Mapping[str, str]) -> list[str]:
    """The editor's argv from $VISUAL or $EDITOR (which may hold options, as git allows: `code --wait`)."""
    for name in ("VISUAL", "EDITOR"):
        value = environ.get(name, "").strip()
        if value:
            try:
                argv = shlex.split(value)
            except ValueError as exc:
                raise EditorError(f"${name} cannot be read as a command ({exc})") from None
            if argv:
                return argv
    raise EditorError("Set $VISUAL or $EDITOR to edit notes in your editor (e edits the note here)")


def edit_in_editor(app: App[object], note: str, paper_id: str) -> str:
    """Open `note` in the editor and return the text saved; `EditorError` when it cannot run or fails.

    The file lives in a private temporary folder, named after the paper so the editor's title says which.
    """
    argv = editor_command(os.environ)
    safe_id = "".join(c if c.isalnum() or c in ".-" else "-" for c in paper_id)[:64] or "paper"
    with tempfile.TemporaryDirectory(prefix="paper-reader-") as folder:
        path = Path(folder) / f"note-{safe_id}.md"
        path.write_text(note + "\n" if note else "", encoding="utf-8")
        try:
            with app.suspend():
                code = _run(argv, path)
        except SuspendNotSupported:  # no terminal to hand over (a test, a web driver): run it all the same
            code = _run(argv, path)
        if code != 0:
            raise EditorError(f"The editor {clean_line(argv[0])} exited with status {code}")
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise EditorError(f"Cannot read the note back from the editor: {exc}") from None


def _run(argv: list[str], path: Path) -> int:
    try:
        return subprocess.run([*argv, str(path)], check=False).returncode
    except OSError as exc:
        raise EditorError(f"Cannot run the editor {clean_line(argv[0])}: {exc.strerror or exc}") from None
