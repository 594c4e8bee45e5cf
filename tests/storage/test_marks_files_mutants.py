"""Read marks as stored, merges that count only the papers they change, a file written atomically on a disk
(its temporary beside it, not in the RAM temp folder), an export that clears what killed exports left, papers
without authors, and a migration script whose last statement has no `;`. The edges a mutation run found
unguarded in this layer."""

from __future__ import annotations

import tomllib
from pathlib import Path

from reader.core.marks import Mark
from reader.core.paper import Paper
from reader.storage.files import write_atomically
from reader.storage.library import Library
from reader.storage.schema import split_sql
from reader.storage.state_export import export_library

P1, P2, P3 = "2606.00001", "2606.00002", "2606.00003"
T1, T2 = "2026-06-12T08:30:00.000Z", "2026-06-13T09:00:00.000Z"


def test_marks_read_back_as_they_were_set(home: Path) -> None:
    with Library.open(home / "library.db") as library:
        library.mark_read(P1)
        library.star(P2)
        library.star(P2, False)
        marks = library.marks()
    assert marks[P1]["read"].on is True and "starred" not in marks[P1]
    assert marks[P2]["starred"].on is False and "read" not in marks[P2]


def test_a_merge_writes_and_counts_only_the_papers_it_changes(home: Path) -> None:
    with Library.open(home / "library.db") as library:
        assert library.merge_marks({P1: {"read": Mark(T1, True)}}) == 1
        incoming = {P1: {"read": Mark(T1, True)}, P2: {"read": Mark(T2, True)}, P3: {"starred": Mark(T2, True)}}
        assert library.merge_marks(incoming) == 2  # P1 as it was
        assert library.merge_marks(incoming) == 0
        assert library.merge_marks({"2606.00004": {}}) == 0
        assert library.merge_marks({P2: {"read": Mark(T1, False)}}) == 0  # older than ours: ours stays
        assert library.marks() == {
            P1: {"read": Mark(T1, True)},
            P2: {"read": Mark(T2, True)},
            P3: {"starred": Mark(T2, True)},
        }


def test_a_file_on_disk_is_replaced_through_a_temporary_beside_it(disk_home: Path) -> None:
    path = disk_home / "config.toml"
    write_atomically(path, "a = 1\r\n")
    write_atomically(path, 'b = "\u00e9"\n')
    assert path.read_bytes() == 'b = "\u00e9"\n'.encode()
    assert sorted(p.name for p in disk_home.iterdir()) == ["config.toml"]


def test_an_export_clears_what_killed_exports_left_and_stamps_its_time(home: Path) -> None:
    target = home / "state.toml"
    (home / ".state.toml.abc123.tmp").write_text("half", encoding="utf-8")
    (home / ".state.toml.folder.tmp").mkdir()  # cannot be removed as a file: left, and the export goes on
    with Library.open(home / "library.db") as library:
        library.mark_read(P1)
        assert export_library(library, target) == 1
    assert not (home / ".state.toml.abc123.tmp").exists()
    exported = tomllib.loads(target.read_text(encoding="utf-8"))
    assert exported["exported_at"].startswith("20") and exported["exported_at"].endswith("Z")
    assert exported["papers"][P1]["read"] is True


def test_a_paper_without_authors_or_keywords_reads_back_without_them(home: Path) -> None:
    with Library.open(home / "library.db") as library:
        library.import_papers([Paper(id=P1, title="Alone"), Paper(id=P2, title="Two", authors=("A", "B"))])
        alone, two = library.paper_by_id(P1), library.paper_by_id(P2)
    assert alone is not None and (alone.authors, alone.ai_keywords) == ((), ())
    assert two is not None and two.authors == ("A", "B")


def test_a_script_whose_last_statement_has_no_semicolon_keeps_it() -> None:
    script = "CREATE TABLE a (x);\nCREATE TRIGGER t AFTER INSERT ON a BEGIN SELECT 1; END;\nSELECT 2"
    assert split_sql(script) == [
        "CREATE TABLE a (x);",
        "CREATE TRIGGER t AFTER INSERT ON a BEGIN SELECT 1; END;",
        "SELECT 2",
    ]
