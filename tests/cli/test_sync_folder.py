"""The sync folder: two homes (two machines) against one folder, through the real console script, and the
service functions the reader calls every few seconds."""

from __future__ import annotations

from pathlib import Path

from console import DAILY, MINIMAX

from reader.core.marks import UserState
from reader.services.sync_folder import merge_sync_folder, sync_status, write_own_file
from reader.storage import state_codec
from reader.storage.library import Library

OTHER = "2606.00467"


def set_up_home(home: Path, folder: Path) -> None:
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text(f'sync_folder = "{folder}"\n', encoding="utf-8")


def test_two_machines_tagging_and_starring_apart_agree_once_their_files_meet(cli, tmp_path: Path) -> None:
    folder, laptop, desktop = tmp_path / "Sync", tmp_path / "laptop", tmp_path / "desktop"
    for home in (laptop, desktop):
        set_up_home(home, folder)
        assert cli("import", DAILY, home=home).returncode == 0
    # Apart: each machine changes the same paper (tags, a note) and stars another.
    with Library.open(laptop / "library.db") as library:
        library.set_tags(MINIMAX, ["rg"])
        library.star(OTHER)
    with Library.open(desktop / "library.db") as library:
        library.set_tags(MINIMAX, ["agents"])
        library.set_note(MINIMAX, "the desktop's note")
    # Their state goes to the folder when they next run a command (the reader writes after each change).
    for home in (laptop, desktop):
        done = cli("state", "import", state_file_of(home, tmp_path), home=home)
        assert done.returncode == 0, done.stderr
    files = sorted(path.name for path in folder.iterdir() if path.suffix == ".toml")
    assert len(files) == 2 and all(name.startswith("state-") for name in files)  # one file per machine, by name
    # Every command merges the others' files first: both now agree.
    for home in (laptop, desktop):
        assert cli("list", "tag:rg", home=home).returncode == 0
        with Library.open(home / "library.db") as library:
            assert library.tags(MINIMAX) == ("agents", "rg")
            assert library.note(MINIMAX) == "the desktop's note"
            assert library.state(OTHER).starred
    status = cli("state", "status", home=laptop)
    assert status.returncode == 0
    assert f"Sync folder: {folder}" in status.stdout
    assert "merged 20" in status.stdout and "changed" in status.stdout


def state_file_of(home: Path, tmp_path: Path) -> Path:
    """An empty state file: `state import` of it changes nothing here but writes this machine's sync file."""
    path = tmp_path / f"{home.name}-empty.toml"
    path.write_text("format = 1\n[papers]\n", encoding="utf-8")
    return path


def test_a_broken_file_in_the_folder_is_one_line_and_shown_in_status(cli, tmp_path: Path) -> None:
    folder, home = tmp_path / "Sync", tmp_path / "home"
    set_up_home(home, folder)
    assert cli("import", DAILY, home=home).returncode == 0
    folder.mkdir(exist_ok=True)
    (folder / "state-phone.toml").write_text("this is = not toml [\n", encoding="utf-8")
    done = cli("list", "minimax", home=home)
    assert done.returncode == 0
    assert done.stderr.splitlines() == [done.stderr.strip()] and "state-phone.toml" in done.stderr
    assert cli("list", "minimax", home=home).stderr == ""  # not read again until it changes
    status = cli("state", "status", home=home).stdout
    assert "phone: state-phone.toml" in status and "not merged:" in status


def test_the_service_functions_the_reader_calls(tmp_path: Path, monkeypatch) -> None:
    folder = tmp_path / "Sync"
    monkeypatch.setenv("PAPER_READER_MACHINE", "laptop")
    with Library.open(tmp_path / "laptop.db") as laptop:
        laptop.set_tags(MINIMAX, ["rg"])
        assert write_own_file(laptop, folder) == folder / "state-laptop.toml"
        assert write_own_file(laptop, folder) is None  # unchanged: not written again
    monkeypatch.setenv("PAPER_READER_MACHINE", "desktop")
    with Library.open(tmp_path / "desktop.db") as desktop:
        first = merge_sync_folder(desktop, folder)
        assert first.anything_changed and [m.machine for m in first.merged] == ["laptop"]
        assert desktop.tags(MINIMAX) == ("rg",)
        assert (folder / "state-desktop.toml").exists()  # written because the merge changed something
        assert not merge_sync_folder(desktop, folder).merged  # nothing new: one stat per file
        state = state_codec.read_state(folder / "state-laptop.toml")
        assert isinstance(state, UserState) and desktop.merge_state(state) == 0
        (status,) = sync_status(desktop, folder)
        assert status.machine == "laptop" and status.merged_at and status.changed == 1


def test_two_homes_on_one_machine_get_two_file_names(cli, tmp_path: Path) -> None:
    folder = tmp_path / "Sync"
    names = []
    for name in ("one", "two"):
        home = tmp_path / name
        set_up_home(home, folder)
        assert cli("import", DAILY, home=home).returncode == 0
        assert cli("state", "import", state_file_of(home, tmp_path), home=home).returncode == 0
        names.append(cli("state", "status", home=home).stdout.split("This machine: ")[1].split(",")[0])
    assert len(set(names)) == 2 and names[1] == f"{names[0]}-2"
