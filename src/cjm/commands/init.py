"""`cjm init`: scaffold a new workspace."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from ..stages import STAGE_MODELS
from ._common import fail, info


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
    app.command(short_help="Create a workspace: config, personas, a first journey, CI")(init)


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
    refresh_schemas: Annotated[
        bool,
        typer.Option(
            "--refresh-schemas",
            help="In an existing workspace, only rewrite .cjm/schemas/ with this cjm's schemas (after an upgrade).",
        ),
    ] = False,
) -> None:
    """Create a workspace: cjm.yaml, a persona library, a commented starter journey that
    validates clean, a pre-commit config, a GitHub Actions workflow, and editor support (the
    JSON Schemas in .cjm/schemas/, referenced by a modeline at the top of each YAML file and
    by `yaml.schemas` in .vscode/settings.json, which is merged into, never overwritten).

    Nothing is written when one of those files already exists (unless --force).
    Exit status: 0 created, 2 usage error or existing files.
    """
    from ..errors import UserError
    from ..scaffold import init_workspace

    target = directory if directory is not None else Path.cwd()
    if refresh_schemas:
        _refresh(target)
        return
    try:
        result = init_workspace(target, stages=stages, force=force)
    except UserError as exc:
        raise fail(str(exc)) from None
    except OSError as exc:
        raise fail(f"cannot write to {target}: {exc.strerror or exc}; check the path and its permissions") from None
    for path in result.written:
        verb = "updated" if result.settings == "updated" and path.name == "settings.json" else "created"
        info(f"{verb} {_shown(path, target)}")
    if result.settings_note:
        info(f"note: {result.settings_note}")
    journey = _shown(result.written[2], target)
    where = "" if directory is None else f"cd {directory} && "
    info("next steps:")
    info(f"  1. edit {journey} into your customer's journey; `{where}cjm validate` checks it")
    info("  2. `cjm render -f svg -o out` draws it, `cjm report -o out/report` builds the HTML report")
    info("  3. `git init && pre-commit install` checks every commit (needs pre-commit: pip install pre-commit)")
    if not result.install_known:
        info("  also: .github/workflows/cjm.yml needs to know how CI installs cjm (the `pip install` line)")


def _refresh(target: Path) -> None:
    """`--refresh-schemas`: the schemas of the workspace at or above `target`, nothing else."""
    from ..discovery import find_root
    from ..editor import refresh_schemas

    root = find_root(target.resolve()) if target.exists() else None
    if root is None:
        raise fail(f"no cjm.yaml at or above {target}: --refresh-schemas works in an existing workspace")
    try:
        refreshed = refresh_schemas(root)
    except OSError as exc:
        raise fail(f"cannot write to {root}: {exc.strerror or exc}; check the path and its permissions") from None
    for path, changed in refreshed:
        info(f"{'updated' if changed else 'up to date'} {_shown(path, target)}")


def _shown(path: Path, directory: Path) -> str:
    """A written file as the user would type it: relative to the current directory if below it."""
    from ..discovery import display_path

    return display_path(path if path.is_absolute() else directory / path)
