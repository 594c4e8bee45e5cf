"""`c` copies a paper's BibTeX, `x` exports the paper or the list: in the real reader, read back by bibtexparser."""

from __future__ import annotations

from pathlib import Path

import bibtexparser
from bibtexparser.middlewares import LatexDecodingMiddleware
from textual.widgets import Input

from reader.storage.library import Library
from reader.tui.dialogs.confirm import ConfirmScreen
from reader.tui.dialogs.export import ExportScreen
from reader.tui.screens.main import MainScreen

WIDE = (120, 40)


def parse_bibtex(text: str) -> list[dict[str, str]]:
    """Entries as bibtexparser reads them (every block parsed), values LaTeX-decoded."""
    library = bibtexparser.parse_string(text, append_middleware=[LatexDecodingMiddleware()])
    assert not library.failed_blocks, [block.error for block in library.failed_blocks]
    return [{field.key: field.value for field in entry.fields} for entry in library.entries]


def messages(app) -> list[str]:
    return [notification.message for notification in app._notifications]


async def export_with(pilot, app, path: str, *keys: str) -> None:
    """`x`, then `keys` in the dialog (Tab moves between its groups), the file box set to `path`, Enter."""
    await pilot.press("x")
    assert isinstance(app.screen, ExportScreen)
    await pilot.press(*keys)
    box = app.screen.query_one("#export-path", Input)
    box.value = path
    box.focus()
    await pilot.press("enter")
    await finished(pilot, app)


async def finished(pilot, app) -> None:
    """The export's worker has rendered on its thread and handed the text back to the UI thread."""
    await app.workers.wait_for_complete()
    await pilot.pause()


class TestCopyBibtex:
    async def test_c_copies_the_paper_entry_with_its_tags_and_note(self, make_app, library: Library) -> None:
        paper = library.paper(library.select()[1])
        library.set_tags(paper.id, ["rg"])
        library.set_note(paper.id, "50% of {it} & more")
        app = make_app()
        async with app.run_test(size=WIDE, notifications=True) as pilot:
            await pilot.press("j", "c")
            [entry] = parse_bibtex(app.clipboard)
            assert entry["title"] == paper.title and entry["eprint"] == paper.id
            assert entry["keywords"] == "rg" and entry["note"] == "50% of {it} & more"
            assert any(m.startswith("Copied the BibTeX entry @") for m in messages(app))


class TestExport:
    async def test_x_writes_the_whole_filtered_list_in_order(self, make_app, library: Library, tmp_path: Path) -> None:
        app = make_app()
        async with app.run_test(size=WIDE, notifications=True) as pilot:
            await pilot.press("slash", *"upvotes>=50", "enter")
            await pilot.pause()
            shown = [library.paper(pk).id for pk in app.main_screen.paper_list.pks]
            assert 1 < len(shown) < 30
            target = tmp_path / "list.bib"
            await export_with(pilot, app, str(target))
            assert isinstance(app.screen, MainScreen)
            assert [entry["eprint"] for entry in parse_bibtex(target.read_text(encoding="utf-8"))] == shown
            assert f"Wrote {len(shown)} papers as BibTeX to {target}" in messages(app)

    async def test_x_exports_the_paper_alone_in_another_format(
        self, make_app, library: Library, tmp_path: Path
    ) -> None:
        app = make_app()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.press("j", "j")
            paper_id = app.main_screen.current.id
            # The format group: down to RIS, Enter picks it; Tab to the scope group: down to the paper, Enter.
            await pilot.press("x")
            app.screen.query_one("#format").focus()
            await pilot.press("down", "enter", "tab", "down", "enter")
            box = app.screen.query_one("#export-path", Input)
            assert box.value.endswith(".ris"), "the extension follows the format"
            box.value = str(tmp_path / "one.ris")
            box.focus()
            await pilot.press("enter")
            await finished(pilot, app)
            import rispy

            [record] = rispy.loads((tmp_path / "one.ris").read_text(encoding="utf-8"))
            assert paper_id in str(record)

    async def test_an_existing_file_is_replaced_only_when_the_user_says_yes(
        self, make_app, library: Library, tmp_path: Path
    ) -> None:
        target = tmp_path / "kept.bib"
        target.write_text("mine\n", encoding="utf-8")
        app = make_app()
        async with app.run_test(size=WIDE, notifications=True) as pilot:
            await export_with(pilot, app, str(target))
            assert isinstance(app.screen, ConfirmScreen)
            await pilot.press("n")
            assert target.read_text(encoding="utf-8") == "mine\n"
            await export_with(pilot, app, str(target))
            await pilot.press("y")
            assert len(parse_bibtex(target.read_text(encoding="utf-8"))) == 30

    async def test_an_unwritable_file_is_one_message_and_an_empty_file_box_copies(
        self, make_app, library: Library, tmp_path: Path
    ) -> None:
        (tmp_path / "a-file").write_text("", encoding="utf-8")
        app = make_app()
        async with app.run_test(size=WIDE, notifications=True) as pilot:
            await export_with(pilot, app, str(tmp_path / "a-file" / "x.bib"))  # a file is no folder, even for root
            assert any(m.startswith("Cannot write") and "a-file" in m for m in messages(app)), messages(app)
            assert not (tmp_path / "a-file").read_text(encoding="utf-8")
            await export_with(pilot, app, "")
            assert len(parse_bibtex(app.clipboard)) == 30
            assert "Copied 30 papers as BibTeX to the clipboard" in messages(app)


class TestExportOffTheUiThread:
    async def test_keys_answer_while_an_export_is_written_and_a_second_waits(
        self, make_app, library: Library, tmp_path: Path, monkeypatch
    ) -> None:
        import threading

        import reader.tui.exporting as exporting

        release = threading.Event()
        real_render = exporting.render

        def held_render(format_name, items):
            assert release.wait(timeout=30), "the test never released the export"
            return real_render(format_name, items)

        monkeypatch.setattr(exporting, "render", held_render)
        app = make_app()
        async with app.run_test(size=WIDE, notifications=True) as pilot:
            target = tmp_path / "held.bib"
            await pilot.press("x")
            box = app.screen.query_one("#export-path", Input)
            box.value = str(target)
            box.focus()
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, MainScreen)
            before = app.main_screen.paper_list.current_pk
            await pilot.press("j")
            assert app.main_screen.paper_list.current_pk != before, "the cursor moves while the export is rendered"
            await pilot.press("x")
            assert isinstance(app.screen, MainScreen), "no second dialog while one export runs"
            assert "An export is still being written; wait for it to finish" in messages(app)
            assert not target.exists()
            release.set()
            await finished(pilot, app)
            assert len(parse_bibtex(target.read_text(encoding="utf-8"))) == 30
            assert f"Wrote 30 papers as BibTeX to {target}" in messages(app)
