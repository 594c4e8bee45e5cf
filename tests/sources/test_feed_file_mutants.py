"""An import file read as a stream, at its edges: a number cut by a chunk, what is read before an item is handed
on, the raw JSON kept as it is or encoded again, and the item limits. The edges a mutation run found unguarded by
the fast tests of this layer (the slow property test of test_feed_file.py reaches some of them by chance)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.core.paper import Paper
from reader.sources import feed_file
from reader.sources.feed_file import MAX_ITEM_CHARS, FeedFile, page_papers
from reader.sources.hf_api import MAX_FILE_NESTING, MAX_NESTING, FeedError, ItemError, parse_feed_text

ITEM = '{"paper": {"id": "2401.00001", "title": "T"}}'


def read(path: Path) -> tuple[list[Paper], list[tuple[int, str, int]], FeedFile]:
    """The papers, and each skipped item with how many bytes had been read when it was reported."""
    file = FeedFile(path)
    skipped: list[tuple[int, str, int]] = []
    try:
        papers = list(file.papers(lambda position, reason: skipped.append((position, reason, file.bytes_read))))
    finally:
        file.close()
    return papers, skipped, file


@pytest.mark.parametrize("cut", range(1, 9))
@pytest.mark.parametrize("after", ["", ITEM + ", "], ids=["first", "after-an-item"])
@pytest.mark.parametrize("number", ["1e+5", "1E+5", "1e5", "1E5", "1.5", "-15", "12345", "0.25e-3"])
def test_a_number_cut_by_a_chunk_is_read_whole(
    number: str, after: str, cut: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(feed_file, "READ_CHUNK", len(after) + cut)  # the first read ends inside the number
    data = f"[{after}{number}, {ITEM}]"
    path = tmp_path / "feed.json"
    path.write_text(data, encoding="utf-8")
    papers, skipped, _ = read(path)
    whole = parse_feed_text(data)
    assert [paper.id for paper in papers] == [paper.id for paper in whole.papers] == ["2401.00001"] * (1 + bool(after))
    assert [(position, reason) for position, reason, _ in skipped] == whole.skipped
    assert whole.skipped == [(int(bool(after)), f"expected an object, found {type(json.loads(number)).__name__}")]


def test_a_string_cut_by_a_chunk_is_read_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    title = "A title long enough to be cut far from its opening quote"
    data = f'[{{"paper": {{"id": "2401.00001", "title": "{title}"}}}}]'
    monkeypatch.setattr(feed_file, "READ_CHUNK", data.index(title) + 40)
    path = tmp_path / "feed.json"
    path.write_text(data, encoding="utf-8")
    assert [paper.title for paper in read(path)[0]] == [title]


@pytest.mark.parametrize("chunk", [1, 2, 1 << 20])
def test_a_file_that_ends_in_a_number_ends_inside_the_array(
    chunk: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(feed_file, "READ_CHUNK", chunk)
    path = tmp_path / "feed.json"
    path.write_text(f"[{ITEM}, 5", encoding="utf-8")
    with pytest.raises(FeedError, match=r"^not JSON \(the file ends inside the array, after item 1\)$"):
        read(path)


@pytest.mark.parametrize(("depth", "refused"), [(MAX_FILE_NESTING - 1, False), (MAX_FILE_NESTING, True)])
def test_a_file_refuses_an_item_as_deep_as_the_file_limit(depth: int, refused: bool, tmp_path: Path) -> None:
    levels = depth - 2  # the item and its "paper" are two levels
    path = tmp_path / "feed.json"
    path.write_text(f'[{{"paper": {{"id": "2401.00001", "title": "A", "x": {"[" * levels}{"]" * levels}}}}}]')
    if refused:
        with pytest.raises(FeedError, match=r"^not JSON \(nested too deeply\)$"):
            read(path)
    else:
        (paper,) = read(path)[0]
        assert json.loads(paper.raw) == {"paper": {"id": "2401.00001", "title": "A"}}


def test_an_item_is_handed_on_as_soon_as_its_text_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "feed.json"
    monkeypatch.setattr(feed_file, "READ_CHUNK", 4)
    path.write_text(f"[5, {ITEM}]", encoding="utf-8")  # "[5, " is the first read: 5 cannot go on past ","
    assert read(path)[1] == [(0, "expected an object, found int", 4)]
    first = f"[{ITEM}"
    monkeypatch.setattr(feed_file, "READ_CHUNK", len(first))  # the first read ends with the item's last "}"
    path.write_text(f"{first}, {ITEM}]", encoding="utf-8")
    file = FeedFile(path)
    papers = file.papers(lambda position, reason: None)
    assert next(papers).id == "2401.00001"
    assert file.bytes_read == len(first)
    file.close()


def test_a_broken_item_refuses_the_file_without_reading_it_all(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(feed_file, "READ_CHUNK", 64)
    path = tmp_path / "feed.json"
    path.write_text(f"[{ITEM}, {{nope}}, " + ", ".join([ITEM] * 100) + "]", encoding="utf-8")
    file = FeedFile(path)
    with pytest.raises(FeedError) as caught:
        list(file.papers(lambda position, reason: None))
    assert str(caught.value) == "not JSON (Expecting property name enclosed in double quotes, in item 1)"
    assert file.bytes_read < file.size
    file.close()
    path.write_text("[5X" + " " * 100 + "]", encoding="utf-8")  # "[5X " is the first read: X cannot go on a number
    monkeypatch.setattr(feed_file, "READ_CHUNK", 4)
    file = FeedFile(path)
    with pytest.raises(FeedError, match=r"^not JSON \(expecting ',' or '\]' after item 0\)$"):
        list(file.papers(lambda position, reason: None))
    assert file.bytes_read == 4
    file.close()


def test_a_one_line_item_is_kept_as_it_is_and_any_other_is_encoded_again() -> None:
    """Kept as it is: a one-line item with at most MAX_NESTING brackets, whatever the items around it hold."""
    brackets = (
        '{"paper": {"id": "2401.00001", "title": "A", "x": [' + "[]," * MAX_NESTING + "{}," * MAX_NESTING + "1]}}"
    )
    spaced = '{"paper": {"id": "2401.00002",  "title": "B"}}'
    crlf = '{"paper": {"id": "2401.00003",\r "title": "C"}}'
    newline = '{"paper": {"id": "2401.00004",\n "title": "D"}}'
    exactly = '{"paper": {"id": "2401.00005",  "title": "E", "x": [' + "[]," * (MAX_NESTING - 3) + "1]}}"
    assert exactly.count("[") + exactly.count("{") == MAX_NESTING
    deep = '{"paper": {"id": "2401.00006", "title": "F", "x": ' + '{"a": ' * 70 + "1" + "}" * 70 + "}}"
    text = f"[{brackets},\r\n{spaced},\n{crlf}, {newline}, {exactly}, {deep}]"
    papers = list(page_papers(text))
    assert all(isinstance(paper, Paper) for paper in papers)
    assert [paper.raw for paper in papers] == [  # type: ignore[union-attr]
        json.dumps(json.loads(brackets), separators=(",", ":")),
        spaced,
        '{"paper":{"id":"2401.00003","title":"C"}}',
        '{"paper":{"id":"2401.00004","title":"D"}}',
        exactly,
        '{"paper":{"id":"2401.00006","title":"F"}}',
    ]


def test_a_page_keeps_a_deep_item_without_its_deep_fields_where_a_file_refuses_it() -> None:
    deep = '{"paper": {"id": "2401.00001", "title": "A", "x": ' + "[" * 600 + "]" * 600 + "}}"
    (paper,) = page_papers(f"[{deep}]")
    assert isinstance(paper, Paper) and json.loads(paper.raw) == {"paper": {"id": "2401.00001", "title": "A"}}


def test_an_item_may_be_as_long_as_the_limit_wherever_it_starts() -> None:
    exact = '"' + "x" * (MAX_ITEM_CHARS - 2) + '"'
    (skipped, paper) = page_papers(f"[{exact}, {ITEM}]")
    assert str(skipped) == "expected an object, found str" and isinstance(paper, Paper)
    (skipped, paper) = page_papers(f'[{exact[:-1000]}", {ITEM}]')
    assert isinstance(skipped, ItemError) and isinstance(paper, Paper) and paper.id == "2401.00001"
    with pytest.raises(FeedError, match=f"^item 0 is over the {MAX_ITEM_CHARS:,}-character limit$"):
        list(page_papers(f'[{exact[:-1]}x", {ITEM}]'))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (f"[{ITEM}, {ITEM}", "not JSON (the file ends inside the array, after item 1)"),
        (f"[{ITEM} {ITEM}]", "not JSON (expecting ',' or ']' after item 0)"),
        (f"[{ITEM}, 1 2]", "not JSON (expecting ',' or ']' after item 1)"),
        (f"[{ITEM}] x", "not JSON (extra data after the array)"),
        (f"[{ITEM},]", "not JSON (Expecting value, in item 1)"),
        ("[,]", "not JSON (Expecting value, in item 0)"),
        ("[", "not JSON (Expecting value, in item 0)"),
    ],
)
@pytest.mark.parametrize("chunk", [1, 1 << 20])
def test_where_a_file_stops_being_an_array_is_named(
    text: str, message: str, chunk: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(feed_file, "READ_CHUNK", chunk)
    path = tmp_path / "feed.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FeedError) as caught:
        read(path)
    assert str(caught.value) == message
    with pytest.raises(FeedError) as caught:
        list(page_papers(text))
    assert str(caught.value) == message


@pytest.mark.parametrize("text", ["[]", " [ ] ", "\n[\n]\n"])
def test_an_empty_array_is_no_papers_and_no_skips(text: str, tmp_path: Path) -> None:
    path = tmp_path / "feed.json"
    path.write_text(text, encoding="utf-8")
    assert read(path)[:2] == ([], [])
    assert list(page_papers(text)) == []


def test_each_item_that_is_not_a_paper_is_reported_at_its_place(tmp_path: Path) -> None:
    path = tmp_path / "feed.json"
    path.write_text(f'[1, {ITEM}, "x", {{"paper": {{"id": "bad", "title": "T"}}}}, {ITEM}]', encoding="utf-8")
    papers, skipped, _ = read(path)
    assert len(papers) == 2
    assert [(position, reason) for position, reason, _ in skipped] == parse_feed_text(path.read_bytes()).skipped
    assert [position for position, _, _ in skipped] == [0, 2, 3]
