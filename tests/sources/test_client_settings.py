"""reader.sources.client.settings_from_env: what the environment may change about the HTTP client."""

from __future__ import annotations

import pytest

from reader.sources.client import ClientSettings, backoff_delay, settings_from_env


def test_the_defaults_when_the_environment_says_nothing() -> None:
    settings = settings_from_env({})
    assert settings == ClientSettings()
    assert (settings.backoff, settings.max_backoff, settings.attempts) == (1.0, 20.0, 4)


@pytest.mark.parametrize(("value", "seconds"), [("0", 0.0), ("0.25", 0.25), (" 3 ", 3.0), ("20", 20.0), ("", 1.0)])
def test_the_retry_backoff_comes_from_the_environment(value: str, seconds: float) -> None:
    settings = settings_from_env({"PAPER_READER_RETRY_BACKOFF": value})
    assert settings.backoff == seconds
    assert settings.attempts == 4  # as many tries as ever: only the waits between them change


def test_a_backoff_of_zero_retries_at_once() -> None:
    settings = settings_from_env({"PAPER_READER_RETRY_BACKOFF": "0"})
    assert [backoff_delay(retry, settings) for retry in (1, 2, 3)] == [0.0, 0.0, 0.0]


@pytest.mark.parametrize("value", ["soon", "-1", "nan", "inf", "20.5", "1e9"])
def test_a_bad_retry_backoff_is_refused(value: str) -> None:
    with pytest.raises(ValueError, match=r"^PAPER_READER_RETRY_BACKOFF must be seconds from 0 to 20, not "):
        settings_from_env({"PAPER_READER_RETRY_BACKOFF": value})


def test_a_bad_retry_backoff_is_named_in_one_clean_line() -> None:
    with pytest.raises(ValueError) as caught:
        settings_from_env({"PAPER_READER_RETRY_BACKOFF": "\x1b]0;pwned\x07" + "9" * 100})
    message = str(caught.value)
    assert "\x1b" not in message and "\x07" not in message and "\n" not in message
    assert len(message) < 120
