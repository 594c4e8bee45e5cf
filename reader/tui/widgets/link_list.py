"""The detail pane's numbered links: number, label and URL aligned, a URL wrapping only under itself."""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.table import Table
from rich.text import Text

from reader.core.paper import Paper

LABEL = "bold"


class LinkList:
    """Number, label and URL in columns when every URL fits beside the labels; else each URL under its label.

    Either way a URL too long for its line folds under its own first character,
    never back to the pane's edge: the links stay aligned at any width.
    """

    def __init__(self, links: list[tuple[int, str, str]]) -> None:
        self.links = links

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if not self.links:
            return
        label_width = max(cell_len(label) for _, label, _ in self.links)
        beside = all(4 + label_width + 1 + cell_len(url) <= options.max_width for *_, url in self.links)
        table = Table.grid(padding=(0, 1), expand=True)
        table.add_column(no_wrap=True)
        if beside:
            table.add_column(no_wrap=True, style=LABEL)
        table.add_column(overflow="fold", ratio=1)
        for number, label, url in self.links:
            chip = Text(f" {number} ", style="reverse")
            if beside:
                table.add_row(chip, Text(label), Text(url))
            else:
                table.add_row(chip, Text.assemble((label, LABEL), "\n", url))
        yield table


def numbered(paper: Paper) -> list[tuple[int, str, str]]:
    return [(number, link.label, link.url) for number, link in enumerate(paper.links, start=1)]
