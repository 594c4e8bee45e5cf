"""Benchmark: syncing 30 Daily lists with at most 4 requests in flight, against one after another.

A real HTTP server on 127.0.0.1 (the test suite's, tests/hf_server.py, in a
process of its own so it does not share our interpreter lock) answers every
request after 100 ms with a recorded Daily list re-dated to each day. Both
runs go through the same code (`sync_lists`, a fresh library.db each time,
every list stored in its own transaction); the reference differs only in
`max_in_flight=1`. Runs alternate so machine noise
hits both alike. Target (issue 3): ours at most 0.3x the sequential time.

    .venv/bin/python benchmarks/sync_parallel.py [--runs 5] [--lists 30] [--delay 0.1] [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from harness.stats import LoadSampler, median  # noqa: E402

from reader.services.sync import ListSpec, sync_lists  # noqa: E402
from reader.sources.client import ApiClient, ClientSettings  # noqa: E402
from reader.storage.library import Library  # noqa: E402


async def one_sync(url: str, specs: list[ListSpec], in_flight: int) -> tuple[float, int, int]:
    """Seconds to sync every list into a fresh library, the papers stored, and the most requests seen at once."""
    with tempfile.TemporaryDirectory() as home, Library.open(Path(home) / "library.db") as library:
        started = time.perf_counter()
        async with ApiClient(ClientSettings(api_url=url, max_in_flight=in_flight)) as client:
            report = await sync_lists(library, specs, client)
        elapsed = time.perf_counter() - started
        assert not report.failed, [r.error for r in report.failed]
        return elapsed, library.count(), client.max_seen_in_flight


SERVER = """
import json, sys, time
from hf_server import FakeHub, daily_items, serve
template = json.load(open("fixtures/hf_daily_2026-06-12.json"))
hub = FakeHub(delay=float(sys.argv[1]))
for day in sys.argv[2:]:
    hub.lists["date=" + day] = daily_items(template, day)
with serve(hub):
    print(hub.url, flush=True)
    time.sleep(24 * 3600)
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--lists", type=int, default=30)
    parser.add_argument("--delay", type=float, default=0.1, help="seconds the server waits before each answer")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    first = date(2026, 5, 1)
    specs = [ListSpec("date", (first + timedelta(days=n)).isoformat()) for n in range(args.lists)]
    server = subprocess.Popen(
        [sys.executable, "-c", SERVER, str(args.delay), *(spec.key for spec in specs)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT / "tests",
    )
    load = LoadSampler()
    ours: list[float] = []
    sequential: list[float] = []
    try:
        assert server.stdout is not None
        url = server.stdout.readline().strip()
        asyncio.run(one_sync(url, specs[:2], 4))  # warm-up: imports, sockets
        for _ in range(args.runs):
            seconds, papers, peak = asyncio.run(one_sync(url, specs, 4))
            ours.append(seconds)
            seconds_seq, papers_seq, _ = asyncio.run(one_sync(url, specs, 1))
            sequential.append(seconds_seq)
            load.sample()
            assert papers == papers_seq == 30 * args.lists
    finally:
        server.terminate()
        server.wait()
    result = {
        "lists": args.lists,
        "server_delay_ms": args.delay * 1000,
        "runs": args.runs,
        "ours_median_s": round(median(ours), 3),
        "sequential_median_s": round(median(sequential), 3),
        "ratio": round(median(ours) / median(sequential), 3),
        "most_in_flight": peak,
        "target_ratio": 0.3,
        "load_average_1min": load.summary(),
    }
    if args.json:
        print(json.dumps(result))
    else:
        print(
            f"{args.lists} lists, server answering after {args.delay * 1000:.0f} ms, {args.runs} runs each:\n"
            f"  4 in flight : {result['ours_median_s']:.3f} s (median; at most {peak} requests at once)\n"
            f"  sequential  : {result['sequential_median_s']:.3f} s (median)\n"
            f"  ratio       : {result['ratio']:.3f}x (target <= 0.3x)\n"
            f"  {load.note()}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
