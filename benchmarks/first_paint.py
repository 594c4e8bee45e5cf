"""Time to first paint of `paper-reader` on a 50,000-paper library, against a bare Textual app.

What it measures
----------------
Wall-clock time from just before the process is spawned until its first full
frame is on the screen, for two programs run as real processes in a
pseudo-terminal of 120x40 (TERM=xterm-256color, PAPER_READER_HOME unset):

* paper-reader: ``paper-reader --home DIR`` on a generated library of 50,000
  papers. Painted once the screen (the pty's output with ANSI escape
  sequences stripped) shows the filter pane's count "of 50,000 papers" and
  the footer's "Quit".
* bare Textual: an app of a Header, one Static line and a Footer with a
  ``q`` "Quit" binding, run by the same Python. Painted once the screen shows
  the Static's marker text and "Quit".

Runs alternate (reader, bare, reader, bare, ...) after one unmeasured warm-up
run of each, so byte-code compilation and a cold page cache count against
neither; byte-code goes to benchmarks/.cache/pycache (PYTHONPYCACHEPREFIX),
also where PYTHONDONTWRITEBYTECODE is set, as a normal install has it. Each
process group is killed (SIGKILL) as soon as its marker shows. The report
gives median and min of each, the ratio of the medians (paper-reader / bare)
and whether it meets the target of at most 1.2x. It is a measurement: the
exit status is 0 whether or not the target is met, and non-zero only when
measuring failed (a timeout, a crash, a bad library). Other load on the
machine makes the figures noisy; the report says so when the load average
is high.

The library
-----------
Generated deterministically (``random.Random(seed)``) and added with the real
``Library.import_papers``: titles of 40-160 characters, abstracts of about
1,200 characters of varied words (so the FTS index is realistic), 3-12
authors, Daily dates from 2023-05-04 to 2026-11-20, 0-500 upvotes, about 40%
with a GitHub repository, some organizations, AI keywords, and the raw feed
JSON each real import keeps. The time to generate and import it and the file
size are reported separately. The built file is cached at
``benchmarks/.cache/library-50k.db`` (git-ignored) and copied into the
home directory of later runs; ``--rebuild`` builds it again.

Usage (from the project root, with the project's venv)::

    .venv/bin/python benchmarks/first_paint.py              # 7 runs of each, table
    .venv/bin/python benchmarks/first_paint.py --runs 15    # more runs
    .venv/bin/python benchmarks/first_paint.py --json       # machine-readable results on stdout
    .venv/bin/python benchmarks/first_paint.py --rebuild    # generate the library again
    .venv/bin/python benchmarks/first_paint.py --home DIR   # keep the library in DIR/library.db

The first run takes about a minute longer while it builds the library.
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import fcntl
import json
import os
import pty
import random
import re
import select
import shutil
import signal
import sqlite3
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from reader.core.paper import Paper
from reader.storage.errors import LibraryError
from reader.storage.library import Library

ROOT = Path(__file__).resolve().parent.parent
CACHE_DIR = Path(__file__).resolve().parent / ".cache"
COLUMNS, ROWS = 120, 40
TARGET_RATIO = 1.2
DEFAULT_PAPERS = 50_000
DEFAULT_RUNS = 7
DEFAULT_SEED = 2023
TIMEOUT_SECONDS = 30.0
FIRST_DAY, LAST_DAY = date(2023, 5, 4), date(2026, 11, 20)

GENERATOR_VERSION = 1
"""Bump when the generated papers change, so cached libraries are rebuilt."""
SIGNATURE_KEY = "benchmark-first-paint"
BUILD_SECONDS_KEY = "benchmark-build-seconds"

BARE_MARKER = "bare-textual-first-paint-7f3a9c"
BARE_APP = f'''\
"""A bare Textual app: the baseline of benchmarks/first_paint.py."""

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static


class BareApp(App[None]):
    TITLE = "bare"
    BINDINGS = [("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("{BARE_MARKER}")
        yield Footer()


if __name__ == "__main__":
    BareApp().run()
'''

# CSI, OSC/DCS/APC/PM/SOS strings (to BEL or ST, or the end of what arrived so far), other ESC sequences.
_ANSI = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[\]P^_X].*?(?:\x07|\x1b\\|$)|\x1b[ -/]*[0-~]",
    re.DOTALL,
)


class MeasureError(Exception):
    """A run could not be measured: timeout, early exit, or a leftover process."""


# -- the generated library -------------------------------------------------------------------------


def _words_of(text: str) -> list[str]:
    return text.split()


_FUNCTION_WORDS = _words_of(
    "the of and to a in for is on that with by as we this are from at be an which our can or it "
    "these their has have both than while such its more not into also but over under between"
)
_ML_WORDS = _words_of(
    "model models language large learning training data dataset datasets benchmark benchmarks performance "
    "method methods approach framework task tasks results inference reasoning agent agents multimodal "
    "vision visual image images video generation generative diffusion transformer transformers attention "
    "token tokens tokenizer encoder decoder embedding embeddings representation representations retrieval "
    "reinforcement reward policy alignment preference fine-tuning pretraining pre-training instruction "
    "evaluation accuracy robustness efficiency scaling parameters sparse dense mixture experts quantization "
    "distillation latent space spatial temporal 3d scene reconstruction segmentation detection speech audio "
    "text code mathematical math chain-of-thought prompting prompt zero-shot few-shot in-context memory "
    "context long-context compression kernel gpu throughput latency optimization gradient loss objective "
    "supervised unsupervised self-supervised contrastive adversarial uncertainty calibration hallucination "
    "safety jailbreak privacy federated graph neural network networks convolutional recurrent state-space "
    "mamba autoregressive masked sampling decoding speculative verification planning tool tools web browser "
    "robot robotic manipulation navigation embodied simulation world physics medical clinical molecular "
    "protein chemistry materials weather forecasting time-series tabular recommendation search ranking "
    "summarization translation multilingual low-resource cross-lingual domain adaptation transfer continual "
    "curriculum synthetic annotation human feedback judge critic verifier reasoning-intensive open-source "
    "state-of-the-art baseline baselines ablation empirical theoretical analysis novel propose proposed "
    "introduce demonstrate significantly outperforms achieves existing prior recent challenging diverse"
)
_SYLLABLES = _words_of(
    "ka to ri mo sen lu vax tor pel qui dra zon mi ne fa lo gri bel sta nor ven tri cas pho lex "
    "mar ion cor dyn sym ther gen opt ral vis nex ul ar em os ix ab"
)
_FIRST_NAMES = _words_of(
    "Wei Jing Yu Hao Xin Yang Li Ming Jun Lei Chen Tao Yi Zhen Hui Mei Kai Qing Rui Feng "
    "Anna Maria David John Michael Sarah Laura Thomas Daniel Emma Lucas Sofia Luca Marco Elena "
    "Ahmed Fatima Omar Priya Rahul Arjun Ananya Vikram Sanjay Kenji Yuki Hiroshi Sakura Min-jun "
    "Ji-woo Seo-yeon Olga Ivan Dmitri Katarina Pierre Camille Hugo Lea Jonas Lena Felix Nina"
)
_LAST_NAMES = _words_of(
    "Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Lin Gao Luo "
    "Smith Johnson Brown Garcia Miller Davis Rodriguez Martinez Lopez Wilson Anderson Taylor Moore "
    "Kumar Sharma Singh Patel Gupta Reddy Iyer Tanaka Suzuki Sato Watanabe Kim Lee Park Choi Jung "
    "Muller Schmidt Schneider Fischer Weber Dubois Martin Bernard Rossi Russo Ferrari Ivanov Petrov "
    "Novak Kowalski Silva Santos Oliveira Haddad Nasser Okafor Mensah Cohen Levi"
)
_ORGANIZATIONS = (
    "Google DeepMind", "Meta AI", "Microsoft Research", "NVIDIA", "Alibaba Qwen", "DeepSeek", "ByteDance Seed",
    "Tencent Hunyuan", "Shanghai AI Laboratory", "Tsinghua University", "Peking University", "Stanford University",
    "MIT", "Carnegie Mellon University", "UC Berkeley", "University of Oxford", "ETH Zurich", "Hugging Face",
    "Allen Institute for AI", "Mistral AI", "Apple", "Amazon", "Salesforce Research", "KAIST", "Seoul National "
    "University", "University of Tokyo", "National University of Singapore", "Zhejiang University", "Fudan "
    "University", "Mila", "University of Toronto", "EPFL", "Max Planck Institute for Intelligent Systems",
    "Adobe Research", "Samsung Research", "Baidu", "Kuaishou", "Moonshot AI", "OpenGVLab", "California institute "
    "of technology",
)  # fmt: skip


def _weekdays(first: date, last: date) -> list[str]:
    days = (first + timedelta(n) for n in range((last - first).days + 1))
    return [d.isoformat() for d in days if d.weekday() < 5]


class PaperGenerator:
    """Deterministic, plausible papers: the same seed gives the same library."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        rng = self.rng
        invented = sorted({"".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))) for _ in range(20_000)})
        # Zipf-like weights: a few words everywhere, a long tail of rare ones, as in real abstracts.
        self.words = _FUNCTION_WORDS + _ML_WORDS + invented
        weights = [40.0] * len(_FUNCTION_WORDS) + [8.0] * len(_ML_WORDS)
        weights += [30.0 / (rank + 10) for rank in range(len(invented))]
        self.cum_weights = [*_accumulate(weights)]
        self.content_words = _ML_WORDS + invented
        self.handles = [f"{rng.choice(_FIRST_NAMES).lower()}{rng.choice(_SYLLABLES)}{rng.randint(1, 999)}"
                        for _ in range(3_000)]  # fmt: skip
        self.keywords = [" ".join(rng.sample(_ML_WORDS, rng.randint(1, 3))) for _ in range(4_000)]
        self.days = _weekdays(FIRST_DAY, LAST_DAY)
        self.next_number: dict[str, int] = {}

    def _hex_id(self) -> str:
        return f"{self.rng.getrandbits(96):024x}"

    def _words(self, count: int) -> list[str]:
        return self.rng.choices(self.words, cum_weights=self.cum_weights, k=count)

    def _sentence(self) -> str:
        rng = self.rng
        words = self._words(rng.randint(10, 30))
        if rng.random() < 0.3:
            words.insert(rng.randrange(len(words)), f"{rng.uniform(0.5, 99.9):.1f}%")
        if rng.random() < 0.2:
            words.insert(rng.randrange(len(words)), f"({self._acronym()})")
        text = " ".join(words)
        return text[0].upper() + text[1:] + "."

    def _acronym(self) -> str:
        word = self.rng.choice(self.content_words)
        return word[: self.rng.randint(3, 6)].capitalize() + self.rng.choice(["", "-X", "2", "-R1", "++", "Bench"])

    def _abstract(self) -> str:
        target = max(500, min(2_000, int(self.rng.gauss(1_200, 250))))
        sentences: list[str] = []
        length = 0
        while length < target:
            sentences.append(self._sentence())
            length += len(sentences[-1]) + 1
        return " ".join(sentences)

    def _title(self) -> str:
        rng = self.rng
        target = rng.randint(40, 160)
        title = f"{self._acronym()}: " if rng.random() < 0.5 else ""
        while len(title.strip()) < target:
            word = self._words(1)[0]
            title += (word if word in _FUNCTION_WORDS else word.capitalize()) + " "
        title = title.strip()
        if len(title) > 160:
            title = title[:160].rsplit(" ", 1)[0]
        return title

    def _author(self) -> str:
        rng = self.rng
        middle = f" {rng.choice('ABCDEFGHJKLMNPRSTW')}." if rng.random() < 0.1 else ""
        return f"{rng.choice(_FIRST_NAMES)}{middle} {rng.choice(_LAST_NAMES)}"

    def paper(self) -> Paper:
        rng = self.rng
        daily = rng.choice(self.days)
        published = (date.fromisoformat(daily) - timedelta(rng.randint(0, 10))).isoformat()
        month = f"{published[2:4]}{published[5:7]}"
        number = self.next_number.get(month, rng.randint(1, 300)) + rng.randint(1, 12)
        self.next_number[month] = number
        paper_id = f"{month}.{number:05d}"
        title = self._title()
        abstract = self._abstract()
        authors = tuple(self._author() for _ in range(rng.randint(3, 12)))
        upvotes = rng.randint(100, 500) if rng.random() < 0.03 else min(500, int(rng.expovariate(1 / 15)))
        comments = min(60, int(rng.expovariate(1 / 2)))
        github = None
        if rng.random() < 0.4:
            repo = re.sub(r"[^A-Za-z0-9-]", "", title.split(":")[0].split(" ")[0])[:30] or "code"
            github = f"https://github.com/{rng.choice(self.handles)}/{repo}"
        stars = int(rng.expovariate(1 / 200)) if github else None
        project = f"https://{rng.choice(self.handles)}.github.io/{paper_id}/" if rng.random() < 0.25 else None
        organization = rng.choice(_ORGANIZATIONS) if rng.random() < 0.35 else None
        submitter = rng.choice(self.handles)
        summary = self._sentence() if rng.random() < 0.9 else None
        keywords = tuple(rng.sample(self.keywords, rng.randint(3, 14)))
        raw = self._raw(paper_id, title, abstract, authors, published, daily, upvotes, comments, github, stars,
                        project, organization, submitter, summary, keywords)  # fmt: skip
        return Paper(
            id=paper_id,
            title=title,
            abstract=abstract,
            authors=authors,
            published_on=published,
            daily_date=daily,
            upvotes=upvotes,
            comments=comments,
            github_repo=github,
            github_stars=stars,
            project_page=project,
            organization=organization,
            submitter=submitter,
            ai_summary=summary,
            ai_keywords=keywords,
            raw=raw,
        )

    def _raw(self, paper_id: str, title: str, abstract: str, authors: tuple[str, ...], published: str, daily: str,
             upvotes: int, comments: int, github: str | None, stars: int | None, project: str | None,
             organization: str | None, submitter: str, summary: str | None,
             keywords: tuple[str, ...]) -> str:  # fmt: skip
        """The Daily Papers API item this paper would have been parsed from (its size matters to the file)."""
        avatar = f"https://cdn-avatars.huggingface.co/v1/production/uploads/{self._hex_id()}/{self._hex_id()}.png"
        user = {"_id": self._hex_id(), "avatarUrl": avatar, "fullname": submitter, "name": submitter, "type": "user"}
        inner: dict[str, Any] = {
            "id": paper_id,
            "authors": [{"_id": self._hex_id(), "name": name, "hidden": False} for name in authors],
            "publishedAt": f"{published}T00:00:00.000Z",
            "submittedOnDailyAt": f"{daily}T00:00:00.000Z",
            "title": title,
            "submittedOnDailyBy": user,
            "summary": abstract,
            "upvotes": upvotes,
            "discussionId": self._hex_id(),
            "ai_keywords": list(keywords),
        }
        if summary:
            inner["ai_summary"] = summary
        if github:
            inner["githubRepo"] = github
            inner["githubStars"] = stars
        if project:
            inner["projectPage"] = project
        item: dict[str, Any] = {
            "paper": inner,
            "publishedAt": f"{published}T00:00:00.000Z",
            "title": title,
            "summary": abstract,
            "thumbnail": f"https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/{paper_id}.png",
            "numComments": comments,
            "submittedBy": user,
            "isAuthorParticipating": False,
        }
        if organization:
            item["organization"] = {"_id": self._hex_id(), "name": organization.split()[0], "fullname": organization}
        return json.dumps(item, ensure_ascii=False, separators=(",", ":"))


