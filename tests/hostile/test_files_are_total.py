"""Every file the reader reads is total: state.toml, config.toml and import files give the documented result or
one line with exit status 1 or 2, never a traceback, whatever they hold (issue 13, findings 1 and 2)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from console import OLD_ITEM, one_line
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from reader.core.config import ConfigError
from reader.sources.hf_api import MAX_FILE_NESTING, MAX_NESTING, FeedError, parse_feed_text
from reader.storage.config_file import MAX_TOML_NESTING, load_config
from reader.storage.state_codec import StateFileError, parse

HUGE_INT = "1" * 5_000
"""Valid TOML; Python's tomllib raises ValueError for integers of more than 4,300 digits."""


def nested_toml(depth: int) -> str:
    return "x = " + "[" * depth + "]" * depth + "\n"


def nested_marks(depth: int) -> str:
    """A state file whose one mark is `depth` arrays deep: the deepest array is at level depth + 2."""
    return '[papers]\n"2606.13392" = { read = ' + "[" * depth + "]" * depth + " }\n"


# --- state.toml ------------------------------------------------------------------------------

STATE_BREAKERS = {
    "a 5,000-digit integer": f"[papers]\nx = {HUGE_INT}\n",
    "a 400-digit integer": f"format = {'9' * 400}\n",
    "an integer past 64 bits": f"format = {2**64}\n",
    "nested 17 deep": nested_marks(MAX_TOML_NESTING - 1),
    "nested 500 deep": nested_marks(500),
    "nested 5,000 deep": nested_toml(5_000),
    "an infinite number": "format = inf\n",
}


@pytest.mark.parametrize("text", STATE_BREAKERS.values(), ids=STATE_BREAKERS.keys())
def test_a_state_toml_that_breaks_a_limit_is_kept_aside_and_the_command_runs(cli, home: Path, text: str) -> None:
    (home / "state.toml").write_text(text, encoding="utf-8")

    done = cli("import", OLD_ITEM)  # a new library restores the marks of state.toml: it must read it

    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    line = one_line(done.stderr)
    assert "could not restore marks from" in line and "state.toml" in line
    (kept,) = home.glob("state.toml.broken-*")
    assert kept.read_text(encoding="utf-8") == text
    assert f"(kept as {kept.name})" in line
    again = cli("import", OLD_ITEM)  # healed: the next start says nothing
    assert again.returncode == 0 and again.stderr == ""


@pytest.mark.parametrize("text", STATE_BREAKERS.values(), ids=STATE_BREAKERS.keys())
def test_state_import_of_such_a_file_is_one_line_and_changes_nothing(cli, home: Path, tmp_path: Path, text: str):
    assert cli("import", OLD_ITEM).returncode == 0
    bad = tmp_path / "other.toml"
    bad.write_text(text, encoding="utf-8")

    done = cli("state", "import", bad)

    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert one_line(done.stderr).endswith("; nothing imported")


@pytest.mark.parametrize("depth", [1, 2, 15, 16, 17, 18, 100, 997, 998, 999, 1_000, 3_000, 10_000])
def test_nesting_holds_at_every_depth(depth: int) -> None:
    """Below the limit: a shape error at most; above it: "nested deeper" — the same at every depth, also
    where Python's own recursion limit would end the parser."""
    with pytest.raises(StateFileError) as raised:
        parse(nested_marks(depth), "state.toml")
    message = str(raised.value)
    assert "\n" not in message
    if depth + 2 > MAX_TOML_NESTING:
        assert message == f"state.toml: nested deeper than {MAX_TOML_NESTING} levels"
    else:
        assert "nested" not in message


@pytest.mark.parametrize("digits", [19, 20, 300, 400, 4_300, 4_301, 5_000, 50_000])
def test_numbers_hold_at_every_length(digits: int) -> None:
    with pytest.raises(StateFileError) as raised:
        parse(f"format = {'9' * digits}\n", "state.toml")
    assert "64-bit" in str(raised.value)


def test_a_state_toml_that_is_not_a_file_is_one_line(cli, home: Path, tmp_path: Path) -> None:
    assert cli("import", OLD_ITEM).returncode == 0
    done = cli("state", "import", "/dev/zero")
    assert done.returncode == 1
    assert "not a regular file" in one_line(done.stderr)


# --- config.toml -----------------------------------------------------------------------------

CONFIG_BREAKERS = {
    "a 5,000-digit sync_days": f"sync_days = {HUGE_INT}\n",
    "a 400-digit sync_days": f"sync_days = {'1' * 400}\n",
    "a 400-digit mark_read_delay": f"mark_read_delay = {'1' * 400}\n",
    "a 400-digit refresh_after_minutes": f"refresh_after_minutes = {'1' * 400}\n",
    "an infinite mark_read_delay": "mark_read_delay = inf\n",
    "a mark_read_delay that is not a number": "mark_read_delay = nan\n",
    "nested 5,000 deep": nested_toml(5_000),
    "a view nested 5,000 deep": "[views]\nx = " + "[" * 5_000 + "]" * 5_000 + "\n",
}


@pytest.mark.parametrize("text", CONFIG_BREAKERS.values(), ids=CONFIG_BREAKERS.keys())
@pytest.mark.parametrize("command", [["sync", "--date", "2026-06-12"], ["run"]])
def test_a_config_toml_that_breaks_a_limit_is_one_line_and_exit_2(cli, home: Path, text: str, command) -> None:
    (home / "config.toml").write_text(text, encoding="utf-8")
    done = cli(*command)
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    assert "config.toml" in one_line(done.stderr)


