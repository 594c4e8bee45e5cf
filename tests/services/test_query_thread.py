"""The query thread: answers like `Library.select`, skips queries a newer one replaced, closes cleanly."""

from __future__ import annotations

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
