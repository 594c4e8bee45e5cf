"""The digest: the papers of a view or query that arrived since that digest last ran, as text, Markdown,
HTML or a complete e-mail (RFC 5322, multipart/alternative) for `| sendmail -t`.

Every feed field is escaped for HTML (html.escape) and cleaned to one line
for text; headers go through the standard library's `email` package, which
refuses a line break in any of them.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from reader.core.marks import iso_stamp, now_iso
from reader.core.text import clean_line
from reader.query import PaperFilter
from reader.services.export import ExportItem, export_items
from reader.storage.digests import DigestMark
from reader.storage.library import Library

FORMATS = ("text", "markdown", "html", "email")
FIRST_DIGEST_COVERS = timedelta(days=1)
"""A name's first digest reports the papers stored in the last day (not the whole library)."""


@dataclass(frozen=True)
class Digest:
    """What one run of a named digest found."""

    name: str
    items: list[ExportItem]
    since: str
    """The time it covers from (ISO): the last digest of the name, `--since`, or a day ago."""
    mark: DigestMark
    """What to record once the digest has been delivered."""

    @property
    def subject(self) -> str:
        count = len(self.items)
        return clean_line(f"{count} new paper{'' if count == 1 else 's'}: {self.name}")[:200]


def collect(library: Library, paper_filter: PaperFilter, name: str, since: str | None = None) -> Digest:
    """The papers the filter matches that arrived after the name's last digest (or at/after `since`, a day).

    Raises `QueryError` for a malformed filter, `LibraryError` when the library cannot be read.
    """
    last_pk = library.last_pk()
    previous = library.digest_mark(name)
    pks = library.select(paper_filter)
    if since is not None:
        arrived = library.added_since(since)
        pks = [pk for pk in pks if pk in arrived]
        covered = since
    elif previous is not None:
        pks = [pk for pk in pks if pk > previous.last_pk]
        covered = previous.digested_at
    else:
        covered = iso_stamp(datetime.now(UTC) - FIRST_DIGEST_COVERS)
        arrived = library.added_since(covered)
        pks = [pk for pk in pks if pk in arrived]
    return Digest(name, export_items(library, pks), covered, DigestMark(name, now_iso(), last_pk))


def record(library: Library, digest: Digest) -> None:
    """Remember the digest as delivered: its next run reports only papers that arrive after this one."""
    library.set_digest_mark(digest.mark)


# -- the formats ------------------------------------------------------------------------------


def _about(item: ExportItem) -> str:
    parts = [", ".join(item.paper.authors)] if item.paper.authors else []
    if item.date:
        parts.append(item.date)
    return clean_line(" · ".join(parts))


def as_text(digest: Digest) -> str:
    lines = [digest.subject, ""]
    for number, item in enumerate(digest.items, 1):
        lines.append(f"{number}. {clean_line(item.paper.title)}")
        if about := _about(item):
            lines.append(f"   {about}")
        lines.append(f"   {item.paper.hf_url}")
        if item.paper.github_repo:
            lines.append(f"   Code: {item.paper.github_repo}")
        lines.append("")
    return "\n".join(lines)


def as_markdown(digest: Digest) -> str:
    from reader.services.export.markdown_format import entry, escape

    return f"# {escape(digest.subject)}\n\n" + "\n".join(entry(item) for item in digest.items)


def as_html(digest: Digest) -> str:
    """A whole HTML document; every field escaped, every link built from an id or a checked URL."""
    rows = []
    for item in digest.items:
        links = [f'<a href="{html.escape(item.paper.hf_url)}">Hugging Face</a>']
        if item.is_arxiv:
            links.append(f'<a href="{html.escape(item.url)}">arXiv</a>')
        if item.paper.github_repo:
            links.append(f'<a href="{html.escape(item.paper.github_repo)}">GitHub</a>')
        rows.append(
            f'<li><p><strong><a href="{html.escape(item.paper.hf_url)}">{html.escape(item.paper.title)}</a></strong>'
            f"<br>{html.escape(_about(item))}<br>{' · '.join(links)}</p></li>"
        )
    title = html.escape(digest.subject)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{title}</title></head>\n<body>\n<h1>{title}</h1>\n<ol>\n"
        + "\n".join(rows)
        + "\n</ol>\n</body></html>\n"
    )


def as_email(digest: Digest, to: str, sender: str, *, now: datetime | None = None) -> str:
    """A complete RFC 5322 message: From, To, Date, Message-ID, Subject, text and HTML alternatives."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Date"] = format_datetime(now or datetime.now(UTC))
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2].rstrip(">") or "localhost")
    message["Subject"] = digest.subject
    message.set_content(as_text(digest))
    message.add_alternative(as_html(digest), subtype="html")
    return message.as_string()


def render(digest: Digest, format_name: str, *, to: str = "", sender: str = "") -> str:
    if format_name == "email":
        return as_email(digest, to, sender)
    return {"text": as_text, "markdown": as_markdown, "html": as_html}[format_name](digest)


def default_sender() -> str:
    """`paper-reader <user@host>`: who cron's mail comes from, on this machine."""
    import getpass
    import socket

    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "paper-reader"
    host = socket.getfqdn() or "localhost"
    address = f"{user}@{host}"
    return f"paper-reader <{address}>" if _plain_address(address) else "paper-reader <paper-reader@localhost>"


def _plain_address(address: str) -> bool:
    return address.isascii() and address.isprintable() and " " not in address and address.count("@") == 1


def check_address(text: str) -> str | None:
    """The address (`name@host` or `Name <name@host>`) if it is one a mail header can hold, else None."""
    from email.headerregistry import Address
    from email.utils import parseaddr

    if not text.isprintable() or "\n" in text:
        return None
    display, address = parseaddr(text)
    if not address or not _plain_address(address):
        return None
    try:
        user, host = address.split("@")
        Address(display_name=display, username=user, domain=host)
    except (ValueError, IndexError):
        return None
    return text
