"""Unit tests for reader.storage.library: a real SQLite file in a temporary home, fed the real API fixtures."""

from __future__ import annotations

import copy
import re
import sqlite3
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from conftest import load_fixture

from reader.core.paper import Paper
from reader.query import PaperFilter, QueryError
from reader.sources.hf_api import parse_feed, parse_item
from reader.storage.errors import DamagedLibraryError, LibraryError
from reader.storage.library import Library
from reader.storage.rows import ListRow
from reader.storage.schema import SCHEMA_VERSION

DAILY = "hf_daily_2026-06-12.json"
SEARCH = "hf_search_kazakh.json"
OLD_ITEM = "hf_daily_item_2024-10.json"

ZERO_UPVOTES = "2606.00467"  # upvotes 0, no code, authors include Rafal Kocielnik
MOST_UPVOTED = "2606.13681"  # EvoArena: 118 upvotes, githubRepo field, no github.com link in its abstract
MINIMAX = "2606.13392"  # "MiniMax Sparse Attention", 103 upvotes
BOGLARKA = "2606.11409"  # author "Boglárka Ecsedi"
NICCOLO = "2606.12488"  # author "Niccolò Biondi"


def daily_items() -> list[dict[str, Any]]:
    return copy.deepcopy(load_fixture(DAILY))


def daily_item(paper_id: str) -> dict[str, Any]:
    for item in daily_items():
        if item["paper"]["id"] == paper_id:
            return item
    raise LookupError(paper_id)


def daily_papers() -> list[Paper]:
    return parse_feed(daily_items()).papers


def all_fixture_papers() -> list[Paper]:
    return daily_papers() + parse_feed(load_fixture(SEARCH)).papers + parse_feed(load_fixture(OLD_ITEM)).papers


def with_upvotes(paper_id: str, upvotes: int) -> list[Paper]:
    items = daily_items()
    for item in items:
        if item["paper"]["id"] == paper_id:
            item["paper"]["upvotes"] = upvotes
    return parse_feed(items).papers


def ids_of(lib: Library, pks: list[int]) -> list[str]:
    rows = lib.list_rows(pks)
    return [rows[pk].id for pk in pks]


def pk_of(lib: Library, paper_id: str) -> int:
    pks = [pk for pk, row in lib.list_rows(lib.select()).items() if row.id == paper_id]
    assert len(pks) == 1, paper_id
    return pks[0]


def selected_ids(lib: Library, paper_filter: PaperFilter | None = None) -> set[str]:
    return set(ids_of(lib, lib.select(paper_filter or PaperFilter())))


def raw_state_rows(path: Path) -> list[tuple[Any, ...]]:
    """The whole state table, read through a connection of its own."""
    other = sqlite3.connect(path)
    try:
        return other.execute("SELECT * FROM state ORDER BY paper_id").fetchall()
    finally:
        other.close()


def raw_state(path: Path, paper_id: str) -> dict[str, Any] | None:
    other = sqlite3.connect(path)
    other.row_factory = sqlite3.Row
    try:
        row = other.execute("SELECT * FROM state WHERE paper_id = ?", (paper_id,)).fetchone()
        return dict(row) if row else None
    finally:
        other.close()


