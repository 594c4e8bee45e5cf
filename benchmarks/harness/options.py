"""The command-line options the benchmarks share: the library to build and the reader to run."""

from __future__ import annotations

import argparse
from pathlib import Path

from .corpus import DEFAULT_PAPERS, DEFAULT_SEED


def add_library_options(parser: argparse.ArgumentParser, home: bool = True, many: bool = False) -> None:
    """--papers, --seed, --rebuild (and --home): which generated library, and where (`many`: --papers N [N ...])."""
    if home:
        parser.add_argument("--home", type=Path, help="keep the library in DIR/library.db (default: a temp dir)")
    parser.add_argument("--rebuild", action="store_true", help="generate the library again, ignoring the cache")
    parser.add_argument(
        "--papers",
        type=int,
        nargs="+" if many else None,
        default=[DEFAULT_PAPERS] if many else DEFAULT_PAPERS,
        help=f"papers in the library{' (one or more sizes, each measured in turn)' if many else ''} "
        f"(default {DEFAULT_PAPERS:,})",
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=argparse.SUPPRESS)
    parser.add_argument("--json", action="store_true", help="print the results as JSON on stdout")


def add_reader_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--reader",
        metavar="PATH",
        help="the paper-reader to measure: a console script, or a checkout with a .venv (default: this venv's)",
    )
