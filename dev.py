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
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".installed"
PARALLEL = ["-n", "auto"]
"""pytest-xdist: one test process per core, unless the arguments choose (`-n 0` runs in this process)."""


def ensure_environment() -> None:
    """Create the venv and install the project into it, unless it is already up to date."""
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py runs under whatever python3 the user has
        sys.exit(f"paper-reader needs Python 3.11 or newer; this is {sys.version.split()[0]}")
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    if not (BIN / "python").exists():
        print("Creating .venv ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    print("Installing paper-reader and its test tools into .venv ...", flush=True)
    subprocess.run(
        [str(BIN / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-e", ".[test]"],
        cwd=ROOT,
        check=True,
    )
    STAMP.write_text(wanted)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"run", "test"}:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    ensure_environment()
    command, rest = argv[0], argv[1:]
    program = [str(BIN / "paper-reader")] if command == "run" else [str(BIN / "python"), "-m", "pytest"]
    if command == "test" and not any(arg.startswith(("-n", "--numprocesses", "--dist")) for arg in rest):
        program += PARALLEL
    return subprocess.call([*program, *rest], cwd=ROOT)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
