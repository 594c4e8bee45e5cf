"""Matched words marked in feed text: one regex built from the filter's terms, applied as styles (never markup).

The regex mirrors how the full-text index matches (FTS5, unicode61, diacritics folded):
a term is split into words of letters and digits; they must follow each other with
only spaces or punctuation between them, each starting a word, the last one as a prefix.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import islice

from rich.style import Style, StyleType
from rich.text import Text
from textual.widget import Widget

MAX_MATCHES = 500
"""Marks per field at most: a 200 KB abstract full of matches cannot stall a keypress."""

_WORD = re.compile(r"[^\W_]+")
"""A word as unicode61 sees it: letters and digits (the underscore separates words)."""
_GAP = r"[\W_]+"
_WORD_START = r"(?<![^\W_])"


class _Folds(dict[int, int]):
    """Code point -> the code point without its accents (é -> e); one character for one, so spans still line up."""

    def __missing__(self, code: int) -> int:
        decomposed = unicodedata.normalize("NFD", chr(code))
        base = decomposed[0]
        folded = ord(base) if len(decomposed) > 1 and all(unicodedata.combining(c) for c in decomposed[1:]) else code
        self[code] = folded
        return folded


_FOLDS = _Folds()


def fold(text: str) -> str:
    """`text` with accents removed character by character (same length, so match spans apply to the original)."""
    return text if text.isascii() else text.translate(_FOLDS)


@lru_cache(maxsize=32)
def pattern(terms: tuple[str, ...]) -> re.Pattern[str] | None:
    """One case-insensitive regex matching any of `terms` at a word start (None: nothing to mark)."""
    alternatives: set[str] = set()
    for term in terms:
        words = _WORD.findall(fold(term))
        if words:
            alternatives.add(_GAP.join(re.escape(word) for word in words))
    if not alternatives:
        return None
    # Longest first: at one position the longer term ("diffusion model") wins over its start ("diff").
    ordered = sorted(alternatives, key=lambda alternative: (-len(alternative), alternative))
    return re.compile(_WORD_START + "(?:" + "|".join(ordered) + ")", re.IGNORECASE)


def spans(terms: tuple[str, ...], text: str, limit: int = MAX_MATCHES) -> list[tuple[int, int]]:
    """(start, end) of each match of `terms` in `text`, at most `limit` of them."""
    compiled = pattern(terms)
    if compiled is None or not text:
        return []
    return [match.span() for match in islice(compiled.finditer(fold(text)), limit)]


def stylize(text: Text, terms: tuple[str, ...], style: StyleType, start: int = 0, end: int | None = None) -> None:
    """Add `style` to the matches of `terms` in `text.plain[start:end]` (a style span: the text stays plain)."""
    if not terms:
        return
    for match_start, match_end in spans(terms, text.plain[start:end]):
        text.stylize(style, start + match_start, start + match_end)


def match_style(widget: Widget, component: str) -> Style:
    """The component's text style over its background blended onto the widget's (`$warning 40%` keeps its alpha).

    The partial style alone would paint the colour at full strength; the full one would
    also replace the text colour (an unread title's accent).
    """
    blended = widget.get_component_rich_style(component)
    return widget.get_component_rich_style(component, partial=True) + Style(bgcolor=blended.bgcolor)
