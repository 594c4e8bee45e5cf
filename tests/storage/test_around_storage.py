"""Issue 15 in the library: sessions and is:new, upvote movement and rising, linked repositories, full texts,
unresolved papers and how the real one takes their place. A real SQLite file throughout."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
from conftest import FIXTURES, load_fixture

from reader.core.linked import LinkedRepo, LinkedRepos
from reader.core.paper import Paper, unresolved_id
from reader.query import PaperFilter, Sort
from reader.sources.hf_page import parse_papers_page
from reader.storage.library import Library
from reader.storage.schema import CACHE_TABLES, USER_TABLES

TODAY = date(2026, 6, 14)


def ids(library: Library, text: str = "", sort: Sort = Sort.DATE) -> list[str]:
    rows = library.list_rows(library.select(PaperFilter(text=text, sort=sort)))
    pks = library.select(PaperFilter(text=text, sort=sort))
    limited = library.select(PaperFilter(text=text, sort=sort), limit=1000)
    assert limited == pks  # the ordered SQL and the planned sets agree
    return [rows[pk].id for pk in pks]


def paper(n: int, **fields: object) -> Paper:
    return Paper(id=f"2606.{n:05d}", title=f"Paper {n}", daily_date="2026-06-10", **fields)  # type: ignore[arg-type]


# --- sessions and is:new ----------------------------------------------------------------------


def test_papers_stored_after_the_previous_session_are_new(home: Path) -> None:
    with Library.open(home / "library.db") as lib:
        lib.import_papers([paper(1)])
        assert lib.start_session() is None  # a first session: nothing is new
        assert ids(lib, "is:new") == [] and lib.new_since() is None
        lib.end_session()
        ended = lib.get_meta("reader_last_open_at")
        # A sync between sessions (stamped later than any clock could be: no tie with `ended`).
        lib.store_list("date=2026-06-10", [paper(2), paper(3)], seen_at="2999-01-01T00:00:00.000Z")
        assert lib.start_session() == ended == lib.new_since()
        assert sorted(ids(lib, "is:new")) == ["2606.00002", "2606.00003"]
        assert ids(lib, "-is:new") == ["2606.00001"]
        lib.store_list("date=2026-06-11", [paper(4)], seen_at="2999-01-02T00:00:00.000Z")  # while it is open
        assert "2606.00004" in ids(lib, "is:new")
        rows = lib.list_rows(lib.select())
        assert {row.id for row in rows.values() if row.new} == {"2606.00002", "2606.00003", "2606.00004"}
        lib.end_session("2999-01-03T00:00:00.000Z")
        lib.start_session()
        assert ids(lib, "is:new") == []  # seen in the previous session


# --- upvote movement and rising ---------------------------------------------------------------


def test_upvote_movement_and_the_rising_order(home: Path) -> None:
    with Library.open(home / "library.db") as lib:
        a, b, c = paper(1, upvotes=10), paper(2, upvotes=50), paper(3, upvotes=5)
        lib.store_list("date=2026-06-10", [a, b, c], seen_at="2026-06-01T08:00:00.000Z")
        lib.store_list("date=2026-06-10", [a, b, c], seen_at="2026-06-05T08:00:00.000Z")
        lib.store_list(
            "date=2026-06-10",
            [paper(1, upvotes=45), paper(2, upvotes=60), paper(3, upvotes=5)],
            seen_at="2026-06-10T08:00:00.000Z",
        )
        movement = lib.upvote_movement("2606.00001")
        assert movement is not None
        assert (movement.upvotes, movement.gain, movement.since) == (45, 35, "2026-06-01")
        assert lib.upvote_movement("2606.00001", since="2026-06-05T08:00:00.000Z").since == "2026-06-05"
        assert lib.upvote_movement("2606.99999") is None
        assert lib.upvote_gains(["2606.00001", "2606.00002", "2606.00003"]) == {
            "2606.00001": 35, "2606.00002": 10, "2606.00003": 0
        }  # fmt: skip
        lib.import_papers([paper(4, upvotes=500)])  # never synced: no gain, last
        assert ids(lib, sort=Sort.RISING) == ["2606.00001", "2606.00002", "2606.00003", "2606.00004"]
        assert ids(lib, "upvotes>1", sort=Sort.RISING)[0] == "2606.00001"


def test_rising_counts_only_the_last_seven_days_of_history(home: Path) -> None:
    with Library.open(home / "library.db") as lib:
        lib.store_list("date=2026-06-01", [paper(1, upvotes=0)], seen_at="2026-05-01T00:00:00.000Z")
        lib.store_list("date=2026-06-01", [paper(1, upvotes=100)], seen_at="2026-06-01T00:00:00.000Z")
        lib.store_list("date=2026-06-01", [paper(1, upvotes=110)], seen_at="2026-06-03T00:00:00.000Z")
        # From the last count at or before 2026-05-27 (0, on 2026-05-01): the whole 110 came this week.
        assert lib.upvote_gains(["2606.00001"]) == {"2606.00001": 110}
        lib.store_list("date=2026-06-20", [paper(2, upvotes=1)], seen_at="2026-06-20T00:00:00.000Z")
        assert lib.upvote_gains(["2606.00001"]) == {}  # no count of it in the last 7 days of history


# --- linked repositories and full texts -------------------------------------------------------


def test_linked_repositories_are_stored_read_back_and_filtered(library: Library) -> None:
    linked = LinkedRepos(
        models=(LinkedRepo("model", "MiniMaxAI/MiniMax-M3", likes=412, downloads=58231),),
        spaces=(LinkedRepo("space", "MiniMaxAI/Demo", likes=88, sdk="gradio"),),
        total_models=5,
        total_spaces=1,
    )
    assert library.linked("2606.13392") is None and not library.linked_is_fresh("2606.13392")
    library.store_linked("2606.13392", linked)
    stored = library.linked("2606.13392")
    assert stored == linked and stored.fetched_at
    assert library.linked_is_fresh("2606.13392")
    assert ids(library, "has:model") == ["2606.13392"] == ids(library, "has:space")
    assert ids(library, "has:dataset") == []
    assert "2606.13392" not in ids(library, "-has:model")
    library.store_linked("2606.13392", LinkedRepos(), fetched_at="2000-01-01T00:00:00.000Z")
    assert ids(library, "has:model") == [] and not library.linked_is_fresh("2606.13392")


def test_full_texts_have_their_own_index(library: Library) -> None:
    markdown = (FIXTURES / "hf_full_text_2606.13392.md").read_text(encoding="utf-8")
    before = ids(library, "attention")
    assert library.store_full_text("2606.13392", markdown)
    assert not library.store_full_text("2699.99999", markdown)  # not stored: nothing to attach it to
    assert library.full_text("2606.13392") == markdown
    assert ids(library, "text:exp-free") == ["2606.13392"] == ids(library, "has:text")
    assert ids(library, 'text:"block-sparse attention"') == ["2606.13392"]
    assert ids(library, "text:zebra") == []
    assert ids(library, "text:Conclu") == ["2606.13392"]  # the last word is a prefix, as everywhere
    assert ids(library, "attention") == before  # the ordinary search does not read full texts
    assert ids(library, "text:kernel OR title:nothingatall") == ["2606.13392"]
    assert "2606.13392" not in ids(library, "-text:kernel")
    library.mark_full_text_missing("2606.00001")
    assert library.full_text_missing("2606.00001") and not library.full_text_missing("2606.13392")


def test_markup_in_a_full_text_is_stored_as_it_is(library: Library) -> None:
    hostile = "# [bold]Title[/bold]\n\n[@click=app.quit]quit[/] <script>x</script> $x^2$\n"
    library.store_full_text("2606.13392", hostile)
    assert library.full_text("2606.13392") == hostile
    assert ids(library, "text:script") == ["2606.13392"]


# --- unresolved papers ------------------------------------------------------------------------


def page_papers() -> list[Paper]:
    return parse_papers_page((FIXTURES / "hf_papers_page_daily.txt").read_text(encoding="utf-8"), TODAY)


def kazqad() -> Paper:
    from reader.sources.hf_api import parse_item

    return parse_item(load_fixture("hf_search_kazakh.json")[0])


def test_unresolved_papers_are_shown_and_searched_like_any_other(library: Library) -> None:
    library.import_papers(page_papers())
    assert library.count() == 34
    assert len(ids(library, "is:unresolved")) == 4
    assert ids(library, "kazqad") == [unresolved_id("KazQAD: Kazakh Open-Domain Question Answering Dataset")]
    rows = library.list_rows(library.select(PaperFilter(text="is:unresolved")))
    assert all(row.unresolved for row in rows.values())
    assert library.unresolved_papers()[0].title.startswith("KazQAD")
    library.import_papers(page_papers())  # the same page again: no duplicates
    assert library.count() == 34


def test_resolving_moves_every_mark_and_never_duplicates(library: Library) -> None:
    library.import_papers(page_papers())
    local = unresolved_id("KazQAD: Kazakh Open-Domain Question Answering Dataset")
    library.star(local)
    library.mark_read(local)
    real = kazqad()
    assert library.resolve_paper(local, real)
    assert library.paper_by_id(local) is None and library.state(local).read_at is None
    state = library.state(real.id)
    assert state.starred and state.read
    assert ids(library, "kazqad") == [real.id]
    assert library.count() == 34
    assert not library.resolve_paper(local, real)  # gone already
    assert library.integrity_ok()


def test_resolving_into_a_stored_paper_merges_marks_by_the_later_change(library: Library) -> None:
    real = kazqad()
    library.import_papers([real])
    library.star(real.id)  # starred the real one...
    library.import_papers(page_papers())
    local = unresolved_id(real.title)
    library.mark_read(local)  # ...and read its copied twin
    library.star(local)
    library.star(local, False)  # unstarred the twin, later than the star on the real one
    added_at = library._db.execute("SELECT added_at FROM papers WHERE id = ?", (real.id,)).fetchone()[0]
    assert library.resolve_paper(local, real)
    state = library.state(real.id)
    assert state.read and not state.starred
    assert library.count() == 34
    assert library._db.execute("SELECT added_at FROM papers WHERE id = ?", (real.id,)).fetchone()[0] == added_at


def test_a_resolved_paper_is_not_new_again(home: Path) -> None:
    with Library.open(home / "library.db") as lib:
        lib.import_papers(page_papers())
        lib.start_session()
        lib.end_session()
        lib.start_session()
        assert ids(lib, "is:new") == []
        real = kazqad()
        lib.resolve_paper(unresolved_id(real.title), real)
        assert ids(lib, "is:new") == []


def test_every_per_paper_table_is_either_the_users_or_a_cache(library: Library) -> None:
    """A table keyed by paper_id that is neither would be left behind when an unresolved paper is resolved."""
    tables = [row[0] for row in library._db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    keyed = {
        table
        for table in tables
        if "paper_id" in {col[1] for col in library._db.execute(f"PRAGMA table_info('{table}')")}
    }
    assert keyed == set(USER_TABLES) | set(CACHE_TABLES)


def test_migration_5_keeps_an_older_library(home: Path) -> None:
    db = home / "library.db"
    with Library.open(db) as lib:
        lib.import_papers([paper(1)])
        lib.star("2606.00001")
    connection = sqlite3.connect(db, isolation_level=None)
    for name in (
        "full_texts_fts",
        "full_texts",
        "full_text_missing",
        "linked_repos",
        "linked_fetches",
        "upvote_gains",
        "unresolved_lookups",
    ):
        connection.execute(f"DROP TABLE {name}")
    connection.execute("DROP INDEX papers_by_added")
    connection.execute("PRAGMA user_version = 4")
    connection.close()
    with Library.open(db) as lib:
        assert lib._db.execute("PRAGMA user_version").fetchone()[0] == 5
        assert lib.state("2606.00001").starred and ids(lib, "has:text") == []
        assert lib.integrity_ok()


@pytest.mark.parametrize("text", ["is:new", "is:unresolved", "has:model", "has:text", "text:x", "-text:x has:space"])
def test_the_new_fields_run_on_an_empty_library(home: Path, text: str) -> None:
    with Library.open(home / "library.db") as lib:
        assert ids(lib, text) == []


def test_the_marks_of_an_unresolved_paper_survive_in_state_toml(library: Library) -> None:
    from reader.storage.state_codec import parse, to_text

    library.import_papers(page_papers())
    local = unresolved_id("KazQAD: Kazakh Open-Domain Question Answering Dataset")
    library.star(local)
    text = to_text(library.marks(), "2026-06-14T00:00:00.000Z")
    assert f'"{local}" = {{ starred = true' in text
    assert parse(text)[local]["starred"].on


def test_titles_not_found_are_looked_up_again_a_day_later(library: Library) -> None:
    library.import_papers(page_papers())
    first = library.unresolved_papers()[0]
    library.note_lookup(first.id, "2026-06-13T12:00:00.000Z")
    assert first not in library.unresolved_papers(not_tried_since="2026-06-13T00:00:00.000Z")
    assert first in library.unresolved_papers(not_tried_since="2026-06-14T00:00:00.000Z")
    assert len(library.unresolved_papers()) == 4
