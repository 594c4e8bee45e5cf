"""`paper-reader list` as a user meets it: no library, nothing matched, long titles, on a terminal and piped."""

from __future__ import annotations

import sqlite3
import unicodedata
from pathlib import Path

import pytest
from console import DAILY, MINIMAX, SCRIPT, one_line, run_on_a_terminal

LONG_TITLE = (
    "Towards Robust and Generalizable Embodied Agents: Learning to Act in Dynamic Environments "
    "with Large Language Models and World Models"
)
WIDE_TITLE = "注意力机制的稀疏化长上下文语言模型中的高效推理与训练方法研究综述"
"""Every character two cells wide: a cut that counted characters would run past the edge."""


@pytest.fixture
def imported(cli, home: Path) -> Path:
    done = cli("import", DAILY)
    assert done.returncode == 0, done.stderr
    return home / "library.db"


def retitle(db: Path, paper_id: str, title: str) -> None:
    connection = sqlite3.connect(db)
    with connection:
        connection.execute("UPDATE papers SET title = ? WHERE id = ?", (title, paper_id))
    connection.close()


def cells(text: str) -> int:
    return sum(0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


# --- no library ----------------------------------------------------------------------------


def test_a_home_that_does_not_exist_exits_2_with_one_line(cli, tmp_path: Path) -> None:
    missing = tmp_path / "nonexistent" / "x"
    done = cli("list", home=missing)
    assert done.returncode == 2
    assert done.stdout == ""
    assert one_line(done.stderr) == (
        f"paper-reader: no library at {missing / 'library.db'} (run `paper-reader sync` or open the reader first)"
    )
    assert not missing.exists()


def test_a_library_that_cannot_be_read_exits_2_with_one_line(cli, home: Path) -> None:
    """A directory where the file should be: unreadable as a database, for root too."""
    (home / "library.db").mkdir()
    done = cli("list", "attention")
    assert done.returncode == 2 and done.stdout == ""
    assert one_line(done.stderr).startswith(f"paper-reader: cannot open library {home / 'library.db'}")


# --- nothing matched -----------------------------------------------------------------------


def test_nothing_matched_on_a_terminal_says_so_on_stderr(home: Path, imported: Path, env: dict[str, str]) -> None:
    status, screen, stderr = run_on_a_terminal([str(SCRIPT), "--home", str(home), "list", "xyzzyplugh"], env)
    assert status == 1
    assert screen == ""
    assert one_line(stderr) == "paper-reader: no paper matches: xyzzyplugh"


def test_nothing_matched_when_piped_is_silent(cli, imported: Path) -> None:
    done = cli("list", "xyzzyplugh")
    assert done.returncode == 1
    assert done.stdout == "" and done.stderr == ""


# --- long titles ---------------------------------------------------------------------------


def test_a_terminal_cuts_long_titles_to_its_width(home: Path, imported: Path, env: dict[str, str]) -> None:
    retitle(imported, MINIMAX, LONG_TITLE)
    retitle(imported, "2606.13681", WIDE_TITLE)
    status, screen, stderr = run_on_a_terminal([str(SCRIPT), "--home", str(home), "list"], env, columns=80)
    assert status == 0, stderr
    lines = screen.splitlines()
    assert len(lines) == 30  # one line per paper: none broke onto a second
    assert max(cells(line) for line in lines) <= 80
    long_line = next(line for line in lines if line.startswith(MINIMAX))
    assert long_line.endswith("…") and cells(long_line) in {79, 80}  # 79: the space before the cut is dropped
    title = long_line.split("  ", 3)[3]
    assert LONG_TITLE.startswith(title[:-1])
    wide_line = next(line for line in lines if line.startswith("2606.13681"))
    assert wide_line.endswith("…") and cells(wide_line) in {79, 80}  # a wide character does not fit in one cell
    assert WIDE_TITLE.startswith(wide_line.split("  ", 3)[3][:-1])
    short = [line for line in lines if not line.endswith("…")]
    assert short and all(cells(line) < 80 for line in short)  # titles that fit are whole


def test_a_wider_terminal_shows_more_of_the_title(home: Path, imported: Path, env: dict[str, str]) -> None:
    retitle(imported, MINIMAX, LONG_TITLE)
    command = [str(SCRIPT), "--home", str(home), "list", "title:towards"]
    _, narrow, _ = run_on_a_terminal(command, env, columns=60)
    _, wide, _ = run_on_a_terminal(command, env, columns=200)
    assert cells(narrow.rstrip("\n")) in {59, 60} and narrow.rstrip("\n").endswith("…")
    assert wide.rstrip("\n").endswith(LONG_TITLE)


def test_piped_titles_are_whole(cli, imported: Path) -> None:
    retitle(imported, MINIMAX, LONG_TITLE)
    retitle(imported, "2606.13681", WIDE_TITLE)
    done = cli("list", extra_env={"COLUMNS": "80"})
    assert done.returncode == 0, done.stderr
    titles = {line.split("\t")[0]: line.split("\t")[3] for line in done.stdout.splitlines()}
    assert titles[MINIMAX] == LONG_TITLE and titles["2606.13681"] == WIDE_TITLE
    assert "…" not in done.stdout
