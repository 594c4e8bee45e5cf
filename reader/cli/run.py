"""`paper-reader` (or `paper-reader run`): open the reader on the library, the bundled sample if it is empty.

Textual is imported only here, and only once config.toml is known to be usable
(its keymap is checked against the reader's keys before anything is opened), so
every other command stays fast.
"""

from __future__ import annotations

import gc

from reader.cli.common import EXIT_FAILED, EXIT_OK, EXIT_USAGE, error, open_library, read_config
from reader.core.paths import Paths
from reader.storage.errors import LibraryError

CHECK_AFTER = 10.0
"""Seconds after the reader starts before it checks the whole library file for damage, in the background."""


def run_reader(paths: Paths, *, refresh: bool = True, api_url: str | None = None) -> int:
    """Run the reader until the user quits: exit 0, or 1 with one line when the library failed under it.

    The cycle collector waits until the first frame is out: importing Textual and building the first
    screen make a few hundred thousand objects, none of them garbage worth a pass (5% of the start).
    """
    gc.disable()
    try:
        return _run_reader(paths, refresh=refresh, api_url=api_url)
    finally:
        gc.enable()


def _run_reader(paths: Paths, *, refresh: bool, api_url: str | None) -> int:
    config = read_config(paths)
    if config is None:
        return EXIT_USAGE
    from reader.tui.app import PaperReaderApp, keymap_problem

    if problem := keymap_problem(config.keymap, paths.config):
        error(problem)
        return EXIT_USAGE
    from reader.storage.migrate import upgrade_pending

    if upgrade_pending(paths.library):  # seconds of work: the reader's first screen says how far it is
        from reader.tui.upgrade import upgrade_library

        upgrade_library(paths.library)
    try:
        opened = open_library(paths)
    except LibraryError as exc:
        error(str(exc))
        return EXIT_FAILED
    with opened.library as library:
        from reader.services.sample import is_sample_only, load_sample_if_empty

        try:
            load_sample_if_empty(library)
        except LibraryError as exc:
            error(str(exc))
            return EXIT_FAILED
        app = PaperReaderApp(
            library,
            config,
            sample=is_sample_only(library),
            refresh=refresh,
            api_url=api_url,
            config_path=paths.config,
            state_path=paths.state,
            notice=opened.notice,
            check_after=CHECK_AFTER,
            after_first_frame=gc.enable,
        )
        app.run()
    if app.exit_error:
        error(app.exit_error)
        return EXIT_FAILED
    return EXIT_OK
