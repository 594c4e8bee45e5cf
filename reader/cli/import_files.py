"""`paper-reader import FILE...`: add the papers of saved Hugging Face API JSON, all files or none."""

from __future__ import annotations

from pathlib import Path

from reader.cli.common import EXIT_FAILED, EXIT_OK, error, open_library, plural, say, shown
from reader.core.paper import Paper
from reader.core.paths import Paths
from reader.storage.errors import LibraryError


def import_files(paths: Paths, files: list[Path]) -> int:
    """Parse every file first; only when all are readable JSON do their papers go in, in one transaction."""
    from reader.services.sample import FORGET_SAMPLE

    papers = _read_papers(files)
    if papers is None:
        return EXIT_FAILED
    try:
        with open_library(paths).library as library:
            result = library.import_papers(papers, meta=FORGET_SAMPLE if papers else None)
    except LibraryError as exc:
        error(str(exc))
        return EXIT_FAILED
    say(
        f"Imported {plural(len(papers), 'paper')} from {plural(len(files), 'file')}: "
        f"{len(result.added)} added, {len(result.updated)} updated, {result.unchanged} unchanged."
    )
    return EXIT_OK


def _read_papers(files: list[Path]) -> list[Paper] | None:
    """The papers of every file (API JSON or a copied papers page), each skipped item named; None after one line
    when a file cannot be used."""
    from reader.core.paths import read_capped
    from reader.sources.hf_api import MAX_FEED_FILE_BYTES, FeedError
    from reader.sources.hf_page import parse_import_file

    papers: list[Paper] = []
    for file in files:
        try:
            feed = parse_import_file(read_capped(file, MAX_FEED_FILE_BYTES))
        except OSError as exc:
            error(f"{shown(file)}: cannot read: {exc.strerror or exc}; nothing imported")
            return None
        except FeedError as exc:
            error(f"{shown(file)}: {exc}; nothing imported")
            return None
        for position, reason in feed.skipped:
            error(f"{shown(file)}: item {position} skipped: {reason}")
        papers.extend(feed.papers)
    return papers