def _accumulate(values: Sequence[float]) -> Iterator[float]:
    total = 0.0
    for value in values:
        total += value
        yield total


def generate_papers(count: int, seed: int) -> list[Paper]:
    generator = PaperGenerator(seed)
    return [generator.paper() for _ in range(count)]


# -- building, caching and checking the library -----------------------------------------------------


@dataclass
class LibraryInfo:
    path: str
    papers: int
    size_bytes: int
    source: str
    """"built" (generated now), "cache" (copied from benchmarks/.cache) or "reused" (already in --home)."""
    generate_seconds: float | None
    import_seconds: float | None
    recorded_build_seconds: float | None
    """Generate + import time recorded in the file when it was built (also for cached libraries)."""


def _signature(papers: int, seed: int) -> str:
    return f"v{GENERATOR_VERSION} papers={papers} seed={seed}"


def _read_only(path: Path, immutable: bool = False) -> sqlite3.Connection:
    """Read-only; `immutable` for a checkpointed file that must not grow -wal/-shm files (the cache)."""
    mode = "immutable=1" if immutable else "mode=ro"
    return sqlite3.connect(f"{path.resolve().as_uri()}?{mode}", uri=True)


def library_signature(path: Path, immutable: bool = False) -> tuple[str | None, int | None]:
    """The benchmark signature and paper count of a library file; (None, None) if it is not one."""
    if not path.is_file():
        return None, None
    try:
        with contextlib.closing(_read_only(path, immutable)) as db:
            row = db.execute("SELECT value FROM meta WHERE key = ?", (SIGNATURE_KEY,)).fetchone()
            count = db.execute("SELECT count(*) FROM papers").fetchone()[0]
    except sqlite3.Error:
        return None, None
    return (row[0] if row else None), count


