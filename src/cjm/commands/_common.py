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
