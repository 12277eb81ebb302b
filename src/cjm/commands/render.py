"""`cjm render` and `cjm report`."""

from __future__ import annotations

import datetime as dt
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from ._common import (
    MaxFileMbOpt,
    PathsArg,
    TodayOpt,
    Verbosity,
    complete_persona_id,
    detail,
    fail,
    info,
    progress_bar,
)

if TYPE_CHECKING:
    from ..render.site import Job
    from ..workspace import Workspace


class RenderFormat(StrEnum):
    svg = "svg"
    png = "png"
    pdf = "pdf"
    dot = "dot"
    html = "html"
    mermaid = "mermaid"


class Page(StrEnum):
    """The PDF page a diagram is fitted to (the keys of cjm.render.dot.PAGES)."""

    a4 = "a4"
    slide = "slide"
    none = "none"


class View(StrEnum):
    map = "map"
    flow = "flow"


def register(app: typer.Typer) -> None:
    app.command(short_help="Draw journeys: svg, png, pdf, dot, HTML or Mermaid")(render)
    app.command(short_help="Write an HTML site: an index and a page per journey")(report)


def render(
    paths: PathsArg = None,
    format: Annotated[RenderFormat, typer.Option("--format", "-f", help="Output format.")] = RenderFormat.svg,
    # A folder, not the current directory: a bare `cjm render` in a workspace must not scatter
    # files beside the journeys (the README's examples write under out/ and git-ignore it).
    output: Annotated[
        Path,
        typer.Option("--output", "-o", metavar="DIR", help="Directory to write the files into (created if missing)."),
    ] = Path("out"),
    view: Annotated[
        Optional[View],
        typer.Option(help="Diagram: map (stages as columns) or flow (the `next` graph). Default: map."),
    ] = None,
    persona: Annotated[
        Optional[str],
        typer.Option(
            metavar="ID",
            help="Only the touchpoints this persona (id) experiences.",
            show_default=False,
            autocompletion=complete_persona_id,
        ),
    ] = None,
    dpi: Annotated[int, typer.Option(metavar="N", help="Resolution of PNG diagrams.", min=36, max=600)] = 144,
    page: Annotated[
        Optional[Page],
        typer.Option(
            help="PDF page to fit the diagram to: a4 (landscape), slide (16:9) or none (natural size). Default: a4.",
            show_default=False,
        ),
    ] = None,
    measured: Annotated[
        bool,
        typer.Option(
            "--measured",
            help="Draw the journeys' measured: figures (from `cjm measure --write`): reach on the map's cards; "
            "on the flow, observed transitions by accounts, undesigned and never-observed edges marked.",
        ),
    ] = False,
    today: TodayOpt = None,
    max_file_mb: MaxFileMbOpt = None,
) -> None:
    """Draw journeys: Graphviz diagrams (svg, png, pdf, dot), an HTML report, or Mermaid.

    Writes one file per journey into OUTPUT: <id>.<view>.<ext> for diagrams
    (<id>.<view>.measured.<ext> with --measured), <id>.html, <id>.mmd. svg, png and pdf need
    Graphviz's `dot`. Invalid journeys are reported as by `cjm validate` and nothing is drawn.

    Exit status: 0 ok, 2 usage error, unreadable or invalid input, or `dot` missing.
    """
    from ..discovery import display_path
    from ..errors import UserError
    from ..output import write_atomic
    from ..render.site import DIAGRAM_FORMATS, output_name, render_one

    fmt = format.value
    if view is not None and fmt not in DIAGRAM_FORMATS:
        raise fail(f"--view applies to diagrams (-f svg, png, pdf or dot), not to -f {fmt}")
    if page is not None and fmt != "pdf":
        raise fail(f"--page applies to -f pdf, not to -f {fmt}: svg and png keep their natural size")
    if measured and fmt not in DIAGRAM_FORMATS:
        # The HTML report always shows measured: figures; Mermaid has no room for them.
        hint = "; `cjm report` shows them" if fmt == "html" else ""
        raise fail(f"--measured applies to diagrams (-f svg, png, pdf or dot), not to -f {fmt}{hint}")
    if fmt in ("svg", "png", "pdf"):
        from ..render.dot import dot_available

        if not dot_available():
            raise fail(
                f"-f {fmt} needs Graphviz's `dot` program, which is not installed (Debian/Ubuntu: apt-get install "
                "graphviz; macOS: brew install graphviz); -f dot, -f html and -f mermaid work without it"
            )
    from ..progress import SLOW_ITEMS, Timings

    timings = Timings()
    written: list[str] = []
    try:
        with timings.phase("load"):
            _workspaces, jobs = _load(paths, max_file_mb, lint=fmt == "html", today=today)
        if persona is not None:
            keep = [job for job in jobs if persona in job.journey.persona_ids]
            if not keep:
                from ..hints import closest

                known = sorted({pid for job in jobs for pid in job.journey.persona_ids})
                meant = closest(persona, known)
                hint = f"did you mean '{meant}'? " if meant else ""
                raise UserError(
                    f"no journey has the persona '{persona}'; {hint}`cjm stats` lists each journey's personas"
                )
            for job in jobs:
                if job not in keep:
                    info(f"cjm: skipped {job.source.display}: it has no persona '{persona}'")
            jobs = keep
        if measured:
            with_figures = [job for job in jobs if job.journey.measured is not None]
            if not with_figures:
                raise UserError(
                    "--measured: no journey has measured: figures; `cjm measure --write` puts them in (MEASURE.md)"
                )
            for job in jobs:
                if job.journey.measured is None:
                    info(f"cjm: {job.source.display} has no measured: figures; drawn without them")
        links = None
        if fmt == "html":
            from ..render.site import links_for

            links = links_for(jobs, "{id}.html" if persona is None else "{id}." + persona + ".html")
        # Each svg/png/pdf runs Graphviz: a few of them already take long enough for a bar.
        slow = fmt in ("svg", "png", "pdf")
        with timings.phase("render"), progress_bar("rendering", min_total=SLOW_ITEMS if slow else None) as bar:
            bar.expect(len(jobs))
            for job in jobs:
                drawn_measured = measured and job.journey.measured is not None
                name = output_name(job.journey.id, fmt, view.value if view else None, persona, measured=drawn_measured)
                data = render_one(
                    job,
                    fmt,
                    view=view.value if view else "map",
                    persona=persona,
                    journey_links=links,
                    dpi=dpi,
                    page=page.value if page else "a4",
                    measured=drawn_measured,
                )
                written.append(display_path(write_atomic(output, name, data)))
                bar.advance()
    except UserError as exc:
        raise fail(str(exc)) from None
    except OSError as exc:
        raise fail(_cannot_write(output, exc)) from None
    finally:
        # Written files are listed even when a later one fails: they are on disk. The list
        # comes after the bar is gone, so it never interleaves with it on a terminal.
        _list_written(written)
    detail(timings.summary())


