"""The library's smaller readers and writers, through `Library`: digest marks, papers by pk, upvote history, list
times and list dates, linked repositories and full texts. The edges a mutation run found unguarded in this layer."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from reader.core.linked import LinkedRepo, LinkedRepos
from reader.core.paper import Paper
from reader.storage.digests import DigestMark
from reader.storage.library import Library

P1, P2, P3 = "2606.00001", "2606.00002", "2606.00003"


def papers(day: str = "2026-06-12", upvotes: int = 5) -> list[Paper]:
    return [Paper(id=pid, title=f"Paper {n}", daily_date=day, upvotes=upvotes + n) for n, pid in enumerate((P1, P2))]


def test_a_digest_mark_is_kept_by_name_and_replaced(home: Path) -> None:
    with Library.open(home / "library.db") as library:
        assert library.digest_mark("daily") is None and library.last_pk() == 0
        library.import_papers(papers())
        last = library.last_pk()
        assert last == max(library.pk_of(pid) for pid in (P1, P2))  # type: ignore[type-var]
        library.set_digest_mark(DigestMark("daily", "2026-06-12T08:00:00.000Z", last))
        library.set_digest_mark(DigestMark("weekly", "2026-06-01T08:00:00.000Z", 0))
        library.set_digest_mark(DigestMark("daily", "2026-06-13T08:00:00.000Z", last + 7))
    with Library.open(home / "library.db") as library:  # committed
        assert library.digest_mark("daily") == DigestMark("daily", "2026-06-13T08:00:00.000Z", last + 7)
        assert library.digest_mark("weekly") == DigestMark("weekly", "2026-06-01T08:00:00.000Z", 0)


def test_papers_added_since_a_moment(home: Path) -> None:
    with Library.open(home / "library.db") as library:
        library.import_papers(papers())
        everything = {library.pk_of(P1), library.pk_of(P2)}
        assert library.added_since("2000-01-01") == everything
        assert library.added_since("2999-01-01") == set()
        library.import_papers([Paper(id=P3, title="Later")])
        assert library.added_since("2000-01-01") == everything | {library.pk_of(P3)}


def test_papers_by_pk_in_the_order_asked(home: Path) -> None:
    with Library.open(home / "library.db") as library:
        library.import_papers(papers())
        one, two = library.pk_of(P1), library.pk_of(P2)
        assert one is not None and two is not None and one != two
        assert library.pk_of("2606.99999") is None
        assert [paper.id for paper in library.papers([two, one, 10_000])] == [P2, P1]
        assert library.papers([]) == []
        assert library.paper(two).title == "Paper 1"  # type: ignore[union-attr]
        assert library.paper(10_000) is None


def test_upvote_history_and_list_times(home: Path) -> None:
    with Library.open(home / "library.db") as library:
        assert library.list_fetched_at("date=2026-06-12") is None
        library.store_list("date=2026-06-12", papers(upvotes=5), seen_at="2026-06-12T09:00:00.000Z")
        library.store_list("date=2026-06-12", papers(upvotes=9), seen_at="2026-06-13T09:00:00.000Z")
        library.store_list("date=2026-06-11", [], seen_at="2026-06-13T10:00:00.000Z")
        assert library.upvote_history(P2) == [("2026-06-12T09:00:00.000Z", 6), ("2026-06-13T09:00:00.000Z", 10)]
        assert library.upvote_history("2606.99999") == []
        assert library.list_fetched_at("date=2026-06-12") == "2026-06-13T09:00:00.000Z"
        assert library.list_fetched_at("date=2026-06-11") == "2026-06-13T10:00:00.000Z"


def test_list_dates_before_and_after_a_day(home: Path) -> None:
    with Library.open(home / "library.db") as library:
        assert library.latest_list_date() is None
        library.import_papers(
            [
                Paper(id=P1, title="a", daily_date="2026-06-10"),
                Paper(id=P2, title="b", daily_date="2026-06-12"),
                Paper(id=P3, title="undated"),
            ]
        )
        assert library.latest_list_date() == "2026-06-12"
        assert library.list_date_before("2026-06-12") == "2026-06-10"
        assert library.list_date_before("2026-06-13") == "2026-06-12"
        assert library.list_date_before("2026-06-10") is None  # the undated paper is no list
        assert library.list_date_after("2026-06-10") == "2026-06-12"
        assert library.list_date_after("2026-06-09") == "2026-06-10"
        assert library.list_date_after("2026-06-12") is None


FULL = LinkedRepos(
    models=(
        LinkedRepo("model", "org/first", likes=9, downloads=100, pipeline_tag="text-generation", author="org"),
        LinkedRepo("model", "org/second", likes=None, downloads=None, last_modified="2026-06-01"),
    ),
    datasets=(LinkedRepo("dataset", "org/data", likes=1, downloads=2, author="someone"),),
    spaces=(LinkedRepo("space", "org/demo", likes=3, sdk="gradio", last_modified="2026-05-30"),),
    total_models=12,
    total_datasets=1,
    total_spaces=4,
)


def test_linked_repositories_come_back_whole_in_their_order(library: Library) -> None:
    library.store_linked(P1, FULL, fetched_at="2026-06-12T08:00:00.000Z")
    stored = library.linked(P1)
    assert stored == FULL and stored.fetched_at == "2026-06-12T08:00:00.000Z"  # type: ignore[union-attr]
    assert (stored.total_models, stored.total_datasets, stored.total_spaces) == (12, 1, 4)  # type: ignore[union-attr]
    fewer = replace(FULL, models=FULL.models[1:], datasets=(), total_models=1, total_datasets=0)
    library.store_linked(P1, fewer)  # replaced, not added to
    assert library.linked(P1) == fewer
    assert library.linked(P2) is None


def test_linked_repositories_are_fresh_for_a_day(library: Library) -> None:
    fetched = datetime(2026, 6, 12, 8, 0, tzinfo=UTC)
    library.store_linked(P1, FULL, fetched_at="2026-06-12T08:00:00.000Z")
    assert library.linked_is_fresh(P1, fetched)
    assert library.linked_is_fresh(P1, fetched + timedelta(hours=23, minutes=59))
    assert not library.linked_is_fresh(P1, fetched + timedelta(days=1))
    assert not library.linked_is_fresh(P1, fetched - timedelta(minutes=1))  # fetched "later" than now: a clock moved
    assert not library.linked_is_fresh(P2, fetched)
    library.store_linked(P2, FULL, fetched_at="yesterday")
    assert not library.linked_is_fresh(P2, fetched)
    library.store_linked(P3, FULL)
    assert library.linked_is_fresh(P3)


def test_a_full_text_found_later_clears_its_missing_mark(library: Library) -> None:
    paper_id = library.paper(library.select()[0]).id  # type: ignore[union-attr]
    library.mark_full_text_missing(paper_id)
    library.mark_full_text_missing(paper_id)  # asked again: still one mark
    assert library.full_text_missing(paper_id) and library.full_text(paper_id) is None
    assert library.store_full_text(paper_id, "# One", fetched_at="2026-06-12T08:00:00.000Z")
    assert not library.full_text_missing(paper_id)
    assert library.store_full_text(paper_id, "# Two")
    assert library.full_text(paper_id) == "# Two"
