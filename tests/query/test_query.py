"""Unit tests for reader.query: the filter language parsed, compiled, and run on a real library with known answers."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from reader.core.paper import Paper
from reader.query import (
    ORDER_BY,
    PaperFilter,
    Query,
    QueryError,
    Sort,
    compile_plan,
    compile_query,
    order_by,
    parse_query,
    where_clause,
)
from reader.query.nodes import Age, And, Count, Dates, Has, Not, Or, Submitter, Text
from reader.query.plan import AllOf, AnyOf, Complement, OrderedPks, PkSet, evaluate_plan, text_match
from reader.query.sql import FTS_MATCH
from reader.storage.library import Library
from reader.storage.schema import split_sql

TODAY = date(2025, 6, 15)  # a Sunday

# Seven papers whose every field is chosen, so every filter has a known answer.
P1, P2, P3, P4, P5, P6, P7 = (f"2506.0000{n}" for n in range(1, 8))
PAPERS = [
    Paper(id=P1, title="Diffusion Models for Video Generation", abstract="We study video diffusion.",
          authors=("Alice Smith", "Bob Jones"), daily_date="2025-06-13", upvotes=120, comments=5,
          github_repo="https://github.com/alice/diff", github_stars=1500, project_page="https://alice.github.io/diff",
          organization="Google DeepMind", submitter="alice", ai_summary="Video diffusion, summarized.",
          ai_keywords=("video diffusion", "generation")),
    Paper(id=P2, title="Large Language Model Agents", abstract="Agents that use tools.", authors=("Carol Smithson",),
          daily_date="2025-06-02", upvotes=50, comments=0, submitter="carol_x", ai_keywords=("agent", "tool use")),
    Paper(id=P3, title="A Survey of Language Models", abstract="A language model survey.", authors=("Dan Brown",),
          daily_date="2025-05-30", upvotes=10, github_repo="https://github.com/dan/survey", submitter="Dan"),
    Paper(id=P4, title="Sparse Attention Is All You Need", abstract="Attention, sparsely.", authors=("Eve Smith",),
          published_on="2024-06-20", comments=2, github_repo="https://github.com/eve/sparse", github_stars=10,
          organization="Meta AI", ai_keywords=("attention",)),
    Paper(id=P5, title="Video Understanding Benchmarks", abstract="A benchmark of video tasks.",
          authors=("Frank Li",), daily_date="2025-06-08", upvotes=50, comments=1, submitter="alice2"),
    Paper(id=P6, title="undated paper on diffusion", abstract="No date at all.", authors=("Gus Ng",), upvotes=3),
    Paper(id=P7, title="Tie Breaking Study", abstract="Same day, same upvotes.", authors=("Hal Ode",),
          daily_date="2025-06-13", upvotes=120),
]  # fmt: skip
EVERY = {P1, P2, P3, P4, P5, P6, P7}


@pytest.fixture
def lib(home: Path):
    """The seven papers; P1 and P4 starred, P2 read."""
    library = Library.open(home / "library.db")
    library.import_papers(PAPERS)
    library.star(P1)
    library.star(P4)
    library.mark_read(P2)
    yield library
    library.close()


def ids(library: Library, text: str = "", **options: object) -> list[str]:
    """Ids in list order; the ordered-SQL path (limit) must give the same list as the set path."""
    paper_filter = PaperFilter(text=text, **options)  # type: ignore[arg-type]
    pks = library.select(paper_filter, today=TODAY)
    assert library.select(paper_filter, today=TODAY, limit=1000) == pks, f"the two paths disagree on {text!r}"
    assert library.count_matching(paper_filter, today=TODAY) == len(pks), f"the count of {text!r} is not its list's"
    rows = library.list_rows(pks)
    return [rows[pk].id for pk in pks]


def found(library: Library, text: str) -> set[str]:
    return set(ids(library, text))


# --- parsing -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "root"),
    [
        ("diffusion", Text("diffusion")),
        ("Diffusion", Text("Diffusion")),
        ("diff model", And((Text("diff"), Text("model")))),
        ('"language model"', Text("language model", phrase=True, prefix=False)),
        ('"language   mod', Text("language mod", phrase=True, prefix=True)),  # still being typed
        ("title:diffusion", Text("diffusion", "title")),
        ('title:"language model"', Text("language model", "title", phrase=True, prefix=False)),
        ("author:smith", Text("smith", "author")),
        ("authors:smith", Text("smith", "author")),
        ("org:deepmind", Text("deepmind", "org")),
        ("keyword:agent", Text("agent", "keyword")),
        ("abstract:tools", Text("tools", "abstract")),
        ("TITLE:x", Text("x", "title")),
        ("submitter:alice", Submitter("alice")),
        ('submitter:"Alice"', Submitter("Alice", exact=True)),
        ("is:starred", Has("starred")),
        ("is:Unread", Has("unread")),
        ("is:read", Has("read")),
        ("has:code", Has("code")),
        ("has:project", Has("project")),
        ("has:summary", Has("summary")),
        ("upvotes>=50", Count("upvotes", ">=", 50)),
        ("upvotes:50", Count("upvotes", "=", 50)),
        ("upvotes=50", Count("upvotes", "=", 50)),
        ("stars>1000", Count("stars", ">", 1000)),
        ("comments<3", Count("comments", "<", 3)),
        ("comments<=3", Count("comments", "<=", 3)),
        ("date>=2025-06-01", Dates(">=", date(2025, 6, 1), date(2025, 6, 1), "2025-06-01")),
        ("date:2025-06-01", Dates("=", date(2025, 6, 1), date(2025, 6, 1), "2025-06-01")),
        ("date:2025-W23", Dates("=", date(2025, 6, 2), date(2025, 6, 8), "2025-W23")),
        ("date:2025-w01", Dates("=", date(2024, 12, 30), date(2025, 1, 5), "2025-w01")),
        ("date:2025-06", Dates("=", date(2025, 6, 1), date(2025, 6, 30), "2025-06")),
        ("date<2024-02", Dates("<", date(2024, 2, 1), date(2024, 2, 29), "2024-02")),
        ("age<7d", Age("<", 7, "7d")),
        ("age>=2w", Age(">=", 14, "2w")),
        ("age:3m", Age("=", 90, "3m")),
        ("a b OR c", Or((And((Text("a"), Text("b"))), Text("c")))),
        ("a AND b OR c AND d", Or((And((Text("a"), Text("b"))), And((Text("c"), Text("d")))))),
        ("a (b OR c)", And((Text("a"), Or((Text("b"), Text("c")))))),
        ("-a b", And((Not(Text("a")), Text("b")))),
        ("NOT a b", And((Not(Text("a")), Text("b")))),
        ("NOT (a b)", Not(And((Text("a"), Text("b"))))),
        ("NOT NOT a", Not(Not(Text("a")))),
        ("--a", Not(Not(Text("a")))),
        ("-title:x", Not(Text("x", "title"))),
        ("a OR b OR c", Or((Text("a"), Text("b"), Text("c")))),
        ("((a))", Text("a")),
        ("and or not", And((Text("and"), Text("or"), Text("not")))),  # lower case: plain words
        ("a-b-c", Text("a-b-c")),
        ('x"y"z', Text('x"y"z')),
        ("E=mc2", Text("E=mc2")),  # not a known field: a word
        (":smile:", Text(":smile:")),
        ("{title}:", Text("{title}:")),
        ("a * ^ b", And((Text("a"), Text("b")))),  # nothing searchable in * or ^: ignored
        ("title:*", None),
        ('""', None),
        ('title:"', None),  # a phrase just opened
        ("", None),
        ("  \t\n ", None),
    ],
)
def test_parse(text: str, root: object) -> None:
    assert parse_query(text) == Query(root)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "message", "column"),
    [
        ("(", "missing ')'", 1),
        ("a (b OR c", "missing ')'", 3),
        ("a)", "unexpected ')'", 2),
        (")", "unexpected ')'", 1),
        ("()", "nothing between '(' and ')'", 1),
        ("-", "'-' must come right before", 1),
        ("a - b", "'-' must come right before", 3),
        ("(a -)", "'-' must come right before", 4),
        ("OR", "OR needs something before it", 1),
        ("OR a", "OR needs something before it", 1),
        ("a OR", "OR needs something after it", 3),
        ("a OR )", "OR needs something after it", 3),
        ("a AND", "AND needs something after it", 3),
        ("a AND OR b", "AND needs something after it", 3),
        ("NOT", "NOT needs something after it", 1),
        ("NOT NOT", "NOT needs something after it", 5),
        ("a -AND b", "'-' needs something after it", 3),
        ("title:", 'title: needs a word or a "phrase"', 1),
        ("x author: smith", 'author: needs a word or a "phrase"', 3),
        ("title>x", "title takes ':'", 1),
        ("foo:bar", "unknown field 'foo:' (fields: title, abstract, author, org, keyword, submitter", 1),
        ("a Foo:bar", "unknown field 'Foo:'", 3),
        ("http://example.com", "unknown field 'http:'", 1),
        ("is:foo", "unknown value 'is:foo' (is: starred, unread, read, new, unresolved)", 1),
        (
            "has:stars",
            "unknown value 'has:stars' (has: code, project, summary, tag, note, model, dataset, space, text)",
            1,
        ),
        ("is:", "is: needs one of starred, unread, read, new, unresolved", 1),
        ("is>starred", "is takes ':'", 1),
        ("upvotes>=x", "upvotes needs a number", 1),
        ("upvotes>=", "upvotes needs a number", 1),
        ("upvotes:-3", "upvotes needs a number", 1),
        ("stars>1.5", "stars needs a number", 1),
        ("comments>²", "comments needs a number", 1),
        ("stars>99999999999999999999", "too large", 1),
        ("date:2025/06/01", "date must be YYYY-MM-DD, YYYY-Www or YYYY-MM", 1),
        ("date>=", "date must be YYYY-MM-DD, YYYY-Www or YYYY-MM", 1),
        ("date:2025", "date must be YYYY-MM-DD, YYYY-Www or YYYY-MM", 1),
        ("x date:2025-13", "date 2025-13 does not exist", 3),
        ("date:2025-02-30", "does not exist", 1),
        ("date:2025-W53", "does not exist", 1),
        ("age<7", "age needs a number and a unit d, w or m", 1),
        ("age<7y", "age needs a number and a unit", 1),
        ("age<9999999999999999d", "too long ago", 1),
        ("(" * 40 + "a" + ")" * 40, "nested too deeply", 33),
        ("x " * 101, "too many terms", 201),
    ],
)
def test_malformed_query_names_what_and_where(text: str, message: str, column: int) -> None:
    with pytest.raises(QueryError) as raised:
        parse_query(text)
    error = raised.value
    assert isinstance(error, ValueError)
    assert message in error.message
    assert error.column == column
    assert str(error) == f"column {column}: {error.message}"


@pytest.mark.parametrize(
    ("text", "column"),
    [
        ("\x1b[31m(", 6),  # the escape sequence is dropped, but counted in the column
        ("ab\x00 (", 5),
        ("\u202eab (", 5),
        ("a\r\nOR", 4),
        ("\ttitle:", 2),
    ],
    ids=repr,
)
def test_columns_refer_to_the_text_as_typed(text: str, column: int) -> None:
    with pytest.raises(QueryError) as raised:
        parse_query(text)
    assert raised.value.column == column


def test_control_characters_are_not_searched() -> None:
    assert parse_query("sparse\x00 atten\x1b[1mtion") == parse_query("sparse attention")


@pytest.mark.parametrize(
    "text",
    [
        "diffusion",
        "a b OR c d",
        "(a OR b) (c OR d)",
        "-(a b) -c",
        "NOT (a OR b)",
        'title:"language model" OR keyword:agent author:smith',
        'submitter:alice submitter:"Bob"',
        "is:starred -is:read has:code has:project has:summary",
        "upvotes:5 stars>=10 comments<3",
        "date:2025-W23 date>=2025-06 date<2025-06-01 age<7d age>=1m",
        'x"y"z :smile: E=mc2 a-b',
        'video "open phrase',
        "--a",
    ],
)
def test_query_text_round_trips(text: str) -> None:
    query = parse_query(text)
    assert parse_query(str(query)) == query
    assert str(parse_query(str(query))) == str(query)


def test_terms_are_what_is_searched_for_not_what_is_excluded() -> None:
    query = parse_query('diff "language model" -video title:agent submitter:alice NOT (x y) upvotes>3 --z diff')
    assert query.terms == ("diff", "language model", "agent", "alice", "z")
    assert parse_query("").terms == ()


def test_needs_state_only_for_the_readers_marks() -> None:
    assert parse_query("is:starred").needs_state
    assert parse_query("video OR -is:read").needs_state
    assert not parse_query("video has:code upvotes>3").needs_state
    assert not parse_query("").needs_state
    assert PaperFilter(unread_only=True).query().needs_state


def test_query_error_is_the_only_error() -> None:
    assert issubclass(QueryError, ValueError)


# --- compiling -----------------------------------------------------------------------------


def test_empty_query_compiles_to_true() -> None:
    assert compile_query(parse_query(""), TODAY) == ("1", [])
    assert compile_plan(parse_query(" "), TODAY) is None


def test_anded_words_share_one_match() -> None:
    sql, params = compile_query(parse_query('diff "language model" title:agent -video'), TODAY)
    assert sql == FTS_MATCH  # one expression, run on the big index and on that of noted papers
    assert params == ['(("diff"*) AND ("language model") AND ({title} : "agent"*)) NOT ("video"*)'] * 2


def test_ored_text_shares_one_match() -> None:
    sql, params = compile_query(parse_query('title:"language model" OR keyword:agent'), TODAY)
    assert sql.count("MATCH") == 2 and sql.count("noted_fts MATCH") == 1
    assert params == ['({title} : "language model") OR ({ai_keywords} : "agent"*)'] * 2


def test_only_excluded_words_are_one_not_in() -> None:
    sql, params = compile_query(parse_query("-video -audio"), TODAY)
    assert sql == f"NOT {FTS_MATCH}"
    assert params == ['("video"*) OR ("audio"*)'] * 2


@pytest.mark.parametrize("text", ['"', 'a"b', 'title:"x""y', "NEAR", "*", "^x", "x:", "{a b}"])
def test_what_the_user_typed_is_always_quoted_for_fts(text: str) -> None:
    try:
        _, params = compile_query(parse_query(text), TODAY)
    except QueryError:
        return
    for param in params:
        assert isinstance(param, str)
        unquoted = param.split('"')[0::2]  # the parts outside "..." (a "" inside counts as two quotes)
        assert all(set(part) <= set("(){}: ANDORNOT*_abcdefghijklmnopqrstuvwxyz") for part in unquoted), param


def test_submitter_wildcards_are_escaped() -> None:
    _, params = compile_query(parse_query("submitter:a_b%c\\"), TODAY)
    assert params == ["a\\_b\\%c\\\\%"]


def test_where_clause_ands_the_toggles_on_the_text() -> None:
    sql, params = where_clause(PaperFilter(text="video", starred_only=True, unread_only=True, has_code=True), TODAY)
    assert params[0] == '"video"*'
    assert "starred_at" in sql and "read_at" in sql and "github_repo" in sql
    assert where_clause(PaperFilter()) == ("1", [])


def test_where_clause_raises_query_error_for_bad_text() -> None:
    with pytest.raises(QueryError):
        where_clause(PaperFilter(text="(video", has_code=True))


# --- the plan: sets of pks --------------------------------------------------------------------

FTS = "SELECT rowid AS pk FROM papers_fts WHERE papers_fts MATCH ?"
READ = "SELECT m.pk FROM state s2 JOIN papers m ON m.id = s2.paper_id WHERE s2.read_at IS NOT NULL"


def test_plan_puts_each_groups_text_in_one_match_and_its_columns_in_one_scan() -> None:
    plan = compile_plan(parse_query("diff -video upvotes>5 has:code is:unread"), TODAY)
    assert plan == AllOf((
        text_match('("diff"*) NOT ("video"*)'),
        Complement(PkSet(READ)),
        PkSet("SELECT p.pk FROM papers p WHERE (p.upvotes > ?) AND (p.github_repo IS NOT NULL)", (5,)),
    ))  # fmt: skip


def test_plan_of_an_or_with_marks_and_text() -> None:
    plan = compile_plan(parse_query("video OR is:read OR agent OR -audio OR stars>3"), TODAY)
    assert plan == AnyOf((
        text_match('("video"*) OR ("agent"*)'),
        PkSet(READ),
        Complement(text_match('"audio"*')),
        PkSet("SELECT p.pk FROM papers p WHERE p.github_stars > ?", (3,)),
    ))  # fmt: skip


def test_plan_of_only_excluded_words_is_one_complement() -> None:
    plan = compile_plan(parse_query("-video -audio"), TODAY)
    assert plan == Complement(text_match('("video"*) OR ("audio"*)'))


@pytest.mark.parametrize(
    ("plan", "expected"),
    [
        (PkSet("a"), {1, 2}),
        (Complement(PkSet("a")), {3, 4, 5}),
        (AllOf((PkSet("a"), PkSet("b"))), {2}),
        (AllOf((PkSet("a"), Complement(PkSet("b")))), {1}),
        (AllOf((Complement(PkSet("a")), Complement(PkSet("b")))), {4, 5}),
        (AnyOf((PkSet("a"), PkSet("b"))), {1, 2, 3}),
        (AnyOf((PkSet("a"), Complement(PkSet("b")))), {1, 2, 4, 5}),
        (AnyOf((Complement(PkSet("a")), Complement(PkSet("b")))), {1, 3, 4, 5}),
        (Complement(AnyOf((PkSet("a"), Complement(PkSet("c"))))), {4}),
        (AllOf((AnyOf((PkSet("a"), PkSet("c"))), Complement(PkSet("b")))), {1, 4}),
    ],
)
def test_evaluate_plan_is_set_algebra(plan: object, expected: set[int]) -> None:
    named = {"a": {1, 2}, "b": {2, 3}, "c": {4}}
    pks, negated = evaluate_plan(plan, lambda pk_set: set(named[pk_set.sql]))  # type: ignore[arg-type]
    everything = {1, 2, 3, 4, 5}
    assert (everything - pks if negated else pks) == expected


def test_ordered_pks_pick_in_order() -> None:
    ordered = OrderedPks(list(range(100, 0, -1)))
    assert ordered.pick({3, 50, 7}) == [50, 7, 3]  # few: by position
    assert ordered.pick(set(range(1, 60))) == list(range(59, 0, -1))  # many: one pass
    assert ordered.pick({5, 1000}) == [5]  # not in the order (added since): left out
    assert ordered.pick(set(range(3, 101)), negated=True) == [2, 1]
    assert ordered.pick(set(), negated=True) == ordered.pks
    assert ordered.pick(set()) == []
    everything = ordered.pick(set(range(1, 101)))
    assert everything == ordered.pks and everything is not ordered.pks  # the caller may change its list


@pytest.mark.parametrize("step", [1, 10**7])
def test_ordered_pks_pick_by_position_dense_or_sparse(step: int) -> None:
    """Few pks are put in order by their positions: an array by pk where pks are dense, else a dict."""
    pks = [(n * 37 % 100) * step for n in range(100)]  # 0, 37, 74, 11, ... times step
    ordered = OrderedPks(pks)
    assert ordered.pick({pks[80], pks[3], pks[41], 10**12, -4}) == [pks[3], pks[41], pks[80]]  # unknown: left out
    assert ordered.pick({pks[0]}) == [pks[0]]


# --- results on a library with known answers -----------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("diffusion", {P1, P6}),
        ("diff", {P1, P6}),
        ("DIFFUSION video", {P1}),
        ("video", {P1, P5}),
        ('"video generation"', {P1}),
        ('"generation video"', set()),
        ("title:language", {P2, P3}),
        ('title:"language model"', {P2}),  # a phrase is exact: "Language Models" is not it
        ('title:"language mod', {P2, P3}),  # ...until it is closed
        ("title:video", {P1, P5}),
        ("abstract:benchmark", {P5}),
        ("author:smith", {P1, P2, P4}),
        ('author:"smith"', {P1, P4}),
        ("org:deepmind", {P1}),
        ("org:meta", {P4}),
        ("deepmind", {P1}),  # free words search the organization too
        ("keyword:agent", {P2}),
        ("tool", {P2}),  # ...and the keywords
        ("submitter:alice", {P1, P5}),
        ("submitter:ALICE", {P1, P5}),
        ('submitter:"alice"', {P1}),
        ("submitter:carol_", {P2}),
        ("submitter:caro%", set()),
        ("submitter:dan", {P3}),
        ("is:starred", {P1, P4}),
        ("is:read", {P2}),
        ("is:unread", EVERY - {P2}),
        ("-is:starred", EVERY - {P1, P4}),
        ("-is:unread", {P2}),
        ("has:code", {P1, P3, P4}),
        ("has:project", {P1}),
        ("has:summary", {P1}),
        ("-has:code", {P2, P5, P6, P7}),
        ("upvotes>=50", {P1, P2, P5, P7}),
        ("upvotes:50", {P2, P5}),
        ("upvotes<10", {P6}),  # P4 has no upvotes: it matches no comparison
        ("-upvotes>=50", {P3, P4, P6}),  # ...and so matches its negation
        ("stars>1000", {P1}),
        ("stars<100", {P4}),
        ("comments>0", {P1, P4, P5}),
        ("comments=0", {P2}),
        ("date:2025-06-13", {P1, P7}),
        ("date:2025-W23", {P2, P5}),
        ("date:2025-06", {P1, P2, P5, P7}),
        ("date>=2025-06", {P1, P2, P5, P7}),
        ("date>2025-06", set()),
        ("date<2025-06", {P3, P4}),  # P6 has no date
        ("date<=2025-05-30", {P3, P4}),
        ("date>2025-06-08", {P1, P7}),
        ("date>=2025-W23", {P1, P2, P5, P7}),
        ("date<=2025-W23", {P2, P3, P4, P5}),
        ("age<7d", {P1, P7}),
        ("age<=7d", {P1, P5, P7}),
        ("age:2d", {P1, P7}),
        ("age<2w", {P1, P2, P5, P7}),
        ("age>30d", {P4}),
        ("age<1m", {P1, P2, P3, P5, P7}),
        ("-age<1m", {P4, P6}),
        ("age<99999999d", EVERY - {P6}),
        ("video -diffusion", {P5}),
        ("video AND NOT diffusion", {P5}),
        ("NOT video", EVERY - {P1, P5}),
        ("-video -diffusion", {P2, P3, P4, P7}),
        ("NOT NOT video", {P1, P5}),
        ("video OR agents", {P1, P2, P5}),
        ("(video OR agent) upvotes>=50", {P1, P2, P5}),
        ("video OR upvotes<10", {P1, P5, P6}),
        ("-(video OR has:code)", {P2, P6, P7}),
        ("stars>1000 OR is:read", {P1, P2}),
        ("-is:read -has:code", {P5, P6, P7}),
        ("is:starred has:code -upvotes>100", {P4}),
        ("is:starred OR -has:code", {P1, P2, P4, P5, P6, P7}),
        ("-(is:starred OR is:read)", {P3, P5, P6, P7}),
        ("video and", set()),  # lower-case "and" is a word to find
        ("video AND diffusion", {P1}),
        ("diffusion -video has:code", set()),
        ("diffusion -video", {P6}),
        ("xyzzy", set()),
        ("-xyzzy", EVERY),
        ("*", EVERY),
        ("", EVERY),
    ],
)
def test_results(lib: Library, text: str, expected: set[str]) -> None:
    assert found(lib, text) == expected


def test_toggles_and_onto_the_text(lib: Library) -> None:
    assert set(ids(lib, "video OR agent", has_code=True)) == {P1}
    assert set(ids(lib, "", starred_only=True, unread_only=True)) == {P1, P4}
    assert set(ids(lib, "-is:starred", starred_only=True)) == set()
    assert set(ids(lib, "", unread_only=True, has_code=True)) == {P1, P3, P4}


def test_results_follow_the_readers_marks_at_once(lib: Library) -> None:
    assert found(lib, "is:unread video") == {P1, P5}
    lib.mark_read(P5)
    assert found(lib, "is:unread video") == {P1}
    lib.star(P5)
    lib.star(P1, False)
    assert found(lib, "is:starred") == {P4, P5}


def test_marks_another_process_writes_show_at_once(lib: Library, home: Path) -> None:
    """The marks' sets are kept between searches (every view's count asks for them): a write elsewhere drops them."""
    assert found(lib, "is:unread video") == {P1, P5} and found(lib, "is:starred") == {P1, P4}
    with Library.open(home / "library.db") as other:
        other.mark_read(P5)
        other.star(P5)
        other.set_note(P3, "a note on zebrafish")
    assert found(lib, "is:unread video") == {P1}
    assert found(lib, "is:starred") == {P1, P4, P5}
    assert found(lib, "has:note") == {P3} and found(lib, "zebrafish") == {P3}


def test_select_today_defaults_to_the_local_date(lib: Library) -> None:
    assert lib.select(PaperFilter(text="age<100000d")) == lib.select(PaperFilter(text="date>0001-01-01"))


# --- sorting -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sort", "reverse", "expected"),
    [
        (Sort.DATE, False, [P7, P1, P5, P2, P3, P4, P6]),  # same day and upvotes: the later pk first
        (Sort.DATE, True, [P4, P3, P2, P5, P1, P7, P6]),  # no date stays last
        (Sort.UPVOTES, False, [P7, P1, P5, P2, P3, P6, P4]),  # ties by date: P5 before P2
        (Sort.UPVOTES, True, [P6, P3, P2, P5, P1, P7, P4]),  # no upvotes stays last
        (Sort.STARS, False, [P1, P4, P7, P5, P2, P3, P6]),
        (Sort.STARS, True, [P4, P1, P3, P2, P5, P7, P6]),
        (Sort.COMMENTS, False, [P1, P4, P5, P2, P7, P3, P6]),
        (Sort.COMMENTS, True, [P2, P5, P4, P1, P3, P7, P6]),
        (Sort.TITLE, False, [P3, P1, P2, P4, P7, P6, P5]),  # case-insensitive: "undated" after "Tie"
        (Sort.TITLE, True, [P5, P6, P7, P4, P2, P1, P3]),
    ],
)
def test_sorts(lib: Library, sort: Sort, reverse: bool, expected: list[str]) -> None:
    assert ids(lib, sort=sort, reverse=reverse) == expected
    assert ids(lib, "-xyzzy", sort=sort, reverse=reverse) == expected  # the filtered path keeps the order
    subset = [paper_id for paper_id in expected if paper_id in {P1, P2, P6}]
    assert ids(lib, "diffusion OR agents", sort=sort, reverse=reverse) == subset


def test_equal_titles_break_by_date_then_pk(home: Path) -> None:
    with Library.open(home / "library.db") as library:
        library.import_papers([
            Paper(id="2401.00001", title="Same", daily_date="2024-01-01"),
            Paper(id="2401.00002", title="same", daily_date="2024-01-02"),
            Paper(id="2401.00003", title="SAME", daily_date="2024-01-02"),
        ])  # fmt: skip
        assert ids(library, sort=Sort.TITLE) == ["2401.00003", "2401.00002", "2401.00001"]
        assert ids(library, sort=Sort.TITLE, reverse=True) == ["2401.00001", "2401.00002", "2401.00003"]


def test_the_date_order_is_the_list_order() -> None:
    assert order_by(Sort.DATE) == ORDER_BY == "p.list_date DESC, p.upvotes DESC, p.pk DESC"
    assert PaperFilter().sort is Sort.DATE and not PaperFilter().reverse


def test_sort_names_and_labels() -> None:
    assert [sort.value for sort in Sort] == ["date", "upvotes", "stars", "comments", "title", "rising"]
    assert Sort.DATE.describe() == "date, newest first"
    assert Sort.DATE.describe(reverse=True) == "date, oldest first"
    assert Sort.TITLE.describe() == "title, A to Z"
    assert Sort.STARS.label == "GitHub stars"
    assert [sort.descending for sort in Sort] == [True, True, True, True, False, True]


def test_limit_takes_the_first_of_the_order(lib: Library) -> None:
    assert lib.select(PaperFilter(sort=Sort.UPVOTES), limit=3) == lib.select(PaperFilter(sort=Sort.UPVOTES))[:3]
    assert lib.select(PaperFilter(text="video"), limit=1) == lib.select(PaperFilter(text="video"))[:1]


# --- the cached orders follow the library --------------------------------------------------

NEW = Paper(id="2507.00001", title="A Newer Video Paper", daily_date="2025-07-01", upvotes=1)


def test_an_import_shows_in_the_next_select(lib: Library) -> None:
    for sort in Sort:
        ids(lib, sort=sort)  # every order cached
    lib.import_papers([NEW])
    assert ids(lib)[0] == NEW.id
    assert ids(lib, "video")[0] == NEW.id
    assert NEW.id in ids(lib, sort=Sort.TITLE)
    lib.import_papers([Paper(id=P6, title="undated paper on diffusion", upvotes=1000)])  # a counter changed
    assert ids(lib, sort=Sort.UPVOTES)[0] == P6


def test_an_import_by_another_process_shows_in_the_next_select(lib: Library, home: Path) -> None:
    assert NEW.id not in ids(lib)
    with Library.open(home / "library.db") as other:
        other.import_papers([NEW])
    assert ids(lib)[0] == NEW.id
    assert found(lib, "newer") == {NEW.id}


# --- nothing typed can break it ------------------------------------------------------------

NASTY = [
    "[/foo]", "[@click=app.quit]x[/]", '"', '""', '"""', "(", ")", ")(", "(()", "-", "--", "- -", "-(", "-)", "OR",
    "AND", "NOT", "OR OR", "a OR OR b", "NOT NOT", "NOT -", "title:", "title:title:", "title::", 'title:"', 'title:""',
    "title:(", "title:)", ":", "::", "*", "**", "^", "^a", "a^", "NEAR(", "NEAR(a b)", "NEAR/2", "{title}:x",
    "{title abstract}: x", "a:b:c", "is:", "has:", "is:is:", "upvotes", "upvotes>", "upvotes>>5", "upvotes=<5",
    "upvotes<>5", "upvotes==5", "stars>-1", "date:", "date:2025-00", "date:0000-01-01", "date:9999-12",
    "date:9999-W52", "date>9999-12-31", "age<0d", "age<1", "age<d", "age:99999999999d", "\x00", "\x1b[2J", "\x07",
    "\u202e", "\u200b", "\ufeff", "\x1b]52;c;ZXZpbA==\x07", "a\x00b", "\x9b31m", "\t\n\r", "²", "ª", "Ⅷ", "\u3007",
    "\u0301", "注意力", "🦜", "'", "`", "\\", "\\\"", "%", "_", "a%b_c", "submitter:%", "submitter:_", "submitter:\\",
    "rowid", "pk", "p.pk", "1=1", "'; DROP TABLE papers; --", "x' OR '1'='1", '" OR "1"="1', "a\" OR \"b",
    "a" * 10_000, "(" * 5_000, ")" * 5_000, "-" * 5_000 + "a", "NOT " * 2_000 + "a", "x " * 5_000, '"' * 1_001,
    "a OR " * 3_000 + "b", "title:" + "x" * 5_000, "\x00" * 1_000, "é" * 3_000,
]  # fmt: skip
SHAPES = ["{}", "video {}", "{} video", "({})", "-{}", "title:{}", "{} OR is:starred", "upvotes>1 {}"]


