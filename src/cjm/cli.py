"""The `cjm` command line: parse arguments, call the library, pick a reporter, exit.

Exit codes: 0 ok, 1 findings that fail the run, 2 usage or unreadable input.
Heavy modules are imported inside the commands so that start-up stays fast.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Optional

import typer

from . import __version__

app = typer.Typer(
    name="cjm",
    help="Customer journey maps as code: validate, measure, render and diff journey YAML.",
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class OutputFormat(StrEnum):
    text = "text"
    json = "json"


class SchemaName(StrEnum):
    journey = "journey"
    personas = "personas"
    config = "config"


def _version(value: bool) -> None:
    if value:
        print(f"cjm {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Customer journey maps as code."""


def _fail(message: str, code: int = 2) -> typer.Exit:
    print(f"cjm: error: {message}", file=sys.stderr)
    return typer.Exit(code)


PathsArg = Annotated[
    Optional[list[Path]],
    typer.Argument(
        help="Journey files and/or workspace directories. Default: the workspace containing the current directory (found via cjm.yaml).",
        show_default=False,
    ),
]


@app.command()
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
    from .errors import UserError
    from .findings import Severity
    from .reporters import Report, get_reporter
    from .validate import validate as run_validate
    from .workspace import load_paths

    try:
        workspaces = load_paths(list(paths or []), max_file_mb=max_file_mb)
    except UserError as exc:
        raise _fail(str(exc)) from None
    findings = []
    sources: dict[str, str] = {}
    files_checked = 0
    unreadable = False
    for ws in workspaces:
        findings += run_validate(ws)
        files_checked += len(ws.target_files)
        unreadable |= ws.unreadable
        sources.update({f.display: f.text for f in ws.target_files})
        if ws.config_file is not None:
            sources[ws.config_file.display] = ws.config_file.text
    findings.sort(key=lambda f: f.sort_key())
    get_reporter(format.value)(Report(findings, files_checked, sources), sys.stdout)
    if unreadable:
        raise typer.Exit(2)
    if any(f.severity is Severity.ERROR for f in findings):
        raise typer.Exit(1)


@app.command()
def schema(
    name: Annotated[SchemaName, typer.Argument(help="Which schema to print.")] = SchemaName.journey,
    output: Annotated[
        Optional[Path],
        typer.Option("--output", "-o", help="Write all three schemas into this directory instead of printing one."),
    ] = None,
) -> None:
    """Print the JSON Schema of journey files (or write all schemas to a directory)."""
    from .schema import schema_text, write_schemas

    if output is None:
        sys.stdout.write(schema_text(name.value))
        return
    for path in write_schemas(output):
        print(f"wrote {path}")


def run() -> None:
    """Console-script entry point: Ctrl-C exits 130 without a traceback."""
    import os

    try:
        app()
    except KeyboardInterrupt:
        print("cjm: interrupted", file=sys.stderr)
        sys.exit(130)
    except Exception as exc:  # a bug in cjm, not the user's input: say so, briefly
        if os.environ.get("CJM_DEBUG"):
            raise
        print(f"cjm: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        print("This is a bug in cjm; please report it. Set CJM_DEBUG=1 to see the traceback.", file=sys.stderr)
        sys.exit(2)
