"""The reader's App: lifecycle, theme, keymap, notifications, the command palette, help and fatal errors.

Everything on screen (the panes and the flow between them) is the main screen's,
`reader.tui.screens.main`; every key is declared once in `reader.tui.keys`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on
from textual.app import App, SystemCommand
from textual.markup import escape
from textual.notifications import Notification, Notify, SeverityLevel
from textual.screen import Screen

from reader import __version__
from reader.core.config import Config
from reader.core.text import for_terminal, shown_path
from reader.query import Sort
from reader.storage.library import Library
from reader.tui import keys
from reader.tui.damage import exit_line, is_damage
from reader.tui.keymap_check import keymap_problem
from reader.tui.screens.main import MainScreen

if TYPE_CHECKING:
    from reader.sources.client import ClientSettings

__all__ = ["PaperReaderApp", "keymap_problem"]
VIEW_COUNTS_HELP = "View bar: Starred 2 ●1 is 2 papers, 1 of them unread; ●12 alone: all 12 unread"

OFF_THREAD_PAPERS = 5_000
"""Libraries bigger than this are searched on the query thread; smaller ones answer within a millisecond."""


def unknown_theme(name: str, themes: Iterable[str]) -> str:
    """One line naming the theme config.toml asks for and every theme there is."""
    return f"Unknown theme in config.toml: {name!r} (themes: {', '.join(sorted(themes))})"


def toast_kind(notification: Notification) -> tuple[str, ...]:
    """Information answers the last key (one at a time); each distinct warning or error stays until it times out."""
    if notification.severity == "information":
        return (notification.severity, notification.title)
    return (notification.severity, notification.title, notification.message)


class PaperReaderApp(App[None]):
    """A keyboard-first reader over one open `Library`; its session is what `MainScreen` reads."""

    TITLE = "paper-reader"
    CSS_PATH = "app.tcss"
    AUTO_FOCUS = "#papers"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = keys.bindings(keys.APP)

    off_thread_papers = OFF_THREAD_PAPERS
    """Search on the query thread above this many papers (tests set 0 to take that path on a small library)."""

    def __init__(
        self,
        library: Library,
        config: Config | None = None,
        *,
        sample: bool = False,
        refresh: bool = False,
        api_url: str | None = None,
        client_settings: ClientSettings | None = None,
        config_path: Path | None = None,
        state_path: Path | None = None,
        notice: str | None = None,
        check_after: float | None = None,
        after_first_frame: Callable[[], None] | None = None,
    ) -> None:
        """`refresh`: sync in the background at start when the last sync is older than the config says.

        `api_url` (else $PAPER_READER_API_URL, else huggingface.co) or whole
        `client_settings` say where `R` and that refresh fetch from.
        `state_path`: where the marks are exported after changes (state.toml).
        `notice`: a line to show at start (the library was recovered).
        `check_after`: seconds after start to check the whole library file for damage, in the background.
        `after_first_frame`: called once the first frame is drawn (the command line turns the cycle collector
        back on).
        """
        super().__init__()
        self.library = library
        self.config = config or Config()
        self.sample = sample
        self.refresh_on_start = refresh
        self.api_url = api_url
        self.client_settings = client_settings
        self.config_path = config_path
        self.state_path = state_path
        self.notice = notice
        self.check_after = check_after
        self.after_first_frame = after_first_frame
        self.exit_error: str | None = None
        """Why the reader quit on its own, for the command line to print after the screen is restored."""
        self.main_screen = MainScreen(self)
        if self.config.keymap:
            self.set_keymap(self.config.keymap)

    def get_default_screen(self) -> MainScreen:
        return self.main_screen

    def on_mount(self) -> None:
        if self.after_first_frame is not None:
            self.call_after_refresh(self.after_first_frame)
        self.sub_title = (
            "bundled sample feed · R fetches the latest papers" if self.sample else "Hugging Face Daily Papers"
        )
        if self.config.theme != self.theme:
            try:
                self.theme = self.config.theme
            except Exception:  # Textual raises its own error type for unknown themes
                self.notify(unknown_theme(self.config.theme, self.available_themes), severity="warning",
                            markup=False, timeout=10)  # fmt: skip
        unknown = sorted(set(self.config.keymap) - keys.binding_ids()) if self.config.keymap else []
        if unknown:
            self.notify(
                f"config.toml [keymap] names no key binding: {', '.join(unknown)} (ids are listed in the README)",
                severity="warning",
                markup=False,
                timeout=10,
            )
        if self.notice:
            self.notify(self.notice, title="Library recovered", severity="warning", timeout=20, markup=False)

    # -- the gate to the terminal ------------------------------------------------------------

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Every notification of the reader (a widget's `notify` comes here too) through the one gate,
        core.text.for_terminal: a file name, a server's words or a config value never reach the terminal raw.
        Plain text unless a caller asks for markup: no text of ours needs it, and none from elsewhere may have it."""
        super().notify(for_terminal(message), title=for_terminal(title), severity=severity, timeout=timeout,
                       markup=markup)  # fmt: skip

    def watch_theme(self, theme: str) -> None:
        """A theme picked in the palette is written to config.toml (comments kept), so the next start has it."""
        config = getattr(self, "config", None)
        if config is None or theme == config.theme or self.config_path is None:
            return
        from reader.core.config import ConfigError
        from reader.storage.config_file import save_theme

        self.config = replace(config, theme=theme)
        try:
            save_theme(self.config_path, theme)
        except ConfigError as exc:
            self.notify(str(exc), title="Theme not saved", severity="error", markup=False)

    @on(Notify)
    def _replace_same_kind(self, event: Notify) -> None:
        """A new toast replaces the one of its kind still showing, so toasts never stack over each other.

        Runs before Textual's own handler adds the new one. Textual 8.2.8 has no public way
        to take back one notification; `_unnotify` is what a toast calls when it times out.
        """
        kind = toast_kind(event.notification)
        for shown in list(self._notifications):
            if toast_kind(shown) == kind:
                self._unnotify(shown, refresh=False)

    # -- help and the command palette -------------------------------------------------------

    def action_help(self) -> None:
        from reader.query.cheatsheet import cheat_sheet
        from reader.tui.screens.help import HelpScreen

        error = self.main_screen.filter_pane.error
        footer = "\n".join([
            VIEW_COUNTS_HELP,
            *([f"The filter: {error}"] if error else []),  # whole, where the filter pane has one line for it
            f"paper-reader {__version__}  ·  library: {shown_path(self.library.path)}",
        ])  # fmt: skip
        self.push_screen(HelpScreen(keys.help_sections(), self.config.keymap, for_terminal(footer), cheat_sheet()))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Every action of the main screen with its current key, each view and each order, then Textual's own."""
        main = self.main_screen
        keymap = self.config.keymap
        for key in keys.palette_keys():
            shown = keys.key_display(key.binding, keymap)
            yield SystemCommand(key.palette or "", f"Key {shown}", partial(main.run_action, key.binding.action))
        views_key = keys.key_display(keys.KEYS["app.views"].binding, keymap)
        for index, view in enumerate(main.views.views()):
            where = f" · key {views_key} then {index + 1}" if index < 9 else ""
            name, query = escape(for_terminal(view.name)), escape(for_terminal(view.query))
            yield SystemCommand(f"View: {name}", f"Filter: {query}{where}", partial(main.pick_view, view))
        sort_key = keys.key_display(keys.KEYS["list.sort"].binding, keymap)
        for sort in Sort:
            yield SystemCommand(f"Sort by {sort.label}", f"{sort.describe()} · key {sort_key} steps through the orders",
                                partial(main.sort_by, sort))  # fmt: skip
        yield from (command for command in super().get_system_commands(screen) if command.title != "Quit")

    # -- fatal errors -----------------------------------------------------------------------

    def _handle_exception(self, error: Exception) -> None:
        """A damaged page read anywhere (drawing a row, showing a paper): quit with one line, never a traceback.

        The marker left beside the library makes the next start move it aside and restore the marks.
        """
        if not is_damage(error):
            super()._handle_exception(error)
            return
        from reader.storage.recovery import mark_damaged

        mark_damaged(self.library.path, str(error))
        self.exit_error = exit_line(self.library.path, error)
        self.exit(return_code=1)
