"""Argument types and helpers shared by commands."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

PathsArg = Annotated[
    Optional[list[Path]],
    typer.Argument(
        help="Journey files and/or workspace directories. Default: the workspace containing the current "
        "directory (found via cjm.yaml).",
        show_default=False,
    ),
]


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print `cjm: error: ...` to stderr and return the Exit to raise."""
    print(f"cjm: error: {message}", file=sys.stderr)
    return typer.Exit(code)


class Verbosity:
    """The global `--quiet` / `--verbose` flags (set once by the app callback).

    quiet: print only findings, errors and the requested output (no "wrote ..." lines,
    no summaries, no progress). verbose: also print what was read and skipped.
    """

    quiet: bool = False
    verbose: bool = False


def info(message: str) -> None:
    """A status line on stderr ("wrote out/x.svg"); silenced by --quiet."""
    if not Verbosity.quiet:
        print(message, file=sys.stderr)


def detail(message: str) -> None:
    """Extra detail on stderr, printed only with --verbose."""
    if Verbosity.verbose and not Verbosity.quiet:
        print(message, file=sys.stderr)
