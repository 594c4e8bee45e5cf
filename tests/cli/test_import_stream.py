"""`paper-reader import` streams (issue 17, targets 5 and 6): bounded batches, still all or nothing, and a progress
bar on a terminal only. The real console script on a real library file; batches made small by
$PAPER_READER_IMPORT_BATCH so a few dozen papers cross several of them."""

from __future__ import annotations

import contextlib
import json
import sqlite3
from pathlib import Path

from conftest import SCRIPT
from console import DAILY, MINIMAX, run_on_a_terminal

from reader.storage.library import Library
from reader.storage.streamed_import import IMPORT_BATCH_ENV

SMALL_BATCH = {IMPORT_BATCH_ENV: "7"}


def item(number: int, title: str | None = None, **fields: object) -> dict:
    paper = {"id": f"2607.{number:05d}", "title": title or f"Streamed paper {number}", **fields}
    return {"paper": paper, "numComments": number % 5}


def write_items(path: Path, items: list[object], tail: str = "") -> Path:
    path.write_text(json.dumps(items)[:-1] + tail + "]" if tail else json.dumps(items), encoding="utf-8")
    return path


def content(db: Path) -> dict[str, list[tuple]]:
    """Everything the user and the feed put in the library, row by row (the papers with their stamps)."""
    with contextlib.closing(sqlite3.connect(db)) as connection:
        return {
            table: connection.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()
            for table in ("papers", "state", "tags", "notes", "meta")
        }


def a_library_with_marks(cli, home: Path) -> Path:
    assert cli("import", DAILY).returncode == 0
    db = home / "library.db"
    with Library.open(db) as library:
        library.star(MINIMAX)
        library.mark_read(MINIMAX)
        library.set_tags(MINIMAX, ["to-read", "Mixture"])
        library.set_note(MINIMAX, "a note that must survive a failed import")
    return db


def test_a_malformed_record_near_the_end_leaves_the_library_as_it_was(cli, home: Path, tmp_path: Path) -> None:
    db = a_library_with_marks(cli, home)
    before = content(db)
    good = [item(n) for n in range(40)] + [{"paper": {"id": MINIMAX, "title": "A renamed copy", "upvotes": 1}}]
    bad = write_items(tmp_path / "bad-end.json", good, tail=', {"paper": {"id": "2607.99999", "title": "cut')

    done = cli("import", bad, extra_env=SMALL_BATCH)

    assert done.returncode == 1
    assert done.stderr.startswith(f"paper-reader: {bad}: not JSON (")
    assert done.stderr.endswith("; nothing imported\n") and len(done.stderr.splitlines()) == 1
    assert done.stdout == ""
    assert content(db) == before
    with Library.open(db) as library:  # and what a reader sees of it is the same
        assert library.count() == 30
        assert library.state(MINIMAX).starred and library.note(MINIMAX).startswith("a note")


def test_a_bad_second_file_leaves_the_library_as_it_was_after_the_first_was_staged(
    cli, home: Path, tmp_path: Path
) -> None:
    db = a_library_with_marks(cli, home)
    before = content(db)
    first = write_items(tmp_path / "first.json", [item(n) for n in range(30)])
    second = write_items(tmp_path / "second.json", [item(100 + n) for n in range(20)], tail=", nonsense")

    done = cli("import", first, second, extra_env=SMALL_BATCH)

    assert done.returncode == 1
    assert done.stderr.startswith(f"paper-reader: {second}: not JSON (") and len(done.stderr.splitlines()) == 1
    assert content(db) == before


def test_an_import_in_small_batches_stores_every_paper_once_in_file_order(cli, home: Path, tmp_path: Path) -> None:
    items = [item(n) for n in range(50)]
    items.append(item(3, "The later copy of paper 3", upvotes=12))  # a copy in a later batch merges into the first
    file = write_items(tmp_path / "fifty.json", items)

    done = cli("import", file, extra_env=SMALL_BATCH)

    assert done.returncode == 0, done.stderr
    assert done.stdout == "Imported 51 papers from 1 file: 50 added, 0 updated, 0 unchanged.\n"
    with contextlib.closing(sqlite3.connect(home / "library.db")) as connection:
        rows = connection.execute("SELECT id, title, upvotes, comments FROM papers ORDER BY pk").fetchall()
        assert [row[0] for row in rows] == [f"2607.{n:05d}" for n in range(50)], "first-seen order, once each"
        assert rows[3] == ("2607.00003", "The later copy of paper 3", 12, 3)

    items[10] = item(10, "Paper 10, renamed")
    again = cli("import", write_items(tmp_path / "again.json", items), extra_env=SMALL_BATCH)
    assert again.stdout == "Imported 51 papers from 1 file: 0 added, 1 updated, 49 unchanged.\n"


