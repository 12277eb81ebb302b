"""`cjm validate` and `cjm schema`."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Optional

import typer

from ._common import PathsArg, fail


class OutputFormat(StrEnum):
    text = "text"
    json = "json"


class SchemaName(StrEnum):
    journey = "journey"
    personas = "personas"
    config = "config"


def register(app: typer.Typer) -> None:
    app.command()(validate)
    app.command()(schema)


def validate(
    paths: PathsArg = None,
    format: Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")] = OutputFormat.text,
    max_file_mb: Annotated[
        Optional[float],
        typer.Option(help="Refuse files larger than this many MB (default 10, or max_file_mb in cjm.yaml).", min=0.001),
    ] = None,
) -> None:
    """Check journey files: YAML syntax, the format's schema, and every reference.

    Exit status: 0 no errors, 1 errors found, 2 usage or unreadable input.
    """
    from ..errors import UserError
    from ..findings import Severity
    from ..reporters import Report, get_reporter
    from ..validate import validate as run_validate
    from ..workspace import load_paths

    try:
        workspaces = load_paths(list(paths or []), max_file_mb=max_file_mb)
    except UserError as exc:
        raise fail(str(exc)) from None
    findings = []
    sources: dict[str, str] = {}
    files_checked = 0
    for ws in workspaces:
        findings += run_validate(ws)
        files_checked += len(ws.target_files)
        sources.update(ws.sources())
    findings.sort(key=lambda f: f.sort_key())
    get_reporter(format.value)(Report(findings, files_checked, sources), sys.stdout)
    if any(ws.unreadable for ws in workspaces):
        raise typer.Exit(2)
    if any(f.severity is Severity.ERROR for f in findings):
        raise typer.Exit(1)


def schema(
    name: Annotated[SchemaName, typer.Argument(help="Which schema to print.")] = SchemaName.journey,
    output: Annotated[
        Optional[Path],
        typer.Option("--output", "-o", help="Write all three schemas into this directory instead of printing one."),
    ] = None,
) -> None:
    """Print the JSON Schema of journey files (or write all schemas to a directory)."""
    from ..schema import schema_text, write_schemas

    if output is None:
        sys.stdout.write(schema_text(name.value))
        return
    for path in write_schemas(output):
        print(f"wrote {path}")