@pytest.mark.parametrize("text", NASTY, ids=lambda text: repr(text[:30]).replace("::", ": :"))
def test_nasty_text_gives_query_error_or_a_result(lib: Library, text: str) -> None:
    for shape in SHAPES:
        typed = shape.format(text)
        try:
            query = parse_query(typed)
        except QueryError as exc:
            assert 1 <= exc.column <= len(typed) + 1, typed
            assert exc.message and "\n" not in exc.message
            assert type(exc) is QueryError
            continue
        compile_query(query, TODAY)  # never raises for a parsed query
        found_ids = found(lib, typed)  # runs both ways on the real library
        assert found_ids <= EVERY
    assert lib.count() == 7 and lib.integrity_ok()


# --- the indexes of migration 3 ---------------------------------------------------------

CHECKED = ["diffusion", "d", "di", 'title:"language model" OR keyword:agent', "author:smith", "upvotes>=50 has:code",
           "is:unread", "-video date>=2025-06", "submitter:alice", "has:summary", "stars>5 OR comments>1", "age<1m",
           "-is:read -has:code", "video OR upvotes<10", ""]  # fmt: skip


AS_IN_VERSION_2 = """
    -- What migration 5 added (sessions, movement, linked repositories, full texts, lookups):
    DROP INDEX papers_by_added;
    DROP TABLE upvote_gains;
    DROP TABLE linked_repos;
    DROP TABLE linked_fetches;
    DROP TABLE full_texts_fts;
    DROP TABLE full_texts;
    DROP TABLE full_text_missing;
    DROP TABLE unresolved_lookups;
    -- What migration 4 added (tags, notes, digests and the index of noted papers):
    DROP TRIGGER papers_noted_insert;
    DROP TRIGGER papers_noted_update;
    DROP TRIGGER papers_noted_delete;
    DROP TABLE noted_fts;
    DROP TABLE notes;
    DROP TABLE tags;
    DROP TABLE digests;
    -- What migration 3 changed:
    DROP INDEX papers_in_list_order_with_filters;
    DROP INDEX papers_with_summary;
    DROP INDEX papers_by_title;
    CREATE INDEX papers_in_list_order ON papers (list_date, upvotes, pk);
    DROP TABLE papers_fts;
    CREATE VIRTUAL TABLE papers_fts USING fts5 (
        title, abstract, authors, ai_keywords, organization,
        content = 'papers', content_rowid = 'pk', tokenize = 'unicode61 remove_diacritics 2'
    );
    INSERT INTO papers_fts (papers_fts) VALUES ('rebuild');
    PRAGMA user_version = 2;
"""


