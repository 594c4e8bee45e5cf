"""Hugging Face JSON -> linked repositories. Pure functions: no network, no database.

Two shapes (DESIGN.md, "The Hugging Face API"): the flat `GET /api/papers/{id}`
object with `linkedModels`, `linkedDatasets`, `linkedSpaces` (the top few) and
`numTotalModels`, `numTotalDatasets`, `numTotalSpaces`; and `GET
/api/arxiv/{id}/repos`, `{"models": [...], "datasets": [...], "spaces": [...]}`
with every repository citing the paper. Anything of the wrong type is dropped;
a repository id must be `owner/name` (or a bare name) of the characters Hugging
Face allows, so it is safe in a URL path and on the terminal.
"""

from __future__ import annotations

import re
from typing import Any

from reader.core.linked import LinkedRepo, LinkedRepos, RepoKind
from reader.core.text import clean_line

MAX_REPOS_PER_KIND = 200
"""At most this many repositories of each kind are kept (the totals still count all)."""
MAX_TEXT = 100
"""Longest author name, pipeline tag or SDK kept."""

_REPO_ID = re.compile(r"(?:[A-Za-z0-9][A-Za-z0-9._-]{0,95}/)?[A-Za-z0-9][A-Za-z0-9._-]{0,95}", re.ASCII)
_PAPER_KEYS: dict[RepoKind, tuple[str, str]] = {
    "model": ("linkedModels", "numTotalModels"),
    "dataset": ("linkedDatasets", "numTotalDatasets"),
    "space": ("linkedSpaces", "numTotalSpaces"),
}
_REPOS_KEYS: dict[RepoKind, str] = {"model": "models", "dataset": "datasets", "space": "spaces"}


class LinkedError(ValueError):
    """The answer is not the expected JSON object at all."""


def parse_paper_links(data: Any) -> LinkedRepos:
    """The linked repositories of a `papers/{id}` object (absent fields: none linked)."""
    if not isinstance(data, dict):
        raise LinkedError(f"expected a JSON object, found {type(data).__name__}")
    lists = {kind: _repos(kind, data.get(key)) for kind, (key, _) in _PAPER_KEYS.items()}
    totals = {kind: _count(data.get(total)) for kind, (_, total) in _PAPER_KEYS.items()}
    return LinkedRepos(
        lists["model"], lists["dataset"], lists["space"], totals["model"], totals["dataset"], totals["space"]
    )


def parse_arxiv_repos(data: Any) -> LinkedRepos:
    """Every repository of an `arxiv/{id}/repos` answer; the totals are how many each list held."""
    if not isinstance(data, dict):
        raise LinkedError(f"expected a JSON object, found {type(data).__name__}")
    lists = {kind: _repos(kind, data.get(key)) for kind, key in _REPOS_KEYS.items()}
    totals = {kind: len(data[key]) if isinstance(data.get(key), list) else 0 for kind, key in _REPOS_KEYS.items()}
    return LinkedRepos(
        lists["model"], lists["dataset"], lists["space"], totals["model"], totals["dataset"], totals["space"]
    )


def _repos(kind: RepoKind, value: Any) -> tuple[LinkedRepo, ...]:
    if not isinstance(value, list):
        return ()
    repos: list[LinkedRepo] = []
    seen: set[str] = set()
    for item in value:
        repo = _repo(kind, item)
        if repo is not None and repo.repo_id not in seen:
            seen.add(repo.repo_id)
            repos.append(repo)
            if len(repos) >= MAX_REPOS_PER_KIND:
                break
    return tuple(repos)


def _repo(kind: RepoKind, item: Any) -> LinkedRepo | None:
    if not isinstance(item, dict):
        return None
    repo_id = item.get("id")
    if not isinstance(repo_id, str) or not _REPO_ID.fullmatch(repo_id) or ".." in repo_id:
        return None
    return LinkedRepo(
        kind=kind,
        repo_id=repo_id,
        likes=_optional_count(item.get("likes")),
        downloads=_optional_count(item.get("downloads")),
        pipeline_tag=_short(item.get("pipeline_tag")),
        sdk=_short(item.get("sdk")) if kind == "space" else None,
        author=_short(item.get("author")),
        last_modified=_day(item.get("lastModified")),
    )


def _optional_count(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, float) and not value.is_integer():
        return None
    return int(value) if 0 <= value < 2**53 else None


def _count(value: Any) -> int:
    return _optional_count(value) or 0


def _short(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    return clean_line(value)[:MAX_TEXT] or None


def _day(value: Any) -> str | None:
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d\d-\d\d", value[:10], re.ASCII):
        return value[:10]
    return None
