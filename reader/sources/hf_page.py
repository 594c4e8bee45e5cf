"""The text of a huggingface.co/papers page as a browser copies it -> unresolved papers. Pure functions.

Two shapes occur (see tests/fixtures/README or DESIGN.md): after the page's header lines
("Get trending papers in your email inbox!", "Subscribe", "Daily Papers",
"byAK and the research community", a date), either
(a) a daily or trending listing, each paper its title, its abstract, then a card
    footer: `• N authors` (or an organization's name), a line `·`, and a date line
    (`Aug 14, 2023`, or `Sep 29` for this year) optionally followed by the upvotes
    (`Sep 29 2`); or
(b) a search page: title and abstract pairs only.
Such papers have no arXiv id: each gets an id of its own from its title (`unresolved_id`).
"""

from __future__ import annotations

import json
import re
from datetime import date

from reader.core.paper import Paper, find_github_repo, unresolved_id
from reader.core.text import clean_block, clean_line
from reader.sources.hf_api import FeedError, ParsedFeed, parse_feed_text

HEADER_LINES = frozenset(
    {
        "get trending papers in your email inbox!",
        "subscribe",
        "daily papers",
        "byak and the research community",
        "new",
        "trending",
        "search",
        "papers",
    }
)
MARKERS = ("get trending papers in your email inbox!", "byak and the research community")
"""A copied papers page holds at least one of these near its start; other text is not one."""
MAX_PAPERS = 5_000
MAX_TITLE = 500
"""A longer "title" line is not a title: the text is not in a known shape."""

_MONTHS = {name: n for n, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}  # fmt: skip
_DATE_LINE = re.compile(r"([A-Za-z]{3})[a-z]*\.? +(\d{1,2})(?:, *(\d{4}))?(?: +(\d{1,7}))?", re.ASCII)
_AUTHORS = re.compile(r"[•·*-]? *(\d{1,5}) +authors?", re.ASCII)


class PageError(ValueError):
    """The text is not a copied papers page of a known shape (nothing is imported)."""


def looks_like_papers_page(text: str) -> bool:
    """Whether the text starts like a copied huggingface.co/papers page (one of its header lines)."""
    head = [line.strip().casefold() for line in text.splitlines()[:20]]
    return any(marker in head for marker in MARKERS)


def parse_papers_page(text: str, today: date) -> list[Paper]:
    """Every paper of the page, as unresolved papers; `PageError` if the text is in no known shape.

    `today` gives the year of dates written without one ("Sep 29": this year's).
    """
    if not looks_like_papers_page(text):
        raise PageError("not the text of a huggingface.co/papers page")
    lines = [clean_line(line) for line in text.splitlines()]
    lines = _drop_header([line for line in lines if line])
    if not lines:
        raise PageError("a copied papers page with no papers on it")
    papers = _listing(lines, today) if "·" in lines else _pairs(lines)
    if len(papers) > MAX_PAPERS:
        raise PageError(f"more than {MAX_PAPERS:,} papers on one page")
    return papers


def _drop_header(lines: list[str]) -> list[str]:
    position = 0
    while position < len(lines) and position < 12:
        line = lines[position]
        if line.casefold() in HEADER_LINES or _date_line(line, date(2000, 1, 1)) is not None:
            position += 1
            continue
        break
    return lines[position:]


def _listing(lines: list[str], today: date) -> list[Paper]:
    """Shape (a): blocks ending in a footer `who`, `·`, `date [upvotes]`."""
    papers: list[Paper] = []
    block: list[str] = []
    position = 0
    while position < len(lines):
        line = lines[position]
        if line != "·":
            block.append(line)
            position += 1
            continue
        dated = _date_line(lines[position + 1], today) if position + 1 < len(lines) else None
        if dated is None or len(block) < 2:
            raise PageError(f"a card footer without a title and a date (line {position + 1} of the papers)")
        *body, who = block
        papers.append(_paper(body[0], body[1:], who, *dated))
        block = []
        position += 2
    if block:
        raise PageError("the last paper has no card footer (• authors · date)")
    return papers


def _pairs(lines: list[str]) -> list[Paper]:
    """Shape (b): title and abstract, one line each."""
    if len(lines) % 2:
        raise PageError("titles and abstracts do not pair up (an odd number of lines)")
    return [_paper(lines[n], [lines[n + 1]], None, None, None) for n in range(0, len(lines), 2)]


def _paper(title: str, body: list[str], who: str | None, day: str | None, upvotes: int | None) -> Paper:
    if len(title) > MAX_TITLE:
        raise PageError(f"a title of {len(title):,} characters: not a papers page of a known shape")
    abstract = clean_block("\n\n".join(body))
    authors_match = _AUTHORS.fullmatch(who) if who else None
    author_count = int(authors_match.group(1)) if authors_match else None
    organization = clean_line(who.lstrip("•· ")) or None if who and not authors_match else None
    raw = {"copiedPage": {"title": title, "summary": abstract, "authorCount": author_count,
                          "organization": organization, "publishedOn": day, "upvotes": upvotes}}  # fmt: skip
    return Paper(
        id=unresolved_id(title),
        title=title,
        abstract=abstract,
        published_on=day,
        upvotes=upvotes,
        github_repo=find_github_repo(abstract),
        organization=organization,
        raw=json.dumps(raw, ensure_ascii=False, separators=(",", ":")),
    )


def _date_line(line: str, today: date) -> tuple[str, int | None] | None:
    """(YYYY-MM-DD, upvotes or None) of a card's date line, or None if it is not one."""
    match = _DATE_LINE.fullmatch(line)
    if match is None or match.group(1).lower() not in _MONTHS:
        return None
    year = int(match.group(3)) if match.group(3) else today.year
    try:
        day = date(year, _MONTHS[match.group(1).lower()], int(match.group(2)))
    except ValueError:
        return None
    return day.isoformat(), int(match.group(4)) if match.group(4) else None


def parse_import_file(data: bytes, today: date | None = None) -> ParsedFeed:
    """A file given to `import`: Hugging Face API JSON, or the copied text of a papers page (by its content).

    Raises `FeedError` (one line, no input echoed): what is neither is refused as not JSON.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = ""
    if text and text.lstrip()[:1] not in ("[", "{", '"') and looks_like_papers_page(text):
        try:
            return ParsedFeed(papers=parse_papers_page(text, today or date.today()))
        except PageError as exc:
            raise FeedError(f"a copied papers page, but {exc}") from None
    return parse_feed_text(data)


def author_count(paper: Paper) -> int | None:
    """How many authors the copied page said the (unresolved) paper has, if it said."""
    try:
        value = json.loads(paper.raw).get("copiedPage", {}).get("authorCount") if paper.raw else None
    except (ValueError, AttributeError):
        return None
    return value if isinstance(value, int) and not isinstance(value, bool) else None
