"""What the commands that ask Hugging Face share (add, search, fetch, sync --linked): the client's settings
from the flags and environment, the library opened for writing, one-line errors, a progress bar."""

from __future__ import annotations

import os
import sys
from collections.abc import Awaitable, Callable
from typing import Any, TextIO, TypeVar

from reader.cli.common import EXIT_FAILED, EXIT_OK, EXIT_USAGE, LongWork, error, open_library, plural
from reader.core.paths import Paths
from reader.storage.errors import LibraryError
from reader.storage.library import Library

__all__ = ["EXIT_FAILED", "EXIT_OK", "EXIT_USAGE", "ProgressBar", "error", "plural", "run_online"]

T = TypeVar("T")


def client_settings(api_url: str | None) -> Any:
    """`ClientSettings` from --api-url, PAPER_READER_API_URL and HF_TOKEN; `ValueError` for a bad URL."""
    from reader.sources.client import settings_from_env

    return settings_from_env(os.environ, api_url)


def with_client(settings: Any, work: Callable[[Any], Awaitable[T]]) -> T:
    """Run `work(client)` with an open `ApiClient`, in a fresh event loop."""
    import asyncio

    from reader.sources.client import ApiClient

    async def run() -> T:
        async with ApiClient(settings) as client:
            return await work(client)

    return asyncio.run(run())


def run_online(paths: Paths, api_url: str | None, work: Callable[[Library, Any], Awaitable[int]]) -> int:
    """Open the library and a client, run `work(library, client)`; bad URLs, libraries and ^C are one line."""
    try:
        settings = client_settings(api_url)
    except ValueError as exc:
        error(str(exc))
        return EXIT_USAGE
    try:
        library = open_library(paths).library
    except LibraryError as exc:
        error(str(exc))
        return EXIT_FAILED
    with library:
        try:
            return with_client(settings, lambda client: work(library, client))
        except KeyboardInterrupt:
            error("interrupted; what was fetched before is stored")
            return EXIT_FAILED
        except LibraryError as exc:
            error(str(exc))
            return EXIT_FAILED


class ProgressBar:
    """rich's bar of `done`/`total` NOUN with the rate (`LongWork`) on stderr when it is a terminal and the work
    takes over a second; nothing otherwise. Lines said meanwhile (`error`) are printed above it."""

    def __init__(self, noun: str, err: TextIO | None = None) -> None:
        self.work = LongWork(f"Fetching {noun}", noun, err or sys.stderr)
        self.shown = self.work.shown

    def update(self, done: int, total: int) -> None:
        if total > 0:
            self.work.update(done, total)

    def clear(self) -> None:
        """Take the bar off the terminal (the summary line follows)."""
        self.work.close()
