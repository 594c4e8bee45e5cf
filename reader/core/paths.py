"""Where the library and the config live: platformdirs, or one directory given by --home."""

from __future__ import annotations

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
