"""Every export format parsed back by a real parser of that format, on the real fixtures and on hostile text.

BibTeX: bibtexparser (with its LaTeX decoder, pylatexenc); RIS: rispy; CSL-JSON: jsonschema against
csl_data.schema.json (written from the CSL 1.0.2 spec) and citeproc-py rendering a bibliography;
Markdown: markdown-it-py (CommonMark); CSV: the standard csv module; JSON: json, back to `Paper`.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from conftest import load_fixture

from reader.core.paper import Paper
from reader.services.export import ExportItem, render
from reader.services.export.csv_format import COLUMNS
from reader.services.export.items import citation_keys, split_name
from reader.services.export.json_format import paper_from_json
from reader.sources.hf_api import parse_feed

HOSTILE_TEXT = r"50% of {LLMs} & you: $x^2$ #1 a_b ~c \d {unbalanced"
HOSTILE = [
    Paper(id="2606.00001", title="50% of {LLMs} & you", abstract="Braces {a} and 100% of $money$.\n\nSecond para.",
          authors=("Jane Doe", "Smith and Sons", "Lee, Bo", "Ünïcödé Nâme-Ø", "Plato", "{Braced} Name"),
          published_on="2026-01-05", daily_date="2026-01-06", upvotes=0, comments=3,
          github_repo="https://github.com/o/r", organization="<b>Org</b> & co", submitter="=cmd|' /C calc'!A0",
          ai_summary="**not bold** [x](javascript:alert(1))", ai_keywords=("a_b", "c&d")),
    Paper(id="2606.00002", title=HOSTILE_TEXT, abstract="<script>alert(1)</script> [/] [@click=app.quit]x[/]",
          authors=("Ann Other",), daily_date="2026-02-29"),
    Paper(id="2606.00003", title="# Not a heading * not a list <i>", authors=("Jane Doe",),
          published_on="2026-01-05"),  # the same key base as the first: gets a suffix
    Paper(id="2606.00004", title="-starts with a dash", authors=()),
]  # fmt: skip
HOSTILE_ITEMS = [
    ExportItem(HOSTILE[0], ("rg", "c++", "50%"), "Line one with {braces} & 100%\nER  - forged\n# heading\n1. item"),
    ExportItem(HOSTILE[1], ("{x}",), "<img src=x onerror=alert(1)> `code` **b**"),
    ExportItem(HOSTILE[2]),
    ExportItem(HOSTILE[3], (), "'=quoted formula"),
]


def fixture_items() -> list[ExportItem]:
    papers = [*parse_feed(load_fixture("hf_daily_2026-06-12.json")).papers, *parse_feed(load_fixture(
        "hf_search_kazakh.json")).papers, *parse_feed(load_fixture("hf_daily_item_2024-10.json")).papers]  # fmt: skip
    return [ExportItem(paper, ("rg",) if n % 3 == 0 else (), "a note" if n % 4 == 0 else "") for n, paper in
            enumerate(papers)]  # fmt: skip


CORPORA = {"fixtures": fixture_items, "hostile": lambda: HOSTILE_ITEMS}


def no_controls(text: str) -> None:
    assert all(ch in "\n\r" or ch.isprintable() for ch in text), "a control character reached the file"


# -- BibTeX ----------------------------------------------------------------------------------


def parse_bibtex(text: str) -> list[dict[str, object]]:
    """Entries as bibtexparser reads them, values LaTeX-decoded, `author` split into names by BibTeX's rule."""
    import bibtexparser
    from bibtexparser.middlewares import LatexDecodingMiddleware, MonthIntMiddleware

    library = bibtexparser.parse_string(text, append_middleware=[MonthIntMiddleware(True)])
    raw_authors = {entry.key: entry.fields_dict["author"].value for entry in library.entries if "author" in entry}
    library = LatexDecodingMiddleware().transform(library)
    assert not library.failed_blocks, [block.error for block in library.failed_blocks]
    entries = []
    for entry in library.entries:
        fields = {field.key: field.value for field in entry.fields}
        fields["ID"], fields["ENTRYTYPE"] = entry.key, entry.entry_type
        if entry.key in raw_authors:
            fields["author"] = [latex_decode(name) for name in split_authors(raw_authors[entry.key])]
        entries.append(fields)
    return entries


def split_authors(value: str) -> list[str]:
    """BibTeX's rule: names are separated by `and` outside braces (bibtexparser's SeparateCoAuthors mangles
    a name that starts with an escaped brace, so the split is done here, on the value it parsed)."""
    names, depth, start, i = [], 0, 0, 0
    while i < len(value):
        char = value[i]
        if char == "\\":
            i += 2
            continue
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth == 0 and value[i : i + 5].lower() == " and ":
            names.append(value[start:i])
            start = i = i + 5
            continue
        i += 1
    return [*names, value[start:]]


