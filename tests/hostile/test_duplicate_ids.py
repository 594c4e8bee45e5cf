"""The same paper twice, in one file or across files: one row, the later copy's fields, no error."""

from __future__ import annotations

import json
from pathlib import Path

import hostile_pilot
from hostile_corpus import DUP, DUP_FILE_1, DUP_FILE_2, DUP_SKIPS
from hostile_text_cases import CLICK_NUMBER, ITEMS, paper_id

from reader.sources.hf_api import parse_feed_text
from reader.storage.library import Library

# pytest finds fixtures among a module's names: these are the hostile tests' shared ones.
no_graphical_browser = hostile_pilot.no_graphical_browser


class TestDuplicateIds:
    def test_one_paper_per_id_the_later_copy_wins_and_keeps_what_it_lacks(self, home: Path) -> None:
        first, second = parse_feed_text(json.dumps(DUP_FILE_1)), parse_feed_text(json.dumps(DUP_FILE_2))
        assert first.skipped == DUP_SKIPS and second.skipped == []
        with Library.open(home / "library.db") as lib:
            result = lib.import_papers([*first.papers, *second.papers])
            assert result.added == (DUP, "2603.00002", paper_id(CLICK_NUMBER))
            rows = list(lib.list_rows(lib.select()).values())
            assert sorted(row.id for row in rows) == sorted(result.added), "no duplicate rows"
            paper = lib.paper(next(row.pk for row in rows if row.id == DUP))
        assert paper is not None
        assert paper.title == "Last copy"
        assert paper.upvotes == 4, "the last copy has none: the one before it counts"
        assert paper.github_repo == "https://github.com/owner/repo"
        assert paper.ai_summary == "Only the first copy has a summary."
        assert json.loads(paper.raw)["paper"]["title"] == "Last copy"

    def test_reimporting_copies_keeps_read_and_star_marks(self, home: Path) -> None:
        with Library.open(home / "library.db") as lib:
            lib.import_papers(parse_feed_text(json.dumps(ITEMS)).papers)
            lib.import_papers(parse_feed_text(json.dumps(DUP_FILE_1)).papers)
            lib.star(DUP)
            lib.mark_read(DUP)
            lib.star(paper_id(CLICK_NUMBER))
            before = lib.count()
            result = lib.import_papers(parse_feed_text(json.dumps(DUP_FILE_1 + DUP_FILE_2)).papers)
            assert lib.count() == before
            assert DUP in result.updated and paper_id(CLICK_NUMBER) in result.updated
            assert lib.state(DUP).starred and lib.state(DUP).read
            assert lib.state(paper_id(CLICK_NUMBER)).starred
            (count, distinct) = lib._db.execute("SELECT count(*), count(DISTINCT id) FROM papers").fetchone()
            assert count == distinct == before
            assert lib._db.execute("SELECT count(*) FROM state").fetchone()[0] == 2