def test_the_counts_are_those_of_one_big_batch(cli, home: Path, tmp_path: Path, env: dict[str, str]) -> None:
    """The batch size changes how the work is cut, not what it does."""
    items = [item(n, upvotes=n) for n in range(25)] + [item(n, upvotes=n + 1) for n in range(20, 30)]
    file = write_items(tmp_path / "items.json", items)
    outputs = []
    for batch in ("1", "4", "1000"):
        other = tmp_path / f"home-{batch}"
        other.mkdir()
        assert cli("import", DAILY, home=other).returncode == 0
        outputs.append(cli("import", file, home=other, extra_env={IMPORT_BATCH_ENV: batch}).stdout)
        outputs.append(cli("import", file, home=other, extra_env={IMPORT_BATCH_ENV: batch}).stdout)
    assert outputs[0] == "Imported 35 papers from 1 file: 30 added, 0 updated, 0 unchanged.\n"
    assert outputs[1] == "Imported 35 papers from 1 file: 0 added, 0 updated, 30 unchanged.\n"
    assert outputs == outputs[:2] * 3


# --- progress: a bar on a terminal, nothing when piped ----------------------------------------------


def run_with_stderr_on_a_terminal(args: list[str], env: dict[str, str]) -> tuple[int, str, str]:
    """The console script with stderr on a 120-column terminal (stdout piped): (exit status, stdout, the terminal)."""
    status, terminal, stdout = run_on_a_terminal([str(SCRIPT), *args], env, columns=120, stream="stderr")
    return status, stdout, terminal


def test_an_import_on_a_terminal_shows_a_progress_bar_with_counts_and_rate(
    home: Path, tmp_path: Path, env: dict[str, str]
) -> None:
    file = write_items(tmp_path / "many.json", [item(n) for n in range(3_000)])
    child_env = {**env, **SMALL_BATCH, "PAPER_READER_PROGRESS_AFTER": "0", "COLUMNS": "120"}

    status, stdout, terminal = run_with_stderr_on_a_terminal(["--home", str(home), "import", str(file)], child_env)

    assert status == 0, terminal
    assert stdout == "Imported 3000 papers from 1 file: 3000 added, 0 updated, 0 unchanged.\n"
    assert "Reading" in terminal and "Storing" in terminal
    assert "papers · " in terminal and "/s" in terminal
    assert "━" in terminal, "rich's bar"


def test_a_piped_import_shows_no_bar(cli, home: Path, tmp_path: Path) -> None:
    file = write_items(tmp_path / "many.json", [item(n) for n in range(3_000)])

    done = cli("import", file, extra_env={**SMALL_BATCH, "PAPER_READER_PROGRESS_AFTER": "0"})

    assert done.returncode == 0
    assert done.stderr == ""
    assert done.stdout == "Imported 3000 papers from 1 file: 3000 added, 0 updated, 0 unchanged.\n"


def test_a_migration_on_a_terminal_shows_its_bar_and_piped_shows_none(
    cli, home: Path, tmp_path: Path, env: dict[str, str]
) -> None:
    from old_library import write_schema_2_library

    write_schema_2_library(home / "library.db", 200)
    piped = tmp_path / "piped"
    piped.mkdir()
    write_schema_2_library(piped / "library.db", 200)
    shown = {**env, "PAPER_READER_PROGRESS_AFTER": "0", "COLUMNS": "120"}

    status, stdout, terminal = run_with_stderr_on_a_terminal(["--home", str(home), "list", "zebrafish"], shown)
    done = cli("list", "zebrafish", home=piped, extra_env={"PAPER_READER_PROGRESS_AFTER": "0"})

    assert status == 0, terminal
    assert "Upgrading the library" in terminal and "━" in terminal and "steps · " in terminal
    assert len(stdout.splitlines()) == 200
    assert done.returncode == 0 and done.stderr == "" and done.stdout == stdout


def test_fetch_of_full_texts_on_a_terminal_shows_the_bar_and_piped_shows_none(
    cli, hub, tmp_path: Path, env: dict[str, str]
) -> None:
    homes = [tmp_path / "on-a-terminal", tmp_path / "piped"]
    for home in homes:
        home.mkdir()
        assert cli("import", DAILY, home=home).returncode == 0
        with Library.open(home / "library.db") as library:
            for paper_id in [row.id for row in library.list_rows(library.select()).values()][:6]:
                library.star(paper_id)
                hub.full_texts[paper_id] = f"# Paper {paper_id}\n\nIts text."
    fetch = ["fetch", "--full-text", "--interval", "0", "--api-url", hub.url]
    shown = {"PAPER_READER_PROGRESS_AFTER": "0", "COLUMNS": "120"}

    status, stdout, terminal = run_with_stderr_on_a_terminal(["--home", str(homes[0]), *fetch], {**env, **shown})
    piped = cli(*fetch, home=homes[1], extra_env=shown)

    assert status == 0, terminal
    assert stdout == "Fetched 6 full texts of 6 papers.\n"
    assert "Fetching full texts" in terminal and "━" in terminal and "full texts · " in terminal
    assert piped.returncode == 0 and piped.stderr == "" and piped.stdout == stdout