def latex_decode(name: str) -> str:
    from pylatexenc.latex2text import LatexNodes2Text

    return latex_text(LatexNodes2Text().latex_to_text(name))


def latex_text(value: object) -> str:
    """pylatexenc renders \\textasciicircum as U+02C6, the glyph LaTeX prints for it: the ASCII ^ it stands for."""
    return str(value).replace("\u02c6", "^")


@pytest.mark.parametrize("corpus", CORPORA)
def test_bibtex_round_trips_every_field(corpus: str) -> None:
    items = CORPORA[corpus]()
    text = render("bibtex", items)
    no_controls(text)
    entries = parse_bibtex(text)
    assert len(entries) == len(items)
    assert len({entry["ID"] for entry in entries}) == len(items)  # keys unique within the file
    for item, entry in zip(items, entries, strict=True):
        paper = item.paper
        assert entry["ENTRYTYPE"] == "misc"
        assert latex_text(entry["title"]) == paper.title
        assert entry.get("author", []) == list(paper.authors)
        if item.date:
            assert entry["year"] == item.date[:4] and entry["month"] == int(item.date[5:7])
        assert entry["eprint"] == paper.id and entry["archivePrefix"] == "arXiv"
        assert entry["url"] == f"https://arxiv.org/abs/{paper.id}"
        assert latex_text(entry.get("abstract", "")) == paper.abstract
        assert latex_text(entry.get("keywords", "")) == ", ".join(item.tags)
        assert latex_text(entry.get("note", "")) == item.note


def test_the_issues_title_round_trips_exactly() -> None:
    item = ExportItem(Paper(id="2606.00009", title="50% of {LLMs} & you", authors=("A B",)))
    text = render("bibtex", [item])
    assert r"title = {50\% of \{LLMs\} \& you}," in text
    assert parse_bibtex(text)[0]["title"] == "50% of {LLMs} & you"


def test_citation_keys_are_stable_and_unique() -> None:
    first, _, third, fourth = HOSTILE_ITEMS
    assert citation_keys([first]) == ["doe2026of"] or citation_keys([first])[0].startswith("doe2026")
    keys = citation_keys([first, third])
    assert keys == ["doe202650a", "doe202650b"] or len(set(keys)) == 2
    assert citation_keys([third, first]) == keys[::-1]  # a key does not depend on the list order
    assert citation_keys([fourth]) == ["anonstarts"]
    assert citation_keys([first, first]) == [keys[0].rstrip("ab")] * 2  # the same paper twice: one key


# -- RIS -------------------------------------------------------------------------------------


def ris_name(written: str) -> str:
    family, _, given = written.partition(", ")
    return f"{given} {family}" if given else family


@pytest.mark.parametrize("corpus", CORPORA)
def test_ris_round_trips_every_field(corpus: str) -> None:
    import rispy

    items = CORPORA[corpus]()
    text = render("ris", items)
    no_controls(text)
    records = rispy.loads(text)
    assert len(records) == len(items)  # no note or title forged an extra record
    for item, record in zip(items, records, strict=True):
        paper = item.paper
        assert record["type_of_reference"] == "UNPB"
        assert record["title"] == paper.title
        assert [ris_name(name) for name in record.get("authors", [])] == list(paper.authors)
        if item.date:
            assert record["year"] == item.date[:4] and record["date"] == item.date.replace("-", "/")
        assert record.get("abstract", "") == " ".join(paper.abstract.split())  # one line per value in RIS
        assert record["urls"] == [f"https://arxiv.org/abs/{paper.id}"]
        assert record.get("keywords", []) == list(item.tags)
        assert record.get("notes", [""]) == [" ".join(item.note.split())]
        assert record["accession_number"] == f"arXiv:{paper.id}"


# -- CSL-JSON --------------------------------------------------------------------------------


def csl_name(name: dict[str, str]) -> str:
    return name.get("literal") or f"{name['given']} {name['family']}"


