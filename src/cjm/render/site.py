"""From loaded workspaces to files: what `cjm render` and `cjm report` write.

Rendering a file is a pure function of a journey (see dot.py, html.py, mermaid.py); this
module gathers what those functions need from a workspace (library personas, findings,
the links between journeys), names the output files and writes them through `write_atomic`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, cast

from ..errors import UserError
from ..findings import Finding
from ..model import Journey, MetricDefinition, Persona, PersonaLibrary
from ..output import write_atomic
from ..workspace import SourceFile, Workspace
from .common import resolve_personas

if TYPE_CHECKING:  # the renderers import graphviz and jinja2: only load the one a command needs
    from .dot import View
    from .html import JourneyLink

DIAGRAM_FORMATS = ("svg", "png", "pdf", "dot")
FORMATS = (*DIAGRAM_FORMATS, "html", "mermaid")
EXTENSION = {"svg": "svg", "png": "png", "pdf": "pdf", "dot": "dot", "html": "html", "mermaid": "mmd"}


@dataclass(frozen=True)
class Job:
    """One journey to render, with everything its renderers need."""

    source: SourceFile
    journey: Journey
    personas: tuple[Persona, ...]
    findings: tuple[Finding, ...]
    lower_is_better: tuple[str, ...] | None
    metrics: Mapping[str, MetricDefinition] = field(default_factory=dict)
    """The workspace's metric catalogue (cjm.yaml `metrics:`)."""


def blocking_findings(workspaces: Sequence[Workspace]) -> list[Finding]:
    """Findings that make a journey unfit to render: syntax, schema and broken references.

    Lint findings never block a render; the HTML report shows them instead.
    """
    from ..validate import check_format

    return sorted((f for ws in workspaces for f in check_format(ws)), key=Finding.sort_key)


def collect(workspaces: Sequence[Workspace], *, lint: bool = False, today: dt.date | None = None) -> list[Job]:
    """The valid target journeys of the workspaces, in file order. With `lint`, each job
    carries its file's validation and lint findings (for the report)."""
    from ..validate import validate

    jobs: list[Job] = []
    for ws in workspaces:
        libraries = [f.model for f in ws.libraries if isinstance(f.model, PersonaLibrary)]
        findings = validate(ws, lint=True, today=today) if lint else []
        lower = _lower_is_better(ws)
        for source, journey in ws.valid_journeys():
            jobs.append(
                Job(
                    source=source,
                    journey=journey,
                    personas=tuple(resolve_personas(journey, libraries)),
                    findings=tuple(f for f in findings if f.file == source.display),
                    lower_is_better=lower,
                    metrics=ws.config.metrics,
                )
            )
    _check_unique_ids(jobs)
    return jobs


def _lower_is_better(ws: Workspace) -> tuple[str, ...] | None:
    """`lower_is_better` of the workspace's metric-below-target (its setting, else the rule's),
    the globs `cjm stats` and `cjm validate` use too."""
    from ..metric_catalogue import lower_is_better_patterns

    return lower_is_better_patterns(ws.config)


def _check_unique_ids(jobs: Sequence[Job]) -> None:
    # Journey ids are unique within a workspace; two workspaces rendered into one directory
    # could still collide, and one file silently replacing another is worse than stopping.
    seen: dict[str, str] = {}
    for job in jobs:
        other = seen.setdefault(job.journey.id, job.source.display)
        if other != job.source.display:
            raise UserError(
                f"journeys in {other} and {job.source.display} share the id '{job.journey.id}', so their "
                "output files would overwrite each other; render them into separate directories"
            )


def output_name(
    journey_id: str, fmt: str, view: str | None = None, persona: str | None = None, *, measured: bool = False
) -> str:
    """`saas.map.svg`, `saas.flow.cfo.png`, `saas.flow.measured.svg`, `saas.html`, `saas.cfo.html`, `saas.mmd`."""
    parts = [journey_id]
    if fmt in DIAGRAM_FORMATS:
        parts.append(view or "map")
        if measured:
            parts.append("measured")
    if persona:
        parts.append(persona)
    return ".".join(parts) + "." + EXTENSION[fmt]


def render_one(
    job: Job,
    fmt: str,
    *,
    view: str = "map",
    persona: str | None = None,
    index_href: str | None = None,
    journey_links: Mapping[str, JourneyLink] | None = None,
    dpi: int = 144,
    page: str = "a4",
    measured: bool = False,
) -> bytes:
    """The bytes of one output file (`dpi`: resolution of PNG diagrams; `measured`: draw
    the diagram's `measured:` figures; `page`: the PDF page the diagram is fitted to)."""
    if fmt in DIAGRAM_FORMATS:
        from .dot import render_dot, run_dot

        source = render_dot(job.journey, job.personas, cast("View", view), persona, measured=measured)
        return run_dot(source, fmt, dpi=dpi, page=page)
    if fmt == "html":
        from .html import render_html

        return render_html(
            job.journey,
            job.personas,
            job.findings,
            persona=persona,
            source=job.source.display,
            index_href=index_href,
            journey_links=journey_links,
            lower_is_better=job.lower_is_better,
            metrics=job.metrics,
        ).encode("utf-8")
    if fmt == "mermaid":
        from .mermaid import render_mermaid

        return render_mermaid(job.journey, job.personas, persona).encode("utf-8")
    raise ValueError(f"unknown format {fmt!r}")


def links_for(jobs: Sequence[Job], href: str = "{id}.html") -> dict[str, JourneyLink]:
    """Journey id -> JourneyLink for the journeys rendered together (parent/child links)."""
    from .html import JourneyLink

    return {j.journey.id: JourneyLink(j.journey.title, href.format(id=j.journey.id), j.journey.parent) for j in jobs}


def write_site(
    jobs: Sequence[Job], directory: Path, title: str, on_page: Callable[[], None] | None = None
) -> list[Path]:
    """`index.html` plus one page per journey, all linked together (`on_page()` after each page)."""
    from .html import IndexEntry, render_index

    links = links_for(jobs)
    written = []
    for job in jobs:
        page = render_one(job, "html", index_href="index.html", journey_links=links)
        written.append(write_atomic(directory, f"{job.journey.id}.html", page))
        if on_page is not None:
            on_page()
    entries = [IndexEntry(job.journey, f"{job.journey.id}.html", job.findings, job.source.display) for job in jobs]
    written.insert(0, write_atomic(directory, "index.html", render_index(entries, title)))
    return written


def site_title(workspaces: Sequence[Workspace]) -> str:
    names = ", ".join(dict.fromkeys(ws.root.name or str(ws.root) for ws in workspaces))
    return f"Journey maps: {names}" if names else "Journey maps"
