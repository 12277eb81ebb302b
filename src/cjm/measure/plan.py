"""The journeys as the engine sees them: indices, stages, touchpoints and their patterns,
the activity -> touchpoint map (from the distinct activity names only) and the role map."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import UserError
from ..model import Journey, Persona
from ..positions import locate
from ..stages import UNORDERED_MODELS
from ..workspace import SourceFile
from .patterns import matches


@dataclass
class JourneyPlan:
    index: int
    file: SourceFile
    journey: Journey
    stages: list[str]
    stage_titles: list[str]
    ordered: bool
    touchpoints: list[str]  # ids, in file order
    tp_stage: list[int]  # stage index of each touchpoint
    patterns: list[list[str]]  # events: of each touchpoint (empty: unmeasured)
    edges: set[tuple[int, int]] = field(default_factory=set)  # `next` edges, as indices

    @property
    def measured(self) -> bool:
        return any(self.patterns)

    @property
    def uses_next(self) -> bool:
        return bool(self.edges)

    def where(self, tp: int, pattern: int) -> str:
        span = locate(self.file.data, ("touchpoints", tp, "events", pattern))
        return f"{self.file.display}:{span.line}:{span.column}"


def plan_journeys(journeys: list[tuple[SourceFile, Journey]]) -> list[JourneyPlan]:
    plans = []
    for index, (f, j) in enumerate(journeys):
        stages = j.stage_list
        sid = {s.id: i for i, s in enumerate(stages)}
        tids = [tp.id for tp in j.touchpoints]
        tindex = {t: i for i, t in enumerate(tids)}
        plan = JourneyPlan(
            index=index,
            file=f,
            journey=j,
            stages=[s.id for s in stages],
            stage_titles=[s.title for s in stages],
            ordered=not (isinstance(j.stages, str) and j.stages in UNORDERED_MODELS),
            touchpoints=tids,
            tp_stage=[sid.get(tp.stage, 0) for tp in j.touchpoints],
            patterns=[list(tp.events) for tp in j.touchpoints],
        )
        plan.edges = {(tindex[tp.id], tindex[n]) for tp in j.touchpoints for n in tp.next if n in tindex}
        plans.append(plan)
    return plans


def activity_map(plans: list[JourneyPlan], activities: list[str]) -> list[tuple[int, str, int, int]]:
    """(journey, activity, touchpoint, stage) for every activity a touchpoint's `events:`
    matches. An activity that two touchpoints of one journey match is refused, naming both
    `events:` entries (validate finds the certain cases without data; this finds the rest)."""
    rows = []
    for plan in plans:
        literal: dict[str, list[tuple[int, int]]] = {}
        wild: list[tuple[int, int, str]] = []
        for t, pats in enumerate(plan.patterns):
            for k, p in enumerate(pats):
                if "*" in p or "?" in p:
                    wild.append((t, k, p))
                else:
                    literal.setdefault(p, []).append((t, k))
        for activity in activities:
            hits = list(literal.get(activity, []))
            hits += [(t, k) for t, k, p in wild if matches(p, activity)]
            tps = sorted({t for t, _ in hits})
            if not tps:
                continue
            if len(tps) > 1:
                first = {t: k for t, k in reversed(hits)}
                a, b = tps[0], tps[1]
                raise UserError(
                    f"activity '{activity}' in the events matches touchpoints '{plan.touchpoints[a]}' "
                    f"({plan.where(a, first[a])}) and '{plan.touchpoints[b]}' ({plan.where(b, first[b])}) "
                    f"of journey '{plan.journey.id}'; an event belongs to one touchpoint, so make the patterns disjoint"
                )
            rows.append((plan.index, activity, tps[0], plan.tp_stage[tps[0]]))
    return rows


def role_map(
    plans: list[JourneyPlan], library: dict[str, Persona], roles: dict[str, str]
) -> list[tuple[int, str, str]]:
    """(journey, data value, persona id): `roles:` of cjm.yaml first, then persona ids, then
    persona roles (the first persona of the journey with that role). Values that match
    nothing count as roles of their own."""
    rows = []
    for plan in plans:
        personas = [library.get(p) if isinstance(p, str) else p for p in plan.journey.personas]
        ids = plan.journey.persona_ids
        mapping: dict[str, str] = {}
        for p in personas:
            if p is not None and p.role and p.role not in mapping:
                mapping[p.role] = p.id
        mapping.update({pid: pid for pid in ids})
        mapping.update(roles)
        rows += [(plan.index, value, persona) for value, persona in mapping.items()]
    return rows


def survey_targets(plans: list[JourneyPlan]) -> list[tuple[str | None, str, int, int]]:
    """(journey id or NULL, touchpoint id, journey, touchpoint): how a survey row names a
    touchpoint. Without a journey, only ids unique across the journeys resolve."""
    rows: list[tuple[str | None, str, int, int]] = []
    seen: dict[str, list[tuple[int, int]]] = {}
    for plan in plans:
        for t, tid in enumerate(plan.touchpoints):
            rows.append((plan.journey.id, tid, plan.index, t))
            seen.setdefault(tid, []).append((plan.index, t))
    rows += [(None, tid, *places[0]) for tid, places in seen.items() if len(places) == 1]
    return rows
