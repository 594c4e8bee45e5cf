"""config.toml read: the one-line messages a user sees for a file that is broken, unreadable or past a limit,
and the blank line left before a `[views]` table a save adds. The edges a mutation run found unguarded here."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.config import ConfigError
from reader.storage.config_file import load_config, load_toml, save_view


def toml_problem(text: str) -> str:
    with pytest.raises(ValueError) as raised:
        load_toml(text, "c.toml", ValueError)
    return str(raised.value)


def test_a_file_that_ends_too_early_is_named_at_its_last_line_and_column() -> None:
    assert toml_problem("a = 1\n\nbb = [1,") == "c.toml:3:9: Invalid value (at the end of the file)"
    assert toml_problem('s = "x') == "c.toml:1:7: Unterminated string (at the end of the file)"


def test_nesting_is_allowed_to_the_limit_and_refused_past_it() -> None:
    innermost: list[object] = []
    for _ in range(15):
        innermost = [innermost]
    assert load_toml("a = " + "[" * 16 + "]" * 16, "c.toml", ValueError) == {"a": innermost}
    assert toml_problem("a = " + "[" * 17 + "]" * 17) == "c.toml: nested deeper than 16 levels"
    assert toml_problem("a = " + "[" * 5000 + "]" * 5000) == "c.toml: nested deeper than 16 levels"


def test_a_number_out_of_range_is_named_by_its_full_key() -> None:
    assert toml_problem("[a]\nb = [1, 9223372036854775808]") == (
        "c.toml: a.b.1: the number is out of range (TOML's integers are 64-bit)"
    )
    assert toml_problem("b = -9223372036854775809") == (
        "c.toml: b: the number is out of range (TOML's integers are 64-bit)"
    )
    assert toml_problem("n = " + "9" * 5000) == "c.toml: a number is too long (TOML's integers are 64-bit)"
    assert load_toml("big = 9223372036854775807\nsmall = -9223372036854775808", "c.toml", ValueError) == {
        "big": 2**63 - 1,
        "small": -(2**63),
    }


def test_a_number_that_is_not_finite_is_named_even_after_a_boolean() -> None:
    assert toml_problem("x = inf\nflag = true") == "c.toml: x: the number must be finite, not inf"
    assert toml_problem("[t]\nflag = false\ny = nan") == "c.toml: t.y: the number must be finite, not nan"
    assert load_toml("x = 1.5\nflag = true", "c.toml", ValueError) == {"x": 1.5, "flag": True}


def test_a_long_key_is_cut_to_80_characters_in_the_message() -> None:
    key = "k" * 100
    assert toml_problem(f"{key} = inf") == f"c.toml: {'k' * 80}: the number must be finite, not inf"
    assert toml_problem(f"{key} = 99999999999999999999") == (
        f"c.toml: {'k' * 80}: the number is out of range (TOML's integers are 64-bit)"
    )


def config_problem(path: Path) -> str:
    with pytest.raises(ConfigError) as raised:
        load_config(path)
    return str(raised.value)


def test_a_config_that_cannot_be_read_is_named_with_the_reason(tmp_path: Path) -> None:
    assert config_problem(tmp_path) == f"{tmp_path}: cannot read: is a directory, not a file"
    path = tmp_path / "config.toml"
    path.write_bytes(b'theme = "\xff"\n')
    assert config_problem(path) == (
        f"{path}: cannot read: 'utf-8' codec can't decode byte 0xff in position 9: invalid start byte"
    )


def test_a_broken_or_wrong_config_is_named_by_its_path(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("theme = \n", encoding="utf-8")
    assert config_problem(path) == f"{path}:1:9: Invalid value"
    path.write_text("page_size = 3\n", encoding="utf-8")
    assert config_problem(path).startswith(f"{path}: unknown setting 'page_size' (known: browser, ")
    path.write_text("x = inf\n", encoding="utf-8")
    assert config_problem(path) == f"{path}: x: the number must be finite, not inf"


@pytest.mark.parametrize("ending", ["", "\n", "\n\n"])
def test_a_new_views_table_follows_one_blank_line(tmp_path: Path, ending: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(f'theme = "nord"{ending}', encoding="utf-8")
    save_view(path, "V", "q")
    assert path.read_text(encoding="utf-8") == 'theme = "nord"\n\n[views]\nV = "q"\n'