def fold(text: str) -> str:
    """Lower case without diacritics: what the unicode61 tokenizer with remove_diacritics does."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def expected_text_matches(papers: list[Paper], words: list[str]) -> set[str]:
    """Ids of papers where every word is a prefix of some word of title, abstract, authors, keywords or org."""
    matches = set()
    for paper in papers:
        fields = [paper.title, paper.abstract, *paper.authors, *paper.ai_keywords, paper.organization or ""]
        tokens = re.findall(r"[^\W_]+", fold(" ".join(fields)))
        if all(any(token.startswith(fold(word)) for token in tokens) for word in words):
            matches.add(paper.id)
    return matches


@pytest.fixture
def db_path(home: Path) -> Path:
    return home / "library.db"


@pytest.fixture
def everything(library: Library) -> Library:
    """The daily fixture plus the search results and the old single item: 40 papers, several list dates."""
    library.import_papers(all_fixture_papers()[30:])
    assert library.count() == 40
    return library


# --- opening, migrating, refusing ----------------------------------------------------------


def test_new_library_is_migrated_and_in_wal_mode(db_path: Path) -> None:
    assert not db_path.exists()
    with Library.open(db_path) as lib:
        assert lib.count() == 0
    other = sqlite3.connect(db_path)
    try:
        assert other.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert other.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        tables = {name for (name,) in other.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        other.close()
    assert {"papers", "state", "meta", "papers_fts"} <= tables


def test_library_creates_missing_parent_directories(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "library.db"
    with Library.open(path) as lib:
        assert lib.count() == 0
    assert path.is_file()


def test_reopening_keeps_papers_state_and_schema(db_path: Path) -> None:
    with Library.open(db_path) as lib:
        lib.import_papers(daily_papers())
        starred = lib.star(MINIMAX)
        lib.set_meta("content", "mine")
    # A second migration would fail on "table papers already exists" or wipe the data.
    for _ in range(2):
        with Library.open(db_path) as lib:
            assert lib.count() == 30
            assert lib.state(MINIMAX) == starred
            assert lib.get_meta("content") == "mine"
            assert lib.integrity_ok()
    other = sqlite3.connect(db_path)
    try:
        assert other.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert other.execute("SELECT count(*) FROM papers_fts").fetchone()[0] == 30
    finally:
        other.close()


def test_library_of_a_newer_schema_is_refused(db_path: Path) -> None:
    other = sqlite3.connect(db_path)
    other.execute("CREATE TABLE future (x)")
    other.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    other.commit()
    other.close()

    with pytest.raises(LibraryError, match="newer") as raised:
        Library.open(db_path)
    assert str(db_path) in str(raised.value)

    other = sqlite3.connect(db_path)
    try:
        assert other.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1
        tables = {name for (name,) in other.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        other.close()
    assert tables == {"future"}  # nothing was created in it


def test_refusing_a_newer_library_does_not_write_to_it(db_path: Path) -> None:
    other = sqlite3.connect(db_path)
    other.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    other.commit()
    assert other.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    other.close()

    with pytest.raises(LibraryError, match="newer"):
        Library.open(db_path)

    other = sqlite3.connect(db_path)
    try:
        assert other.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    finally:
        other.close()


def test_garbage_file_is_refused_with_one_clear_message(db_path: Path) -> None:
    garbage = b"not a database" * 100
    db_path.write_bytes(garbage)

    with pytest.raises(LibraryError) as raised:
        Library.open(db_path)

    error = raised.value
    assert type(error) is DamagedLibraryError  # a LibraryError that commands which write recover from
    assert error.reason == "file is not a database"
    message = str(error)
    assert str(db_path) in message
    assert "\n" not in message
    assert "not a database" in message
    assert "sqlite3" not in message and "DatabaseError" not in message
    assert error.__cause__ is None and error.__suppress_context__  # raised `from None`
    assert db_path.read_bytes() == garbage  # the file is left as it was


# --- importing -----------------------------------------------------------------------------


def test_first_import_adds_every_paper(db_path: Path) -> None:
    papers = daily_papers()
    with Library.open(db_path) as lib:
        result = lib.import_papers(papers)
        assert result.added == tuple(paper.id for paper in papers)
        assert result.updated == ()
        assert result.unchanged == 0
        assert lib.count() == 30


def test_second_import_of_the_same_feed_changes_nothing(library: Library) -> None:
    result = library.import_papers(daily_papers())
    assert (len(result.added), len(result.updated), result.unchanged) == (0, 0, 30)
    assert library.count() == 30


def test_changed_counter_is_one_update(library: Library) -> None:
    result = library.import_papers(with_upvotes(MINIMAX, 104))
    assert result.added == ()
    assert result.updated == (MINIMAX,)
    assert result.unchanged == 29
    assert library.list_rows([pk_of(library, MINIMAX)])[pk_of(library, MINIMAX)].upvotes == 104
    assert library.paper(pk_of(library, MINIMAX)).upvotes == 104  # type: ignore[union-attr]


def test_import_of_nothing_is_an_empty_result(library: Library) -> None:
    result = library.import_papers([])
    assert (result.added, result.updated, result.unchanged) == ((), (), 0)
    assert library.count() == 30


def test_imported_paper_reads_back_equal(library: Library) -> None:
    for paper in daily_papers():
        stored = library.paper(pk_of(library, paper.id))
        assert stored == paper
        assert stored is not None and stored.raw == paper.raw


def test_reimport_never_touches_state(library: Library, db_path: Path) -> None:
    library.star(MINIMAX)
    library.mark_read(MINIMAX)
    library.mark_read(ZERO_UPVOTES)
    state_before = raw_state_rows(db_path)
    assert len(state_before) == 2

    items = daily_items()
    for item in items:
        item["paper"]["upvotes"] = item["paper"]["upvotes"] + 7
        item["numComments"] = item["numComments"] + 1
    result = library.import_papers(parse_feed(items).papers)

    assert len(result.updated) == 30
    assert raw_state_rows(db_path) == state_before
    assert library.state(MINIMAX).starred and library.state(MINIMAX).read
    assert library.state(ZERO_UPVOTES).read and not library.state(ZERO_UPVOTES).starred


def test_merge_keeps_what_the_new_copy_lacks_and_takes_a_zero_count(library: Library) -> None:
    before = library.paper(pk_of(library, MOST_UPVOTED))
    assert before is not None
    assert before.daily_date == "2026-06-12"
    assert before.github_repo == "https://github.com/Aiden0526/EvoArena"
    assert before.upvotes == 118

    # What papers/search returns for a paper: no Daily date, no githubRepo, and here 0 upvotes.
    item = daily_item(MOST_UPVOTED)
    for key in ("submittedOnDailyAt", "githubRepo", "githubStars"):
        del item["paper"][key]
    item["paper"]["upvotes"] = 0
    item["highlightedTitle"] = item["title"]
    search_copy = parse_item(item)
    assert search_copy.daily_date is None and search_copy.github_repo is None and search_copy.upvotes == 0

    result = library.import_papers([search_copy])
    assert result.updated == (MOST_UPVOTED,)

    pk = pk_of(library, MOST_UPVOTED)
    after = library.paper(pk)
    assert after is not None
    assert after.daily_date == "2026-06-12"
    assert after.github_repo == "https://github.com/Aiden0526/EvoArena"
    assert after.github_stars == before.github_stars
    assert after.upvotes == 0
    row = library.list_rows([pk])[pk]
    assert (row.date, row.upvotes, row.has_code) == ("2026-06-12", 0, True)


def test_merge_of_a_search_copy_with_nothing_new_is_unchanged(library: Library) -> None:
    item = daily_item(MINIMAX)
    del item["paper"]["submittedOnDailyAt"]
    del item["paper"]["githubRepo"]
    result = library.import_papers([parse_item(item)])
    assert (result.added, result.updated, result.unchanged) == ((), (), 1)


def test_duplicate_ids_in_one_import_make_one_row_and_the_later_copy_wins(db_path: Path) -> None:
    first = daily_item(MINIMAX)
    second = copy.deepcopy(first)
    second["paper"]["upvotes"] = 555
    versioned = copy.deepcopy(first)
    versioned["paper"]["id"] = MINIMAX + "v2"
    versioned["paper"]["upvotes"] = 777
    with Library.open(db_path) as lib:
        result = lib.import_papers(parse_feed([first, second]).papers)
        assert result.added == (MINIMAX,)
        assert lib.count() == 1
        pk = lib.select()[0]
        assert lib.list_rows([pk])[pk].upvotes == 555

        result = lib.import_papers(parse_feed([versioned]).papers)
        assert result.updated == (MINIMAX,)
        assert lib.count() == 1
        assert lib.list_rows([pk])[pk].upvotes == 777


def test_a_failing_import_leaves_the_library_as_it_was(library: Library) -> None:
    before = [(row.id, row.upvotes) for row in library.list_rows(library.select()).values()]

    def papers_then_failure():
        yield from with_upvotes(MINIMAX, 9999)
        raise RuntimeError("the feed broke off")

    with pytest.raises(RuntimeError):
        library.import_papers(papers_then_failure())
    assert [(row.id, row.upvotes) for row in library.list_rows(library.select()).values()] == before


NEW_PAPER = Paper(id="2401.00001", title="A paper the failed import wrote first", daily_date="2024-01-01")


def fail_an_import_halfway(library: Library) -> None:
    """An import that fails after it has written a row: the second paper's upvotes do not fit in SQLite."""
    too_big = Paper(id="2401.00002", title="Upvotes no SQLite integer holds", upvotes=2**70)
    with pytest.raises(OverflowError):
        library.import_papers([NEW_PAPER, *with_upvotes(MINIMAX, 9999), too_big])


