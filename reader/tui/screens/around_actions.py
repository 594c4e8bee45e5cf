"""The main screen's actions around a paper (issue 15): numbered and listed links, the reading screen, views'
orders and the reader's sessions. A mixin of `MainScreen`, so that module stays about the panes' flow."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from reader.core.views import View
from reader.query import Sort
from reader.storage.errors import LibraryError

if TYPE_CHECKING:
    from reader.core.paper import Paper
    from reader.storage.library import Library
    from reader.tui.around import Around
    from reader.tui.links import LinkOpener
    from reader.tui.order import ListOrder


class AroundActions:
    """Needs the screen's `library`, `around`, `links`, `order`, `_require_paper` and `_show_order`."""

    library: Library
    around: Around
    links: LinkOpener
    order: ListOrder

    if TYPE_CHECKING:

        def _require_paper(self) -> Paper | None: ...
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
