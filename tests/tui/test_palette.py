"""The command palette and the key registry: every action is in the palette with its current key, and runs as the key.

The real app under the pilot, on a real library; `reader.tui.keys` is the one place a key is declared.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from typing import Any

import pytest
from textual.binding import Binding
from textual.command import CommandList
from textual.dom import DOMNode
from textual.widgets import Input, Static

import reader.tui
from reader.query import Sort
from reader.storage.library import Library
from reader.tui import keys
from reader.tui.app import PaperReaderApp
from reader.tui.widgets.status import StatusLine

WIDE = (120, 40)

PALETTE_ACTIONS = {
    "paper.star": "s", "paper.read": "m", "list.next_unread": "n", "list.previous_unread": "N",
    "paper.open_github": "o", "paper.open_hf": "h", "paper.open_arxiv": "a", "paper.copy_link": "y",
    "library.refresh": "R", "list.sort": "O", "list.reverse": "r", "span.step": "T", "span.previous": "[",
    "span.next": "]", "filter.starred": "S", "filter.unread": "U", "filter.code": "C", "app.filter": "/",
    "app.views": "v", "views.save": "V", "app.help": "?", "app.quit": "q",
}  # fmt: skip
"""What the palette must offer (issue 11), by binding id, with the key each has by default."""


def commands(app: PaperReaderApp) -> dict[str, str]:
    """The palette's entries: title -> help line."""
    return {command.title: command.help for command in app.get_system_commands(app.screen)}


def status(app: PaperReaderApp) -> str:
    return str(app.query_one(StatusLine).render())


def count_text(app: PaperReaderApp) -> str:
    return str(app.query_one("#count", Static).render())


async def run_from_palette(app: PaperReaderApp, pilot: Any, title: str) -> None:
    """Open the palette (Ctrl+P), type the entry's title, wait for it to be the first hit, press Enter."""
    await pilot.press("ctrl+p", *[{" ": "space"}.get(ch, ch) for ch in title])
    for _ in range(50):  # the palette searches in a worker: wait for its answer, not for a fixed time
        await pilot.pause()
        results = app.screen.query(CommandList)
        if results and results.first().option_count and title in str(results.first().get_option_at_index(0).prompt):
            break
    else:
        raise AssertionError(f"{title!r} never came first in the palette")
    await pilot.press("enter")
    await pilot.pause()
    assert app.screen is app.main_screen


class TestPaletteEntries:
    async def test_every_action_is_listed_with_its_key(self, make_app) -> None:
        app = make_app()
        async with app.run_test(size=WIDE):
            listed = commands(app)
            for binding_id, key in PALETTE_ACTIONS.items():
                title = keys.KEYS[binding_id].palette
                assert title is not None, f"{binding_id} is not in the palette"
                assert listed.get(title) == f"Key {key}", (binding_id, listed.get(title))
            for sort in Sort:
                assert f"Sort by {sort.label}" in listed
            for view in app.main_screen.views.views():
                assert f"View: {view.name}" in listed
            assert "Quit" in listed and list(listed).count("Quit") == 1, "Textual's own Quit is replaced by ours"

    async def test_the_palette_shows_the_key_as_remapped_in_config(self, make_app) -> None:
        app = make_app(keymap={"paper.star": "x", "list.sort": "ctrl+o"})
        async with app.run_test(size=WIDE) as pilot:
            listed = commands(app)
            assert listed[keys.KEYS["paper.star"].palette or ""] == "Key x"
            assert listed[keys.KEYS["list.sort"].palette or ""] == "Key ctrl+o"
            assert "key ctrl+o steps through the orders" in listed["Sort by upvotes"]
            await pilot.press("ctrl+p", *"unstar")
            for _ in range(50):
                await pilot.pause()
                results = app.screen.query(CommandList)
                if results and results.first().option_count:
                    break
            shown = "\n".join(str(results.first().get_option_at_index(i).prompt)
                              for i in range(results.first().option_count))  # fmt: skip
            assert "Star or unstar the paper" in shown and "Key x" in shown