def report(
    paths: PathsArg = None,
    output: Annotated[
        Path, typer.Option("--output", "-o", metavar="DIR", help="Directory to write the site into.")
    ] = Path("report"),
    title: Annotated[
        Optional[str],
        typer.Option(
            metavar="TEXT", help="Title of the index page (default: Journey maps: <workspace>).", show_default=False
        ),
    ] = None,
    today: TodayOpt = None,
    max_file_mb: MaxFileMbOpt = None,
) -> None:
    """Write an HTML site: index.html linking one report page per journey.

    The index nests journeys under their `parent` and shows each one's coverage, emotion
    and lint status. Pages are self-contained (no scripts, no network) and print on A3
    landscape. Invalid journeys are reported as by `cjm validate` and nothing is written.

    Exit status: 0 ok, 2 usage error, unreadable or invalid input.
    """
    from ..discovery import display_path
    from ..errors import UserError
    from ..progress import Timings
    from ..render.site import site_title, write_site

    timings = Timings()
    try:
        with timings.phase("load"):
            workspaces, jobs = _load(paths, max_file_mb, lint=True, today=today)
        with timings.phase("render"), progress_bar("writing pages") as bar:
            bar.expect(len(jobs))
            written = write_site(jobs, output, title or site_title(workspaces), on_page=bar.advance)
    except UserError as exc:
        raise fail(str(exc)) from None
    except OSError as exc:
        raise fail(_cannot_write(output, exc)) from None
    _list_written([display_path(path) for path in written])
    detail(timings.summary())


def _list_written(paths: list[str]) -> None:
    """The files written, on stdout (scripts read it); left out with --quiet."""
    if not Verbosity.quiet:
        for path in paths:
            print(path)


def _cannot_write(output: Path, exc: OSError) -> str:
    where = exc.filename or output
    return f"cannot write to {where}: {exc.strerror or exc}; choose another --output directory"


def _load(
    paths: list[Path] | None, max_file_mb: float | None, *, lint: bool, today: dt.datetime | None
) -> tuple[list[Workspace], list[Job]]:
    """Load and gate: invalid input is printed like `cjm validate` prints it, then exit 2."""
    from ..findings import Severity
    from ..progress import describe_workspaces
    from ..render.site import blocking_findings, collect
    from ..reporters import Report, get_reporter
    from ..workspace import load_paths

    with progress_bar("reading") as bar:
        workspaces = load_paths(list(paths or []), max_file_mb=max_file_mb, on_file=bar.on_file)
    for line in describe_workspaces(workspaces) if Verbosity.verbose else []:
        detail(line)
    findings = blocking_findings(workspaces)
    if any(f.severity is Severity.ERROR for f in findings) or any(ws.unreadable for ws in workspaces):
        sources: dict[str, str] = {}
        for ws in workspaces:
            sources.update(ws.sources())
        files = sum(ws.files_checked for ws in workspaces)
        get_reporter("text")(Report(findings, files, sources, summary=not Verbosity.quiet), sys.stderr)
        raise fail("nothing rendered: fix the errors above (`cjm validate` lists them) and run again")
    jobs = collect(workspaces, lint=lint, today=today.date() if today else None)
    if not jobs:
        shown = " ".join(str(p) for p in paths) if paths else "the current workspace"
        raise fail(f"no journey files found in {shown}; pass journey files or a workspace directory")
    return workspaces, jobs
