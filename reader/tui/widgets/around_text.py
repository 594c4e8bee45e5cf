"""What the detail pane shows around a paper: its upvote movement and its linked models, datasets and Spaces.

Plain strings appended to a Rich `Text` (repository names are untrusted: never markup).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rich.text import Text

from reader.core.linked import REPO_KINDS, LinkedRepo, LinkedRepos
from reader.core.paper import Link, Paper
from reader.core.text import clean_line
from reader.storage.movement import UpvoteMovement

TOP_REPOS = 3
"""Repositories of each kind listed in the detail pane; the links list (`L`) has them all."""
MAX_NUMBERED = 9
_KIND_NAMES = {"model": ("Models", "model"), "dataset": ("Datasets", "dataset"), "space": ("Spaces", "Space")}
_MUTED = "dim"


@dataclass(frozen=True)
class AroundInfo:
    """What is known around one paper (`paper_id`): stored at once, then fetched in the background."""

    paper_id: str
    movement: UpvoteMovement | None = None
    linked: LinkedRepos | None = None
    note: str | None = None
    """One quiet line about the linked repositories ("offline"), or None."""


def shown_repos(linked: LinkedRepos | None) -> list[LinkedRepo]:
    """The repositories the detail pane lists, in its order: the top few models, then datasets, then Spaces."""
    if linked is None:
        return []
    return [repo for kind in REPO_KINDS for repo in linked.of(kind)[:TOP_REPOS]]


def repo_link(repo: LinkedRepo) -> Link:
    return Link(_KIND_NAMES[repo.kind][1], repo.url)


def numbered_links(paper: Paper, around: AroundInfo | None) -> list[Link]:
    """The links numbered 1-9 in the detail pane: the paper's own, then the linked repositories listed."""
    linked = around.linked if around is not None and around.paper_id == paper.id else None
    links = list(paper.links) + [repo_link(repo) for repo in shown_repos(linked)]
    return links[:MAX_NUMBERED]


def all_links(paper: Paper, around: AroundInfo | None) -> list[Link]:
    """Every link of the paper for the links list: its own, then every linked repository stored."""
    linked = around.linked if around is not None and around.paper_id == paper.id else None
    repos = [repo for kind in REPO_KINDS for repo in linked.of(kind)] if linked else []
    return list(paper.links) + [repo_link(repo) for repo in repos]


def short_day(day: str, today: date | None = None) -> str:
    """'2026-11-30' -> 'Nov 30' (with the year when it is not this year's)."""
    try:
        when = date.fromisoformat(day[:10])
    except ValueError:
        return clean_line(day)[:10]
    shown = f"{when:%b} {when.day}"
    return shown if when.year == (today or date.today()).year else f"{shown}, {when.year}"


def votes_text(paper: Paper, movement: UpvoteMovement | None) -> str | None:
    """`▲ 118 (+35 since Nov 30)`; plain `▲ 118 upvotes` with no recorded movement."""
    if movement is not None and movement.gain:
        return f"▲ {movement.upvotes} ({movement.gain:+d} since {short_day(movement.since)})"
    if movement is not None:
        return f"▲ {movement.upvotes} upvotes"
    return None if paper.upvotes is None else f"▲ {paper.upvotes} upvotes"


def _count(value: int | None, mark: str) -> str:
    return "" if value is None else f"{mark} {value:,}"


def _repo_line(repo: LinkedRepo) -> str:
    figures = [_count(repo.downloads, "↓"), _count(repo.likes, "♥")]
    return "  ".join([clean_line(repo.repo_id), *[figure for figure in figures if figure]])


def append_linked(text: Text, paper: Paper, around: AroundInfo | None, first_number: int) -> None:
    """The "Linked on Hugging Face" section: totals, the top few of each kind numbered on from the paper's links."""
    if around is None or around.paper_id != paper.id or (around.linked is None and not around.note):
        return
    linked = around.linked
    if linked is not None and not linked.empty:
        text.append("\nLinked on Hugging Face\n", style="bold underline")
        totals = [f"{_KIND_NAMES[kind][0]} {linked.total(kind):,}" for kind in REPO_KINDS]
        text.append("  ·  ".join(totals) + "  (L lists them all)\n", style=_MUTED)
        number = first_number
        for kind in REPO_KINDS:
            for repo in linked.of(kind)[:TOP_REPOS]:
                text.append(f" {number} " if number <= MAX_NUMBERED else "   ", style="reverse")
                text.append(f" {_KIND_NAMES[kind][1]:<13}", style="bold")
                text.append(_repo_line(repo) + "\n")
                number += 1
    elif linked is not None:
        text.append("\nNo models, datasets or Spaces on Hugging Face link to this paper\n", style=_MUTED)
    if around.note:
        text.append(f"\nlinked repositories: {clean_line(around.note)}\n", style=_MUTED)
