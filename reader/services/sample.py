"""The sample feed bundled in the package, so a first start with no network still shows real papers."""

from __future__ import annotations

from reader.storage.library import Library

SAMPLE_META_KEY = "content"
SAMPLE_META_VALUE = "bundled-sample"


def load_sample_if_empty(library: Library) -> None:
    """Fill an empty library with the bundled papers, remembering that they are only the sample."""
    if library.count():
        return
    from importlib import resources

    from reader.sources.hf_api import parse_feed_text

    text = resources.files("reader.services").joinpath("data/sample.json").read_text(encoding="utf-8")
    library.import_papers(parse_feed_text(text).papers, meta={SAMPLE_META_KEY: SAMPLE_META_VALUE})


def is_sample_only(library: Library) -> bool:
    """True while nothing but the bundled sample was ever put in the library."""
    return library.get_meta(SAMPLE_META_KEY) == SAMPLE_META_VALUE


FORGET_SAMPLE: dict[str, str | None] = {SAMPLE_META_KEY: None}
"""Meta to write with the user's first import: the library is no longer just the sample."""
