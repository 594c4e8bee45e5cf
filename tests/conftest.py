"""Shared fixtures: a real library.db in a temporary home, the real fixtures, the real app."""

from __future__ import annotations

import gc
import inspect
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from reader.core.config import Config
from reader.sources.hf_api import parse_feed
from reader.storage.library import Library

FIXTURES = Path(__file__).parent / "fixtures"

settings.register_profile(
    "paper-reader",
    database=None,  # no .hypothesis/ directory in the clone
    deadline=None,  # shared, noisy machines: a slow example is not a failure
    derandomize=True,  # the same examples on every run, so CI is repeatable
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("paper-reader")


def pytest_make_parametrize_id(config: pytest.Config, val: object, argname: str) -> str | None:
    """Ids that name their test when given back, as mutmut does: no `::` (pytest's separator) in a text, and a
    bytes value as text (with unescaped ids, the mutation run's setting, pytest would fail on bytes)."""
    if isinstance(val, bytes):
        return val.decode("ascii", "backslashreplace")
    return val.replace("::", ": :") if isinstance(val, str) and "::" in val else None


LONGEST = (
    "test_merge_properties.py",
    "test_full_disk_sweep.py",
    "test_filter_properties.py",
    "test_nothing_outside_home.py",
    "test_server_text.py",
    "test_feed_properties.py",
    "test_crashes.py",
)
"""The files of the tests that take a minute or more (`--durations`, 2026-12-01): they start first."""


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The longest tests first, then the other slow ones, then the rest (in each group the pilot tests spread
    among the others, `interleaved`): on several workers (pytest-xdist) no minute-long test starts at the end,
    and the many short ones even out the finish.

    xdist's worksteal hands each worker one contiguous share of this order at the start (and an idle worker takes
    the *end* of another's queue), so the order is dealt out: share k is items k, k + n, k + 2n, ... of n workers,
    and each worker starts on its own third of the longest tests instead of one worker running them all in turn."""

    def group(item: pytest.Item) -> int:
        if item.get_closest_marker("slow") is None:
            return 2
        return 0 if item.path.name in LONGEST else 1

    items[:] = [item for number in range(3) for item in interleaved([item for item in items if group(item) == number])]
    workers = int(getattr(config, "workerinput", {}).get("workercount", 1))
    if workers > 1:
        items[:] = [item for share in range(workers) for item in items[share::workers]]


def waits(item: pytest.Item) -> bool:
    """A test under Textual's pilot (an async test): each key waits ~40 ms for the app to settle, so it keeps a
    fraction of a core busy, where a property test or a console-script run keeps a whole one."""
    return inspect.iscoroutinefunction(getattr(item, "function", None))


def interleaved(items: list[pytest.Item]) -> list[pytest.Item]:
    """The pilot tests spread evenly among the others, each kind in its own order: in file order, tests/tui/ came
    last, so at the end every test process was waiting on a pilot at once and the cores were a third idle."""
    waiting = [item for item in items if waits(item)]
    computing = [item for item in items if not waits(item)]
    places = [(n / len(waiting), 0, n) for n in range(len(waiting))] + [
        (n / len(computing), 1, n) for n in range(len(computing))
    ]
    return [(waiting if kind == 0 else computing)[n] for _, kind, n in sorted(places)]


GC_THRESHOLDS = (10_000, 10, 10)
"""Python's default first threshold is 700 allocations: a Hypothesis property or a pilot test allocates millions
of short-lived objects, and every 700 of them started a collection (8-11% of such a test's CPU)."""


def pytest_collection_finish(session: pytest.Session) -> None:
    """What exists once the tests are collected (every module imported, every test item) lives to the end: frozen
    (gc.freeze), the cyclic garbage collector stops walking it again in each full collection of every test."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    """After each test, Textual's one cache that outlives its app is emptied: 8.2.8's `StylesCache.get_inner_outer`
    is an lru_cache on a method, so it keeps the last 1,024 widgets' style caches alive with every line they drew
    (~5,000 objects a pilot test), which only makes each later garbage collection walk them again."""
    try:
        return (yield)
    finally:
        styles_cache = sys.modules.get("textual._styles_cache")
        if styles_cache is not None:
            styles_cache.StylesCache.get_inner_outer.cache_clear()


def use_memory_for_temporary_files() -> None:
    """Tests' temporary directories (tmp_path) on the RAM file system when there is one and $TMPDIR does not
    choose: SQLite's fsync there costs nothing instead of milliseconds. A killed process loses the same writes on
    either; only the moments a kill can land in differ, so the kill test keeps its files on disk (`disk_home`)."""
    memory = Path("/dev/shm")
    if "TMPDIR" not in os.environ and memory.is_dir() and os.access(memory, os.W_OK | os.X_OK):
        tempfile.tempdir = str(memory)


DISK_TEMP = Path(tempfile.gettempdir())
"""A disk-backed temporary folder, taken before tmp_path moves to RAM: a test whose point is a kill landing while
SQLite syncs to disk (tests/storage/test_crashes.py) needs a disk's timing, which /dev/shm does not have."""
use_memory_for_temporary_files()

PILOT_IDLE_WINDOW = 0.005
"""Seconds of the pilot's idle test (Textual's is 0.02). After each key, Textual 8.2.8's pilot sleeps in windows
until one passes with almost no CPU used (a twentieth of it), twice, and then waits for every widget's queue (an
event). With 20 ms windows a key costs at least 40 ms of doing nothing, and the pilot tests waited half their
time; 5 ms windows make the tui tests 40% quicker in wall time for the same CPU. A test whose outcome came from a
timer outrunning the keys (a rest of 0.4 s, say) fails at 5 ms: it waits for that event instead (test_detail)."""


def quicker_pilot(window: float = PILOT_IDLE_WINDOW) -> None:
    """Textual's pilot tests for an idle app in `window`-second sleeps, still at a twentieth of CPU."""
    import textual._wait

    textual._wait.SLEEP_GRANULARITY = window
    textual._wait.SLEEP_IDLE = window / 20


quicker_pilot()


@pytest.fixture
def disk_home() -> Iterator[Path]:
    """An empty --home directory on disk (not RAM), removed after the test."""
    directory = Path(tempfile.mkdtemp(prefix="paper-reader-disk-", dir=DISK_TEMP))
    try:
        yield directory
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def load_fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


SCRIPT = Path(sys.executable).parent / "paper-reader"


TIMEOUT = 60

DEAD_API_URL = "http://127.0.0.1:9"
"""The discard port: nothing listens, so a request that escapes a test fails at once, locally."""


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reaches huggingface.co: the API URL points at a closed local port unless a test says otherwise."""
    monkeypatch.setenv("PAPER_READER_API_URL", DEAD_API_URL)
    monkeypatch.delenv("HF_TOKEN", raising=False)


@pytest.fixture
def hub() -> Any:
    """A real HTTP server on 127.0.0.1 serving recorded Daily lists (see tests/hf_server.py)."""
    from hf_server import FakeHub, serve

    with serve(FakeHub()) as running:
        yield running


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """An empty --home directory."""
    directory = tmp_path / "home"
    directory.mkdir()
    return directory


@pytest.fixture(scope="session")
def daily_library_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A closed library file holding the 2026-06-12 Daily list, made once per test process (migrating and
    importing take ~0.1 s; a copy of the file ~2 ms). Read-only: `library` gives each test its own copy."""
    path = tmp_path_factory.mktemp("daily") / "library.db"
    with Library.open(path) as lib:
        lib.import_papers(parse_feed(load_fixture("hf_daily_2026-06-12.json")).papers)
    assert not path.with_name("library.db-wal").exists(), "closed: every change is in the file itself"
    return path


@pytest.fixture
def library(home: Path, daily_library_file: Path):
    """A real SQLite library in the temporary home, holding the 2026-06-12 Daily list (30 papers)."""
    shutil.copyfile(daily_library_file, home / "library.db")
    lib = Library.open(home / "library.db")
    yield lib
    lib.close()


@pytest.fixture
def make_app(library: Library) -> Callable[..., Any]:
    """Build the real app over `library`; papers count as read as soon as they are shown unless told."""
    from reader.tui.app import PaperReaderApp

    def factory(**config: Any) -> PaperReaderApp:
        config.setdefault("mark_read_delay", 0)
        return PaperReaderApp(library, Config(**config))

    return factory


@pytest.fixture
def wait_for_workers() -> Callable[[Any], Any]:
    """Wait for the app's workers (opening links) instead of sleeping."""

    async def wait(app: Any) -> None:
        await app.workers.wait_for_complete()

    return wait


@pytest.fixture
def browser(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A real program standing in for the browser: it appends each URL it is given to a file."""
    log = tmp_path / "opened.txt"
    script = tmp_path / "fake-browser"
    script.write_text(f"#!{sys.executable}\nimport sys\nopen({str(log)!r}, 'a').write(sys.argv[-1] + '\\n')\n")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PAPER_READER_BROWSER", str(script))
    return log


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """The environment of the child: no PAPER_READER_HOME, and user dirs that are not the real ones."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith(("PAPER_READER", "TEXTUAL"))}
    fake_user = tmp_path / "user"
    environment.update(
        HOME=str(fake_user),
        XDG_DATA_HOME=str(fake_user / "data"),
        XDG_CONFIG_HOME=str(fake_user / "config"),
        PYTHONIOENCODING="utf-8",
        PAPER_READER_API_URL=DEAD_API_URL,  # a reader that refreshes at start must not reach huggingface.co
    )
    environment.pop("HF_TOKEN", None)
    return environment


@pytest.fixture
def cli(home: Path, env: dict[str, str]) -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run the console script with --home (unless told home=None) and return what it did."""

    def run(*args: str | Path, home: Path | None = home, extra_env: dict[str, str] | None = None):
        command = [str(SCRIPT)]
        if home is not None:
            command += ["--home", str(home)]
        command += [str(arg) for arg in args]
        return subprocess.run(
            command,
            env={**env, **(extra_env or {})},
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
        )

    return run
