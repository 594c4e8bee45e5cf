"""Sessions for `is:new`, and upvote movement for `rising`, through `Library`: the boundaries of "since", the
default week, and gains of many papers at once. The edges a mutation run found unguarded in this layer."""

from __future__ import annotations

from pathlib import Path

from reader.core.paper import Paper
from reader.storage.library import Library
from reader.storage.movement import UpvoteMovement

ONE = "2606.00001"


def paper(n: int, upvotes: int) -> Paper:
    return Paper(id=f"2606.{n:05d}", title=f"Paper {n}", daily_date="2026-06-01", upvotes=upvotes)


def history(library: Library, *counts: tuple[str, int]) -> None:
    for seen_at, upvotes in counts:
        library.store_list("date=2026-06-01", [paper(1, upvotes)], seen_at=seen_at)


def test_sessions_hand_on_the_moment_the_previous_one_ended(home: Path) -> None:
    with Library.open(home / "library.db") as library:
        assert library.start_session("2026-06-01T08:00:00.000Z") is None and library.new_since() is None
        library.end_session("2026-06-01T09:00:00.000Z")
        assert library.start_session("2026-06-02T08:00:00.000Z") == "2026-06-01T09:00:00.000Z"
        assert library.new_since() == "2026-06-01T09:00:00.000Z"
        assert library.start_session("2026-06-03T08:00:00.000Z") == "2026-06-02T08:00:00.000Z"  # no end: its start
    with Library.open(home / "library.db") as library:  # kept in the file
        assert library.new_since() == "2026-06-02T08:00:00.000Z"
        assert library.get_meta("reader_last_open_at") == "2026-06-03T08:00:00.000Z"


def test_movement_counts_from_the_last_count_at_or_before_since(home: Path) -> None:
    with Library.open(home / "library.db") as library:
        assert library.upvote_movement(ONE) is None  # no history at all
        history(
            library,
            ("2026-06-01T08:00:00.000Z", 10),
            ("2026-06-03T08:00:00.000Z", 14),
            ("2026-06-05T08:00:00.000Z", 20),
            ("2026-06-09T08:00:00.000Z", 31),
        )
        at = library.upvote_movement(ONE, since="2026-06-03T08:00:00.000Z")
        assert at == UpvoteMovement(31, 17, "2026-06-03")  # a count at `since` is the base
        assert library.upvote_movement(ONE, since="2026-06-03T07:59:59.000Z") == UpvoteMovement(31, 21, "2026-06-01")
        assert library.upvote_movement(ONE, since="2026-06-05") == UpvoteMovement(31, 17, "2026-06-03")
        assert library.upvote_movement(ONE, since="2026-05-01") == UpvoteMovement(31, 21, "2026-06-01")  # first count
        assert library.upvote_movement(ONE, since="2026-06-09T08:00:00.000Z") is None  # nothing after
        # By default the week before the newest sync: from the count of 2026-06-01 (the last by 2026-06-02T08).
        assert library.upvote_movement(ONE) == UpvoteMovement(31, 21, "2026-06-01")


def test_one_count_is_no_movement_and_a_loss_is_a_negative_gain(home: Path) -> None:
    with Library.open(home / "library.db") as library:
        history(library, ("2026-06-05T08:00:00.000Z", 10))
        assert library.upvote_movement(ONE) is None
        assert library.upvote_movement(ONE, since="2026-06-01") is None
        history(library, ("2026-06-06T08:00:00.000Z", 7))
        assert library.upvote_movement(ONE) == UpvoteMovement(7, -3, "2026-06-05")


def test_gains_of_many_papers_at_once(home: Path) -> None:
    with Library.open(home / "library.db") as library:
        papers = [paper(n, n) for n in range(1, 1002)]
        library.store_list("date=2026-06-01", papers, seen_at="2026-06-01T08:00:00.000Z")
        library.store_list(
            "date=2026-06-01", [paper(n, n + (n % 3)) for n in range(1, 1002)], seen_at="2026-06-02T08:00:00.000Z"
        )
        ids = [p.id for p in papers] + ["2606.99999"]
        gains = library.upvote_gains(ids)
        assert len(gains) == 1001 and gains[paper(999, 0).id] == 0 and gains[paper(1001, 0).id] == 2
        assert sum(gains.values()) == sum(n % 3 for n in range(1, 1002))
        assert library.upvote_gains([]) == {}
