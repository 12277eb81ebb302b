"""Stage coverage and touchpoint counts: the numbers behind `cjm stats`.

Pure functions over validated journeys (run `validate` first: a touchpoint whose stage is
not one of the journey's stages counts in the journey's totals only). Every output format
shares these conventions, so a number means the same thing in text, JSON, Markdown and CSV:

- **Order.** Journeys keep the order they were given in; stages and personas keep the order
  of the journey file. Counts by channel and by owner are sorted by count (highest first),
  then by name, with `(none)` last. Counts by persona follow the persona order of the
  journey (workspace totals: the order personas are first met), `(none)` last.
- **`(none)`** is the key for touchpoints without a channel, an owner or any persona. It
  cannot clash with a real key: ids are slugs, which have no parentheses.
- **A touchpoint with several personas** counts once for each of them in the persona
  counts and the persona x stage matrix, and once in every other count.
- **Stage coverage** is the share of stages with at least one touchpoint. **Cell coverage**
  is the share of persona x stage cells with at least one touchpoint.
- **Mean emotion** of a stage is the mean over its touchpoints that have a value; `None`
  when none has. Journey and workspace means are over touchpoints, not over stage means.
- **Rounding** happens only on output, through `rounded()`: half-up to 2 decimals of the
  value as written in decimal (2.125 -> 2.13), so figures match a hand calculation.
- **Measured figures** (a journey's `measured:` block, written by `cjm measure --write`) are
  reported as written, never re-rounded (MEASURE.md already rounded them: shares to 3
  decimals), and a withheld figure stays `"<5"`. They appear only for journeys that have
  them; `responses` adds up the numeric survey counts of the journey's touchpoints.
- **Journey KPIs** (`metrics:`/`targets:` on the journey) keep the numbers as written; each
  also reads in the unit of cjm.yaml's metric catalogue (`shown`: 0.87 is "87%") and is
  judged met/missed by the catalogue's `better`, else by `metric-below-target`'s
  `lower_is_better` globs, as in the report. Keys in file order, metrics first.
- **Emotion per persona** (`emotions:` on touchpoints) is the mean of the per-persona
  scores of a stage's touchpoints, per persona x stage; `None` for a cell without one. The
  overall `emotion` never stands in for a missing persona score. It appears only for
  journeys that have per-persona scores; rows follow the journey's persona order.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from ..coverage import coverage, mean
from ..metric_catalogue import Catalogue, format_metric, kpi_status
from ..metric_catalogue import lower_is_better as is_lower_better
from ..model import Journey

NONE_KEY = "(none)"

Counts = tuple[tuple[str, int], ...]
"""(key, count) pairs in output order; `dict(counts)` for lookups."""


def rounded(value: float | None) -> float | None:
    """Half-up to 2 decimals, the one rounding rule of every stats output."""
    if value is None:
        return None
    return float(Decimal(repr(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def _by_count(counter: Counter[str]) -> Counts:
    return tuple(sorted(counter.items(), key=lambda kv: (kv[0] == NONE_KEY, -kv[1], kv[0])))


def _in_order(counter: Counter[str], order: Iterable[str]) -> Counts:
    keys = list(dict.fromkeys(order))
    keys += [k for k in counter if k not in keys and k != NONE_KEY]
    if counter.get(NONE_KEY):
        keys.append(NONE_KEY)
    return tuple((k, counter.get(k, 0)) for k in keys)


@dataclass(frozen=True)
class StageStats:
    """One stage of one journey."""

    id: str
    title: str
    phase: str | None
    touchpoints: int
    without_persona: int
    """Touchpoints of the stage that name no persona (they are in no matrix cell)."""
    pain_points: int
    opportunities: int
    emotions: tuple[int, ...]
    """The `emotion` values of the stage's touchpoints that have one, in file order."""
    target_emotions: tuple[int, ...]

    @property
    def emotion(self) -> float | None:
        return mean(self.emotions)

    @property
    def target_emotion(self) -> float | None:
        return mean(self.target_emotions)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "phase": self.phase,
            "touchpoints": self.touchpoints,
            "without_persona": self.without_persona,
            "pain_points": self.pain_points,
            "opportunities": self.opportunities,
            "emotion": rounded(self.emotion),
            "target_emotion": rounded(self.target_emotion),
        }


