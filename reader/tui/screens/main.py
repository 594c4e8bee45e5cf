"""The main screen: filter pane on top, paper list and detail side by side (stacked when narrow).

It owns the panes and the flow between them: the filter narrows the list, the
list's cursor picks the paper in the detail, and keys mark that paper. Refresh,
links, views, the state.toml export and damage each have a small module of
their own, which this screen holds.
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial

from textual import events, on
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.containers import Container
from textual.widget import Widget
from textual.widgets import Header, Input
from textual.worker import Worker, WorkerState

from reader.core.paper import Paper
from reader.core.views import View
from reader.query import PaperFilter, QueryError, Sort, saved_text
from reader.storage.errors import DamagedLibraryError, LibraryError
from reader.storage.rows import PaperState
from reader.tui import keys
from reader.tui.around import Around
from reader.tui.carry import CarryActions
from reader.tui.damage import DamageWatch
from reader.tui.export import MarksExport
from reader.tui.links import LinkOpener
from reader.tui.online import OnlineResults
from reader.tui.order import ListOrder, Note
from reader.tui.reading import ReadTimer
from reader.tui.refresh import Refresher
from reader.tui.resume import restore_place, save_place
from reader.tui.screens.around_actions import AroundActions
from reader.tui.search import Search
from reader.tui.session import ReaderSession
from reader.tui.views import SavedViews
from reader.tui.widgets.detail import PaperDetail
from reader.tui.widgets.filter_pane import FilterPane
from reader.tui.widgets.footer import KeyFooter
from reader.tui.widgets.paper_list import PaperList
from reader.tui.widgets.status import StatusLine
from reader.tui.widgets.view_bar import ViewBar

FIRST_SCREEN_ROWS = 200
"""Rows fetched before the first frame: more than any terminal shows, a fraction of a big library."""

NARROW_WIDTH = 100
"""Below this many columns the detail pane goes under the list instead of beside it, and the toggles fold."""

SHORT_HEIGHT = 30
"""Below this many rows the header goes and the filter box is one line high: the list gets the room."""


class MainScreen(AroundActions, CarryActions):
    """The reader's one screen of its own; the help, the palette and dialogs open over it."""

    BINDINGS = keys.bindings(keys.MAIN)

    def __init__(self, session: ReaderSession) -> None:
        super().__init__()
        self.session = session
        self.library = session.library
        self.order = ListOrder()
        self.highlight: tuple[str, ...] = ()
        self.current: Paper | None = None
        """The paper in the detail pane."""
        self._current_pk: int | None = None
        self._detail_pending = False
        self._resume_pk: int | None = None
        self._last_filter = PaperFilter()
        """The filter pane's state at the last search: what is kept at exit (the pane is gone by then)."""
        """The paper the last session left the cursor on, until the first result has shown it."""
        self.reading = ReadTimer(self, session, self._mark_read_now)
        self.damage = DamageWatch(self, session.library.path, session.state_path)
        self.search = Search(self, session, self._show_result, self._show_query_error, self.damage.found)
        self.links = LinkOpener(self, session)
        self.around = Around(self, session, lambda: self.detail)
        self.online = OnlineResults(self.library)
        self.export = MarksExport(self, session.state_path, lambda: self.search.query_thread)
        self.views = SavedViews(self, session, lambda: self.query_one(ViewBar), lambda: self.search.query_thread)
        self.refresher = Refresher(self, session, lambda: self.query_one(StatusLine), self.reload, self.views.load)

    def compose(self) -> ComposeResult:
        yield Header(icon="≡")
        yield FilterPane(id="filter")
        with Container(id="panes"):
            yield PaperList(self.online.rows, id="papers")
            yield PaperDetail(id="detail", annotations=self.annotations_of)
        yield StatusLine(id="status")
        yield KeyFooter()

    def on_mount(self) -> None:
        session = self.session
        if session.state_path is not None and not session.state_path.exists():
            self.export.soon()  # a library from before state.toml, or a deleted export
        self._apply_size(self.app.size.width, self.app.size.height)
        self.start_session()
        if session.config.restore_session:
            self._resume_pk = restore_place(self.library, self.filter_pane, self.order)
        self._first_screen()
        self.watch(self.paper_list, "cursor", lambda: self._follow_cursor(), init=False)  # in the list's frame
        self.call_after_refresh(self.reload)
        self.refresher.show_freshness()
        self._show_order()
        self.set_interval(60, self.refresher.show_freshness)
        self.views.load()
        self.query_one(ViewBar).set_mode(session.config.keymap, partial(self.focus_now, self.paper_list))
        if session.check_after is not None:
            self.damage.check_after(session.check_after)
        if session.refresh_on_start and self.refresher.due():
            self.call_after_refresh(self.refresher.start, manual=False)

    def on_unmount(self) -> None:
        if self.session.config.restore_session:
            shown = (self._current_pk, self.current) if self.current and self._current_pk is not None else None
            save_place(self.library, self._last_filter, self.order, shown)
        self.export.flush(self.library)
        self.end_session()
        self.search.close()

    def on_resize(self, event: events.Resize) -> None:
        self._apply_size(event.size.width, event.size.height)

    def _apply_size(self, width: int, height: int) -> None:
        narrow, short = width < NARROW_WIDTH, height < SHORT_HEIGHT
        self.set_class(narrow, "-narrow")
        self.set_class(short, "-short")
        self.filter_pane.fold(narrow=narrow, short=short)

    @property
    def paper_list(self) -> PaperList:
        return self.query_one(PaperList)

    @property
    def detail(self) -> PaperDetail:
        return self.query_one(PaperDetail)

    @property
    def filter_pane(self) -> FilterPane:
        return self.query_one(FilterPane)

    # -- filter -> list ---------------------------------------------------------------------

    def _first_screen(self) -> None:
        """Just the rows the first frame shows; `reload` fetches the rest once it is painted."""
        total = self.search.total = self.library.count()
        self.filter_pane.set_count(total, total)
        self.paper_list.show(self.library.select(limit=FIRST_SCREEN_ROWS))
        self._show(self.paper_list.current_pk)  # now, so the first layout already holds the detail

    def current_filter(self, paper_filter: PaperFilter | None = None) -> PaperFilter:
        """The filter pane's state with the list's order and the day/week/month span."""
        paper_filter = self._last_filter = paper_filter or self.filter_pane.paper_filter
        span = (self.order.span.first, self.order.span.last) if self.order.span else None
        return replace(paper_filter, sort=self.order.sort, reverse=self.order.reverse, span=span)

    def reload(self, paper_filter: PaperFilter | None = None) -> None:
        """Run the filter and show the result; the paper under the cursor stays if it still matches.

        Malformed text is named in the filter pane, with its column, and the
        list keeps the last good result: a query being typed, `(diff`, never
        empties the list. A big library is searched on the query thread, so
        typing never waits; a result that a newer query has replaced is dropped.
        """
        self.search.run(self.current_filter(paper_filter))

    def _show_result(self, paper_filter: PaperFilter, terms: tuple[str, ...], pks: list[int], total: int) -> None:
        self.filter_pane.set_count(len(pks), total)
        self._set_highlight(terms)
        self.query_one(ViewBar).set_active(paper_filter.text)
        keep = self.paper_list.current_pk
        if self._resume_pk is not None:
            keep, self._resume_pk = self._resume_pk, None
        self.paper_list.show(pks, keep=keep)
        self._follow_cursor()  # the detail in the frame of the new list
        self.unread_title.soon()

    def _show_query_error(self, error: QueryError) -> None:
        self.filter_pane.show_error(error)

    def _set_highlight(self, terms: tuple[str, ...]) -> None:
        """Matched words are marked in the list now and in the detail once the waiting messages are handled."""
        if terms == self.highlight:
            return
        self.highlight = terms
        self.paper_list.set_highlight(terms)
        self._follow_cursor_soon()

    @on(FilterPane.Changed)
    def _filter_changed(self, event: FilterPane.Changed) -> None:
        self.reload(event.paper_filter)

    # -- order and dates --------------------------------------------------------------------

    def _show_order(self) -> None:
        self.query_one(StatusLine).set_view(self.order.describe())

    def _order_changed(self, note: Note | None = None) -> None:
        if note is not None:
            self.notify(note.text, severity="warning" if note.warning else "information", timeout=note.timeout)
            return
        self._show_order()
        self.reload()

    def action_cycle_sort(self) -> None:
        self.order.cycle_sort()
        self._order_changed()
        self.notify(f"Sorted by {self.order.sort.describe()}", timeout=1.5, markup=False)

    def sort_by(self, sort: Sort) -> None:
        self.order.sort_by(sort)
        self._order_changed()

    def action_reverse_sort(self) -> None:
        self.order.toggle_reverse()
        self._order_changed()

    def action_cycle_step(self) -> None:
        self._order_changed(self.order.cycle_step(self.library))

    def action_step_span(self, direction: int) -> None:
        self._order_changed(self.order.step_span(self.library, direction))

    # -- list -> detail ---------------------------------------------------------------------

    @on(PaperList.Highlighted)
    def _highlighted(self, event: PaperList.Highlighted) -> None:
        self._follow_cursor_soon()

    def _follow_cursor_soon(self) -> None:
        """The detail follows the list in the same frame: a cursor move and a new result build it at once (a
        frame each cost a second pass of the compositor, and 16 ms at Textual's 60 fps); anything else after
        the messages already waiting (`call_later`), for the paper and the words matched by then."""
        if not self._detail_pending:
            self._detail_pending = True
            self.call_later(self._follow_cursor)

    def _follow_cursor(self) -> None:
        self._detail_pending = False
        if not self.app.screen_stack:
            return  # the reader is closing
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
        if self.current is not None:
            self.reading.opened(self.current)
            self.around.opened(self.current)
        self._mark_read_now()

    def _show(self, pk: int | None) -> None:
        self.reading.stop()
        paper = self.online.paper(pk) if pk is not None else None
        self._current_pk = pk if paper else None
        self.current = paper
        if paper is None:
            self.around.shown(None)
            self.detail.show_paper(None)
            return
        state = self.library.state(paper.id)
        self.around.shown(paper, chosen=pk == self.paper_list.chosen_pk)
        self.detail.show_paper(paper, state, highlight=self.highlight)
        self.reading.shown(paper, state.read, chosen=pk == self.paper_list.chosen_pk)

    # -- marks ------------------------------------------------------------------------------

    def _mark_read_now(self) -> None:
        """The paper in the detail pane counts as read (`ReadTimer` says when)."""
        self.keep_online()
        paper = self.current
        if paper is not None and not self.library.state(paper.id).read:
            self._change_state(partial(self.library.mark_read, paper.id, True))

    def _change_state(self, change: partial[PaperState]) -> PaperState | None:
        """Apply a state change (committed at once) and redraw the paper's row and detail."""
        try:
            state = change()
        except DamagedLibraryError as exc:
            self.damage.found(exc.reason)
            return None
        except LibraryError as exc:
            self.notify(str(exc), title="Not saved", severity="error", markup=False)
            return None
        if self.current is not None and self._current_pk is not None:
            self.paper_list.refresh_paper(self._current_pk)
            self.detail.show_paper(self.current, state, keep_scroll=True, highlight=self.highlight)
        self.views.count_unread_soon()
        self.unread_title.soon()
        self.export.soon()
        return state

    def _require_paper(self) -> Paper | None:
        """The paper under the cursor, for actions; caught up first if a key outran the Highlighted message."""
        if self.paper_list.current_pk != self._current_pk:
            self._show(self.paper_list.current_pk)
        self.keep_online()
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
            read = not self.library.state(paper.id).read
            self.reading.marked(paper, read)
            self._change_state(partial(self.library.mark_read, paper.id, read))

    def action_next_unread(self) -> None:
        self.paper_list.go_to_unread(1)

    def action_previous_unread(self) -> None:
        self.paper_list.go_to_unread(-1)

    # -- links, refresh, views (their own modules) -------------------------------------------

    def action_refresh(self) -> None:
        self.refresher.refresh()

    def action_focus_views(self) -> None:
        self.focus_now(self.query_one(ViewBar))

    def action_save_view(self) -> None:
        self.views.save(saved_text(self.filter_pane.paper_filter))  # the toggles too

    @on(ViewBar.Picked)
    def _view_picked(self, event: ViewBar.Picked) -> None:
        self.pick_view(event.view)

    def pick_view(self, view: View) -> None:
        """Put the view's query in the filter box (to see and refine it) and go back to the list."""
        self.filter_pane.set_text(view.query)
        self.apply_view_order(view)
        self.reload(replace(self.filter_pane.paper_filter, text=view.query))
        self.focus_now(self.paper_list)

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            self.notify(f"{event.worker.name} failed: {event.worker.error}", severity="error", markup=False)

    # -- focus ------------------------------------------------------------------------------

    def action_focus_filter(self) -> None:
        if isinstance(self.focused, Input):
            raise SkipAction()  # "/" is just a character in the box
        box = self.query_one("#filter-text", Input)
        self.focus_now(box)
        box.cursor_position = len(box.value)

    def action_leave_filter(self) -> None:
        if self.focused is not self.query_one("#filter-text", Input):
            raise SkipAction()
        self.focus_now(self.paper_list)

    def action_toggle_filter(self, toggle_id: str) -> None:
        self.filter_pane.toggle(toggle_id)

    def action_back(self) -> None:
        """Back to the list; on the list, clear the filter text (as lazygit and aerc do), then nothing."""
        if self.focused is self.paper_list and self.filter_pane.paper_filter.text:
            self.filter_pane.set_text("")
            return
        self.focus_now(self.paper_list)

    @on(Input.Submitted, "#filter-text")
    def _filter_submitted(self) -> None:
        self.focus_now(self.paper_list)

    def focus_now(self, widget: Widget) -> None:
        """Move focus before the next key is handled: `Widget.focus` defers the move, so keys typed in one
        burst after `/` (a fast typist, a paste, tmux send-keys) would still act on the list."""
        self.set_focus(widget)
