"""The bare Textual app every benchmark measures as its reference, run as its own process.

A Header, one Static line, an Input and a Footer: the least a Textual screen of this shape costs.
It imports nothing but Textual. `j` and `pagedown` change the line's text ("[step N]", "[page N]"),
`/` focuses the Input, and every change of the Input shows its length ("[len=N]"); the line first
shows the marker given as the first argument, so the harness knows when it has painted.

    python benchmarks/harness/bare_app.py MARKER
"""

from __future__ import annotations

import sys

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Input, Static


class BareApp(App[None]):
    TITLE = "bare"
    AUTO_FOCUS = None
    BINDINGS = [
        ("q", "quit", "Quit"),
        ("j", "step('step')", "Step"),
        ("pagedown", "step('page')", "Page"),
        ("slash", "focus_box", "Filter"),
    ]

    def __init__(self, marker: str) -> None:
        super().__init__()
        self.marker = marker
        self.steps = 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(self.marker, id="line", markup=False)
        yield Input(id="box")
        yield Footer()

    def action_step(self, kind: str) -> None:
        self.steps += 1
        self.query_one("#line", Static).update(f"[{kind} {self.steps}]")

    def action_focus_box(self) -> None:
        self.query_one("#box", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_one("#line", Static).update(f"[len={len(event.value)}]")


if __name__ == "__main__":
    BareApp(sys.argv[1] if len(sys.argv) > 1 else "bare").run()
