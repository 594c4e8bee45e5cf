"""The filter language in a few lines, for the help screen: generated from the parser's tables, never written twice."""

from __future__ import annotations

from reader.query.nodes import HAS_FLAGS, IS_FLAGS
from reader.query.parser import AGE_UNITS, COMPARISONS, COUNTERS, DATE_FORMS, FIELD_ALIASES, FIELDS, OPERATORS

_UNIT_NAMES = {1: "days", 7: "weeks", 30: "months"}


def cheat_sheet() -> list[tuple[str, str]]:
    """(what to type, what it does) rows: words, fields, comparisons, dates, AND/OR/NOT and parentheses."""
    text_fields = [name for name in FIELDS if name not in ("is", "has", "date", "age", *COUNTERS)]
    aliases = ", ".join(f"{alias} = {name}" for alias, name in FIELD_ALIASES.items())
    comparisons = " ".join(op for op in COMPARISONS if op != ":")
    counters = list(COUNTERS)
    units = ", ".join(f"{unit} {_UNIT_NAMES.get(days, f'x{days} days')}" for unit, days in AGE_UNITS.items())
    and_word, or_word, not_word = OPERATORS
    return [
        ('words "a phrase"', "every word somewhere in the paper (prefixes match: diffus finds diffusion)"),
        (" ".join(f"{name}:" for name in text_fields), f'a word or "phrase" in that field only ({aliases})'),
        (f"{counters[0]}>=50 {counters[1]}<10", f"numbers: {', '.join(counters)} with {comparisons} (or :)"),
        (" ".join(f"is:{flag}" for flag in IS_FLAGS), "your marks; new since your last session; from a copied page"),
        (" ".join(f"has:{flag}" for flag in HAS_FLAGS), "with a repository, a project page, an AI summary, a tag, ..."),
        (f"date:{DATE_FORMS[0]}", f"a day, an ISO week or a month ({', '.join(DATE_FORMS)}); also date>=..."),
        ("age<7d", f"how long ago it was listed: {units}"),
        (f"a b  a {and_word} b", "both (AND may be left out)"),
        (f"a {or_word} b", f"either ({and_word} binds tighter than {or_word})"),
        (f"{not_word} a  -a", "leave out what matches"),
        (f"(a {or_word} b) c", f"parentheses group; {', '.join(OPERATORS)} only in capitals"),
    ]
