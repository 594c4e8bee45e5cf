"""What the property tests share: how many examples each runs (counted, not assumed), the recorded feed,
the characters that attack a parser of text, and the runner that checks the count and prints the figures."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date

from hypothesis import strategies as st

EXAMPLES = 10_000
RECORDED = "hf_daily_2026-06-12.json"
TODAY = date(2026, 6, 14)


def run_counted(name: str, prop: Callable[[], None], calls: list[int]) -> None:
    """Run a @given property, then check it really ran EXAMPLES examples; print the figures."""
    started, cpu = time.perf_counter(), time.process_time()
    prop()
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(f"\n{name}: {calls[0]:,} examples in {elapsed:.1f} s ({cpu:.1f} s of CPU)")
    assert calls[0] >= EXAMPLES, f"{name} ran only {calls[0]} examples"


NASTY_CHARS = st.sampled_from(
    list("\x00\x07\x08\t\n\r\x0b\x0c\x1b\x7f\x85\x9b\x9c\x9d\u00a0\u061c\u200b\u200d\u200e\u202e\u2028\u2029")
    + list("\u2066\u2069\ufeff\ufffd\ufff9\ud800\udbff\udc00\udfff\U0001f600 \"'\\/<>[]{}()=:;.-_*^%$#@!~`|")
)
"""Controls, escapes, bidi overrides, line separators, lone surrogates, markup and path characters."""
