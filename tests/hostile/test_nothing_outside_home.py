"""After an import and a walk of every paper, no file exists outside the home directory that was not
there before, and only http(s) links were opened."""

from __future__ import annotations

import shlex
from pathlib import Path

import hostile_pilot
import pytest
from conftest import DEAD_API_URL
from hostile_corpus import CORPUS_IDS, WRONG_KEPT, assert_plain_stderr, write_corpus
from hostile_pilot import Notes, assert_main_screen_running, detail_strips, live_styles, opened
from hostile_text_cases import WIDE, forbidden

from reader.core.config import Config
from reader.sources.client import ClientSettings
from reader.storage.library import Library
from reader.tui.app import PaperReaderApp
from reader.tui.widgets.paper_list import PaperList

# pytest finds fixtures among a module's names: these are the hostile tests' shared ones.
no_graphical_browser = hostile_pilot.no_graphical_browser


# -- no file outside the home directory, no link but http(s) opened ---------------------------

HOME_FILES = {"library.db", "library.db-wal", "library.db-shm", "state.toml", "config.toml"}
"""What the reader may leave in its home directory."""


def tree(root: Path) -> set[Path]:
    """Every file and directory under `root`."""
    return set(root.rglob("*"))


def created_outside(root: Path, before: set[Path], home: Path, *instruments: Path) -> list[str]:
    """What appeared under `root` since `before` and is neither a reader's file in `home` nor the test's own."""
    created = tree(root) - before
    return sorted(str(path) for path in created
                  if not (path.parent == home and path.name in HOME_FILES) and path not in instruments)  # fmt: skip


@pytest.fixture
def quick_browser(browser: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The `browser` fixture's log, written by a shell script: ~700 links open in seconds, not minutes."""
    script = tmp_path / "quick-browser"
    script.write_text(f'#!/bin/sh\nfor url; do :; done\nprintf "%s\\n" "$url" >> {shlex.quote(str(browser))}\n')
    script.chmod(0o755)
    monkeypatch.setenv("PAPER_READER_BROWSER", str(script))
    return browser


class TestNothingOutsideHome:
    @pytest.mark.slow
    async def test_import_and_every_pane_and_key_write_only_in_home_and_open_only_web_links(
        self, cli, home: Path, tmp_path: Path, quick_browser: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        browser = quick_browser
        # The working directory and the user's own directories are empty ones under tmp_path,
        # for the console script (see console.env) and for the app in this process alike.
        user = tmp_path / "user"
        for name, path in (("HOME", user), ("XDG_DATA_HOME", user / "data"), ("XDG_CONFIG_HOME", user / "config"),
                           ("XDG_CACHE_HOME", user / "cache"), ("XDG_STATE_HOME", user / "state")):  # fmt: skip
            monkeypatch.setenv(name, str(path))
        cwd = tmp_path / "cwd"
        cwd.mkdir()
        monkeypatch.chdir(cwd)
        files = write_corpus(tmp_path / "corpus")
        before = tree(tmp_path)

        done = cli("import", *files)
        assert done.returncode == 0
        assert_plain_stderr(done.stderr)

        library = Library.open(home / "library.db")
        quick_retries = ClientSettings(api_url=DEAD_API_URL, backoff=0.01, max_backoff=0.05)  # for R
        app = PaperReaderApp(
            library, Config(mark_read_delay=0), config_path=home / "config.toml", client_settings=quick_retries
        )
        notes = Notes(app)
        links: set[str] = set()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            papers = app.query_one(PaperList)
            assert len(papers.pks) == len(CORPUS_IDS)
            for index in range(len(papers.pks)):
                papers.move_to(index)
                await pilot.pause()
                paper = app.main_screen.current
                assert paper is not None
                links |= {link.url for link in paper.links}
                # Every link (1-9 work from the list too) and the first number without one; a key
                # costs the pilot ~0.1 s, so the detail's own keys go to the hostile-text papers only
                # (TestEveryKey walks those one by one already).
                keys = [str(n) for n in range(1, min(len(paper.links) + 1, 9) + 1)]
                if paper.id not in WRONG_KEPT:
                    keys = ["enter", "space", "G", "s", "m", "y", "o", "h", "a", *keys, "escape"]
                await pilot.press(*keys)
                await app.workers.wait_for_complete()
                assert live_styles(detail_strips(app)) == []
                assert papers.has_focus
                assert_main_screen_running(app)

            # The panes and keys that are not about one paper.
            for keys in (("question_mark", "j", "k", "escape"), ("ctrl+p", *"[@cl", "escape"),
                         ("S", "S", "U", "U", "C", "C"), ("O", "O", "O", "r", "r"),
                         ("left_square_bracket", "right_square_bracket", "T", "T", "T", "T"),
                         ("n", "N", "G", "g", "pagedown", "pageup", "end", "home")):  # fmt: skip
                await pilot.press(*keys)
                await pilot.pause()
                assert_main_screen_running(app)
            # A view saved under a hostile name: config.toml in the home, the name drawn plainly.
            await pilot.press("slash", *"Plain", "enter", "V", *"[@click=app.quit]v[/]", "enter")
            await pilot.pause()
            assert (home / "config.toml").is_file()
            await pilot.press("v", "escape", "R")
            await app.workers.wait_for_complete()
            await pilot.pause()
            screenshot = app.export_screenshot()
            assert "\x1b" not in screenshot and not forbidden(screenshot.replace("\t", "").replace("\r", ""))
            assert_main_screen_running(app)
        library.close()

        assert not forbidden("".join(message + title for message, title, _ in notes.calls))
        urls = opened(browser)
        assert urls, "no link was opened at all"
        for url in urls:
            assert url.startswith(("https://", "http://")), f"opened a non-web link: {url!r}"
        assert set(urls) == links, "every link of every paper, and nothing else"

        assert created_outside(tmp_path, before, home, browser) == []
        assert list(cwd.iterdir()) == []

    def test_the_snapshot_would_catch_a_library_in_the_working_directory(
        self, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Control: a file the program writes beside the user (a relative path) is caught, so the walk can fail."""
        monkeypatch.chdir(tmp_path / "home")
        before = tree(tmp_path)
        Library.open(Path("library.db")).close()
        (home / "notes.txt").write_text("not one of the reader's files")
        monkeypatch.chdir(tmp_path)
        Library.open(Path("library.db")).close()
        assert created_outside(tmp_path, before, home) == [str(home / "notes.txt"), str(tmp_path / "library.db")]
