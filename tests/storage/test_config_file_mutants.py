"""The theme picked in the reader, saved into config.toml as the user wrote it; what cannot be saved is said.
The edges a mutation run found unguarded in this layer (the reader's tests save themes too)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from reader.core.config import ConfigError
from reader.storage.config_file import save_theme


def test_the_theme_is_replaced_where_it_is_with_its_comment(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('# mine\ntheme = "gruvbox"  # warm\n[views]\nA = "x"\n', encoding="utf-8")
    save_theme(path, "nord")
    assert path.read_text(encoding="utf-8") == '# mine\ntheme = "nord"  # warm\n[views]\nA = "x"\n'


def test_a_theme_is_added_before_the_tables(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('page_size = 7\n\n[views]\nA = "x"\n', encoding="utf-8")
    save_theme(path, "nord")
    assert tomllib.loads(path.read_text(encoding="utf-8")) == {"page_size": 7, "theme": "nord", "views": {"A": "x"}}


def test_a_theme_is_saved_into_a_new_file(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    save_theme(path, "textual-light")
    assert path.read_text(encoding="utf-8") == 'theme = "textual-light"\n'


def test_a_broken_file_is_named_and_left_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("theme = \n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"config\.toml: .*; fix it before saving the theme$"):
        save_theme(path, "nord")
    assert path.read_text(encoding="utf-8") == "theme = \n"


def test_a_file_that_is_not_text_is_named(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b"\xff\xfe theme")
    with pytest.raises(ConfigError, match=r"config\.toml: cannot read: "):
        save_theme(path, "nord")


def test_an_unwritable_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.mkdir()  # a directory where the file should be: it cannot be read as one
    with pytest.raises(ConfigError, match=r"config\.toml: cannot read: "):
        save_theme(path, "nord")
