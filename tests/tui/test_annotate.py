"""`t` tags, `e` and `E` notes in the real reader under the pilot, against a real library file."""

from __future__ import annotations

import stat
import sys
from pathlib import Path

import pytest
from textual.widgets import Input, TextArea

from reader.storage.library import Library
from reader.tui.dialogs.confirm import ConfirmScreen
from reader.tui.dialogs.note import NoteScreen
from reader.tui.dialogs.tags import TagsScreen
from reader.tui.screens.main import MainScreen
from reader.tui.widgets.paper_list import PaperList

WIDE = (120, 40)


def detail_text(app) -> str:
    return app.main_screen.detail.plain_text


def messages(app) -> list[str]:
    return [notification.message for notification in app._notifications]


class TestTags:
    async def test_t_saves_the_tags_typed_and_shows_them_in_the_detail_and_the_row(
        self, make_app, library: Library, home: Path
    ) -> None:
        app = make_app()
        async with app.run_test(size=WIDE, notifications=True) as pilot:
            await pilot.press("j", "t")
            assert isinstance(app.screen, TagsScreen)
            paper_id = app.main_screen.current.id
            await pilot.press(*"rg, To-Cite", "enter")
            assert isinstance(app.screen, MainScreen)
            with Library.open(home / "library.db") as other:  # committed before the key returned
                assert other.tags(paper_id) == ("rg", "To-Cite")
            assert "#rg  #To-Cite" in detail_text(app)
            assert "#rg #To-Cite" in app.query_one(PaperList).render_line(1).text

    async def test_tags_typed_in_one_burst_with_t_land_in_the_box(self, make_app, library: Library) -> None:
        from textual import events

        app = make_app()
        async with app.run_test(size=WIDE) as pilot:
            paper_id = app.main_screen.current.id
            for key, character in [("t", "t"), *[(c, c) for c in "rg"], ("enter", None)]:
                app.post_message(events.Key(key, character))
            await pilot.pause()
            await pilot.pause()
            assert library.tags(paper_id) == ("rg",)

    async def test_t_and_e_are_characters_in_the_filter_box(self, make_app) -> None:
        app = make_app()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.press("slash", *"text:tree")
            assert app.query_one("#filter-text", Input).value == "text:tree"
            assert isinstance(app.screen, MainScreen)

    async def test_the_tag_being_typed_completes_from_the_tags_in_use(self, make_app, library: Library) -> None:
        papers = library.select()
        library.set_tags(library.paper(papers[5]).id, ["Reading-group"])
        app = make_app()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.press("t", *"agents rea")
            box = app.screen.query_one("#tags-text", Input)
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert box._suggestion == "agents Reading-group"  # completed from the tag in use, in its spelling
            await pilot.press("right", "enter")
            assert library.tags(app.main_screen.current.id) == ("agents", "Reading-group")

    async def test_escape_cancels_and_a_bad_tag_is_said_and_not_saved(self, make_app, library: Library) -> None:
        app = make_app()
        async with app.run_test(size=WIDE) as pilot:
            paper_id = app.main_screen.current.id
            await pilot.press("t", *"keep", "escape")
            assert isinstance(app.screen, MainScreen) and library.tags(paper_id) == ()
            await pilot.press("t", *("x" * 41), "enter")
            assert isinstance(app.screen, TagsScreen)
            assert "at most 40 characters" in str(app.screen.query_one("#problem").render())
            assert library.tags(paper_id) == ()

    async def test_a_tag_filter_is_run_again_after_a_tag_changes(self, make_app, library: Library) -> None:
        app = make_app()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.press("slash", *"-tag:rg", "enter")
            await pilot.pause()
            assert len(app.main_screen.paper_list.pks) == 30
            await pilot.press("j")
            tagged = app.main_screen.current.id
            await pilot.press("t", *"rg", "enter")
            await pilot.pause()
            shown = [library.paper(pk).id for pk in app.main_screen.paper_list.pks]
            assert len(shown) == 29 and tagged not in shown