def test_a_star_after_a_failed_import_is_still_there_after_reopening(library: Library, db_path: Path) -> None:
    fail_an_import_halfway(library)
    assert library.star(MINIMAX).starred
    library.close()
    with Library.open(db_path) as reopened:
        assert reopened.state(MINIMAX).starred  # without a rollback it was inside the failed transaction, and lost
        assert reopened.count() == 30, "nothing of the failed import is in the library"
        upvotes = {row.id: row.upvotes for row in reopened.list_rows(reopened.select()).values()}
        assert upvotes[MINIMAX] == 103, "the failed import's change of a known paper is not kept either"


def test_the_import_after_a_failed_one_works(library: Library, db_path: Path) -> None:
    fail_an_import_halfway(library)
    # without a rollback: "cannot start a transaction within a transaction"
    assert library.import_papers([NEW_PAPER]).added == (NEW_PAPER.id,)
    library.close()
    with Library.open(db_path) as reopened:
        assert reopened.count() == 31


# --- selecting -----------------------------------------------------------------------------


def test_select_orders_by_list_date_then_upvotes(everything: Library) -> None:
    pks = everything.select()
    assert len(pks) == 40
    rows = everything.list_rows(pks)
    keys = [(rows[pk].date, rows[pk].upvotes) for pk in pks]
    assert keys == sorted(keys, reverse=True)
    assert rows[pks[0]].id == MOST_UPVOTED
    assert rows[pks[1]].id == MINIMAX
    assert {rows[pk].id for pk in pks[:30]} == {paper.id for paper in daily_papers()}
    # A search result with no Daily date is listed by its arXiv date.
    dates = {rows[pk].id: rows[pk].date for pk in pks}
    assert dates["2404.04487"] == "2024-04-06"
    assert dates["2410.17897"] == "2024-10-23"