MeasuredValue = int | float | str | None
"""A measured figure as written: a number, `"<N>"` when withheld, None when absent."""
MEASURED_TOTALS = ("events", "accounts", "unmapped_events", "conformance")
MEASURED_STAGE = ("accounts", "conversion", "drop_off", "median_days", "p90_days")


@dataclass(frozen=True)
class MeasuredStats:
    """A journey's `measured:` figures (MEASURE.md section 5), as written."""

    as_of: dt.date
    window: tuple[dt.date | None, dt.date | None]
    totals: tuple[tuple[str, MeasuredValue], ...]
    """(figure, value) in `MEASURED_TOTALS` order."""
    stages: tuple[tuple[str, tuple[MeasuredValue, ...]], ...]
    """(stage id, values in `MEASURED_STAGE` order), in the journey's stage order."""
    touchpoints_measured: int
    """Touchpoints with a `measured:` block."""
    touchpoints_mapped: int
    """Touchpoints with `events:` (the ones `cjm measure` can measure)."""
    responses: int
    """Survey answers over the journey's touchpoints (withheld counts are not added)."""

    def as_dict(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "window": {
                k: None if d is None else d.isoformat() for k, d in zip(("from", "to"), self.window, strict=True)
            },
            **dict(self.totals),
            "touchpoints_measured": self.touchpoints_measured,
            "touchpoints_mapped": self.touchpoints_mapped,
            "responses": self.responses,
            "by_stage": [{"id": sid, **dict(zip(MEASURED_STAGE, values, strict=True))} for sid, values in self.stages],
        }


def measured_stats(journey: Journey) -> MeasuredStats | None:
    """The journey's measured figures, or None when it has no `measured:` block."""
    m = journey.measured
    if m is None:
        return None
    order = [s.id for s in journey.stage_list] + list(m.stages)
    window = m.window or {}
    responses = [tp.measured.responses for tp in journey.touchpoints if tp.measured is not None]
    return MeasuredStats(
        as_of=m.as_of,
        window=(window.get("from"), window.get("to")),
        totals=tuple((name, getattr(m, name)) for name in MEASURED_TOTALS),
        stages=tuple(
            (sid, tuple(getattr(m.stages[sid], name) for name in MEASURED_STAGE))
            for sid in dict.fromkeys(order)
            if sid in m.stages
        ),
        touchpoints_measured=sum(1 for tp in journey.touchpoints if tp.measured is not None),
        touchpoints_mapped=sum(1 for tp in journey.touchpoints if tp.events),
        responses=sum(r for r in responses if isinstance(r, int)),
    )


