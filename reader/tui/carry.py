"""The main screen's keys that carry a paper further: tags, notes, BibTeX, export, mark all read and its undo.

A base class of `MainScreen`, in a module of its own so that screen stays small;
the dialogs are in reader/tui/dialogs/, the export flow in reader/tui/exporting.py.
Each tag or note change is its own committed transaction before the key returns.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.actions import SkipAction
from textual.screen import Screen
from textual.widgets import Input

from reader.core.annotations import AnnotationError
from reader.core.paper import Paper
from reader.core.text import clean_line
from reader.query import PaperFilter, QueryError
from reader.storage.annotations import ReadChange
from reader.storage.errors import DamagedLibraryError, LibraryError
from reader.tui.title import UnreadTitle
from reader.tui.widgets.detail import Annotations

if TYPE_CHECKING:
    from reader.storage.library import Library
    from reader.tui.damage import DamageWatch
    from reader.tui.export import MarksExport
    from reader.tui.search import Search
    from reader.tui.session import ReaderSession
    from reader.tui.views import SavedViews
    from reader.tui.widgets.detail import PaperDetail
    from reader.tui.widgets.paper_list import PaperList

UNDO_SECONDS = 10.0
"""How long after `M` the `u` key undoes it (the notification stays as long)."""


class CarryActions(Screen[None]):
    """The main screen's base: `t` tags, `e`/`E` note, `c` BibTeX, `x` export, `M` mark all read, `u` undo it."""

    if TYPE_CHECKING:  # what MainScreen provides
        session: ReaderSession
        library: Library
        current: Paper | None
        highlight: tuple[str, ...]
        export: MarksExport
        views: SavedViews
        damage: DamageWatch
        paper_list: PaperList
        detail: PaperDetail
        _last_filter: PaperFilter

        def _require_paper(self) -> Paper | None: ...
        def reload(self, paper_filter: PaperFilter | None = None) -> None: ...

        @property
        def search(self) -> Search: ...

        def current_filter(self, paper_filter: PaperFilter | None = None) -> PaperFilter: ...

    _read_change: ReadChange | None = None
    _undo_until = 0.0
    _unread_title: UnreadTitle | None = None

    @property
    def unread_title(self) -> UnreadTitle:
        """`paper-reader · 12 unread` in the header and the terminal's title (see reader/tui/title.py)."""
        if self._unread_title is None:
            small = self.session.off_thread_papers
            self._unread_title = UnreadTitle(self, lambda: self.current_filter(self._last_filter),
                                             lambda: self.search.query_thread,
                                             lambda: self.library if self.search.total <= small else None)  # fmt: skip
        return self._unread_title

    def on_mount(self) -> None:
        """Dispatched by Textual after MainScreen's own `on_mount`: the sync folder, if one is set."""
        from reader.tui.sync_watch import SyncWatch

        self.sync_watch = SyncWatch(self, self.session, self._marks_changed, self.damage.found)
        self.sync_watch.start(self.export)

    def on_unmount(self) -> None:
        """Dispatched by Textual beside MainScreen's own `on_unmount` (each class of the MRO has its handler)."""
        if self._unread_title is not None:
            self._unread_title.restore()

    def annotations_of(self, paper_id: str) -> Annotations:
        """The paper's tags and note, for the detail pane."""
        return Annotations(self.library.tags(paper_id), self.library.note(paper_id))

    # -- tags and notes -----------------------------------------------------------------------

    def _typing(self) -> None:
        """`t` and `e` are priority keys: in the filter box they are just characters."""
        if isinstance(self.focused, Input):
            raise SkipAction()

    def action_edit_tags(self) -> None:
        from reader.tui.dialogs.tags import TagsScreen

        self._typing()
        if paper := self._require_paper():
            known = [label for label, _count in self.library.all_tags()]
            screen = TagsScreen(paper.title, self.library.tags(paper.id), known)
            self.app.push_screen(screen, partial(self._tags_chosen, paper))

    def _tags_chosen(self, paper: Paper, tags: tuple[str, ...] | None) -> None:
        if tags is not None and self.annotate(paper, partial(self.library.set_tags, paper.id, tags)):
            shown = " ".join(self.library.tags(paper.id))
            self.notify(f"Tags: {shown}" if shown else "No tags", timeout=2, markup=False)

    def action_edit_note(self) -> None:
        from reader.tui.dialogs.note import NoteScreen

        self._typing()
        if paper := self._require_paper():
            self.app.push_screen(NoteScreen(paper.title, self.library.note(paper.id)), partial(self.save_note, paper))

    def action_edit_note_outside(self) -> None:
        from reader.tui.note_editor import EditorError, edit_in_editor

        if paper := self._require_paper():
            try:
                text = edit_in_editor(self.app, self.library.note(paper.id), paper.id)
            except EditorError as exc:
                self.notify(str(exc), title="Note not changed", severity="error", markup=False, timeout=8)
                return
            self.save_note(paper, text)

    def save_note(self, paper: Paper, text: str | None) -> None:
        """Store the note (None: nothing to change); say so when it changed."""
        if text is None:
            return
        before = self.library.note(paper.id)
        if self.annotate(paper, partial(self.library.set_note, paper.id, text), note=True):
            after = self.library.note(paper.id)
            if after != before:
                self.notify("Note saved" if after else "Note deleted", timeout=2)

    def annotate(self, paper: Paper, change: Callable[[], object], *, note: bool = False) -> bool:
        """Apply a tag or note change (committed at once), redraw the paper, and search again if the filter asks."""
        try:
            change()
        except AnnotationError as exc:
            self.notify(str(exc), title="Not saved", severity="error", markup=False)
            return False
        except DamagedLibraryError as exc:
            self.damage.found(exc.reason)
            return False
        except LibraryError as exc:
            self.notify(str(exc), title="Not saved", severity="error", markup=False)
            return False
        pk = self.library.pk_of(paper.id)
        if pk is not None:
            self.paper_list.refresh_paper(pk)
        self._redraw_detail()
        self.export.soon()
        try:
            query = self._last_filter.query()
        except QueryError:
            return True
        if query.needs_state or (note and query.terms):  # plain words match notes too
            self.reload()
        return True

    def _redraw_detail(self) -> None:
        if self.current is not None:
            state = self.library.state(self.current.id)
            self.detail.show_paper(self.current, state, keep_scroll=True, highlight=self.highlight)

    # -- BibTeX and export ------------------------------------------------------------------------

    def action_copy_bibtex(self) -> None:
        from reader.services.export import export_items, render

        pk = self.paper_list.current_pk
        if (paper := self._require_paper()) is None or pk is None:
            return
        entry = render("bibtex", export_items(self.library, [pk]))
        self.app.copy_to_clipboard(entry)
        first_line = entry.split("\n", 1)[0]
        self.notify(f"Copied the BibTeX entry {first_line} of {clean_line(paper.title)[:60]}", markup=False,
                    timeout=4)  # fmt: skip

    def action_export(self) -> None:
        from reader.tui.exporting import ask_and_export

        ask_and_export(self, self.library, self.paper_list.current_pk, list(self.paper_list.pks))

    # -- mark all read, and undo ------------------------------------------------------------------

    def action_mark_all_read(self) -> None:
        pks = list(self.paper_list.pks)
        if not pks:
            self.notify("No papers in this list", severity="warning", timeout=2)
            return
        try:
            change = self.library.mark_all_read(pks)
        except DamagedLibraryError as exc:
            self.damage.found(exc.reason)
            return
        except LibraryError as exc:
            self.notify(str(exc), title="Not saved", severity="error", markup=False)
            return
        if not change.count:
            self.notify("Every paper of this list is read already", timeout=2)
            return
        self._read_change, self._undo_until = change, time.monotonic() + UNDO_SECONDS
        papers = "paper" if change.count == 1 else "papers"
        self.notify(f"Marked {change.count:,} {papers} read · u undoes it", timeout=UNDO_SECONDS)
        self._marks_changed()

    def action_undo_read(self) -> None:
        change = self._read_change
        if change is None or time.monotonic() > self._undo_until:
            self.notify("Nothing to undo (u undoes a mark all read for a few seconds)", timeout=2)
            return
        self._read_change = None
        try:
            undone = self.library.undo(change)
        except LibraryError as exc:
            self.notify(str(exc), title="Not undone", severity="error", markup=False)
            return
        self.notify(f"Marked {undone:,} {'paper' if undone == 1 else 'papers'} unread again", timeout=3)
        self._marks_changed()

    def _marks_changed(self) -> None:
        """Many papers' marks changed at once (`M`, `u`, a sync): search again (rows fetched afresh), redraw."""
        self.reload()
        self._redraw_detail()
        self.views.count_unread_soon()
        self.export.soon()
