#!/usr/bin/env python3
"""Regenerate the SVG screenshots in screenshots/ from the real app on the bundled sample feed.

Run from anywhere with the project's venv:

    .venv/bin/python scripts/screenshots.py

It opens a fresh library in a temporary directory, fills it with
reader/services/data/sample.json (exactly as a first start does), drives the real
`PaperReaderApp` headless at 120x40 (and 80x24) with Textual's pilot, and writes:

    screenshots/list-and-detail.svg  two papers down ("j" "j"), that paper starred ("s")
    screenshots/filter.svg           "agent" typed in the filter box and "Has code" on
    screenshots/help.svg             the help screen ("?")
    screenshots/small-terminal.svg   80x24: the same two papers down and starred, the layout folded
    screenshots/around-a-paper.svg   a paper with your tags and note, its upvote movement and linked repositories
    screenshots/reading.svg          that paper's full text in the reading screen ("f")

The path of each file written is printed. Nothing depends on the clock: papers
are marked read at once (mark_read_delay=0), toasts are cleared before every
picture, and the library is opened by a relative name in the temporary
directory so the help screen shows "library.db" rather than a random path.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from textual.pilot import Pilot

from reader.core.config import Config
from reader.services.sample import is_sample_only, load_sample_if_empty
from reader.storage.library import Library
from reader.tui.app import PaperReaderApp

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "screenshots"
SIZE = (120, 40)
SMALL = (80, 24)
FILTER_TEXT = "agent"


@contextmanager
def sample_library() -> Iterator[Library]:
    """A fresh library holding only the bundled sample, opened as "library.db" in a temporary directory."""
    previous = Path.cwd()
    with tempfile.TemporaryDirectory(prefix="paper-reader-screenshots-") as tmp:
        os.chdir(tmp)
        try:
            library = Library.open(Path("library.db"))
            with library:
                load_sample_if_empty(library)
                yield library
        finally:
            os.chdir(previous)


async def settle(pilot: Pilot[None]) -> None:
    """Let messages, refreshes, layout and the views' counts finish; drop any toast so it is not in the picture."""
    await pilot.pause()
    pilot.app.main_screen.views.count_unread_soon(0)  # the views' counts now, not half a second after a star
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    pilot.app.clear_notifications()
    await pilot.pause()


def save(app: PaperReaderApp, filename: str) -> Path:
    app.save_screenshot(filename=filename, path=str(OUT))
    return OUT / filename


async def shoot_list_and_detail(library: Library, size: tuple[int, int] = SIZE) -> Path:
    app = PaperReaderApp(library, Config(mark_read_delay=0), sample=is_sample_only(library))
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("j", "j")
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        return save(app, "list-and-detail.svg" if size == SIZE else "small-terminal.svg")


async def shoot_filter(library: Library) -> Path:
    app = PaperReaderApp(library, Config(mark_read_delay=0), sample=is_sample_only(library))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await pilot.press(*FILTER_TEXT)
        await pilot.press("enter")  # the filter box hands focus back to the list
        await settle(pilot)
        await pilot.press("C")  # only papers with code
        await settle(pilot)
        return save(app, "filter.svg")


async def shoot_help(library: Library) -> Path:
    app = PaperReaderApp(library, Config(mark_read_delay=0), sample=is_sample_only(library))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        return save(app, "help.svg")


async def shoot_small(library: Library) -> Path:
    return await shoot_list_and_detail(library, SMALL)


AROUND_ID = "2606.13392"
"""MiniMax Sparse Attention, the sample's second paper: tests/fixtures has its linked repositories and full text."""
FIXTURES = ROOT / "tests" / "fixtures"


def add_around(library: Library) -> None:
    """What a week of use leaves around one paper: two syncs a week apart, its links and full text, your words."""
    import json

    from reader.sources.hf_api import parse_feed_text
    from reader.sources.hf_linked import parse_paper_links

    papers = parse_feed_text((ROOT / "reader/services/data/sample.json").read_bytes()).papers
    earlier = [replace(p, upvotes=68) if p.id == AROUND_ID else p for p in papers]
    library.store_list("date=2026-06-12", earlier, seen_at="2026-06-05T08:00:00.000Z")
    library.store_list("date=2026-06-12", papers, seen_at="2026-06-12T08:00:00.000Z")
    linked = json.loads((FIXTURES / f"hf_paper_{AROUND_ID}.json").read_text(encoding="utf-8"))
    library.store_linked(AROUND_ID, parse_paper_links(linked))
    library.store_full_text(AROUND_ID, (FIXTURES / f"hf_full_text_{AROUND_ID}.md").read_text(encoding="utf-8"))
    library.set_tags(AROUND_ID, ("attention", "long-context", "reading-group"))
    library.set_note(AROUND_ID, "Compare with NSA for the reading group on Friday; try their kernel on 128k.")


async def shoot_around(library: Library) -> Path:
    add_around(library)
    app = PaperReaderApp(library, Config(mark_read_delay=0), sample=is_sample_only(library))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
        return save(app, "around-a-paper.svg")


async def shoot_reading(library: Library) -> Path:
    add_around(library)
    app = PaperReaderApp(library, Config(mark_read_delay=0), sample=is_sample_only(library))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "f")
        await settle(pilot)
        return save(app, "reading.svg")


async def shoot_all() -> list[Path]:
    OUT.mkdir(exist_ok=True)
    written: list[Path] = []
    # Each picture gets its own fresh library, so one picture's stars and read marks never leak into the next.
    for shoot in (shoot_list_and_detail, shoot_filter, shoot_help, shoot_small, shoot_around, shoot_reading):
        with sample_library() as library:
            written.append(await shoot(library))
    return written


def main() -> int:
    for path in asyncio.run(shoot_all()):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
