"""The detail pane: everything known about one paper, as plain text (feed text is never markup).

A Line API widget, like the paper list: the text is wrapped once per paper (and
per width), and only the lines on screen are drawn, so moving the list's cursor
repaints this pane alone instead of laying out the whole screen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from rich.console import Group, RenderableType
from rich.segment import Segment
from rich.style import Style, StyleType
from rich.text import Text
from textual import events
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.core.paper import Link, Paper
from reader.core.text import clean_line, strip_controls
from reader.storage.rows import PaperState
from reader.tui import keys
from reader.tui.highlight import match_style, stylize
from reader.tui.widgets.around_text import AroundInfo, append_linked, numbered_links, votes_text
from reader.tui.widgets.link_list import LinkList, numbered
from reader.tui.widgets.scrolling import KeptLines, set_virtual_size

_LABEL = "bold"
MAX_SHOWN_CHARS = 20_000
"""Longer fields are cut here (arXiv caps abstracts at 1,920): a 200 KB abstract would stall every keypress."""
_MUTED = "dim"


class Annotations(NamedTuple):
    """What the user wrote about a paper: its tags (as typed) and its note ('' for none)."""

    tags: tuple[str, ...] = ()
    note: str = ""


NO_ANNOTATIONS = Annotations()

AnnotationSource = Callable[[str], Annotations]
"""Paper id -> its tags and note (the library's, asked when a paper is shown)."""


def detail_text(
    paper: Paper,
    state: PaperState,
    highlight: tuple[str, ...] = (),
    match_style: StyleType = "reverse",
    annotations: Annotations = NO_ANNOTATIONS,
    around: AroundInfo | None = None,
) -> Text:
    """The paper as one Rich `Text` (its links one per line, then the linked repositories), as `plain_text`
    reads it."""
    around = _of(paper, around)
    text = detail_body(paper, state, highlight, match_style, annotations, around)
    for number, label, url in numbered(paper):
        text.append(f" {number} ", style="reverse")
        text.append(f" {label:<13}", style=_LABEL)
        text.append(f"{url}\n")
    append_linked(text, paper, around, len(paper.links) + 1)
    return text


def detail_renderable(
    paper: Paper,
    state: PaperState,
    highlight: tuple[str, ...] = (),
    match_style: StyleType = "reverse",
    annotations: Annotations = NO_ANNOTATIONS,
    around: AroundInfo | None = None,
) -> RenderableType:
    """What the pane draws: the body, then the numbered links, each URL wrapping (if it must) under itself,
    then the linked models, datasets and Spaces (numbered on from the links)."""
    around = _of(paper, around)
    body = detail_body(paper, state, highlight, match_style, annotations, around)
    body.rstrip()  # the heading's newline: the links start on the next line
    linked = Text(overflow="fold")
    append_linked(linked, paper, around, len(paper.links) + 1)
    return Group(body, LinkList(numbered(paper)), *([linked] if linked.plain else []))


def _of(paper: Paper, around: AroundInfo | None) -> AroundInfo | None:
    """`around` when it is about this paper (the list may have moved on since it was fetched)."""
    return around if around is not None and around.paper_id == paper.id else None


def detail_body(
    paper: Paper,
    state: PaperState,
    highlight: tuple[str, ...] = (),
    match_style: StyleType = "reverse",
    annotations: Annotations = NO_ANNOTATIONS,
    around: AroundInfo | None = None,
) -> Text:
    """The paper up to its links' heading, assembled from plain strings so nothing in it is parsed.

    Matches of the `highlight` terms get `match_style` in the fields' values (title,
    authors, organization, submitter, AI summary and keywords, abstract), never in the labels.
    """
    text = Text(overflow="fold")
    mark = _Marker(text, highlight, match_style)
    _long(text, paper.title, style="bold", mark=mark)
    marks = ["★ Starred" if state.starred else "☆ Not starred", "Read" if state.read else "● Unread"]
    text.append("  ·  ".join(marks), style=_MUTED)
    text.append("\n\n")
    _tags(text, annotations.tags)
    _facts(text, paper, around, mark)
    _note(text, annotations.note)
    _sections(text, paper, mark)
    return text


def _facts(text: Text, paper: Paper, around: AroundInfo | None, mark: _Marker) -> None:
    """Authors, dates, votes (with their movement), GitHub, project page, organization, submitter."""
    if paper.authors:
        _field(text, "Authors", ", ".join(paper.authors), mark=mark)
    dates = []
    if paper.daily_date:
        dates.append(f"Daily {paper.daily_date}")
    if paper.published_on:
        dates.append(f"arXiv {paper.published_on}")
    if dates:
        _field(text, "Dates", "  ·  ".join(dates))
    counts = []
    if votes := votes_text(paper, around.movement if around else None):
        counts.append(votes)
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
        _field(text, "Org", paper.organization, mark=mark)
    if paper.submitter:
        _field(text, "Submitter", paper.submitter, mark=mark)


def _sections(text: Text, paper: Paper, mark: _Marker) -> None:
    """AI summary, keywords, the abstract and the links' heading."""
    if paper.ai_summary:
        _heading(text, "AI summary")
        _long(text, paper.ai_summary, mark=mark)
    if paper.ai_keywords:
        _heading(text, "Keywords")
        with mark:
            text.append(" · ".join(paper.ai_keywords))
        text.append("\n")
    _heading(text, "Abstract")
    _long(text, paper.abstract or "(no abstract)", mark=mark)
    _heading(text, "Links")


def _tags(text: Text, tags: tuple[str, ...]) -> None:
    if tags:
        _field(text, "Tags", "  ".join(f"#{clean_line(tag)}" for tag in tags))


def _note(text: Text, note: str) -> None:
    if note:
        _heading(text, "Your note")
        _long(text, strip_controls(note))


class _Marker:
    """`with mark: text.append(...)` marks the matches in what was appended (and only there)."""

    def __init__(self, text: Text, terms: tuple[str, ...], style: StyleType) -> None:
        self.text, self.terms, self.style = text, terms, style
        self.start = 0

    def __enter__(self) -> None:
        self.start = len(self.text)

    def __exit__(self, *exc: object) -> None:
        stylize(self.text, self.terms, self.style, self.start)


_NO_MARK = _Marker(Text(), (), "")


def _long(text: Text, value: str, style: str = "", mark: _Marker = _NO_MARK) -> None:
    """Append a field that may be huge, cut at MAX_SHOWN_CHARS with a note saying how much is hidden."""
    with mark:
        text.append(value[:MAX_SHOWN_CHARS], style=style)
    if len(value) > MAX_SHOWN_CHARS:
        text.append(f" … ({len(value) - MAX_SHOWN_CHARS:,} more characters not shown)", style=_MUTED)
    text.append("\n")


def _field(text: Text, label: str, value: str, mark: _Marker = _NO_MARK) -> None:
    text.append(f"{label:<10}", style=_LABEL)
    with mark:
        text.append(value)
    text.append("\n")


def _heading(text: Text, title: str) -> None:
    text.append(f"\n{title}\n", style="bold underline")


EMPTY = "No paper here. Clear the filter (/) or import papers."


class PaperDetail(KeptLines, ScrollView, can_focus=True):
    """Scrollable detail of the paper under the list's cursor; draws only the lines on screen."""

    BINDINGS = keys.bindings(keys.PAPER_DETAIL)

    COMPONENT_CLASSES = {"paper-detail--match"}

    DEFAULT_CSS = """
    PaperDetail {
        padding: 0 1;
        overflow-x: hidden;
        overflow-y: auto;
        scrollbar-gutter: stable;
        & > .paper-detail--match { background: $warning 40%; text-style: underline; }
    }
    """

    def __init__(self, *, id: str | None = None, annotations: AnnotationSource | None = None) -> None:
        super().__init__(id=id)
        self._annotation_source = annotations
        self._annotations = NO_ANNOTATIONS
        """The shown paper's tags and note, asked once per `show_paper`."""
        self._paper: Paper | None = None
        self._state = PaperState()
        self._highlight: tuple[str, ...] = ()
        self._around: AroundInfo | None = None
        """The upvote movement and linked repositories last fetched (drawn only with their own paper)."""
        self._shown: RenderableType = Text(EMPTY, style="dim")
        self._text: Text | None = None
        """The shown paper as one Text, made only when asked for (`text`, `plain_text`)."""
        self._lines: list[list[Segment]] = []
        """The text wrapped to `_width`, unstyled by the widget: rebuilt per paper, width or theme.

        Kept as segments: a `Strip` is made only for a line that is drawn (hundreds for 600 authors)."""
        self._width = -1
        self._styled: dict[int, Strip] = {}
        """Lines with the widget's base style applied, for `_styled_base`: scrolling redraws for free."""
        self._styled_base: Style | None = None
        """The widget's own Rich style, worked out once per style change (`rich_style` walks the DOM: 0.1 ms)."""

    # -- content ------------------------------------------------------------------------------

    @property
    def text(self) -> Text:
        """The text shown (Rich `Text`, highlight spans included; the links one per line)."""
        if self._text is None:
            if self._paper is None:
                self._text = Text(EMPTY, style="dim")
            else:
                self._text = detail_text(self._paper, self._state, self._highlight, self._match_style(),
                                         self._annotations, self._around)  # fmt: skip
        return self._text

    @property
    def plain_text(self) -> str:
        """The text shown, as a plain string."""
        return self.text.plain

    @property
    def lines(self) -> list[Strip]:
        """The wrapped lines, as drawn before the widget's base style."""
        return [Strip(line, self._width) for line in self._lines]

    @property
    def links(self) -> list[Link]:
        """The links numbered 1-9 in the pane now (the paper's, then its linked repositories)."""
        return numbered_links(self._paper, self._around) if self._paper else []

    def set_around(self, around: AroundInfo) -> None:
        """What is known around a paper; drawn now if it is the paper shown, else with it when it is shown."""
        self._around = around
        if self._paper is not None and self._paper.id == around.paper_id and self.is_mounted:
            self._build()

    @property
    def highlight(self) -> tuple[str, ...]:
        """The terms marked in the paper shown."""
        return self._highlight

    def show_paper(
        self,
        paper: Paper | None,
        state: PaperState | None = None,
        *,
        keep_scroll: bool = False,
        highlight: tuple[str, ...] = (),
    ) -> None:
        """Show `paper` (None: an explanatory line instead), its `highlight` terms marked."""
        self._paper, self._state, self._highlight = paper, state or PaperState(), highlight
        source = self._annotation_source
        self._annotations = source(paper.id) if source is not None and paper is not None else NO_ANNOTATIONS
        self._build()
        if not keep_scroll:
            self.scroll_to(0, 0, animate=False)

    def _build(self) -> None:
        """Assemble the text and wrap it; only this widget repaints (no layout of the screen)."""
        self._text = None
        if self._paper is None:
            self._shown = Text(EMPTY, style="dim")
        else:
            self._shown = detail_renderable(self._paper, self._state, self._highlight, self._match_style(),
                                            self._annotations, self._around)  # fmt: skip
        self._wrap()

    def _match_style(self) -> StyleType:
        return match_style(self, "paper-detail--match") if self.is_mounted else "reverse"

    def _wrap(self) -> None:
        width = self.scrollable_content_region.width
        self._width = width
        self._styled.clear()
        if width <= 0:
            self._lines = []
            return
        console = self.app.console
        options = console.options.update(width=width, min_width=width, max_width=width, height=None)
        self._lines = console.render_lines(self._shown, options, pad=True)
        set_virtual_size(self, Size(width, len(self._lines)))  # no screen layout per paper
        self.refresh()

    # -- drawing ------------------------------------------------------------------------------

    def content_line(self, y: int, width: int) -> Strip:
        if width != self._width:
            self._wrap()
        base = self._base_style()
        index = int(self.scroll_y) + y
        if not 0 <= index < len(self._lines):
            index = -1 - width  # an empty line: the same Strip each time
            if index not in self._styled:
                self._styled[index] = Strip.blank(width, base)
            return self._styled[index]
        strip = self._styled.get(index)
        if strip is None:
            strip = Strip(self._lines[index]).adjust_cell_length(width).apply_style(base)
            self._styled[index] = strip
        return strip

    def _base_style(self) -> Style:
        if self._styled_base is None:
            self._styled_base = self.rich_style
            self._styled.clear()
        return self._styled_base

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styled_base = None
        if self.is_mounted:
            self._build()  # the theme changed: the match style with it

    def on_resize(self, event: events.Resize) -> None:
        if self.scrollable_content_region.width != self._width:
            self._wrap()
