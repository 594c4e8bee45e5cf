"""The whole corpus through `paper-reader import`, the real console script: hostile files and file names."""

from __future__ import annotations

import json
from pathlib import Path

import console
import hostile_pilot
import pytest
from hostile_corpus import (
    CORPUS,
    CORPUS_IDS,
    CORPUS_PAPERS,
    DUP,
    HOSTILE_INPUTS,
    HUGE_DIGITS,
    WRONG_KEPT,
    assert_id_urls_stay_on_their_sites,
    assert_plain_stderr,
    write_corpus,
)
from hostile_text_cases import CLICK_NUMBER, ITEMS, NUMBERED, forbidden, paper_id

from reader.storage.library import Library

# pytest finds fixtures among a module's names: these are the hostile tests' shared ones.
no_graphical_browser = hostile_pilot.no_graphical_browser


class TestImportCommand:
    def test_the_corpus_is_as_big_as_reported(self) -> None:
        assert sum(HOSTILE_INPUTS.values()) == 24 + 9 + 64 + 9 + 39 + 9 == 154

    def test_the_whole_corpus_imports_with_one_stderr_line_per_skipped_item(
        self, cli, home: Path, tmp_path: Path
    ) -> None:
        files = write_corpus(tmp_path / "corpus")
        done = cli("import", *files)
        assert done.returncode == 0, done.stderr[-2000:]
        assert_plain_stderr(done.stderr)
        expected = [f"paper-reader: {file}: item {position} skipped: {reason}"
                    for file in files for position, reason in CORPUS[file.name][1]]  # fmt: skip
        assert done.stderr.splitlines() == expected
        assert done.stdout == (f"Imported {CORPUS_PAPERS} papers from {len(files)} files: "
                               f"{len(CORPUS_IDS)} added, 0 updated, 0 unchanged.\n")  # fmt: skip

        with Library.open(home / "library.db") as lib:
            rows = list(lib.list_rows(lib.select()).values())
            assert sorted(row.id for row in rows) == sorted(CORPUS_IDS), "one row per paper"
            papers = {row.id: lib.paper(row.pk) for row in rows}
            for number, case in NUMBERED:
                paper = papers[paper_id(number)]
                assert paper is not None
                if number == CLICK_NUMBER:
                    assert paper.title == "A later [b]hostile[/b] copy"
                else:
                    assert paper.title == case.shown_title
                assert paper.authors == case.shown_authors
            for wrong_id, expected_paper in WRONG_KEPT.items():
                assert papers[wrong_id] == expected_paper
            assert papers[DUP] is not None and papers[DUP].title == "Last copy"
            for paper in papers.values():
                assert paper is not None
                assert_id_urls_stay_on_their_sites(paper)
                assert all(link.url.startswith(("https://", "http://")) for link in paper.links)

        again = cli("import", *files)
        assert again.returncode == 0 and again.stderr == done.stderr
        assert again.stdout.endswith(f": 0 added, 0 updated, {len(CORPUS_IDS)} unchanged.\n")

        # `paper-reader list` prints the same papers as plain lines of four tab-separated fields.
        listed = cli("list")
        assert listed.returncode == 0 and listed.stderr == ""
        assert not forbidden(listed.stdout.replace("\t", ""))
        lines = listed.stdout.splitlines()
        assert sorted(line.split("\t")[0] for line in lines) == sorted(CORPUS_IDS)
        assert all(len(line.split("\t")) == 4 for line in lines)
        assert (
            f"{paper_id(CLICK_NUMBER)}\t2026-01-{CLICK_NUMBER:02d}\t{CLICK_NUMBER}\tA later [b]hostile[/b] copy"
            in lines
        )

    @pytest.mark.parametrize(
        ("content", "message"),
        [
            (b"\x1b[2J\x1b]52;c;ZXZpbA==\x07 not JSON", "not JSON (Expecting value: line 1 column 1 (char 0))"),
            (b"", "not JSON (Expecting value: line 1 column 1 (char 0))"),
            (b"\xff\xfe\x1b\x00[\x002\x00J\x00", "not JSON (Expecting value: line 1 column 1 (char 0))"),
            (b"\x9b31m\xc2\x9b2J", "not JSON ('utf-8' codec can't decode byte 0x9b in position 0: invalid start byte)"),
            (b'"\\u001b[2J a JSON string"', "expected a JSON array or object, found str"),
            (HUGE_DIGITS.encode(), "expected a JSON array or object, found float"),
            (b"[" * 100_000, "not JSON (nested too deeply)"),
            (b'{"id": "\\u001b]52;c;ZXZpbA==\\u0007../../etc/passwd", "title": "x"}',
             "the object is not a paper: \"id\" '../../etc/passwd' is not an arXiv id"),
            (b'{"id": "2406.12345", "title": {"\\u001b[2J": 1}}',
             "the object is not a paper: paper 2406.12345 has no title"),
        ],
        ids=["escapes", "empty", "utf-16", "c1-bytes", "string", "huge-number", "deep", "flat-bad-id", "flat-no-title"],
    )  # fmt: skip
    def test_a_file_that_is_not_a_feed_is_one_plain_line_and_nothing_imported(
        self, content: bytes, message: str, cli, home: Path, tmp_path: Path
    ) -> None:
        bad = tmp_path / "bad.json"
        bad.write_bytes(content)
        done = cli("import", items_file(tmp_path), bad)
        assert done.returncode == 1
        assert_plain_stderr(done.stderr)
        assert done.stderr == f"paper-reader: {bad}: {message}; nothing imported\n"
        db = home / "library.db"
        assert not db.exists() or console.count_papers(db) == 0

    def test_file_names_are_shown_escaped_never_interpreted(self, cli, home: Path, tmp_path: Path) -> None:
        """A downloaded file's name is not the user's text either: its escapes are shown, not run."""
        evil = "evil\x1b[2J\x1b]52;c;ZXZpbA==\x07\u202egpj.json"
        skips = tmp_path / evil
        skips.write_text(json.dumps([5]), encoding="utf-8")
        done = cli("import", skips)
        assert done.returncode == 0
        assert_plain_stderr(done.stderr)
        assert done.stderr == f"paper-reader: {str(skips)!r}: item 0 skipped: expected an object, found int\n"

        bad = tmp_path / f"bad-{evil}"
        bad.write_text("not JSON", encoding="utf-8")
        done = cli("import", bad)
        assert done.returncode == 1
        assert_plain_stderr(done.stderr)
        assert done.stderr.startswith(f"paper-reader: {str(bad)!r}: not JSON")

        missing = tmp_path / f"missing-{evil}"
        done = cli("import", missing)
        assert done.returncode == 1
        assert_plain_stderr(done.stderr)
        assert done.stderr.startswith(f"paper-reader: {str(missing)!r}: cannot read")


def items_file(directory: Path) -> Path:
    """The hostile items as a file: a good file before a bad one must not be imported either."""
    path = directory / "hostile-items.json"
    if not path.exists():
        path.write_text(json.dumps(ITEMS, ensure_ascii=False), encoding="utf-8")
    return path
