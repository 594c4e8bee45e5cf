"""Hostile feed text, walked through every pane of the real app: it shows literally and triggers nothing.

DESIGN.md, "Untrusted input": everything from a feed is plain text everywhere
(list, detail, notifications, help, command palette). Markup must not become
style or a live action, escape sequences and bidi overrides are stripped, huge
fields render, and only http(s) links are ever opened.

The hostile papers are in hostile_text_cases.py; the rest of the corpus (wrong types, duplicate and
path-like ids, hostile files and names) has a test file of its own here.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import hostile_pilot
import pytest
from hostile_pilot import (
    Notes,
    assert_in,
    assert_main_screen_running,
    detail_export,
    detail_strips,
    list_line,
    live_styles,
    make_app,
    opened,
    pk_of,
    row_title,
    select,
)
from hostile_text_cases import (
    CASE_PARAMS,
    CASES,
    CLICK_NUMBER,
    ELLIPSIS,
    HUGE_ABSTRACT_RAW,
    LONG_TITLE_RAW,
    MANY_AUTHORS_RAW,
    NUMBERED,
    WIDE,
    Hostile,
    expected_urls,
    forbidden,
    hostile_item,
    paper_id,
    squash,
)
from textual.app import App, ComposeResult
from textual.command import CommandPalette
from textual.geometry import Region
from textual.widgets import Input, Static

from reader.sources.hf_api import parse_feed_text
from reader.storage.library import Library
from reader.tui.screens.help import HelpScreen
from reader.tui.widgets.detail import MAX_SHOWN_CHARS, PaperDetail
from reader.tui.widgets.paper_list import PaperList

# pytest finds fixtures among a module's names: these are the hostile tests' shared ones.
hostile_library = hostile_pilot.hostile_library
hostile_library_file = hostile_pilot.hostile_library_file
no_graphical_browser = hostile_pilot.no_graphical_browser


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
                app.main_screen.around.fetch_now()  # its linked repositories are asked for: their line comes first
                await app.workers.wait_for_complete()
                await pilot.pause()
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
            assert app.main_screen.current is not None and app.main_screen.current.id == paper_id(CLICK_NUMBER)

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
