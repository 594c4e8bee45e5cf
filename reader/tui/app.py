"""The reader: filter pane on top, paper list and detail side by side (stacked when narrow)."""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import os
import sqlite3
from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events, on
from textual.actions import SkipAction
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Container
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Header, Input
from textual.worker import Worker, WorkerState

from reader import __version__
from reader.core.config import Config
from reader.core.paper import Paper, is_web_url
from reader.core.spans import Span, Step
from reader.core.views import View, all_views
from reader.query import PaperFilter, QueryError, Sort
from reader.storage.errors import DAMAGED_CODES, DamagedLibraryError, LibraryError
from reader.storage.library import LAST_SYNC_META, Library
from reader.storage.rows import PaperState
from reader.tui.widgets.detail import PaperDetail
from reader.tui.widgets.filter_pane import FilterPane
from reader.tui.widgets.footer import KeyFooter
from reader.tui.widgets.paper_list import PaperList
from reader.tui.widgets.status import StatusLine
from reader.tui.widgets.view_bar import ViewBar

if TYPE_CHECKING:
    from reader.services.query_thread import QueryThread
    from reader.services.sync import SyncReport
    from reader.sources.client import ClientSettings
    from reader.tui.screens.help import HelpSection

FIRST_SCREEN_ROWS = 200
"""Rows fetched before the first frame: more than any terminal shows, a fraction of a big library."""

OFF_THREAD_PAPERS = 5_000
"""Libraries bigger than this are searched on the query thread; smaller ones answer within a millisecond."""

NARROW_WIDTH = 100
"""Below this many columns the detail pane goes under the list instead of beside it."""

EXPORT_DELAY = 2.0
"""Seconds without a new mark before state.toml is rewritten (every mark is in the library at once)."""

_LINK_KEYS = [
    Binding(str(n), f"open_link({n})", f"Open link {n}", show=False, id=f"paper.link_{n}") for n in range(1, 10)
]


