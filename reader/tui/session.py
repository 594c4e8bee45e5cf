"""What the reader was started with, as the main screen and its helpers see it (the App provides it)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from reader.core.config import Config
from reader.storage.library import Library

if TYPE_CHECKING:
    from reader.sources.client import ClientSettings


class ReaderSession(Protocol):
    """The open library, the config and where things live; a Protocol so no screen imports the App."""

    library: Library
    config: Config
    sample: bool
    """Only the bundled sample is in the library: the first real sync forgets it."""
    refresh_on_start: bool
    api_url: str | None
    client_settings: ClientSettings | None
    config_path: Path | None
    state_path: Path | None
    check_after: float | None
    off_thread_papers: int
