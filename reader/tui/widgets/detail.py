"""The detail pane: everything known about one paper, as plain text (feed text is never markup)."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from reader.library import PaperState
from reader.models import Paper

_LABEL = "bold"
MAX_SHOWN_CHARS = 20_000
"""Longer fields are cut here (arXiv caps abstracts at 1,920): a 200 KB abstract would stall every keypress."""
_MUTED = "dim"


def detail_text(paper: Paper, state: PaperState) -> Text:
    """The paper as one Rich `Text`, assembled from plain strings so nothing in it is parsed."""
    text = Text(overflow="fold")
    _long(text, paper.title, style="bold")
    marks = ["★ Starred" if state.starred else "☆ Not starred", "Read" if state.read else "● Unread"]
    text.append("  ·  ".join(marks), style=_MUTED)
    text.append("\n\n")

    if paper.authors:
        _field(text, "Authors", ", ".join(paper.authors))
    dates = []
    if paper.daily_date:
        dates.append(f"Daily {paper.daily_date}")
    if paper.published_on:
        dates.append(f"arXiv {paper.published_on}")
    if dates:
        _field(text, "Dates", "  ·  ".join(dates))
    counts = []
    if paper.upvotes is not None:
        counts.append(f"▲ {paper.upvotes} upvotes")
    if paper.comments is not None:
        counts.append(f"{paper.comments} comments")
    if counts:
        _field(text, "Votes", "  ·  ".join(counts))
    if paper.github_repo:
        stars = f"  ★ {paper.github_stars}" if paper.github_stars is not None else ""
        _field(text, "GitHub", paper.github_repo.removeprefix("https://github.com/") + stars)
    else:
        _field(text, "GitHub", "no repository known")
    if paper.project_page:
        _field(text, "Project", paper.project_page)
    if paper.organization:
        _field(text, "Org", paper.organization)
    if paper.submitter:
        _field(text, "Submitter", paper.submitter)

    if paper.ai_summary:
        _heading(text, "AI summary")
        _long(text, paper.ai_summary)
    if paper.ai_keywords:
        _heading(text, "Keywords")
        text.append(" · ".join(paper.ai_keywords))
        text.append("\n")
    _heading(text, "Abstract")
    _long(text, paper.abstract or "(no abstract)")
    _heading(text, "Links")
    for number, link in enumerate(paper.links, start=1):
        text.append(f" {number} ", style="reverse")
        text.append(f" {link.label:<13}", style=_LABEL)
        text.append(link.url)
        text.append("\n")
    return text


def _long(text: Text, value: str, style: str = "") -> None:
    """Append a field that may be huge, cut at MAX_SHOWN_CHARS with a note saying how much is hidden."""
    text.append(value[:MAX_SHOWN_CHARS], style=style)
    if len(value) > MAX_SHOWN_CHARS:
        text.append(f" … ({len(value) - MAX_SHOWN_CHARS:,} more characters not shown)", style=_MUTED)
    text.append("\n")


def _field(text: Text, label: str, value: str) -> None:
    text.append(f"{label:<10}", style=_LABEL)
    text.append(value)
    text.append("\n")


def _heading(text: Text, title: str) -> None:
    text.append(f"\n{title}\n", style="bold underline")


class PaperDetail(VerticalScroll):
    """Scrollable detail of the paper under the list's cursor."""

    BINDINGS = [
        Binding("j,down", "scroll_down", "Scroll the detail down", show=False, id="detail.down"),
        Binding("k,up", "scroll_up", "Scroll the detail up", show=False, id="detail.up"),
        Binding("g,home", "scroll_home", "Top", show=False, id="detail.top"),
        Binding("G,end", "scroll_end", "Bottom", show=False, id="detail.bottom"),
        Binding("space", "page_down", "Page down in the detail", show=False, id="detail.page_down"),
    ]

    DEFAULT_CSS = """
    PaperDetail { padding: 0 1; }
    PaperDetail > Static { width: 1fr; }
    """

    def compose(self):  # type: ignore[no-untyped-def]
        yield Static("", id="detail-body", markup=False)

    def show_paper(self, paper: Paper | None, state: PaperState | None = None, *, keep_scroll: bool = False) -> None:
        """Show `paper` (None: an explanatory line instead)."""
        body = self.query_one("#detail-body", Static)
        if paper is None:
            body.update(Text("No paper here. Clear the filter (/) or import papers.", style="dim"))
        else:
            body.update(detail_text(paper, state or PaperState()))
        if not keep_scroll:
            self.scroll_home(animate=False)
