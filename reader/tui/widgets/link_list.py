"""The detail pane's numbered links: number, label and URL aligned, a URL wrapping only under itself."""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.segment import Segment
from rich.style import Style
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
        if (lines := self._simple_lines(console, options.max_width, label_width, beside)) is not None:
            for line in lines:
                yield from line
                yield Segment.line()
            return
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

    def _simple_lines(self, console: Console, width: int, label_width: int, beside: bool) -> list[list[Segment]] | None:
        """The lines the table below draws when no label or URL needs wrapping, made directly (a tenth of the
        time); None when one would wrap or needs Rich's handling (wide or unprintable characters)."""
        chip_width = max(len(f" {number} ") for number, *_ in self.links)
        url_width = width - chip_width - 1 - (label_width + 1 if beside else 0)
        chip_style, label_style, plain = console.get_style("reverse"), console.get_style(LABEL), Style()
        lines = []
        for number, label, url in self.links:
            if not (label and url and label.isprintable() and url.isprintable()) or len(url) > url_width:
                return None
            if cell_len(label) != len(label) or cell_len(url) != len(url) or len(label) > width - chip_width - 1:
                return None
            chip = [Segment(f" {number} ".ljust(chip_width), chip_style), Segment(" ", plain)]
            if beside:
                lines.append([*chip, Segment(label.ljust(label_width), label_style), Segment(" ", label_style),
                              Segment(url.ljust(url_width))])  # fmt: skip
            else:
                gap = url_width - len(label)
                lines.append([*chip, Segment(label, label_style), *([Segment(" " * gap, plain)] if gap else [])])
                lines.append([Segment(" " * (chip_width + 1), plain), Segment(url.ljust(url_width), plain)])
        return lines


def numbered(paper: Paper) -> list[tuple[int, str, str]]:
    return [(number, link.label, link.url) for number, link in enumerate(paper.links, start=1)]