@dataclass(frozen=True)
class JourneyStats:
    """The numbers of one journey. `matrix[i][j]`: touchpoints of `personas[i]` in `stages[j]`."""

    id: str
    title: str
    file: str | None
    touchpoints: int
    stages: tuple[StageStats, ...]
    personas: tuple[str, ...]
    matrix: tuple[tuple[int, ...], ...]
    by_channel: Counts
    by_owner: Counts
    by_persona: Counts
    emotions: tuple[int, ...]
    target_emotions: tuple[int, ...]
    measured: MeasuredStats | None = None
    """The `measured:` figures, when the journey has them."""
    kpis: tuple[KpiStats, ...] = ()
    """The journey's own `metrics:`/`targets:`, one per key."""
    persona_emotions: tuple[tuple[str, tuple[tuple[int, ...], ...]], ...] = ()
    """(persona, per stage the `emotions:` scores for that persona, in file order), for the
    personas with at least one score; empty when the journey has no per-persona scores."""

    def persona_emotion_rows(self) -> list[tuple[str, tuple[float | None, ...]]]:
        """(persona, mean emotion per stage): the persona x stage emotion matrix."""
        return [(p, tuple(mean(cell) for cell in cells)) for p, cells in self.persona_emotions]

    @property
    def stage_ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.stages)

    @property
    def stages_covered(self) -> int:
        return sum(1 for s in self.stages if s.touchpoints > 0)

    @property
    def stage_coverage(self) -> float:
        """Share of stages with at least one touchpoint, 0..1."""
        return self.stages_covered / len(self.stages) if self.stages else 0.0

    @property
    def cells_total(self) -> int:
        return len(self.personas) * len(self.stages)

    @property
    def cells_covered(self) -> int:
        return sum(1 for row in self.matrix for n in row if n > 0)

    @property
    def cell_coverage(self) -> float:
        """Share of persona x stage cells with at least one touchpoint, 0..1."""
        return self.cells_covered / self.cells_total if self.cells_total else 0.0

    @property
    def pain_points(self) -> int:
        return sum(s.pain_points for s in self.stages)

    @property
    def opportunities(self) -> int:
        return sum(s.opportunities for s in self.stages)

    @property
    def emotion(self) -> float | None:
        return mean(self.emotions)

    @property
    def target_emotion(self) -> float | None:
        return mean(self.target_emotions)

    def cell(self, persona: str, stage: str) -> int:
        return self.matrix[self.personas.index(persona)][self.stage_ids.index(stage)]

    def as_dict(self) -> dict[str, Any]:
        out = {
            "id": self.id,
            "title": self.title,
            "file": self.file,
            "touchpoints": self.touchpoints,
            "personas": len(self.personas),
            "stages": len(self.stages),
            "stages_covered": self.stages_covered,
            "stage_coverage": rounded(self.stage_coverage),
            "cells": self.cells_total,
            "cells_covered": self.cells_covered,
            "cell_coverage": rounded(self.cell_coverage),
            "pain_points": self.pain_points,
            "opportunities": self.opportunities,
            "emotion": rounded(self.emotion),
            "target_emotion": rounded(self.target_emotion),
            "by_stage": [s.as_dict() for s in self.stages],
            "by_channel": dict(self.by_channel),
            "by_owner": dict(self.by_owner),
            "by_persona": dict(self.by_persona),
            "matrix": {persona: dict(zip(self.stage_ids, row, strict=True)) for persona, row in self.matrix_rows()},
        }
        if self.persona_emotions:
            out["persona_emotion"] = {
                persona: dict(zip(self.stage_ids, (rounded(v) for v in row), strict=True))
                for persona, row in self.persona_emotion_rows()
            }
        if self.kpis:
            out["kpis"] = [k.as_dict() for k in self.kpis]
        if self.measured is not None:
            out["measured"] = self.measured.as_dict()
        return out

    def matrix_rows(self) -> list[tuple[str, tuple[int, ...]]]:
        """(persona, counts per stage) rows, plus a `(none)` row when some touchpoints name no persona."""
        rows = list(zip(self.personas, self.matrix, strict=True))
        if any(s.without_persona for s in self.stages):
            rows.append((NONE_KEY, tuple(s.without_persona for s in self.stages)))
        return rows


