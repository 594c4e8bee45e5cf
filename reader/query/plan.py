"""`Query` -> sets of pks combined in Python: how `Library.select` runs a filter over the whole library.

SQLite answers `pk IN (subquery)` by probing a temporary b-tree once per row,
about 0.7 µs a probe: 35 ms for 50,000 papers, more than the search itself,
and then sorts what is left. So each group of a filter runs as one cheap scan
of its own -- its text as one FTS5 MATCH of the index alone, the reader's marks
from `state`, its other conditions in one pass over `papers` (one covering
index) -- and the sets are combined in Python, where a lookup costs a tenth of
that, then put in order along a cached list of every pk (`OrderedPks`).

The conditions are exactly those of `compile_query` (the same compiler makes
every SELECT here); the tests run both ways and compare.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import reduce
from itertools import filterfalse

from reader.query.nodes import NOTE_FIELD, And, FullText, Has, Node, Not, Or, Query, Tag, Text
from reader.query.sql import (
    FTS_PKS,
    FULL_TEXT_PKS,
    HAS_SETS,
    NOTED_FTS_PKS,
    NOTED_PKS,
    Compiler,
    fts_and,
    fts_expression,
    fts_join,
    full_text_expression,
    tag_pks,
)


@dataclass(frozen=True, slots=True)
class PkSet:
    """The pks that a SELECT of one column `pk` returns."""

    sql: str
    params: tuple[object, ...] = ()


@dataclass(frozen=True, slots=True)
class AllOf:
    items: tuple[Plan, ...]


@dataclass(frozen=True, slots=True)
class AnyOf:
    items: tuple[Plan, ...]


@dataclass(frozen=True, slots=True)
class Complement:
    """Every paper not in `item`."""

    item: Plan


Plan = PkSet | AllOf | AnyOf | Complement


def compile_plan(query: Query, today: date) -> Plan | None:
    """The sets whose combination is the query's result; None for the empty query (every paper)."""
    return None if query.root is None else _Planner(today).plan(query.root)


class _Planner:
    def __init__(self, today: date) -> None:
        self.compiler = Compiler(today)

    def plan(self, node: Node) -> Plan:
        if (expression := fts_expression(node)) is not None:
            return text_match(expression)
        if isinstance(node, Text):  # note:word
            return PkSet(NOTED_FTS_PKS, (fts_note_term(node),))
        if isinstance(node, Tag):
            sql, value = tag_pks(node)
            return PkSet(sql, (value,))
        if isinstance(node, FullText):
            return PkSet(FULL_TEXT_PKS, (full_text_expression(node),))
        if isinstance(node, Has) and node.flag in HAS_SETS:
            sql, means_not_in = HAS_SETS[node.flag]
            return Complement(PkSet(sql)) if means_not_in else PkSet(sql)
        if isinstance(node, Not):
            return Complement(self.plan(node.item))
        if isinstance(node, And | Or):
            return self._group(node)
        return self._scan(node)

    def _scan(self, node: Node) -> PkSet:
        """Conditions on the paper's own columns: one pass over `papers`."""
        where, params = self.compiler.node(node)
        return PkSet(f"SELECT p.pk FROM papers p WHERE {where}", tuple(params))

    def _group(self, node: And | Or) -> Plan:
        """All the text of the group in one MATCH, all its plain conditions in one scan, the rest each its own."""
        both = isinstance(node, And)
        wanted: list[str] = []
        unwanted: list[str] = []
        plain: list[Node] = []
        parts: list[Plan] = []
        for item in node.items:
            if (expression := fts_expression(item)) is not None:
                wanted.append(expression)
            elif both and isinstance(item, Not) and (expression := fts_expression(item.item)) is not None:
                unwanted.append(expression)
            elif _plain(item):
                plain.append(item)
            else:
                parts.append(self.plan(item))
        if both and wanted:
            parts.insert(0, text_match(fts_and(wanted, unwanted)))
        elif both and unwanted:  # FTS5 has no NOT without something before it
            parts.insert(0, Complement(text_match(fts_join(" OR ", unwanted))))
        elif wanted:
            parts.insert(0, text_match(fts_join(" OR ", wanted)))
        if plain:
            parts.append(self._scan(plain[0] if len(plain) == 1 else type(node)(tuple(plain))))
        if len(parts) == 1:
            return parts[0]
        return AllOf(tuple(parts)) if both else AnyOf(tuple(parts))


