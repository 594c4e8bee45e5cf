"""`[keymap]` mistakes are config errors before the reader starts: the registry's check, and the console script."""

from __future__ import annotations

from pathlib import Path

import pytest
from console import one_line

from reader.tui import keys
from reader.tui.keymap_check import is_key, keymap_problem


@pytest.mark.parametrize("key", ["j", "J", "?", "question_mark", "left_square_bracket", "ctrl+n", "ctrl+shift+f5",
                                 "escape", "pageup", "f12", "é", "space", "alt+left"])  # fmt: skip
def test_keys_that_are_keys(key: str) -> None:
    assert is_key(key)


@pytest.mark.parametrize("key", ["ctrl+shift+banana", "banana", "ctrl+", "", "hyperdrive+x", "ctrl+ctrl+x",
                                 "ctrl+é", "f99", "<any>"])  # fmt: skip
def test_nonsense_is_not_a_key(key: str) -> None:
    assert not is_key(key)


def test_the_default_keys_have_no_problem() -> None:
    assert keymap_problem({}) is None
    every_default = {key.id: key.binding.key for key in keys.KEYS.values()}
    assert keymap_problem(every_default) is None, "the registry's own layering is allowed"


def test_a_key_bound_twice_in_one_place_names_both_ids() -> None:
    problem = keymap_problem({"paper.star": "j"}, "/home/me/config.toml")
    assert problem is not None and problem.startswith("/home/me/config.toml: [keymap]")
    assert "paper.star" in problem and "list.down" in problem and "'j'" in problem


def test_clashes_count_the_keymap_on_both_sides_and_only_where_both_are_active() -> None:
    moved = {"paper.star": "j", "list.down": "ctrl+n", "detail.down": "ctrl+n"}
    assert keymap_problem(moved) is None, "j moved out of the way in the list and in the detail"
    problem = keymap_problem({"paper.star": "j", "list.down": "ctrl+n"})
    assert problem is not None and "detail.down" in problem, "the detail still scrolls with j"
    assert keymap_problem({"detail.top": "z"}) is None  # z: a key with no job (x exports)
    problem = keymap_problem({"views.pick_2": "1"})
    assert problem is not None and "views.pick_2" in problem and "'1'" in problem
    assert keymap_problem({"help.close": "s"}) is None, "the help screen is a place of its own"


def test_nonsense_names_the_binding_and_the_key() -> None:
    problem = keymap_problem({"list.sort": "o,ctrl+shift+banana"})
    assert problem is not None and "list.sort" in problem and "ctrl+shift+banana" in problem


@pytest.mark.parametrize(
    ("keymap", "named"),
    [('"paper.star" = "j"', ("paper.star", "list.down")), ('"paper.star" = "ctrl+shift+banana"', ("paper.star",))],
)
def test_the_reader_refuses_a_bad_keymap_with_exit_2(cli, home: Path, keymap: str, named: tuple[str, ...]) -> None:
    (home / "config.toml").write_text(f"# mine\n[keymap]\n{keymap}\n", encoding="utf-8")
    done = cli()
    assert done.returncode == 2, done.stderr
    line = one_line(done.stderr)
    assert all(binding_id in line for binding_id in named) and "config.toml" in line
    assert not (home / "library.db").exists(), "checked before the library is opened"
