"""A file given to `import`, read as a stream: a JSON array of any length in constant memory.

A file whose text starts with `[` is read a chunk at a time and each item of the array is decoded on its own
by the standard library's own JSON decoder (`JSONDecoder.raw_decode`), with the same rules as a whole file
(`hf_api.decode_json`: huge integers, NaN, lone surrogates, the nesting limits), then parsed (`parse_item`).
ijson was considered: its C parser is fast, but it differs from `json` at every edge the hostile tests pin
(NaN and Infinity are refused, huge numbers and surrogates handled otherwise), and the item is re-encoded
anyway. Anything else (one flat paper object, a copied papers page) is small and read whole, capped, as before.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import BinaryIO

from reader.core.paper import Paper
from reader.core.paths import open_regular
from reader.sources.hf_api import (
    MAX_FEED_FILE_BYTES,
    MAX_FILE_NESTING,
    MAX_NESTING,
    TOO_DEEP,
    FeedError,
    ItemError,
    _json_int,
    nesting,
    parse_item,
)
from reader.sources.hf_page import parse_import_file

READ_CHUNK = 1 << 20
"""Bytes read at a time."""
MAX_ITEM_CHARS = 8 << 20
"""One item of an array over this many characters refuses the file (a real item is 2-10 KB): what one item
decodes to must fit in memory, however long the file."""

_LONGEST_TOKEN = 16
"""An error this close to the end of the text read may be a token cut in two (`tr|ue`, `\\u00|e9`)."""
_SPACE = re.compile(r"[ \t\n\r]*")

SkipReport = Callable[[int, str], None]
"""(0-based position in the array, reason) of an item that is not a paper."""


class FeedFile:
    """One import file, opened (so a file that cannot be read is said before anything else is done)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._file: BinaryIO = open_regular(path)
        import os

        self.size = os.fstat(self._file.fileno()).st_size
        self.bytes_read = 0
        """How far the file has been read (for a progress bar)."""

    def close(self) -> None:
        self._file.close()

    def papers(self, on_skip: SkipReport, today: date | None = None) -> Iterator[Paper]:
        """Every paper of the file in order, each item that is not one reported; `FeedError` if the file is not
        API JSON or a copied papers page (`OSError` if it cannot be read)."""
        head = self._read()
        start = head[3:] if head.startswith(codecs.BOM_UTF8) else head
        if start.lstrip(b" \t\r\n")[:1] == b"[":
            yield from self._array(start, on_skip)
            return
        rest = self._file.read(MAX_FEED_FILE_BYTES + 1 - len(head))
        self.bytes_read += len(rest)
        if len(head) + len(rest) > MAX_FEED_FILE_BYTES:
            raise OSError(0, f"is over the {MAX_FEED_FILE_BYTES:,}-byte limit", str(self.path))
        feed = parse_import_file(head + rest, today)
        for position, reason in feed.skipped:
            on_skip(position, reason)
        yield from feed.papers

    def _read(self, at_least: int = 0) -> bytes:
        chunk = self._file.read(max(READ_CHUNK, at_least))
        self.bytes_read += len(chunk)
        return chunk

    def _array(self, first: bytes, on_skip: SkipReport) -> Iterator[Paper]:
        text = _Text(first, self._read)
        for position, (start, item) in enumerate(_array_items(text)):
            try:
                yield _paper(text.buffer, start, text.pos, item, text.long_number)
            except ItemError as exc:
                on_skip(position, str(exc))


def page_papers(text: str) -> Iterator[Paper | ItemError]:
    """Each item of the JSON array that `text` holds whole (a page of a Daily list), as its paper or why it is not
    one, read as an import reads a file's items: its text kept as the raw JSON, its nesting walked only when its
    text has enough brackets to be deep (then its deep fields are dropped). `FeedError` unless `text` is one
    JSON array. Decoding the page whole, walking every item and encoding it again took twice as long."""
    if text.lstrip(" \t\r\n")[:1] != "[":
        raise FeedError("not a JSON array")
    whole = _Text.whole(text)
    for start, item in _array_items(whole):
        try:
            yield _paper(whole.buffer, start, whole.pos, item, whole.long_number, refuse_deep=False)
        except ItemError as exc:
            yield exc


def _array_items(text: _Text) -> Iterator[tuple[int, object]]:
    """Where each item of the array starting at the text's first `[` starts in `text.buffer`, and the item
    (`text.pos` is just after it); `FeedError` where the text stops being one JSON array."""
    text.pos = text.buffer.index("[") + 1
    position = 0
    while True:
        text.skip_space()
        if text.peek() == "]" and position == 0:
            break
        yield text.value(position)
        position += 1
        text.skip_space()
        separator = text.peek()
        if separator == "]":
            break
        if separator == "":
            raise FeedError(f"not JSON (the file ends inside the array, after item {position - 1})")
        if separator != ",":
            raise FeedError(f"not JSON (expecting ',' or ']' after item {position - 1})")
        text.pos += 1
    text.pos += 1
    text.skip_space()
    if text.peek() != "":
        raise FeedError("not JSON (extra data after the array)")


