"""The footer: the keys that matter now, drawn as one line of text, in the first frame."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget


class KeyFooter(Widget):
    """What Textual's Footer shows (shown bindings, disabled ones dim, the palette key on the right), as one widget.

    Textual 8.2.8's Footer is a container of one widget per key, waits for a
    bindings signal before drawing anything and recomposes on each: a dozen
    widgets to style and lay out at start-up and after every focus change. This
    draws the same line with `render` and repaints (no layout) when the keys change.
    """

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"key-footer--key", "key-footer--description", "key-footer--disabled"}
    DEFAULT_CSS = """
    KeyFooter {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        & > .key-footer--key { color: $footer-key-foreground; background: $footer-key-background; text-style: bold; }
        & > .key-footer--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        & > .key-footer--disabled { text-style: dim; }
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self._spans: list[tuple[int, int, str]] = []
        """(first cell, end cell, key) of each key drawn: what a click presses."""

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen) -> None:
        self.refresh()

    def _shown(self) -> tuple[list[tuple[Binding, bool]], tuple[Binding, bool] | None]:
        """The shown bindings, one per action in the order the screen has them, and the palette's."""
        active = self.screen.active_bindings
        mode = getattr(self.screen.focused, "footer_bindings", None)
        if mode is not None:  # a mode (the view bar's `v`): its keys only
            return [(binding, True) for binding in mode()], None
        keys: list[tuple[Binding, bool]] = []
        actions: set[str] = set()
        for _node, binding, enabled, _tooltip in active.values():
            if binding.show and binding.action not in actions:
                actions.add(binding.action)
                keys.append((binding, enabled))
        palette = None
        if self.app.ENABLE_COMMAND_PALETTE and self.app.COMMAND_PALETTE_BINDING in active:
            _node, binding, enabled, _tooltip = active[self.app.COMMAND_PALETTE_BINDING]
            palette = (binding, enabled)
        return keys, palette

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-footer--key", partial=True)
        description_style = self.get_component_rich_style("key-footer--description", partial=True)
        disabled_style = self.get_component_rich_style("key-footer--disabled", partial=True)
        keys, palette = self._shown()
        line = Text(no_wrap=True, overflow="crop", end="")
        self._spans = []

        def add(binding: Binding, enabled: bool, start: int | None = None) -> None:
            begin = line.cell_len if start is None else start
            extra = disabled_style if not enabled else None
            line.append(f" {self.app.get_key_display(binding)} ", key_style + extra if extra else key_style)
            line.append(f"{binding.description} ", description_style + extra if extra else description_style)
            self._spans.append((begin, line.cell_len, binding.key.split(",")[0]))

        for binding, enabled in keys:
            add(binding, enabled)
        if palette is not None:
            binding, enabled = palette
            label = f"▏ {self.app.get_key_display(binding)} {binding.description} "
            room = self.size.width - line.cell_len - len(label)
            if room >= 0:
                line.append(" " * room)
                start = line.cell_len
                line.append("▏", description_style)
                add(binding, enabled, start)
        return line

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self._spans:
            if start <= event.x < end:
                self.app.simulate_key(key)
                return
