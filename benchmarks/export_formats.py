"""Export of 50,000 papers to each format: time and peak memory (a measurement, not a test).

    .venv/bin/python benchmarks/export_formats.py [--papers 50000] [--rebuild]

Builds (once, cached in benchmarks/.cache/export-50k.db) a library of
generated papers: titles of 40-160 characters, abstracts of about 1,200
characters, 3-12 authors, Daily dates over three years, 40% with a GitHub
repository; 10% tagged, 2% with a note. Then, for each format, a fresh Python
process does what `paper-reader export --format F --output FILE ''` does (every
paper, in list order): select, read papers with tags and notes, render, write
atomically. It reports the time of each step and the process's peak resident
memory over its baseline (the interpreter with the library open). Self-contained:
it needs only the project itself.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CACHE = ROOT / "benchmarks" / ".cache"
FORMATS = ("bibtex", "ris", "csl-json", "markdown", "csv", "json")
_WORD_LIST = (
    "model language diffusion agent video reasoning benchmark sparse attention transformer learning multimodal "
    "retrieval policy reward alignment token vision graph robust efficient scaling data"
)
WORDS = tuple(_WORD_LIST.split())


def build(path: Path, count: int) -> None:
    from reader.core.paper import Paper
    from reader.storage.library import Library

    rng = random.Random(14)
    first = date(2023, 5, 4)
    papers = []
    for n in range(count):
        day = (first + timedelta(days=rng.randrange(1200))).isoformat()
        title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 20))).capitalize()[:160]
        papers.append(Paper(
            id=f"{day[2:4]}{day[5:7]}.{n:05d}", title=title,
            abstract=" ".join(rng.choice(WORDS) for _ in range(150))[:1200],
            authors=tuple(f"{rng.choice('ABCDEFGH')}. Author{rng.randrange(9999)}" for _ in range(rng.randint(3, 12))),
            published_on=day, daily_date=day, upvotes=rng.randrange(500), comments=rng.randrange(20),
            github_repo=f"https://github.com/o{n}/r{n}" if rng.random() < 0.4 else None,
            ai_keywords=tuple(rng.sample(WORDS, 3)), organization="Org & Co" if n % 7 == 0 else None,
        ))  # fmt: skip
    path.unlink(missing_ok=True)
    with Library.open(path) as library:
        library.import_papers(papers)
        for n, paper in enumerate(papers):
            if n % 10 == 0:
                library.set_tags(paper.id, ["rg", f"t{n % 50}"])
            if n % 50 == 0:
                library.set_note(paper.id, f"Note {n}: why it matters, {{braces}} & 100%.\nSecond line.")


def measure_one(db: Path, format_name: str) -> dict[str, float]:
    """In this process: the export of every paper to `format_name`, timed step by step."""
    from reader.query import PaperFilter
    from reader.services.export import export_items, render, write_export
    from reader.storage.library import Library

    with Library.open(db) as library:
        baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started = time.perf_counter()
        pks = library.select(PaperFilter(text=""))
        selected = time.perf_counter()
        items = export_items(library, pks)
        read = time.perf_counter()
    text = render(format_name, items)
    rendered = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / f"export.{format_name}"
        write_export(out, text)
        size = out.stat().st_size
    written = time.perf_counter()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"papers": len(items), "select": selected - started, "read": read - selected,
            "render": rendered - read, "write": written - rendered, "total": written - started,
            "peak_mib": (peak - baseline) / 1024, "size_mib": size / 2**20}  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=50_000)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--one", nargs=2, metavar=("DB", "FORMAT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure_one(Path(args.one[0]), args.one[1])))
        return 0
    CACHE.mkdir(parents=True, exist_ok=True)
    db = CACHE / f"export-{args.papers // 1000}k.db"
    if args.rebuild or not db.exists():
        started = time.perf_counter()
        build(db, args.papers)
        size = db.stat().st_size / 2**20
        print(f"built {args.papers:,} papers in {time.perf_counter() - started:.1f} s ({size:.0f} MiB)")
    print(f"{'format':<9} {'papers':>7} {'select':>7} {'read':>7} {'render':>7} {'write':>7} {'total':>7} "
          f"{'peak MiB':>9} {'file MiB':>9}")  # fmt: skip
    for format_name in FORMATS:
        done = subprocess.run([sys.executable, __file__, "--one", str(db), format_name], capture_output=True,
                              text=True, check=True)  # fmt: skip
        r = json.loads(done.stdout)
        print(f"{format_name:<9} {r['papers']:>7,} {r['select']:>6.2f}s {r['read']:>6.2f}s {r['render']:>6.2f}s "
              f"{r['write']:>6.2f}s {r['total']:>6.2f}s {r['peak_mib']:>9.0f} {r['size_mib']:>9.1f}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
