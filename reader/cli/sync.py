"""`paper-reader sync`: plan the lists from the flags, run the sync, and tell the user what happened.

One line per list (date, new, updated) as lists finish, in the order asked
for, and a total; a progress bar on stderr when it is a terminal; nothing but
failures with `--quiet`. Exit 0 when every list synced, 1 when some failed.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from typing import TextIO

from reader.core.config import ConfigError
from reader.core.paths import Paths
from reader.services.around import AheadReport
from reader.services.sync import (
    ListResult,
    ListSpec,
    PlanError,
    SyncReport,
    plan_date,
    plan_days,
    plan_month,
    plan_since,
    plan_week,
    sync_lists,
    utc_today,
)
from reader.storage.config_file import load_config
from reader.storage.errors import LibraryError
from reader.storage.library import Library

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def plan_from_args(args: argparse.Namespace, default_days: int) -> list[ListSpec]:
    today = utc_today()
    if args.date:
        return plan_date(args.date, today)
    if args.since:
        return plan_since(args.since, today)
    if args.week:
        return plan_week(args.week, today)
    if args.month:
        return plan_month(args.month, today)
    return plan_days(args.days if args.days is not None else default_days, today)


def describe(result: ListResult) -> str:
    """One line for one list: what came in, or why not."""
    if result.error:
        return f"{result.spec.label}  failed: {result.error}"
    if result.note:
        return f"{result.spec.label}  {result.note}"
    papers = f"{result.papers} paper{'' if result.papers == 1 else 's'}"
    return f"{result.spec.label}  {papers}: {result.added} new, {result.updated} updated"


def summary(report: SyncReport) -> str:
    lists = len(report.results)
    synced = lists - len(report.failed)
    head = f"Synced {synced} of {lists} lists" if report.failed else f"Synced {lists} list{'' if lists == 1 else 's'}"
    line = f"{head}: {report.added} new, {report.updated} updated papers."
    if report.failed:
        line += " Failed: " + ", ".join(r.spec.label for r in report.failed) + "."
    return line


class _Printer:
    """Prints list lines in the order asked for, as soon as every earlier list is done; draws the bar."""

    def __init__(self, specs: list[ListSpec], quiet: bool, out: TextIO, err: TextIO) -> None:
        self.order = {spec: n for n, spec in enumerate(specs)}
        self.finished: dict[int, ListResult] = {}
        self.printed = 0
        self.quiet = quiet
        self.out, self.err = out, err
        self.bar = not quiet and err.isatty()

    def __call__(self, result: ListResult, done: int, total: int) -> None:
        self.finished[self.order[result.spec]] = result
        self._clear_bar()
        while self.printed in self.finished:
            line = describe(self.finished[self.printed])
            if not self.quiet:
                print(line, file=self.out, flush=True)
            self.printed += 1
        if self.bar and done < total:
            width = 30
            filled = width * done // total
            self.err.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} lists")
            self.err.flush()

    def _clear_bar(self) -> None:
        if self.bar:
            self.err.write("\r\x1b[2K")
            self.err.flush()


async def _fetch_linked_of_starred(library: Library, client: object, printer: _Printer) -> AheadReport:
    from reader.query import PaperFilter
    from reader.services.around import fetch_linked_for

    starred = [row.id for row in library.list_rows(library.select(PaperFilter(starred_only=True))).values()]
    return await fetch_linked_for(library, client, starred)


def _linked_summary(report: AheadReport) -> str:
    fetched = len(report.done) - len(report.failed) - len(report.missing)
    line = f"Linked repositories: {fetched} starred paper{'' if fetched == 1 else 's'} fetched"
    extra = [f"{report.already} fetched today already"] if report.already else []
    if report.missing:
        extra.append(f"{len(report.missing)} not on Hugging Face")
    if report.failed:
        extra.append(f"{len(report.failed)} failed")
    return line + (f" ({', '.join(extra)})" if extra else "") + "."


def sync_command(paths: Paths, args: argparse.Namespace, out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    def error(message: str) -> None:
        print(f"paper-reader: {message}", file=err)

    try:
        config = load_config(paths.config)
    except ConfigError as exc:
        error(str(exc))
        return EXIT_USAGE
    try:
        specs = plan_from_args(args, config.sync_days)
    except PlanError as exc:
        error(str(exc))
        return EXIT_USAGE
    from reader.sources.client import ApiClient, settings_from_env

    try:
        settings = settings_from_env(os.environ, args.api_url)
    except ValueError as exc:
        error(str(exc))
        return EXIT_USAGE
    from reader.storage.recovery import open_library

    try:
        opened = open_library(paths)
    except LibraryError as exc:
        error(str(exc))
        return EXIT_FAILED
    if opened.notice:
        error(opened.notice)
    library = opened.library
    printer = _Printer(specs, args.quiet, out, err)
    if printer.bar:
        err.write(f"\rSyncing {len(specs)} list{'' if len(specs) == 1 else 's'} from {settings.api_url} …")
        err.flush()

    linked: list[AheadReport] = []

    async def run() -> SyncReport:
        async with ApiClient(settings) as client:
            report = await sync_lists(library, specs, client, progress=printer)
            if args.linked and not report.offline:
                linked.append(await _fetch_linked_of_starred(library, client, printer))
            return report

    with library:
        try:
            report = asyncio.run(run())
        except KeyboardInterrupt:
            printer._clear_bar()
            error("sync interrupted; the lists finished before it are stored")
            return EXIT_FAILED
        if report.added or report.updated:
            from reader.services.sample import FORGET_SAMPLE

            for key, value in FORGET_SAMPLE.items():
                library.set_meta(key, value)
    if report.offline:
        error(f"offline: {report.failed[0].error}; nothing synced")
        return EXIT_FAILED
    if not args.quiet:
        for old, new in report.resolved:
            print(f"{new}  found by title (was {old}, from a copied page)", file=out)
    if report.failed:
        for result in report.failed:
            if args.quiet:
                error(describe(result))
        error(summary(report))
    elif not args.quiet:
        print(summary(report), file=out)
    linked_failed = bool(linked and (linked[0].failed or linked[0].stopped))
    if linked and (not args.quiet or linked_failed):
        for paper_id, problem in linked[0].done:
            if problem is not None:
                error(f"{paper_id}: linked repositories: {problem}")
        print(_linked_summary(linked[0]), file=err if linked_failed else out)
    return EXIT_FAILED if report.failed or linked_failed else EXIT_OK
