"""Argument types and helpers shared by commands."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

if TYPE_CHECKING:
    from ..progress import ProgressBar

PathsArg = Annotated[
    Optional[list[Path]],
    typer.Argument(
        metavar="PATH",
        help="Journey files and/or workspace directories. Default: the workspace containing the current "
        "directory (found via cjm.yaml).",
        show_default=False,
    ),
]


# Options several commands share, defined once so their names and help stay the same.
MaxFileMbOpt = Annotated[
    Optional[float],
    typer.Option(
        metavar="MB", help="Refuse files larger than this many MB (default 10, or max_file_mb in cjm.yaml).", min=0.001
    ),
]
TodayOpt = Annotated[
    Optional[dt.datetime],
    typer.Option(
        "--today",
        formats=["%Y-%m-%d"],
        metavar="YYYY-MM-DD",
        help="Date stale-review and stale-measurement count from (default: today, or SOURCE_DATE_EPOCH).",
    ),
]
OutputFileOpt = Annotated[
    Optional[Path],
    typer.Option("--output", "-o", metavar="FILE", help="File to write (default: stdout).", show_default=False),
]


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print `cjm: error: ...` to stderr and return the Exit to raise."""
    print(f"cjm: error: {message}", file=sys.stderr)
    return typer.Exit(code)


class Verbosity:
    """The global `--quiet` / `--verbose` flags (set once per run by the app callback).

    quiet: print only findings, errors and the requested output (no "wrote ..." lines,
    no summaries, no progress). verbose: also print what was read and skipped, and how
    long each phase took. The two exclude each other.
    """

    quiet: bool = False
    verbose: bool = False

    @classmethod
    def set(cls, *, quiet: bool = False, verbose: bool = False) -> None:
        cls.quiet, cls.verbose = quiet, verbose


def info(message: str) -> None:
    """A status line on stderr ("wrote out/x.svg"); silenced by --quiet."""
    if not Verbosity.quiet:
        print(message, file=sys.stderr)


def detail(message: str) -> None:
    """Extra detail on stderr, printed only with --verbose."""
    if Verbosity.verbose and not Verbosity.quiet:
        print(message, file=sys.stderr)


def progress_bar(description: str, *, min_total: int | None = None) -> ProgressBar:
    """A progress bar that draws only on a terminal, for enough work, and never with --quiet."""
    from ..progress import MANY_FILES, ProgressBar, terminal_wants_progress

    enabled = not Verbosity.quiet and terminal_wants_progress()
    return ProgressBar(description, enabled=enabled, min_total=min_total or MANY_FILES)


# Shell completion. These run inside the user's shell on every <TAB>: they import only
# what they need and never print (a message would land in the command line).


def complete_rule_id(incomplete: str) -> list[tuple[str, str]]:
    """`cjm rules <TAB>`: rule ids with their one-line summary (zsh and fish show it)."""
    from ..rules import RULES
    from ..rules.base import summary

    return [(rid, summary(rule)) for rid, rule in RULES.items() if rid.startswith(incomplete)]


def complete_rule_list(incomplete: str) -> list[tuple[str, str]]:
    """`--select missing-owner,em<TAB>`: the last comma-separated id, keeping the ones before."""
    head, _, last = incomplete.rpartition(",")
    prefix = head + "," if head else ""
    given = set(head.split(",")) if head else set()
    return [(prefix + rid, why) for rid, why in complete_rule_id(last) if rid not in given]


def complete_persona_id(ctx: typer.Context, incomplete: str) -> list[str]:
    """`cjm render --persona <TAB>`: persona ids of the journeys named (or the current workspace)."""
    from ..discovery import find_root
    from ..workspace import load_paths

    # While completing, click leaves the positional paths typed so far in ctx.args.
    paths = [Path(p) for p in [*(ctx.params.get("paths") or ()), *ctx.args] if Path(p).exists()]
    if not paths:
        # Only a real workspace: outside one, "the current directory" may be a home
        # directory, and walking it would hang the shell.
        root = find_root(Path.cwd())
        if root is None:
            return []
        paths = [root]
    try:
        workspaces = load_paths(paths)
    except Exception:  # a half-typed command line; completion offers nothing rather than failing
        return []
    ids = {pid for ws in workspaces for _, journey in ws.valid_journeys() for pid in journey.persona_ids}
    return sorted(pid for pid in ids if pid.startswith(incomplete))
