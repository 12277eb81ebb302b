"""`cjm init`: scaffold a new workspace."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from ..stages import STAGE_MODELS
from ._common import fail, info


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
    app.command()(init)


def init(
    directory: Annotated[
        Optional[Path],
        typer.Argument(
            metavar="DIR", help="Where to create the workspace (created if missing). Default: the current directory."
        ),
    ] = None,
    stages: Annotated[
        str,
        typer.Option(
            "--stages", metavar="MODEL", help=f"Stage model of the starter journey: {', '.join(STAGE_MODELS)}."
        ),
    ] = "b2b-7",
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite files that already exist (their content is lost).")
    ] = False,
) -> None:
    """Create a workspace: cjm.yaml, a persona library, a commented starter journey that
    validates clean, a pre-commit config and a GitHub Actions workflow.

    Nothing is written when one of those files already exists (unless --force).
    Exit status: 0 created, 2 usage error or existing files.
    """
    from ..errors import UserError
    from ..scaffold import init_workspace

    target = directory if directory is not None else Path.cwd()
    try:
        result = init_workspace(target, stages=stages, force=force)
    except UserError as exc:
        raise fail(str(exc)) from None
    except OSError as exc:
        raise fail(f"cannot write to {target}: {exc.strerror or exc}; check the path and its permissions") from None
    for path in result.written:
        info(f"created {_shown(path, target)}")
    journey = _shown(result.written[2], target)
    where = "" if directory is None else f"cd {directory} && "
    info("next steps:")
    info(f"  1. edit {journey} into your customer's journey; `{where}cjm validate` checks it")
    info("  2. `cjm render -f svg -o out` draws it, `cjm report -o out/report` builds the HTML report")
    info("  3. `git init && pre-commit install` checks every commit (needs pre-commit: pip install pre-commit)")
    if not result.install_known:
        info("  also: .github/workflows/cjm.yml needs to know how CI installs cjm (the `pip install` line)")


def _shown(path: Path, directory: Path) -> str:
    """A written file as the user would type it: relative to the current directory if below it."""
    from ..discovery import display_path

    return display_path(path if path.is_absolute() else directory / path)