def test_migration_3_indexes_change_no_result(lib: Library, home: Path) -> None:
    before = {(text, sort): ids(lib, text, sort=sort) for text in CHECKED for sort in Sort}
    lib.close()
    db = sqlite3.connect(home / "library.db", isolation_level=None)
    for statement in split_sql(AS_IN_VERSION_2):
        db.execute(statement)
    assert "prefix" not in db.execute("SELECT sql FROM sqlite_master WHERE name = 'papers_fts'").fetchone()[0]
    db.close()
    with Library.open(home / "library.db") as library:  # migrates 2 -> 3 (QUERY_INDEXES_SQL) -> 4 -> 5
        assert library._db.execute("PRAGMA user_version").fetchone()[0] == 5
        assert "prefix" in library._db.execute("SELECT sql FROM sqlite_master WHERE name = 'papers_fts'").fetchone()[0]
        assert library.integrity_ok()
        assert {(text, sort): ids(library, text, sort=sort) for text in CHECKED for sort in Sort} == before
        library.import_papers([NEW])  # the triggers still feed the rebuilt full-text index
        assert found(library, "newer") == {NEW.id}
        library.import_papers([Paper(id=NEW.id, title="Renamed Entirely", daily_date="2025-07-01")])
        assert found(library, "newer") == set()
        assert found(library, "renamed") == {NEW.id}


def test_the_unknown_field_message_lists_every_field_the_parser_takes() -> None:
    """The list comes from the parser's own tables: a field added to them is named without a second edit."""
    from reader.query.nodes import TEXT_FIELDS
    from reader.query.parser import COUNTERS, FIELDS

    with pytest.raises(QueryError) as raised:
        parse_query("foo:bar")
    listed = raised.value.message.split("(fields: ", 1)[1].rstrip(")").split(", ")
    assert listed == list(FIELDS)
    assert {*TEXT_FIELDS, *COUNTERS, "org", "age", "date", "submitter", "is", "has"} <= set(listed)
    for name in listed:  # each one listed is one the parser knows (its errors, if any, are about the value)
        try:
            parse_query(f"{name}:x")
        except QueryError as exc:
            assert "unknown field" not in exc.message, name
