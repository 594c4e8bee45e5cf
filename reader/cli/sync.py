"""`paper-reader sync`: plan the lists from the flags, run the sync, and tell the user what happened.

One line per list (date, new, updated) as lists finish, in the order asked
for, and a total; a progress bar on stderr when it is a terminal; nothing but
failures with `--quiet`. A server that cannot be reached is one line, not one
per list. Exit 0 when every list synced, 1 when some failed.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from typing import TYPE_CHECKING, TextIO

from reader.cli.common import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    LongWork,
    clear_progress,
    error,
    open_library,
    plural,
    progress,
    read_config,
    say,
)
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
from reader.storage.errors import LibraryError
from reader.storage.library import Library

if TYPE_CHECKING:  # the client imports httpx: loaded only once a sync really runs
    from reader.sources.client import ClientSettings
    from reader.sources.fetcher import Fetcher


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
    return f"{result.spec.label}  {plural(result.papers, 'paper')}: {result.added} new, {result.updated} updated"


def summary(report: SyncReport) -> str:
    lists = len(report.results)
    synced = lists - len(report.failed)
    head = f"Synced {synced} of {lists} lists" if report.failed else f"Synced {plural(lists, 'list')}"
    line = f"{head}: {report.added} new, {report.updated} updated papers."
    if report.failed:
        line += " Failed: " + ", ".join(r.spec.label for r in report.failed) + "."
    return line


class _Printer:
    """Prints list lines in the order asked for, as soon as every earlier list is done; draws the bar.

    The bar is rich's (`LongWork`: lists done, the rate). While it shows on a terminal, rich stands in for
    sys.stdout and prints what is written there above the bar; the lines go through that stand-in when it
    stands for an `out` that is a terminal too, else straight to `out` (a pipe gets every line).
    """

    def __init__(self, specs: list[ListSpec], quiet: bool, out: TextIO, err: TextIO) -> None:
        self.order = {spec: n for n, spec in enumerate(specs)}
        self.finished: dict[int, ListResult] = {}
        self.printed = 0
        self.quiet = quiet
        self.out, self.err = out, err
        self.bar = not quiet and err.isatty()
        self.work = LongWork(f"Syncing {plural(len(specs), 'list')}", "lists", err) if self.bar else None
        self._waiting_line = self.bar

    def __call__(self, result: ListResult, done: int, total: int) -> None:
        self.finished[self.order[result.spec]] = result
        if self._waiting_line:  # "Syncing 7 lists from ... …" makes way for the first line and the bar
            clear_progress(self.err)
            self._waiting_line = False
        stand_in = sys.stdout  # while the bar shows, rich's proxy of the stdout, printing above the bar
        proxied = getattr(stand_in, "rich_proxied_file", None) is self.out and self.out.isatty()
        lines = stand_in if proxied else self.out  # a pipe gets its lines, never the terminal
        while self.printed in self.finished:
            shown = self.finished[self.printed]
            if not self.quiet and not shown.offline:  # offline: said once for every list at the end
                say(describe(shown), lines, flush=True)
            self.printed += 1
        if self.work is not None and done < total:
            self.work.update(done, total)
        elif done >= total:
            self.clear_bar()

    def clear_bar(self) -> None:
        """Take the bar (or the waiting line) off the terminal, so what is printed next starts clean."""
        if self.work is not None:
            self.work.close()
        if self._waiting_line:
            clear_progress(self.err)
            self._waiting_line = False


def sync_command(paths: Paths, args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run `sync` as `args` ask: exit 0 when every list synced, 1 when some failed, 2 for bad arguments."""
    out, err = out or sys.stdout, err or sys.stderr
    config = read_config(paths, err)
    if config is None:
        return EXIT_USAGE
    try:
        specs = plan_from_args(args, config.sync_days)
    except PlanError as exc:
        error(str(exc), err)
        return EXIT_USAGE
    from reader.sources.client import settings_from_env

    try:
        settings = settings_from_env(os.environ, args.api_url)
    except ValueError as exc:
        error(str(exc), err)
        return EXIT_USAGE
    try:
        opened = open_library(paths, err)
    except LibraryError as exc:
        error(str(exc), err)
        return EXIT_FAILED
    printer = _Printer(specs, args.quiet, out, err)
    if printer.bar:
        progress(f"Syncing {plural(len(specs), 'list')} from {settings.api_url} …", err)
    with opened.library as library:
        try:
            report, linked = asyncio.run(_sync(library, specs, settings, printer, args.linked))
            printer.clear_bar()
        except KeyboardInterrupt:
            printer.clear_bar()
            error("sync interrupted; the lists finished before it are stored", err)
            return EXIT_FAILED
        except LibraryError as exc:  # the lists are stored, but not the time of the sync (a full disk)
            printer.clear_bar()
            error(str(exc), err)
            return EXIT_FAILED
        if report.added or report.updated:
            from reader.services.sample import FORGET_SAMPLE

            try:
                library.set_meta_many(FORGET_SAMPLE)
            except LibraryError as exc:
                error(str(exc), err)
                return EXIT_FAILED
    status = _outcome(report, args.quiet, out, err)
    return _linked_outcome(linked, args.quiet, out, err) or status