def _paper(buffer: str, start: int, end: int, item: object, long_number: bool, refuse_deep: bool = True) -> Paper:
    """The paper of the item at buffer[start:end]; the nesting is walked only for an item with enough brackets
    (in its text) to be deep, and the text is kept as the paper's raw JSON when it is one line and has no
    integer past MAX_INT_DIGITS (that item is encoded again, the number as the float it was read as, so
    `json.loads` of the raw JSON never fails and reads what the paper was made from)."""
    if buffer.count("[", start, end) + buffer.count("{", start, end) <= MAX_NESTING:
        one_line = buffer.find("\n", start, end) < 0 and buffer.find("\r", start, end) < 0
        as_it_is = one_line and not long_number
        return parse_item(item, shallow=True, text=buffer[start:end] if as_it_is else None)
    if refuse_deep and nesting(item, MAX_FILE_NESTING) >= MAX_FILE_NESTING:  # the array is one level more
        raise FeedError(TOO_DEEP)
    return parse_item(item)


def _may_go_on(value: object, buffer: str, end: int) -> bool:
    """Whether a value that ends near the end of what was read might go on: only a number can (`12|34`,
    `0.|5`, `1e|5`), when what follows it could be more of it."""
    after = buffer[end : end + 1]
    return (
        isinstance(value, (int, float)) and not isinstance(value, bool) and (after == "" or after in "0123456789.eE+-")
    )


class _Text:
    """The file's text, decoded a chunk at a time, consumed from `pos`."""

    def __init__(self, first: bytes, read: Callable[[int], bytes]) -> None:
        self._decoder = codecs.getincrementaldecoder("utf-8")()
        self._read = read
        self.eof = False
        self.buffer = self._decode(first, final=not first)
        self.pos = 0
        self.long_number = False
        """Whether the last value read had an integer of more than MAX_INT_DIGITS digits (read as a float)."""
        self._json = json.JSONDecoder(parse_int=self._int)

    @classmethod
    def whole(cls, text: str) -> _Text:
        """All of a text already in memory: nothing more to read."""
        held = cls(b"", lambda _: b"")
        held.buffer, held.eof = text, True
        return held

    def _decode(self, data: bytes, final: bool) -> str:
        try:
            return self._decoder.decode(data, final=final)
        except UnicodeDecodeError as exc:
            raise FeedError(f"not JSON ({exc})") from None

    def more(self, at_least: int = 0) -> bool:
        """Read the next chunk, of at least `at_least` bytes (the consumed text is let go); False at the end."""
        if self.eof:
            return False
        chunk = self._read(at_least)
        self.eof = not chunk
        self.buffer = self.buffer[self.pos :] + self._decode(chunk, final=self.eof)
        self.pos = 0
        return True

    def skip_space(self) -> None:
        while True:
            self.pos = _SPACE.match(self.buffer, self.pos).end()  # type: ignore[union-attr]
            if self.pos < len(self.buffer) or not self.more():
                return

    def _int(self, digits: str) -> int | float:
        """The decoder's integers, noting a long one: scanning each item's text for one cost a fifth of an import."""
        number = _json_int(digits)
        if isinstance(number, float):
            self.long_number = True
        return number

    def peek(self) -> str:
        return self.buffer[self.pos : self.pos + 1]

    def value(self, position: int) -> tuple[int, object]:
        """The next JSON value: where its text starts in `buffer` (reading on moves it) and what it decodes to;
        `pos` is then just after its text."""
        while True:
            try:
                self.long_number = False
                item, end = self._json.raw_decode(self.buffer, self.pos)
                if end - self.pos > MAX_ITEM_CHARS:
                    raise FeedError(f"item {position} is over the {MAX_ITEM_CHARS:,}-character limit")
                if self.eof or len(self.buffer) - end > _LONGEST_TOKEN or not _may_go_on(item, self.buffer, end):
                    start, self.pos = self.pos, end
                    return start, item
            except RecursionError:
                raise FeedError(TOO_DEEP) from None
            except json.JSONDecodeError as exc:
                cut = exc.msg.startswith("Unterminated") or exc.pos >= len(self.buffer) - _LONGEST_TOKEN
                if self.eof or not cut:  # wrong where it stops, not merely cut short by the chunk's end
                    raise FeedError(f"not JSON ({exc.msg}, in item {position})") from None
            pending = len(self.buffer) - self.pos
            if pending > MAX_ITEM_CHARS:
                raise FeedError(f"item {position} is over the {MAX_ITEM_CHARS:,}-character limit")
            self.more(at_least=pending)  # twice as much each time: a long item is decoded a few times, not n
