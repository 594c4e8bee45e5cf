"""File names are untrusted text: every command that names a file shows it escaped, never raw (issue 13,
finding 5), and an export elsewhere leaves nothing beside the file it writes (finding 6)."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import pytest
from console import DAILY, OLD_ITEM, one_line
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.cli.main import main

HOSTILE_NAMES = ["\x1b[31mred\x1b[0m.toml", "\x1b]0;pwned\x07.toml", "bell\x07.toml", "c1\x9b2J.toml", "rtl\u202e.toml"]

BIDI = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def safe(text: str) -> bool:
    return all(char == "\n" or (unicodedata.category(char) != "Cc" and char not in BIDI) for char in text)


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_state_export_and_import_show_a_hostile_file_name_escaped(cli, home: Path, tmp_path: Path, name: str):
    assert cli("import", OLD_ITEM).returncode == 0
    target = tmp_path / name

    exported = cli("state", "export", target)
    assert exported.returncode == 0, exported.stderr
    assert safe(exported.stdout) and repr(str(target)) in exported.stdout

    imported = cli("state", "import", target)
    assert imported.returncode == 0, imported.stderr
    assert safe(imported.stdout) and repr(str(target)) in imported.stdout

    target.write_text("not = [toml", encoding="utf-8")
    broken = cli("state", "import", target)
    assert broken.returncode == 1
    assert safe(broken.stderr) and repr(str(target)) in one_line(broken.stderr)


def test_an_export_elsewhere_leaves_no_lock_file_beside_it(cli, home: Path, tmp_path: Path) -> None:
    assert cli("import", OLD_ITEM).returncode == 0
    elsewhere = tmp_path / "backups"
    elsewhere.mkdir()
    done = cli("state", "export", elsewhere / "x.toml")
    assert done.returncode == 0, done.stderr
    assert sorted(path.name for path in elsewhere.iterdir()) == ["x.toml"]


# --- property: any file name, through every command that names one --------------------------------

NAMES = st.text(
    st.characters(blacklist_categories=["Cs"], blacklist_characters="/\x00"), min_size=1, max_size=24
).filter(lambda name: name not in {".", ".."} and len(os.fsencode(name)) < 200)


@pytest.fixture(scope="module")
def shared_home(tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("home")
    assert main(["--home", str(home), "import", str(DAILY)]) == 0
    return home


@pytest.mark.slow
@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(name=NAMES, command=st.sampled_from(["import", "state import", "state export", "missing import"]))
def test_no_file_name_reaches_the_terminal_raw(
    shared_home: Path, tmp_path_factory, capsys, name: str, command: str
) -> None:
    home, path = shared_home, tmp_path_factory.mktemp("names") / name
    if command == "import":
        path.write_bytes(b"{not json")
        args = ["import", str(path)]
    elif command == "missing import":
        args = ["import", str(path)]  # no such file
    elif command == "state import":
        path.write_text("format = 1\n[papers]\nbad = 1\n", encoding="utf-8")
        args = ["state", "import", str(path)]
    else:
        args = ["state", "export", str(path)]
    capsys.readouterr()
    main(["--home", str(home), *args])
    out, err = capsys.readouterr()
    assert safe(out) and safe(err), (out, err)
    if name.isprintable():
        assert name in out + err
