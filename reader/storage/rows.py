"""The rows the library hands out, and how a Paper becomes a row of the papers table and back."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reader.core.paper import Paper, is_unresolved_id

PAPER_COLUMNS = (
    "id, title, abstract, authors, published_on, daily_date, upvotes, comments, github_repo, "
    "github_stars, project_page, organization, submitter, ai_summary, ai_keywords, raw"
)


@dataclass(frozen=True, slots=True)
class ListRow:
    """What one line of the paper list needs, and nothing more."""

    pk: int
    id: str
    title: str
    date: str
    upvotes: int | None
    has_code: bool
    read: bool
    starred: bool
    tags: tuple[str, ...] = ()
    """The paper's tags as typed, sorted by key (for a compact column where the width allows)."""
    new: bool = False
    """First stored since the previous session (`Library.start_session`)."""

    @property
    def unresolved(self) -> bool:
        """Known only from a copied papers page (no arXiv id yet): the list shows it with a marker."""
        return is_unresolved_id(self.id)


@dataclass(frozen=True, slots=True)
class PaperState:
    """The reader's own marks on a paper: ISO timestamps, None when unset."""

    read_at: str | None = None
    starred_at: str | None = None

    @property
    def read(self) -> bool:
        return self.read_at is not None

    @property
    def starred(self) -> bool:
        return self.starred_at is not None


@dataclass(frozen=True)
class ImportResult:
    """What an import changed: ids of papers added and updated, and the count left as they were."""

    added: tuple[str, ...]
    updated: tuple[str, ...]
    unchanged: int


@dataclass(frozen=True)
class ImportCounts:
    """What a streamed import changed, counted (a file of 200,000 papers need not hold 200,000 ids)."""

    added: int
    updated: int
    unchanged: int

    def __add__(self, other: ImportCounts) -> ImportCounts:
        return ImportCounts(self.added + other.added, self.updated + other.updated, self.unchanged + other.unchanged)


def paper_values(paper: Paper) -> tuple[object, ...]:
    return (
        paper.id,
        paper.title,
        paper.abstract,
        "\n".join(paper.authors),
        paper.published_on,
        paper.daily_date,
        paper.upvotes,
        paper.comments,
        paper.github_repo,
        paper.github_stars,
        paper.project_page,
        paper.organization,
        paper.submitter,
        paper.ai_summary,
        "\n".join(paper.ai_keywords),
        paper.raw,
    )


def paper_from_row(row: Sequence[object]) -> Paper:
    (pid, title, abstract, authors, published, daily, upvotes, comments, github, stars,
     project, org, submitter, summary, keywords, raw) = row  # fmt: skip
    return Paper(
        id=str(pid),
        title=str(title),
        abstract=str(abstract),
        authors=tuple(str(authors).split("\n")) if authors else (),
        published_on=published,  # type: ignore[arg-type]
        daily_date=daily,  # type: ignore[arg-type]
        upvotes=upvotes,  # type: ignore[arg-type]
        comments=comments,  # type: ignore[arg-type]
        github_repo=github,  # type: ignore[arg-type]
        github_stars=stars,  # type: ignore[arg-type]
        project_page=project,  # type: ignore[arg-type]
        organization=org,  # type: ignore[arg-type]
        submitter=submitter,  # type: ignore[arg-type]
        ai_summary=summary,  # type: ignore[arg-type]
        ai_keywords=tuple(str(keywords).split("\n")) if keywords else (),
        raw=str(raw),
    )
