"""Functional tests of the command line: the real console script in a subprocess, a real library in a temp home."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import sqlite3
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest
from conftest import load_fixture
from console import (
    DAILY,
    MINIMAX,
    OLD_ITEM,
    SCRIPT,
    SEARCH,
    TIMEOUT,
    count_papers,
    one_line,
    paper_ids,
    read_until,
    wait_draining,
)

import reader
from reader.query import PaperFilter, Sort
from reader.services.sample import is_sample_only
from reader.storage.library import Library
from reader.storage.schema import SCHEMA_VERSION


def assert_counts(stdout: str, added: int, updated: int, unchanged: int) -> None:
    assert re.search(rf"\b{added} added, {updated} updated, {unchanged} unchanged\b", stdout), stdout


# --- version and help ----------------------------------------------------------------------


def test_script_is_installed_next_to_the_interpreter() -> None:
    assert SCRIPT.is_file() and os.access(SCRIPT, os.X_OK)


def test_version(cli) -> None:
    done = cli("--version", home=None)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"paper-reader {reader.__version__}"
    assert reader.__version__ == "0.1.0"
    assert done.stderr == ""


def test_help_names_import_and_home(cli) -> None:
    done = cli("--help", home=None)
    assert done.returncode == 0, done.stderr
    assert "import" in done.stdout
    assert "--home" in done.stdout
    assert done.stdout.startswith("usage: paper-reader")


def test_python_dash_m_reader_is_the_same_command(env: dict[str, str]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "reader", "--version"], env=env, capture_output=True, text=True, timeout=TIMEOUT
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"paper-reader {reader.__version__}"


def test_python_dash_m_reader_imports(home: Path, env: dict[str, str]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "reader", "--home", str(home), "import", str(DAILY)],
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    assert done.returncode == 0, done.stderr
    assert_counts(done.stdout, 30, 0, 0)
    assert count_papers(home / "library.db") == 30


def test_unknown_command_is_a_usage_error(cli) -> None:
    done = cli("frobnicate")
    assert done.returncode == 2
    assert "invalid choice" in done.stderr


# --- import --------------------------------------------------------------------------------


def test_import_daily_fixture(cli, home: Path) -> None:
    done = cli("import", DAILY)
    assert done.returncode == 0, done.stderr
    assert "30 added" in done.stdout
    assert_counts(done.stdout, 30, 0, 0)
    assert done.stderr == ""
    assert count_papers(home / "library.db") == 30


def test_import_same_file_again_adds_nothing(cli, home: Path) -> None:
    assert cli("import", DAILY).returncode == 0
    done = cli("import", DAILY)
    assert done.returncode == 0, done.stderr
    assert "0 added" in done.stdout
    assert_counts(done.stdout, 0, 0, 30)
    assert count_papers(home / "library.db") == 30


def test_import_all_three_fixtures_at_once(cli, home: Path) -> None:
    done = cli("import", DAILY, SEARCH, OLD_ITEM)
    assert done.returncode == 0, done.stderr
    assert "from 3 files" in done.stdout
    assert_counts(done.stdout, 40, 0, 0)
    ids = paper_ids(home / "library.db")
    assert len(ids) == 40
    assert {MINIMAX, "2404.04487", "2410.17897"} <= ids


def test_import_takes_changed_counters(cli, home: Path, tmp_path: Path) -> None:
    assert cli("import", DAILY).returncode == 0
    items = load_fixture(DAILY.name)
    for item in items:
        if item["paper"]["id"] == MINIMAX:
            item["paper"]["upvotes"] = 104
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(items), encoding="utf-8")

    done = cli("import", changed)
    assert done.returncode == 0, done.stderr
    assert_counts(done.stdout, 0, 1, 29)
    with Library.open(home / "library.db") as lib:
        rows = lib.list_rows(lib.select())
    assert {row.upvotes for row in rows.values() if row.id == MINIMAX} == {104}


@pytest.mark.parametrize(
    "content", [b"not json at all", b"[1, 2", b"\xff\xfe\x00garbage", b"", b'"a string"', b"42"], ids=repr
)
def test_file_that_is_not_a_feed_fails_and_changes_nothing(cli, home: Path, tmp_path: Path, content: bytes) -> None:
    assert cli("import", DAILY).returncode == 0
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    before = paper_ids(home / "library.db")

    done = cli("import", bad)

    assert done.returncode == 1
    line = one_line(done.stderr)
    assert line.startswith("paper-reader: ")
    assert str(bad) in line
    assert "Traceback" not in done.stderr
    assert done.stdout == ""
    assert paper_ids(home / "library.db") == before
    assert len(before) == 30


def test_file_that_is_not_json_into_a_fresh_home_creates_no_papers(cli, home: Path, tmp_path: Path) -> None:
    bad = tmp_path / "notes.txt"
    bad.write_text("these are my notes, not JSON\n", encoding="utf-8")
    db = home / "library.db"
    assert not db.exists()

    done = cli("import", bad)

    assert done.returncode == 1
    assert str(bad) in one_line(done.stderr)
    # It held nothing before; it holds nothing now (whether or not the file was created).
    assert not db.exists() or count_papers(db) == 0


def test_one_bad_file_among_good_ones_imports_nothing(cli, home: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{oops", encoding="utf-8")
    db = home / "library.db"

    done = cli("import", DAILY, bad, SEARCH)

    assert done.returncode == 1
    assert str(bad) in one_line(done.stderr)
    assert "nothing imported" in done.stderr
    assert not db.exists() or count_papers(db) == 0


def test_missing_file_fails_with_one_line(cli, home: Path, tmp_path: Path) -> None:
    assert cli("import", DAILY).returncode == 0
    missing = tmp_path / "no-such-file.json"

    done = cli("import", missing)

    assert done.returncode == 1
    line = one_line(done.stderr)
    assert str(missing) in line
    assert "Traceback" not in done.stderr
    assert count_papers(home / "library.db") == 30


def test_directory_instead_of_a_file_fails_with_one_line(cli, tmp_path: Path) -> None:
    directory = tmp_path / "a-directory.json"
    directory.mkdir()
    done = cli("import", directory)
    assert done.returncode == 1
    assert str(directory) in one_line(done.stderr)


def test_items_that_are_not_papers_are_named_by_position(cli, home: Path, tmp_path: Path) -> None:
    valid = next(item for item in load_fixture(DAILY.name) if item["paper"]["id"] == MINIMAX)
    mixed = tmp_path / "mixed.json"
    mixed.write_text(
        json.dumps([valid, 5, {"no": "id"}, {"paper": {"id": "../../etc/passwd", "title": "x"}}]), encoding="utf-8"
    )

    done = cli("import", mixed)

    assert done.returncode == 0, done.stderr
    assert_counts(done.stdout, 1, 0, 0)
    lines = done.stderr.splitlines()
    assert len(lines) == 3, done.stderr
    for position, line in zip((1, 2, 3), lines, strict=True):
        assert str(mixed) in line
        assert f"item {position}" in line
    assert "item 0" not in done.stderr
    assert paper_ids(home / "library.db") == {MINIMAX}


def test_import_keeps_stars_and_reads(cli, home: Path, tmp_path: Path) -> None:
    db = home / "library.db"
    assert cli("import", DAILY).returncode == 0
    with Library.open(db) as lib:
        starred = lib.star(MINIMAX)
        read = lib.mark_read("2606.00467")
    items = load_fixture(DAILY.name)
    for item in items:
        item["paper"]["upvotes"] += 1
    bumped = tmp_path / "bumped.json"
    bumped.write_text(json.dumps(items), encoding="utf-8")

    done = cli("import", bumped)

    assert done.returncode == 0, done.stderr
    assert_counts(done.stdout, 0, 30, 0)
    with Library.open(db) as lib:
        assert lib.state(MINIMAX) == starred
        assert lib.state("2606.00467") == read
        assert {row.id for row in lib.list_rows(lib.select(PaperFilter(starred_only=True))).values()} == {MINIMAX}


def test_papers_of_a_flat_paper_object(cli, home: Path, tmp_path: Path) -> None:
    flat = tmp_path / "paper.json"
    flat.write_text(json.dumps(load_fixture(OLD_ITEM.name)["paper"]), encoding="utf-8")
    done = cli("import", flat)
    assert done.returncode == 0, done.stderr
    assert paper_ids(home / "library.db") == {"2410.17897"}


def test_import_into_a_garbage_library_moves_it_aside_and_imports(cli, home: Path) -> None:
    db = home / "library.db"
    garbage = b"not a database" * 100
    db.write_bytes(garbage)

    done = cli("import", DAILY)

    assert done.returncode == 0, done.stderr
    line = one_line(done.stderr)
    (aside,) = home.glob("library.db.corrupt-*[0-9]")
    assert line == (
        f"paper-reader: {db} was damaged (file is not a database): moved it to {aside.name} and started a new library"
    )
    assert aside.read_bytes() == garbage  # kept as it was, never deleted
    assert count_papers(db) == 30


def test_import_into_a_newer_library_fails_with_one_line(cli, home: Path) -> None:
    db = home / "library.db"
    with Library.open(db):
        pass
    other = sqlite3.connect(db)
    other.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    other.commit()
    other.close()

    done = cli("import", DAILY)

    assert done.returncode == 1
    assert "newer" in one_line(done.stderr)


def test_import_ends_the_sample_only_state(cli, home: Path) -> None:
    # What the reader does on a first start with an empty home.
    from reader.services.sample import load_sample_if_empty

    db = home / "library.db"
    with Library.open(db) as lib:
        load_sample_if_empty(lib)
        assert is_sample_only(lib)
        sample_count = lib.count()
    assert sample_count == 31
    assert cli("import", SEARCH).returncode == 0  # the sample holds none of these
    with Library.open(db) as lib:
        assert not is_sample_only(lib)
        assert lib.count() == sample_count + 9


# --- list ----------------------------------------------------------------------------------

EVO = "2606.13681"  # 118 upvotes, the most upvoted of the day


@pytest.fixture
def imported(cli, home: Path) -> Path:
    done = cli("import", DAILY, SEARCH, OLD_ITEM)
    assert done.returncode == 0, done.stderr
    return home / "library.db"


def tab_lines(stdout: str) -> list[list[str]]:
    return [line.split("\t") for line in stdout.splitlines()]


def listed_ids(db: Path, text: str, **options: object) -> list[str]:
    with Library.open(db) as lib:
        pks = lib.select(PaperFilter(text=text, **options))  # type: ignore[arg-type]
        rows = lib.list_rows(pks)
        return [rows[pk].id for pk in pks]


def test_list_prints_id_date_upvotes_title_tab_separated(cli, imported: Path) -> None:
    done = cli("list", "sparse", "attention")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    lines = tab_lines(done.stdout)
    assert lines[0] == [MINIMAX, "2026-06-12", "103", "MiniMax Sparse Attention"]
    assert all(len(line) == 4 for line in lines)
    assert [line[0] for line in lines] == listed_ids(imported, "sparse attention")


def test_list_arguments_are_one_query(cli, imported: Path) -> None:
    split = cli("list", "title:minimax", "OR", "has:code", "upvotes>=100")
    joined = cli("list", "title:minimax OR has:code upvotes>=100")
    assert split.returncode == joined.returncode == 0
    assert split.stdout == joined.stdout
    expected = listed_ids(imported, "title:minimax OR has:code upvotes>=100")
    assert [line[0] for line in tab_lines(joined.stdout)] == expected


def test_list_without_a_query_lists_every_paper_newest_first(cli, imported: Path) -> None:
    done = cli("list")
    assert done.returncode == 0, done.stderr
    ids = [line[0] for line in tab_lines(done.stdout)]
    assert len(ids) == 40
    assert ids == listed_ids(imported, "")
    assert ids[0] == EVO


@pytest.mark.parametrize("sort", [sort.value for sort in Sort])
@pytest.mark.parametrize("reverse", [False, True])
def test_list_sort_reverse_and_limit(cli, imported: Path, sort: str, reverse: bool) -> None:
    done = cli("list", "--sort", sort, *(["--reverse"] if reverse else []), "--limit", "7", "has:code")
    assert done.returncode == 0, done.stderr
    ids = [line[0] for line in tab_lines(done.stdout)]
    assert ids == listed_ids(imported, "has:code", sort=Sort(sort), reverse=reverse)[:7]
    assert len(ids) == 7


def test_list_by_upvotes(cli, imported: Path) -> None:
    done = cli("list", "--sort", "upvotes", "--limit", "2")
    assert [line[0] for line in tab_lines(done.stdout)] == [EVO, MINIMAX]
    assert [int(line[2]) for line in tab_lines(done.stdout)] == [118, 103]


def test_list_with_no_match_exits_1_and_prints_nothing(cli, imported: Path) -> None:
    done = cli("list", "xyzzyplugh")
    assert done.returncode == 1
    assert done.stdout == "" and done.stderr == ""


@pytest.mark.parametrize(
    ("query", "column", "message"),
    [
        (["title:(x"], 1, 'title: needs a word or a "phrase"'),
        (["sparse", "(attention"], 8, "missing ')'"),
        (["foo:bar"], 1, "unknown field 'foo:'"),
        (["upvotes>=lots"], 1, "upvotes needs a number"),
        (["video", "OR"], 7, "OR needs something after it"),
    ],
)
def test_malformed_query_exits_2_naming_the_column(
    cli, imported: Path, query: list[str], column: int, message: str
) -> None:
    done = cli("list", *query)
    assert done.returncode == 2
    assert done.stdout == ""
    first, shown, caret = done.stderr.splitlines()
    assert first.startswith(f"paper-reader: query error at column {column}: ")
    assert message in first
    assert shown == "  " + " ".join(query)
    assert caret == "  " + " " * (column - 1) + "^"
    assert "Traceback" not in done.stderr


def test_malformed_query_with_control_characters_gets_no_caret_line(cli, imported: Path) -> None:
    done = cli("list", "\x1b[31m(red")
    assert done.returncode == 2
    assert done.stderr.splitlines() == ["paper-reader: query error at column 6: missing ')'"]


def test_caret_counts_wide_characters_twice(cli, imported: Path) -> None:
    done = cli("list", "注意 (a")
    assert done.returncode == 2
    assert done.stderr.splitlines()[2] == "  " + " " * 5 + "^"


def test_malformed_query_is_reported_without_a_library(cli, home: Path) -> None:
    done = cli("list", "(")
    assert done.returncode == 2
    assert "column 1" in done.stderr
    assert not (home / "library.db").exists()


def test_list_in_an_empty_home_says_there_is_no_library_and_creates_nothing(cli, home: Path) -> None:
    """No library is not "nothing matched" (issue 12, item 14): exit 2 and one line naming where it looked."""
    done = cli("list", "attention")
    assert done.returncode == 2
    assert done.stdout == ""
    assert one_line(done.stderr).startswith(f"paper-reader: no library at {home / 'library.db'} ")
    assert not (home / "library.db").exists()


def test_list_of_a_garbage_library_exits_2_with_one_line_and_leaves_it(cli, home: Path) -> None:
    garbage = b"not a database" * 100
    (home / "library.db").write_bytes(garbage)
    done = cli("list", "attention")
    assert done.returncode == 2
    line = one_line(done.stderr)
    assert str(home / "library.db") in line and "open paper-reader to move it aside" in line
    assert (home / "library.db").read_bytes() == garbage  # only commands that write recover
    assert not list(home.glob("library.db.corrupt-*"))


def test_titles_are_printed_as_plain_lines(cli, imported: Path) -> None:
    db = sqlite3.connect(imported)
    with db:
        db.execute(
            "UPDATE papers SET title = ? WHERE id = ?",
            ("Evil\ttitle\x1b[2J with\nbreaks \u202eand\x07 [b]markup[/b]", MINIMAX),
        )
    db.close()
    done = cli("list", "title:evil")
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"{MINIMAX}\t2026-06-12\t103\tEvil title with breaks and [b]markup[/b]\n"


def test_list_on_a_terminal_aligns_the_columns(home: Path, imported: Path, env: dict[str, str]) -> None:
    master, slave = pty.openpty()
    try:
        process = subprocess.run(
            [str(SCRIPT), "--home", str(home), "list", "--sort", "upvotes", "--limit", "3"],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=slave,
            stderr=subprocess.PIPE,
            timeout=TIMEOUT,
        )
        os.close(slave)
        slave = -1
        output = b""
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            output += chunk
    finally:
        if slave >= 0:
            os.close(slave)
        os.close(master)
    assert process.returncode == 0, process.stderr
    lines = output.decode("utf-8").replace("\r\n", "\n").splitlines()
    assert len(lines) == 3
    assert "\t" not in output.decode("utf-8")
    assert lines[0].startswith(f"{EVO}  2026-06-12  118  ")
    assert lines[1].startswith(f"{MINIMAX}  2026-06-12  103  MiniMax Sparse Attention")
    assert len({line.index("  2026") for line in lines}) == 1  # the date column lines up


def test_list_never_imports_textual(home: Path, imported: Path, env: dict[str, str]) -> None:
    code = (
        "import sys\n"
        "from reader.cli.main import main\n"
        f"status = main(['--home', {str(home)!r}, 'list', 'attention'])\n"
        "assert status == 0, status\n"
        "assert 'textual' not in sys.modules, 'list imported textual'\n"
    )
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=TIMEOUT)
    assert done.returncode == 0, done.stderr


def test_help_of_list_names_the_exit_statuses(cli) -> None:
    done = cli("list", "--help", home=None)
    assert done.returncode == 0
    assert "--sort {date,upvotes,stars,comments,title,rising}" in done.stdout
    assert "1 none matched" in done.stdout
    assert "list" in cli("--help", home=None).stdout


# --- where the files are -------------------------------------------------------------------


def test_paper_reader_home_env_var_is_honoured(cli, tmp_path: Path, env: dict[str, str]) -> None:
    elsewhere = tmp_path / "elsewhere"
    done = cli("import", DAILY, home=None, extra_env={"PAPER_READER_HOME": str(elsewhere)})
    assert done.returncode == 0, done.stderr
    assert count_papers(elsewhere / "library.db") == 30
    assert not list(Path(env["HOME"]).rglob("library.db"))  # not in the platform's user dirs


def test_home_option_wins_over_the_env_var(cli, home: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    done = cli("import", DAILY, extra_env={"PAPER_READER_HOME": str(elsewhere)})
    assert done.returncode == 0, done.stderr
    assert count_papers(home / "library.db") == 30
    assert not (elsewhere / "library.db").exists()


@pytest.mark.skipif(sys.platform != "linux", reason="platformdirs follows XDG_DATA_HOME only on Linux")
def test_without_home_the_platform_user_dir_is_used(cli, env: dict[str, str]) -> None:
    done = cli("import", OLD_ITEM, home=None)
    assert done.returncode == 0, done.stderr
    db = Path(env["XDG_DATA_HOME"]) / "paper-reader" / "library.db"
    assert paper_ids(db) == {"2410.17897"}


# --- config.toml ---------------------------------------------------------------------------


@pytest.mark.parametrize("command", [[], ["run"]], ids=["default", "run"])
def test_config_syntax_error_exits_2_naming_file_and_line(cli, home: Path, command: list[str]) -> None:
    (home / "config.toml").write_text('theme = "nord"\nthis is not toml\nmark_read_delay = 1\n', encoding="utf-8")

    done = cli(*command)

    assert done.returncode == 2, (done.stdout, done.stderr)
    line = one_line(done.stderr)
    assert line.startswith(f"paper-reader: {home / 'config.toml'}:2:6: "), line  # FILE:LINE:COLUMN, like a compiler
    assert "Traceback" not in done.stderr


def test_config_syntax_error_at_the_end_of_the_file_names_the_line(cli, home: Path) -> None:
    (home / "config.toml").write_text('theme = "nord"\nmark_read_delay = [', encoding="utf-8")

    done = cli()

    assert done.returncode == 2
    line = one_line(done.stderr)
    assert line.startswith(f"paper-reader: {home / 'config.toml'}:2:20: "), line
    assert line.endswith("(at the end of the file)")


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("colour = 1\n", "colour"),
        ('theme = "nord"\n[keymap]\n"app.quit" = "ctrl+q"\n[extra]\nx = 1\n', "extra"),
    ],
)
def test_config_unknown_key_exits_2(cli, home: Path, text: str, named: str) -> None:
    (home / "config.toml").write_text(text, encoding="utf-8")

    done = cli()

    assert done.returncode == 2, (done.stdout, done.stderr)
    line = one_line(done.stderr)
    assert "config.toml" in line
    assert named in line


def test_config_wrong_type_exits_2(cli, home: Path) -> None:
    (home / "config.toml").write_text('mark_read_delay = "soon"\n', encoding="utf-8")
    done = cli()
    assert done.returncode == 2
    assert "mark_read_delay" in one_line(done.stderr)


def test_broken_config_does_not_stop_import(cli, home: Path) -> None:
    (home / "config.toml").write_text("colour = 1\n", encoding="utf-8")
    done = cli("import", OLD_ITEM)
    assert done.returncode == 0, done.stderr
    assert count_papers(home / "library.db") == 1


# --- the real reader in a real terminal ----------------------------------------------------


@pytest.mark.slow
def test_console_script_opens_the_reader_in_a_terminal(home: Path, env: dict[str, str]) -> None:
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    process = subprocess.Popen(
        [str(SCRIPT), "--home", str(home)],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env={**env, "TERM": "xterm-256color", "COLUMNS": "100", "LINES": "30"},
        start_new_session=True,
        close_fds=True,
    )
    os.close(slave)
    try:
        screen = read_until(
            master, process, lambda text: "bundled sample" in text and "of 31 papers" in text, timeout=20
        )
        assert "31 of 31 papers" in screen
        os.write(master, b"q")
        code = wait_draining(master, process, timeout=10)
        assert code == 0, f"exit code {code} (None: still running 10 s after q)"
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(master)

    with Library.open(home / "library.db") as lib:
        assert lib.count() == 31
        assert is_sample_only(lib)
