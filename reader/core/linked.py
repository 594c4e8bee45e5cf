"""Models, datasets and Spaces on Hugging Face that link to a paper: what the detail pane lists."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

RepoKind = Literal["model", "dataset", "space"]
REPO_KINDS: tuple[RepoKind, ...] = ("model", "dataset", "space")
_URL_PREFIX = {"model": "https://huggingface.co/", "dataset": "https://huggingface.co/datasets/",
               "space": "https://huggingface.co/spaces/"}  # fmt: skip


@dataclass(frozen=True, slots=True)
class LinkedRepo:
    """One repository; `repo_id` is a checked `owner/name`, every text already clean."""

    kind: RepoKind
    repo_id: str
    likes: int | None = None
    downloads: int | None = None
    pipeline_tag: str | None = None
    sdk: str | None = None
    """Spaces only: gradio, streamlit, docker, static."""
    author: str | None = None
    last_modified: str | None = None
    """YYYY-MM-DD."""

    @property
    def url(self) -> str:
        return _URL_PREFIX[self.kind] + self.repo_id


@dataclass(frozen=True)
class LinkedRepos:
    """A paper's linked repositories, most relevant first within each kind, and how many there are in all."""

    models: tuple[LinkedRepo, ...] = ()
    datasets: tuple[LinkedRepo, ...] = ()
    spaces: tuple[LinkedRepo, ...] = ()
    total_models: int = 0
    total_datasets: int = 0
    total_spaces: int = 0
    """The totals count every repository (the lists may hold only the top few)."""
    fetched_at: str | None = field(default=None, compare=False)
    """When they were fetched (ISO time); None for what was just parsed."""

    def of(self, kind: RepoKind) -> tuple[LinkedRepo, ...]:
        return {"model": self.models, "dataset": self.datasets, "space": self.spaces}[kind]

    def total(self, kind: RepoKind) -> int:
        counted = {"model": self.total_models, "dataset": self.total_datasets, "space": self.total_spaces}[kind]
        return max(counted, len(self.of(kind)))

    @property
    def empty(self) -> bool:
        return not any(self.total(kind) for kind in REPO_KINDS)

    def merged_with(self, fuller: LinkedRepos) -> LinkedRepos:
        """These (a paper's top few, in Hugging Face's order) followed by the rest of `fuller`'s lists."""

        def combine(kind: RepoKind) -> tuple[LinkedRepo, ...]:
            seen = {repo.repo_id for repo in self.of(kind)}
            return self.of(kind) + tuple(repo for repo in fuller.of(kind) if repo.repo_id not in seen)

        models, datasets, spaces = (combine(kind) for kind in REPO_KINDS)
        return LinkedRepos(
            models,
            datasets,
            spaces,
            max(self.total("model"), fuller.total("model"), len(models)),
            max(self.total("dataset"), fuller.total("dataset"), len(datasets)),
            max(self.total("space"), fuller.total("space"), len(spaces)),
        )
