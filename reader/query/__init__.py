"""What the list shows, as SQL: the filter language, its compiler, the sorts, and the filter pane's state.

    parse_query("diffusion author:smith upvotes>=50")  -> Query (or QueryError)
    compile_query(query, today)                         -> ("... AND ...", [params])
    compile_plan(query, today)                          -> sets of pks to combine (how Library.select runs it)
    order_by(Sort.UPVOTES, reverse=False)               -> "p.upvotes DESC, ..."

The language is described in README.md ("Filter language") and parser.py.
"""

from __future__ import annotations

from reader.query.filter import PaperFilter, saved_text, where_clause
from reader.query.nodes import Query, QueryError
from reader.query.parser import parse_query
from reader.query.plan import OrderedPks, PkSet, Plan, compile_plan, evaluate_plan
from reader.query.sql import MARK_SETS, ORDER_BY, Sort, compile_query, fts_expression, order_by

__all__ = [
    "MARK_SETS",
    "ORDER_BY",
    "OrderedPks",
    "PaperFilter",
    "PkSet",
    "Plan",
    "Query",
    "QueryError",
    "Sort",
    "compile_plan",
    "compile_query",
    "evaluate_plan",
    "fts_expression",
    "order_by",
    "parse_query",
    "saved_text",
    "where_clause",
]
