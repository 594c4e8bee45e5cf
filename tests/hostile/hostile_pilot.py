"""Fixtures and helpers of the hostile tests: a library of hostile papers, the app, what it drew."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from hostile_text_cases import ITEMS, NUMBERED, paper_id, squash
from rich.console import Console
from textual.app import App
from textual.screen import ModalScreen
from textual.strip import Strip

from reader.core.config import Config
from reader.core.paper import Paper
from reader.sources.hf_api import parse_feed_text
from reader.storage.library import Library
from reader.tui.app import PaperReaderApp
from reader.tui.widgets.detail import PaperDetail
from reader.tui.widgets.paper_list import PaperList

# -- fixtures ----------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def no_graphical_browser(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests run headless: no display, no configured browser, so links are copied, never opened."""
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "PAPER_READER_BROWSER", "SSH_CONNECTION", "SSH_CLIENT", "SSH_TTY"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="session")
def hostile_library_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A closed library.db holding every hostile paper, imported through the real parser once per test process
    (parsing and importing the 200 KB feed took ~50 ms of each of 140 tests; a copy of the file ~2 ms)."""
    feed_text = json.dumps(ITEMS, ensure_ascii=False)  # as the API would send it: JSON escapes every control
    assert len(feed_text.encode("utf-8")) > 200_000
    feed = parse_feed_text(feed_text)
    assert feed.skipped == []
    path = tmp_path_factory.mktemp("hostile") / "library.db"
    with Library.open(path) as lib:
        result = lib.import_papers(feed.papers)
    assert sorted(result.added) == sorted(paper_id(n) for n, _ in NUMBERED)
    assert not path.with_name("library.db-wal").exists(), "closed: every change is in the file itself"
    return path


@pytest.fixture
def hostile_library(home: Path, hostile_library_file: Path):
    """A real library.db holding every hostile paper: each test's own copy of `hostile_library_file`."""
    shutil.copyfile(hostile_library_file, home / "library.db")
    lib = Library.open(home / "library.db")
    yield lib
    lib.close()


def opened(log: Path) -> list[str]:
    return log.read_text(encoding="utf-8").splitlines() if log.exists() else []


# -- helpers -----------------------------------------------------------------------------------


class Notes:
    """Every notification the app makes, kept even after its toast timed out."""

    def __init__(self, app: App[Any]) -> None:
        self.calls: list[tuple[str, str, bool]] = []
        original = app.notify

        def record(message: str, *, title: str = "", markup: bool = True, **kwargs: Any) -> None:
            self.calls.append((message, title, markup))
            original(message, title=title, markup=markup, **kwargs)

        app.notify = record  # type: ignore[method-assign]

    @property
    def messages(self) -> list[str]:
        return [message for message, _, _ in self.calls]


def pk_of(library: Library, number: int) -> int:
    return next(pk for pk, row in library.list_rows(library.select()).items() if row.id == paper_id(number))


def make_app(library: Library) -> PaperReaderApp:
    return PaperReaderApp(library, Config(mark_read_delay=0))


async def select(app: PaperReaderApp, pilot, number: int) -> Paper:
    """Put the list's cursor on the paper with this number; the detail shows it."""
    papers = app.query_one(PaperList)
    rows = app.library.list_rows(papers.pks)
    index = next(i for i, pk in enumerate(papers.pks) if rows[pk].id == paper_id(number))
    papers.move_to(index)
    await pilot.pause()
    assert app.main_screen.current is not None and app.main_screen.current.id == paper_id(number)
    return app.main_screen.current


def list_line(app: PaperReaderApp) -> str:
    """The text of the list row under the cursor, as drawn."""
    papers = app.query_one(PaperList)
    return papers.render_line(papers.cursor - int(papers.scroll_y)).text


def row_title(line: str) -> str:
    """The title cell of a drawn list row: after the read/star marks, before date, votes and code mark."""
    # "● ★ " marks (4 cells) | title | " " date(10) " " votes(5) " " code(3)
    return line[4:-21]


def detail_export(app: PaperReaderApp) -> str:
    """The detail body's content, printed by a real Rich console and exported as plain text."""
    console = Console(record=True, width=200, file=io.StringIO())
    console.print(app.query_one(PaperDetail).text)
    return console.export_text()


def detail_strips(app: PaperReaderApp, lines: int = 60) -> list[Strip]:
    """The first lines of the detail as Textual actually renders them (scrolled to the top)."""
    detail = app.query_one(PaperDetail)
    detail.scroll_home(animate=False, immediate=True)
    return [detail.render_line(y) for y in range(min(lines, detail.scrollable_content_region.height))]


def live_styles(strips: list[Strip]) -> list[tuple[str, Any]]:
    """Segments that carry a hyperlink or a click action: markup that came alive."""
    found = []
    for strip in strips:
        for segment in strip:
            style = segment.style
            if style is None:
                continue
            actions = {key: value for key, value in (style.meta or {}).items() if key.startswith("@")}
            if style.link or actions:
                found.append((segment.text, style.link or actions))
    return found


def assert_in(needle: str, haystack: str, squashed_haystack: str, what: str) -> None:
    """`needle` literally in `haystack`; long ones (wrapped at 200 columns) compared without white space."""
    if len(needle) < 150 and "\n" not in needle:
        assert needle in haystack, f"{what}: {needle[:80]!r} not shown literally"
    else:
        assert squash(needle) in squashed_haystack, f"{what}: {needle[:80]!r}... not shown literally"


def assert_main_screen_running(app: PaperReaderApp) -> None:
    assert app.is_running, "the app stopped"
    assert not app._exit, "the app was asked to exit"
    assert app.return_value is None
    assert len(app.screen_stack) == 1 and not isinstance(app.screen, ModalScreen), app.screen_stack
