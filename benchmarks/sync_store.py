"""`paper-reader sync` against `paper-reader import` of the same papers (issue 17, target 5: "sync stores at the
same speed"): papers stored a CPU-second by the real console script, each into a new, empty home.

A real HTTP server on 127.0.0.1 (the test suite's, tests/hf_server.py, in a process of its own, answering at
once) serves `--papers` generated items (benchmarks/harness/papers.py) as `--days` Daily lists ending today,
paged as the API pages them; `sync --days N` fetches them all. The same items, as one JSON array, are what
`import` reads. The child's CPU time comes from wait4 (the server's is not counted). Runs alternate, sync
then import, and the medians are reported with their ratio: sync's papers per CPU-second over import's.

    .venv/bin/python benchmarks/sync_store.py                  # 20,000 papers in 40 lists, 3 runs each
    .venv/bin/python benchmarks/sync_store.py --papers 50000 --days 50 --runs 1
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from harness.papers import PaperGenerator
from harness.programs import reader_command
from harness.stats import LoadSampler, median

ROOT = Path(__file__).resolve().parent.parent
SEED = 2024
SERVER = """
import json, sys, time
from hf_server import FakeHub, serve
hub = FakeHub()
hub.lists.update(json.load(open(sys.argv[1], encoding="utf-8")))
with serve(hub):
    print(hub.url, flush=True)
    time.sleep(24 * 3600)
"""


def write_inputs(papers: int, days: int, folder: Path) -> tuple[Path, Path]:
    """The server's lists ({'date=YYYY-MM-DD': [items]}, the last `days` days) and the same items as one array."""
    generator = PaperGenerator(SEED)
    today = date.today()
    lists: dict[str, list[object]] = {f"date={(today - timedelta(days=n)).isoformat()}": [] for n in range(days)}
    keys = list(lists)
    for number in range(papers):
        lists[keys[number % days]].append(json.loads(generator.paper().raw))
    served, array = folder / "lists.json", folder / "papers.json"
    served.write_text(json.dumps(lists), encoding="utf-8")
    array.write_text(json.dumps([item for items in lists.values() for item in items]), encoding="utf-8")
    return served, array


def run_once(command: list[str]) -> tuple[float, float, str]:
    """Wall and CPU seconds of one console-script run into a new home, and its last line of output."""
    with tempfile.TemporaryDirectory(prefix="sync-store-") as home, tempfile.TemporaryFile() as out:
        env = {**os.environ, "PAPER_READER_HOME": home}
        started = time.perf_counter()
        child = subprocess.Popen(command, env=env, stdout=out, stderr=out, stdin=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
        out.seek(0)
        text = out.read().decode("utf-8", errors="replace").strip()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{command[-1]} failed: {text[-2000:]}")
    return wall, usage.ru_utime + usage.ru_stime, text.splitlines()[-1]


def stored(line: str) -> int:
    """Papers added, from `Synced 40 lists: 20000 new, ...` or `Imported ...: 20000 added, ...`."""
    found = re.search(r"(\d+) (?:new|added)", line)
    if found is None:
        raise SystemExit(f"no count in {line!r}")
    return int(found.group(1))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--papers", type=int, default=20_000)
    parser.add_argument("--days", type=int, default=40, help="Daily lists the papers are spread over")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--reader", help="another checkout or console script to measure")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    command = reader_command(args.reader)
    load = LoadSampler()
    with tempfile.TemporaryDirectory(prefix="sync-store-inputs-") as folder:
        served, array = write_inputs(args.papers, args.days, Path(folder))
        server = subprocess.Popen([sys.executable, "-c", SERVER, str(served)], stdout=subprocess.PIPE, text=True,
                                  cwd=ROOT / "tests")  # fmt: skip
        try:
            assert server.stdout is not None
            url = server.stdout.readline().strip()
            runs: dict[str, list[tuple[float, float, str]]] = {"sync": [], "import": []}
            for _ in range(args.runs):
                runs["sync"].append(run_once([*command, "sync", "--days", str(args.days), "--api-url", url]))
                runs["import"].append(run_once([*command, "import", str(array)]))
                load.sample()
        finally:
            server.terminate()
            server.wait()
    result = {}
    for name, measured in runs.items():
        papers = stored(measured[-1][2])
        wall, cpu = median([m[0] for m in measured]), median([m[1] for m in measured])
        result[name] = {"papers": papers, "wall_s": wall, "cpu_s": cpu, "per_cpu_s": papers / cpu,
                        "per_s": papers / wall, "line": measured[-1][2]}  # fmt: skip
    ratio = result["sync"]["per_cpu_s"] / result["import"]["per_cpu_s"]
    if args.json:
        print(json.dumps({"results": result, "ratio": ratio, "load": load.summary()}, indent=2))
        return 0
    print(f"{args.papers:,} papers in {args.days} lists, {args.runs} runs each (medians):")
    for name, r in result.items():
        print(f"  {name:<7} {r['papers']:>7,} stored in {r['wall_s']:6.2f} s wall, {r['cpu_s']:6.2f} s CPU"
              f" = {r['per_cpu_s']:7,.0f} papers per CPU-second ({r['per_s']:,.0f}/s wall)")  # fmt: skip
    print(f"  sync / import, papers per CPU-second: {ratio:.2f}x (same speed: 1.0x)")
    print(f"  {load.note()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
