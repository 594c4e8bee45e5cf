"""Saving a view writes config.toml with tomlkit: every comment, quote, blank line and table the user wrote stays."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from reader.core.config import ConfigError
from reader.storage.config_file import load_config, save_view

HAND_WRITTEN = """\
# paper-reader settings, written by hand
theme = 'nord'            # a literal string
browser = "firefox --new-tab"

'sync_days' = 14   # a quoted key

[keymap]
# my keys
"paper.star" = 'f'
'list.down' = \"\"\"j,down\"\"\"

[views]   # mine, keep this comment
"Old one" = 'is:starred has:code'   # starred with code
plain = "title:\\"x\\""

# the end of my file
"""


def kept_in_order(original: str, written: str) -> bool:
    """Every line of `original` is in `written`, byte for byte and in the same order."""
    lines = iter(written.splitlines())
    return all(any(line == other for other in lines) for line in original.splitlines())


def test_a_new_view_keeps_comments_quoting_and_other_tables(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(HAND_WRITTEN, encoding="utf-8")
    before = tomllib.loads(HAND_WRITTEN)

    save_view(config, 'Odd "name" [/]', "keyword:agent 'x'")

    written = config.read_text(encoding="utf-8")
    assert kept_in_order(HAND_WRITTEN, written), written
    assert written.index('"Odd \\"name\\" [/]"') > written.index("plain = ")  # in [views], after the last view
    assert tomllib.loads(written) == {**before, "views": {**before["views"], 'Odd "name" [/]': "keyword:agent 'x'"}}
    assert load_config(config).views['Odd "name" [/]'] == "keyword:agent 'x'"


def test_replacing_a_view_changes_only_its_value(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(HAND_WRITTEN, encoding="utf-8")

    save_view(config, "plain", "has:code")

    written = config.read_text(encoding="utf-8")
    changed = [line for line in HAND_WRITTEN.splitlines() if line not in written.splitlines()]
    assert changed == ['plain = "title:\\"x\\""'], written
    assert tomllib.loads(written)["views"] == {"Old one": "is:starred has:code", "plain": "has:code"}


def test_a_file_without_views_gets_a_table_after_a_blank_line(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('theme = "nord"  # no newline at the end', encoding="utf-8")
    save_view(config, "Agents", "keyword:agent")
    assert config.read_text(encoding="utf-8") == (
        'theme = "nord"  # no newline at the end\n\n[views]\nAgents = "keyword:agent"\n'
    )


def test_an_inline_views_table_stays_inline(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('views = { A = "is:read" }  # inline\n', encoding="utf-8")
    save_view(config, "B", "has:code")
    written = config.read_text(encoding="utf-8")
    assert written.startswith("views = {") and written.rstrip().endswith("# inline")
    assert tomllib.loads(written) == {"views": {"A": "is:read", "B": "has:code"}}


def test_views_that_are_not_a_table_are_refused_and_the_file_left(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('views = "all"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="views must be a table"):
        save_view(config, "B", "has:code")
    assert config.read_text(encoding="utf-8") == 'views = "all"\n'
