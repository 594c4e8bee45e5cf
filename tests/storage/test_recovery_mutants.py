"""Opening a damaged library in this process (test_recovery.py runs the console script): what is moved aside and
where, what comes back, and the one line that says so. The edges a mutation run found unguarded in this layer."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import load_fixture

from reader.core.paths import Paths
from reader.sources.hf_api import parse_feed
from reader.storage.library import Library
from reader.storage.recovery import check_library, damaged_marker, move_aside, open_library
from reader.storage.state_export import export_library

STAR, READ = "2606.13392", "2606.12730"


def library_with_marks(home: Path, *, notes: bool = False) -> dict:
    """The 2026-06-12 list, one star and one read mark (a tag and a note too, if told), and its state.toml."""
    with Library.open(home / "library.db") as library:
        library.import_papers(parse_feed(load_fixture("hf_daily_2026-06-12.json")).papers)
        library.star(STAR)
        library.mark_read(READ)
        if notes:
            library.set_tags(STAR, ["rg"])
            library.set_note(READ, "read again")
        export_library(library, home / "state.toml")
        return library.marks()


def damage_inside(db: Path) -> None:
    """Overwrite the middle of the file: past the pages an open reads, so only a check of the whole file sees it."""
    with db.open("r+b") as file:
        file.seek(db.stat().st_size // 2)
        file.write(b"\xde\xad" * 40000)


def aside_files(home: Path, why: str = "corrupt") -> list[str]:
    """The libraries moved aside (their journals beside them left out)."""
    return sorted(
        path.name
        for path in home.iterdir()
        if path.name.startswith(f"library.db.{why}-") and not path.name.endswith(("-wal", "-shm"))
    )


def test_a_new_home_opens_a_new_library_quietly(home: Path) -> None:
    opened = open_library(Paths.resolve(home))
    with opened.library as library:
        assert library.count() == 0
    assert (opened.notice, opened.restored) == (None, 0)
    assert (home / "library.db").exists()


def test_a_sound_library_with_marks_opens_as_it_is(home: Path) -> None:
    marks = library_with_marks(home)
    opened = open_library(Paths.resolve(home))
    with opened.library as library:
        assert library.marks() == marks and library.count() == 30
    assert (opened.notice, opened.restored) == (None, 0)


def test_a_file_that_is_not_a_database_is_moved_aside_and_the_marks_come_back(home: Path) -> None:
    marks = library_with_marks(home)
    for name in ("library.db", "library.db-wal", "library.db-shm"):
        (home / name).unlink(missing_ok=True)
    (home / "library.db").write_bytes(b"not a database" * 100)
    opened = open_library(Paths.resolve(home))
    with opened.library as library:
        assert library.marks() == marks
        assert library.count() == 0
    (aside,) = aside_files(home)
    assert re.fullmatch(r"library\.db\.corrupt-\d{8}T\d{6}", aside)
    assert (home / aside).read_bytes() == b"not a database" * 100  # moved, never deleted
    assert opened.restored == 2
    assert opened.notice == (
        f"{home / 'library.db'} was damaged (file is not a database): moved it to {aside} and started a new library"
        "; restored the read and star marks of 2 papers"
    )


def test_tags_and_notes_are_named_among_what_came_back(home: Path) -> None:
    library_with_marks(home, notes=True)
    for name in ("library.db", "library.db-wal", "library.db-shm"):
        (home / name).unlink(missing_ok=True)
    (home / "library.db").write_bytes(b"\x00garbage" * 100)
    opened = open_library(Paths.resolve(home))
    with opened.library as library:
        assert library.tags(STAR) == ("rg",) and library.note(READ) == "read again"
    assert opened.notice is not None and opened.notice.endswith("; restored the marks, tags and notes of 2 papers")


def test_one_paper_restored_is_one_paper(home: Path) -> None:
    with Library.open(home / "library.db") as library:
        library.star(STAR)
        export_library(library, home / "state.toml")
    (home / "library.db").unlink()
    opened = open_library(Paths.resolve(home))
    opened.library.close()
    assert opened.notice == "restored the read and star marks of 1 paper" and opened.restored == 1


def test_damage_inside_found_by_the_check_is_recovered_at_the_next_open_with_every_mark(home: Path) -> None:
    library_with_marks(home)
    db = home / "library.db"
    with Library.open(db) as library:
        library.star(READ)  # after state.toml was written: only the damaged file still has it
        expected = library.marks()
    damage_inside(db)
    problem = check_library(db)
    assert problem is not None and problem != "ok" and "\n" not in problem and len(problem) <= 120
    assert "***" not in problem
    assert damaged_marker(db).read_text(encoding="utf-8") == problem + "\n"

    opened = open_library(Paths.resolve(home))
    with opened.library as library:
        assert library.marks() == expected  # state.toml's, and the later star salvaged from the damaged file
    (aside,) = aside_files(home)
    assert opened.notice is not None
    assert opened.notice.startswith(f"{db} was damaged ({problem}): moved it to {aside} and started a new library")
    assert not damaged_marker(db).exists()


def test_a_marker_beside_a_sound_library_is_dropped_and_nothing_moves(home: Path) -> None:
    marks = library_with_marks(home)
    damaged_marker(home / "library.db").write_text("stale\n", encoding="utf-8")
    opened = open_library(Paths.resolve(home))
    with opened.library as library:
        assert library.marks() == marks
    assert opened.notice is None and aside_files(home) == []
    assert not damaged_marker(home / "library.db").exists()


def test_the_check_of_a_sound_library_leaves_no_marker(home: Path) -> None:
    library_with_marks(home)
    assert check_library(home / "library.db") is None
    assert not damaged_marker(home / "library.db").exists()


def test_the_check_of_a_missing_library_is_no_verdict(home: Path) -> None:
    assert check_library(home / "library.db") is None
    assert not damaged_marker(home / "library.db").exists()


def test_the_check_of_a_file_that_is_not_a_database_names_it(home: Path) -> None:
    (home / "library.db").write_bytes(b"not a database" * 100)
    assert check_library(home / "library.db") == "file is not a database"
    assert damaged_marker(home / "library.db").read_text(encoding="utf-8") == "file is not a database\n"


def test_the_marker_is_named_after_the_library(tmp_path: Path) -> None:
    assert damaged_marker(tmp_path / "x.db") == tmp_path / "x.db.damaged"


def test_moving_aside_takes_the_journal_files_along_and_never_overwrites(home: Path) -> None:
    db = home / "library.db"
    for round_ in range(3):
        db.write_bytes(b"db %d" % round_)
        (home / "library.db-wal").write_bytes(b"wal %d" % round_)
        if round_ == 0:
            (home / "library.db-shm").write_bytes(b"shm")
        move_aside(db)
    main = aside_files(home)
    assert len(main) == 3 and not db.exists() and not (home / "library.db-wal").exists()
    assert not (home / "library.db-shm").exists()
    assert sorted((home / name).read_bytes() for name in main) == [b"db 0", b"db 1", b"db 2"]
    for name in main:  # each journal went with its own file
        assert (home / f"{name}-wal").read_bytes() == (home / name).read_bytes().replace(b"db", b"wal")
    (shm,) = home.glob("library.db.corrupt-*-shm")
    assert shm.read_bytes() == b"shm"
    assert all(re.fullmatch(r"library\.db\.corrupt-\d{8}T\d{6}(-[23])?", name) for name in main)


def test_a_file_moved_aside_for_another_reason_says_so(tmp_path: Path) -> None:
    path = tmp_path / "state.toml"
    path.write_text("x", encoding="utf-8")
    aside = move_aside(path, "broken")
    assert re.fullmatch(r"state\.toml\.broken-\d{8}T\d{6}", aside.name) and aside.read_text(encoding="utf-8") == "x"


def test_a_broken_state_toml_is_kept_aside_and_named(home: Path) -> None:
    (home / "library.db").write_bytes(b"not a database" * 100)
    (home / "state.toml").write_text('[papers]\n"2606.13392" = { starred = tru', encoding="utf-8")
    opened = open_library(Paths.resolve(home))
    opened.library.close()
    (kept,) = (path.name for path in home.iterdir() if path.name.startswith("state.toml.broken-"))
    assert opened.notice is not None and opened.restored == 0
    assert opened.notice.endswith(f" (kept as {kept})")
    assert "; could not restore marks from " in opened.notice
    assert not (home / "state.toml").exists()


def test_marks_are_salvaged_from_a_damaged_file_when_there_is_no_state_toml(home: Path) -> None:
    db = home / "library.db"
    with Library.open(db) as library:
        library.import_papers(parse_feed(load_fixture("hf_daily_2026-06-12.json")).papers)
        library.star(STAR)
        library.mark_read(READ)
        library.mark_read(STAR)
        library.mark_read(STAR, False)  # a mark taken back is a mark too (off, with its time)
        expected = library.marks()
    damage_inside(db)
    assert check_library(db) is not None
    opened = open_library(Paths.resolve(home))
    with opened.library as library:
        assert library.marks() == expected
    assert opened.restored == 2
    assert opened.notice is not None and opened.notice.endswith("; restored the read and star marks of 2 papers")
