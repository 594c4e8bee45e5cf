"""Export: papers with the user's tags and note, as BibTeX, RIS, CSL-JSON, Markdown, CSV or JSON.

Each format is one module with one pure function `render(items) -> str`;
`render(format, items)` picks it. The command is reader/cli/export.py; the
reader's `x` and `c` call the same functions:

    items = export_items(library, pks)        # papers in list order, with tags and note
    text = render("bibtex", items)            # the whole file
    entry = render("bibtex", items[:1])       # one paper's entry (for the clipboard)
    write_export(path, text, force=False)     # atomically; ExportExistsError without force
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from reader.services.export.items import ExportItem, export_items

FORMATS: dict[str, tuple[str, str]] = {
    "bibtex": (".bib", "BibTeX: one @misc entry per paper, for LaTeX, Zotero, JabRef"),
    "ris": (".ris", "RIS: Zotero, Mendeley, EndNote"),
    "csl-json": (".json", "CSL-JSON: pandoc, Zotero, citeproc"),
    "markdown": (".md", "Markdown: a reading list"),
    "csv": (".csv", "CSV: one row per paper, every field"),
    "json": (".json", "JSON: every field, lossless"),
}
"""Format name -> (file extension, what it is for)."""


class ExportExistsError(FileExistsError):
    """The output file exists and overwriting it was not asked for."""


def renderer(format_name: str) -> Callable[[Sequence[ExportItem]], str]:
    """The render function of a format; `KeyError` for an unknown name (see FORMATS)."""
    if format_name not in FORMATS:
        raise KeyError(format_name)
    from importlib import import_module

    module = import_module(f"reader.services.export.{format_name.replace('-', '_')}_format")
    return module.render  # type: ignore[no-any-return]


def render(format_name: str, items: Sequence[ExportItem]) -> str:
    """The whole export of these papers, in their order, in one format."""
    return renderer(format_name)(items)


def write_export(path: Path, text: str, *, force: bool = False) -> None:
    """Write atomically (a temporary file, fsync, rename): a failure leaves no half-written file.

    Raises `ExportExistsError` when `path` exists and `force` is false, `OSError` when it cannot be written.
    """
    from reader.storage.files import write_atomically

    if path.exists() and not force:
        raise ExportExistsError(f"{path} exists (use --force to replace it)")
    if path.is_dir():
        raise IsADirectoryError(21, "is a directory", str(path))
    write_atomically(path, text)


__all__ = ["FORMATS", "ExportExistsError", "ExportItem", "export_items", "render", "renderer", "write_export"]
