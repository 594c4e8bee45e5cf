"""A file read as a stream (`FeedFile`) gives what the whole file parsed at once gives (`parse_feed_text`): the
same papers in order, the same skipped items, or a `FeedError` for both -- at every cut of the file into chunks,
down to one byte at a time (a character, a number or an escape split between two reads)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core.paper import Paper
from reader.sources import feed_file
from reader.sources.feed_file import MAX_ITEM_CHARS, FeedFile
from reader.sources.hf_api import FeedError, parse_feed_text

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "hostile"))
from hostile_corpus import CORPUS

Outcome = tuple[list[Paper], list[tuple[int, str]]] | str


def whole(data: bytes) -> Outcome:
    try:
        feed = parse_feed_text(data)
    except FeedError:
        return "FeedError"
    return feed.papers, feed.skipped


def streamed(path: Path) -> Outcome:
    skipped: list[tuple[int, str]] = []
    file = FeedFile(path)
    try:
        papers = list(file.papers(lambda position, reason: skipped.append((position, reason))))
    except FeedError:
        return "FeedError"
    finally:
        file.close()
    for paper in papers:
        json.loads(paper.raw)  # what is stored as the raw JSON reads back
    return papers, skipped


@pytest.mark.parametrize("name", sorted(CORPUS))
@pytest.mark.parametrize("chunk", [1, 3, 64, 1 << 20])
def test_the_hostile_corpus_streams_as_it_parses_whole(
    name: str, chunk: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(feed_file, "READ_CHUNK", chunk)
    text, skips = CORPUS[name]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    outcome = streamed(path)
    assert outcome == whole(path.read_bytes())
    assert not isinstance(outcome, str) and outcome[1] == skips


EDGES = [
    b"[]",
    b"  \n[ ]  \n",
    b"\xef\xbb\xbf[]",  # a UTF-8 byte order mark
    b'[{"paper": {"id": "2401.00001", "title": "T", "upvotes": NaN, "githubStars": Infinity}, "numComments": 1e400}]',
    b'[{"paper": {"id": "2401.00001", "title": "T", "upvotes": ' + b"9" * 5_000 + b"}}]",
    b'[{"paper": {"id": "2401.00001", "title": "caf\\u00e9 \\ud800 \xc3\xa9"}}, 12345, "x", null]',
    b'[{"paper": {"id": "2401.00001", "title": "T"}}, 1',  # cut short
    b'[{"paper": {"id": "2401.00001", "title": "T"}},]',  # a trailing comma
    b'[{"paper": {"id": "2401.00001", "title": "T"}}] trailing',
    b'[{"paper": {"id": "2401.00001", "title": "T"}}] [1]',
    b'[{"paper": {"id": "2401.00001", "title": "T"}} {"id": "x"}]',
    b'[{"paper": {"id": "2401.00001", "title": "T\xff"}}]',  # not UTF-8
    b"[" * 100_000,
    b'[{"paper": {"id": "2401.00001", "title": "T", "x": ' + b"[" * 600 + b"]" * 600 + b"}}]",
    b'[{"paper": {"id": "2401.00001", "title": "T", "x": ' + b"[" * 70 + b"]" * 70 + b"}}]",
    b'[{"paper": {"id": "2401.00001", "title": "T", "x": ' + b"[{}]," * 80 + b"1}}]",  # many brackets, shallow
    b'[\n  {\n    "paper": {"id": "2401.00001", "title": "Pretty"}\n  }\n]\n',
    b'[{"paper": {"id": "2401.00001", "title": "first"}}, {"paper": {"id": "2401.00001", "title": "again"}}]',
]


@pytest.mark.parametrize("chunk", [1, 2, 5, 1 << 20])
@pytest.mark.parametrize("data", EDGES, ids=range(len(EDGES)))
def test_every_edge_streams_as_it_parses_whole(
    data: bytes, chunk: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if chunk < 5 and len(data) > 10_000:
        chunk = 4_096  # the same edges, fewer reads
    monkeypatch.setattr(feed_file, "READ_CHUNK", chunk)
    path = tmp_path / "feed.json"
    path.write_bytes(data)
    assert streamed(path) == whole(data)


def test_an_item_over_the_limit_refuses_the_file_without_reading_it_all(tmp_path: Path) -> None:
    path = tmp_path / "huge-item.json"
    with path.open("w", encoding="utf-8") as file:
        file.write('[{"paper": {"id": "2401.00001", "title": "')
        file.write("x" * (4 * MAX_ITEM_CHARS))
        file.write('"}}]')
    feed = FeedFile(path)
    with pytest.raises(FeedError, match=f"item 0 is over the {MAX_ITEM_CHARS:,}-character limit"):
        list(feed.papers(lambda position, reason: None))
    assert feed.bytes_read < feed.size
    feed.close()


SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(10**40), max_value=10**40), st.floats(allow_nan=False),
    st.text(max_size=12),
)  # fmt: skip
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner,
                      max_size=3), max_leaves=8)  # fmt: skip
PAPERS = st.fixed_dictionaries(
    {"id": st.sampled_from(["2401.00001", "2401.00002v2", "bad", 5]), "title": st.one_of(st.text(max_size=10), VALUES)},
    optional={"upvotes": VALUES, "summary": st.text(max_size=20), "authors": VALUES},
)
ITEMS = st.one_of(PAPERS.map(lambda paper: {"paper": paper}), PAPERS, VALUES)


@pytest.fixture(scope="module")
def feed_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One file every example writes over: a numbered directory per example costs pytest a scan of all the
    earlier ones (2,000 examples: ~5 s of the test's CPU, quadratic)."""
    return tmp_path_factory.mktemp("feed") / "feed.json"


@pytest.mark.slow
@settings(max_examples=2_000, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    items=st.lists(ITEMS, max_size=6),
    indent=st.sampled_from([None, 1]),
    ascii_only=st.booleans(),
    chunk=st.integers(min_value=1, max_value=9),
    cut=st.one_of(st.none(), st.integers(min_value=0, max_value=200)),
)
def test_any_array_streams_as_it_parses_whole(
    items: list[Any], indent: int | None, ascii_only: bool, chunk: int, cut: int | None, feed_path: Path
) -> None:
    feed_file.READ_CHUNK, before = chunk, feed_file.READ_CHUNK
    try:
        data = json.dumps(items, indent=indent, ensure_ascii=ascii_only).encode("utf-8")
        if cut is not None:
            data = data[:cut]
        feed_path.write_bytes(data)
        assert streamed(feed_path) == whole(data)
    finally:
        feed_file.READ_CHUNK = before
