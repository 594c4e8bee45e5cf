"""The sync folder in the real reader: two homes, one folder; each merges the other's file, order-free."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from conftest import load_fixture

from reader.services.sync_folder import merge_sync_folder, write_own_file
from reader.sources.hf_api import parse_feed
from reader.storage.library import Library
from reader.tui import sync_watch

WIDE = (120, 40)


def messages(app) -> list[str]:
    return [notification.message for notification in app._notifications]


async def until(pilot, condition, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the app never got there"
        await pilot.pause()


@pytest.fixture
def other_home(tmp_path: Path):
    """The second machine: its own library of the same papers."""
    other = Library.open(tmp_path / "other-home" / "library.db")
    other.import_papers(parse_feed(load_fixture("hf_daily_2026-06-12.json")).papers)
    yield other
    other.close()


async def test_two_homes_share_marks_tags_and_notes_through_one_folder(
    make_app, library: Library, other_home: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PAPER_READER_MACHINE", raising=False)
    monkeypatch.setattr(sync_watch, "POLL_SECONDS", 0.2)  # the reader's poll, quicker for the test
    folder = tmp_path / "Sync" / "paper-reader"
    first, second = (library.paper(pk).id for pk in library.select()[2:4])
    other_home.star(first)
    other_home.set_tags(first, ["rg"])
    other_home.set_note(first, "from the laptop")
    assert write_own_file(other_home, folder) is not None

    app = make_app(sync_folder=str(folder), mark_read_delay=60)
    async with app.run_test(size=WIDE, notifications=True) as pilot:
        # At start: the other machine's file is merged, the list shows it.
        assert library.state(first).starred and library.tags(first) == ("rg",)
        assert library.note(first) == "from the laptop"
        assert any(m.startswith("Sync folder: 1 paper changed by") for m in messages(app))
        await pilot.pause()
        assert "★" in app.main_screen.paper_list.render_line(2).text
        # While it runs: a change written there shows within a poll.
        other_home.star(second)
        write_own_file(other_home, folder)
        await until(pilot, lambda: library.state(second).starred)
        await until(pilot, lambda: "★" in app.main_screen.paper_list.render_line(3).text)
        # This machine's star reaches the folder with the state export, and the other machine merges it.
        await pilot.press("s")
        ours = app.main_screen.current.id
        app.main_screen.export.start_now()
        await app.workers.wait_for_complete()
    own = sorted(path.name for path in folder.iterdir() if path.suffix == ".toml")
    assert len(own) == 2, own
    result = merge_sync_folder(other_home, folder)
    assert result.anything_changed and other_home.state(ours).starred
    assert other_home.state(first).starred and other_home.note(first) == "from the laptop"


async def test_a_broken_file_in_the_folder_is_said_once(
    make_app, library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sync_watch, "POLL_SECONDS", 0.1)
    folder = tmp_path / "Sync"
    folder.mkdir()
    (folder / "state-elsewhere.toml").write_text("this is [not toml", encoding="utf-8")
    app = make_app(sync_folder=str(folder), mark_read_delay=60)
    async with app.run_test(size=WIDE, notifications=True) as pilot:
        started = time.monotonic()
        await until(pilot, lambda: time.monotonic() - started > 0.5)  # a few polls
        said = [m for m in messages(app) if "state-elsewhere.toml" in m]
        assert len(said) == 1, said
