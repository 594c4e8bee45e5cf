"""`M` marks the filtered list read in one transaction, `u` undoes it for a few seconds; the title counts unread."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.storage.library import Library
from reader.tui import carry

WIDE = (120, 40)


def messages(app) -> list[str]:
    return [notification.message for notification in app._notifications]


def unread_ids(library: Library) -> set[str]:
    return {paper.id for paper in library.papers(library.select()) if not library.state(paper.id).read}


class TestMarkAllRead:
    async def test_M_marks_the_filtered_list_read_and_u_undoes_it(self, make_app, library: Library, home: Path) -> None:
        app = make_app(mark_read_delay=60)
        async with app.run_test(size=WIDE, notifications=True) as pilot:
            await pilot.press("slash", *"upvotes>=50", "enter")
            await pilot.pause()
            listed = {library.paper(pk).id for pk in app.main_screen.paper_list.pks}
            assert 1 < len(listed) < 30
            before = unread_ids(library)
            await pilot.press("M")
            with Library.open(home / "library.db") as other:  # committed before the key returned
                assert all(other.state(paper_id).read for paper_id in listed)
            assert unread_ids(library) == before - listed, "papers outside the list keep their marks"
            assert f"Marked {len(listed & before)} papers read · u undoes it" in messages(app)
            assert not app.main_screen.paper_list.render_line(0).text.startswith("●")
            await pilot.press("u")
            assert unread_ids(library) == before
            assert f"Marked {len(listed & before)} papers unread again" in messages(app)
            await pilot.press("u")  # once only
            assert any(m.startswith("Nothing to undo") for m in messages(app))

    async def test_u_after_the_time_is_up_does_nothing(self, make_app, library: Library, monkeypatch) -> None:
        app = make_app(mark_read_delay=60)
        async with app.run_test(size=WIDE, notifications=True) as pilot:
            monkeypatch.setattr(carry, "UNDO_SECONDS", -1.0)  # the time is up at once
            await pilot.press("M")
            assert not unread_ids(library)
            await pilot.press("u")
            assert not unread_ids(library)
            assert any(m.startswith("Nothing to undo") for m in messages(app))
            await pilot.press("M")
            assert "Every paper of this list is read already" in messages(app)


async def until(pilot, condition, timeout: float = 20) -> None:
    import time

    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the app never got there"
        await pilot.pause()


class TestTitle:
    @pytest.mark.parametrize("off_thread_papers", [5_000, 0], ids=["counted-at-once", "on-the-query-thread"])
    async def test_the_title_counts_the_unread_papers_of_the_current_view(
        self, make_app, library: Library, off_thread_papers: int
    ) -> None:
        from textual.widgets._header import HeaderTitle

        app = make_app(mark_read_delay=60)
        app.off_thread_papers = off_thread_papers
        async with app.run_test(size=WIDE) as pilot:
            screen = app.main_screen
            await until(pilot, lambda: screen.title == "paper-reader · 30 unread")
            await pilot.press("m")  # the paper under the cursor read
            await until(pilot, lambda: screen.title == "paper-reader · 29 unread")
            assert "paper-reader · 29 unread" in str(app.screen.query_one(HeaderTitle).render())
            await pilot.press("slash", *"upvotes>=50", "enter")
            listed = len(screen.paper_list.pks)
            expected = sum(not library.state(paper.id).read for paper in library.papers(screen.paper_list.pks))
            assert 1 < listed < 30
            await until(pilot, lambda: screen.title == f"paper-reader · {expected} unread")
            await pilot.press("M")
            await until(pilot, lambda: screen.title == "paper-reader · 0 unread")


def test_the_window_title_is_one_osc_2_of_printable_text() -> None:
    from reader.tui.title import title_text, window_title_sequence

    assert window_title_sequence(title_text(12)) == "\x1b]2;paper-reader · 12 unread\x07"
    assert window_title_sequence("a\x1b]2;evil\x07b") == "\x1b]2;ab\x07"  # an escape sequence is dropped whole
