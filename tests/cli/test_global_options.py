"""Global options are taken before or after the command, and every command that reads config.toml says the same."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import load_fixture
from console import DAILY, count_papers, one_line
from hf_server import FakeHub

from reader.cli.main import GLOBAL_DEFAULTS, build_parser, parse_args, parse_reader_start

COMMANDS = [[], ["run"], ["import", "x.json"], ["list", "q"], ["sync"], ["state", "export"], ["state", "import", "x"]]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "default")
@pytest.mark.parametrize("where", ["before", "after"])
def test_every_global_option_is_taken_before_or_after_every_command(command: list[str], where: str) -> None:
    options = ["--home", "/h", "--api-url", "http://127.0.0.1:1", "--no-refresh"]
    args = parse_args(options + command if where == "before" else command + options)
    assert (args.home, args.api_url, args.no_refresh) == ("/h", "http://127.0.0.1:1", True)


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "default")
def test_global_options_given_nowhere_take_their_defaults(command: list[str]) -> None:
    args = parse_args(command)
    assert {name: getattr(args, name) for name in GLOBAL_DEFAULTS} == GLOBAL_DEFAULTS


READER_STARTS = [
    [], ["run"], ["--home", "x"], ["--home=x"], ["--home="], ["--home", ""], ["--home", "run"],
    ["run", "--home", "x", "--no-refresh"], ["--no-refresh", "run", "--api-url", "http://a"],
    ["--home", "x", "--home", "y"], ["--api-url=u", "run", "--home=h"],
]  # fmt: skip


@pytest.mark.parametrize("argv", READER_STARTS, ids=" ".join)
def test_a_start_of_the_reader_is_parsed_as_the_whole_parser_parses_it(argv: list[str]) -> None:
    """The quick path for `paper-reader [run] [global options]` gives exactly what argparse gives."""
    quick = parse_reader_start(argv)
    whole = build_parser().parse_args(argv)
    assert quick is not None
    assert vars(quick) == {**GLOBAL_DEFAULTS, **vars(whole)}


@pytest.mark.parametrize(
    "argv",
    [["run", "run"], ["--home"], ["--home", "-x"], ["--no-ref"], ["--"], ["-h"], ["--version"], ["list"],
     ["run", "extra"], ["--no-refresh=1"], ["--home", "x", "sync"]],
    ids=" ".join,
)  # fmt: skip
def test_anything_else_goes_to_the_whole_parser(argv: list[str]) -> None:
    """An abbreviation, a value that looks like an option, a command or a mistake: argparse reads it, as before."""
    assert parse_reader_start(argv) is None


@pytest.mark.parametrize("where", ["before", "after"])
def test_sync_uses_the_api_url_in_either_place(cli, hub: FakeHub, home: Path, where: str) -> None:
    hub.lists["date=2026-06-12"] = load_fixture("hf_daily_2026-06-12.json")
    sync = ["sync", "--date", "2026-06-12"]
    done = cli(*(["--api-url", hub.url, *sync] if where == "before" else [*sync, "--api-url", hub.url]))
    assert done.returncode == 0, done.stderr  # the env's PAPER_READER_API_URL is a dead port: it was not used
    assert done.stdout.splitlines()[-1] == "Synced 1 list: 30 new, 0 updated papers."
    assert [seen.params["date"] for seen in hub.seen] == ["2026-06-12"]
    assert count_papers(home / "library.db") == 30


def test_home_after_the_command(cli, home: Path) -> None:
    done = cli("import", DAILY, "--home", home, home=None)
    assert done.returncode == 0, done.stderr
    assert count_papers(home / "library.db") == 30
    listed = cli("list", "--limit", "2", "--home", home, home=None)
    assert listed.returncode == 0, listed.stderr
    assert len(listed.stdout.splitlines()) == 2
    exported = cli("state", "export", "-", "--home", home, home=None)
    assert exported.returncode == 0, exported.stderr
    assert not (home / "state.toml").exists() and "[papers]" in exported.stdout


BROKEN = {
    "syntax": ('theme = "nord"\nthis is not toml\n', ":2:6: "),
    "unknown": ("colour = 1\n", "unknown setting 'colour'"),
    "type": ('sync_days = "7"\n', "sync_days must be an integer, not a string"),
}


@pytest.mark.parametrize("broken", BROKEN, ids=str)
def test_list_reads_config_toml_like_every_other_command(cli, home: Path, broken: str) -> None:
    text, named = BROKEN[broken]
    (home / "config.toml").write_text(text, encoding="utf-8")
    assert cli("import", DAILY).returncode == 0  # import keeps working: it uses no setting
    listed, synced = cli("list", "has:code"), cli("sync", "--days", "1")
    assert (listed.returncode, listed.stdout) == (2, "")
    line = one_line(listed.stderr)
    assert line.startswith(f"paper-reader: {home / 'config.toml'}") and named in line, line
    assert (synced.returncode, one_line(synced.stderr)) == (2, line)
