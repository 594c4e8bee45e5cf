"""The paper as the rest of the program sees it: its fields, its links and its ids.

Everything here is pure: no I/O, no Textual. Feed text is untrusted, so the
constructors of `Paper` only ever receive text that went through `clean_line`
or `clean_block` (core/text.py; see sources/hf_api.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import quote, urlsplit

HF_PAPER_URL = "https://huggingface.co/papers/{id}"
HF_SEARCH_URL = "https://huggingface.co/papers?q={query}"
ARXIV_ABS_URL = "https://arxiv.org/abs/{id}"
ARXIV_PDF_URL = "https://arxiv.org/pdf/{id}"


@dataclass(frozen=True, slots=True)
class Link:
    """A labelled URL of a paper, as numbered in the detail pane."""

    label: str
    url: str


@dataclass(frozen=True, slots=True)
class Paper:
    """One paper, identified by its arXiv id without version; every text field already cleaned."""

    id: str
    title: str
    abstract: str = ""
    authors: tuple[str, ...] = ()
    published_on: str | None = None
    """arXiv publication date, YYYY-MM-DD."""
    daily_date: str | None = None
    """The Daily Papers list it was submitted to, YYYY-MM-DD; None for papers never on Daily."""
    upvotes: int | None = None
    comments: int | None = None
    github_repo: str | None = None
    """Normalized https://github.com/owner/repo URL."""
    github_stars: int | None = None
    project_page: str | None = None
    organization: str | None = None
    submitter: str | None = None
    ai_summary: str | None = None
    ai_keywords: tuple[str, ...] = ()
    raw: str = field(default="", compare=False, repr=False)
    """The JSON this paper was parsed from, kept so a later version can re-parse it."""

    @property
    def has_code(self) -> bool:
        return self.github_repo is not None

    @property
    def unresolved(self) -> bool:
        """Known only from a copied papers page: no arXiv id yet (see `unresolved_id`)."""
        return is_unresolved_id(self.id)

    @property
    def hf_url(self) -> str:
        """The paper's page on Hugging Face; for an unresolved paper, a search for its title."""
        if self.unresolved:
            return HF_SEARCH_URL.format(query=quote(self.title, safe=""))
        return HF_PAPER_URL.format(id=self.id)

    @property
    def links(self) -> tuple[Link, ...]:
        """The paper's links in the order they are numbered 1-9 in the detail pane."""
        links = [Link("Hugging Face search" if self.unresolved else "Hugging Face", self.hf_url)]
        if ARXIV_ID.fullmatch(self.id):
            links.append(Link("arXiv", ARXIV_ABS_URL.format(id=self.id)))
            links.append(Link("PDF", ARXIV_PDF_URL.format(id=self.id)))
        if self.github_repo:
            links.append(Link("GitHub", self.github_repo))
        if self.project_page and self.project_page.rstrip("/") != self.github_repo:
            links.append(Link("Project page", self.project_page))
        return tuple(links[:9])


# New-style arXiv ids (2310.01234, optionally with a version) and old-style (hep-th/9901001,
# cond-mat.stat-mech/0102536): archive words joined by single dots or hyphens, so never "..".
ARXIV_ID = re.compile(r"(?:\d{4}\.\d{4,5}|[a-z]+(?:[.-][a-z]+)*/\d{7})", re.ASCII)
_VERSION_SUFFIX = re.compile(r"v\d+$", re.ASCII)


UNRESOLVED_ID = re.compile(r"local-[0-9a-f]{16}", re.ASCII)
"""The id of a paper known only from a copied page: `local-` and 16 hex digits of its title's hash."""


def is_unresolved_id(paper_id: str) -> bool:
    return UNRESOLVED_ID.fullmatch(paper_id) is not None


def title_key(title: str) -> str:
    """What two copies of one title share: case, spacing and punctuation around words do not count."""
    return " ".join(re.findall(r"\w+", title.casefold()))


def unresolved_id(title: str) -> str:
    """A stable id for a paper without an arXiv id: the same title always gives the same id."""
    import hashlib  # here: 4-10 ms to import, and only papers from a copied page need it

    return "local-" + hashlib.sha256(title_key(title).encode("utf-8")).hexdigest()[:16]


def normalize_stored_id(value: str) -> str | None:
    """An id the library may hold: an arXiv id without version, or an unresolved paper's own id."""
    return value if is_unresolved_id(value) else normalize_paper_id(value)


_REFERENCE_URL = re.compile(
    r"https?://(?:www\.|export\.)?(?:arxiv\.org/(?:abs|pdf|html)|huggingface\.co/papers)/"
    r"([^?#]+?)(?:\.pdf)?/?(?:[?#].*)?",
    re.IGNORECASE | re.ASCII,
)


def paper_id_from_reference(text: str) -> str | None:
    """The arXiv id in what a user may paste: `2401.00001`, `2401.00001v2`, an arxiv.org abs/pdf/html URL
    or a huggingface.co/papers URL; None for anything else."""
    text = text.strip()
    match = _REFERENCE_URL.fullmatch(text)
    if match:
        text = match.group(1)
    elif text.lower().startswith("arxiv:"):
        text = text[6:]
    return normalize_paper_id(text)


def normalize_paper_id(value: str) -> str | None:
    """The arXiv id without version, or None when `value` is not one.

    Ids become database keys and URL path parts, so anything else (paths,
    URLs, markup) is refused here rather than escaped later.
    """
    value = _VERSION_SUFFIX.sub("", value.strip())
    return value if ARXIV_ID.fullmatch(value) else None


_GITHUB_URL = re.compile(
    r"https?://(?:www\.)?github\.com/([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))/([A-Za-z0-9._-]{1,100})",
)
_OWNER_REPO = re.compile(r"([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))/([A-Za-z0-9._-]{1,100})")


def _tidy_repo(owner: str, repo: str) -> str | None:
    repo = repo.rstrip(".").removesuffix(".git")
    if not repo or repo in {".", ".."}:
        return None
    return f"https://github.com/{owner}/{repo}"


def normalize_github_repo(value: str) -> str | None:
    """A GitHub repository reference (URL, or bare owner/repo) as https://github.com/owner/repo."""
    value = value.strip()
    match = _GITHUB_URL.match(value) or _OWNER_REPO.fullmatch(value)
    return _tidy_repo(match.group(1), match.group(2)) if match else None


def find_github_repo(text: str) -> str | None:
    """The first GitHub repository URL named in free text (the abstract's "code is at ...")."""
    for match in _GITHUB_URL.finditer(text):
        repo = _tidy_repo(match.group(1), match.group(2))
        if repo:
            return repo
    return None


def is_web_url(url: str) -> bool:
    """True for http(s) URLs with a host; the only kind the reader ever opens."""
    if any(ch.isspace() or ord(ch) < 32 or 0x7F <= ord(ch) <= 0x9F for ch in url):
        return False
    if re.match(r"https?://[^\s/?#]+", url, re.IGNORECASE) is None:
        return False
    try:
        return bool(urlsplit(url).hostname)
    except ValueError:  # e.g. a malformed [IPv6] host
        return False
