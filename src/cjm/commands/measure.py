"""`cjm measure`."""

from __future__ import annotations

import datetime as dt
import sys
from enum import StrEnum
from typing import Annotated, Optional

import typer

from ..safetext import visible
from ._common import MaxFileMbOpt, PathsArg, Verbosity, detail, fail, info, progress_bar


class MeasureFormat(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"
    csv = "csv"


class Split(StrEnum):
    segment = "segment"


class Preset(StrEnum):
    xes = "xes"


class EngineName(StrEnum):
    duckdb = "duckdb"
    spark = "spark"


_DATE = ["%Y-%m-%d"]


def register(app: typer.Typer) -> None:
    app.command(short_help="Join the maps to event data: funnel, reach, conformance")(measure)


def measure(
    paths: PathsArg = None,
    events: Annotated[
        Optional[list[str]],
        typer.Option(
            "--events",
            metavar="FILE",
            help="Event files (CSV, Parquet, JSON lines; globs) or duckdb:FILE.db:TABLE, instead of data.events "
            "in cjm.yaml. Repeat for several.",
            show_default=False,
        ),
    ] = None,
    surveys: Annotated[
        Optional[str], typer.Option("--surveys", metavar="FILE", help="Survey answers, instead of data.surveys.")
    ] = None,
    columns: Annotated[
        Optional[str],
        typer.Option(
            "--columns", metavar="NAME=COLUMN,...", help="Event columns, e.g. account=account_id,activity=event_name."
        ),
    ] = None,
    preset: Annotated[
        Optional[Preset], typer.Option("--preset", help="Column names of an XES log flattened to CSV.")
    ] = None,
    date_from: Annotated[
        Optional[dt.datetime],
        typer.Option("--from", formats=_DATE, metavar="YYYY-MM-DD", help="First day counted (UTC)."),
    ] = None,
    date_to: Annotated[
        Optional[dt.datetime], typer.Option("--to", formats=_DATE, metavar="YYYY-MM-DD", help="Last day counted (UTC).")
    ] = None,
    by: Annotated[Optional[Split], typer.Option("--by", help="Also split every figure by the segment column.")] = None,
    min_group: Annotated[
        Optional[int],
        typer.Option("--min-group", min=1, metavar="N", help="Withhold figures from fewer accounts (default 5)."),
    ] = None,
    write: Annotated[
        bool,
        typer.Option("--write", help="Put the figures into each journey's measured: blocks (only those lines change)."),
    ] = False,
    format: Annotated[MeasureFormat, typer.Option("--format", "-f", help="Output format.")] = MeasureFormat.text,
    engine: Annotated[
        Optional[EngineName],
        typer.Option(
            "--engine",
            help="duckdb (embedded, the default) or spark (pip install 'cjm[spark]'; Java 17+). Default: data.engine.",
            show_default=False,
        ),
    ] = None,
    spark_master: Annotated[
        Optional[str],
        typer.Option("--spark-master", metavar="MASTER", help="Spark master for --engine spark (default local[2])."),
    ] = None,
    spark_remote: Annotated[
        Optional[str],
        typer.Option(
            "--spark-remote",
            metavar="sc://HOST:PORT",
            help="A Spark Connect server to run on (a cluster), instead of a local Spark; implies --engine spark.",
        ),
    ] = None,
    max_file_mb: MaxFileMbOpt = None,
) -> None:
    """Join the journey maps to event data: funnel, touchpoints, conformance, blind spots.

    Reads data: in cjm.yaml (or --events/--surveys) with embedded DuckDB, over the files in
    place, or with Apache Spark (--engine spark: local, or a Spark Connect server with
    --spark-remote), which gives the same figures. Only aggregates leave the engine, and
    figures from fewer than min_group accounts are withheld. Exit status: 0 ok, 2 usage
    error, invalid journeys or bad data (nothing is written then).
    """
    from ..discovery import display_path
    from ..errors import UserError
    from ..findings import Severity
    from ..measure.report import get_reporter
    from ..measure.run import library_of
    from ..measure.run import measure as run_measure
    from ..measure.settings import parse_columns, resolve
    from ..measure.writeback import plan_write, write_edits
    from ..progress import Timings, describe_workspaces
    from ..reporters import Report
    from ..reporters import get_reporter as findings_reporter
    from ..validate import check_format
    from ..workspace import load_paths

    timings = Timings()
    try:
        with timings.phase("load"):
            workspaces = load_paths(list(paths or []), max_file_mb=max_file_mb)
    except UserError as exc:
        if exc.detail:
            detail(visible(exc.detail, keep_newlines=True))
        raise fail(str(exc)) from None
    for line in describe_workspaces(workspaces) if Verbosity.verbose else []:
        detail(line)
    if len(workspaces) > 1:
        raise fail("cjm measure reads one workspace's data at a time; pass paths of one workspace")
    ws = workspaces[0]
    findings = check_format(ws)
    if findings:
        sources = ws.sources()
        findings_reporter("text")(Report(findings, ws.files_checked, sources, summary=not Verbosity.quiet), sys.stderr)
    if any(f.severity is Severity.ERROR for f in findings) or ws.unreadable:
        raise fail("nothing measured: fix the errors above (`cjm validate` lists them), then run `cjm measure` again")
    journeys = ws.valid_journeys()
    if not journeys:
        raise fail("no journey files found; pass journey files or a workspace directory")
    config_display = display_path(ws.config_file.path) if ws.config_file else "cjm.yaml"
    try:
        settings = resolve(
            ws.config,
            ws.root,
            config_display=config_display,
            events=events,
            surveys=surveys,
            columns=parse_columns(columns) if columns else None,
            preset=preset.value if preset else None,
            date_from=date_from.date() if date_from else None,
            date_to=date_to.date() if date_to else None,
            min_group=min_group,
        )
        with timings.phase("measure"), progress_bar("measuring", min_total=1) as bar:
            bar.expect(16)

            def step(name: str) -> None:
                bar.describe(name)
                bar.advance()
                detail(f"measure: {name}")

            data = ws.config.data
            chosen = engine.value if engine else ("spark" if spark_remote else data.engine if data else "duckdb")
            if chosen == "duckdb" and (spark_remote or spark_master):
                raise UserError("--spark-master and --spark-remote go with --engine spark; leave them out for DuckDB")
            result = run_measure(
                journeys,
                settings,
                library=library_of(workspaces),
                by=by.value if by else None,
                on_step=step,
                engine=chosen,
                spark_master=spark_master,
                spark_remote=spark_remote or (data.spark_remote if data else None),
            )
        edits = []
        if write:
            by_file = {f.display: f for f, _ in journeys}
            edits = [e for jf in result.journeys if jf.measured and (e := plan_write(by_file[jf.file], jf))]
    except UserError as exc:
        if exc.detail:
            detail(visible(exc.detail, keep_newlines=True))
        raise fail(str(exc)) from None
    get_reporter(format.value)(result, sys.stdout)
    if write:
        try:
            with timings.phase("write"):
                write_edits(edits)
        except UserError as exc:
            raise fail(str(exc)) from None
        for e in edits:
            info(f"wrote {e.display}")
        unchanged = sum(1 for jf in result.journeys if jf.measured) - len(edits)
        if unchanged:
            info(f"{unchanged} journey file{'s' if unchanged != 1 else ''} already up to date")
    if result.skipped_rows:
        info(f"note: {result.skipped_rows} event rows without an account or an activity were not counted")
    detail(timings.summary())