def _recorded_build_seconds(path: Path) -> float | None:
    with contextlib.closing(_read_only(path)) as db:
        row = db.execute("SELECT value FROM meta WHERE key = ?", (BUILD_SECONDS_KEY,)).fetchone()
    return float(row[0]) if row else None


def _remove_db(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _checkpoint(path: Path) -> None:
    """Fold the WAL into the main file, so the file alone is the whole library."""
    with contextlib.closing(sqlite3.connect(path)) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def build_library(path: Path, papers: int, seed: int) -> tuple[float, float]:
    """Generate and import; returns (generate seconds, import seconds)."""
    _remove_db(path)
    started = time.perf_counter()
    generated = generate_papers(papers, seed)
    generated_at = time.perf_counter()
    with Library.open(path) as library:
        result = library.import_papers(generated)
        imported_at = time.perf_counter()
        if len(result.added) != papers:
            raise MeasureError(f"generated {papers} papers but {len(result.added)} were added (duplicate ids?)")
        library.set_meta(SIGNATURE_KEY, _signature(papers, seed))
        library.set_meta(BUILD_SECONDS_KEY, f"{imported_at - started:.3f}")
    _checkpoint(path)
    return generated_at - started, imported_at - generated_at


def prepare_library(home: Path, papers: int, seed: int, rebuild: bool) -> LibraryInfo:
    """Make `home`/library.db the benchmark library: reuse it, copy the cache, or build it."""
    home.mkdir(parents=True, exist_ok=True)
    target = home / "library.db"
    wanted = _signature(papers, seed)
    signature, count = library_signature(target)
    if target.exists() and signature is None:
        raise MeasureError(f"{target} exists and is not a library made by this benchmark; give an empty --home")
    label = f"{papers // 1000}k" if papers % 1000 == 0 else str(papers)
    cache = CACHE_DIR / f"library-{label}.db"
    generate_s = import_s = None
    if not rebuild and signature == wanted and count == papers:
        source = "reused"
    elif not rebuild and library_signature(cache, immutable=True) == (wanted, papers):
        _remove_db(target)
        shutil.copyfile(cache, target)
        source = "cache"
    else:
        _progress(f"building a {papers:,}-paper library in {target} ...")
        generate_s, import_s = build_library(target, papers, seed)
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        if cache.resolve() != target.resolve():
            _remove_db(cache)
            shutil.copyfile(target, cache)
        source = "built"
    if library_signature(target) != (wanted, papers):
        raise MeasureError(f"{target} does not hold the expected {papers:,} benchmark papers")
    size = sum(p.stat().st_size for p in (target, Path(f"{target}-wal")) if p.exists())
    return LibraryInfo(str(target), papers, size, source, generate_s, import_s, _recorded_build_seconds(target))


# -- measuring one start ------------------------------------------------------------------------------


def screen_text(output: bytes) -> str:
    """What a terminal would show as text, roughly: the output with every escape sequence removed."""
    return _ANSI.sub("", output.decode("utf-8", errors="replace"))


class Screen:
    """The pty's output as text without escape sequences, stripped as it arrives (linear, not quadratic).

    Output from the last ESC on is kept back while it may be an unfinished sequence, so a sequence
    split across two reads is still removed whole; `text` strips that tail afresh on every look.
    """

    _HOLD = 256
    """An ESC this close to the end may start an unfinished sequence."""

    def __init__(self) -> None:
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._done: list[str] = []
        self._tail = ""

    def feed(self, chunk: bytes) -> None:
        pending = self._tail + self._decoder.decode(chunk)
        cut = pending.rfind("\x1b")
        if cut == -1 or len(pending) - cut > self._HOLD:
            cut = len(pending)
        self._done.append(_ANSI.sub("", pending[:cut]))
        self._tail = pending[cut:]

    @property
    def text(self) -> str:
        return "".join(self._done) + _ANSI.sub("", self._tail)


def _child_env() -> dict[str, str]:
    """The caller's environment, minus what would make the runs differ from a user's start.

    COLUMNS/LINES would override the pty's size; COLORTERM and TEXTUAL (devtools) vary with the
    caller. Byte-code is cached (as after any install) under benchmarks/.cache/pycache, even where
    PYTHONDONTWRITEBYTECODE is set, so neither program compiles its modules on every start.
    """
    unset = {"PAPER_READER_HOME", "COLUMNS", "LINES", "COLORTERM", "TEXTUAL", "PYTHONDONTWRITEBYTECODE"}
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env.update(TERM="xterm-256color", PYTHONPYCACHEPREFIX=str(CACHE_DIR / "pycache"))
    return env


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    """SIGKILL the process group, reap the leader, and make sure nothing of the group is left."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        raise MeasureError(f"process {process.pid} did not die after SIGKILL") from None
    deadline = time.monotonic() + 5
    while True:
        try:
            os.killpg(process.pid, 0)
        except ProcessLookupError:
            return
        if time.monotonic() > deadline:
            raise MeasureError(f"processes of group {process.pid} are left after SIGKILL")
        time.sleep(0.01)


def time_to_first_paint(argv: Sequence[str], markers: Sequence[str], timeout: float = TIMEOUT_SECONDS) -> float:
    """Seconds from spawning `argv` in a 120x40 pty until all `markers` are on its screen."""
    master, slave = pty.openpty()
    process: subprocess.Popen[bytes] | None = None
    output = bytearray()
    screen = Screen()
    try:
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
        env = _child_env()
        started = time.perf_counter()
        process = subprocess.Popen(
            argv, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=ROOT, start_new_session=True, close_fds=True
        )
        os.close(slave)
        slave = -1
        deadline = started + timeout
        while True:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise MeasureError(
                    f"{' '.join(argv)}: no first paint within {timeout:.0f} s; screen so far:\n"
                    f"{screen_text(bytes(output))[-600:]}"
                )
            ready, _, _ = select.select([master], [], [], remaining)
            if not ready:
                continue
            try:
                chunk = os.read(master, 1 << 16)
            except OSError:  # EIO: every slave fd is closed, so the program has exited
                chunk = b""
            now = time.perf_counter()
            if not chunk:
                code = process.wait(timeout=5)
                raise MeasureError(
                    f"{' '.join(argv)}: exited with status {code} before its first paint; output:\n"
                    f"{screen_text(bytes(output))[-1500:]}"
                )
            output += chunk
            screen.feed(chunk)
            text = screen.text
            if all(marker in text for marker in markers):
                return now - started
    finally:
        if process is not None:
            _kill_group(process)
        if slave >= 0:
            os.close(slave)
        os.close(master)


# -- the benchmark ------------------------------------------------------------------------------------


@dataclass
class Series:
    name: str
    command: list[str]
    markers: list[str]
    runs_s: list[float]

    @property
    def median_s(self) -> float:
        return statistics.median(self.runs_s)

    @property
    def min_s(self) -> float:
        return min(self.runs_s)

    @property
    def max_s(self) -> float:
        return max(self.runs_s)

    def summary(self) -> dict[str, Any]:
        return {**asdict(self), "median_s": self.median_s, "min_s": self.min_s, "max_s": self.max_s}


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def reader_command() -> list[str]:
    script = Path(sys.executable).parent / "paper-reader"
    return [str(script)] if script.exists() else [sys.executable, "-m", "reader"]


def run_benchmark(series: Sequence[Series], runs: int, warmup: int) -> None:
    """Warm-up runs, then `runs` measured runs of each series, alternating."""
    for _ in range(warmup):
        for s in series:
            time_to_first_paint(s.command, s.markers)
    for n in range(runs):
        for s in series:
            s.runs_s.append(time_to_first_paint(s.command, s.markers))
        _progress(f"run {n + 1}/{runs}: " + ", ".join(f"{s.name} {s.runs_s[-1] * 1000:.0f} ms" for s in series))


def _ms(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds * 1000:,.0f} ms"


def print_report(
    reader: Series, bare: Series, library: LibraryInfo, runs: int, total_s: float, load: tuple[float, float]
) -> None:
    ratio = reader.median_s / bare.median_s
    verdict = "PASS" if ratio <= TARGET_RATIO else "MISS"
    print(f"Time to first paint, {COLUMNS}x{ROWS} pty, {runs} alternating runs each (after a warm-up)")
    if max(load) > 0.5 * (os.cpu_count() or 1):
        print(f"  note: load average {load[0]:.1f} before / {load[1]:.1f} after on {os.cpu_count()} CPUs; expect noise")
    print()
    print(f"  {'':<30} {'median':>10} {'min':>10} {'max':>10}")
    for s in (reader, bare):
        print(f"  {s.name:<30} {_ms(s.median_s):>10} {_ms(s.min_s):>10} {_ms(s.max_s):>10}")
    print()
    print(f"  ratio of medians (paper-reader / bare): {ratio:.2f}x   target <= {TARGET_RATIO}x: {verdict}")
    print()
    print(f"Library ({library.source}): {library.path}")
    print(f"  {library.papers:,} papers, {library.size_bytes / 1e6:,.1f} MB")
    if library.generate_seconds is not None and library.import_seconds is not None:
        print(
            f"  built now in {library.generate_seconds + library.import_seconds:.1f} s "
            f"(generate {library.generate_seconds:.1f} s, Library.import_papers {library.import_seconds:.1f} s)"
        )
    elif library.recorded_build_seconds is not None:
        print(f"  not rebuilt (--rebuild to build again); building it took {library.recorded_build_seconds:.1f} s")
    print(f"Benchmark took {total_s:.1f} s")


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Time to first paint of paper-reader on a 50,000-paper library vs a bare Textual app."
    )
    parser.add_argument(
        "--runs", type=int, default=DEFAULT_RUNS, help=f"measured runs of each (default {DEFAULT_RUNS})"
    )
    parser.add_argument("--warmup", type=int, default=1, help="unmeasured runs of each first (default 1)")
    parser.add_argument("--home", type=Path, help="keep the library in DIR/library.db (default: a temp dir)")
    parser.add_argument("--rebuild", action="store_true", help="generate the library again, ignoring the cache")
    parser.add_argument("--papers", type=int, default=DEFAULT_PAPERS, help=argparse.SUPPRESS)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=argparse.SUPPRESS)
    parser.add_argument("--json", action="store_true", help="print the results as JSON on stdout")
    args = parser.parse_args(argv)
    if args.runs < 1 or args.warmup < 0 or args.papers < 1:
        parser.error("--runs and --papers must be at least 1, --warmup at least 0")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    began = time.perf_counter()
    load_before = os.getloadavg()[0]
    try:
        with tempfile.TemporaryDirectory(prefix="first-paint-") as temp:
            work = Path(temp)
            home = args.home.expanduser().resolve() if args.home else work / "home"
            library = prepare_library(home, args.papers, args.seed, args.rebuild)
            bare_app = work / "bare_app.py"
            bare_app.write_text(BARE_APP, encoding="utf-8")
            reader = Series(
                "paper-reader", [*reader_command(), "--home", str(home)], [f"of {args.papers:,} papers", "Quit"], []
            )
            bare = Series("bare Textual app", [sys.executable, str(bare_app)], [BARE_MARKER, "Quit"], [])
            _progress(f"measuring {args.runs} runs of each ...")
            run_benchmark([reader, bare], args.runs, args.warmup)
    except (MeasureError, LibraryError, OSError, sqlite3.Error) as exc:
        print(f"first_paint: {exc}", file=sys.stderr)
        return 1
    total = time.perf_counter() - began
    load = (load_before, os.getloadavg()[0])
    if args.json:
        ratio = reader.median_s / bare.median_s
        result = {
            "terminal": f"{COLUMNS}x{ROWS}",
            "runs": args.runs,
            "warmup": args.warmup,
            "python": sys.executable,
            "paper_reader": reader.summary(),
            "bare_textual": bare.summary(),
            "ratio_of_medians": ratio,
            "target_ratio": TARGET_RATIO,
            "meets_target": ratio <= TARGET_RATIO,
            "library": asdict(library),
            "benchmark_seconds": total,
            "load_average_1min": {"before": load[0], "after": load[1], "cpus": os.cpu_count()},
        }
        print(json.dumps(result, indent=2))
    else:
        print_report(reader, bare, library, args.runs, total, load)
    return 0


if __name__ == "__main__":
    sys.exit(main())
