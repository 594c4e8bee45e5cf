"""`paper-reader export` through the real console script: formats, the default (starred), bad input, atomic writes."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from console import DAILY, MINIMAX, one_line

from reader.storage.library import Library


@pytest.fixture
def stocked(cli, home: Path) -> Path:
    assert cli("import", DAILY).returncode == 0
    with Library.open(home / "library.db") as library:
        library.star(MINIMAX)
        library.set_tags(MINIMAX, ["rg"])
        library.set_note(MINIMAX, "read for Friday")
    return home


def test_no_query_exports_the_starred_papers_with_tags_and_note(cli, stocked: Path) -> None:
    done = cli("export", "--format", "json")
    assert done.returncode == 0, done.stderr
    papers = json.loads(done.stdout)["papers"]
    assert [paper["id"] for paper in papers] == [MINIMAX]
    assert papers[0]["tags"] == ["rg"] and papers[0]["note"] == "read for Friday"


def test_a_query_exports_its_papers_in_list_order_to_a_file(cli, stocked: Path, tmp_path: Path) -> None:
    out = tmp_path / "list.bib"
    done = cli("export", "--format", "bibtex", "--output", out, "date:2026-06-12")
    assert done.returncode == 0, done.stderr
    listed = cli("list", "date:2026-06-12").stdout.splitlines()
    text = out.read_text(encoding="utf-8")
    eprints = [line.split("{")[1].rstrip("},") for line in text.splitlines() if line.startswith("  eprint")]
    assert eprints == [line.split("\t")[0] for line in listed]
    assert one_line(done.stderr) == f"Exported {len(listed)} papers to {out}"


def test_a_view_can_be_exported(cli, stocked: Path) -> None:
    (stocked / "config.toml").write_text('[views]\n"Reading group" = "tag:rg"\n', encoding="utf-8")
    done = cli("export", "--format", "csv", "--view", "reading GROUP")
    assert done.returncode == 0, done.stderr
    rows = list(csv.reader(io.StringIO(done.stdout)))
    assert [row[0] for row in rows] == ["id", MINIMAX]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--format", "docx"],
            "paper-reader: unknown format 'docx' (formats: bibtex, ris, csl-json, markdown, csv, json)",
        ),
        (["--view", "Nope"], "paper-reader: no view named 'Nope'"),
        (["title:"], "paper-reader: query error at column 1"),
        (["--view", "Starred", "video"], "paper-reader: give a view or a query, not both"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(cli, stocked: Path, args: list[str], message: str) -> None:
    done = cli("export", *args)
    assert done.returncode == 2
    assert done.stderr.splitlines()[0].startswith(message)
    assert done.stdout == ""


def test_an_existing_file_is_kept_without_force(cli, stocked: Path, tmp_path: Path) -> None:
    out = tmp_path / "mine.md"
    out.write_text("my own file\n", encoding="utf-8")
    done = cli("export", "--format", "markdown", "--output", out)
    assert done.returncode == 2
    assert one_line(done.stderr) == f"paper-reader: {out} exists (use --force to replace it); nothing written"
    assert out.read_text(encoding="utf-8") == "my own file\n"
    assert cli("export", "--format", "markdown", "--output", out, "--force").returncode == 0
    assert "MiniMax" in out.read_text(encoding="utf-8")


def test_an_unwritable_output_is_exit_1_and_nothing_half_written(cli, stocked: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder\n", encoding="utf-8")
    done = cli("export", "--output", blocker / "out.bib")  # a folder that cannot be: a file is in the way
    assert done.returncode == 1
    assert one_line(done.stderr).startswith(f"paper-reader: cannot write {blocker / 'out.bib'}: ")
    assert blocker.read_text(encoding="utf-8") == "not a folder\n"
    folder = tmp_path / "a-folder"
    folder.mkdir()
    done = cli("export", "--output", folder, "--force")
    assert done.returncode == 1 and one_line(done.stderr).startswith(f"paper-reader: cannot write {folder}: ")
    assert list(folder.iterdir()) == [] and list(tmp_path.glob(".*.tmp")) == []
    done = cli("export", "--output", tmp_path / "missing-dir" / "x" / "out.bib")
    assert done.returncode == 0  # missing folders are made, as for state.toml


def test_no_library_exports_an_empty_file(cli, tmp_path: Path) -> None:
    done = cli("export", "--format", "csv")
    assert done.returncode == 0 and done.stdout.startswith("id,title,")
