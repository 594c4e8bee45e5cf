"""Processes forked from a server that has already imported the reader (multiprocessing's forkserver), for the
tests that start hundreds of them: a new interpreter importing the reader costs 0.1-0.4 s of CPU each time.

Each is still a process of its own, with its own SQLite connections, file-size limit and death by SIGKILL;
what it skips is the interpreter's start and the imports, which write nothing. One server serves a test
process, so every test that forks asks for the same modules (`PRELOAD`).
"""

from __future__ import annotations

import io
import multiprocessing
import os
import resource
import signal
import sys
import threading
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.context import ForkServerContext

PRELOAD = [
    "reader.cli.main",
    "reader.cli.import_files",
    "reader.cli.state",
    "reader.cli.sync",
    "reader.core.marks",
    "reader.sources.client",
    "reader.sources.hf_api",
    "reader.storage.library",
    "reader.storage.state_export",
]
"""What the forked processes run: the commands `run_command` is used for, and tests/state_worker.py's loop."""

TIMEOUT = 60
"""Seconds a command may take before it is killed and the test fails (the console-script tests' limit)."""


def forks() -> ForkServerContext:
    """The forkserver context, its server (started at the first fork) importing `PRELOAD` first."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    return context


@dataclass(frozen=True)
class Done:
    """What a command did, as `subprocess.run(..., capture_output=True, text=True)` says it."""

    returncode: int
    stdout: str
    stderr: str


def run_command(args: Sequence[str], env: Mapping[str, str], before: Callable[[], None] | None = None) -> Done:
    """`paper-reader ARGS` as the console script runs it (`sys.exit(main())`), in a forked process whose
    environment is `env`, whose stdout and stderr are pipes and which calls `before()` first (a limit, say)."""
    context = forks()
    out_read, out_write = context.Pipe(duplex=False)
    err_read, err_write = context.Pipe(duplex=False)
    process = context.Process(target=_command, args=(list(args), dict(env), before, out_write, err_write))
    process.start()
    out_write.close()
    err_write.close()
    timed_out = threading.Event()
    watchdog = threading.Timer(TIMEOUT, lambda: (timed_out.set(), process.kill()))  # as subprocess.run's timeout
    watchdog.start()
    try:
        with ThreadPoolExecutor(1) as reader:  # both at once: a full stderr pipe must not stop the command's stdout
            errors = reader.submit(_read_all, err_read)
            stdout, stderr = _read_all(out_read), errors.result()
        process.join()
    finally:
        watchdog.cancel()
    assert not timed_out.is_set(), f"paper-reader {' '.join(args)} did not end in {TIMEOUT} s"
    assert process.exitcode is not None
    return Done(process.exitcode, stdout.decode("utf-8", "replace"), stderr.decode("utf-8", "replace"))


def full_disk_at(size: int) -> None:
    """For `before`: any file write past `size` bytes fails (EFBIG), as on a disk that has filled up. Here, not in
    the test module: a forked process imports the module of what it is given, and a test module imports pytest."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # fail the write instead of killing the process
    resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))


def _read_all(pipe: Connection) -> bytes:
    chunks = []
    while chunk := os.read(pipe.fileno(), 65536):
        chunks.append(chunk)
    pipe.close()
    return b"".join(chunks)


def _command(
    args: list[str], env: dict[str, str], before: Callable[[], None] | None, out: Connection, err: Connection
) -> None:
    """In the forked process: the environment, stdout and stderr on the pipes (UTF-8, as PYTHONIOENCODING=utf-8
    makes them for the console script), `before()`, then the command; multiprocessing exits with its status."""
    os.environ.clear()
    os.environ.update(env)
    os.dup2(out.fileno(), 1)
    os.dup2(err.fileno(), 2)
    sys.stdout = io.TextIOWrapper(io.FileIO(1, "w", closefd=False), encoding="utf-8")
    sys.stderr = io.TextIOWrapper(
        io.FileIO(2, "w", closefd=False), encoding="utf-8", errors="backslashreplace", line_buffering=True
    )
    if before is not None:
        before()
    from reader.cli.main import main

    sys.exit(main(args))
