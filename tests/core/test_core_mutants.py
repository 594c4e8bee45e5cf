"""The edges of core that a mutation run found unguarded: file reading caps, paths, view names, setting rules."""

from __future__ import annotations

import errno
import os
import sys
import threading
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from reader.core.config import ConfigError, config_from_dict
from reader.core.marks import iso_stamp
from reader.core.paper import is_web_url, normalize_github_repo
from reader.core.paths import HOME_ENV, Paths, read_capped
from reader.core.spans import Span, Step
from reader.core.text import clean_line, for_terminal, shown_path
from reader.core.views import MAX_NAME, View, all_views, builtin_views, check_view_name

# -- read_capped: a regular file up to the cap, and a one-line reason for anything else --------------------


def test_a_file_of_exactly_the_cap_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "list.json"
    path.write_bytes(b"12345")
    assert read_capped(path, 5) == b"12345"
    assert read_capped(path, 6) == b"12345"


def test_one_byte_over_the_cap_is_refused_naming_the_cap_and_the_file(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    path.write_bytes(b"x" * 1_001)
    with pytest.raises(OSError) as raised:
        read_capped(path, 1_000)
    assert (raised.value.errno, raised.value.strerror, raised.value.filename) == (
        0,
        "is over the 1,000-byte limit",
        str(path),
    )


def test_a_directory_is_refused_as_a_directory(tmp_path: Path) -> None:
    with pytest.raises(IsADirectoryError) as raised:
        read_capped(tmp_path, 1_000)
    assert (raised.value.errno, raised.value.strerror, raised.value.filename) == (
        errno.EISDIR,
        "is a directory, not a file",
        str(tmp_path),
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs a named pipe")
def test_a_pipe_without_a_writer_is_refused_at_once_not_waited_on(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    outcome: list[BaseException | bytes] = []

    def read() -> None:
        try:
            outcome.append(read_capped(pipe, 1_000))
        except OSError as exc:
            outcome.append(exc)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(timeout=10)
    waited = reader.is_alive()
    if waited:  # blocked in open(): a writer lets it go, so the test process can end
        os.close(os.open(pipe, os.O_WRONLY | os.O_NONBLOCK))
        reader.join(timeout=10)
    assert not waited, "read_capped waited for a writer"
    [error] = outcome
    assert isinstance(error, OSError)
    assert (error.errno, error.strerror, error.filename) == (
        0,
        "is not a regular file (a pipe or a device); save it to a file first",
        str(pipe),
    )


# -- Paths.resolve: --home, then $PAPER_READER_HOME, then the platform's directories -----------------------


def test_home_holds_the_library_the_config_and_the_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(HOME_ENV, raising=False)
    paths = Paths.resolve(tmp_path / "home")
    root = (tmp_path / "home").resolve()
    assert (paths.data_dir, paths.config_dir) == (root, root)
    assert paths.library == root / "library.db"
    assert (paths.config, paths.state) == (root / "config.toml", root / "state.toml")


def test_a_relative_home_with_a_tilde_becomes_absolute(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv(HOME_ENV, raising=False)
    assert Paths.resolve("~/reader").data_dir == (tmp_path / "reader").resolve()
    monkeypatch.chdir(tmp_path)
    assert Paths.resolve("relative").config_dir == (tmp_path / "relative").resolve()


def test_the_home_option_wins_over_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(HOME_ENV, str(tmp_path / "from-env"))
    assert Paths.resolve(tmp_path / "given").data_dir == (tmp_path / "given").resolve()
    assert Paths.resolve().data_dir == (tmp_path / "from-env").resolve()
    assert Paths.resolve(None).config_dir == (tmp_path / "from-env").resolve()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the XDG directories are Linux's")
def test_without_a_home_the_platform_directories_are_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(HOME_ENV, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    paths = Paths.resolve("")
    assert paths.data_dir == tmp_path / "data" / "paper-reader"
    assert paths.config_dir == tmp_path / "config" / "paper-reader"


# -- views ---------------------------------------------------------------------------------------------------


def test_every_builtin_view_says_it_is_builtin_and_today_is_the_newest_list() -> None:
    views = builtin_views(date(2026, 6, 14), "2026-06-12")
    assert [(view.name, view.query) for view in views] == [
        ("Today", "date:2026-06-12"),
        ("This week", "date:2026-W24"),
        ("Starred", "is:starred"),
        ("Unread", "is:unread"),
        ("Has code", "has:code"),
        ("New", "is:new"),
        ("Rising", "age<=14d"),
    ]
    assert all(view.builtin is True for view in views)


def test_all_views_keep_the_newest_list_for_today_and_add_the_configured_ones() -> None:
    views = all_views({"Agents": "keyword:agent"}, date(2026, 6, 14), "2026-06-12")
    assert views[0] == View("Today", "date:2026-06-12", True)
    assert views[-1] == View("Agents", "keyword:agent", False)


def test_a_view_name_of_the_longest_length_is_kept_and_one_more_is_refused() -> None:
    assert check_view_name("  a " + "b" * (MAX_NAME - 2) + "  ") == "a " + "b" * (MAX_NAME - 2)
    with pytest.raises(ValueError, match=rf"^a view's name is at most {MAX_NAME} characters$"):
        check_view_name("b" * (MAX_NAME + 1))


@pytest.mark.parametrize(
    ("name", "reason"),
    [("   ", "a view needs a name"), ("a\x1bb", "a view's name cannot hold control characters")],
)
def test_a_view_name_that_cannot_be_one_says_why(name: str, reason: str) -> None:
    with pytest.raises(ValueError) as raised:
        check_view_name(name)
    assert str(raised.value) == reason


# -- setting rules at their bounds -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        {"mark_read_delay": 0},
        {"mark_read_delay": 0.5},
        {"sync_days": 1},
        {"sync_days": 3650},
        {"views": {"v" * MAX_NAME: "is:unread"}},
    ],
)
def test_a_setting_at_the_edge_of_its_rule_is_accepted(data: dict[str, object]) -> None:
    [(key, value)] = data.items()
    assert getattr(config_from_dict(data), key) == value


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"sync_days": 0}, "config.toml: sync_days must be between 1 and 3650"),
        ({"sync_days": 3651}, "config.toml: sync_days must be between 1 and 3650"),
        ({"mark_read_delay": -0.5}, "config.toml: mark_read_delay must be 0 or more seconds"),
        ({"views": {"v" * (MAX_NAME + 1): "x"}}, f"must be 1-{MAX_NAME} printable characters"),
        ({"sync_days": (1,)}, "config.toml: sync_days must be an integer, not tuple"),  # not a TOML type: as Python
    ],
)
def test_a_setting_past_its_rule_is_named(data: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError) as raised:
        config_from_dict(data)
    assert str(raised.value).endswith(message)


