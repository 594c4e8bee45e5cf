"""The footer, rebuilt once per burst of binding changes rather than once per change."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


class KeyFooter(Footer):
    """Textual 8.2.8's Footer recomposes on every bindings signal; start-up sends three (~20 ms each).

    This one schedules one rebuild and lets later signals ride on it: the
    rebuild reads the bindings as they are when it runs.
    """

    _rebuild_pending = False

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True  # what Footer.compose waits for (pinned Textual)
        if not screen.app.app_focus or self._rebuild_pending:
            return
        if self.is_attached and screen is self.screen:
            self._rebuild_pending = True
            self.call_after_refresh(self._rebuild)

    async def _rebuild(self) -> None:
        self._rebuild_pending = False
        await self.recompose()
