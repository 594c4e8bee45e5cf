"""`python3 dev.py run|test` on first use: it says what it is doing, one line per step, instead of a silent minute.

dev.py is imported as a module and set up into a directory of the test's own; making the venv and running pip are
replaced by stand-ins that do what they would (a `bin/python` appears) without a minute of installing.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def dev() -> ModuleType:
    spec = importlib.util.spec_from_file_location("dev_under_test", ROOT / "dev.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Setup:
    """What the stand-ins were asked to do, and the pip exit status to answer with."""

    def __init__(self, dev: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
        self.created: list[Path] = []
        self.installed: list[Path] = []
        self.pip_status = 0
        monkeypatch.setattr(dev, "create_venv", self.create_venv)
        monkeypatch.setattr(dev, "install", self.install)

    def create_venv(self, path: Path) -> None:
        self.created.append(path)
        (path / "bin").mkdir(parents=True)
        (path / "bin" / "python").write_text("")

    def install(self, python: Path) -> int:
        assert python.exists(), "pip is run with the venv's own python, once the venv exists"
        self.installed.append(python)
        return self.pip_status


@pytest.fixture
def setup(dev: ModuleType, monkeypatch: pytest.MonkeyPatch) -> Setup:
    return Setup(dev, monkeypatch)


def test_the_first_run_says_each_step_on_stderr(dev, setup: Setup, tmp_path: Path, capsys) -> None:
    target = tmp_path / "venv"
    dev.ensure_environment(target)
    out, err = capsys.readouterr()
    assert out == ""  # stdout is the reader's or pytest's
    lines = err.splitlines()
    version = sys.version.split()[0]
    assert lines[:3] == [
        f"dev.py: first run: setting up {target}/ (a minute or so, once)",
        f"dev.py: creating {target}/ with Python {version} and pip ...",
        f"dev.py: installing paper-reader and its test tools into {target}/ (pip, quiet) ...",
    ]
    assert len(lines) == 4 and lines[3].startswith(f"dev.py: {target}/ is ready (") and lines[3].endswith(" s)")
    assert setup.created == [target] and setup.installed == [target / "bin" / "python"]


def test_an_environment_up_to_date_is_silent_and_untouched(dev, setup: Setup, tmp_path: Path, capsys) -> None:
    target = tmp_path / "venv"
    dev.ensure_environment(target)
    capsys.readouterr()
    dev.ensure_environment(target)
    assert capsys.readouterr().err == ""
    assert len(setup.created) == 1 and len(setup.installed) == 1


def test_a_changed_pyproject_says_it_updates(dev, setup: Setup, tmp_path: Path, capsys) -> None:
    target = tmp_path / "venv"
    dev.ensure_environment(target)
    (target / ".installed").write_text("the hash of an older pyproject.toml")
    capsys.readouterr()
    dev.ensure_environment(target)
    lines = capsys.readouterr().err.splitlines()
    assert lines[:2] == [
        f"dev.py: pyproject.toml changed: updating {target}/",
        f"dev.py: installing paper-reader and its test tools into {target}/ (pip, quiet) ...",
    ]
    assert len(lines) == 3 and lines[2].startswith(f"dev.py: {target}/ is ready (")
    assert len(setup.created) == 1 and len(setup.installed) == 2


def test_a_failed_install_says_so_and_is_tried_again_next_time(dev, setup: Setup, tmp_path: Path, capsys) -> None:
    target = tmp_path / "venv"
    setup.pip_status = 1
    with pytest.raises(SystemExit) as stopped:
        dev.ensure_environment(target)
    assert (
        stopped.value.code == "dev.py: pip failed (exit status 1); its messages are above. Run dev.py again to retry."
    )
    assert not (target / ".installed").exists()
    setup.pip_status = 0
    dev.ensure_environment(target)
    assert (target / ".installed").exists() and len(setup.installed) == 2


def test_the_tests_keep_compiled_modules_in_the_venv_even_when_told_not_to_write_them(dev, tmp_path: Path) -> None:
    told = {"PATH": "/usr/bin", "PYTHONDONTWRITEBYTECODE": "1"}
    assert dev.test_environment(told, tmp_path / "pycache") == {
        "PATH": "/usr/bin",
        "PYTHONPYCACHEPREFIX": str(tmp_path / "pycache"),
    }
    assert told["PYTHONDONTWRITEBYTECODE"] == "1", "the user's environment is left as it was"
    chosen = {"PYTHONPYCACHEPREFIX": "/elsewhere"}
    assert dev.test_environment(chosen, tmp_path / "pycache") == chosen
    assert dev.BYTECODE == dev.VENV / "pycache"


def test_a_parallel_run_compiles_the_tests_once_first_and_then_not_again(dev, tmp_path: Path, capsys) -> None:
    tests = tmp_path / "tests"
    (tests / "part").mkdir(parents=True)
    (tests / "conftest.py").write_text("import pytest\n")
    modules = [tests / "test_one.py", tests / "part" / "test_two.py", tests / "part" / "test_three.py"]
    for number, module in enumerate(modules):
        module.write_text(f"def test_{number}():\n    assert {number} == {number}\n" + "# padding\n" * number)
    first, second = dev.test_halves(tests)
    assert sorted(first + second) == sorted(map(str, modules)) and len(first) == 2, "each module in one half"
    bytecode = tmp_path / "pycache"
    environment = {**dev.test_environment(os.environ, bytecode), "PYTHONPYCACHEPREFIX": str(bytecode)}

    dev.compile_tests(environment, bytecode, tests)
    assert capsys.readouterr().err == "dev.py: compiling the tests once for the parallel run ...\n"
    compiled = bytecode / tmp_path.relative_to(tmp_path.anchor)
    for module in [tests / "conftest.py", *modules]:
        pyc = module.parent.relative_to(tmp_path) / f"{module.stem}.{sys.implementation.cache_tag}-pytest-*.pyc"
        assert list(compiled.glob(str(pyc))), f"{module.name}: its asserts rewritten and kept"
    dev.compile_tests(environment, bytecode, tests)
    assert capsys.readouterr().err == "", "compiled already: nothing is run"
