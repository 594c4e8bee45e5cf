"""Where the library and the config live: platformdirs, or one directory given by --home."""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path

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


def write_atomically(path: Path, text: str) -> None:
    """Replace `path` with `text` so a crash leaves the old file or the new one, never a mix.

    A temporary file beside it is written, flushed to disk, then renamed over it.
    """
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o777)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    with contextlib.suppress(OSError):  # the rename itself, on file systems that allow it
        directory = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)