def test_select_order_by_hand_built_papers(db_path: Path) -> None:
    papers = [
        Paper(id="2401.00001", title="old popular", daily_date="2024-01-01", upvotes=500),
        Paper(id="2401.00002", title="new quiet", daily_date="2024-01-02", upvotes=1),
        Paper(id="2401.00003", title="new loud", daily_date="2024-01-02", upvotes=50),
        Paper(id="2401.00004", title="never on daily", published_on="2024-01-03", upvotes=0),
    ]
    with Library.open(db_path) as lib:
        lib.import_papers(papers)
        assert ids_of(lib, lib.select()) == ["2401.00004", "2401.00003", "2401.00002", "2401.00001"]


@pytest.mark.parametrize(
    ("text", "must_include"),
    [
        ("MiniMax", MINIMAX),  # title
        ("toxicity", ZERO_UPVOTES),  # abstract only
        ("Kocielnik", ZERO_UPVOTES),  # author
        ("attent", MINIMAX),  # prefix of "attention"
        ("sparse attent", MINIMAX),  # every word must match, the last one a prefix
        ("ATTENTION", MINIMAX),  # case-insensitive
        ("boglarka", BOGLARKA),  # diacritics-insensitive: "Boglárka"
        ("niccolò", NICCOLO),
        ("NICCOLO biondi", NICCOLO),
        ("kazakh", "2404.04487"),
    ],
)
def test_text_filter_matches_title_abstract_and_authors(everything: Library, text: str, must_include: str) -> None:
    found = selected_ids(everything, PaperFilter(text=text))
    assert must_include in found
    assert found == expected_text_matches(all_fixture_papers(), text.split())
    assert len(found) < 40


def test_text_filter_words_are_where_they_should_be(everything: Library) -> None:
    assert selected_ids(everything, PaperFilter(text="toxicity")) == {ZERO_UPVOTES}
    assert selected_ids(everything, PaperFilter(text="Kocielnik")) == {ZERO_UPVOTES, "2606.12730"}
    assert selected_ids(everything, PaperFilter(text="boglarka")) == {BOGLARKA}
    assert selected_ids(everything, PaperFilter(text="MiniMax sparse")) == {MINIMAX}
    assert selected_ids(everything, PaperFilter(text="xyzzyplugh")) == set()


def test_empty_or_blank_text_filter_shows_everything(everything: Library) -> None:
    assert everything.select(PaperFilter(text="")) == everything.select()
    assert everything.select(PaperFilter(text="   \t ")) == everything.select()


