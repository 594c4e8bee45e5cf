"""The main screen's actions around a paper (issue 15): numbered and listed links, the reading screen, views'
orders and the reader's sessions. A mixin of `MainScreen`, so that module stays about the panes' flow."""

from __future__ import annotations

import contextlib
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
    from reader.tui.order import ListOrder
    from reader.tui.session import ReaderSession
    from reader.tui.views import SavedViews


class AroundActions:
    """Needs the screen's `library`, `around`, `links`, `order`, `_require_paper` and `_show_order`."""

    library: Library
    session: ReaderSession
    app: App[None]
    around: Around
    links: LinkOpener
    order: ListOrder

    _resume_pk: int | None
    views: SavedViews

    if TYPE_CHECKING:

        def _require_paper(self) -> Paper | None: ...
        def reload(self) -> None: ...
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
                self.run_worker(self._add(references), name="add papers", group="add", exit_on_error=False)

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

    def action_full_text(self) -> None:
        """The reading screen: the paper's full text, fetched once if it is not in the library yet."""
        if paper := self._require_paper():
            from reader.tui.screens.reading import ReadingScreen

            self.app.push_screen(ReadingScreen(self.session, paper))