class PaperReaderApp(App[None]):
    """A keyboard-first reader over one open `Library`."""

    TITLE = "paper-reader"
    CSS_PATH = "app.tcss"
    AUTO_FOCUS = "#papers"
    ENABLE_COMMAND_PALETTE = True

    off_thread_papers = OFF_THREAD_PAPERS
    """Search on the query thread above this many papers (tests set 0 to take that path on a small library)."""

    BINDINGS = [
        Binding("question_mark", "help", "Help", id="app.help"),
        # Priority: handled the moment the key arrives, so the keys typed right after it land in the box.
        Binding("slash", "focus_filter", "Filter", id="app.filter", priority=True),
        Binding(
            "enter", "leave_filter", "Done filtering: back to the list", show=False, id="filter.done", priority=True
        ),
        Binding("s", "star", "Star", id="paper.star"),
        Binding("m", "toggle_read", "Read/unread", id="paper.read"),
        Binding("n", "next_unread", "Next unread", show=False, id="list.next_unread"),
        Binding("N", "previous_unread", "Previous unread", show=False, id="list.previous_unread"),
        Binding("o", "open_github", "Code", id="paper.open_github"),
        Binding("h", "open_hf", "HF page", show=False, id="paper.open_hf"),
        Binding("a", "open_arxiv", "arXiv", show=False, id="paper.open_arxiv"),
        *_LINK_KEYS,
        Binding("y", "copy_link", "Copy link", show=False, id="paper.copy_link"),
        Binding("S", "toggle_filter('only-starred')", "Only starred", show=False, id="filter.starred"),
        Binding("U", "toggle_filter('only-unread')", "Only unread", show=False, id="filter.unread"),
        Binding("C", "toggle_filter('only-code')", "Only with code", show=False, id="filter.code"),
        Binding("O", "cycle_sort", "Sort", id="list.sort"),
        Binding("r", "reverse_sort", "Reverse the order", show=False, id="list.reverse"),
        Binding("left_square_bracket", "step_span(-1)", "Earlier day/week/month", show=False, id="span.previous"),
        Binding("right_square_bracket", "step_span(1)", "Later day/week/month", show=False, id="span.next"),
        Binding("t", "cycle_step", "Step: day, week, month, all dates", show=False, id="span.step"),
        Binding("v", "focus_views", "Views", show=False, id="app.views"),
        Binding("V", "save_view", "Save the filter as a view", show=False, id="views.save"),
        Binding("R", "refresh", "Refresh", id="library.refresh"),
        Binding("escape", "back", "Back to the list", show=False, id="app.back", priority=True),
        Binding("q", "quit", "Quit", id="app.quit"),
    ]

    def __init__(
        self,
        library: Library,
        config: Config | None = None,
        *,
        sample: bool = False,
        refresh: bool = False,
        api_url: str | None = None,
        client_settings: ClientSettings | None = None,
        config_path: Path | None = None,
        state_path: Path | None = None,
        notice: str | None = None,
        check_after: float | None = None,
    ) -> None:
        """`refresh`: sync in the background at start when the last sync is older than the config says.

        `api_url` (else $PAPER_READER_API_URL, else huggingface.co) or whole
        `client_settings` say where `R` and that refresh fetch from.
        `state_path`: where the marks are exported after changes (state.toml).
        `notice`: a line to show at start (the library was recovered).
        `check_after`: seconds after start to check the whole library file for damage, in the background.
        """
        super().__init__()
        self.library = library
        self.config = config or Config()
        self.sample = sample
        self.refresh_on_start = refresh
        self.api_url = api_url
        self.client_settings = client_settings
        self.syncing = False
        self._told_offline = False
        self.config_path = config_path
        self.state_path = state_path
        self.notice = notice
        self.check_after = check_after
        self.library_check: str | None = None
        """What the background check found: None until it has run, then "ok" or the damage (a test can wait on it)."""
        self.exit_error: str | None = None
        """Why the reader quit on its own, for the command line to print after the screen is restored."""
        self._export_timer: Timer | None = None
        self._export_pending = False
        self._told_export_failed = False
        self.sort = Sort.DATE
        self.reverse = False
        self.step = Step.DAY
        self.span: Span | None = None
        self.highlight: tuple[str, ...] = ()
        self._total = 0
        self._query_thread: QueryThread | None = None
        self._counts_timer: Timer | None = None
        self.current: Paper | None = None
        self._current_pk: int | None = None
        self._detail_pending = False
        self._read_timer: Timer | None = None
        if self.config.keymap:
            self.set_keymap(self.config.keymap)

    def compose(self) -> ComposeResult:
        yield Header(icon="≡")
        yield FilterPane(id="filter")
        with Container(id="panes"):
            yield PaperList(self.library.list_rows, id="papers")
            yield PaperDetail(id="detail")
        yield StatusLine(id="status")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.sub_title = (
            "bundled sample feed · R fetches the latest papers" if self.sample else "Hugging Face Daily Papers"
        )
        if self.config.theme != self.theme:
            try:
                self.theme = self.config.theme
            except Exception:  # Textual raises its own error type for unknown themes
                self.notify(f"Unknown theme in config.toml: {self.config.theme!r}", severity="warning", markup=False)
        unknown = sorted(set(self.config.keymap) - self.binding_ids()) if self.config.keymap else []
        if unknown:
            self.notify(
                f"config.toml [keymap] names no key binding: {', '.join(unknown)} (ids are listed in the README)",
                severity="warning",
                markup=False,
                timeout=10,
            )
        if self.notice:
            self.notify(self.notice, title="Library recovered", severity="warning", timeout=20, markup=False)
        if self.state_path is not None and not self.state_path.exists():
            self._export_soon()  # a library from before state.toml, or a deleted export
        self._apply_width(self.size.width)
        self._first_screen()
        self.call_after_refresh(self.reload)
        self._show_freshness()
        self._show_view_state()
        self.set_interval(60, self._show_freshness)
        self._load_views()
        if self.check_after is not None:
            self.set_timer(max(self.check_after, 0.01), self._check_library)  # Textual divides by the delay
        if self.refresh_on_start and self._refresh_due():
            self.call_after_refresh(self._start_sync, manual=False)

    # -- layout -----------------------------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        self._apply_width(event.size.width)

    def _apply_width(self, width: int) -> None:
        self.screen.set_class(width < NARROW_WIDTH, "-narrow")

    # -- filling the list -------------------------------------------------------------------

    def _one(self, selector: Any, expect_type: Any = None) -> Any:
        """A widget of the main screen, even while the help, a dialog or the palette is on top."""
        screen = self.screen_stack[0] if self.screen_stack else self.screen
        return screen.query_one(selector) if expect_type is None else screen.query_one(selector, expect_type)

    @property
    def paper_list(self) -> PaperList:
        return self._one(PaperList)

    @property
    def detail(self) -> PaperDetail:
        return self._one(PaperDetail)

    def _first_screen(self) -> None:
        """Just the rows the first frame shows; `reload` fetches the rest once it is painted."""
        total = self._total = self.library.count()
        self._one(FilterPane).set_count(total, total)
        self.paper_list.show(self.library.select(limit=FIRST_SCREEN_ROWS))
        self._show(self.paper_list.current_pk)  # now, so the first layout already holds the detail

    def current_filter(self, paper_filter: PaperFilter | None = None) -> PaperFilter:
        """The filter pane's state with the list's order and the day/week/month span."""
        paper_filter = paper_filter or self._one(FilterPane).paper_filter
        span = (self.span.first, self.span.last) if self.span else None
        return replace(paper_filter, sort=self.sort, reverse=self.reverse, span=span)

    def reload(self, paper_filter: PaperFilter | None = None) -> None:
        """Run the filter and show the result; the paper under the cursor stays if it still matches.

        Malformed text is named in the filter pane, with its column, and the
        list keeps the last good result: a query being typed, `(diff`, never
        empties the list. A big library is searched on the query thread, so
        typing never waits; a result that a newer query has replaced is dropped.
        """
        paper_filter = self.current_filter(paper_filter)
        try:
            terms = paper_filter.query().terms
        except QueryError as exc:
            self._one(FilterPane).show_error(exc)
            return
        if self._total > self.off_thread_papers:
            self.run_worker(self._query(paper_filter, terms), name="search the library", group="query",
                            exclusive=True, exit_on_error=False)  # fmt: skip
            return
        try:
            pks = self.library.select(paper_filter)
        except QueryError as exc:
            self._one(FilterPane).show_error(exc)
            return
        self._show_result(paper_filter, terms, pks, self.library.count())

    async def _query(self, paper_filter: PaperFilter, terms: tuple[str, ...]) -> None:
        """One search on the query thread; cancelled (and so never shown) when a newer one starts."""
        query_thread = self.query_thread
        try:
            result = await asyncio.wrap_future(query_thread.submit(paper_filter))
        except QueryError as exc:
            self._one(FilterPane).show_error(exc)
            return
        except DamagedLibraryError as exc:
            self._found_damage(exc.reason)
            return
        except LibraryError as exc:
            self.notify(str(exc), title="Search failed", severity="error", markup=False)
            return
        if result.pks is None or not query_thread.is_latest(result):
            return
        self._show_result(paper_filter, terms, result.pks, result.total)

    def _show_result(self, paper_filter: PaperFilter, terms: tuple[str, ...], pks: list[int], total: int) -> None:
        self._total = total
        self._one(FilterPane).set_count(len(pks), total)
        self._set_highlight(terms)
        self._one(ViewBar).set_active(paper_filter.text)
        self.paper_list.show(pks, keep=self.paper_list.current_pk)

    def on_unmount(self) -> None:
        if self._export_pending and self.state_path is not None:
            from reader.storage.state_export import export_library

            with contextlib.suppress(LibraryError, OSError):  # the marks themselves are in the library
                export_library(self.library, self.state_path)
        if self._query_thread is not None:
            self._query_thread.close()
            self._query_thread = None

    def _set_highlight(self, terms: tuple[str, ...]) -> None:
        """Matched words are marked in the list now and in the detail a frame later (never markup)."""
        if terms == self.highlight:
            return
        self.highlight = terms
        self.paper_list.set_highlight(terms)
        self._follow_cursor_soon()

    # -- order, span, views ------------------------------------------------------------------

    def _show_view_state(self) -> None:
        order = self.sort.describe(self.reverse)
        span = self.span.label if self.span else "all dates"
        self.status.set_view(f"{order} · {span}")

    def action_cycle_sort(self) -> None:
        order = list(Sort)
        self.sort = order[(order.index(self.sort) + 1) % len(order)]
        self.reverse = False
        self._show_view_state()
        self.reload()
        self.notify(f"Sorted by {self.sort.describe()}", timeout=1.5, markup=False)

    def action_reverse_sort(self) -> None:
        self.reverse = not self.reverse
        self._show_view_state()
        self.reload()

    def action_cycle_step(self) -> None:
        """Day -> week -> month -> all dates; a span in view widens or narrows around its first day."""
        if self.span is None:
            self.step = Step.DAY
            latest = self.library.latest_list_date()
            if latest is None:
                self.notify("No Daily lists in the library yet", severity="warning")
                return
            self.span = Span.around(Step.DAY, date.fromisoformat(latest))
        elif self.span.step is Step.MONTH:
            self.span = None
        else:
            self.step = self.span.step.next()
            anchor = self._latest_in(self.span) or self.span.first
            self.span = Span.around(self.step, anchor)
        self._show_view_state()
        self.reload()

    def _latest_in(self, span: Span) -> date | None:
        before = self.library.list_date_before(_next_day(span.last).isoformat())
        return date.fromisoformat(before) if before and before >= span.first.isoformat() else None

    def action_step_span(self, direction: int) -> None:
        """`[` / `]`: the previous / next day (week, month) that has papers; from all dates, the newest."""
        if self.span is None:
            if direction > 0:
                self.notify("Showing all dates: [ steps back from the newest list", timeout=3)
                return
            latest = self.library.latest_list_date()
            if latest is None:
                self.notify("No Daily lists in the library yet", severity="warning")
                return
            self.span = Span.around(self.step, date.fromisoformat(latest))
        else:
            if direction < 0:
                found = self.library.list_date_before(self.span.first.isoformat())
            else:
                found = self.library.list_date_after(self.span.last.isoformat())
            if found is None:
                self.notify(f"No {'earlier' if direction < 0 else 'later'} papers", timeout=2)
                return
            self.span = Span.around(self.span.step, date.fromisoformat(found))
        self._show_view_state()
        self.reload()

    def _views(self) -> list[View]:
        return all_views(self.config.views, date.today(), self.library.latest_list_date())

    def _load_views(self) -> None:
        self._one(ViewBar).set_views(self._views())
        self._count_unread_soon(0)

    def _count_unread_soon(self, delay: float = 0.5) -> None:
        """Recount the views' unread papers in the background, once per burst of changes."""
        if self._counts_timer is not None:
            self._counts_timer.stop()
        self._counts_timer = self.set_timer(delay, self._count_unread) if delay else None
        if not delay:
            self.call_after_refresh(self._count_unread)

    def _count_unread(self) -> None:
        if not self.screen_stack or not self.is_running:
            return  # the reader is closing: nothing left to count for
        views = self._one(ViewBar).views
        self.run_worker(self._unread_counts(views), name="count unread papers", group="views", exclusive=True,
                        exit_on_error=False)  # fmt: skip

    async def _unread_counts(self, views: list[View]) -> None:
        """On the query thread, between searches: the UI never waits for these counts.

        A broken view in config.toml gets no count (picking it shows the error).
        """
        filters = {view.name: PaperFilter(text=view.query, unread_only=True) for view in views}
        counts = await asyncio.wrap_future(self.query_thread.count_many(filters))
        self._one(ViewBar).set_unread(counts)

    @property
    def query_thread(self) -> QueryThread:
        """The thread (and connection) that searches and counts, started on first use."""
        if self._query_thread is None:
            from reader.services.query_thread import QueryThread

            self._query_thread = QueryThread(self.library.path)
        return self._query_thread

    def action_focus_views(self) -> None:
        self.focus_now(self._one(ViewBar))

    @on(ViewBar.Picked)
    def _view_picked(self, event: ViewBar.Picked) -> None:
        self.pick_view(event.view)

    def pick_view(self, view: View) -> None:
        """Put the view's query in the filter box (to see and refine it) and go back to the list."""
        self._one(FilterPane).set_text(view.query)
        self.reload(replace(self._one(FilterPane).paper_filter, text=view.query))
        self.focus_now(self.paper_list)

    def action_save_view(self) -> None:
        from reader.tui.screens.save_view import SaveViewScreen

        text = self._one(FilterPane).paper_filter.text.strip()
        if not text:
            self.notify("Type a filter first: a view is a saved filter", severity="warning")
            return
        try:
            PaperFilter(text=text).query()
        except QueryError as exc:
            self.notify(f"Fix the filter first: column {exc.column}: {exc.message}", severity="warning", markup=False)
            return
        if self.config_path is None:
            self.notify("No config.toml to save views in", severity="error")
            return
        self.push_screen(SaveViewScreen(text), partial(self._save_view, text))

    def _save_view(self, text: str, name: str | None) -> None:
        from reader.core.config import ConfigError
        from reader.storage.config_file import save_view

        if not name or self.config_path is None:
            return
        try:
            save_view(self.config_path, name, text)
        except (ConfigError, ValueError) as exc:
            self.notify(str(exc), title="View not saved", severity="error", markup=False)
            return
        self.config = replace(self.config, views={**self.config.views, name: text})
        self._load_views()
        self._one(ViewBar).set_active(text)
        self.notify(f"Saved the view {name!r} in {self.config_path}", markup=False, timeout=4)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The palette: every view, saving one, and the orders, besides Textual's own commands."""
        from textual.markup import escape

        yield from super().get_system_commands(screen)
        for index, view in enumerate(self._views()):
            key = f" ({index + 1} in the view bar)" if index < 9 else ""
            yield SystemCommand(f"View: {escape(view.name)}", f"Filter: {escape(view.query)}{key}",
                                partial(self.pick_view, view))  # fmt: skip
        yield SystemCommand("Save the filter as a view", "Name the current filter and keep it in config.toml (V)",
                            self.action_save_view)  # fmt: skip
        for sort in Sort:
            yield SystemCommand(f"Sort by {sort.label}", sort.describe(), partial(self._sort_by, sort))

    def _sort_by(self, sort: Sort) -> None:
        self.sort, self.reverse = sort, False
        self._show_view_state()
        self.reload()

    @on(FilterPane.Changed)
    def _filter_changed(self, event: FilterPane.Changed) -> None:
        self.reload(event.paper_filter)

    # -- the paper under the cursor ---------------------------------------------------------

    @on(PaperList.Highlighted)
    def _highlighted(self, event: PaperList.Highlighted) -> None:
        self._follow_cursor_soon()

    def _follow_cursor_soon(self) -> None:
        """The detail follows the list one frame behind it, once per burst of moves or keystrokes.

        The list's frame goes out first; the detail is built after it, for the
        paper under the cursor by then and the words matched by then: holding
        `j` on 50,000 papers moves the list at key-repeat speed instead of
        wrapping and drawing a detail pane for every paper passed.
        """
        if not self._detail_pending:
            self._detail_pending = True
            self.call_after_refresh(self._follow_cursor)

    def _follow_cursor(self) -> None:
        self._detail_pending = False
        if not self.screen_stack:
            return
        pk = self.paper_list.current_pk
        if pk is None or pk != self._current_pk:
            self._show(pk)
        elif self.current is not None and self.detail.highlight != self.highlight:
            state = self.library.state(self.current.id)
            self.detail.show_paper(self.current, state, keep_scroll=True, highlight=self.highlight)

    @on(PaperList.Chosen)
    def _chosen(self, event: PaperList.Chosen) -> None:
        if event.pk != self._current_pk:
            self._show(event.pk)
        self.focus_now(self.detail)
        self._mark_read_now()

    def _show(self, pk: int | None) -> None:
        if self._read_timer is not None:
            self._read_timer.stop()
            self._read_timer = None
        paper = self.library.paper(pk) if pk is not None else None
        self._current_pk = pk if paper else None
        self.current = paper
        if paper is None:
            self.detail.show_paper(None)
            return
        state = self.library.state(paper.id)
        self.detail.show_paper(paper, state, highlight=self.highlight)
        if not state.read:
            if self.config.mark_read_delay <= 0:
                self._mark_read_now()
            else:
                self._read_timer = self.set_timer(self.config.mark_read_delay, self._mark_read_now)

    def _mark_read_now(self) -> None:
        """A paper shown in the detail pane counts as read (after the configured delay)."""
        paper = self.current
        if paper is not None and not self.library.state(paper.id).read:
            self._change_state(partial(self.library.mark_read, paper.id, True))

    def _change_state(self, change: partial[PaperState]) -> PaperState | None:
        """Apply a state change (committed at once) and redraw the paper's row and detail."""
        try:
            state = change()
        except DamagedLibraryError as exc:
            self._found_damage(exc.reason)
            return None
        except LibraryError as exc:
            self.notify(str(exc), title="Not saved", severity="error", markup=False)
            return None
        if self.current is not None and self._current_pk is not None:
            self.paper_list.refresh_paper(self._current_pk)
            self.detail.show_paper(self.current, state, keep_scroll=True, highlight=self.highlight)
        self._count_unread_soon()
        self._export_soon()
        return state

    def _check_library(self) -> None:
        self.run_worker(self._check(), name="check the library for damage", group="check", exclusive=True,
                        exit_on_error=False)  # fmt: skip

    async def _check(self) -> None:
        from reader.storage.recovery import check_library

        problem = await asyncio.to_thread(check_library, self.library.path)
        self.library_check = problem or "ok"
        if problem is not None:
            self._tell_damaged(problem)

    def _handle_exception(self, error: Exception) -> None:
        """A damaged page read anywhere (drawing a row, showing a paper): quit with one line, never a traceback.

        The marker left beside the library makes the next start move it aside and restore the marks.
        """
        damaged = isinstance(error, sqlite3.DatabaseError) and error.sqlite_errorcode in DAMAGED_CODES
        if not damaged:
            super()._handle_exception(error)
            return
        from reader.storage.recovery import mark_damaged

        mark_damaged(self.library.path, str(error))
        self.exit_error = (
            f"{self.library.path} is damaged ({error}); start paper-reader again to move it aside and restore "
            "your marks"
        )
        self.exit(return_code=1)

    def _found_damage(self, problem: str) -> None:
        from reader.storage.recovery import mark_damaged

        mark_damaged(self.library.path, problem)
        self._tell_damaged(problem)

    def _tell_damaged(self, problem: str) -> None:
        """Damage inside the file: the marks are safe in state.toml, and the next start moves the file aside."""
        self.notify(
            f"{self.library.path} is damaged ({problem}). Quit (q) and start paper-reader again: it moves the file "
            f"aside and restores your marks from {self.state_path or 'state.toml'}.",
            title="Library damaged", severity="error", markup=False, timeout=30,
        )  # fmt: skip

    def _export_soon(self) -> None:
        """Export the marks to state.toml once changes pause for EXPORT_DELAY seconds (and at exit)."""
        if self.state_path is None:
            return
        self._export_pending = True
        if self._export_timer is not None:
            self._export_timer.stop()
        self._export_timer = self.set_timer(EXPORT_DELAY, self._export_marks)

    def _export_marks(self) -> None:
        self._export_timer = None
        self.run_worker(self._export(), name="export marks to state.toml", group="export", exclusive=True,
                        exit_on_error=False)  # fmt: skip

    async def _export(self) -> None:
        assert self.state_path is not None
        self._export_pending = False
        try:
            await asyncio.wrap_future(self.query_thread.export_marks(self.state_path))
        except (LibraryError, OSError) as exc:
            self._export_pending = True
            if not self._told_export_failed:  # once a session: the marks themselves are saved in the library
                self._told_export_failed = True
                reason = getattr(exc, "strerror", None) or str(exc)
                self.notify(f"Cannot back up the marks to {self.state_path}: {reason}", title="state.toml not written",
                            severity="warning", markup=False, timeout=8)  # fmt: skip

    def _require_paper(self) -> Paper | None:
        """The paper under the cursor, for actions; caught up first if a key outran the Highlighted message."""
        if self.paper_list.current_pk != self._current_pk:
            self._show(self.paper_list.current_pk)
        if self.current is None:
            self.notify("No paper selected", severity="warning")
        return self.current

    def action_star(self) -> None:
        if paper := self._require_paper():
            starred = not self.library.state(paper.id).starred
            if self._change_state(partial(self.library.star, paper.id, starred)) is not None:
                self.notify("Starred" if starred else "Unstarred", timeout=1.5)

    def action_toggle_read(self) -> None:
        if paper := self._require_paper():
            if self._read_timer is not None:
                self._read_timer.stop()
                self._read_timer = None
            read = not self.library.state(paper.id).read
            self._change_state(partial(self.library.mark_read, paper.id, read))

    def action_next_unread(self) -> None:
        self._move_to_unread(step=1)

    def action_previous_unread(self) -> None:
        self._move_to_unread(step=-1)

    def _move_to_unread(self, step: int) -> None:
        papers = self.paper_list
        pks = papers.pks
        index = papers.cursor + step
        chunk = 200
        while 0 <= index < len(pks):
            window = pks[index : index + chunk] if step > 0 else pks[max(0, index - chunk + 1) : index + 1]
            rows = self.library.list_rows(window)
            ordered = window if step > 0 else list(reversed(window))
            for offset, pk in enumerate(ordered):
                row = rows.get(pk)
                if row is not None and not row.read:
                    papers.move_to(index + offset * step)
                    return
            index += step * len(window)
        self.notify("No more unread papers in this list", timeout=2)

    # -- refreshing from Hugging Face -------------------------------------------------------

    @property
    def status(self) -> StatusLine:
        return self._one(StatusLine)

    def _last_sync(self) -> datetime | None:
        stamp = self.library.get_meta(LAST_SYNC_META)
        try:
            return datetime.fromisoformat(stamp.replace("Z", "+00:00")) if stamp else None
        except ValueError:
            return None

    def _refresh_due(self) -> bool:
        minutes = self.config.refresh_after_minutes
        if minutes <= 0:
            return False
        last = self._last_sync()
        return last is None or (datetime.now(UTC) - last).total_seconds() >= minutes * 60

    def _show_freshness(self) -> None:
        if self.syncing:
            return
        last = self._last_sync()
        if last is None:
            text = f"Never synced: R fetches the last {self.config.sync_days} days"
        else:
            text = f"Synced {_ago(datetime.now(UTC) - last)}"
        if self._told_offline:
            text = f"Offline · {text}"
        self.status.set_sync(text, problem=self._told_offline)

    def action_refresh(self) -> None:
        if self.syncing:
            self.notify("Already refreshing", timeout=2)
            return
        self._start_sync(manual=True)

    def _start_sync(self, manual: bool) -> None:
        self.syncing = True
        self.status.set_sync("Refreshing…", busy=True)
        self.run_worker(self._sync(manual), name="refresh", group="sync", exclusive=True, exit_on_error=False)

    async def _sync(self, manual: bool) -> None:
        """Fetch the last `sync_days` Daily lists; the list stays usable and is re-filtered as lists arrive."""
        try:
            # httpx takes ~100 ms to import: not on the thread that draws the screen.
            await asyncio.to_thread(importlib.import_module, "reader.sources.client")
            from reader.services.sync import ListResult, plan_days, sync_lists, utc_today
            from reader.sources.client import ApiClient, settings_from_env

            try:
                settings = self.client_settings or settings_from_env(os.environ, self.api_url)
            except ValueError as exc:
                self.notify(str(exc), title="Cannot refresh", severity="error", markup=False)
                return
            specs = plan_days(self.config.sync_days, utc_today())

            def progress(result: ListResult, done: int, total: int) -> None:
                self.status.set_sync(f"Refreshing: {done} of {total} lists…", busy=True)
                if result.added or result.updated:
                    self.reload()

            # Its own connection: the sync writes from a thread of its own while the reader stars and reads.
            sync_library = await asyncio.to_thread(Library.open, self.library.path)
            try:
                async with ApiClient(settings) as client:
                    report = await sync_lists(sync_library, specs, client, progress=progress)
            finally:
                sync_library.close()
        except LibraryError as exc:
            self.notify(str(exc), title="Cannot refresh", severity="error", markup=False)
            return
        finally:
            self.syncing = False
            self._show_freshness()
        self._sync_finished(report, manual)

    def _sync_finished(self, report: SyncReport, manual: bool) -> None:
        if report.offline:
            if manual or not self._told_offline:
                self.notify(
                    "Offline: cannot reach Hugging Face. Showing the papers already in the library.",
                    title="Not refreshed",
                    markup=False,
                    timeout=6,
                )
            self._told_offline = True
            self._show_freshness()
            return
        self._told_offline = False
        if report.added and self.sample:
            from reader.services.sample import FORGET_SAMPLE

            for key, value in FORGET_SAMPLE.items():
                self.library.set_meta(key, value)
            self.sample = False
            self.sub_title = "Hugging Face Daily Papers"
        self.reload()
        self._show_freshness()
        self._load_views()
        new = f"{report.added} new paper{'' if report.added == 1 else 's'}" if report.added else "No new papers"
        if report.failed:
            names = ", ".join(r.spec.label for r in report.failed[:3]) + ("…" if len(report.failed) > 3 else "")
            self.notify(
                f"{new}. {len(report.failed)} of {len(report.results)} lists failed ({names}): "
                f"{report.failed[0].error}",
                title="Refreshed in part",
                severity="warning",
                markup=False,
                timeout=10,
            )
        elif report.added or manual:
            updated = f", {report.updated} updated" if report.updated else ""
            self.notify(f"{new}{updated}", title="Refreshed", markup=False, timeout=4)

    # -- opening links ----------------------------------------------------------------------

    def action_open_github(self) -> None:
        if paper := self._require_paper():
            if paper.github_repo:
                self.open_url(paper.github_repo, "GitHub repository")
            else:
                self.notify("This paper has no GitHub repository that we know of", severity="warning")

    def action_open_hf(self) -> None:
        if paper := self._require_paper():
            self.open_url(paper.hf_url, "Hugging Face page")

    def action_open_arxiv(self) -> None:
        if paper := self._require_paper():
            link = next((link for link in paper.links if link.label == "arXiv"), None)
            if link:
                self.open_url(link.url, "arXiv page")
            else:
                self.notify("This paper has no arXiv page", severity="warning")

    def action_open_link(self, number: int) -> None:
        if paper := self._require_paper():
            links = paper.links
            if 1 <= number <= len(links):
                self.open_url(links[number - 1].url, links[number - 1].label)
            else:
                self.notify(f"This paper has {len(links)} links; there is no link {number}", severity="warning")

    def action_copy_link(self) -> None:
        if paper := self._require_paper():
            self.copy_url(paper.hf_url, "Copied the paper's link")

    def open_url(self, url: str, label: str) -> None:
        """Open an http(s) URL in a graphical browser, or copy it where none can appear."""
        if not is_web_url(url):
            self.notify("Refused to open a link that is not http(s)", severity="error")
            return
        from reader.services.opener import OpenError, browser_command

        try:
            argv = browser_command(self.config.browser, os.environ)
        except OpenError as exc:
            self.copy_url(url, str(exc))
            return
        if argv is None:
            self.copy_url(url, "No browser can open here (SSH or no display); copied the link")
            return
        self.notify(f"Opening the {label}", timeout=2)
        self.run_worker(
            partial(self._open_in_browser, url, argv),
            name=f"open {label}",
            group="open-link",
            thread=True,
            exclusive=True,
            exit_on_error=False,
        )

    def _open_in_browser(self, url: str, argv: list[str]) -> None:
        from reader.services.opener import OpenError, open_url

        try:
            open_url(url, argv)
        except OpenError as exc:
            self.call_from_thread(self.copy_url, url, f"Could not open the browser ({exc}); copied the link")

    def copy_url(self, url: str, reason: str) -> None:
        """Copy through the terminal (OSC 52) and show the URL, so it can be copied by hand too."""
        self.copy_to_clipboard(url)
        self.notify(f"{reason}:\n{url}", markup=False, timeout=8)

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            self.notify(f"{event.worker.name} failed: {event.worker.error}", severity="error", markup=False)

    # -- focus, filter, help ----------------------------------------------------------------

    def _on_main_screen(self) -> bool:
        return len(self.screen_stack) == 1

    def action_focus_filter(self) -> None:
        box = self._one("#filter-text", Input)
        if not self._on_main_screen() or isinstance(self.focused, Input):
            raise SkipAction()  # "/" is just a character in the box, the help or the palette
        self.focus_now(box)
        box.cursor_position = len(box.value)

    def action_leave_filter(self) -> None:
        if not self._on_main_screen() or self.focused is not self._one("#filter-text", Input):
            raise SkipAction()
        self.focus_now(self.paper_list)

    def action_toggle_filter(self, toggle_id: str) -> None:
        self._one(FilterPane).toggle(toggle_id)

    def action_back(self) -> None:
        if not self._on_main_screen():
            raise SkipAction()  # Esc closes the help or the palette
        self.focus_now(self.paper_list)

    @on(Input.Submitted, "#filter-text")
    def _filter_submitted(self) -> None:
        self.focus_now(self.paper_list)

    def focus_now(self, widget: Widget) -> None:
        """Move focus before the next key is handled.

        `Widget.focus` defers the move, so keys typed in one burst after `/`
        (a fast typist, a paste, tmux send-keys) would still act on the list.
        """
        self.screen.set_focus(widget)

    def action_help(self) -> None:
        from reader.tui.screens.help import HelpScreen

        self.push_screen(
            HelpScreen(
                self.help_sections(),
                self.config.keymap,
                f"paper-reader {__version__}  ·  library: {self.library.path}",
            )
        )

    @classmethod
    def all_bindings(cls) -> dict[str, Binding]:
        """Every binding of the app, its widgets and screens, by id (what `[keymap]` may name)."""
        from reader.tui.screens.help import HelpScreen

        bindings = (*cls.BINDINGS, *PaperList.BINDINGS, *PaperDetail.BINDINGS, *HelpScreen.BINDINGS,
                    *ViewBar.BINDINGS)  # fmt: skip
        return {b.id: b for b in bindings if isinstance(b, Binding) and b.id}

    @classmethod
    def binding_ids(cls) -> set[str]:
        return set(cls.all_bindings())

    def help_sections(self) -> list[HelpSection]:
        bindings = self.all_bindings()

        def pick(*ids: str) -> list[Binding]:
            return [bindings[i] for i in ids]  # type: ignore[misc]

        links = Binding("1-9", "", "Open link 1-9 of the detail pane", id="paper.link_n")
        return [
            ("Moving", pick("list.down", "list.up", "list.first", "list.last", "list.page_up",
                            "list.page_down", "list.next_unread", "list.previous_unread")),
            ("Reading", pick("list.choose", "app.back", "paper.star", "paper.read", "detail.page_down")),
            ("Opening", [*pick("paper.open_github", "paper.open_hf", "paper.open_arxiv"), links,
                         *pick("paper.copy_link")]),
            ("Filtering", pick("app.filter", "filter.done", "filter.starred", "filter.unread", "filter.code",
                               "app.views", "views.save")),
            ("Order and dates", pick("list.sort", "list.reverse", "span.previous", "span.next", "span.step")),
            ("App", pick("library.refresh", "app.help", "app.quit")),
        ]  # fmt: skip


def _ago(elapsed: object) -> str:
    """'just now', '5 min ago', '3 h ago', '2 days ago'."""
    seconds = max(0, int(elapsed.total_seconds()))  # type: ignore[attr-defined]
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{seconds // 60} min ago"
    if seconds < 86400:
        return f"{seconds // 3600} h ago"
    days = seconds // 86400
    return f"{days} day{'' if days == 1 else 's'} ago"


def _next_day(day: date) -> date:
    return date.fromordinal(day.toordinal() + 1)
