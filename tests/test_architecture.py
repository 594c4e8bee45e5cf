"""The rules of DESIGN.md that code review alone would let slip: layering, import hygiene, lint."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORE = [
    "reader.core.paper", "reader.sources.hf_api", "reader.storage.library", "reader.query", "reader.core.config",
    "reader.core.paths", "reader.services.opener", "reader.services.sample", "reader.cli.main",
    "reader.storage.state_codec", "reader.storage.recovery", "reader.cli.state",
]  # fmt: skip


def modules_loaded_by(module: str) -> set[str]:
    code = f"import sys, {module}; print('\\n'.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    return set(out.stdout.split())


@pytest.mark.parametrize("module", CORE)
def test_core_never_imports_textual(module: str) -> None:
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