class TestPaletteRunsActions:
    async def test_star_from_the_palette_stars_the_paper_under_the_cursor(self, make_app, library: Library) -> None:
        app = make_app()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.press("j", "j")
            paper_id = app.main_screen.current.id
            await run_from_palette(app, pilot, "Star or unstar the paper")
            assert library.state(paper_id).starred
            assert "★" in app.main_screen.paper_list.render_line(2).text
            assert "★ Starred" in app.main_screen.detail.plain_text
            await run_from_palette(app, pilot, "Star or unstar the paper")
            assert not library.state(paper_id).starred

    @pytest.mark.parametrize(("key", "title"), [("O", "Next sort order"), ("r", "Reverse the order"),
                                                 ("T", "Step by day, week, month or all dates")])  # fmt: skip
    async def test_an_order_from_the_palette_is_the_same_as_its_key(self, make_app, key: str, title: str) -> None:
        by_key = make_app(restore_session=False)  # both start from the same place, not where the first was left
        async with by_key.run_test(size=WIDE) as pilot:
            await pilot.press(key)
            await pilot.pause()
            expected = (list(by_key.main_screen.paper_list.pks), by_key.main_screen.order, status(by_key))
        app = make_app(restore_session=False)
        async with app.run_test(size=WIDE) as pilot:
            before = (app.main_screen.order.sort, app.main_screen.order.reverse, app.main_screen.order.span)
            await run_from_palette(app, pilot, title)
            after = app.main_screen.order
            assert (after.sort, after.reverse, after.span) != before, "the palette changed the order"
            assert (list(app.main_screen.paper_list.pks), after, status(app)) == expected

    async def test_sort_by_and_toggles_and_focus_from_the_palette(self, make_app, library: Library) -> None:
        app = make_app()
        async with app.run_test(size=WIDE) as pilot:
            await run_from_palette(app, pilot, "Sort by upvotes")
            rows = library.list_rows(app.main_screen.paper_list.pks)
            upvotes = [rows[pk].upvotes or 0 for pk in app.main_screen.paper_list.pks]
            assert upvotes == sorted(upvotes, reverse=True)
            await pilot.press("s")
            await run_from_palette(app, pilot, "Toggle: only starred")
            assert count_text(app) == "1 of 30 papers"
            await run_from_palette(app, pilot, "Focus the filter box")
            assert isinstance(app.focused, Input)
            await pilot.press(*"abc")
            assert app.query_one("#filter-text", Input).value == "abc"


def tui_classes() -> list[type[DOMNode]]:
    """Every widget, screen and app class defined under reader.tui."""
    found: list[type[DOMNode]] = []
    for module_info in pkgutil.walk_packages(reader.tui.__path__, "reader.tui."):
        module = importlib.import_module(module_info.name)
        for _name, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, DOMNode) and value.__module__ == module.__name__:
                found.append(value)
    return found


class TestOneRegistry:
    def test_every_binding_of_every_widget_comes_from_the_registry(self) -> None:
        registered = {id(key.binding) for key in keys.KEYS.values()}
        declared: set[str] = set()
        for cls in tui_classes():
            for binding in cls.__dict__.get("BINDINGS", []):
                assert isinstance(binding, Binding) and id(binding) in registered, (
                    f"{cls.__name__} declares {binding!r} outside reader.tui.keys"
                )
                assert binding.id not in declared, f"{binding.id} is in two BINDINGS"
                declared.add(binding.id or "")
        assert declared == keys.binding_ids(), "a key of the registry is bound nowhere"

    def test_every_binding_is_in_the_help_or_the_palette(self) -> None:
        helped = {binding.id for _title, bindings in keys.help_sections() for binding in bindings}
        for key in keys.KEYS.values():
            shown_by = key.help_row or key.id
            assert key.palette or shown_by in helped, f"{key.id} is in neither the help screen nor the palette"
            assert key.help_row is None or key.help_row in helped, f"{key.id} points to a row the help lacks"

    def test_an_id_declared_twice_is_refused(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(keys, "SCOPES", (keys.MAIN, keys.PAPER_LIST, keys.PAPER_LIST))
        with pytest.raises(ValueError, match=r"list\.down"):
            keys._registry()

    async def test_keymap_check_knows_every_registered_id(self, make_app) -> None:
        every = {"views.cancel": "f5", "help.close": "f6", "detail.top": "f7"}  # one of each scope but the main
        app = make_app(keymap={**every, "no.such": "f11"})
        async with app.run_test(size=WIDE, notifications=True) as pilot:
            await pilot.pause()
            warnings = [n.message for n in app._notifications if n.severity == "warning"]
            assert len(warnings) == 1 and "no.such" in warnings[0]
            assert not any(binding_id in warnings[0] for binding_id in every)
