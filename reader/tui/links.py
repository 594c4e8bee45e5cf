"""Opening a paper's links: a graphical browser where one can appear, else the link is copied and shown."""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import partial

from textual.widget import Widget

from reader.core.paper import Link, Paper, is_web_url
from reader.tui.session import ReaderSession


class LinkOpener:
    """Opens http(s) links on a worker thread, never through a shell; a terminal browser never takes the screen."""

    def __init__(self, owner: Widget, session: ReaderSession) -> None:
        self._owner = owner
        self._session = session

    def open_github(self, paper: Paper) -> None:
        if paper.github_repo:
            self.open_url(paper.github_repo, "GitHub repository")
        else:
            self._owner.notify("This paper has no GitHub repository that we know of", severity="warning")

    def open_hf(self, paper: Paper) -> None:
        self.open_url(paper.hf_url, "Hugging Face page")

    def open_arxiv(self, paper: Paper) -> None:
        link = next((link for link in paper.links if link.label == "arXiv"), None)
        if link:
            self.open_url(link.url, "arXiv page")
        else:
            self._owner.notify("This paper has no arXiv page", severity="warning")

    def open_numbered(self, links: Sequence[Link], number: int) -> None:
        """Link `number` (from 1) of `links`, as the detail pane numbers them."""
        if 1 <= number <= len(links):
            self.open_url(links[number - 1].url, links[number - 1].label)
        else:
            self._owner.notify(f"This paper has {len(links)} links; there is no link {number}", severity="warning")

    def copy_link(self, paper: Paper) -> None:
        self.copy_url(paper.hf_url, "Copied the paper's link")

    def open_url(self, url: str, label: str) -> None:
        """Open an http(s) URL in a graphical browser, or copy it where none can appear."""
        if not is_web_url(url):
            self._owner.notify("Refused to open a link that is not http(s)", severity="error")
            return
        from reader.services.opener import OpenError, browser_command

        try:
            argv = browser_command(self._session.config.browser, os.environ)
        except OpenError as exc:
            self.copy_url(url, str(exc))
            return
        if argv is None:
            self.copy_url(url, "No browser can open here (SSH or no display); copied the link")
            return
        self._owner.notify(f"Opening the {label}", timeout=2, markup=False)  # a linked repository names itself
        self._owner.run_worker(
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
            self._owner.app.call_from_thread(self.copy_url, url, f"Could not open the browser ({exc}); copied the link")

    def copy_url(self, url: str, reason: str) -> None:
        """Copy through the terminal (OSC 52) and show the URL, so it can be copied by hand too."""
        self._owner.app.copy_to_clipboard(url)
        self._owner.notify(f"{reason}:\n{url}", markup=False, timeout=8)
