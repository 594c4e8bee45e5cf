"""Saved views: a name, a filter query and (some built-in ones) an order. Seven are built in; `[views]` in
config.toml adds more.

Saving a view (`storage.config_file.save_view`) edits config.toml with tomlkit,
so the user's comments, order and quoting survive, and writes it atomically.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

MAX_NAME = 40
"""A view's name is a label in a one-line bar: keep it short."""


@dataclass(frozen=True)
class View:
    """A named filter query; built-in ones are recomputed for the day they are used."""

    name: str
    query: str
    builtin: bool = False
    sort: str | None = None
    """The order the view shows its papers in (a `Sort` value such as "rising"); None keeps the current one."""


def builtin_views(today: date, latest_list: str | None) -> list[View]:
    """Today (the newest Daily list in the library), This week (the ISO week), Starred, Unread, Has code,
    New (first stored since the previous session) and Rising (the last 14 days, most upvotes gained first)."""
    year, week, _ = today.isocalendar()
    newest = latest_list or today.isoformat()
    return [
        View("Today", f"date:{newest}", True),
        View("This week", f"date:{year}-W{week:02d}", True),
        View("Starred", "is:starred", True),
        View("Unread", "is:unread", True),
        View("Has code", "has:code", True),
        View("New", "is:new", True),
        View("Rising", "age<=14d", True, sort="rising"),
    ]


def all_views(configured: dict[str, str], today: date, latest_list: str | None) -> list[View]:
    """Built-in views first, then the config's in file order; a config view may replace a built-in by name."""
    views = {view.name: view for view in builtin_views(today, latest_list)}
    for name, query in configured.items():
        views[name] = View(name, query)
    return list(views.values())


def check_view_name(name: str) -> str:
    """The name, trimmed; `ValueError` with a reason if it cannot be a view's name."""
    name = " ".join(name.split())
    if not name:
        raise ValueError("a view needs a name")
    if len(name) > MAX_NAME:
        raise ValueError(f"a view's name is at most {MAX_NAME} characters")
    if not name.isprintable():
        raise ValueError("a view's name cannot hold control characters")
    return name