def test_a_config_toml_that_is_a_device_is_one_line(home: Path, tmp_path: Path) -> None:
    link = tmp_path / "config.toml"
    link.symlink_to("/dev/zero")
    with pytest.raises(ConfigError, match="not a regular file"):
        load_config(link)


# --- import files ----------------------------------------------------------------------------


def minimal_item(extra: dict | None = None) -> dict:
    return {"paper": {"id": "2401.00001", "title": "A title", **(extra or {})}}


@pytest.mark.parametrize("depth", [MAX_NESTING - 3, MAX_NESTING, MAX_NESTING + 1, 400, MAX_FILE_NESTING - 3])
def test_an_item_nested_deeper_than_it_needs_is_kept_without_the_deep_field(depth: int) -> None:
    text = json.dumps([minimal_item()])[:-3] + ', "x": ' + "[" * depth + "]" * depth + "}}]"
    feed = parse_feed_text(text)
    (paper,) = feed.papers
    assert paper.id == "2401.00001"
    assert ('"x"' in paper.raw) == (depth < MAX_NESTING - 1)
    json.loads(paper.raw)  # what is stored is JSON that reads back


@pytest.mark.parametrize("depth", [MAX_FILE_NESTING - 2, 900, 985, 988, 990, 995, 5_000, 100_000])
def test_a_file_nested_past_the_limit_is_refused_the_same_at_every_depth(depth: int) -> None:
    """~988 levels parse but cannot be encoded again; a few more cannot be parsed: one answer for all of them."""
    text = json.dumps([minimal_item()])[:-3] + ', "x": ' + "[" * depth + "]" * depth + "}}]"
    with pytest.raises(FeedError) as raised:
        parse_feed_text(text)
    assert str(raised.value) == "not JSON (nested too deeply)"


def test_importing_json_nested_to_the_edge_of_python_is_one_line(cli, home: Path, tmp_path: Path) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text(json.dumps([minimal_item()])[:-3] + ', "x": ' + "[" * 988 + "]" * 988 + "}}]", encoding="utf-8")
    done = cli("import", deep)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert one_line(done.stderr).endswith("not JSON (nested too deeply); nothing imported")


@pytest.mark.parametrize("source", ["/dev/zero", "/dev/urandom", "fifo", "directory"])
def test_import_of_a_device_a_pipe_or_a_directory_is_one_line(cli, home: Path, tmp_path: Path, source: str):
    assert cli("import", OLD_ITEM).returncode == 0
    if source == "fifo":
        path = tmp_path / "pipe.json"
        os.mkfifo(path)  # no writer: a blocking read would hang for ever
    elif source == "directory":
        path = tmp_path / "folder.json"
        path.mkdir()
    else:
        path = Path(source)
    done = cli("import", path)
    assert done.returncode == 1
    line = one_line(done.stderr)
    assert str(path) in line and line.endswith("; nothing imported")


def test_import_of_a_file_over_the_cap_is_one_line_and_reads_nothing(cli, home: Path, tmp_path: Path) -> None:
    from reader.sources.hf_api import MAX_FEED_FILE_BYTES

    huge = tmp_path / "huge.json"
    with huge.open("wb") as file:
        file.truncate(MAX_FEED_FILE_BYTES + 1)  # sparse: no disk, and refused by its size before any read
    done = cli("import", huge)
    assert done.returncode == 1
    assert f"is over the {MAX_FEED_FILE_BYTES:,}-byte limit" in one_line(done.stderr)


# --- property: any TOML document ---------------------------------------------------------------

TOML_KEYS = st.one_of(st.sampled_from(["format", "papers", "read", "starred", "sync_days", "views", "keymap"]),
                      st.text(max_size=12))  # fmt: skip
TOML_SCALARS = st.one_of(
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.datetimes(),
    st.dates(),
)
TOML_VALUES = st.recursive(
    TOML_SCALARS,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(TOML_KEYS, children, max_size=4),
    max_leaves=30,
)
TOML_DOCUMENTS = st.dictionaries(TOML_KEYS, TOML_VALUES, max_size=6)


def to_toml(document: dict) -> str:
    """The document as TOML text (tomlkit, the writer of config.toml); integers past 64 bits as their digits."""
    import tomlkit

    return tomlkit.dumps(document)


@pytest.mark.slow
@settings(max_examples=1_000)
@given(document=TOML_DOCUMENTS, prefix=st.sampled_from(["", "[papers]\n", "format = 1\n"]))
def test_any_toml_document_is_marks_or_one_line_state_error(document: dict, prefix: str) -> None:
    try:
        text = prefix + to_toml(document)
    except (TypeError, ValueError):
        return  # not representable as TOML (tomli_w's rules); not an input we can write
    try:
        parse(text, "state.toml")
    except StateFileError as exc:
        assert "\n" not in str(exc) and str(exc).startswith("state.toml")


@pytest.fixture(scope="module")
def config_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One config.toml every example writes over: a numbered directory per example costs pytest a scan of all
    the earlier ones (quadratic in the examples)."""
    return tmp_path_factory.mktemp("config") / "config.toml"


@pytest.mark.slow
@settings(max_examples=1_000, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(document=TOML_DOCUMENTS)
@example(document={"views": {"\n": False}})  # found by this property: the key reached the message raw
def test_any_toml_document_is_a_config_or_one_line_config_error(document: dict, config_path: Path) -> None:
    try:
        text = to_toml(document)
    except (TypeError, ValueError):
        return
    path = config_path
    path.write_text(text, encoding="utf-8")
    try:
        load_config(path)
    except ConfigError as exc:
        assert "\n" not in str(exc) and str(path) in str(exc)