@pytest.mark.parametrize("text", ['"', "*", ":", "^", '" (', "* :", "{", "}", "'", '""', "title:*"])
def test_text_of_only_fts_syntax_shows_everything(everything: Library, text: str) -> None:
    assert everything.select(PaperFilter(text=text)) == everything.select()


@pytest.mark.parametrize(
    ("text", "column"),
    [("(", 1), (")", 1), ("-", 1), ("- * :", 1), ("AND", 1), ("OR", 1), ("NOT", 1), ("NEAR(", 5), ("(attention", 1),
     ("attention)", 10), ("a:b:c", 1)],
)  # fmt: skip
def test_text_that_is_not_a_query_raises_query_error(everything: Library, text: str, column: int) -> None:
    with pytest.raises(QueryError) as raised:
        everything.select(PaperFilter(text=text))
    assert raised.value.column == column


@pytest.mark.parametrize(
    ("text", "same_as"),
    [
        ("NEAR", "near"),
        ('sparse"', "sparse"),
        ('"sparse', "sparse"),
        ("*attention", "attention"),
        ("^attention", "attention"),
        ("attention*", "attention"),
        ("{attention}", "attention"),
        ("MiniMax and attention", "minimax AND and AND attention"),
        ("MiniMax AND attention", "minimax attention"),
        ("(MiniMax) attention", "minimax attention"),
    ],
)
def test_fts_syntax_in_text_is_plain_text(everything: Library, text: str, same_as: str) -> None:
    found = everything.select(PaperFilter(text=text))
    assert found == everything.select(PaperFilter(text=same_as))
    assert found, text  # every one of these words occurs in the fixtures


@pytest.mark.parametrize(
    "text", ["title:attention", 'x"y"z', "NEAR(a b, 3)", "attention NOT sparse", "{title}: attention", "a-b-c"]
)
def test_odd_text_never_raises(everything: Library, text: str) -> None:
    found = everything.select(PaperFilter(text=text))
    assert set(found) <= set(everything.select())
    assert len(found) < 40


@pytest.mark.parametrize("text", ["attention\x00", "\x00attention", "sparse attention\x00 minimax"], ids=repr)
def test_nul_in_text_is_not_fts_syntax(everything: Library, text: str) -> None:
    assert everything.select(PaperFilter(text=text)) == everything.select(PaperFilter(text=text.replace("\x00", "")))


def test_filter_toggles(everything: Library) -> None:
    everything.star(MINIMAX)
    everything.star(ZERO_UPVOTES)
    everything.mark_read(MINIMAX)
    everything.mark_read(BOGLARKA)
    everything.mark_read("2404.04487")
    every_id = {paper.id for paper in all_fixture_papers()}
    with_code = {paper.id for paper in all_fixture_papers() if paper.github_repo is not None}
    assert 0 < len(with_code) < 40

    assert selected_ids(everything, PaperFilter(starred_only=True)) == {MINIMAX, ZERO_UPVOTES}
    assert selected_ids(everything, PaperFilter(unread_only=True)) == every_id - {MINIMAX, BOGLARKA, "2404.04487"}
    assert selected_ids(everything, PaperFilter(has_code=True)) == with_code


def test_filters_combine(everything: Library) -> None:
    everything.star(MINIMAX)
    everything.star(ZERO_UPVOTES)
    everything.star(BOGLARKA)
    everything.mark_read(BOGLARKA)
    attention = expected_text_matches(all_fixture_papers(), ["attention"])
    with_code = {paper.id for paper in all_fixture_papers() if paper.github_repo is not None}
    assert MINIMAX in attention & with_code

    assert selected_ids(everything, PaperFilter(text="attention", has_code=True)) == attention & with_code
    assert selected_ids(everything, PaperFilter(starred_only=True, unread_only=True)) == {MINIMAX, ZERO_UPVOTES}
    assert selected_ids(everything, PaperFilter(starred_only=True, has_code=True)) == {MINIMAX, BOGLARKA}
    assert selected_ids(
        everything, PaperFilter(text="attention", starred_only=True, unread_only=True, has_code=True)
    ) == {MINIMAX}
    assert selected_ids(everything, PaperFilter(text="toxicity", has_code=True)) == set()
    # Filtering keeps the list order.
    pks = everything.select(PaperFilter(has_code=True))
    assert pks == [pk for pk in everything.select() if pk in set(pks)]


# --- the reader's state --------------------------------------------------------------------


