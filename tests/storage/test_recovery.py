"""Damaged files, an unwritable home, a full disk, and `state export/import`: the real console script, real files."""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import os
import resource
import signal
import sqlite3
import stat
import struct
import subprocess
import termios
from collections.abc import Callable, Iterator
from pathlib import Path

import console
import pytest
from conftest import FIXTURES
from console import DAILY, MINIMAX, OLD_ITEM, one_line

from reader.core.marks import Mark
from reader.sources.hf_api import parse_feed_text
from reader.storage import state_codec as state_file
from reader.storage.library import Library
from reader.storage.recovery import check_library, damaged_marker
from reader.storage.state_export import export_library

OTHER = "2606.12730"


def library_with_marks(home: Path) -> dict:
    """A library of the 2026-06-12 list with one star and one read mark, and its automatic state.toml."""
    with Library.open(home / "library.db") as library:
        library.import_papers(parse_feed_text(DAILY.read_bytes()).papers)
        library.star(MINIMAX)
        library.mark_read(OTHER)
        export_library(library, home / "state.toml")
        return library.marks()


def marks_of(db: Path) -> dict:
    with Library.open(db) as library:
        return library.marks()


# --- a damaged library -----------------------------------------------------------------------


class TestDamagedLibrary:
    def test_a_truncated_library_is_moved_aside_and_the_marks_come_back(self, cli, home: Path) -> None:
        marks = library_with_marks(home)
        db = home / "library.db"
        size = db.stat().st_size
        with db.open("r+b") as file:
            file.truncate(size // 2)
        damaged = db.read_bytes()

        done = cli("import", OLD_ITEM)

        assert done.returncode == 0, done.stderr
        (aside,) = home.glob("library.db.corrupt-*[0-9]")  # beside it, its -wal and -shm if any
        assert one_line(done.stderr) == (
            f"paper-reader: {db} was damaged (database disk image is malformed): moved it to {aside.name} and "
            "started a new library; restored the read and star marks of 2 papers"
        )
        assert aside.read_bytes() == damaged
        assert marks_of(db) == marks
        with Library.open(db) as library:
            assert library.count() == 1 and library.integrity_ok()
            assert library.state(MINIMAX).starred  # the paper itself comes back with the next sync

    def test_garbage_loses_nothing_of_state_toml(self, cli, home: Path) -> None:
        marks = library_with_marks(home)
        (home / "library.db").write_bytes(b"\x00garbage" * 5000)
        for suffix in ("-wal", "-shm"):
            (home / f"library.db{suffix}").unlink(missing_ok=True)

        done = cli("import", DAILY)

        assert done.returncode == 0, done.stderr
        assert "file is not a database" in one_line(done.stderr)
        assert marks_of(home / "library.db") == marks

    def test_marks_made_after_the_last_export_are_salvaged_from_the_damaged_file(self, cli, home: Path) -> None:
        library_with_marks(home)
        db = home / "library.db"
        with Library.open(db) as library:
            library.star(OTHER)  # after state.toml was written
            expected = library.marks()
        with db.open("r+b") as file:  # damage inside: the papers and their index, not the small state table
            file.seek(db.stat().st_size // 2)  # past the pages an open reads (the schema has grown)
            file.write(b"\xde\xad" * 40000)
        with Library.open(db) as library:
            assert library.count() == 30  # opening reads the first pages only: the damage goes unseen
        assert check_library(db) is not None  # the reader's background check finds it and leaves the marker
        assert damaged_marker(db).exists()

        # The dead local API, tried 4 times at once: the list fails, the recovery does not.
        done = cli("sync", "--date", "2026-06-12", extra_env={"PAPER_READER_RETRY_BACKOFF": "0"})

        assert "was damaged" in done.stderr, done.stderr
        assert marks_of(db) == expected
        assert not damaged_marker(db).exists()

    def test_a_marker_left_for_a_sound_library_is_dropped(self, cli, home: Path) -> None:
        marks = library_with_marks(home)
        damaged_marker(home / "library.db").write_text("stale\n", encoding="utf-8")
        done = cli("import", OLD_ITEM)
        assert done.returncode == 0 and done.stderr == ""
        assert not damaged_marker(home / "library.db").exists()
        assert marks_of(home / "library.db") == marks

    def test_an_empty_library_file_takes_the_marks_from_state_toml(self, cli, home: Path) -> None:
        marks = library_with_marks(home)
        for name in ("library.db", "library.db-wal", "library.db-shm"):
            (home / name).unlink(missing_ok=True)
        (home / "library.db").write_bytes(b"")  # cut to nothing: SQLite takes it for a new database

        done = cli("import", OLD_ITEM)

        assert done.returncode == 0, done.stderr
        assert one_line(done.stderr) == "paper-reader: restored the read and star marks of 2 papers"
        assert marks_of(home / "library.db") == marks

    def test_a_broken_state_toml_is_named_and_the_reader_still_starts_clean(self, cli, home: Path) -> None:
        (home / "library.db").write_bytes(b"not a database" * 100)
        (home / "state.toml").write_text('[papers]\n"2606.13392" = { starred = tru', encoding="utf-8")

        done = cli("import", OLD_ITEM)

        assert done.returncode == 0, done.stderr
        line = one_line(done.stderr)
        assert "moved it to library.db.corrupt-" in line
        assert f"could not restore marks from {home / 'state.toml'}:2:" in line
        (kept,) = home.glob("state.toml.broken-*")
        assert f"(kept as {kept.name})" in line
        assert cli("state", "export").returncode == 0  # the automatic export writes state.toml anew ...
        assert kept.read_text(encoding="utf-8").endswith("tru")  # ... and the broken one is left for the user to mend

    def test_a_library_without_marks_takes_them_from_state_toml(self, cli, home: Path) -> None:
        """A crash between starting a library anew and restoring its marks: the next start restores them."""
        marks = library_with_marks(home)
        with sqlite3.connect(home / "library.db") as connection:
            connection.execute("DELETE FROM state")
        connection.close()

        done = cli("import", OLD_ITEM)

        assert done.returncode == 0, done.stderr
        assert one_line(done.stderr) == "paper-reader: restored the read and star marks of 2 papers"
        assert marks_of(home / "library.db") == marks

    def test_the_reader_recovers_and_says_so_on_screen(self, home: Path, env: dict[str, str]) -> None:
        library_with_marks(home)
        (home / "library.db").write_bytes(b"not a database" * 100)
        with reader_in_terminal(home, env) as (master, process):
            screen = console.read_until(master, process, lambda text: "Library recovered" in text, timeout=20)
            assert "moved it to library.db.corrupt-" in screen.replace("\n", "")
            os.write(master, b"q")
            assert console.wait_draining(master, process, timeout=10) == 0
        assert marks_of(home / "library.db")[MINIMAX]["starred"].on


@pytest.mark.slow
def test_damage_found_while_reading_quits_with_one_line_and_the_next_start_recovers(
    home: Path, env: dict[str, str]
) -> None:
    marks = library_with_marks(home)
    db = home / "library.db"
    with db.open("r+b") as file:  # damage inside the file, past the schema's pages: opening it still works
        file.seek(50 * 4096)
        file.write(b"\xde\xad" * (70 * 4096 // 2))  # 70 pages of the papers' rows: the list meets them

    with reader_in_terminal(home, env) as (master, process):
        # Read pages (the last, the first, ...) until a damaged one is met: the reader quits with one line.
        # Should the background check find the damage first, the reader only says so and goes on reading.
        screen = console.press_until_exit(master, process, b"Gg", timeout=60)
        code = process.returncode
    assert code == 1, screen
    assert f"paper-reader: {db} is damaged (" in screen.replace("\n", "")
    assert "start paper-reader again to move it aside and restore your marks" in screen.replace("\n", "")
    assert "Traceback" not in screen
    assert damaged_marker(db).exists()

    with reader_in_terminal(home, env) as (master, process):
        screen = console.read_until(master, process, lambda text: "Library recovered" in text, timeout=20)
        assert "was damaged (" in screen and "moved it to library.db.corrupt-" in screen.replace("\n", "")
        os.write(master, b"q")
        assert console.wait_draining(master, process, timeout=10) == 0
    assert marks_of(db) == marks
    assert len(list(home.glob("library.db.corrupt-*[0-9]"))) == 1


@contextlib.contextmanager
def reader_in_terminal(home: Path, env: dict[str, str]) -> Iterator[tuple[int, subprocess.Popen[bytes]]]:
    """The real reader in a 120x40 pseudo-terminal: (its terminal's master fd, the process)."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    process = subprocess.Popen(
        [str(console.SCRIPT), "--home", str(home), "--no-refresh"],
        stdin=slave, stdout=slave, stderr=slave,
        env={**env, "TERM": "xterm-256color", "COLUMNS": "120", "LINES": "40"},
        start_new_session=True, close_fds=True,
    )  # fmt: skip
    os.close(slave)
    try:
        yield master, process
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(master)


# --- state export and import -----------------------------------------------------------------


class TestStateCommands:
    def test_export_writes_state_toml_beside_the_library_by_default(self, cli, home: Path) -> None:
        marks = library_with_marks(home)
        (home / "state.toml").unlink()

        done = cli("state", "export")

        assert done.returncode == 0, done.stderr
        assert done.stdout == f"Exported the marks of 2 papers to {home / 'state.toml'}\n"
        assert state_file.read(home / "state.toml") == marks

    def test_export_to_a_file_and_to_stdout(self, cli, home: Path, tmp_path: Path) -> None:
        marks = library_with_marks(home)
        assert cli("state", "export", tmp_path / "backup.toml").returncode == 0
        assert state_file.read(tmp_path / "backup.toml") == marks
        printed = cli("state", "export", "-")
        assert printed.returncode == 0, printed.stderr
        assert state_file.parse(printed.stdout) == marks
        lines = printed.stdout[printed.stdout.index("[papers]") :].splitlines()[1:]
        assert [line.split('"')[1] for line in lines] == sorted(marks)  # one paper per line, sorted

    def test_import_merges_the_later_change_of_each_mark(self, cli, home: Path, tmp_path: Path) -> None:
        library_with_marks(home)  # MINIMAX starred and OTHER read, today
        laptop = tmp_path / "laptop.toml"
        state_file.write(
            laptop,
            {
                MINIMAX: {"starred": Mark("2020-01-01T00:00:00.000Z", False)},  # older: ours stays
                OTHER: {"read": Mark("2999-01-01T00:00:00.000Z", False)},  # newer: theirs wins
                "2410.17897": {"starred": Mark("2025-01-01T00:00:00.000Z", True)},  # not in the library yet
            },
            exported_at="2025-01-01T00:00:00.000Z",
        )

        done = cli("state", "import", laptop)

        assert done.returncode == 0, done.stderr
        assert done.stdout == f"Read the marks of 3 papers from {laptop}: 2 changed, 1 already up to date.\n"
        marks = marks_of(home / "library.db")
        assert marks[MINIMAX]["starred"].on and not marks[OTHER]["read"].on and marks["2410.17897"]["starred"].on
        assert state_file.read(home / "state.toml") == marks  # the automatic export follows
        again = cli("state", "import", laptop)
        assert "0 changed, 3 already up to date" in again.stdout

    @pytest.mark.parametrize(
        ("content", "expected"),
        [
            ('[papers]\n"2606.13392" = { starred = true, starred_changed = "2026-06-12T08:00:00Z" ', ":2:"),
            ('[papers]\n"/etc/passwd" = { starred = true, starred_changed = "2026-06-12T08:00:00Z" }\n', "arXiv id"),
        ],
    )
    def test_a_bad_file_changes_nothing(self, cli, home: Path, tmp_path: Path, content: str, expected: str) -> None:
        marks = library_with_marks(home)
        before = (home / "state.toml").read_bytes()
        bad = tmp_path / "bad.toml"
        bad.write_text(content, encoding="utf-8")

        done = cli("state", "import", bad)

        assert done.returncode == 1
        line = one_line(done.stderr)
        assert line.startswith(f"paper-reader: {bad}") and expected in line and line.endswith("nothing imported")
        assert marks_of(home / "library.db") == marks
        assert (home / "state.toml").read_bytes() == before

    def test_state_needs_an_action(self, cli) -> None:
        done = cli("state")
        assert done.returncode == 2 and "export" in done.stderr and "Traceback" not in done.stderr


# --- an unwritable home and a full disk ---------------------------------------------------------


def _drop_root_overrides() -> None:
    """In the child: without CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH, root obeys permission bits too."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP: gone at the exec that follows
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


@pytest.fixture
def as_user() -> Callable[[], None] | None:
    """What the child runs first so that a read-only directory is read-only to it, even as root."""
    if os.geteuid() != 0:
        return None
    return _drop_root_overrides


@pytest.fixture
def read_only(home: Path) -> Iterator[Path]:
    """The home made read-only (r-x), restored afterwards so pytest can clean up."""
    home.chmod(stat.S_IRUSR | stat.S_IXUSR)
    yield home
    home.chmod(stat.S_IRWXU)


def run_cli(env: dict[str, str], *args: str | Path, before: Callable[[], None] | None = None):
    return subprocess.run(
        [str(console.SCRIPT), *map(str, args)],
        env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60, preexec_fn=before,
    )  # fmt: skip


class TestUnwritableHome:
    @pytest.mark.parametrize("command", [["import", DAILY], ["sync", "--date", "2026-06-12"], ["run"]])
    def test_a_new_library_cannot_be_made(self, env, read_only: Path, as_user, command: list) -> None:
        done = run_cli(env, "--home", read_only, *command, before=as_user)
        assert done.returncode == 1, (done.stdout, done.stderr)
        assert one_line(done.stderr) == (
            f"paper-reader: cannot create library {read_only / 'library.db'}: "
            f"cannot write in {read_only} (permission denied)"
        )
        assert list(read_only.iterdir()) == []

    def test_a_home_that_cannot_be_created(self, env, read_only: Path, as_user) -> None:
        done = run_cli(env, "--home", read_only / "sub", "import", DAILY, before=as_user)
        assert done.returncode == 1
        assert "Permission denied" in one_line(done.stderr) and "Traceback" not in done.stderr

    def test_an_export_that_cannot_be_written_keeps_the_old_file(self, env, home: Path, as_user) -> None:
        library_with_marks(home)
        before = (home / "state.toml").read_bytes()
        target = home / "locked"
        target.mkdir()
        (target / "state.toml").write_bytes(before)
        target.chmod(stat.S_IRUSR | stat.S_IXUSR)
        try:
            done = run_cli(env, "--home", home, "state", "export", target / "state.toml", before=as_user)
        finally:
            target.chmod(stat.S_IRWXU)
        assert done.returncode == 1
        assert "Traceback" not in done.stderr and "nothing written" in one_line(done.stderr)
        assert sorted(path.name for path in target.iterdir()) == ["state.toml"]
        assert (target / "state.toml").read_bytes() == before


def _full_disk_at(size: int) -> Callable[[], None]:
    """In the child: any file write past `size` bytes fails (EFBIG), as on a disk that has filled up."""

    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # fail the write instead of killing the process
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))

    return limit


class TestFullDisk:
    def test_an_import_that_cannot_be_written_changes_nothing(self, env, home: Path) -> None:
        library_with_marks(home)
        db = home / "library.db"
        dump_before = _dump(db)
        bigger = home.parent / "bigger.json"
        bigger.write_text(
            (FIXTURES / "hf_search_kazakh.json").read_text(encoding="utf-8"), encoding="utf-8"
        )  # papers not yet in the library: the write must grow the files

        done = run_cli(env, "--home", home, "import", bigger, before=_full_disk_at(40_000))

        assert done.returncode == 1, (done.stdout, done.stderr)
        line = one_line(done.stderr)
        assert line.startswith(f"paper-reader: cannot write library {db}:") and "nothing was changed" in line
        assert _dump(db) == dump_before
        with Library.open(db) as library:
            assert library.integrity_ok()

    def test_a_new_library_on_a_full_disk_leaves_no_file(self, env, home: Path) -> None:
        done = run_cli(env, "--home", home, "import", DAILY, before=_full_disk_at(0))
        assert done.returncode == 1
        assert "disk" in one_line(done.stderr) and "Traceback" not in done.stderr
        assert list(home.iterdir()) == []

    def test_an_export_on_a_full_disk_keeps_the_old_file_and_leaves_no_temporary(self, env, home: Path) -> None:
        library_with_marks(home)
        before = (home / "state.toml").read_bytes()
        with Library.open(home / "library.db") as library:  # a year of reading: 3,000 read marks
            read = Mark("2025-01-01T00:00:00.000Z", True)
            library.merge_marks({f"2501.{n:05d}": {"read": read} for n in range(3000)})

        done = run_cli(env, "--home", home, "state", "export", before=_full_disk_at(100_000))

        assert done.returncode == 1
        line = one_line(done.stderr)
        assert "nothing written" in line and "Traceback" not in done.stderr
        assert (home / "state.toml").read_bytes() == before
        assert not list(home.glob(".state.toml*.tmp"))


def _dump(db: Path) -> dict[str, list]:
    connection = sqlite3.connect(db)
    try:
        tables = [name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                                          "AND name NOT LIKE 'papers_fts%'")]  # fmt: skip
        return {table: connection.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall() for table in tables}
    finally:
        connection.close()


class TestDamagedInAReadOnlyHome:
    def test_a_damaged_library_that_cannot_be_moved_is_one_line(self, env, home: Path, as_user) -> None:
        garbage = b"not a database" * 100
        (home / "library.db").write_bytes(garbage)
        home.chmod(stat.S_IRUSR | stat.S_IXUSR)
        try:
            done = run_cli(env, "--home", home, "import", DAILY, before=as_user)
        finally:
            home.chmod(stat.S_IRWXU)
        assert done.returncode == 1
        line = one_line(done.stderr)
        assert "is damaged (file is not a database) and cannot be moved aside: Permission denied" in line
        assert (home / "library.db").read_bytes() == garbage
