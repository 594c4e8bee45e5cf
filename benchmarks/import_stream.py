"""`paper-reader import` of one big file (issue 17, target 5): papers a second and peak memory, at 50,000 and
200,000 papers, through the real console script.

Each file is a JSON array of the benchmark corpus's generated items (benchmarks/harness/papers.py), written
once to benchmarks/.cache/import-50k.json etc. (200,000 papers: about 0.9 GB, a few minutes to generate). Each
run imports it into a new, empty home; the child's peak resident memory (ru_maxrss, the kernel's VmHWM) and
CPU time come from wait4. The target: >= 10,000 papers a second and <= 300 MB at any size. The machine is
shared: papers per CPU-second are reported beside the wall-clock rate, with the load average.

    python benchmarks/import_stream.py                 # 50,000 and 200,000
    python benchmarks/import_stream.py --papers 50000 --runs 1
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import tempfile
import time
from pathlib import Path

from harness import CACHE_DIR, progress
from harness.papers import PaperGenerator
from harness.programs import reader_command
from harness.stats import LoadSampler, median

TARGET_RATE = 10_000
TARGET_PEAK_MB = 300
SEED = 2023


def feed_file(papers: int) -> Path:
    """The cached import file of `papers` generated items (written once, a paper at a time)."""
    label = f"{papers // 1000}k" if papers % 1000 == 0 else str(papers)
    path = CACHE_DIR / f"import-{label}.json"
    if path.exists():
        return path
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    progress(f"generating {papers:,} papers into {path} ...")
    generator = PaperGenerator(SEED)
    partial = path.with_suffix(".partial")
    with partial.open("w", encoding="utf-8") as out:
        out.write("[")
        for number in range(papers):
            out.write(("," if number else "") + generator.paper().raw)
        out.write("]")
    partial.rename(path)
    return path


def import_once(command: list[str], file: Path) -> dict[str, float | str]:
    """One import into an empty home: wall seconds, CPU seconds and peak RSS (MB) of the child, its stdout."""
    with tempfile.TemporaryDirectory(prefix="import-stream-") as home, tempfile.TemporaryFile() as out:
        env = {**os.environ, "PAPER_READER_HOME": home}
        started = time.perf_counter()
        child = subprocess.Popen([*command, "import", str(file)], env=env, stdout=out, stderr=out,
                                 stdin=subprocess.DEVNULL)  # fmt: skip
        _, status, usage = os.wait4(child.pid, 0)  # reaped here, so its own rusage: CPU and ru_maxrss (VmHWM)
        wall = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read().decode("utf-8", errors="replace")
    if child.returncode != 0:
        raise SystemExit(f"import failed ({child.returncode}): {text[-2000:]}")
    return {"wall_s": wall, "cpu_s": usage.ru_utime + usage.ru_stime, "peak_mb": usage.ru_maxrss / 1024,
            "line": text.strip()}  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--papers", type=int, nargs="+", default=[50_000, 200_000])
    parser.add_argument("--runs", type=int, default=1, help="imports of each file (the median is reported)")
    parser.add_argument("--reader", help="another checkout or console script to measure")
    parser.add_argument("--json", action="store_true", help="the results as JSON on stdout")
    args = parser.parse_args()
    command = reader_command(args.reader)
    load = LoadSampler()
    results = []
    for papers in sorted(args.papers):
        file = feed_file(papers)
        runs = []
        for _ in range(args.runs):
            runs.append(import_once(command, file))
            load.sample()
        wall, cpu = median([r["wall_s"] for r in runs]), median([r["cpu_s"] for r in runs])
        peak = max(r["peak_mb"] for r in runs)
        results.append({"papers": papers, "file_mb": file.stat().st_size / 1e6, "wall_s": wall, "cpu_s": cpu,
                        "rate": papers / wall, "rate_per_cpu_s": papers / cpu, "peak_mb": peak,
                        "rate_ok": papers / wall >= TARGET_RATE, "peak_ok": peak <= TARGET_PEAK_MB,
                        "line": runs[-1]["line"]})  # fmt: skip
    if args.json:
        print(json.dumps({"results": results, "load": load.summary()}, indent=2))
        return 0
    print(f"paper-reader import of one file (target: >= {TARGET_RATE:,} papers/s, peak <= {TARGET_PEAK_MB} MB)")
    for r in results:
        print(
            f"  {r['papers']:>7,} papers ({r['file_mb']:,.0f} MB): {r['wall_s']:6.1f} s = {r['rate']:6,.0f} papers/s"
            f" ({r['rate_per_cpu_s']:,.0f} per CPU-second, {r['cpu_s']:.1f} s CPU), peak {r['peak_mb']:,.0f} MB"
            f"  [{'ok' if r['rate_ok'] else 'MISSED'} rate, {'ok' if r['peak_ok'] else 'MISSED'} memory]"
        )
    print(f"  {load.note()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