def test_star_is_committed_at_once(library: Library, db_path: Path) -> None:
    assert raw_state(db_path, MINIMAX) is None
    state = library.star(MINIMAX)
    assert state.starred and state.starred_at is not None
    row = raw_state(db_path, MINIMAX)  # a second connection, library still open
    assert row is not None
    assert row["starred_at"] == state.starred_at
    assert row["starred_changed_at"] == state.starred_at
    assert row["read_at"] is None


def test_unstar_sets_starred_at_null(library: Library, db_path: Path) -> None:
    library.star(MINIMAX)
    state = library.star(MINIMAX, False)
    assert not state.starred and state.starred_at is None
    row = raw_state(db_path, MINIMAX)
    assert row is not None
    assert row["starred_at"] is None
    assert row["starred_changed_at"] is not None  # when it was unstarred, for merging two machines
    assert library.state(MINIMAX).starred_at is None


def test_starring_twice_keeps_the_first_timestamp(library: Library, db_path: Path) -> None:
    first = library.star(MINIMAX)
    again = library.star(MINIMAX)
    assert again == first
    assert raw_state(db_path, MINIMAX)["starred_at"] == first.starred_at  # type: ignore[index]


def test_mark_read_and_unread_are_committed_at_once(library: Library, db_path: Path) -> None:
    state = library.mark_read(ZERO_UPVOTES)
    assert state.read and not state.starred
    row = raw_state(db_path, ZERO_UPVOTES)
    assert row is not None and row["read_at"] == state.read_at and row["starred_at"] is None

    state = library.mark_read(ZERO_UPVOTES, False)
    assert not state.read and state.read_at is None
    row = raw_state(db_path, ZERO_UPVOTES)
    assert row is not None and row["read_at"] is None and row["read_changed_at"] is not None


def test_read_and_star_are_independent(library: Library) -> None:
    library.star(MINIMAX)
    library.mark_read(MINIMAX)
    library.mark_read(MINIMAX, False)
    state = library.state(MINIMAX)
    assert state.starred and not state.read


def test_state_of_an_untouched_paper_is_empty(library: Library) -> None:
    state = library.state(MINIMAX)
    assert state.read_at is None and state.starred_at is None
    assert not state.read and not state.starred


def test_state_timestamps_are_utc_iso(library: Library) -> None:
    state = library.star(MINIMAX)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", state.starred_at or "")


def test_list_rows_carry_the_flags(library: Library) -> None:
    library.star(MINIMAX)
    library.mark_read(ZERO_UPVOTES)
    pks = library.select()
    rows = library.list_rows(pks)
    assert set(rows) == set(pks)
    by_id = {row.id: row for row in rows.values()}

    minimax = by_id[MINIMAX]
    assert minimax == ListRow(
        pk=minimax.pk,
        id=MINIMAX,
        title="MiniMax Sparse Attention",
        date="2026-06-12",
        upvotes=103,
        has_code=True,
        read=False,
        starred=True,
    )
    zero = by_id[ZERO_UPVOTES]
    assert (zero.read, zero.starred, zero.has_code) == (True, False, False)
    assert [row.id for row in rows.values() if row.read or row.starred] in (
        [MINIMAX, ZERO_UPVOTES],
        [ZERO_UPVOTES, MINIMAX],
    )
    assert {row.id for row in rows.values() if row.has_code} == {p.id for p in daily_papers() if p.github_repo}


def test_list_row_of_a_paper_with_zero_upvotes_says_zero(library: Library) -> None:
    pk = pk_of(library, ZERO_UPVOTES)
    row = library.list_rows([pk])[pk]
    assert row.upvotes == 0
    assert row.upvotes is not None


def test_list_rows_of_nothing_and_of_unknown_pks(library: Library) -> None:
    assert library.list_rows([]) == {}
    assert library.list_rows([10_000_000]) == {}


def test_state_survives_reopening(db_path: Path) -> None:
    with Library.open(db_path) as lib:
        lib.import_papers(daily_papers())
        starred = lib.star(MINIMAX)
        read = lib.mark_read(ZERO_UPVOTES)
    with Library.open(db_path) as lib:
        assert lib.state(MINIMAX) == starred
        assert lib.state(ZERO_UPVOTES) == read
        assert selected_ids(lib, PaperFilter(starred_only=True)) == {MINIMAX}
