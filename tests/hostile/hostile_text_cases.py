"""The hostile papers: text that must show literally and trigger nothing, in every text field.

Each hostile paper is a Hugging Face API item with the hostile text in every
text field; the tests put it through the real parser and `Library.import_papers`
into a real library file and walk it through every pane (DESIGN.md, "Untrusted input").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

WIDE = (120, 40)
ELLIPSIS = "\u2026"
BIDI = set("\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
"""Characters that reorder or hide text; none of them may reach the screen."""


def forbidden(text: str) -> set[str]:
    """The C0/C1 controls (newline aside), DEL and bidi controls in `text`."""
    return {ch for ch in text if (ord(ch) < 32 and ch != "\n") or 0x7F <= ord(ch) <= 0x9F or ch in BIDI}


def squash(text: str) -> str:
    """`text` without any white space: wrapping at another width cannot change it."""
    return "".join(text.split())


# -- the hostile papers ------------------------------------------------------------------------


@dataclass(frozen=True)
class Hostile:
    """One hostile text: `raw` goes into every text field, `shown` is how a one-line field must read.

    `shown` is written out by hand (never computed with the sanitizers under test).
    A few cases replace one field with something bigger: (raw, shown) pairs.
    """

    name: str
    raw: str
    shown: str
    title: tuple[str, str] | None = None
    abstract: tuple[str, str] | None = None
    authors: tuple[tuple[str, ...], tuple[str, ...]] | None = None

    @property
    def raw_title(self) -> str:
        return self.title[0] if self.title else self.raw

    @property
    def shown_title(self) -> str:
        return self.title[1] if self.title else self.shown

    @property
    def raw_abstract(self) -> str:
        return self.abstract[0] if self.abstract else f"Abstract: {self.raw} end."

    @property
    def shown_abstract(self) -> str:
        return self.abstract[1] if self.abstract else f"Abstract: {self.shown} end."

    @property
    def raw_authors(self) -> tuple[str, ...]:
        return self.authors[0] if self.authors else (self.raw, f"Second {self.raw}")

    @property
    def shown_authors(self) -> tuple[str, ...]:
        return self.authors[1] if self.authors else (self.shown, f"Second {self.shown}")


# 5,000 characters: markup, CJK and a bidi override in every 25-character unit.
_LONG_UNIT_RAW = "Long [b]title[/b] \u202e\u6ce8\u610f\u529b\u202c  "
_LONG_UNIT_SHOWN = "Long [b]title[/b] \u6ce8\u610f\u529b "
LONG_TITLE_RAW = _LONG_UNIT_RAW * 200
LONG_TITLE_SHOWN = (_LONG_UNIT_SHOWN * 200).rstrip()

# More than 200 KB of JSON text: paragraphs of markup, SGR, bidi, emoji codes.
_HUGE_PARAGRAPH_RAW = "Paragraph [@click=app.quit]x[/] \x1b[31mred\x1b[0m \u202eevil\u202c :smile: \u6ce8\u610f."
_HUGE_PARAGRAPH_SHOWN = "Paragraph [@click=app.quit]x[/] red evil :smile: \u6ce8\u610f."
_HUGE_COUNT = 3_000
HUGE_ABSTRACT_RAW = "\n\n".join([_HUGE_PARAGRAPH_RAW] * _HUGE_COUNT)
HUGE_ABSTRACT_SHOWN = "\n\n".join([_HUGE_PARAGRAPH_SHOWN] * _HUGE_COUNT)

# 600 authors, every name with a live action, reverse video and a bidi override.
MANY_AUTHORS_RAW = tuple(f"[@click=app.quit]A{i}[/] \x1b[7mrev\x1b[27m \u202eName{i}" for i in range(600))
MANY_AUTHORS_SHOWN = tuple(f"[@click=app.quit]A{i}[/] rev Name{i}" for i in range(600))

CASES = [
    Hostile("click-action", "[@click=app.quit]x[/]", "[@click=app.quit]x[/]"),
    Hostile("closing-tag", "[/]", "[/]"),
    Hostile("stray-close", "[/bold] stray [b]unclosed", "[/bold] stray [b]unclosed"),
    Hostile("bold-markup", "[bold red]not bold[/]", "[bold red]not bold[/]"),
    Hostile("link-markup", "[link=https://evil.example]click[/link]", "[link=https://evil.example]click[/link]"),
    Hostile("textual-variables", "[$accent on $error]var[/] $text", "[$accent on $error]var[/] $text"),
    Hostile("escaped-bracket", "\\[bold]escaped\\", "\\[bold]escaped\\"),
    Hostile("ansi-sgr", "ANSI \x1b[31mred\x1b[0m text", "ANSI red text"),
    Hostile("ansi-clear-screen", "Clear\x1b[2J\x1b[H screen", "Clear screen"),
    Hostile("esc-other", "Reset \x1bc terminal \x1b(0charset", "Reset terminal charset"),
    Hostile(
        "osc8-hyperlink",
        "OSC 8 \x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\ here",
        "OSC 8 link here",
    ),
    Hostile("osc52-clipboard", "Clipboard \x1b]52;c;ZXZpbA==\x07write", "Clipboard write"),
    Hostile(
        "osc52-unterminated",
        "Unterminated \x1b]52;c;ZXZpbA== swallows the rest",
        "Unterminated",
        abstract=("Abstract: Unterminated \x1b]52;c;ZXZpbA== end.", "Abstract: Unterminated"),
    ),
    Hostile("bidi-override", "Bidi \u202eevil\u202c and \u2067isolate\u2069 \u200fmark", "Bidi evil and isolate mark"),
    Hostile("nul-and-c1", "NUL\x00 BEL\x07 DEL\x7f C1 \x9b31mred\x9b0m NEL\x85end", "NUL BEL DEL C1 red NELend"),
    Hostile("c1-osc", "C1 \x9d52;c;ZXZpbA==\x9c OSC", "C1 OSC"),
    Hostile("line-breaks", "Multi\nline\ttitle\r\nhere\u2028sep", "Multi line title here sep"),
    Hostile(
        "id-like-path",
        "../../../etc/passwd 2601.00001v2 ~/.ssh/id_rsa",
        "../../../etc/passwd 2601.00001v2 ~/.ssh/id_rsa",
    ),
    Hostile(
        "cjk", "\u6ce8\u610f\u529b\u673a\u5236\u7684\u7814\u7a76", "\u6ce8\u610f\u529b\u673a\u5236\u7684\u7814\u7a76"
    ),
    Hostile(
        "emoji-zwj",
        "\U0001f469\u200d\U0001f52c \U0001f9ea emoji \U0001f3f3\ufe0f\u200d\U0001f308",
        "\U0001f469\u200d\U0001f52c \U0001f9ea emoji \U0001f3f3\ufe0f\u200d\U0001f308",
    ),
    Hostile("rich-emoji-code", ":smile: :thumbs_up: :red_heart:", ":smile: :thumbs_up: :red_heart:"),
    Hostile("long-title", "Long [i]fields[/i]", "Long [i]fields[/i]", title=(LONG_TITLE_RAW, LONG_TITLE_SHOWN)),
    Hostile(
        "huge-abstract",
        "Huge \x1b[2Jabstract [/]",
        "Huge abstract [/]",
        abstract=(HUGE_ABSTRACT_RAW, HUGE_ABSTRACT_SHOWN),
    ),
    Hostile(
        "600-authors",
        "Six hundred authors [b]x[/b]",
        "Six hundred authors [b]x[/b]",
        authors=(MANY_AUTHORS_RAW, MANY_AUTHORS_SHOWN),
    ),
]
assert len(CASES) <= 28, "one Daily date per paper in January"

# (projectPage, githubRepo) as the feed has them, and what the paper may keep of them.
HOSTILE_URLS: list[tuple[str, str, str | None, str | None]] = [
    ("javascript:alert(1)", "file:///etc/passwd", None, None),
    ("file:///etc/passwd", "javascript:alert(1)", None, None),
    ("data:text/html,<script>alert(1)</script>", "../../etc/passwd", None, None),
    (
        "https://evil.example/\x1b]8;;https://other.example\x07page",
        "https://github.com/evil/repo\x1b[31m",
        "https://evil.example/page",
        "https://github.com/evil/repo",
    ),
    ("  JavaScript:alert(1)//https://evil.example", "git@github.com:evil/repo.git", None, None),
    ("https://evil.example/ [@click=app.quit]x[/]", "ssh://github.com/evil/repo", None, None),
    ("http://[::1/x", "evil/[@click=app.quit]", None, None),
    ("https://evil.example/\u202egnp.exe", "", "https://evil.example/gnp.exe", None),
    ("https://evil.example/p?q=[/]", "https://github.com/owner/repo", "https://evil.example/p?q=[/]",
     "https://github.com/owner/repo"),
]  # fmt: skip


def paper_id(number: int) -> str:
    return f"2601.{number:05d}"


def hostile_item(number: int, case: Hostile) -> dict[str, Any]:
    """A daily_papers item shaped like the real ones, hostile in every text field."""
    project, repo, _, _ = HOSTILE_URLS[number % len(HOSTILE_URLS)]
    return {
        "paper": {
            "id": paper_id(number),
            "title": case.raw_title,
            "summary": case.raw_abstract,
            "authors": [{"_id": f"a{i}", "name": name, "hidden": False} for i, name in enumerate(case.raw_authors)],
            "submittedOnDailyAt": f"2026-01-{number:02d}T00:00:00.000Z",
            "upvotes": number,
            "githubRepo": repo,
            "projectPage": project,
            "ai_summary": case.raw,
            "ai_keywords": [case.raw, "plain keyword"],
        },
        "numComments": number,
        "organization": {"fullname": case.raw},
        "submittedBy": {"name": case.raw},
    }


NUMBERED = list(enumerate(CASES, start=1))
ITEMS = [hostile_item(number, case) for number, case in NUMBERED]
CASE_PARAMS = [pytest.param(number, case, id=case.name) for number, case in NUMBERED]
CLICK_NUMBER = next(number for number, case in NUMBERED if case.name == "click-action")


def expected_urls(number: int) -> tuple[str | None, str | None]:
    _, _, project, repo = HOSTILE_URLS[number % len(HOSTILE_URLS)]
    return project, repo
