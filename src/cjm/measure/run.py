"""The library entry point: measure the journeys of a workspace against its data."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..model import Journey, Persona, PersonaLibrary
from ..workspace import SourceFile, Workspace
from .collect import collect
from .engine import Engine
from .figures import MeasureResult, build
from .plan import plan_journeys
from .settings import Settings


def library_of(workspaces: list[Workspace]) -> dict[str, Persona]:
    out: dict[str, Persona] = {}
    for ws in workspaces:
        for f in ws.libraries:
            if isinstance(f.model, PersonaLibrary):
                for p in f.model.personas:
                    out.setdefault(p.id, p)
    return out


def measure(
    journeys: list[tuple[SourceFile, Journey]],
    settings: Settings,
    *,
    library: dict[str, Persona] | None = None,
    by: str | None = None,
    on_step: Callable[[str], None] | None = None,
    threads: int | None = None,
    engine: str = "duckdb",
    spark_master: str | None = None,
    spark_remote: str | None = None,
    spark: Any = None,
) -> MeasureResult:
    """Figures for each journey (in the given order). Raises UserError for bad input.

    `engine`: "duckdb" (embedded) or "spark" (`spark_master`, default local[2], or a Spark
    Connect server at `spark_remote`, or the SparkSession `spark`); both run the same SQL
    and give the same figures.
    """
    plans = plan_journeys(journeys)
    runner: Any
    if engine == "spark":
        from .spark import SparkEngine

        runner = SparkEngine(master=spark_master, remote=spark_remote, on_step=on_step, session=spark)
    else:
        runner = Engine(threads=threads, on_step=on_step)
    try:
        agg = collect(runner, plans, settings, library=library or {}, by_segment=by == "segment")
    finally:
        runner.close()
    figures = build(
        plans,
        agg,
        min_group=settings.min_group,
        window=(settings.window_from, settings.window_to),
        by_segment=by == "segment",
    )
    from .sources import resolve_source

    shown = resolve_source(settings.events.locations, settings.events.base, settings.events.origin).shown
    surveys = (
        resolve_source(settings.surveys.locations, settings.surveys.base, settings.surveys.origin).shown
        if settings.surveys
        else None
    )
    return MeasureResult(figures, settings.min_group, shown, surveys, agg.skipped, by)
