#!/usr/bin/env python3
"""Set everything up and run: `python3 dev.py run` opens the reader, `python3 dev.py test` runs every test.

Needs only python3 (3.11+). It makes `.venv/` beside this file, installs the
project with its test tools into it (again only when pyproject.toml changes),
then runs the reader or the test suite with any further arguments passed on.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
import venv
from collections.abc import Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".installed"
PARALLEL = ["-n", str((os.cpu_count() or 1) + 1), "--dist", "worksteal"]
"""pytest-xdist: one test process per core and one more, unless the arguments choose (`-n 0` runs in this
process): the tests wait on child processes and pseudo-terminals, so two processes kept 1.4 of 2 cores busy
(7 min 22 s), three 6 min 19 s. A process that has run out of tests takes half of another's queue, so all
finish together (tests/conftest.py orders them)."""
BYTECODE = VENV / "pycache"
"""Where the tests' Python keeps compiled modules (PYTHONPYCACHEPREFIX): none in the clone, none lost to
PYTHONDONTWRITEBYTECODE; hundreds of console-script tests would otherwise each compile the reader again."""


def say(step: str) -> None:
    """One line per step of the setup, on stderr and at once: the first run is quiet work for a minute."""
    print(f"dev.py: {step}", file=sys.stderr, flush=True)


def create_venv(path: Path) -> None:
    venv.EnvBuilder(with_pip=True).create(path)


def install(python: Path) -> int:
    """pip's exit status after installing the project editable with its test tools (pip's own chatter kept quiet)."""
    command = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-e", ".[test]"]
    return subprocess.run(command, cwd=ROOT).returncode


def ensure_environment(venv_dir: Path = VENV) -> None:
    """Create the venv and install the project into it, unless it is already up to date; say each step."""
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py runs under whatever python3 the user has
        sys.exit(f"paper-reader needs Python 3.11 or newer; this is {sys.version.split()[0]}")
    python = venv_dir / BIN.name / "python"
    stamp = venv_dir / STAMP.name
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == wanted:
        return
    started = time.monotonic()
    shown = venv_dir.name if venv_dir.parent == ROOT else str(venv_dir)
    if not python.exists():
        say(f"first run: setting up {shown}/ (a minute or so, once)")
        say(f"creating {shown}/ with Python {sys.version.split()[0]} and pip ...")
        create_venv(venv_dir)
    else:
        say(f"pyproject.toml changed: updating {shown}/")
    say(f"installing paper-reader and its test tools into {shown}/ (pip, quiet) ...")
    status = install(python)
    if status != 0:
        sys.exit(f"dev.py: pip failed (exit status {status}); its messages are above. Run dev.py again to retry.")
    stamp.write_text(wanted)
    say(f"{shown}/ is ready ({round(time.monotonic() - started)} s)")


def test_environment(environ: Mapping[str, str], bytecode: Path = BYTECODE) -> dict[str, str]:
    """The environment `dev.py test` runs pytest in: the user's, with compiled modules kept under .venv/."""
    environment = {key: value for key, value in environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    environment.setdefault("PYTHONPYCACHEPREFIX", str(bytecode))
    return environment


def test_halves(tests: Path) -> tuple[list[str], list[str]]:
    """The test modules in two halves of about equal size, for two processes to compile side by side."""
    modules = sorted(tests.rglob("test_*.py"), key=lambda path: path.stat().st_size, reverse=True)
    return [str(path) for path in modules[0::2]], [str(path) for path in modules[1::2]]


def compile_tests(environment: Mapping[str, str], bytecode: Path = BYTECODE, tests: Path = ROOT / "tests") -> None:
    """Before the first parallel run, compile the tests once. Otherwise each of the 3 test processes rewrites
    every test module's asserts (pytest) and compiles the modules it imports, all at the same moment: on a
    fresh clone that is ~7 s of CPU each. Two `--collect-only` processes do it once, and write the results
    under `bytecode`, where the test processes find them."""
    if any((bytecode / tests.relative_to(tests.anchor)).glob("conftest.*-pytest-*.pyc")):
        return
    say("compiling the tests once for the parallel run ...")
    collect = [str(BIN / "python"), "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"]
    quiet = {**environment, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}  # compiling needs no plugin
    halves = [subprocess.Popen([*collect, *half], cwd=tests.parent, env=quiet, stdout=subprocess.DEVNULL)
              for half in test_halves(tests)]  # fmt: skip
    for half in halves:
        half.wait()  # a module that fails to import fails again, with its message, in the run itself


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"run", "test"}:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    ensure_environment()
    command, rest = argv[0], argv[1:]
    program = [str(BIN / "paper-reader")] if command == "run" else [str(BIN / "python"), "-m", "pytest"]
    environment = None
    if command == "test":
        environment = test_environment(os.environ)
        if not any(arg.startswith(("-n", "--numprocesses", "--dist")) for arg in rest):
            program += PARALLEL
            if environment["PYTHONPYCACHEPREFIX"] == str(BYTECODE):
                compile_tests(environment)
    return subprocess.call([*program, *rest], cwd=ROOT, env=environment)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