@pytest.fixture
def fake_editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A real program standing in for the editor: it logs the file it got and writes a note into it."""
    log = tmp_path / "editor.log"
    script = tmp_path / "fake-editor"
    script.write_text(
        f"#!{sys.executable}\nimport sys, pathlib\n"
        f"path = pathlib.Path(sys.argv[-1])\nopen({str(log)!r}, 'a').write(path.read_text() + '|')\n"
        "path.write_text(path.read_text() + 'written in the editor\\n')\n"
    )
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("VISUAL", f"{script} --wait")
    return log


class TestNotes:
    async def test_e_edits_the_note_in_a_modal_and_ctrl_s_saves_it(self, make_app, library: Library) -> None:
        app = make_app()
        async with app.run_test(size=WIDE, notifications=True) as pilot:
            paper_id = app.main_screen.current.id
            await pilot.press("e")
            assert isinstance(app.screen, NoteScreen)
            await pilot.press(*"Read section 3", "enter", *"again")
            await pilot.press("ctrl+s")
            assert isinstance(app.screen, MainScreen)
            assert library.note(paper_id) == "Read section 3\nagain"
            assert "Your note\nRead section 3\nagain" in detail_text(app)
            assert "Note saved" in messages(app)

    async def test_a_note_typed_in_one_burst_with_e_lands_in_the_area(self, make_app, library: Library) -> None:
        from textual import events

        app = make_app()
        async with app.run_test(size=WIDE) as pilot:
            paper_id = app.main_screen.current.id
            for key, character in [("e", "e"), *[(c, c) for c in "see fig"], ("enter", None), ("x", "x")]:
                app.post_message(events.Key(key, character))
            await pilot.pause()
            await pilot.press("ctrl+s")
            assert library.note(paper_id) == "see fig\nx"

    async def test_escape_asks_before_dropping_a_change(self, make_app, library: Library) -> None:
        library.set_note(library.paper(library.select()[0]).id, "kept")
        app = make_app()
        async with app.run_test(size=WIDE) as pilot:
            paper_id = app.main_screen.current.id
            await pilot.press("e", *" and more", "escape")
            assert isinstance(app.screen, ConfirmScreen)
            await pilot.press("n")  # no: back to the note, the change still there
            assert isinstance(app.screen, NoteScreen)
            assert app.screen.query_one(TextArea).text.endswith("and more")
            await pilot.press("escape", "y")
            assert isinstance(app.screen, MainScreen)
            assert library.note(paper_id) == "kept"
            await pilot.press("e", "escape")  # nothing changed: no question
            assert isinstance(app.screen, MainScreen)

    async def test_E_opens_the_note_in_the_editor_and_saves_what_it_wrote(
        self, make_app, library: Library, fake_editor: Path
    ) -> None:
        paper_id = library.paper(library.select()[0]).id
        library.set_note(paper_id, "first line")
        app = make_app()
        async with app.run_test(size=WIDE, notifications=True) as pilot:
            await pilot.press("E")
            await pilot.pause()
            assert fake_editor.read_text() == "first line\n|"
            assert library.note(paper_id) == "first line\nwritten in the editor"
            assert "written in the editor" in detail_text(app)

    async def test_a_missing_or_failing_editor_is_one_message_and_the_note_is_kept(
        self, make_app, library: Library, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        monkeypatch.delenv("VISUAL", raising=False)
        monkeypatch.delenv("EDITOR", raising=False)
        app = make_app()
        async with app.run_test(size=WIDE, notifications=True) as pilot:
            paper_id = app.main_screen.current.id
            await pilot.press("E")
            assert any("Set $VISUAL or $EDITOR" in m for m in messages(app))
            monkeypatch.setenv("EDITOR", str(tmp_path / "no-such-editor"))
            await pilot.press("E")
            assert any("Cannot run the editor" in m and "no-such-editor" in m for m in messages(app))
            monkeypatch.setenv("EDITOR", "false")
            await pilot.press("E")
            assert any("exited with status 1" in m for m in messages(app))
            assert library.note(paper_id) == ""
