"""The query thread: answers like `Library.select`, skips queries a newer one replaced, closes cleanly."""

from __future__ import annotations

import platform
import sys
import threading

import pytest

from reader.query import PaperFilter, QueryError
from reader.services.query_thread import QueryThread
from reader.storage.errors import LibraryError
from reader.storage.library import Library


def test_answers_like_the_library(library: Library) -> None:
    thread = QueryThread(library.path)
    try:
        result = thread.submit(PaperFilter(text="upvotes>=50")).result(timeout=10)
        assert result.pks == library.select(PaperFilter(text="upvotes>=50"))
        assert result.total == library.count() == 30
        assert thread.is_latest(result)
    finally:
        thread.close()


def test_a_query_replaced_before_it_starts_is_skipped(library: Library) -> None:
    thread = QueryThread(library.path)
    gate = threading.Event()
    try:
        thread._executor.submit(gate.wait)
        first = thread.submit(PaperFilter(text="diffusion"))
        second = thread.submit(PaperFilter(text="upvotes>=50"))
        gate.set()
        stale, fresh = first.result(timeout=10), second.result(timeout=10)
        assert stale.pks is None and not thread.is_latest(stale)
        assert fresh.pks == library.select(PaperFilter(text="upvotes>=50")) and thread.is_latest(fresh)
    finally:
        thread.close()


def test_a_finished_result_is_stale_once_a_newer_query_is_submitted(library: Library) -> None:
    thread = QueryThread(library.path)
    try:
        old = thread.submit(PaperFilter(text="diffusion")).result(timeout=10)
        thread.submit(PaperFilter())
        assert old.pks is not None and not thread.is_latest(old)
    finally:
        thread.close()


def test_malformed_text_raises_the_query_error(library: Library) -> None:
    thread = QueryThread(library.path)
    try:
        with pytest.raises(QueryError):
            thread.submit(PaperFilter(text="upvotes>=")).result(timeout=10)
    finally:
        thread.close()


def test_sees_changes_committed_on_another_connection(library: Library) -> None:
    thread = QueryThread(library.path)
    try:
        assert thread.submit(PaperFilter(text="is:starred")).result(timeout=10).pks == []
        paper_id = library.list_rows(library.select(limit=1))
        (row,) = paper_id.values()
        library.star(row.id)
        assert len(thread.submit(PaperFilter(text="is:starred")).result(timeout=10).pks or []) == 1
    finally:
        thread.close()


def test_counts_many_filters_and_leaves_out_malformed_ones(library: Library) -> None:
    thread = QueryThread(library.path)
    try:
        filters = {"all": PaperFilter(), "big": PaperFilter(text="upvotes>=50"), "broken": PaperFilter(text="(x")}
        counts = thread.count_many(filters).result(timeout=10)
        assert counts == {"all": 30, "big": len(library.select(PaperFilter(text="upvotes>=50")))}
    finally:
        thread.close()


def test_counting_does_not_make_a_list_query_stale(library: Library) -> None:
    thread = QueryThread(library.path)
    try:
        gate = threading.Event()
        thread._executor.submit(gate.wait)
        query = thread.submit(PaperFilter(text="diffusion"))
        thread.count_many({"all": PaperFilter()})
        gate.set()
        result = query.result(timeout=10)
        assert result.pks is not None and thread.is_latest(result)
    finally:
        thread.close()


def test_a_damaged_file_is_a_library_error(library: Library) -> None:
    thread = QueryThread(library.path)
    try:
        thread.submit(PaperFilter()).result(timeout=10)  # the thread's connection is open
        thread._library._db.execute("DROP TABLE papers")  # type: ignore[union-attr]
        with pytest.raises(LibraryError, match="cannot search the library"):
            thread.submit(PaperFilter()).result(timeout=10)
    finally:
        thread.close()


def test_the_freed_heap_is_given_back_after_an_answer_unless_a_newer_query_waits(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    import reader.services.query_thread as query_thread

    trims: list[int] = []
    monkeypatch.setattr(query_thread, "release_free_heap", lambda: trims.append(1))
    thread = QueryThread(library.path)
    gate = threading.Event()
    try:
        thread.submit(PaperFilter(text="upvotes>=50")).result(timeout=10)
        thread._executor.submit(lambda: None).result(timeout=10)  # the trim queued behind the answer has run
        assert trims == [1]
        answered_gate, held = threading.Event(), threading.Event()
        thread._executor.submit(gate.wait)
        answered = thread.submit(PaperFilter(text="a"))
        thread._executor.submit(lambda: (held.set(), answered_gate.wait()))  # holds the thread after "a"
        gate.set()
        assert answered.result(timeout=10).pks is not None and held.wait(timeout=10)
        latest = thread.submit(PaperFilter(text="b"))  # newer, before the trim queued behind "a" runs
        answered_gate.set()
        assert latest.result(timeout=10).pks is not None
        thread._executor.submit(lambda: None).result(timeout=10)
        assert trims == [1, 1]  # not after "a" (a newer query waited), once after "b"
    finally:
        thread.close()


def test_release_free_heap_runs_where_there_is_a_glibc() -> None:
    from reader.services.query_thread import _malloc_trim, release_free_heap

    release_free_heap()  # never raises, whatever the C library
    if sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc":
        assert _malloc_trim() is not None
