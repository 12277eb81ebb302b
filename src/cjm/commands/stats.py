"""`cjm stats`."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated

import typer

from ._common import MaxFileMbOpt, PathsArg, Verbosity, detail, fail, progress_bar


class StatsFormat(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"
    csv = "csv"


def register(app: typer.Typer) -> None:
    app.command(short_help="Coverage, touchpoint counts and emotion per stage")(stats)


def stats(
    paths: PathsArg = None,
    format: Annotated[StatsFormat, typer.Option("--format", "-f", help="Output format.")] = StatsFormat.text,
    max_file_mb: MaxFileMbOpt = None,
) -> None:
    """Stage coverage and touchpoint counts, per journey and across the workspace.

    The journeys must validate: when any file has errors, they are printed (as by
    `cjm validate`) and nothing is counted, because totals that silently skip a journey
    mislead. Exit status: 0 ok, 2 usage error, unreadable or invalid input.
    """
    from ..errors import UserError
    from ..findings import Severity
    from ..metric_catalogue import lower_is_better_patterns
    from ..progress import Timings, describe_workspaces
    from ..reporters import Report, get_reporter
    from ..stats import journey_stats, workspace_stats
    from ..stats.report import get_stats_reporter
    from ..validate import check_format
    from ..workspace import load_paths

    timings = Timings()
    try:
        with timings.phase("load"), progress_bar("reading") as bar:
            workspaces = load_paths(list(paths or []), max_file_mb=max_file_mb, on_file=bar.on_file)
    except UserError as exc:
        raise fail(str(exc)) from None
    for line in describe_workspaces(workspaces) if Verbosity.verbose else []:
        detail(line)
    findings = []
    sources: dict[str, str] = {}
    files_checked = 0
    with timings.phase("check"):
        for ws in workspaces:
            # Only what makes the numbers wrong blocks them (syntax, schema, references); lint
            # findings are about the practice, not the counts.
            findings += check_format(ws)
            files_checked += ws.files_checked
            sources.update(ws.sources())
        findings.sort(key=lambda f: f.sort_key())
    if findings:
        # Warnings (e.g. a skipped symlink loop) are worth seeing but do not stop the count.
        get_reporter("text")(Report(findings, files_checked, sources, summary=not Verbosity.quiet), sys.stderr)
    if any(f.severity is Severity.ERROR for f in findings) or any(ws.unreadable for ws in workspaces):
        raise fail("no stats: fix the errors above (`cjm validate` lists them), then run `cjm stats` again")
    journeys = [
        journey_stats(
            j, file=f.display, catalogue=ws.config.metrics, lower_is_better=lower_is_better_patterns(ws.config)
        )
        for ws in workspaces
        for f, j in ws.valid_journeys()
    ]
    if not journeys:
        shown = " ".join(str(p) for p in paths) if paths else "the current workspace"
        raise fail(f"no journey files found in {shown}; pass journey files or a workspace directory")
    with timings.phase("count"):
        get_stats_reporter(format.value)(workspace_stats(journeys), sys.stdout)
    detail(timings.summary())
