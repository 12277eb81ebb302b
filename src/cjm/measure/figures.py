"""The figures model: MEASURE.md's numbers per journey, stage and touchpoint, assembled from
the engine's aggregates with exact arithmetic, rounded and withheld as the contract says."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from .collect import Aggregates
from .plan import JourneyPlan
from .rounding import Value, Withholding, days, interpolate, score, share

BREADTH_BUCKETS = {1: "1", 2: "2", 3: "3+"}
NONE_SEGMENT = "(none)"


@dataclass
class Transition:
    source: str
    target: str
    count: Value


@dataclass
class StageFigures:
    id: str
    title: str
    measured: bool
    accounts: Value = None
    conversion: Value = None
    drop_off: Value = None
    median_days: Value = None
    p90_days: Value = None
    breadth: dict[str, Value] = field(default_factory=dict)  # "1" / "2" / "3+" -> accounts
    conversion_by_breadth: dict[str, Value] = field(default_factory=dict)


@dataclass
class TouchpointFigures:
    id: str
    stage: str
    measured: bool
    events: Value = None
    accounts: Value = None
    contacts: Value = None
    share: Value = None
    visits: Value = None
    next: dict[str, Value] = field(default_factory=dict)
    next_accounts: dict[str, Value] = field(default_factory=dict)
    median_days_to_next: Value = None
    responses: Value = None
    response_rate: Value = None
    csat: Value = None
    nps: Value = None
    ces: Value = None
    emotion: Value = None


@dataclass
class JourneyFigures:
    id: str
    title: str
    file: str
    measured: bool
    ordered: bool
    window_from: dt.date
    window_to: dt.date
    events: Value = None
    accounts: Value = None
    unmapped_events: Value = None
    conformance: Value = None
    uses_next: bool = False
    transitions: Value = None
    undesigned: list[Transition] = field(default_factory=list)
    unobserved: list[tuple[str, str]] = field(default_factory=list)
    unmapped: list[tuple[str, Value]] = field(default_factory=list)
    unmeasured: list[str] = field(default_factory=list)
    stages: list[StageFigures] = field(default_factory=list)
    touchpoints: list[TouchpointFigures] = field(default_factory=list)
    segments: dict[str, JourneyFigures] = field(default_factory=dict)

    @property
    def as_of(self) -> dt.date:
        return self.window_to


@dataclass
class MeasureResult:
    journeys: list[JourneyFigures]
    min_group: int
    events_source: str
    surveys_source: str | None
    skipped_rows: int = 0
    by: str | None = None


def _day(us: int) -> dt.date:
    return (dt.datetime(1970, 1, 1, tzinfo=dt.UTC) + dt.timedelta(microseconds=us)).date()


class _Rows:
    """The aggregates of one (journey, group), indexed for assembly."""

    def __init__(self, agg: Aggregates, journey: int, g: Any) -> None:
        def pick(name: str) -> list[tuple[Any, ...]]:
            return [r[2:] for r in agg.figures.get(name, []) if r[0] == journey and r[1] == g]

        self.journey = pick("journeys")
        self.touchpoints = {r[0]: r[1:] for r in pick("touchpoints")}
        self.transitions = pick("transitions")
        self.stages = {r[0]: r[1:] for r in pick("stages")}
        self.days_to_next = {r[0]: r[1:] for r in pick("days_to_next")}
        self.days_in_stage = {r[0]: r[1:] for r in pick("days_in_stage")}
        self.breadth: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
        for r in pick("breadth"):
            self.breadth[r[0]].append(r[1:])
        self.surveys: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
        for r in pick("surveys"):
            self.surveys[r[0]].append(r[1:])
        self.response_rate = {r[0]: r[1:] for r in pick("response_rate")}
        self.activities = [(r[0], r[2], r[3]) for r in agg.activities if r[1] == g]


def build(
    plans: list[JourneyPlan],
    agg: Aggregates,
    *,
    min_group: int,
    window: tuple[dt.date | None, dt.date | None],
    by_segment: bool,
) -> list[JourneyFigures]:
    hold = Withholding(min_group)
    start = window[0] or _day(agg.first_us)
    end = window[1] or _day(agg.last_us)
    out = []
    for plan in plans:
        jf = _journey(plan, _Rows(agg, plan.index, ""), agg, hold, start, end)
        if by_segment:
            values = sorted(
                {r[1] for r in agg.figures.get("journeys", []) if r[0] == plan.index and r[1] != ""},
                key=lambda v: (v is None, str(v)),
            )
            for value in values:
                name = NONE_SEGMENT if value is None else str(value)
                jf.segments[name] = _journey(plan, _Rows(agg, plan.index, value), agg, hold, start, end)
        out.append(jf)
    return out


def _journey(
    plan: JourneyPlan, rows: _Rows, agg: Aggregates, hold: Withholding, start: dt.date, end: dt.date
) -> JourneyFigures:
    j = plan.journey
    jf = JourneyFigures(
        j.id, j.title, plan.file.display, plan.measured, plan.ordered, start, end, uses_next=plan.uses_next
    )
    tps = plan.touchpoints
    jf.unmeasured = [t for t, pats in zip(tps, plan.patterns, strict=True) if not pats]
    if not plan.measured:
        return jf
    events, accounts = (rows.journey[0][0], rows.journey[0][1]) if rows.journey else (0, 0)
    mapped = {a for jj, a in agg.mapped if jj == plan.index}
    unmapped = sorted(((a, e, n) for a, e, n in rows.activities if a not in mapped), key=lambda r: (-r[1], r[0]))
    jf.events = hold(accounts, events)
    jf.accounts = hold(accounts, accounts)
    jf.unmapped_events = hold(accounts, sum(e for _, e, _ in unmapped))
    jf.unmapped = [(a, hold(n, e)) for a, e, n in unmapped]

    # Transitions and conformance.
    total = sum(r[2] for r in rows.transitions)
    by_source: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    for source, target, n, acc in rows.transitions:
        by_source[source].append((target, n, acc))
    jf.transitions = hold(accounts, total)
    if plan.uses_next:
        on_edges = sum(n for s, t, n, _ in rows.transitions if (s, t) in plan.edges)
        jf.conformance = hold(accounts, share(on_edges, total))
        off = sorted(
            ((s, t, n, a) for s, t, n, a in rows.transitions if (s, t) not in plan.edges),
            key=lambda r: (-r[2], r[0], r[1]),
        )
        jf.undesigned = [Transition(tps[s], tps[t], hold(a, n)) for s, t, n, a in off]
        seen = {(s, t) for s, t, _, _ in rows.transitions}
        jf.unobserved = [
            (tps[s], tps[t])
            for s, t in sorted(plan.edges)
            if (s, t) not in seen and plan.patterns[s] and plan.patterns[t]
        ]

    # Stages.
    measured_stages = {plan.tp_stage[t] for t, pats in enumerate(plan.patterns) if pats}
    last_measured = max(measured_stages) if measured_stages else -1
    for i, (sid, title) in enumerate(zip(plan.stages, plan.stage_titles, strict=True)):
        sf = StageFigures(sid, title, i in measured_stages)
        jf.stages.append(sf)
        if not sf.measured:
            continue
        reach, converted, moved = rows.stages.get(i, (0, 0, 0))
        sf.accounts = hold(reach, reach)
        if plan.ordered and i < last_measured:
            if i + 1 in measured_stages:
                sf.conversion = hold(reach, share(converted, reach))
            sf.drop_off = hold(reach, share(reach - moved, reach))
        if i in rows.days_in_stage:
            n, acc, mlo, mhi, plo, phi = rows.days_in_stage[i]
            sf.median_days = hold(acc, days(interpolate(n, mlo, mhi, 1, 2)))
            sf.p90_days = hold(acc, days(interpolate(n, plo, phi, 9, 10)))
        for b, b_reach, b_conv in sorted(rows.breadth.get(i, [])):
            label = BREADTH_BUCKETS[b]
            sf.breadth[label] = hold(b_reach, b_reach)
            if plan.ordered and i + 1 in measured_stages:
                sf.conversion_by_breadth[label] = hold(b_reach, share(b_conv, b_reach))

    # Touchpoints.
    for t, tid in enumerate(tps):
        tf = TouchpointFigures(tid, plan.stages[plan.tp_stage[t]], bool(plan.patterns[t]))
        jf.touchpoints.append(tf)
        if tf.measured:
            ev, acc, contacts, visits = rows.touchpoints.get(t, (0, 0, 0, 0))
            # A touchpoint no account reached is shown as zero, not withheld: a zero identifies
            # nobody, and MEASURE.md keeps "not shown as zero" for touchpoints without events:.
            # That is how `unobserved-touchpoint` tells it from one that few accounts reached.
            # (Unless the journey's accounts are withheld too: then the zero is about them.)
            reach = _as_is if acc == 0 and accounts >= hold.min_group else hold
            tf.events = reach(acc, ev)
            tf.accounts = reach(acc, acc)
            tf.contacts = reach(acc, contacts) if agg.has_contact else None
            tf.share = reach(acc, share(acc, accounts))
            tf.visits = reach(acc, visits)
            outgoing = sorted(by_source.get(t, []), key=lambda r: (-r[1], r[0]))
            out_total = sum(n for _, n, _ in outgoing)
            tf.next = {tps[target]: hold(a, share(n, out_total)) for target, n, a in outgoing}
            tf.next_accounts = {tps[target]: hold(a, a) for target, _, a in outgoing}
            if t in rows.days_to_next:
                n, a, mlo, mhi, _, _ = rows.days_to_next[t]
                tf.median_days_to_next = hold(a, days(interpolate(n, mlo, mhi, 1, 2)))
        _surveys(tf, rows.surveys.get(t, []), rows.response_rate.get(t), hold, tf.measured)
    return jf


def _surveys(
    tf: TouchpointFigures, rows: list[tuple[Any, ...]], rate: tuple[Any, ...] | None, hold: Withholding, measured: bool
) -> None:
    if not rows:
        return
    responses = sum(r[1] for r in rows)
    accounts = max(r[5] for r in rows)
    emotion = Fraction(0)
    for scale, n, total, promoters, detractors, acc in rows:
        total = Fraction(round(total))
        if scale == "csat":
            tf.csat = hold(acc, score(total / n))
            emotion += total
        elif scale == "nps":
            tf.nps = hold(acc, score(Fraction(100 * (promoters - detractors), n)))
            emotion += n + Fraction(4, 10) * total
        else:
            tf.ces = hold(acc, score(total / n))
            emotion += n + Fraction(4, 6) * (total - n)
    tf.responses = hold(accounts, responses)
    tf.emotion = hold(accounts, score(emotion / responses))
    if measured and rate is not None:
        reached, responded = rate
        tf.response_rate = hold(min(accounts, tf_accounts(tf)), share(responded, reached))


def _as_is(accounts: int, value: Value) -> Value:
    return value


def tf_accounts(tf: TouchpointFigures) -> int:
    return tf.accounts if isinstance(tf.accounts, int) else 0
