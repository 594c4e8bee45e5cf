"""The `t` dialog: one line of tags for a paper, completing the word being typed from the tags already used."""

from __future__ import annotations

import re
from collections.abc import Sequence

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Input, Static

from reader.core.annotations import AnnotationError, parse_tags
from reader.core.text import clean_line
from reader.tui import keys
from reader.tui.dialogs.early_keys import pass_to_box

_LAST_WORD = re.compile(r"[^\s,]*$")


class TagSuggester(Suggester):
    """Completes the last word of the line from the known tags (most used first), matched case-free."""

    def __init__(self, known: Sequence[str]) -> None:
        super().__init__(use_cache=False, case_sensitive=True)  # matched case-free here, shown as in use
        self._known = list(known)

    async def get_suggestion(self, value: str) -> str | None:
        word = _LAST_WORD.search(value)
        typed = word.group() if word else ""
        if not typed:
            return None
        already = {label.casefold() for label in re.split(r"[\s,]+", value[: len(value) - len(typed)]) if label}
        key = typed.casefold()
        for label in self._known:
            folded = label.casefold()
            if folded.startswith(key) and folded != key and folded not in already:
                return value[: len(value) - len(typed)] + label  # in the spelling in use
        return None


class TagsScreen(ModalScreen[tuple[str, ...] | None]):
    """Enter saves the tags typed (spaces or commas between them), Esc cancels; a bad tag is said, not saved."""

    DEFAULT_CSS = """
    TagsScreen { align: center middle; }
    TagsScreen > Vertical {
        width: 72; height: auto; padding: 1 2; border: round $accent; background: $panel;
    }
    TagsScreen #paper-title { color: $text-muted; margin-bottom: 1; }
    TagsScreen #problem { color: $text-error; height: auto; }
    """

    BINDINGS = keys.bindings(keys.TAGS_DIALOG)

    def __init__(self, title: str, tags: Sequence[str], known: Sequence[str]) -> None:
        super().__init__()
        self.paper_title = clean_line(title)
        self.tags = tuple(tags)
        self.known = list(known)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Tags of the paper (spaces or commas between them; → takes the completion)", markup=False)
            yield Static(self.paper_title, id="paper-title", markup=False)
            yield Input(" ".join(self.tags), placeholder="e.g. reading-group to-cite", id="tags-text",
                        suggester=TagSuggester(self.known))  # fmt: skip
            yield Static("", id="problem", markup=False)

    def on_mount(self) -> None:
        box = self.query_one(Input)
        box.focus()
        box.cursor_position = len(box.value)

    def on_key(self, event: events.Key) -> None:
        """Keys typed in the same burst as `t` go to the box, in order (see early_keys)."""
        pass_to_box(self.query_one(Input), event)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            tags = parse_tags(event.value)
        except AnnotationError as exc:
            self.query_one("#problem", Static).update(str(exc))
            return
        self.dismiss(tags)

    def action_cancel(self) -> None:
        self.dismiss(None)
