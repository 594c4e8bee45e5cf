"""One module, one job: no module under reader/ over 400 lines, no function over 60 unless it is a table.

A function that is long because it is a table (one line per key, per column, per message) is listed in
LONG_TABLES with why; every other long function is asking to be split.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "reader"
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60

LONG_TABLES: dict[str, str] = {}
"""`path:qualified.name` of a function allowed over MAX_FUNCTION_LINES -> why it is a table."""

MODULES = sorted(PACKAGE.rglob("*.py"))


def functions(tree: ast.AST, prefix: str = "") -> Iterator[tuple[str, ast.FunctionDef | ast.AsyncFunctionDef]]:
    """Every function and method in the tree, nested ones too, by qualified name."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield f"{prefix}{node.name}", node
            yield from functions(node, f"{prefix}{node.name}.")
        elif isinstance(node, ast.ClassDef):
            yield from functions(node, f"{prefix}{node.name}.")
        else:
            yield from functions(node, prefix)


def function_lengths(path: Path) -> dict[str, int]:
    """`path:qualified.name` -> lines from its `def` to its last line (decorators not counted)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    name = path.relative_to(ROOT).as_posix()
    return {f"{name}:{qualname}": node.end_lineno - node.lineno + 1 for qualname, node in functions(tree)}


def all_function_lengths() -> dict[str, int]:
    return {key: length for path in MODULES for key, length in function_lengths(path).items()}


def test_there_are_modules_to_measure() -> None:
    assert len(MODULES) > 20
    assert any(length > 20 for length in all_function_lengths().values())


@pytest.mark.parametrize("path", MODULES, ids=lambda path: path.relative_to(ROOT).as_posix())
def test_no_module_is_over_400_lines(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_MODULE_LINES, f"{path.relative_to(ROOT)} has {lines} lines: split it by job"


def test_no_function_is_over_60_lines_unless_it_is_a_table() -> None:
    lengths = all_function_lengths()
    too_long = {key: n for key, n in lengths.items() if n > MAX_FUNCTION_LINES and key not in LONG_TABLES}
    assert not too_long, "\n".join(f"{key} has {n} lines: split it" for key, n in sorted(too_long.items()))
    stale = [key for key in LONG_TABLES if lengths.get(key, 0) <= MAX_FUNCTION_LINES]
    assert not stale, f"no longer over {MAX_FUNCTION_LINES} lines (or gone), take them out of LONG_TABLES: {stale}"
