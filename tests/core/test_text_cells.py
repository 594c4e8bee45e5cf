"""Fitting a line to a terminal: cells counted as a terminal draws them, cut with `…` only when it must."""

from __future__ import annotations

import pytest

from reader.core.text import cell_width, cut_to_cells


@pytest.mark.parametrize(
    ("text", "cells"),
    [("", 0), ("abc", 3), ("注意", 4), ("e\u0301", 1), ("a注b", 4)],
)
def test_cell_width_counts_wide_characters_twice_and_combining_marks_not_at_all(text: str, cells: int) -> None:
    assert cell_width(text) == cells


@pytest.mark.parametrize(
    ("text", "width", "cut"),
    [
        ("Sparse Attention", 16, "Sparse Attention"),  # fits exactly: whole, no mark
        ("Sparse Attention", 15, "Sparse Attenti…"),
        ("Sparse Attention", 8, "Sparse…"),  # the space before the cut is not kept
        ("注意力机制", 10, "注意力机制"),
        ("注意力机制", 9, "注意力机…"),
        ("注意力机制", 8, "注意力…"),  # the fourth character would take cells 7 and 8, leaving none for …
        ("abc", 1, "…"),
        ("abc", 0, "…"),
    ],
)
def test_cut_to_cells_fits_the_width_with_an_ellipsis(text: str, width: int, cut: str) -> None:
    assert cut_to_cells(text, width) == cut
    assert cell_width(cut) <= max(width, 1)