# -- small helpers ------------------------------------------------------------------------------------------


def test_a_path_a_terminal_would_act_on_is_shown_quoted() -> None:
    assert shown_path(Path("a\x1b[2Jb.json")) == repr("a\x1b[2Jb.json")
    assert shown_path("plain name.json") == "plain name.json"


def test_a_day_span_keeps_its_step() -> None:
    span = Span.around(Step.DAY, date(2026, 6, 12))
    assert (span.step, span.first, span.last) == (Step.DAY, date(2026, 6, 12), date(2026, 6, 12))


def test_the_terminal_gate_removes_escapes_and_keeps_newlines() -> None:
    assert for_terminal("a\x1b[31mb\u202ec\n") == "abc\n"


def test_a_repository_name_keeps_its_own_letters() -> None:
    assert normalize_github_repo("https://github.com/owner/FOX.git") == "https://github.com/owner/FOX"
    assert normalize_github_repo("owner/X-RAY.X.") == "https://github.com/owner/X-RAY.X"


def test_a_url_holding_the_last_c1_control_is_not_a_web_url() -> None:
    assert not is_web_url("https://example.com/a\x9fb")
    assert is_web_url("https://example.com/a\xa1b")


@pytest.mark.parametrize(
    ("text", "line"), [(" a", "a"), ("a ", "a"), ("ab ", "ab"), ("a  b", "a b"), ("a\u00a0b", "a b")]
)
def test_a_printable_line_with_spaces_to_fold_is_folded(text: str, line: str) -> None:
    assert clean_line(text) == line


def test_a_stamp_is_utc_whatever_the_local_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "JST-9")  # a POSIX zone string: no tz database needed
    time.tzset()
    try:
        moment = datetime(2026, 6, 12, 17, 30, tzinfo=timezone(timedelta(hours=9)))
        assert iso_stamp(moment) == "2026-06-12T08:30:00.000Z"
    finally:
        monkeypatch.undo()
        time.tzset()
