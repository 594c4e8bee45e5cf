"""The API URL and the token from the flag and the environment, and what is refused in words. The edges a mutation
run found unguarded in this layer."""

from __future__ import annotations

import pytest

from reader.sources.client import settings_from_env

URL_ENV, TOKEN_ENV, BACKOFF_ENV = "PAPER_READER_API_URL", "HF_TOKEN", "PAPER_READER_RETRY_BACKOFF"


@pytest.mark.parametrize(
    ("flag", "env", "url"),
    [
        (None, {}, "https://huggingface.co"),
        (None, {URL_ENV: "http://127.0.0.1:8080/"}, "http://127.0.0.1:8080"),
        ("https://mirror.example//", {URL_ENV: "http://127.0.0.1:8080"}, "https://mirror.example"),
        (None, {URL_ENV: ""}, "https://huggingface.co"),
        ("HTTP://Mirror.example/api/", {}, "HTTP://Mirror.example/api"),
    ],
)
def test_the_api_url_is_the_flag_then_the_environment_then_hugging_face(
    flag: str | None, env: dict[str, str], url: str
) -> None:
    assert settings_from_env(env, flag).api_url == url


@pytest.mark.parametrize("url", ["ftp://mirror.example", "file:///etc/passwd", "http://", "mirror.example", "//x"])
def test_an_api_url_that_is_not_http_to_a_host_is_refused_by_name(url: str) -> None:
    with pytest.raises(ValueError) as caught:
        settings_from_env({URL_ENV: url})
    assert str(caught.value) == f"API URL must be http(s)://host[:port], not {url.rstrip('/')!r}"


def test_the_token_comes_from_the_environment_and_an_empty_one_is_none() -> None:
    assert settings_from_env({TOKEN_ENV: "hf_abc"}).token == "hf_abc"
    assert settings_from_env({TOKEN_ENV: ""}).token is None
    assert settings_from_env({}).token is None


def test_a_bad_backoff_is_quoted_and_cut_at_forty_characters() -> None:
    with pytest.raises(ValueError) as caught:
        settings_from_env({BACKOFF_ENV: "x" * 50})
    assert str(caught.value) == f"{BACKOFF_ENV} must be seconds from 0 to 20, not {'x' * 40!r}"


def test_only_slashes_are_cut_from_the_end_of_the_api_url() -> None:
    assert settings_from_env({}, "http://mirror.example/X/").api_url == "http://mirror.example/X"
