"""interactive.py's results as the README's Performance table: issue 17's targets, one column per library size.

Each cell is paper-reader's figure over the bare app's in the same run, the ratio, and the verdict
against the target; figures the issue does not judge (the list's part of a step, memory below
200,000 papers, the pacings a target is not judged at) are shown in parentheses, for information.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Sequence
from typing import Any


def _cell(target: dict[str, Any]) -> str:
    unit = target["unit"]
    figures = f"{target['measured']:,.1f} / {target['reference']:,.1f} {unit} = {target['value']:.2f}x"
    if not target.get("judged", True):
        return f"({figures})"
    return f"{figures}, {'met' if target['met'] else '**not met**'}"


def _load(summaries: Sequence[dict[str, Any]]) -> str:
    samples = [s for summary in summaries for s in summary["load_average_1min"]["samples"]]
    return f"{min(samples):.1f}-{max(samples):.1f}"


def markdown_report(summaries: Sequence[dict[str, Any]], command: str) -> str:
    """The table, a line saying when, where and how it was measured, and the one command that measures it."""
    sizes = [f"{summary['papers']:,} papers" for summary in summaries]
    first = summaries[0]
    when = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        f"Measured {when} on {os.cpu_count()} CPUs, load average (1 min) {_load(summaries)} during the run; "
        f"{first['runs']} session(s) of each program per pacing, {first['paint_runs']} first paints of each "
        f"per way; paper-reader / bare Textual = ratio (target):",
        "",
        "| # | figure | target | " + " | ".join(sizes) + " |",
        "| --- | --- | --- | " + " | ".join("---" for _ in sizes) + " |",
    ]
    figures = [t["figure"] for t in first["targets"]]
    for figure in figures:
        row = [next(t for t in summary["targets"] if t["figure"] == figure) for summary in summaries]
        issue = row[0]["issue_target"]
        lines.append(f"| {issue} | {figure} | {row[0]['target']} | " + " | ".join(_cell(t) for t in row) + " |")
    loads = "; ".join(
        f"{summary['papers']:,}: {load['before']:.1f} / {load['max']:.1f} / {load['after']:.1f}"
        for summary in summaries
        for load in [summary["load_average_1min"]]
    )
    lines += ["", f"Load average (1 min) before / highest / after, per size: {loads}. "
              f"Measured with `.venv/bin/python {command}`."]  # fmt: skip
    return "\n".join(lines)
