"""The rules of DESIGN.md that code review alone would let slip: layering, import hygiene, lint.

The layers, where textual/httpx/sqlite3 may be imported and the absence of cycles are import-linter
contracts in pyproject.toml (docs/architecture.md explains them); here they run with the tests.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or "lint-imports"


def modules_loaded_by(module: str) -> set[str]:
    code = f"import sys, {module}; print('\\n'.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    return set(out.stdout.split())


def lint_imports(root: Path, *, pythonpath: Path | None = None) -> subprocess.CompletedProcess[str]:
    """`lint-imports` over the contracts of `root`/pyproject.toml, without writing a cache into the tree."""
    env = {**os.environ, "COLUMNS": "200"}  # one contract per line, however narrow the terminal
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    return subprocess.run(
        [LINT_IMPORTS, "--no-cache", "--no-logo"], capture_output=True, text=True, cwd=root, env=env, timeout=120
    )


@pytest.fixture(scope="module")
def linted() -> subprocess.CompletedProcess[str]:
    """`lint-imports` over the real tree, once for every test here."""
    return lint_imports(ROOT)


def test_import_contracts_hold(linted: subprocess.CompletedProcess[str]) -> None:
    assert linted.returncode == 0, linted.stdout + linted.stderr


@pytest.mark.slow
@pytest.mark.parametrize(
    ("module", "line", "reported"),
    [
        ("core/paper.py", "import textual", "reader.core.paper -> textual"),
        ("storage/rows.py", "import httpx", "reader.storage.rows -> httpx"),
        ("query/sql.py", "import sqlite3", "reader.query.sql -> sqlite3"),
        ("core/text.py", "import reader.query", "reader.core.text -> reader.query"),
        ("storage/rows.py", "import reader.sources.hf_api", "reader.storage.rows -> reader.sources.hf_api"),
        ("sources/hf_api.py", "import reader.services.sync", "reader.sources.hf_api -> reader.services.sync"),
        ("core/paths.py", "import reader.core.views", "No cycles are allowed in reader.core."),
    ],
)
def test_import_contracts_catch_a_broken_rule(
    tmp_path: Path, linted: subprocess.CompletedProcess[str], module: str, line: str, reported: str
) -> None:
    """The contracts are not vacuous: one bad import in a copy of reader/ is reported, by module and import."""
    shutil.copytree(ROOT / "reader", tmp_path / "reader", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    if module == "core/paths.py":  # a cycle needs both ends: views -> paths as well as paths -> views
        views = tmp_path / "reader" / "core" / "views.py"
        views.write_text(views.read_text(encoding="utf-8") + "\nimport reader.core.paths\n", encoding="utf-8")
    target = tmp_path / "reader" / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
    assert reported not in linted.stdout
    result = lint_imports(tmp_path, pythonpath=tmp_path)
    assert result.returncode != 0, result.stdout
    assert reported in result.stdout, result.stdout


def test_the_console_script_module_loads_neither_textual_nor_httpx() -> None:
    """Every command starts from this module; only `run` may load Textual and only `sync` httpx, both lazily."""
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    module = scripts["paper-reader"].split(":")[0]
    loaded = modules_loaded_by(module)
    assert "textual" not in loaded, f"{module} pulls in Textual"
    assert "httpx" not in loaded, f"{module} pulls in httpx: keep network imports lazy"


def test_opening_the_app_module_does_not_import_httpx() -> None:
    assert "httpx" not in modules_loaded_by("reader.tui.app")


def test_ruff_is_clean() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "."], capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 0, result.stdout + result.stderr


# --- one gate to the terminal ----------------------------------------------------------------------

GATE = "reader/cli/common.py"
"""The commands' one way to a terminal: `say`, `error` and `progress` pass every line through core.text.for_terminal
(the reader's way is `PaperReaderApp.notify`, which every widget's notify reaches; tests/tui/test_terminal_gate.py)."""

ALLOWED_PRINTS = {"reader/core/config.py": "`python -m reader.core.config` prints the README's block: our own text"}
STREAM_NAMES = {"stdout", "stderr", "out", "err", "stream"}


def terminal_writes(path: Path) -> list[str]:
    """`print(...)` calls and `.write(...)` on a stream (sys.stdout, sys.stderr, out, err, stream) in one module."""
    import ast

    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id == "print":
            found.append(f"{path.relative_to(ROOT)}:{node.lineno}: print(...)")
        elif isinstance(func, ast.Attribute) and func.attr in {"write", "writelines"}:
            receiver = func.value
            name = receiver.attr if isinstance(receiver, ast.Attribute) else getattr(receiver, "id", "")
            if name in STREAM_NAMES:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {name}.{func.attr}(...)")
    return found


def test_one_gate_to_the_terminal() -> None:
    """No module but the gate prints or writes to a terminal stream, so no text can skip for_terminal."""
    offenders = [
        write
        for path in sorted((ROOT / "reader").rglob("*.py"))
        if str(path.relative_to(ROOT)) not in {GATE, *ALLOWED_PRINTS}
        for write in terminal_writes(path)
    ]
    assert offenders == [], "write through reader.cli.common.say/error/progress instead:\n" + "\n".join(offenders)


def test_the_gate_itself_writes_only_through_for_terminal() -> None:
    """In the gate, every write is of for_terminal(...) or of the one code of our own (CLEAR_LINE)."""
    import ast

    source = (ROOT / GATE).read_text(encoding="utf-8")
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "write":
            text = ast.unparse(node.args[0])
            assert "for_terminal(" in text or text == "CLEAR_LINE", f"{GATE}:{node.lineno}: write({text})"
