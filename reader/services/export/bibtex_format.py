"""BibTeX: one @misc entry per paper (an arXiv preprint has no venue), every special character escaped.

`{ } \\ & % $ # _ ~ ^` become their LaTeX escapes, so a title like
`50% of {LLMs} & you` reads back as typed in BibTeX, biber and bibtexparser.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from reader.core.text import strip_controls
from reader.services.export.items import ExportItem, citation_keys

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_SPECIAL = re.compile("[" + re.escape("".join(_ESCAPES)) + "]")
_NEEDS_BRACES = re.compile(r",|\band\b", re.IGNORECASE)


_LIGATURES = re.compile(r"-(?=-)|`(?=`)|'(?=')")
"""`--` would print as a dash and ``` `` ``` or `''` as curly quotes: an empty group between keeps them as typed."""


def escape(text: str) -> str:
    """Text as a BibTeX value's content: every LaTeX special escaped, controls gone."""
    escaped = _SPECIAL.sub(lambda match: _ESCAPES[match.group()], strip_controls(text))
    return _LIGATURES.sub(lambda match: match.group() + "{}", escaped)


def author_field(names: Sequence[str]) -> str:
    """`A and B and ...`; a name holding a comma or the word "and" is braced, so it stays one name."""
    return " and ".join("{" + escape(name) + "}" if _NEEDS_BRACES.search(name) else escape(name) for name in names)


def entry(item: ExportItem, key: str) -> str:
    """One @misc entry."""
    paper = item.paper
    fields: list[tuple[str, str]] = [("title", "{" + escape(paper.title) + "}")]
    if paper.authors:
        fields.append(("author", "{" + author_field(paper.authors) + "}"))
    if item.date:
        fields.append(("year", "{" + item.date[:4] + "}"))
        month = int(item.date[5:7]) if item.date[5:7].isdigit() else 0
        if 1 <= month <= 12:
            fields.append(("month", MONTHS[month - 1]))
    if item.is_arxiv:
        fields += [("eprint", "{" + paper.id + "}"), ("archivePrefix", "{arXiv}")]
    fields.append(("url", "{" + escape(item.url) + "}"))
    if paper.abstract:
        fields.append(("abstract", "{" + escape(paper.abstract) + "}"))
    if item.tags:
        fields.append(("keywords", "{" + escape(", ".join(item.tags)) + "}"))
    if item.note:
        fields.append(("note", "{" + escape(item.note) + "}"))
    body = "".join(f"  {name} = {value},\n" for name, value in fields)
    return f"@misc{{{key},\n{body}}}\n"


def render(items: Sequence[ExportItem]) -> str:
    """Every paper's entry, a blank line between them."""
    return "\n".join(entry(item, key) for item, key in zip(items, citation_keys(items), strict=True))
