"""Where the library and the config live: platformdirs, or one directory given by --home."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

APP_NAME = "paper-reader"
HOME_ENV = "PAPER_READER_HOME"


@dataclass(frozen=True)
class Paths:
    """The files the reader reads and writes."""

    data_dir: Path
    config_dir: Path

    @property
    def library(self) -> Path:
        return self.data_dir / "library.db"

    @property
    def config(self) -> Path:
        return self.config_dir / "config.toml"

    @property
    def state(self) -> Path:
        """The automatic export of the read and star marks, beside the library."""
        return self.data_dir / "state.toml"

    @classmethod
    def resolve(cls, home: str | os.PathLike[str] | None = None) -> Paths:
        """--home wins, then $PAPER_READER_HOME, then the platform's user dirs."""
        home = home or os.environ.get(HOME_ENV) or None
        if home:
            root = Path(home).expanduser().resolve()
            return cls(data_dir=root, config_dir=root)
        import platformdirs

        return cls(
            data_dir=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
            config_dir=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
        )


def read_capped(path: Path, cap: int) -> bytes:
    """The bytes of a regular file of at most `cap` bytes.

    Anything else is an `OSError` whose `strerror` is one line a user can act on: a pipe or a device
    (`/dev/zero` never ends), a directory, or a file over the cap. Opened without blocking, so a pipe
    with no writer cannot hang the command.
    """
    with open_regular(path) as file:
        data = file.read(cap + 1)
    if len(data) > cap:
        raise OSError(0, f"is over the {cap:,}-byte limit", str(path))
    return data


def open_regular(path: Path) -> BinaryIO:
    """A regular file opened for reading bytes; `OSError` (one line, as `read_capped` says) for anything else."""
    import stat

    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        mode = os.fstat(descriptor).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(21, "is a directory, not a file", str(path))
        if not stat.S_ISREG(mode):
            raise OSError(0, "is not a regular file (a pipe or a device); save it to a file first", str(path))
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise
