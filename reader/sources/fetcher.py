"""What sync needs from a source: something that GETs a path of the API and hands back the bytes.

Kept apart from `client` (the one module that imports httpx) so that sync and
its tests are typed against this `Protocol` without loading the HTTP stack.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from reader.core.text import clean_line


class FetchError(Exception):
    """A request failed for good (after its retries); the message is one line a user can act on.

    Its text quotes the server (reason phrases, headers, URLs): untrusted, so it is made one safe line here,
    whatever path built it. `offline` says the server was never reached (no name, refused, no route): the
    next request would fail the same way, so a sync stops asking and says so once.
    """

    def __init__(self, message: str, *, offline: bool = False) -> None:
        super().__init__(clean_line(message)[:MAX_MESSAGE])
        self.offline = offline


MAX_MESSAGE = 300
"""Characters of a failure line; a server can make its reason phrase or headers as long as it likes."""


@dataclass(frozen=True)
class Answer:
    """A final (non-retried) answer: its status and body."""

    status: int
    body: bytes
    url: str


@runtime_checkable
class Fetcher(Protocol):
    """Fetches one page of a list: `sources.client.ApiClient` is one, a test may bring another."""

    async def get(
        self, path: str, params: Mapping[str, str | int], *, markdown: bool = False, missing_ok: bool = False
    ) -> Answer:
        """The final answer to GET `path` with `params` (2xx, or a 4xx worth reading), or raise `FetchError`.

        `markdown`: the answer is Markdown text (a full text), not JSON; `missing_ok`: a 404 is an answer."""
        ...
