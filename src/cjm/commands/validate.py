"""`cjm validate` and `cjm schema`."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from ._common import MaxFileMbOpt, PathsArg, TodayOpt, Verbosity, complete_rule_list, detail, fail, info, progress_bar

if TYPE_CHECKING:
    from ..workspace import Workspace


class OutputFormat(StrEnum):
    auto = "auto"
    text = "text"
    json = "json"
    sarif = "sarif"
    github = "github"
    junit = "junit"


class SchemaName(StrEnum):
    journey = "journey"
    personas = "personas"
    config = "config"


def register(app: typer.Typer) -> None:
    app.command(short_help="Check journeys: YAML, schema, references, lint rules")(validate)
    app.command(short_help="Print or write the JSON Schemas (editor completion)")(schema)


def validate(
    paths: PathsArg = None,
    format: Annotated[
        OutputFormat,
        typer.Option("--format", "-f", help="Output format; auto is github when GITHUB_ACTIONS is set, else text."),
    ] = OutputFormat.auto,
    max_file_mb: MaxFileMbOpt = None,
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail the run too (exit 1).")] = False,
    select: Annotated[
        Optional[list[str]],
        typer.Option(
            "--select",
            metavar="RULE,...",
            help="Run only these lint rules (comma-separated ids).",
            autocompletion=complete_rule_list,
        ),
    ] = None,
    ignore: Annotated[
        Optional[list[str]],
        typer.Option(
            "--ignore",
            metavar="RULE,...",
            help="Do not run these lint rules (comma-separated ids).",
            autocompletion=complete_rule_list,
        ),
    ] = None,
    today: TodayOpt = None,
    show_info: Annotated[
        bool,
        typer.Option(
            "--show-info",
            help="List info findings (suggestions such as emotion gaps) in text output; by default they are "
            "only counted. Other formats always include them.",
        ),
    ] = False,
) -> None:
    """Check journey files: YAML syntax, the format's schema, every reference, and the lint rules.

    Exit status: 0 no errors, 1 errors found, 2 usage or unreadable input.

    With --strict, warnings also make the run fail. `cjm rules` lists the lint rules.
    """

    from .. import clock
    from ..errors import UserError
    from ..findings import Severity
    from ..linter import check_rule_ids
    from ..progress import Timings, describe_workspaces
    from ..reporters import Report, get_reporter
    from ..validate import validate as run_validate
    from ..workspace import load_paths

    timings = Timings()
    with progress_bar("reading") as bar:
        try:
            with timings.phase("load"):
                selected = check_rule_ids(select) if select is not None else None
                ignored = check_rule_ids(ignore or [])
                workspaces = load_paths(list(paths or []), max_file_mb=max_file_mb, on_file=bar.on_file)
        except UserError as exc:
            bar.close()  # before the message: a live bar would redraw over it
            raise fail(str(exc)) from None
        bar.describe("checking")
        day = today.date() if today is not None else clock.today()
        findings = []
        sources: dict[str, str] = {}
        files_checked = 0
        with timings.phase("check"):
            for ws in workspaces:
                findings += run_validate(ws, today=day, select=selected, ignore=ignored)
                files_checked += ws.files_checked
                sources.update(ws.sources())
            findings.sort(key=lambda f: f.sort_key())
    for line in describe_workspaces(workspaces) if Verbosity.verbose else []:
        detail(line)
    if not any(ws.target_files for ws in workspaces) and not findings:
        # A CI job pointed at the wrong directory must not pass for having checked nothing.
        shown = " ".join(str(p) for p in paths) if paths else "the current workspace"
        raise fail(f"no journey files found in {shown}; pass journey files or a workspace directory")
    name = format.value
    if format is OutputFormat.auto:
        name = "github" if os.environ.get("GITHUB_ACTIONS") else "text"
    with timings.phase("report"):
        get_reporter(name)(
            Report(
                findings,
                files_checked,
                sources,
                summary=not Verbosity.quiet,
                show_info=show_info,
                base=_uri_base(workspaces),
            ),
            sys.stdout,
        )
    detail(timings.summary())
    _note_stale_schemas(workspaces)
    if any(ws.unreadable for ws in workspaces):
        raise typer.Exit(2)
    failing = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
    if any(f.severity in failing for f in findings):
        raise typer.Exit(1)


def _note_stale_schemas(workspaces: list[Workspace]) -> None:
    """After a cjm upgrade the editor schemas `cjm init` copied may lack new fields (an editor
    would flag them as typos): say so, without a finding, since the maps themselves are fine."""
    from ..discovery import display_path
    from ..editor import SCHEMA_DIR, stale_schemas

    for root in dict.fromkeys(ws.root for ws in workspaces):
        if stale_schemas(root):
            info(
                f"note: {display_path(root / SCHEMA_DIR)}/ differs from this cjm's schemas, so editors may "
                "misjudge the files: `cjm init --refresh-schemas` updates it"
            )


def _uri_base(workspaces: list[Workspace]) -> Path:
    """The repository's top level (else the workspaces' common root): SARIF URIs are relative
    to it, so they read the same from any directory and code scanning can map them."""
    from ..discovery import repository_root

    roots = [ws.root.absolute() for ws in workspaces] or [Path.cwd()]
    top = repository_root(roots[0])
    if top is not None and all(r.is_relative_to(top) for r in roots):
        return top
    return Path(os.path.commonpath(roots))


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
    written = write_schemas(output)
    if not Verbosity.quiet:
        for path in written:
            print(f"wrote {path}")