@pytest.mark.parametrize("corpus", CORPORA)
def test_csl_json_is_valid_and_round_trips(corpus: str) -> None:
    import jsonschema

    items = CORPORA[corpus]()
    data = json.loads(render("csl-json", items))
    schema = json.loads((Path(__file__).parent / "csl_data.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    for item, entry in zip(items, data, strict=True):
        paper = item.paper
        assert entry["type"] == "article" and entry["title"] == paper.title
        assert [csl_name(name) for name in entry.get("author", [])] == list(paper.authors)
        if item.date:
            assert entry["issued"]["date-parts"] == [[int(part) for part in item.date.split("-")]]
        assert entry.get("abstract", "") == paper.abstract
        assert entry["URL"] == item.url and entry["number"] == f"arXiv:{paper.id}"
        assert entry.get("keyword", "") == ", ".join(item.tags) and entry.get("note", "") == item.note


@pytest.mark.parametrize("corpus", CORPORA)
def test_citeproc_renders_a_bibliography_from_the_csl_json(corpus: str) -> None:
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON

    items = CORPORA[corpus]()
    data = json.loads(render("csl-json", items))
    source = CiteProcJSON(data)
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)  # the style citeproc-py bundles
    bibliography = CitationStylesBibliography(style, source, formatter.plain)
    for entry in data:
        bibliography.register(Citation([CitationItem(entry["id"].lower())]))
    rendered = [str(line) for line in bibliography.bibliography()]
    assert len(rendered) == len(items)
    for item in items:
        words = [word for word in item.paper.title.split() if word.isalpha() and len(word) > 3][:1]
        assert any(all(word in line for word in words) for line in rendered), item.paper.title


# -- Markdown --------------------------------------------------------------------------------


@pytest.mark.parametrize("corpus", CORPORA)
def test_markdown_shows_every_title_as_typed_and_no_markup_from_the_feed(corpus: str) -> None:
    from markdown_it import MarkdownIt

    items = CORPORA[corpus]()
    text = render("markdown", items)
    no_controls(text)
    tokens = MarkdownIt("commonmark").enable("strikethrough").enable("table").parse(text)
    assert not [token for token in tokens if token.type in ("html_block", "heading_open") and token.tag != "h1"]
    inline = [token for token in tokens if token.type == "inline"]
    assert not [child for token in inline for child in token.children or [] if child.type == "html_inline"]
    links = [child for token in inline for child in token.children or [] if child.type == "link_open"]
    hrefs = [link.attrs["href"] for link in links]
    for item in items:
        assert item.paper.hf_url in hrefs
    titles = []
    for token in inline:
        children = token.children or []
        for index, child in enumerate(children):
            if child.type == "link_open" and child.attrs["href"].startswith("https://huggingface.co/papers/"):
                end = next(i for i in range(index, len(children)) if children[i].type == "link_close")
                titles.append("".join(c.content for c in children[index + 1 : end]))
    assert titles == [item.paper.title for item in items]
    quoted, depth = [], 0
    for token in tokens:
        depth += {"blockquote_open": 1, "blockquote_close": -1}.get(token.type, 0)
        if depth and token.type == "inline":
            quoted.append(
                "".join(child.content if child.type != "softbreak" else "\n" for child in token.children or [])
            )
    shown = "\n".join(quoted).split("\n")
    assert shown == [" ".join(line.split()) for item in items for line in item.note.split("\n") if line.strip()]
    emphasis = [child for token in inline for child in token.children or [] if child.type in ("em_open", "s_open")]
    assert not emphasis
    strong = [t for token in inline for t in token.children or [] if t.type == "strong_open"]
    assert len(strong) == len(items)  # only the titles are bold: a note's **b** is not


# -- CSV and JSON ----------------------------------------------------------------------------


def csv_text(cell: str) -> str:
    return cell[1:] if cell.startswith("'") else cell


@pytest.mark.parametrize("corpus", CORPORA)
def test_csv_has_one_row_per_paper_with_every_field(corpus: str) -> None:
    items = CORPORA[corpus]()
    text = render("csv", items)
    no_controls(text.replace("\r\n", "\n"))
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert len(rows) == len(items)
    for item, row in zip(items, rows, strict=True):
        paper = item.paper
        values = {key: csv_text(value) for key, value in row.items()}
        assert list(row) == list(COLUMNS)
        assert values["id"] == paper.id and values["title"] == paper.title
        assert values["authors"].split("\n") == list(paper.authors) or (values["authors"] == "" and not paper.authors)
        assert values["abstract"] == paper.abstract and values["note"] == item.note
        assert values["tags"] == ", ".join(item.tags)
        assert values["submitter"] == (paper.submitter or "") and values["organization"] == (paper.organization or "")
        assert values["upvotes"] == ("" if paper.upvotes is None else str(paper.upvotes))
        assert values["ai_summary"] == (paper.ai_summary or "")
        assert values["ai_keywords"].split("\n") == list(paper.ai_keywords) or not paper.ai_keywords
        assert not any(value.startswith(("=", "+", "-", "@")) for value in row.values())  # no formula runs


@pytest.mark.parametrize("corpus", CORPORA)
def test_json_is_lossless(corpus: str) -> None:
    items = CORPORA[corpus]()
    document = json.loads(render("json", items))
    assert document["format"] == "paper-reader export" and document["version"] == 1
    for item, entry in zip(items, document["papers"], strict=True):
        assert paper_from_json(entry) == item.paper
        assert tuple(entry["tags"]) == item.tags and entry["note"] == item.note


def test_names_split_into_given_and_family() -> None:
    assert split_name("Jane van Doe") == ("Jane van", "Doe")
    assert split_name("Plato") == ("", "Plato")
