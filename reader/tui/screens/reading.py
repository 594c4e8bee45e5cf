"""The reading screen (`f`): a paper's full text, offline once fetched, with a table of contents and a find.

The Markdown comes from the library; when it is not there yet it is fetched in a
background worker (`services.around.fetch_full_text`) and stored. A 404 or no
network is one quiet line on this screen, never a modal.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Input, Static

from reader.core.full_text import Heading, outline
from reader.core.paper import Paper
from reader.core.text import clean_line
from reader.tui import keys
from reader.tui.around import client_settings, import_client
from reader.tui.markdown_text import render_markdown
from reader.tui.session import ReaderSession
from reader.tui.widgets.footer import KeyFooter
from reader.tui.widgets.full_text import FullTextView


class FindBox(Input):
    """The reading screen's find box: Enter finds, Esc closes it."""

    BINDINGS = keys.bindings(keys.FIND_BOX)

    def action_close_find(self) -> None:
        self.screen.action_close_find()  # type: ignore[attr-defined]


class ReadingScreen(Screen[None]):
    """One paper's full text, drawn as plain text (never markup)."""

    BINDINGS = keys.bindings(keys.READING)

    DEFAULT_CSS = """
    ReadingScreen #reading-title { height: auto; max-height: 3; padding: 0 2; background: $panel; text-style: bold; }
    ReadingScreen #reading-text { height: 1fr; }
    ReadingScreen #reading-find { dock: bottom; display: none; }
    ReadingScreen.-finding #reading-find { display: block; }
    ReadingScreen #reading-status { height: 1; padding: 0 2; background: $panel; color: $text-muted; }
    """

    def __init__(self, session: ReaderSession, paper: Paper) -> None:
        super().__init__()
        self.session = session
        self.paper = paper
        self.headings: list[Heading] = []
        self.markdown: str | None = None

    def compose(self) -> ComposeResult:
        yield Static(Text(clean_line(self.paper.title)), id="reading-title")
        yield FullTextView(id="reading-text")
        yield FindBox(placeholder="Find in the text (Enter finds, n / N next and previous, Esc closes)",
                      id="reading-find")  # fmt: skip
        yield Static("", id="reading-status")
        yield KeyFooter()

    @property
    def view(self) -> FullTextView:
        return self.query_one(FullTextView)

    def on_mount(self) -> None:
        self.view.focus()
        markdown = self.session.library.full_text(self.paper.id)
        if markdown is not None:
            self.show_markdown(markdown)
            return
        self.say("Fetching the full text from Hugging Face…")
        self.run_worker(self._fetch, name="full text", group="full-text", exclusive=True, exit_on_error=False)

    async def _fetch(self) -> None:
        await import_client()
        from reader.services.around import fetch_full_text
        from reader.sources.client import ApiClient

        try:
            settings = client_settings(self.session)
        except ValueError as exc:
            self.say(f"full text: {exc}")
            return
        async with ApiClient(settings) as client:  # type: ignore[arg-type]
            outcome = await fetch_full_text(self.session.library, client, self.paper.id)
        if outcome.markdown is not None:
            self.show_markdown(outcome.markdown)
        else:
            self.say(f"full text: {outcome.problem or 'not available'}")

    def show_markdown(self, markdown: str) -> None:
        self.markdown = markdown
        self.headings = outline(markdown)
        self.view.set_blocks(render_markdown(markdown))
        sections = f"{len(self.headings)} section{'' if len(self.headings) == 1 else 's'} (t)"
        self.say(f"{len(markdown) // 1000:,} KB  ·  {sections}  ·  / finds")

    def say(self, line: str) -> None:
        """One quiet line under the text (server words included: plain text, cleaned)."""
        self.query_one("#reading-status", Static).update(Text(clean_line(line)))

    # -- actions ------------------------------------------------------------------------------

    def action_back(self) -> None:
        self.dismiss()

    def action_contents(self) -> None:
        if not self.headings:
            self.say("No headings in this text")
            return
        from reader.tui.dialogs.pick import PickScreen

        top = int(self.view.scroll_y)
        lines = [self.view.line_of_block(self.view.block_at(h.offset)) for h in self.headings]
        here = max((i for i, line in enumerate(lines) if line <= top + 2), default=0)
        entries = [Text("  " * (h.level - 1) + h.title) for h in self.headings]
        self.app.push_screen(PickScreen("Contents", entries, here), self._jump)

    def _jump(self, index: int | None) -> None:
        if index is not None and 0 <= index < len(self.headings):
            block = self.view.block_at(self.headings[index].offset)
            self.view.scroll_to_line(self.view.line_of_block(block) + 2)
            self.view.focus()

    def action_find(self) -> None:
        self.add_class("-finding")
        box = self.query_one(FindBox)
        self.set_focus(box)
        box.cursor_position = len(box.value)

    def action_close_find(self) -> None:
        self.remove_class("-finding")
        self.set_focus(self.view)

    @on(Input.Submitted, "#reading-find")
    def _find(self, event: Input.Submitted) -> None:
        event.stop()
        found = self.view.find(event.value)
        self.remove_class("-finding")
        self.set_focus(self.view)
        if not event.value.strip():
            self.say("")
        elif found:
            self.say(f"{self._current_match(1)} of {found} matches of {event.value!r}  ·  n / N next and previous")
        else:
            self.say(f"No match for {event.value!r}")

    def _current_match(self, default: int) -> int:
        return self.view.current_match + 1 if self.view.current_match >= 0 else default

    def action_next_match(self, step: int) -> None:
        moved = self.view.next_match(step)
        if moved is None:
            self.say("Nothing to find: / finds in the text")
        else:
            self.say(f"{moved[0]} of {moved[1]} matches  ·  n / N next and previous")
