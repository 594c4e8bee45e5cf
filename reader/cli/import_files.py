"""`paper-reader import FILE...`: add the papers of saved Hugging Face API JSON, all files or none.

The files are read as a stream (a JSON array of any length in constant memory) and their papers staged in
bounded batches; only when every file has been read are they merged into the library, so a file that fails
near its end leaves the library as it was (`Library.import_stream`).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from reader.cli.common import EXIT_FAILED, EXIT_OK, LongWork, error, open_library, plural, say, shown
from reader.core.paper import Paper
from reader.core.paths import Paths
from reader.sources.feed_file import FeedFile
from reader.storage.errors import LibraryError


class _FileFailed(Exception):
    """A file could not be read or is not a feed: the message is its one line."""


def import_files(paths: Paths, files: list[Path]) -> int:
    """Open every file first, then stream them all into the library in one all-or-nothing import."""
    from reader.services.sample import FORGET_SAMPLE

    feeds = _open_files(files)
    if feeds is None:
        return EXIT_FAILED
    read = _Count()
    try:
        with LongWork("Reading", "papers") as bar, open_library(paths).library as library:

            def stored(phase: str, done: int, total: int | None) -> None:
                if phase == "stored":
                    bar.update(done, total, label="Storing")

            counts = library.import_stream(_papers(feeds, read, bar), meta=FORGET_SAMPLE, progress=stored)
    except _FileFailed as exc:
        error(f"{exc}; nothing imported")
        return EXIT_FAILED
    except LibraryError as exc:
        error(str(exc))
        return EXIT_FAILED
    finally:
        for feed in feeds:
            feed.close()
    say(
        f"Imported {plural(read.papers, 'paper')} from {plural(len(files), 'file')}: "
        f"{counts.added} added, {counts.updated} updated, {counts.unchanged} unchanged."
    )
    return EXIT_OK


class _Count:
    papers = 0


def _open_files(files: list[Path]) -> list[FeedFile] | None:
    """Every file opened (a regular file that can be read), or None after one line for the first that cannot."""
    feeds: list[FeedFile] = []
    for file in files:
        try:
            feeds.append(FeedFile(file))
        except OSError as exc:
            error(f"{shown(file)}: cannot read: {exc.strerror or exc}; nothing imported")
            for feed in feeds:
                feed.close()
            return None
    return feeds


def _papers(feeds: list[FeedFile], read: _Count, bar: LongWork) -> Iterator[Paper]:
    """The papers of every file in turn (API JSON or a copied papers page), each skipped item named on stderr;
    `_FileFailed` for a file that cannot be used."""
    from reader.sources.hf_api import FeedError

    total = sum(feed.size for feed in feeds)
    before = 0
    for feed in feeds:
        skips = _Skips(feed.path)
        try:
            for paper in feed.papers(skips.add):
                read.papers += 1
                if read.papers % 1_000 == 0:
                    bar.update(before + feed.bytes_read, total, read.papers)
                yield paper
        except OSError as exc:
            raise _FileFailed(f"{shown(feed.path)}: cannot read: {exc.strerror or exc}") from None
        except FeedError as exc:
            raise _FileFailed(f"{shown(feed.path)}: {exc}") from None
        skips.say()
        before += feed.size


class _Skips:
    """The items of one file that are not papers, said once the whole file has been read (a file that then
    fails is one line); past MAX_SKIPS_SAID, counted in one line."""

    MAX_SKIPS_SAID = 10_000

    def __init__(self, file: Path) -> None:
        self.file = file
        self.lines: list[str] = []
        self.more = 0

    def add(self, position: int, reason: str) -> None:
        if len(self.lines) < self.MAX_SKIPS_SAID:
            self.lines.append(f"{shown(self.file)}: item {position} skipped: {reason}")
        else:
            self.more += 1

    def say(self) -> None:
        for line in self.lines:
            error(line)
        if self.more:
            error(f"{shown(self.file)}: {plural(self.more, 'more item')} skipped")
