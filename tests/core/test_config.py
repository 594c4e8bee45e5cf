"""The config model: one declaration gives the checks, their messages and the README's configuration block."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from reader.core.config import Config, ConfigError, config_from_dict, example_toml

ROOT = Path(__file__).resolve().parents[2]


def readme_config_block() -> str:
    """The ```toml block of the README's "Configuration" section."""
    section = (ROOT / "README.md").read_text(encoding="utf-8").split("\n## Configuration\n", 1)[1].split("\n## ", 1)[0]
    match = re.search(r"^```toml\n(.*?)^```$", section, re.MULTILINE | re.DOTALL)
    assert match, "no ```toml block in the README's Configuration section"
    return match[1]


def test_the_readme_configuration_block_is_the_generated_one() -> None:
    assert readme_config_block() == example_toml(), "run `python -m reader.core.config` and paste it into README.md"


def test_python_dash_m_prints_the_block() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "reader.core.config"], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert done.stdout == example_toml()


def test_the_example_is_a_valid_config_of_the_defaults_and_the_examples() -> None:
    import tomllib

    config = config_from_dict(tomllib.loads(example_toml()))
    assert config == Config(
        views={"Agents": "keyword:agent OR title:agent"}, keymap={"paper.star": "f", "list.down": "j,down,ctrl+n"}
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"mark_read_delay": "soon"}, "mark_read_delay must be a number, not a string"),
        ({"refresh_after_minutes": [1]}, "refresh_after_minutes must be a number, not an array"),
        ({"sync_days": 7.5}, "sync_days must be an integer, not a float"),
        ({"sync_days": True}, "sync_days must be an integer, not a boolean"),
        ({"theme": 3}, "theme must be a string, not an integer"),
        ({"keymap": "f"}, "keymap must be a table, not a string"),
        ({"mark_read_delay": -1}, "mark_read_delay must be 0 or more seconds"),
        ({"sync_days": 0}, "sync_days must be between 1 and 3650"),
        ({"refresh_after_minutes": -0.5}, "refresh_after_minutes must be 0 (never) or more minutes"),
        ({"views": {"A": 1}}, "views.A must be a filter query in a string"),
        ({"views": {"x" * 41: "has:code"}}, "must be 1-40 printable characters"),
        ({"keymap": {"app.quit": " "}}, "keymap.app.quit must be a non-empty string of keys"),
        ({"views": {"\n": False}}, 'views."\\n" must be a filter query in a string'),  # one line, as TOML quotes it
        ({"keymap": {"\x1b[2J": ""}}, 'keymap."\\u001b[2J" must be a non-empty string of keys'),
        ({"colour": 1}, "unknown setting 'colour' (known: browser, keymap, mark_read_delay, refresh_after_minutes"),
    ],
)
def test_each_wrong_setting_is_named_in_plain_words(data: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        config_from_dict(data, "my.toml")
    assert str(caught.value).startswith("my.toml: ") and message in str(caught.value)
    assert str(caught.value).isprintable(), "one line, with nothing a terminal would act on"
    assert " a int" not in str(caught.value) and " a float or" not in str(caught.value)


def test_numbers_are_floats_where_a_number_is_asked() -> None:
    config = config_from_dict({"mark_read_delay": 2, "refresh_after_minutes": 0, "sync_days": 3})
    assert (config.mark_read_delay, config.refresh_after_minutes, config.sync_days) == (2.0, 0.0, 3)
    assert isinstance(config.mark_read_delay, float) and isinstance(config.refresh_after_minutes, float)