@dataclass(frozen=True)
class WorkspaceStats:
    """Totals across journeys, and each journey's own numbers."""

    journeys: tuple[JourneyStats, ...]
    personas: tuple[str, ...]
    """Distinct persona ids, in the order they are first met."""
    by_channel: Counts
    by_owner: Counts
    by_persona: Counts

    @property
    def touchpoints(self) -> int:
        return sum(j.touchpoints for j in self.journeys)

    @property
    def stages(self) -> int:
        return sum(len(j.stages) for j in self.journeys)

    @property
    def stages_covered(self) -> int:
        return sum(j.stages_covered for j in self.journeys)

    @property
    def stage_coverage(self) -> float:
        return self.stages_covered / self.stages if self.stages else 0.0

    @property
    def pain_points(self) -> int:
        return sum(j.pain_points for j in self.journeys)

    @property
    def opportunities(self) -> int:
        return sum(j.opportunities for j in self.journeys)

    @property
    def emotion(self) -> float | None:
        return mean([e for j in self.journeys for e in j.emotions])

    @property
    def target_emotion(self) -> float | None:
        return mean([e for j in self.journeys for e in j.target_emotions])

    @property
    def measured(self) -> tuple[MeasuredStats, ...]:
        """The measured figures of the journeys that have them."""
        return tuple(j.measured for j in self.journeys if j.measured is not None)

    def measured_totals(self) -> dict[str, Any] | None:
        """Across the measured journeys: how many, their touchpoints measured, survey
        responses, and the oldest and newest `as_of`. Events and accounts are not added up:
        one event or account can count in several journeys."""
        measured = self.measured
        if not measured:
            return None
        return {
            "journeys": len(measured),
            "touchpoints_measured": sum(m.touchpoints_measured for m in measured),
            "touchpoints_mapped": sum(m.touchpoints_mapped for m in measured),
            "responses": sum(m.responses for m in measured),
            "as_of": {
                "oldest": min(m.as_of for m in measured).isoformat(),
                "newest": max(m.as_of for m in measured).isoformat(),
            },
        }

    def as_dict(self) -> dict[str, Any]:
        totals: dict[str, Any] = {
            "journeys": len(self.journeys),
            "touchpoints": self.touchpoints,
            "personas": len(self.personas),
            "stages": self.stages,
            "stages_covered": self.stages_covered,
            "stage_coverage": rounded(self.stage_coverage),
            "pain_points": self.pain_points,
            "opportunities": self.opportunities,
            "emotion": rounded(self.emotion),
            "target_emotion": rounded(self.target_emotion),
            "by_channel": dict(self.by_channel),
            "by_owner": dict(self.by_owner),
            "by_persona": dict(self.by_persona),
        }
        measured = self.measured_totals()
        if measured is not None:
            totals["measured"] = measured
        return {"totals": totals, "journeys": [j.as_dict() for j in self.journeys]}


@dataclass(frozen=True)
class KpiStats:
    """A journey KPI: its value and target as written, as people read them, and the verdict."""

    key: str
    value: float | None
    target: float | None
    shown_value: str | None
    shown_target: str | None
    lower_is_better: bool
    status: str  # met | missed | no-target | not-measured

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "value": _as_written(self.value),
            "target": _as_written(self.target),
            "shown": {"value": self.shown_value, "target": self.shown_target},
            "better": "lower" if self.lower_is_better else "higher",
            "status": self.status,
        }


def _as_written(value: float | None) -> float | int | None:
    """`nps: 31` reads back as 31, not 31.0 (the model keeps every figure as a float)."""
    return int(value) if value is not None and float(value).is_integer() else value


def kpi_stats(journey: Journey, catalogue: Catalogue | None = None, lower: Iterable[str] = ()) -> tuple[KpiStats, ...]:
    """One entry per key of the journey's `metrics:` or `targets:` (metrics first, file order)."""
    patterns = tuple(lower)
    out = []
    for key in dict.fromkeys([*journey.metrics, *journey.targets]):
        value, target = journey.metrics.get(key), journey.targets.get(key)
        down = is_lower_better(key, catalogue, patterns)
        out.append(
            KpiStats(
                key=key,
                value=value,
                target=target,
                shown_value=format_metric(key, value, catalogue) if value is not None else None,
                shown_target=format_metric(key, target, catalogue) if target is not None else None,
                lower_is_better=down,
                status=kpi_status(value, target, down),
            )
        )
    return tuple(out)