async def _sync(
    library: Library, specs: list[ListSpec], settings: ClientSettings, printer: _Printer, linked: bool
) -> tuple[SyncReport, AheadReport | None]:
    """The lists, then (with --linked, when online) the linked repositories of every starred paper."""
    from reader.sources.client import ApiClient

    async with ApiClient(settings) as client:
        report = await sync_lists(library, specs, client, progress=printer)
        if not linked or report.offline:
            return report, None
        return report, await _fetch_linked_of_starred(library, client)


async def _fetch_linked_of_starred(library: Library, client: Fetcher) -> AheadReport:
    from reader.query import PaperFilter
    from reader.services.around import fetch_linked_for

    starred = [row.id for row in library.list_rows(library.select(PaperFilter(starred_only=True))).values()]
    return await fetch_linked_for(library, client, starred)


def _linked_outcome(linked: AheadReport | None, quiet: bool, out: TextIO, err: TextIO) -> int:
    """Say what `sync --linked` fetched (failures even when quiet); EXIT_FAILED when any failed, else 0."""
    if linked is None:
        return EXIT_OK
    failed = bool(linked.failed or linked.stopped)
    if quiet and not failed:
        return EXIT_OK
    for paper_id, problem in linked.done:
        if problem is not None:
            error(f"{paper_id}: linked repositories: {problem}", err)
    fetched = len(linked.done) - len(linked.failed) - len(linked.missing)
    line = f"Linked repositories: {plural(fetched, 'starred paper')} fetched"
    extra = [f"{linked.already} fetched today already"] if linked.already else []
    if linked.missing:
        extra.append(f"{len(linked.missing)} not on Hugging Face")
    if linked.failed:
        extra.append(f"{len(linked.failed)} failed")
    say(line + (f" ({', '.join(extra)})" if extra else "") + ".", err if failed else out)
    return EXIT_FAILED if failed else EXIT_OK


def _outcome(report: SyncReport, quiet: bool, out: TextIO, err: TextIO) -> int:
    """Say how the sync went (failures on stderr, even when quiet) and give its exit status."""
    offline = [result for result in report.failed if result.offline]
    if report.offline:
        error(f"offline: {offline[0].error}; nothing synced", err)
        return EXIT_FAILED
    if not quiet:
        for old, new in report.resolved:
            say(f"{new}  found by title (was {old}, from a copied page)", out)
    if offline:  # the connection went during the sync: the lists before it are stored
        error(f"offline: {offline[0].error}; {plural(len(offline), 'list')} not synced", err)
    if report.failed:
        for result in report.failed:
            if quiet and not result.offline:
                error(describe(result), err)
        error(summary(report), err)
        return EXIT_FAILED
    if not quiet:
        say(summary(report), out)
    return EXIT_OK
