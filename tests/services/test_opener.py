"""reader.services.opener: only http(s) links reach the browser, even when the parser's checks are bypassed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reader.services.opener import OpenError, browser_command, open_url


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "javascript:alert(1)",
        "FILE:///home/user/.ssh/id_rsa",
        "data:text/html,<script>alert(1)</script>",
        "https://",  # no host
        "https://example.org/a\nb",  # a control character
    ],
)
def test_a_link_that_is_not_http_is_refused_and_nothing_is_launched(url: str, browser: Path) -> None:
    argv = browser_command("", os.environ)
    assert argv is not None
    with pytest.raises(OpenError, match="only http"):
        open_url(url, argv)
    assert not browser.exists(), f"the browser was run with {browser.read_text()!r}"


def test_an_http_link_reaches_the_browser(browser: Path) -> None:
    """The same browser and call as above, so the refusals are not a browser that never runs."""
    argv = browser_command("", os.environ)
    assert argv is not None
    open_url("https://arxiv.org/abs/2606.13392", argv)
    assert browser.read_text() == "https://arxiv.org/abs/2606.13392\n"