def text_match(expression: str) -> Plan:
    """The papers an FTS5 expression matches, a paper's note counted as one more column of it.

    Papers without a note come from the big index, those with one (few) from the
    index of noted papers, which holds their columns again beside the note.
    """
    papers_without_notes = AllOf((PkSet(FTS_PKS, (expression,)), Complement(PkSet(NOTED_PKS))))
    return AnyOf((papers_without_notes, PkSet(NOTED_FTS_PKS, (expression,))))


def fts_note_term(node: Text) -> str:
    """`note:word` as an expression for the index of noted papers."""
    assert node.column == NOTE_FIELD
    quoted = '"' + node.value.replace('"', '""') + '"' + ("*" if node.prefix else "")
    return f"{{note}} : {quoted}"


def _plain(node: Node) -> bool:
    """Whether the node only compares the paper's own columns (no text, no marks, no summary, no tags)."""
    if isinstance(node, And | Or):
        return all(_plain(item) for item in node.items)
    if isinstance(node, Not):
        return _plain(node.item)
    return not isinstance(node, Text | FullText | Tag) and not (isinstance(node, Has) and node.flag in HAS_SETS)


def evaluate_plan(plan: Plan, run: Callable[[PkSet], set[int]]) -> tuple[set[int], bool]:
    """The plan's pks, as (pks, False), or as (pks not matching, True) when that set is the smaller one to make.

    `run` returns a new set for each PkSet; the sets are then spent (changed in place).
    """
    if isinstance(plan, PkSet):
        return run(plan), False
    if isinstance(plan, Complement):
        pks, negated = evaluate_plan(plan.item, run)
        return pks, not negated
    results = [evaluate_plan(item, run) for item in plan.items]
    positive = [pks for pks, negated in results if not negated]
    negative = [pks for pks, negated in results if negated]
    if isinstance(plan, AllOf):  # P1 & P2 - N1 - N2, or (no P) all but N1 | N2
        if not positive:
            return _union(negative), True
        kept = _intersection(positive)
        kept.difference_update(*negative)  # in place: the sets are spent
        return kept, False
    if not negative:  # P1 | P2
        return _union(positive), False
    # P | (all - N1) | (all - N2) = all - ((N1 & N2) - P)
    dropped = _intersection(negative)
    return (dropped.difference(*positive) if positive else dropped), True


def _intersection(sets: list[set[int]]) -> set[int]:
    return reduce(set.intersection, sorted(sets, key=len))


def _union(sets: list[set[int]]) -> set[int]:
    biggest = max(sets, key=len)
    biggest.update(*(other for other in sets if other is not biggest))
    return biggest


class OrderedPks:
    """Every pk of the library in one order, and the subsets of it in that order."""

    def __init__(self, pks: list[int]) -> None:
        self.pks = pks
        self._positions: Sequence[int] | dict[int, int] | None = None

    def pick(self, pks: set[int], negated: bool = False) -> list[int]:
        """The given pks (or, `negated`, all the others) in this order; pks not in the order are left out."""
        if negated:
            return list(filterfalse(pks.__contains__, self.pks)) if pks else list(self.pks)
        if len(pks) == len(self.pks) and pks.issuperset(self.pks):  # "a": every paper
            return list(self.pks)
        if len(pks) * 8 >= len(self.pks):  # many: one pass over the order
            return list(filter(pks.__contains__, self.pks))
        positions = self._positions = self._positions if self._positions is not None else positions_of(self.pks)
        if isinstance(positions, dict):
            found = (positions[pk] for pk in pks if pk in positions)
        else:
            top = len(positions)
            found = (index for pk in pks if 0 <= pk < top and (index := positions[pk]) >= 0)
        return [self.pks[index] for index in sorted(found)]


def positions_of(pks: list[int]) -> Sequence[int] | dict[int, int]:
    """Where each pk is in `pks`: an array indexed by pk (-1: absent), 8 bytes a pk where rowids are dense.

    A dict of 200,000 ints took 16 MB; the array takes 1.6 MB. Sparse or odd pks get the dict.
    """
    top = max(pks, default=0)
    if min(pks, default=0) < 0 or top > 2 * len(pks) + 1024:
        return {pk: index for index, pk in enumerate(pks)}
    positions = array("q", [-1]) * (top + 1)
    for index, pk in enumerate(pks):
        positions[pk] = index
    return positions
