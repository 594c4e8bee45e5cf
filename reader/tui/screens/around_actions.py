"""The main screen's actions around a paper (issue 15): numbered and listed links, the reading screen, views'
orders and the reader's sessions. A mixin of `MainScreen`, so that module stays about the panes' flow."""

from __future__ import annotations

import contextlib
from functools import partial
from typing import TYPE_CHECKING

from reader.core.views import View
from reader.query import Sort
from reader.storage.errors import LibraryError

if TYPE_CHECKING:
    from textual.app import App

    from reader.core.paper import Paper
    from reader.storage.library import Library
    from reader.tui.around import Around
    from reader.tui.links import LinkOpener
    from reader.tui.online import OnlineResults
    from reader.tui.order import ListOrder
    from reader.tui.session import ReaderSession
    from reader.tui.views import SavedViews
    from reader.tui.widgets.filter_pane import FilterPane
    from reader.tui.widgets.paper_list import PaperList


class AroundActions:
    """Needs the screen's `library`, `around`, `links`, `order`, `_require_paper` and `_show_order`."""

    library: Library
    session: ReaderSession
    app: App[None]
    around: Around
    links: LinkOpener
    order: ListOrder

    _resume_pk: int | None
    _current_pk: int | None
    views: SavedViews
    online: OnlineResults
    paper_list: PaperList
    filter_pane: FilterPane

    if TYPE_CHECKING:

        def _require_paper(self) -> Paper | None: ...
        def reload(self) -> None: ...
        def focus_now(self, widget: object) -> None: ...
        def run_worker(self, work: object, **kwargs: object) -> object: ...
        def _show_order(self) -> None: ...
        def notify(self, message: str, **kwargs: object) -> None: ...

    def start_session(self) -> None:
        """Papers stored since the reader was last open count as new (`is:new`) in this session."""
        with contextlib.suppress(LibraryError):
            self.library.start_session()

    def end_session(self) -> None:
        with contextlib.suppress(LibraryError):
            self.library.end_session()

    def apply_view_order(self, view: View) -> None:
        """A view with an order of its own (Rising: most upvotes gained first) shows its papers in it."""
        if view.sort is None:
            return
        with contextlib.suppress(ValueError):
            self.order.sort_by(Sort(view.sort))
            self._show_order()

    def action_open_github(self) -> None:
        if paper := self._require_paper():
            self.links.open_github(paper)

    def action_open_hf(self) -> None:
        if paper := self._require_paper():
            self.links.open_hf(paper)

    def action_open_arxiv(self) -> None:
        if paper := self._require_paper():
            self.links.open_arxiv(paper)

    def action_copy_link(self) -> None:
        if paper := self._require_paper():
            self.links.copy_link(paper)

    def action_open_link(self, number: int) -> None:
        if paper := self._require_paper():
            self.links.open_numbered(self.around.links(paper), number)

    def action_links_list(self) -> None:
        """Every link of the paper, the linked repositories beyond the nine numbered ones too; Enter opens one."""
        if not (paper := self._require_paper()):
            return
        from rich.text import Text

        from reader.tui.dialogs.pick import PickScreen

        links = self.around.every_link(paper)
        entries = [Text.assemble((f"{link.label:<13} ", "bold"), link.url) for link in links]

        def chosen(index: int | None) -> None:
            if index is not None and 0 <= index < len(links):
                self.links.open_url(links[index].url, links[index].label)

        self.app.push_screen(PickScreen(f"Links of {paper.title}"[:100], entries), chosen)

    def action_add_paper(self) -> None:
        """`A`: papers by arXiv id or URL, fetched from Hugging Face in a worker; the list shows the first added."""
        from reader.tui.dialogs.add import AddPaperScreen

        def add(references: list[str] | None) -> None:
            if references:
                self.notify(f"Adding {len(references)} paper{'s' if len(references) > 1 else ''}…", timeout=2)
                self.run_worker(partial(self._add, references), name="add papers", group="add", exit_on_error=False)

        self.app.push_screen(AddPaperScreen(), add)

    async def _add(self, references: list[str]) -> None:
        from reader.services.online import add_papers
        from reader.tui.around import client_settings, import_client

        await import_client()
        from reader.sources.client import ApiClient

        try:
            settings = client_settings(self.session)
            async with ApiClient(settings) as client:  # type: ignore[arg-type]
                report = await add_papers(self.library, client, references)
        except (ValueError, LibraryError) as exc:
            self.notify(str(exc), title="Not added", severity="error", markup=False)
            return
        done = report.added + report.updated
        if done:
            self._resume_pk = self.library.pk_of(done[0])  # the cursor goes to it once the list has it
            self.reload()
            self.views.count_unread_soon()
            shown = ", ".join(done[:3]) + ("…" if len(done) > 3 else "")
            self.notify(f"Added {len(report.added)}, updated {len(report.updated)}: {shown}", markup=False)
        for reference, why in report.failed[:3]:
            self.notify(f"{reference}: {why}", title="Not added", severity="warning", markup=False, timeout=8)

    def keep_online(self) -> None:
        """The paper in the detail pane is an online result (`ctrl+o`): starred, read or opened, it is stored."""
        old = self._current_pk
        if old is None or old >= 0:
            return
        try:
            new = self.online.store(old)
        except LibraryError as exc:
            self.notify(str(exc), title="Not added", severity="error", markup=False)
            return
        if new is not None:
            self._current_pk = new
            self.paper_list.replace_pk(old, new)
            self.notify("Added to the library", timeout=1.5)

    def action_search_online(self) -> None:
        """`ctrl+o`: the filter box's words searched on Hugging Face; the results replace the list until the next
        search of the library (typing, a toggle, a view)."""
        words = self.filter_pane.paper_filter.text.strip()
        if not words:
            self.notify("Type words in the filter box (/), then ctrl+o searches Hugging Face for them", timeout=4)
            return
        self.notify(f"Searching Hugging Face for {words!r}…", timeout=2, markup=False)
        self.run_worker(partial(self._search_online, words), name="online search", group="online", exclusive=True,
                        exit_on_error=False)  # fmt: skip

    async def _search_online(self, words: str) -> None:
        from reader.services.online import search_online_rows
        from reader.tui.around import client_settings, import_client

        await import_client()
        from reader.sources.client import ApiClient, FetchError
        from reader.sources.hf_api import FeedError

        try:
            settings = client_settings(self.session)
            async with ApiClient(settings) as client:  # type: ignore[arg-type]
                results = await search_online_rows(self.library, client, words)
        except (ValueError, FetchError, FeedError) as exc:
            problem = "offline" if str(exc).startswith("cannot connect") else str(exc)
            self.notify(f"Hugging Face search: {problem}", severity="warning", markup=False, timeout=6)
            return
        pks = self.online.show(results)
        self.paper_list.show(pks)
        online = sum(1 for row in results if not row.stored)
        self.filter_pane.set_count(len(pks), self.library.count())
        self.notify(f"{len(pks)} results on Hugging Face for {words!r} ({online} not in the library: ⇣)",
                    markup=False, timeout=5)  # fmt: skip
        self.focus_now(self.paper_list)

    def action_full_text(self) -> None:
        """The reading screen: the paper's full text, fetched once if it is not in the library yet."""
        if paper := self._require_paper():
            from reader.tui.screens.reading import ReadingScreen

            self.app.push_screen(ReadingScreen(self.session, paper))
