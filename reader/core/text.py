"""Text hygiene: every untrusted string (feed fields, server text, file names) goes through here.

Pure functions, no I/O. `clean_line` makes one safe line; `clean_block` keeps paragraphs; `cut_to_cells` fits a
line to a terminal's width.
"""

from __future__ import annotations

import re
import unicodedata

# ESC-introduced sequences: CSI (ESC [ ... final), OSC/DCS/APC/PM/SOS (ESC ] ... BEL or ST),
# and two-byte escapes. Also their 8-bit C1 forms (U+009B CSI, U+009D OSC, ...).
_ESCAPE_SEQUENCE = re.compile(
    r"""
    (?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]            # CSI ... final byte
  | (?:\x1b[\]P^_X]|[\x90\x98\x9d\x9e\x9f])     # OSC, DCS, SOS, PM, APC
    .*?(?:\x07|\x1b\\|\x9c|$)                   # ... up to BEL or ST (or the end)
  | \x1b[ -/]*[0-~]                             # other ESC sequences (ESC c, ESC ( B, ...)
    """,
    re.VERBOSE | re.DOTALL,
)
# C0 and C1 controls except tab/newline (handled by the callers), DEL, the
# invisible formatting characters that reorder or hide text (bidi overrides,
# isolates, marks, zero-width joiners are kept: emoji need them), and lone
# surrogates (JSON can escape half a pair; no UTF-8 file or database can hold it).
_CONTROLS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c\ufeff\ufff9-\ufffb\ud800-\udfff]"
)
_SPACES = re.compile(r"[ \t\r\n\f\v\u00a0\u2028\u2029]+")
# A blank line, or (arXiv's abstract convention) a line that starts with white space.
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*|\n[ \t]+")


def strip_controls(text: str) -> str:
    """Remove escape sequences, control characters and bidi overrides; keep newlines."""
    if "\t" not in text and not _CONTROLS.search(text):
        return text  # the common case, one scan: every escape sequence starts with ESC or a C1 control
    text = _ESCAPE_SEQUENCE.sub("", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return _CONTROLS.sub("", text)


def clean_line(text: str) -> str:
    """Untrusted text as one safe line: controls gone, all whitespace runs one space."""
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text  # the common case: no control, format or line character, no space to fold
    return _SPACES.sub(" ", strip_controls(text)).strip()


def clean_block(text: str) -> str:
    """Untrusted prose (an abstract): hard wraps joined, paragraph breaks kept."""
    paragraphs = _PARAGRAPH_BREAK.split(strip_controls(text))
    return "\n\n".join(p for p in (clean_line(p) for p in paragraphs) if p)


def shown_path(path: object) -> str:
    """A file name or path for a message: as it is, or quoted with its escapes when a terminal would act on it."""
    name = str(path)
    return name if name.isprintable() else repr(name)


def for_terminal(text: str) -> str:
    """THE gate to the terminal: every line the commands print and every notification, title and palette entry
    of the reader passes here. Escape sequences, control characters (newlines kept) and bidi overrides are gone,
    whatever their source (a feed field, a server's header, a file name, a config value). Tabs are kept too:
    `list` prints tab-separated columns when piped."""
    if text.isprintable():
        return text  # the common case: nothing to take out, not even a newline
    return "\t".join(strip_controls(part) for part in text.split("\t"))


def cell_width(text: str) -> int:
    """Terminal cells a clean line takes: wide (East Asian) characters two, combining marks none, the rest one."""
    if text.isascii():
        return len(text)
    return sum(_cells(char) for char in text)


def cut_to_cells(text: str, width: int) -> str:
    """`text` as it is when it fits in `width` cells, else cut to fit with `…` as its last cell."""
    if cell_width(text) <= width:
        return text
    room = max(width - 1, 0)
    used = 0
    for end, char in enumerate(text):
        used += _cells(char)
        if used > room:
            return text[:end].rstrip() + "…"
    return text  # not reached: the whole text did not fit


def _cells(char: str) -> int:
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1
