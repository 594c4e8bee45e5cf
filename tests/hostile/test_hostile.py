"""Hostile feed text, walked through every pane of the real app: it shows literally and triggers nothing.

DESIGN.md, "Untrusted input": everything from a feed is plain text everywhere
(list, detail, notifications, help, command palette). Markup must not become
style or a live action, escape sequences and bidi overrides are stripped, huge
fields render, and only http(s) links are ever opened.

Each hostile paper is a Hugging Face API item with the hostile text in every
text field; it goes through the real parser and `Library.import_papers` into
a real library file, and the tests walk it through every pane.

The rest of the corpus (fields of the wrong JSON type, duplicate ids, ids that
look like paths, files that are not feeds) goes through `paper-reader import`
in a subprocess too; after it and a walk of every paper, no file exists outside
the home directory that was not there before, and only http(s) links were opened.
"""

from __future__ import annotations

import html
import io
import itertools
import json
import re
import shlex
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import console
import pytest
from conftest import DEAD_API_URL
from rich.console import Console
from textual.app import App, ComposeResult
from textual.command import CommandPalette
from textual.geometry import Region
from textual.screen import ModalScreen
from textual.strip import Strip
from textual.widgets import Input, Static

from reader.core.config import Config
from reader.core.paper import Paper, normalize_paper_id
from reader.core.text import clean_line
from reader.sources.client import ClientSettings
from reader.sources.hf_api import FeedError, parse_feed_text
from reader.storage.library import Library
from reader.tui.app import PaperReaderApp
from reader.tui.screens.help import HelpScreen
from reader.tui.widgets.detail import MAX_SHOWN_CHARS, PaperDetail
from reader.tui.widgets.paper_list import PaperList

