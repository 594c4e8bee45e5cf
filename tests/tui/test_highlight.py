"""Highlighting matched words: the regex mirrors the full-text search (word starts, case and accents ignored)."""

from __future__ import annotations

import time

import pytest
from rich.console import Console
from rich.style import Style
from rich.text import Text

from reader.tui.highlight import MAX_MATCHES, fold, pattern, spans, stylize


def marked(terms: tuple[str, ...], text: str) -> list[str]:
    return [text[start:end] for start, end in spans(terms, text)]


def test_a_word_matches_the_start_of_words_only() -> None:
    text = "Diffusion is not indifferent; diffs differ. pre-diffusion"
    assert marked(("diff",), text) == ["Diff", "diff", "diff", "diff"]
    assert spans(("diff",), text)[0] == (0, 4)
    assert marked(("fusion",), text) == []


def test_case_is_ignored_both_ways() -> None:
    assert marked(("DIFFUSION",), "diffusion Diffusion DIFFUSION") == ["diffusion", "Diffusion", "DIFFUSION"]


def test_accents_are_folded_and_spans_stay_on_the_original() -> None:
    text = "Boglárka Tóth and Bogla Toth"
    assert marked(("boglarka",), text) == ["Boglárka"]
    assert marked(("tóth",), text) == ["Tóth", "Toth"]
    assert fold("Ångström é") == "Angstrom e"
    assert len(fold("ﬁ한국어é")) == len("ﬁ한국어é")


def test_a_phrase_matches_its_words_across_spaces_and_punctuation() -> None:
    text = "Neural  radiance fields; neural-radiance; neural\nradiance; neural radiances; neural fields radiance"
    assert marked(("neural radiance",), text) == [
        "Neural  radiance",
        "neural-radiance",
        "neural\nradiance",
        "neural radiance",
    ]
    # Every word but the last is whole: "neur radiance" does not match "neural radiance".
    assert marked(("neur radiance",), text) == []


def test_the_longer_term_wins_where_two_start_together() -> None:
    assert marked(("diff", "diffusion model"), "Diffusion models") == ["Diffusion model"]


def test_the_underscore_separates_words_like_the_index_does() -> None:
    assert marked(("bar",), "foo_bar foobar") == ["bar"]


@pytest.mark.parametrize("term", ["[/foo]", ".*", "(", "a|b", "\\", "[bold]", "$^", "\x1b[31m", "*", "(?i)x"])
def test_regex_and_markup_characters_are_just_characters(term: str) -> None:
    text = "the [/foo] tag, a .* b, (x), a|b, \\d, [bold] $^ \x1b[31m red"
    found = marked((term,), text)
    # Only the letters and digits of a term are searched, as in the full-text index.
    for piece in found:
        assert piece.lower() in text.lower()
    assert marked((".*",), text) == [] and marked(("(",), text) == [] and marked(("*",), text) == []
    assert marked(("[/foo]",), text) == ["foo"]
    assert marked(("a|b",), text) == ["a .* b", "a|b"]


def test_no_terms_and_empty_terms_mark_nothing() -> None:
    assert pattern(()) is None
    assert pattern(("", "  ", "**")) is None
    assert spans((), "anything") == []
    assert spans(("x",), "") == []


def test_unicode_and_cjk() -> None:
    assert marked(("変換",), "画像変換モデル 変換器") == ["変換"]  # a run of CJK is one word to unicode61 too
    assert marked(("画像",), "画像変換モデル") == ["画像"]
    assert marked(("straße",), "Die Straße") == ["Straße"]
    assert marked(("σοφ",), "ΣΟΦΙΑ test") == ["ΣΟΦ"]


def test_the_pattern_is_compiled_once_per_terms() -> None:
    assert pattern(("diff", "model")) is pattern(("diff", "model"))


def test_stylize_adds_style_spans_and_never_parses_markup() -> None:
    text = Text("Title: ")
    start = len(text)
    text.append("[bold]Diff[/bold] [/foo] diffusion")
    style = Style(underline=True)
    stylize(text, ("diff",), style, start)
    assert text.plain == "Title: [bold]Diff[/bold] [/foo] diffusion"
    assert [(text.plain[span.start : span.end], span.style) for span in text.spans] == [
        ("Diff", style),
        ("diff", style),
    ]
    console = Console(width=80, record=True, color_system=None)
    console.print(text)
    assert console.export_text().strip() == "Title: [bold]Diff[/bold] [/foo] diffusion"


def test_stylize_only_within_the_given_range() -> None:
    text = Text("Abstract diffusion")
    stylize(text, ("abstract", "diffusion"), "bold", start=9)
    assert [(span.start, span.end) for span in text.spans] == [(9, 18)]


def test_a_200_kb_field_is_quick_and_capped() -> None:
    field = ("lorem ipsum diffusion dolor sit amet, " * 6_000)[:200_000]
    begin = time.perf_counter()
    found = spans(("diffusion", "amet"), field)
    elapsed = time.perf_counter() - begin
    assert len(found) == MAX_MATCHES
    assert all(field[start:end].lower() in ("diffusion", "amet") for start, end in found)
    assert elapsed < 0.5
    begin = time.perf_counter()
    assert spans(("zzz",), field) == []  # no match: the whole field is scanned once
    assert spans(("a b c d",), "a " * 100_000) == []
    assert time.perf_counter() - begin < 1.0