def journey_stats(
    journey: Journey,
    *,
    file: str | None = None,
    catalogue: Catalogue | None = None,
    lower_is_better: Iterable[str] = (),
) -> JourneyStats:
    """Count one journey. `file` only labels the result (e.g. the path it was read from);
    `catalogue` and `lower_is_better` (globs) say how its KPIs read and which way is better."""
    cov = coverage(journey)
    stage_list = journey.stage_list
    by_stage: dict[str, list[Any]] = {s.id: [] for s in stage_list}
    channels: Counter[str] = Counter()
    owners: Counter[str] = Counter()
    personas: Counter[str] = Counter()
    for tp in journey.touchpoints:
        by_stage.setdefault(tp.stage, []).append(tp)
        channels[tp.channel or NONE_KEY] += 1
        owners[tp.owner or NONE_KEY] += 1
        for pid in dict.fromkeys(tp.personas) or (NONE_KEY,):
            personas[pid] += 1
    stages = tuple(
        StageStats(
            id=s.id,
            title=s.title,
            phase=s.phase,
            touchpoints=len(by_stage[s.id]),
            without_persona=sum(1 for tp in by_stage[s.id] if not tp.personas),
            pain_points=sum(len(tp.pain_points) for tp in by_stage[s.id]),
            opportunities=sum(len(tp.opportunities) for tp in by_stage[s.id]),
            emotions=tuple(tp.emotion for tp in by_stage[s.id] if tp.emotion is not None),
            target_emotions=tuple(tp.target_emotion for tp in by_stage[s.id] if tp.target_emotion is not None),
        )
        for s in stage_list
    )
    return JourneyStats(
        id=journey.id,
        title=journey.title,
        file=file,
        touchpoints=len(journey.touchpoints),
        stages=stages,
        personas=cov.personas,
        matrix=tuple(tuple(cov.count(p, s) for s in cov.stages) for p in cov.personas),
        by_channel=_by_count(channels),
        by_owner=_by_count(owners),
        by_persona=_in_order(personas, cov.personas),
        emotions=tuple(tp.emotion for tp in journey.touchpoints if tp.emotion is not None),
        target_emotions=tuple(tp.target_emotion for tp in journey.touchpoints if tp.target_emotion is not None),
        measured=measured_stats(journey),
        kpis=kpi_stats(journey, catalogue, lower_is_better),
        persona_emotions=_persona_emotions(journey, [s.id for s in stage_list], cov.personas),
    )


def _persona_emotions(
    journey: Journey, stage_ids: list[str], personas: Iterable[str]
) -> tuple[tuple[str, tuple[tuple[int, ...], ...]], ...]:
    scored = [tp for tp in journey.touchpoints if tp.emotions]
    if not scored:
        return ()
    # Journey persona order first; an unknown key (a lint finding) still counts, after them.
    order = list(dict.fromkeys([*personas, *(p for tp in scored for p in tp.emotions)]))
    rows = []
    for pid in order:
        cells = tuple(
            tuple(tp.emotions[pid] for tp in scored if tp.stage == sid and pid in tp.emotions) for sid in stage_ids
        )
        if any(cells):
            rows.append((pid, cells))
    return tuple(rows)


def workspace_stats(journeys: Iterable[Journey | JourneyStats]) -> WorkspaceStats:
    """Totals across journeys; pass `JourneyStats` to keep their `file` labels."""
    stats = tuple(j if isinstance(j, JourneyStats) else journey_stats(j) for j in journeys)
    channels: Counter[str] = Counter()
    owners: Counter[str] = Counter()
    personas: Counter[str] = Counter()
    for j in stats:
        channels.update(dict(j.by_channel))
        owners.update(dict(j.by_owner))
        personas.update(dict(j.by_persona))
    seen = tuple(dict.fromkeys(p for j in stats for p in j.personas))
    return WorkspaceStats(
        journeys=stats,
        personas=seen,
        by_channel=_by_count(channels),
        by_owner=_by_count(owners),
        by_persona=_in_order(personas, seen),
    )