WIDE = (120, 40)
ELLIPSIS = "\u2026"
BIDI = set("\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
"""Characters that reorder or hide text; none of them may reach the screen."""


def forbidden(text: str) -> set[str]:
    """The C0/C1 controls (newline aside), DEL and bidi controls in `text`."""
    return {ch for ch in text if (ord(ch) < 32 and ch != "\n") or 0x7F <= ord(ch) <= 0x9F or ch in BIDI}


def squash(text: str) -> str:
    """`text` without any white space: wrapping at another width cannot change it."""
    return "".join(text.split())


# -- the hostile papers ------------------------------------------------------------------------


@dataclass(frozen=True)
class Hostile:
    """One hostile text: `raw` goes into every text field, `shown` is how a one-line field must read.

    `shown` is written out by hand (never computed with the sanitizers under test).
    A few cases replace one field with something bigger: (raw, shown) pairs.
    """

    name: str
    raw: str
    shown: str
    title: tuple[str, str] | None = None
    abstract: tuple[str, str] | None = None
    authors: tuple[tuple[str, ...], tuple[str, ...]] | None = None

    @property
    def raw_title(self) -> str:
        return self.title[0] if self.title else self.raw

    @property
    def shown_title(self) -> str:
        return self.title[1] if self.title else self.shown

    @property
    def raw_abstract(self) -> str:
        return self.abstract[0] if self.abstract else f"Abstract: {self.raw} end."

    @property
    def shown_abstract(self) -> str:
        return self.abstract[1] if self.abstract else f"Abstract: {self.shown} end."

    @property
    def raw_authors(self) -> tuple[str, ...]:
        return self.authors[0] if self.authors else (self.raw, f"Second {self.raw}")

    @property
    def shown_authors(self) -> tuple[str, ...]:
        return self.authors[1] if self.authors else (self.shown, f"Second {self.shown}")


# 5,000 characters: markup, CJK and a bidi override in every 25-character unit.
_LONG_UNIT_RAW = "Long [b]title[/b] \u202e\u6ce8\u610f\u529b\u202c  "
_LONG_UNIT_SHOWN = "Long [b]title[/b] \u6ce8\u610f\u529b "
LONG_TITLE_RAW = _LONG_UNIT_RAW * 200
LONG_TITLE_SHOWN = (_LONG_UNIT_SHOWN * 200).rstrip()

# More than 200 KB of JSON text: paragraphs of markup, SGR, bidi, emoji codes.
_HUGE_PARAGRAPH_RAW = "Paragraph [@click=app.quit]x[/] \x1b[31mred\x1b[0m \u202eevil\u202c :smile: \u6ce8\u610f."
_HUGE_PARAGRAPH_SHOWN = "Paragraph [@click=app.quit]x[/] red evil :smile: \u6ce8\u610f."
_HUGE_COUNT = 3_000
HUGE_ABSTRACT_RAW = "\n\n".join([_HUGE_PARAGRAPH_RAW] * _HUGE_COUNT)
HUGE_ABSTRACT_SHOWN = "\n\n".join([_HUGE_PARAGRAPH_SHOWN] * _HUGE_COUNT)

# 600 authors, every name with a live action, reverse video and a bidi override.
MANY_AUTHORS_RAW = tuple(f"[@click=app.quit]A{i}[/] \x1b[7mrev\x1b[27m \u202eName{i}" for i in range(600))
MANY_AUTHORS_SHOWN = tuple(f"[@click=app.quit]A{i}[/] rev Name{i}" for i in range(600))

CASES = [
    Hostile("click-action", "[@click=app.quit]x[/]", "[@click=app.quit]x[/]"),
    Hostile("closing-tag", "[/]", "[/]"),
    Hostile("stray-close", "[/bold] stray [b]unclosed", "[/bold] stray [b]unclosed"),
    Hostile("bold-markup", "[bold red]not bold[/]", "[bold red]not bold[/]"),
    Hostile("link-markup", "[link=https://evil.example]click[/link]", "[link=https://evil.example]click[/link]"),
    Hostile("textual-variables", "[$accent on $error]var[/] $text", "[$accent on $error]var[/] $text"),
    Hostile("escaped-bracket", "\\[bold]escaped\\", "\\[bold]escaped\\"),
    Hostile("ansi-sgr", "ANSI \x1b[31mred\x1b[0m text", "ANSI red text"),
    Hostile("ansi-clear-screen", "Clear\x1b[2J\x1b[H screen", "Clear screen"),
    Hostile("esc-other", "Reset \x1bc terminal \x1b(0charset", "Reset terminal charset"),
    Hostile(
        "osc8-hyperlink",
        "OSC 8 \x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\ here",
        "OSC 8 link here",
    ),
    Hostile("osc52-clipboard", "Clipboard \x1b]52;c;ZXZpbA==\x07write", "Clipboard write"),
    Hostile(
        "osc52-unterminated",
        "Unterminated \x1b]52;c;ZXZpbA== swallows the rest",
        "Unterminated",
        abstract=("Abstract: Unterminated \x1b]52;c;ZXZpbA== end.", "Abstract: Unterminated"),
    ),
    Hostile("bidi-override", "Bidi \u202eevil\u202c and \u2067isolate\u2069 \u200fmark", "Bidi evil and isolate mark"),
    Hostile("nul-and-c1", "NUL\x00 BEL\x07 DEL\x7f C1 \x9b31mred\x9b0m NEL\x85end", "NUL BEL DEL C1 red NELend"),
    Hostile("c1-osc", "C1 \x9d52;c;ZXZpbA==\x9c OSC", "C1 OSC"),
    Hostile("line-breaks", "Multi\nline\ttitle\r\nhere\u2028sep", "Multi line title here sep"),
    Hostile(
        "id-like-path",
        "../../../etc/passwd 2601.00001v2 ~/.ssh/id_rsa",
        "../../../etc/passwd 2601.00001v2 ~/.ssh/id_rsa",
    ),
    Hostile(
        "cjk", "\u6ce8\u610f\u529b\u673a\u5236\u7684\u7814\u7a76", "\u6ce8\u610f\u529b\u673a\u5236\u7684\u7814\u7a76"
    ),
    Hostile(
        "emoji-zwj",
        "\U0001f469\u200d\U0001f52c \U0001f9ea emoji \U0001f3f3\ufe0f\u200d\U0001f308",
        "\U0001f469\u200d\U0001f52c \U0001f9ea emoji \U0001f3f3\ufe0f\u200d\U0001f308",
    ),
    Hostile("rich-emoji-code", ":smile: :thumbs_up: :red_heart:", ":smile: :thumbs_up: :red_heart:"),
    Hostile("long-title", "Long [i]fields[/i]", "Long [i]fields[/i]", title=(LONG_TITLE_RAW, LONG_TITLE_SHOWN)),
    Hostile(
        "huge-abstract",
        "Huge \x1b[2Jabstract [/]",
        "Huge abstract [/]",
        abstract=(HUGE_ABSTRACT_RAW, HUGE_ABSTRACT_SHOWN),
    ),
    Hostile(
        "600-authors",
        "Six hundred authors [b]x[/b]",
        "Six hundred authors [b]x[/b]",
        authors=(MANY_AUTHORS_RAW, MANY_AUTHORS_SHOWN),
    ),
]
assert len(CASES) <= 28, "one Daily date per paper in January"

# (projectPage, githubRepo) as the feed has them, and what the paper may keep of them.
HOSTILE_URLS: list[tuple[str, str, str | None, str | None]] = [
    ("javascript:alert(1)", "file:///etc/passwd", None, None),
    ("file:///etc/passwd", "javascript:alert(1)", None, None),
    ("data:text/html,<script>alert(1)</script>", "../../etc/passwd", None, None),
    (
        "https://evil.example/\x1b]8;;https://other.example\x07page",
        "https://github.com/evil/repo\x1b[31m",
        "https://evil.example/page",
        "https://github.com/evil/repo",
    ),
    ("  JavaScript:alert(1)//https://evil.example", "git@github.com:evil/repo.git", None, None),
    ("https://evil.example/ [@click=app.quit]x[/]", "ssh://github.com/evil/repo", None, None),
    ("http://[::1/x", "evil/[@click=app.quit]", None, None),
    ("https://evil.example/\u202egnp.exe", "", "https://evil.example/gnp.exe", None),
    ("https://evil.example/p?q=[/]", "https://github.com/owner/repo", "https://evil.example/p?q=[/]",
     "https://github.com/owner/repo"),
]  # fmt: skip


def paper_id(number: int) -> str:
    return f"2601.{number:05d}"


def hostile_item(number: int, case: Hostile) -> dict[str, Any]:
    """A daily_papers item shaped like the real ones, hostile in every text field."""
    project, repo, _, _ = HOSTILE_URLS[number % len(HOSTILE_URLS)]
    return {
        "paper": {
            "id": paper_id(number),
            "title": case.raw_title,
            "summary": case.raw_abstract,
            "authors": [{"_id": f"a{i}", "name": name, "hidden": False} for i, name in enumerate(case.raw_authors)],
            "submittedOnDailyAt": f"2026-01-{number:02d}T00:00:00.000Z",
            "upvotes": number,
            "githubRepo": repo,
            "projectPage": project,
            "ai_summary": case.raw,
            "ai_keywords": [case.raw, "plain keyword"],
        },
        "numComments": number,
        "organization": {"fullname": case.raw},
        "submittedBy": {"name": case.raw},
    }


NUMBERED = list(enumerate(CASES, start=1))
ITEMS = [hostile_item(number, case) for number, case in NUMBERED]
CASE_PARAMS = [pytest.param(number, case, id=case.name) for number, case in NUMBERED]
CLICK_NUMBER = next(number for number, case in NUMBERED if case.name == "click-action")


def expected_urls(number: int) -> tuple[str | None, str | None]:
    _, _, project, repo = HOSTILE_URLS[number % len(HOSTILE_URLS)]
    return project, repo


# -- fixtures ----------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def no_graphical_browser(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests run headless: no display, no configured browser, so links are copied, never opened."""
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "PAPER_READER_BROWSER", "SSH_CONNECTION", "SSH_CLIENT", "SSH_TTY"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def feed_json() -> str:
    """The hostile feed as the API would send it (JSON escapes every control character)."""
    return json.dumps(ITEMS, ensure_ascii=False)


@pytest.fixture
def hostile_library(home: Path, feed_json: str):
    """A real library.db holding every hostile paper, imported through the real parser."""
    assert len(feed_json.encode("utf-8")) > 200_000
    feed = parse_feed_text(feed_json)
    assert feed.skipped == []
    lib = Library.open(home / "library.db")
    result = lib.import_papers(feed.papers)
    assert sorted(result.added) == sorted(paper_id(n) for n, _ in NUMBERED)
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
    assert app.current is not None and app.current.id == paper_id(number)
    return app.current


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


# -- the parser keeps the text, drops the controls and the bad links --------------------------


class TestParsedFields:
    @pytest.mark.parametrize(("number", "case"), CASE_PARAMS)
    def test_every_field_is_the_literal_text_without_controls(
        self, number: int, case: Hostile, hostile_library: Library
    ) -> None:
        paper = hostile_library.paper(pk_of(hostile_library, number))
        assert paper is not None
        assert paper.title == case.shown_title
        assert paper.abstract == case.shown_abstract
        assert paper.authors == case.shown_authors
        assert paper.organization == case.shown
        assert paper.submitter == case.shown
        assert paper.ai_summary == case.shown
        assert paper.ai_keywords == (case.shown, "plain keyword")
        for value in (paper.title, paper.abstract, paper.organization, paper.submitter, paper.ai_summary,
                      *paper.authors, *paper.ai_keywords):  # fmt: skip
            assert not forbidden(value.replace("\n", "")), value[:80]

    def test_the_big_ones_are_as_big_as_promised(self) -> None:
        assert len(LONG_TITLE_RAW) == 5_000
        assert len(HUGE_ABSTRACT_RAW.encode("utf-8")) > 200_000
        assert len(MANY_AUTHORS_RAW) == 600

    @pytest.mark.parametrize(("number", "case"), CASE_PARAMS)
    def test_hostile_project_pages_and_repositories_never_become_links(
        self, number: int, case: Hostile, hostile_library: Library
    ) -> None:
        paper = hostile_library.paper(pk_of(hostile_library, number))
        assert paper is not None
        project, repo = expected_urls(number)
        assert paper.project_page == project
        assert paper.github_repo == repo
        urls = [link.url for link in paper.links]
        assert urls[:3] == [
            f"https://huggingface.co/papers/{paper.id}",
            f"https://arxiv.org/abs/{paper.id}",
            f"https://arxiv.org/pdf/{paper.id}",
        ]
        assert urls[3:] == [url for url in (repo, project) if url]
        for url in urls:
            assert url.startswith(("https://", "http://")), url
            assert not any(bad in url.lower() for bad in ("javascript:", "file:", "data:", "ssh:", "git@")), url

    def test_path_like_ids_are_refused_and_the_rest_kept(self) -> None:
        good = hostile_item(1, CASES[0])
        bad_ids = ["../../etc/passwd", "2601.00001/../../x", "[@click=app.quit]x[/]", "2601.00001\x1b[2J", ""]
        items = [good] + [{"paper": {**good["paper"], "id": bad}} for bad in bad_ids]
        feed = parse_feed_text(json.dumps(items))
        assert [p.id for p in feed.papers] == [paper_id(1)]
        assert [position for position, _ in feed.skipped] == [1, 2, 3, 4, 5]
        for _, reason in feed.skipped:
            assert not forbidden(reason), reason


# -- the list ----------------------------------------------------------------------------------


class TestList:
    @pytest.mark.parametrize(("number", "case"), CASE_PARAMS)
    async def test_row_shows_the_title_literally(self, number: int, case: Hostile, hostile_library: Library) -> None:
        app = make_app(hostile_library)
        async with app.run_test(size=WIDE) as pilot:
            await select(app, pilot, number)
            line = list_line(app)
            assert not forbidden(line), f"control characters drawn in the list: {forbidden(line)}"
            assert "\n" not in line
            assert line.endswith(f" 2026-01-{number:02d} {('▲' + str(number)).rjust(5)} "
                                 + ("</>" if expected_urls(number)[1] else "   "))  # fmt: skip
            title = row_title(line).rstrip()
            if title.endswith(ELLIPSIS):
                assert len(title) > 20
                assert case.shown_title.startswith(title[:-1].rstrip()), title
                assert len(case.shown_title) > len(title) - 1
            else:
                assert title == case.shown_title

    async def test_every_hostile_row_is_drawn_plainly_at_once(self, hostile_library: Library) -> None:
        app = make_app(hostile_library)
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            papers = app.query_one(PaperList)
            assert len(papers.pks) == len(CASES) <= papers.scrollable_content_region.height
            rows = [papers.render_line(y) for y in range(len(CASES))]
            for strip in rows:
                assert not forbidden(strip.text)
            assert live_styles(rows) == []
            assert_main_screen_running(app)


# -- the detail pane ---------------------------------------------------------------------------


class TestDetail:
    @pytest.mark.parametrize(("number", "case"), CASE_PARAMS)
    async def test_detail_shows_every_field_literally(
        self, number: int, case: Hostile, hostile_library: Library
    ) -> None:
        app = make_app(hostile_library)
        async with app.run_test(size=WIDE) as pilot:
            paper = await select(app, pilot, number)
            text = detail_export(app)
            assert "\x1b" not in text
            assert not forbidden(text), forbidden(text)
            squashed = squash(text)
            assert_in(case.shown_title, text, squashed, "title")
            assert_in(", ".join(case.shown_authors), text, squashed, "authors")
            assert_in(case.shown, text, squashed, "organization")
            assert f"Org       {case.shown}" in text or len(case.shown) >= 150
            assert f"Submitter {case.shown}" in text
            assert f"\nAI summary\n{case.shown}\n" in text
            assert_in(f"{case.shown} · plain keyword", text, squashed, "keywords")
            abstract = case.shown_abstract
            if len(abstract) > MAX_SHOWN_CHARS:  # cut, and the cut said so
                assert_in(abstract[:MAX_SHOWN_CHARS], text, squashed, "abstract")
                note = f"{ELLIPSIS} ({len(abstract) - MAX_SHOWN_CHARS:,} more characters not shown)"
                assert squash(note) in squashed
            else:
                assert_in(abstract, text, squashed, "abstract")
            for number_, link in enumerate(paper.links, start=1):
                assert f" {number_}  {link.label:<13}{link.url}" in text
            for bad in ("javascript:", "file://", "data:text"):
                assert bad not in text.split("\nLinks\n")[1]

            # What Textual really draws: the same literal text, no hyperlink, no click action.
            strips = detail_strips(app)
            drawn = "\n".join(strip.text for strip in strips)
            assert not forbidden(drawn)
            assert squash(case.shown_title)[:200] in squash(drawn)
            assert live_styles(strips) == []

    @pytest.mark.slow
    async def test_huge_abstract_and_600_authors_render_and_scroll(self, hostile_library: Library) -> None:
        app = make_app(hostile_library)
        async with app.run_test(size=WIDE) as pilot:
            for name in ("huge-abstract", "600-authors", "long-title"):
                number = next(n for n, case in NUMBERED if case.name == name)
                paper = await select(app, pilot, number)
                await pilot.press("enter")
                assert isinstance(app.focused, PaperDetail)
                await pilot.press("end")
                await pilot.pause()
                detail = app.query_one(PaperDetail)
                assert detail.scroll_y > 0 and detail.scroll_y == detail.max_scroll_y
                bottom = [detail.render_line(y) for y in range(detail.scrollable_content_region.height)]
                drawn = "\n".join(strip.text for strip in bottom)
                assert paper.links[-1].url in drawn, "the end of the detail is the Links list"
                assert live_styles(bottom) == []
                await pilot.press("space", "home", "escape")
                assert_main_screen_running(app)


# -- every key, every pane ---------------------------------------------------------------------


@pytest.mark.slow
class TestEveryKey:
    @pytest.mark.parametrize(("number", "case"), CASE_PARAMS)
    async def test_walk_through_every_pane_and_key(
        self, number: int, case: Hostile, hostile_library: Library, browser: Path
    ) -> None:
        app = make_app(hostile_library)
        notes = Notes(app)
        screenshots: list[str] = []
        async with app.run_test(size=WIDE) as pilot:
            paper = await select(app, pilot, number)
            screenshots.append(app.export_screenshot())

            await pilot.press("enter")
            assert isinstance(app.focused, PaperDetail)
            await pilot.press("j", "k")
            await pilot.press("s")
            assert hostile_library.state(paper.id).starred
            await pilot.press("m")
            assert not hostile_library.state(paper.id).read
            await pilot.press("y")
            assert app.clipboard == f"https://huggingface.co/papers/{paper.id}"
            for key in ("o", "h", "a", *"123456789"):
                await pilot.press(key)
                await app.workers.wait_for_complete()
            await pilot.pause()
            screenshots.append(app.export_screenshot())  # with the toasts up

            await pilot.press("question_mark")
            assert isinstance(app.screen, HelpScreen)
            screenshots.append(app.export_screenshot())
            await pilot.press("escape")
            assert not isinstance(app.screen, HelpScreen)

            # Textual's Input takes printable characters only (a typed ZWJ is dropped).
            typed = "".join(ch for ch in case.shown_title[:3] if ch.isprintable())
            await pilot.press("ctrl+p")
            assert isinstance(app.screen, CommandPalette)
            await pilot.press(*typed)
            await pilot.pause()
            assert app.screen.query_one(Input).value == typed
            screenshots.append(app.export_screenshot())
            await pilot.press("escape")
            await pilot.pause()
            assert not isinstance(app.screen, CommandPalette)

            await pilot.press("slash", *case.shown_title[:8], "enter")
            await pilot.pause()
            assert app.query_one(PaperList).has_focus
            assert paper.id in {row.id for row in hostile_library.list_rows(app.query_one(PaperList).pks).values()}
            screenshots.append(app.export_screenshot())

            assert_main_screen_running(app)

        # Only http(s) links were opened, and exactly the paper's own.
        urls = opened(browser)
        for url in urls:
            assert url.startswith(("https://", "http://")), f"opened a non-web link: {url!r}"
        link_urls = [link.url for link in paper.links]
        assert set(urls) == set(link_urls)
        assert urls.count(paper.hf_url) == 2  # h and 1
        _, repo = expected_urls(number)
        if repo is None:
            assert any("no GitHub repository" in message for message in notes.messages)
        missing = 9 - len(link_urls)
        assert sum("there is no link" in message for message in notes.messages) == missing

        # Notifications: no escape or bidi character, and feed text only ever as plain text.
        assert notes.calls, "the keys made no notification at all"
        for message, title, markup in notes.calls:
            assert not forbidden(message + title), repr(message)
            if markup:
                for feed_text in (case.shown, case.shown_title[:40]):
                    assert feed_text not in message, f"feed text in a markup notification: {message!r}"

        # The whole screen, in every state: no raw escape reached the terminal.
        for svg in screenshots:
            assert "\x1b" not in svg
            assert not forbidden(svg.replace("\t", "").replace("\r", ""))


PROJECT_NUMBERS = [pytest.param(n, id=case.name) for n, case in NUMBERED if expected_urls(n)[0]]


class TestCopiedLinks:
    """Where no browser opens, the link is copied and shown in a toast: as plain text too."""

    @pytest.mark.parametrize("browser_command", [None, "false"], ids=["headless", "failing-browser"])
    @pytest.mark.parametrize("number", PROJECT_NUMBERS)
    async def test_project_page_is_copied_and_shown_literally(
        self, number: int, browser_command: str | None, hostile_library: Library, monkeypatch
    ) -> None:
        if browser_command:
            monkeypatch.setenv("PAPER_READER_BROWSER", browser_command)
        project, _ = expected_urls(number)
        app = make_app(hostile_library)
        notes = Notes(app)
        async with app.run_test(size=WIDE) as pilot:
            paper = await select(app, pilot, number)
            key = next(str(i) for i, link in enumerate(paper.links, start=1) if link.label == "Project page")
            await pilot.press(key)
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert app.clipboard == project
            copied = [(message, markup) for message, _, markup in notes.calls if "copied the link" in message]
            assert len(copied) == 1
            message, markup = copied[0]
            assert message.endswith(f":\n{project}") and markup is False
            svg = html.unescape(app.export_screenshot()).replace("\u00a0", " ")
            assert project.removeprefix("https://") in svg, "the toast shows the URL as it is"
            assert "\x1b" not in svg
            assert_main_screen_running(app)


# -- the mouse ---------------------------------------------------------------------------------


@pytest.mark.slow
class TestMouse:
    async def test_clicking_a_click_markup_title_does_not_quit(self, hostile_library: Library) -> None:
        app = make_app(hostile_library)
        async with app.run_test(size=WIDE) as pilot:
            await select(app, pilot, CLICK_NUMBER)
            papers = app.query_one(PaperList)
            row = papers.cursor - int(papers.scroll_y)
            title = "[@click=app.quit]x[/]"
            assert row_title(list_line(app)).startswith(title)
            for x in range(4, 4 + len(title) + 1):
                await pilot.click(PaperList, offset=(x, row))
                assert_main_screen_running(app)
            assert app.current is not None and app.current.id == paper_id(CLICK_NUMBER)

            # Every drawn line of the detail holding the markup, clicked over its whole width.
            strips = detail_strips(app, lines=app.query_one(PaperDetail).scrollable_content_region.height)
            targets = [(y, strip.text.index(title)) for y, strip in enumerate(strips) if title in strip.text]
            assert len(targets) >= 4, "title, org, submitter, AI summary at least"
            # Live, the markup would draw as a bare "x" where the span starts: the title line is
            # clicked over its whole width, the other lines (org, submitter, summary...) at its start.
            for line, (y, start) in enumerate(targets):
                for x in range(start, start + (len(title) if line == 0 else 3)):
                    await pilot.click(PaperDetail, offset=(x + 1, y))  # + 1: the pane's padding
                    assert_main_screen_running(app)

    async def test_the_probes_would_catch_live_markup(self) -> None:
        """Control: the same text rendered *as markup* is caught by `live_styles` and its click quits.

        So the tests above can fail: they would, were feed text ever parsed as markup.
        """

        class Markup(App[None]):
            def compose(self) -> ComposeResult:
                yield Static("[@click=app.quit]x[/] [link='https://evil.example']click[/link]", markup=True)

        app = Markup()
        async with app.run_test(size=(40, 5)) as pilot:
            static = app.query_one(Static)
            found = live_styles(static.render_lines(Region(0, 0, static.size.width, 1)))
            assert ("x", {"@click": "app.quit"}) in found
            assert ("click", "https://evil.example") in found
            await pilot.click(Static, offset=(0, 0))
            await pilot.pause()
            assert app._exit, "markup rendered live: the click ran app.quit"


# -- wrong types: what the parser keeps of an item whose fields are not what the API sends ---


def plain_inner(number: int) -> dict[str, Any]:
    """A well-formed inner paper of February; each wrong-type case spoils one field of it."""
    return {
        "id": f"2602.{number:05d}",
        "title": f"Plain paper {number}",
        "summary": "A plain abstract.",
        "authors": [{"name": "Ada Lovelace"}, {"name": "Alan Turing"}],
        "publishedAt": "2026-02-01T00:00:00.000Z",
        "submittedOnDailyAt": f"2026-02-{number % 28 + 1:02d}T00:00:00.000Z",
        "upvotes": 7,
        "githubStars": 3,
        "githubRepo": "https://github.com/owner/repo",
        "projectPage": "https://example.org/project",
        "ai_summary": "A plain summary.",
        "ai_keywords": ["plain"],
    }


def plain_paper(number: int) -> Paper:
    """What the parser makes of `plain_inner(number)`, written out by hand."""
    return Paper(
        id=f"2602.{number:05d}",
        title=f"Plain paper {number}",
        abstract="A plain abstract.",
        authors=("Ada Lovelace", "Alan Turing"),
        published_on="2026-02-01",
        daily_date=f"2026-02-{number % 28 + 1:02d}",
        upvotes=7,
        comments=2,
        github_repo="https://github.com/owner/repo",
        github_stars=3,
        project_page="https://example.org/project",
        organization="Plain Org",
        submitter="Plain Submitter",
        ai_summary="A plain summary.",
        ai_keywords=("plain",),
    )


HUGE_INT = "@@huge-int@@"
"""Stands for a 5,000-digit JSON number (more digits than Python turns into an int by default)."""
HUGE_DIGITS = "9" * 5_000
DEEP = {"a": [{"b": [{"c": ["deep"] * 2}] * 2}] * 2}
for _ in range(150):  # 450 levels of objects and arrays where a string belongs
    DEEP = {"nested": [DEEP]}


@dataclass(frozen=True)
class WrongType:
    """One item whose `inner` paper fields / `outer` item fields have the wrong JSON type.

    Kept items differ from the plain paper only by `kept` (the field dropped, or
    coerced); skipped ones are skipped with exactly the reason `skipped`.
    """

    name: str
    inner: dict[str, Any] = field(default_factory=dict)
    outer: dict[str, Any] = field(default_factory=dict)
    kept: dict[str, Any] = field(default_factory=dict)
    skipped: str | None = None


def _no_title(name: str, value: Any) -> WrongType:
    return WrongType(f"title-{name}", inner={"title": value}, skipped="paper 2602.{n:05d} has no title")


WRONG_TYPES = [
    # The id and the title make a paper: without them, the item is skipped with its reason.
    WrongType("id-number", inner={"id": 2406.12345}, skipped='"id" is not a string'),
    WrongType("id-integer", inner={"id": 240612345}, skipped='"id" is not a string'),
    WrongType("id-huge-number", inner={"id": HUGE_INT}, skipped='"id" is not a string'),
    WrongType("id-list", inner={"id": ["2406.12345"]}, skipped='"id" is not a string'),
    WrongType("id-object", inner={"id": {"$oid": "2406.12345"}}, skipped='"id" is not a string'),
    WrongType("id-bool", inner={"id": True}, skipped='"id" is not a string'),
    WrongType("id-null", inner={"id": None}, skipped='no paper "id"'),
    WrongType("id-empty", inner={"id": ""}, skipped="\"id\" '' is not an arXiv id"),
    _no_title("number", 42),
    _no_title("float", 4.2e1),
    _no_title("huge-number", HUGE_INT),
    _no_title("list", ["Attention", "is all you need"]),
    _no_title("object", {"en": "Attention"}),
    _no_title("deep-object", DEEP),
    _no_title("null", None),
    _no_title("bool", False),
    _no_title("empty", ""),
    _no_title("blank", " \n\t\u2028 "),
    _no_title("only-controls", "\x1b[2J\x1b]52;c;ZXZpbA==\x07\u202e\x00"),
    _no_title("lone-surrogate-only", "\ud800"),
    # Optional fields of the wrong type are dropped (the paper keeps the rest); the
    # parser never guesses ("12" is not 12), it only takes a float that is a whole number.
    WrongType("authors-string", inner={"authors": "Ada Lovelace"}, kept={"authors": ()}),
    WrongType("authors-numbers", inner={"authors": [1, 2.5, None, True]}, kept={"authors": ()}),
    WrongType("authors-object", inner={"authors": {"name": "Ada Lovelace"}}, kept={"authors": ()}),
    WrongType(
        "authors-bad-names",
        inner={"authors": [{"name": 5}, {"name": ["x"]}, {"name": {"first": "A"}}, {"name": None}, {}, DEEP]},
        kept={"authors": ()},
    ),
    WrongType(
        "authors-mixed",
        inner={"authors": [{"name": "Ada"}, 7, "Bob", {"name": 8}, ["Eve"]]},
        kept={"authors": ("Ada", "Bob")},
    ),
    WrongType("upvotes-string", inner={"upvotes": "12"}, kept={"upvotes": None}),
    WrongType("upvotes-1e308", inner={"upvotes": 1e308}, kept={"upvotes": None}),
    WrongType("upvotes-2**53", inner={"upvotes": 2**53}, kept={"upvotes": None}),
    WrongType("upvotes-huge", inner={"upvotes": HUGE_INT}, kept={"upvotes": None}),
    WrongType("upvotes-negative", inner={"upvotes": -5}, kept={"upvotes": None}),
    WrongType("upvotes-true", inner={"upvotes": True}, kept={"upvotes": None}),
    WrongType("upvotes-false", inner={"upvotes": False}, kept={"upvotes": None}),
    WrongType("upvotes-fraction", inner={"upvotes": 12.5}, kept={"upvotes": None}),
    WrongType("upvotes-nan", inner={"upvotes": float("nan")}, kept={"upvotes": None}),
    WrongType("upvotes-infinity", inner={"upvotes": float("inf")}, kept={"upvotes": None}),
    WrongType("upvotes-list", inner={"upvotes": [12]}, kept={"upvotes": None}),
    WrongType("upvotes-object", inner={"upvotes": {"count": 12}}, kept={"upvotes": None}),
    WrongType("upvotes-whole-float", inner={"upvotes": 12.0}, kept={"upvotes": 12}),
    WrongType("comments-string", outer={"numComments": "3"}, kept={"comments": None}),
    WrongType("stars-negative", inner={"githubStars": -1}, kept={"github_stars": None}),
    WrongType("published-garbage", inner={"publishedAt": "garbage and more"}, kept={"published_on": None}),
    WrongType("published-number", inner={"publishedAt": 20260201}, kept={"published_on": None}),
    WrongType("published-no-such-day", inner={"publishedAt": "2026-13-45T00:00:00Z"}, kept={"published_on": None}),
    WrongType("published-fullwidth", inner={"publishedAt": "\uff12\uff10\uff12\uff16-02-01"},
              kept={"published_on": None}),
    WrongType("published-list", inner={"publishedAt": ["2026-02-01"]}, kept={"published_on": None}),
    WrongType("daily-object", inner={"submittedOnDailyAt": {"date": "2026-02-01"}}, kept={"daily_date": None}),
    WrongType("github-number", inner={"githubRepo": 12345}, kept={"github_repo": None}),
    WrongType("github-list", inner={"githubRepo": ["https://github.com/a/b"]}, kept={"github_repo": None}),
    WrongType("github-object", inner={"githubRepo": {"url": "https://github.com/a/b"}}, kept={"github_repo": None}),
    WrongType("project-number", inner={"projectPage": 5}, kept={"project_page": None}),
    WrongType("project-object", inner={"projectPage": {"href": "https://example.org"}}, kept={"project_page": None}),
    WrongType("keywords-string", inner={"ai_keywords": "transformers"}, kept={"ai_keywords": ()}),
    WrongType("keywords-mixed", inner={"ai_keywords": [1, None, {"k": 1}, ["x"], "kept"]},
              kept={"ai_keywords": ("kept",)}),
    WrongType("ai-summary-list", inner={"ai_summary": ["A summary."]}, kept={"ai_summary": None}),
    WrongType("ai-summary-number", inner={"ai_summary": 5}, kept={"ai_summary": None}),
    WrongType("summary-object", inner={"summary": {"text": "An abstract."}}, kept={"abstract": ""}),
    WrongType("summary-deep", inner={"summary": DEEP}, kept={"abstract": ""}),
    WrongType("organization-string", outer={"organization": "Plain Org"}, kept={"organization": None}),
    WrongType("organization-bad-names", outer={"organization": {"fullname": 5, "name": ["x"]}},
              kept={"organization": None}),
    WrongType("organization-fallback", outer={"organization": {"fullname": {"x": 1}, "name": "Short Org"}},
              kept={"organization": "Short Org"}),
    WrongType("submitter-string", outer={"submittedBy": "someone"}, kept={"submitter": None}),
    WrongType("submitter-number", outer={"submittedBy": {"name": 5}}, kept={"submitter": None}),
    # Text that is not valid Unicode: a JSON escape of half a surrogate pair.
    WrongType("lone-surrogates", inner={
        "title": "Lone \ud800 surrogate",
        "summary": "Half \ud83d of an emoji.",
        "authors": [{"name": "\udfffAda"}],
        "projectPage": "https://example.org/\udc00project",
        "ai_keywords": ["\ud800", "kept\udbff"],
    }, kept={
        "title": "Lone surrogate",
        "abstract": "Half of an emoji.",
        "authors": ("Ada",),
        "ai_keywords": ("kept",),
    }),
    WrongType("id-lone-surrogate", inner={"id": "2602.00099\ud800"}, skipped="\"id\" '2602.00099' is not an arXiv id"),
]  # fmt: skip

# Items that are not an object, or whose "paper" is not one.
NOT_PAPERS: list[tuple[Any, str]] = [
    (5, "expected an object, found int"),
    ("2406.12345", "expected an object, found str"),
    (None, "expected an object, found NoneType"),
    ([plain_inner(90)], "expected an object, found list"),
    (True, "expected an object, found bool"),
    ({"paper": [plain_inner(91)]}, '"paper" is list, not an object'),
    ({"paper": "2406.12345"}, '"paper" is str, not an object'),
    ({"paper": 5}, '"paper" is int, not an object'),
    ({"paper": None}, 'no paper "id"'),
]

WRONG_NUMBERED = list(enumerate(WRONG_TYPES, start=1))
WRONG_PARAMS = [pytest.param(number, case, id=case.name) for number, case in WRONG_NUMBERED]


def wrong_type_item(number: int, case: WrongType) -> dict[str, Any]:
    inner = {**plain_inner(number), **case.inner}
    return {
        "paper": inner,
        "numComments": 2,
        "organization": {"fullname": "Plain Org"},
        "submittedBy": {"name": "Plain Submitter"},
        **case.outer,
    }


def feed_text(items: list[Any]) -> str:
    """JSON as an API could send it: ASCII escapes (lone surrogates stay escapes), NaN, huge numbers."""
    return json.dumps(items, ensure_ascii=True).replace(json.dumps(HUGE_INT), HUGE_DIGITS)


WRONG_ITEMS = [wrong_type_item(number, case) for number, case in WRONG_NUMBERED] + [item for item, _ in NOT_PAPERS]
WRONG_SKIPS = [
    (position, case.skipped.format(n=number))
    for position, (number, case) in enumerate(WRONG_NUMBERED)
    if case.skipped is not None
] + [(len(WRONG_NUMBERED) + position, reason) for position, (_, reason) in enumerate(NOT_PAPERS)]
WRONG_KEPT = {f"2602.{number:05d}": replace(plain_paper(number), **case.kept)
              for number, case in WRONG_NUMBERED if case.skipped is None}  # fmt: skip


class TestWrongTypes:
    def test_the_corpus_says_what_it_holds(self) -> None:
        text = feed_text(WRONG_ITEMS)
        assert HUGE_DIGITS in text and "\\ud800" in text and "NaN" in text and "Infinity" in text
        assert len(WRONG_SKIPS) + len(WRONG_KEPT) == len(WRONG_ITEMS)

    @pytest.mark.parametrize(("number", "case"), WRONG_PARAMS)
    def test_each_wrong_type_is_skipped_with_its_reason_or_dropped(self, number: int, case: WrongType) -> None:
        feed = parse_feed_text(feed_text([wrong_type_item(number, case)]))
        if case.skipped is not None:
            assert feed.papers == []
            assert feed.skipped == [(0, case.skipped.format(n=number))]
        else:
            assert feed.skipped == []
            assert feed.papers == [replace(plain_paper(number), **case.kept)]

    @pytest.mark.parametrize(("item", "reason"), NOT_PAPERS, ids=[reason for _, reason in NOT_PAPERS])
    def test_items_that_are_not_papers_are_skipped(self, item: Any, reason: str) -> None:
        feed = parse_feed_text(feed_text([item, wrong_type_item(1, WRONG_TYPES[-1]), item]))
        assert feed.skipped == [(0, reason), (1, WRONG_TYPES[-1].skipped), (2, reason)]

    def test_the_whole_wrong_type_file_keeps_every_good_paper(self) -> None:
        feed = parse_feed_text(feed_text(WRONG_ITEMS))
        assert feed.skipped == WRONG_SKIPS
        assert {paper.id: paper for paper in feed.papers} == WRONG_KEPT

    def test_kept_papers_go_into_the_library_and_come_back_equal(self, home: Path) -> None:
        feed = parse_feed_text(feed_text(WRONG_ITEMS))
        with Library.open(home / "library.db") as lib:
            lib.import_papers(feed.papers)
            stored = {row.id: lib.paper(pk) for pk, row in lib.list_rows(lib.select()).items()}
            assert stored == WRONG_KEPT
            for paper in stored.values():
                assert paper is not None
                assert parse_feed_text(paper.raw).papers == [paper], "the raw JSON kept parses again"

    def test_a_flat_object_of_the_wrong_types_is_one_line_error(self) -> None:
        with pytest.raises(FeedError) as caught:
            parse_feed_text(feed_text([{"id": ["x"], "title": 5}])[1:-1])
        assert str(caught.value) == 'the object is not a paper: "id" is not a string'


# -- duplicate ids: one row per paper, the later copy wins, marks kept ------------------------

DUP = "2603.00001"


def dup_item(raw_id: str, title: str, **fields: Any) -> dict[str, Any]:
    return {"paper": {"id": raw_id, "title": title, "submittedOnDailyAt": "2026-03-01T00:00:00Z", **fields}}


# Two files imported by one command: every copy of 2603.00001 is the same paper
# (a version suffix or white space around the id is not another paper).
DUP_FILE_1 = [
    dup_item(DUP, "First copy", upvotes=1, ai_summary="Only the first copy has a summary."),
    dup_item("2603.00002", "Another paper"),
    dup_item(f"{DUP}v2", "Second copy [@click=app.quit]x[/]", upvotes=2),
    dup_item(f" {DUP}v3 \n", "Third copy \x1b[31m", upvotes=3, githubRepo="owner/repo"),
    dup_item(f"{DUP}V4", "Refused copy"),  # arXiv versions are a lower-case v
    dup_item(f"{DUP}v2", "Fourth copy \u202e", upvotes=4),
]
DUP_FILE_2 = [
    dup_item(f"{DUP}v9", "Last copy", upvotes=None),
    dup_item("2603.00002v1", "Another paper, again", upvotes=8),
    {**ITEMS[CLICK_NUMBER - 1], "paper": {**ITEMS[CLICK_NUMBER - 1]["paper"], "title": "A later [b]hostile[/b] copy"}},
]
DUP_SKIPS = [(4, f"\"id\" '{DUP}V4' is not an arXiv id")]


class TestDuplicateIds:
    def test_one_paper_per_id_the_later_copy_wins_and_keeps_what_it_lacks(self, home: Path) -> None:
        first, second = parse_feed_text(json.dumps(DUP_FILE_1)), parse_feed_text(json.dumps(DUP_FILE_2))
        assert first.skipped == DUP_SKIPS and second.skipped == []
        with Library.open(home / "library.db") as lib:
            result = lib.import_papers([*first.papers, *second.papers])
            assert result.added == (DUP, "2603.00002", paper_id(CLICK_NUMBER))
            rows = list(lib.list_rows(lib.select()).values())
            assert sorted(row.id for row in rows) == sorted(result.added), "no duplicate rows"
            paper = lib.paper(next(row.pk for row in rows if row.id == DUP))
        assert paper is not None
        assert paper.title == "Last copy"
        assert paper.upvotes == 4, "the last copy has none: the one before it counts"
        assert paper.github_repo == "https://github.com/owner/repo"
        assert paper.ai_summary == "Only the first copy has a summary."
        assert json.loads(paper.raw)["paper"]["title"] == "Last copy"

    def test_reimporting_copies_keeps_read_and_star_marks(self, home: Path) -> None:
        with Library.open(home / "library.db") as lib:
            lib.import_papers(parse_feed_text(json.dumps(ITEMS)).papers)
            lib.import_papers(parse_feed_text(json.dumps(DUP_FILE_1)).papers)
            lib.star(DUP)
            lib.mark_read(DUP)
            lib.star(paper_id(CLICK_NUMBER))
            before = lib.count()
            result = lib.import_papers(parse_feed_text(json.dumps(DUP_FILE_1 + DUP_FILE_2)).papers)
            assert lib.count() == before
            assert DUP in result.updated and paper_id(CLICK_NUMBER) in result.updated
            assert lib.state(DUP).starred and lib.state(DUP).read
            assert lib.state(paper_id(CLICK_NUMBER)).starred
            (count, distinct) = lib._db.execute("SELECT count(*), count(DISTINCT id) FROM papers").fetchone()
            assert count == distinct == before
            assert lib._db.execute("SELECT count(*) FROM state").fetchone()[0] == 2


# -- ids that look like paths: refused, so no URL built from an id can leave its site ---------

PATH_IDS = [
    "../../etc/passwd", "/tmp/x", "a/b", "..", ".", "/", "~/.ssh/id_rsa", "C:\\x", "C:\\Windows\\win.ini",
    "\\\\evil\\share", "2406.12345/../../x", "2406.12345/..", "2406.12345\\..\\..", "%2e%2e%2f",
    "..%2f..%2fetc%2fpasswd", "2406.12345%2f..", "2406.12345\x00", "2406.12345\x00../../x", "2406.12345\n../../x",
    "2406.12345\r\nHost: evil.example", "file:///etc/passwd", "https://evil.example/2406.12345",
    "//evil.example/2406.12345", "2406.12345?next=https://evil.example", "2406.12345#x", "2406.12345@evil.example",
    "evil.example:443/2406.12345", "hep-th/../../9901001", "hep-th/9901001/../../x", "hep-th/9901001/", "2406.12345/",
    "\uff12\uff14\uff10\uff16.\uff11\uff12\uff13\uff14\uff15", "2406.12345\u202e", "2406.12345\u2028x",
    "2406.123", "2406.123456", "2406.12345v", "2406.12345v2v3", "2406.12345 v2",
]  # fmt: skip
URL_SITES = {
    "Hugging Face": ("huggingface.co", "/papers/"),
    "arXiv": ("arxiv.org", "/abs/"),
    "PDF": ("arxiv.org", "/pdf/"),
}


def assert_id_urls_stay_on_their_sites(paper: Paper) -> None:
    """Each URL made from the id is https://<its site>/<its path>/<id>, the id one or two plain segments."""
    for link in paper.links[:3]:
        host, path = URL_SITES[link.label]
        parts = urlsplit(link.url)
        assert (parts.scheme, parts.hostname, parts.port, parts.username) == ("https", host, None, None), link
        assert parts.path == path + paper.id and not parts.query and not parts.fragment, link
        assert not {".", ".."} & set(parts.path.split("/")), link
        assert re.fullmatch(r"[A-Za-z0-9./-]+", paper.id), paper.id


class TestPathLikeIds:
    def test_every_path_like_id_is_refused_with_its_reason_shown_plainly(self) -> None:
        items = [{"paper": {**plain_inner(1), "id": raw}} for raw in PATH_IDS]
        feed = parse_feed_text(json.dumps(items))
        assert feed.papers == []
        assert [position for position, _ in feed.skipped] == list(range(len(PATH_IDS)))
        for _, reason in feed.skipped:
            assert reason.endswith("is not an arXiv id"), reason
            assert not forbidden(reason), reason

    @pytest.mark.parametrize("raw", ["2406.12345", "2406.12345v2", " 2406.12345\n", "hep-th/9901001v1"])
    def test_ids_that_are_kept_make_urls_on_their_own_sites(self, raw: str) -> None:
        (paper,) = parse_feed_text(json.dumps([{"id": raw, "title": "T"}])).papers
        assert_id_urls_stay_on_their_sites(paper)

    @pytest.mark.parametrize("raw", ["a../1234567", "a.-b/1234567", "./1234567", "-a/1234567"])
    def test_old_style_ids_need_an_archive_name_of_words(self, raw: str) -> None:
        feed = parse_feed_text(json.dumps([{"id": raw, "title": "T"}]))
        assert feed.papers == [] and len(feed.skipped) == 1

    def test_no_id_the_parser_takes_can_move_a_url(self) -> None:
        """Every string of up to four of these pieces (and the path-like ids around a good one): 170,000 tries.

        Exhaustive rather than Hypothesis, which would write a .hypothesis/ directory into the clone.
        """
        pieces = ["2406", ".", "12345", "/", "..", "v2", "\\", "%2e", "hep-th", "a", "\x00", "\n", " ", "@", "?",
                  "#", ":", "//", "\uff11", "9901001"]  # fmt: skip
        candidates = ["".join(parts) for size in range(5) for parts in itertools.product(pieces, repeat=size)]
        candidates += [f"{before}2406.12345{after}" for before in ["", *PATH_IDS] for after in ["", *PATH_IDS]]
        taken = {paper_id_ for raw in candidates if (paper_id_ := normalize_paper_id(raw)) is not None}
        assert {"2406.12345", "hep-th/9901001", "a/9901001"} <= taken, "the test must see ids that are taken"
        for paper_id_ in taken:
            assert_id_urls_stay_on_their_sites(Paper(id=paper_id_, title="T"))


# -- the whole corpus through `paper-reader import` (the real console script) ------------------


PATH_ITEMS = [{"paper": {**plain_inner(1), "id": raw}} for raw in PATH_IDS]
CORPUS: dict[str, tuple[str, list[tuple[int, str]]]] = {
    "hostile.json": (json.dumps(ITEMS, ensure_ascii=False), []),
    "wrong-types.json": (feed_text(WRONG_ITEMS), WRONG_SKIPS),
    "path-ids.json": (json.dumps(PATH_ITEMS, ensure_ascii=False),
                      [(i, f"\"id\" {clean_line(raw)[:40]!r} is not an arXiv id") for i, raw in enumerate(PATH_IDS)]),
    "duplicates-1.json": (json.dumps(DUP_FILE_1, ensure_ascii=False), DUP_SKIPS),
    "duplicates-2.json": (json.dumps(DUP_FILE_2, ensure_ascii=False), []),
}  # fmt: skip
"""File name: (its text, the (position, reason) of every item the import must skip)."""
CORPUS_PAPERS = len(ITEMS) + len(WRONG_KEPT) + len(DUP_FILE_1) - len(DUP_SKIPS) + len(DUP_FILE_2)
CORPUS_IDS = {paper_id(n) for n, _ in NUMBERED} | set(WRONG_KEPT) | {DUP, "2603.00002"}

HOSTILE_INPUTS = {
    "hostile text items": len(ITEMS),
    "hostile project/GitHub link pairs": len(HOSTILE_URLS),
    "wrong-type items": len(WRONG_TYPES),
    "items that are not papers": len(NOT_PAPERS),
    "path-like ids": len(PATH_IDS),
    "duplicate-id items": len(DUP_FILE_1) + len(DUP_FILE_2),
}


def write_corpus(directory: Path) -> list[Path]:
    directory.mkdir()
    for name, (text, _) in CORPUS.items():
        (directory / name).write_text(text, encoding="utf-8")
    return [directory / name for name in CORPUS]


def assert_plain_stderr(stderr: str) -> None:
    """No traceback, and nothing a terminal would act on."""
    assert "Traceback" not in stderr and "Error:" not in stderr, stderr[-2000:]
    assert not forbidden(stderr), forbidden(stderr)
    assert all(line.startswith("paper-reader: ") for line in stderr.splitlines()), stderr[-2000:]


class TestImportCommand:
    def test_the_corpus_is_as_big_as_reported(self) -> None:
        assert sum(HOSTILE_INPUTS.values()) == 24 + 9 + 64 + 9 + 39 + 9 == 154

    def test_the_whole_corpus_imports_with_one_stderr_line_per_skipped_item(
        self, cli, home: Path, tmp_path: Path
    ) -> None:
        files = write_corpus(tmp_path / "corpus")
        done = cli("import", *files)
        assert done.returncode == 0, done.stderr[-2000:]
        assert_plain_stderr(done.stderr)
        expected = [f"paper-reader: {file}: item {position} skipped: {reason}"
                    for file in files for position, reason in CORPUS[file.name][1]]  # fmt: skip
        assert done.stderr.splitlines() == expected
        assert done.stdout == (f"Imported {CORPUS_PAPERS} papers from {len(files)} files: "
                               f"{len(CORPUS_IDS)} added, 0 updated, 0 unchanged.\n")  # fmt: skip

        with Library.open(home / "library.db") as lib:
            rows = list(lib.list_rows(lib.select()).values())
            assert sorted(row.id for row in rows) == sorted(CORPUS_IDS), "one row per paper"
            papers = {row.id: lib.paper(row.pk) for row in rows}
            for number, case in NUMBERED:
                paper = papers[paper_id(number)]
                assert paper is not None
                if number == CLICK_NUMBER:
                    assert paper.title == "A later [b]hostile[/b] copy"
                else:
                    assert paper.title == case.shown_title
                assert paper.authors == case.shown_authors
            for wrong_id, expected_paper in WRONG_KEPT.items():
                assert papers[wrong_id] == expected_paper
            assert papers[DUP] is not None and papers[DUP].title == "Last copy"
            for paper in papers.values():
                assert paper is not None
                assert_id_urls_stay_on_their_sites(paper)
                assert all(link.url.startswith(("https://", "http://")) for link in paper.links)

        again = cli("import", *files)
        assert again.returncode == 0 and again.stderr == done.stderr
        assert again.stdout.endswith(f": 0 added, 0 updated, {len(CORPUS_IDS)} unchanged.\n")

        # `paper-reader list` prints the same papers as plain lines of four tab-separated fields.
        listed = cli("list")
        assert listed.returncode == 0 and listed.stderr == ""
        assert not forbidden(listed.stdout.replace("\t", ""))
        lines = listed.stdout.splitlines()
        assert sorted(line.split("\t")[0] for line in lines) == sorted(CORPUS_IDS)
        assert all(len(line.split("\t")) == 4 for line in lines)
        assert (
            f"{paper_id(CLICK_NUMBER)}\t2026-01-{CLICK_NUMBER:02d}\t{CLICK_NUMBER}\tA later [b]hostile[/b] copy"
            in lines
        )

    @pytest.mark.parametrize(
        ("content", "message"),
        [
            (b"\x1b[2J\x1b]52;c;ZXZpbA==\x07 not JSON", "not JSON (Expecting value: line 1 column 1 (char 0))"),
            (b"", "not JSON (Expecting value: line 1 column 1 (char 0))"),
            (b"\xff\xfe\x1b\x00[\x002\x00J\x00", "not JSON (Expecting value: line 1 column 1 (char 0))"),
            (b"\x9b31m\xc2\x9b2J", "not JSON ('utf-8' codec can't decode byte 0x9b in position 0: invalid start byte)"),
            (b'"\\u001b[2J a JSON string"', "expected a JSON array or object, found str"),
            (HUGE_DIGITS.encode(), "expected a JSON array or object, found float"),
            (b"[" * 100_000, "not JSON (nested too deeply)"),
            (b'{"id": "\\u001b]52;c;ZXZpbA==\\u0007../../etc/passwd", "title": "x"}',
             "the object is not a paper: \"id\" '../../etc/passwd' is not an arXiv id"),
            (b'{"id": "2406.12345", "title": {"\\u001b[2J": 1}}',
             "the object is not a paper: paper 2406.12345 has no title"),
        ],
        ids=["escapes", "empty", "utf-16", "c1-bytes", "string", "huge-number", "deep", "flat-bad-id", "flat-no-title"],
    )  # fmt: skip
    def test_a_file_that_is_not_a_feed_is_one_plain_line_and_nothing_imported(
        self, content: bytes, message: str, cli, home: Path, tmp_path: Path
    ) -> None:
        bad = tmp_path / "bad.json"
        bad.write_bytes(content)
        done = cli("import", items_file(tmp_path), bad)
        assert done.returncode == 1
        assert_plain_stderr(done.stderr)
        assert done.stderr == f"paper-reader: {bad}: {message}; nothing imported\n"
        db = home / "library.db"
        assert not db.exists() or console.count_papers(db) == 0

    def test_file_names_are_shown_escaped_never_interpreted(self, cli, home: Path, tmp_path: Path) -> None:
        """A downloaded file's name is not the user's text either: its escapes are shown, not run."""
        evil = "evil\x1b[2J\x1b]52;c;ZXZpbA==\x07\u202egpj.json"
        skips = tmp_path / evil
        skips.write_text(json.dumps([5]), encoding="utf-8")
        done = cli("import", skips)
        assert done.returncode == 0
        assert_plain_stderr(done.stderr)
        assert done.stderr == f"paper-reader: {str(skips)!r}: item 0 skipped: expected an object, found int\n"

        bad = tmp_path / f"bad-{evil}"
        bad.write_text("not JSON", encoding="utf-8")
        done = cli("import", bad)
        assert done.returncode == 1
        assert_plain_stderr(done.stderr)
        assert done.stderr.startswith(f"paper-reader: {str(bad)!r}: not JSON")

        missing = tmp_path / f"missing-{evil}"
        done = cli("import", missing)
        assert done.returncode == 1
        assert_plain_stderr(done.stderr)
        assert done.stderr.startswith(f"paper-reader: {str(missing)!r}: cannot read")


def items_file(directory: Path) -> Path:
    """The hostile items as a file: a good file before a bad one must not be imported either."""
    path = directory / "hostile-items.json"
    if not path.exists():
        path.write_text(json.dumps(ITEMS, ensure_ascii=False), encoding="utf-8")
    return path


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
                paper = app.current
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
                         ("left_square_bracket", "right_square_bracket", "t", "t", "t", "t"),
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
