"""The evidence in the report: view objects for the `measured:` blocks `cjm measure --write`
puts into a journey (MEASURE.md section 5).

Everything here reads the journey file only (no data, no engine), so a report of a measured
journey is as reproducible as any other. A withheld figure (the string "<5") is shown as
it is written, never as a number; a figure the file does not have is left out, never
shown as zero. Every chart carries the `as_of` date and the window it covers.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..model import Journey, MeasuredJourney, MeasuredTouchpoint, Touchpoint
from .common import EMOTION_WORD, clean, wrap

Figure = int | float | str | None
BUCKETS = ("1", "2", "3+")

# The flow's colours: what the map designed and customers did, what they did that the map
# does not have, and what the map has that nobody did.
DESIGNED = "#1e3a8a"
UNDESIGNED = "#c2410c"
UNOBSERVED = "#98a2b3"
MEASURED_INK = "#1d4ed8"


# --- formatting: a figure as the page shows it -------------------------------------------------


def withheld(value: Figure) -> bool:
    return isinstance(value, str)


def count(value: Figure) -> str:
    if value is None:
        return "–"
    if isinstance(value, str):
        return value
    return f"{value:,.0f}"


def pct(value: Figure) -> str:
    if value is None:
        return "–"
    if isinstance(value, str):
        return value
    return f"{100 * value:.1f}".rstrip("0").rstrip(".") + "%"


def days(value: Figure) -> str:
    if value is None:
        return "–"
    if isinstance(value, str):
        return value
    return f"{value:.1f} d"


def score(value: Figure) -> str:
    if value is None:
        return "–"
    if isinstance(value, str):
        return value
    return f"{value:.1f}"


def number(value: Figure) -> float | None:
    """The figure as a number (None: absent or withheld)."""
    return _number(value)


def _number(value: Figure) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


@dataclass(frozen=True)
class Stamp:
    """When the figures were measured: said next to every measured figure."""

    as_of: str
    window: str

    @property
    def text(self) -> str:
        return f"as of {self.as_of} · window {self.window}"


def stamp(m: MeasuredJourney) -> Stamp:
    window = m.window or {}
    start, end = window.get("from"), window.get("to")
    span = f"{start.isoformat() if start else 'start of data'} – {end.isoformat() if end else m.as_of.isoformat()}"
    return Stamp(m.as_of.isoformat(), span)


# --- the stage funnel --------------------------------------------------------------------------

FUNNEL_W = 1000.0
FUNNEL_H = 268.0
FUNNEL_BAR_TOP = 64.0
FUNNEL_BAR_H = 130.0
FUNNEL_BAR_W = 0.46  # of a stage column


@dataclass(frozen=True)
class FunnelStage:
    title: str
    measured: bool
    accounts: str
    conversion: str | None
    drop_off: str | None
    median_days: str | None
    p90_days: str | None
    withheld: bool
    # geometry in the SVG's user units
    x: float
    w: float
    y: float
    h: float
    link: str  # the polygon to the next bar ("" for the last)
    link_label_x: float


@dataclass(frozen=True)
class Funnel:
    stages: tuple[FunnelStage, ...]
    stamp: Stamp
    accounts: str
    width: float
    height: float
    bar_top: float
    bar_h: float
    description: str


def funnel(journey: Journey) -> Funnel | None:
    m = journey.measured
    if m is None or not m.stages:
        return None
    stages = journey.stage_list
    col = FUNNEL_W / max(1, len(stages))
    peak = max((v for s in m.stages.values() if (v := _number(s.accounts)) is not None), default=0.0)
    bars: list[tuple[float, float, float, float]] = []
    for i, st in enumerate(stages):
        ms = m.stages.get(st.id)
        n = _number(ms.accounts) if ms else None
        # Heights by the square root would flatter the tail; a CX funnel reads in proportion.
        h = max(3.0, FUNNEL_BAR_H * n / peak) if n and peak else 3.0
        w = col * FUNNEL_BAR_W
        x = i * col + (col - w) / 2
        bars.append((x, w, FUNNEL_BAR_TOP + (FUNNEL_BAR_H - h) / 2, h))
    out = []
    for i, st in enumerate(stages):
        ms = m.stages.get(st.id)
        x, w, y, h = bars[i]
        link, label_x = "", 0.0
        if i + 1 < len(bars) and ms is not None and ms.conversion is not None:
            nx, _, ny, nh = bars[i + 1]
            link = f"{x + w:g},{y:g} {nx:g},{ny:g} {nx:g},{ny + nh:g} {x + w:g},{y + h:g}"
            label_x = round((x + w + nx) / 2, 2)
        out.append(
            FunnelStage(
                title=clean(st.title),
                measured=ms is not None,
                accounts=count(ms.accounts) if ms else "not measured",
                conversion=pct(ms.conversion) if ms and ms.conversion is not None else None,
                drop_off=pct(ms.drop_off) if ms and ms.drop_off is not None else None,
                median_days=days(ms.median_days) if ms and ms.median_days is not None else None,
                p90_days=days(ms.p90_days) if ms and ms.p90_days is not None else None,
                withheld=bool(ms and withheld(ms.accounts)),
                x=round(x, 2),
                w=round(w, 2),
                y=round(y, 2),
                h=round(h, 2),
                link=link,
                link_label_x=label_x,
            )
        )
    st = stamp(m)
    desc = "; ".join(
        f"{s.title}: {s.accounts} accounts"
        + (f", {s.conversion} go on to the next stage" if s.conversion else "")
        + (f", median {s.median_days} in stage" if s.median_days else "")
        for s in out
    )
    return Funnel(
        tuple(out), st, count(m.accounts), FUNNEL_W, FUNNEL_H, FUNNEL_BAR_TOP, FUNNEL_BAR_H, f"{desc} ({st.text})"
    )


# --- touchpoint cards --------------------------------------------------------------------------


@dataclass(frozen=True)
class EvidenceRow:
    """One touchpoint in the evidence table: what the map asserts beside what was measured."""

    number: int
    anchor: str
    name: str
    events: tuple[str, ...]  # the activity patterns of `events:`, as written
    accounts: str
    share: str
    visits: str
    days_to_next: str
    survey: str
    responses: str
    response_rate: str
    asserted: str
    measured: str
    gap: float | None


def evidence_rows(journey: Journey, numbers: dict[str, int]) -> tuple[EvidenceRow, ...]:
    rows = []
    for tp in sorted(journey.touchpoints, key=lambda t: numbers[t.id]):
        m = tp.measured or MeasuredTouchpoint()
        figures = [
            f"{k} {score(v) if k != 'NPS' or withheld(v) else f'{v:+.1f}'}"
            for k, v in (("CSAT", m.csat), ("NPS", m.nps), ("CES", m.ces))
            if v is not None
        ]
        value = _number(m.emotion)
        rows.append(
            EvidenceRow(
                number=numbers[tp.id],
                anchor=f"tp-{tp.id}",
                name=tp.name,
                events=tuple(tp.events),
                accounts=count(m.accounts) if tp.events else "not measured",
                share=pct(m.share),
                visits=count(m.visits),
                days_to_next=days(m.median_days_to_next),
                survey=" · ".join(figures) or "–",
                responses=count(m.responses),
                response_rate=pct(m.response_rate),
                asserted=str(tp.emotion) if tp.emotion is not None else "–",
                measured=score(m.emotion),
                gap=round(value - tp.emotion, 1) if value is not None and tp.emotion is not None else None,
            )
        )
    return tuple(rows)


@dataclass(frozen=True)
class CardEvidence:
    """What the data says about one touchpoint, beside what the map asserts."""

    measured: bool  # the touchpoint has `events:` (else: unmeasured, said so)
    reach: str  # "278 accounts · 69.5%"
    survey: str | None  # "CSAT 3.8 · 33 responses · 42.3% responded"
    emotion: str | None  # the measured emotion, 1..5
    gap: float | None  # measured - asserted emotion
    title: str  # hover text with the stamp


def card_evidence(tp: Touchpoint, st: Stamp) -> CardEvidence:
    m = tp.measured or MeasuredTouchpoint()
    if not tp.events and tp.measured is None:
        return CardEvidence(
            False, "reach not measured (no events:)", None, None, None, f"No events: map to it ({st.text})"
        )
    if m.accounts is not None:
        reach = f"{count(m.accounts)} accounts"
    else:  # surveys only, or events: added since the last `cjm measure --write`
        reach = "no measured reach" if tp.events else "reach not measured (no events:)"
    if m.share is not None:
        reach += f" · {pct(m.share)}"
    survey = None
    figures = [(k, v) for k, v in (("CSAT", m.csat), ("NPS", m.nps), ("CES", m.ces)) if v is not None]
    if figures or m.responses is not None:
        parts = [f"{k} {score(v) if k != 'NPS' or withheld(v) else f'{v:+.1f}'}" for k, v in figures]
        if m.responses is not None:
            parts.append(f"{count(m.responses)} responses")
        if m.response_rate is not None:
            parts.append(f"{pct(m.response_rate)} responded")
        survey = " · ".join(parts)
    emotion = score(m.emotion) if m.emotion is not None else None
    measured_emotion = _number(m.emotion)
    gap = round(measured_emotion - tp.emotion, 1) if measured_emotion is not None and tp.emotion is not None else None
    title = f"Measured {st.text}: {reach}"
    if survey:
        title += f"; surveys: {survey}"
    if tp.events:
        title += f"; events: {', '.join(tp.events)}"
    return CardEvidence(True, reach, survey, emotion, gap, title)


# --- the emotion curve: the measured line ------------------------------------------------------


@dataclass(frozen=True)
class MeasuredPoint:
    x: float
    y: float | None  # None: withheld (drawn as a tick on the axis)
    label: str  # "n=33"
    title: str
    anchor: str


def measured_curve(
    touchpoints: Sequence[tuple[float, Touchpoint, str, int]], y_of_score: Callable[[float], float]
) -> tuple[str, tuple[MeasuredPoint, ...]]:
    """The measured emotion line over the asserted one: (path, points). `touchpoints`:
    (x, touchpoint, anchor, number) in reading order; `y_of_score(float) -> y`."""
    points = []
    for x, tp, anchor, number in touchpoints:
        m = tp.measured
        if m is None or m.emotion is None:
            continue
        value = _number(m.emotion)
        y = round(y_of_score(value), 2) if value is not None else None
        n = count(m.responses) if m.responses is not None else "?"
        asserted = f", asserted {tp.emotion}" if tp.emotion is not None else ", not asserted"
        points.append(
            MeasuredPoint(
                x=x,
                y=y,
                label=f"n={n}",
                title=f"#{number} {clean(tp.name)}: measured emotion {score(m.emotion)} from {n} responses{asserted}",
                anchor=anchor,
            )
        )
    drawn = [p for p in points if p.y is not None]
    path = " ".join(f"{'M' if i == 0 else 'L'}{p.x:g},{p.y:g}" for i, p in enumerate(drawn))
    return path, tuple(points)


# --- the observed flow: an arc diagram ---------------------------------------------------------

FLOW_PITCH = 118.0
FLOW_NODE_W = 104.0
FLOW_NODE_H = 62.0
FLOW_MAX_STROKE = 16.0
FLOW_STAGE_ROW = 26.0  # stage names along the top
FLOW_MAX_LIFT = 190.0


@dataclass(frozen=True)
class FlowNode:
    number: int
    anchor: str
    x: float  # centre
    lines: tuple[str, ...]
    accounts: str
    measured: bool
    stage_first: str | None  # the stage title, on the stage's first node


@dataclass(frozen=True)
class FlowArc:
    source: int
    target: int
    kind: str  # designed | undesigned | unobserved
    d: str
    width: float
    color: str
    label: str
    label_x: float
    label_y: float
    title: str


@dataclass(frozen=True)
class FlowEdgeRow:
    source: str
    target: str
    accounts: str
    share: str


@dataclass(frozen=True)
class Flow:
    nodes: tuple[FlowNode, ...]
    arcs: tuple[FlowArc, ...]
    width: float
    height: float
    axis: float  # the y of the nodes' centre line
    node_w: float
    node_h: float
    stamp: Stamp
    conformance: str | None
    undesigned: tuple[FlowEdgeRow, ...]
    unobserved: tuple[tuple[str, str], ...]
    description: str
    stage_row: float = FLOW_STAGE_ROW


@dataclass(frozen=True)
class ObservedEdge:
    """A transition the data shows, or a `next` edge it never shows."""

    source: str
    target: str
    kind: str  # designed (a next edge, observed) | undesigned (observed only) | unobserved (next only)
    accounts: Figure
    share: Figure


def observed_edges(touchpoints: Sequence[Touchpoint]) -> list[ObservedEdge]:
    """The edges of the observed flow between these touchpoints, in file order."""
    known = {tp.id: tp for tp in touchpoints}
    out = []
    for tp in touchpoints:
        observed = tp.measured.next if tp.measured else {}
        accounts = tp.measured.next_accounts if tp.measured else {}
        for target, share in observed.items():
            if target in known:
                kind = "designed" if target in tp.next else "undesigned"
                out.append(ObservedEdge(tp.id, target, kind, accounts.get(target), share))
        for target in dict.fromkeys(tp.next):
            other = known.get(target)
            # Unobserved only where both ends are measured: an edge into an unmeasured
            # touchpoint cannot be observed, so its absence says nothing.
            if other is not None and target not in observed and tp.events and other.events:
                out.append(ObservedEdge(tp.id, target, "unobserved", None, None))
    return out


def peak_accounts(edges: Sequence[ObservedEdge]) -> float:
    return max((w for e in edges if (w := _number(e.accounts)) is not None), default=1.0)


def flow(journey: Journey, numbers: dict[str, int]) -> Flow | None:
    m = journey.measured
    tps = sorted(journey.touchpoints, key=lambda t: numbers[t.id])
    if m is None or not any(tp.measured and tp.measured.next for tp in tps):
        return None
    index = {tp.id: i for i, tp in enumerate(tps)}
    st = stamp(m)
    edges = [(index[e.source], index[e.target], e.kind, e.accounts, e.share) for e in observed_edges(tps)]
    weights = [w for *_, a, _ in edges if (w := _number(a)) is not None]
    peak = max(weights, default=1.0)
    width = FLOW_PITCH * len(tps) + 20
    longest = max((abs(b - a) for a, b, *_ in edges), default=1)
    reach_up = max((abs(b - a) for a, b, k, *_ in edges if b > a), default=1)
    reach_down = max((abs(b - a) for a, b, k, *_ in edges if b < a), default=0)
    rise = min(44.0, (FLOW_MAX_LIFT - 16) / max(1, longest))  # arc height per touchpoint spanned

    def lift(span: int) -> float:
        return rise * span + 16

    # A cubic's apex is 3/4 of the way to its control points.
    top = FLOW_STAGE_ROW + 0.75 * lift(reach_up) + 14
    axis = top + FLOW_NODE_H / 2
    height = axis + FLOW_NODE_H / 2 + (0.75 * lift(reach_down) + 18 if reach_down else 10)

    def cx(i: int) -> float:
        return round(10 + FLOW_PITCH * (i + 0.5), 2)

    arcs = []
    for a, b, kind, accounts, share in sorted(edges, key=lambda e: (e[2] != "unobserved", -(_number(e[3]) or 0))):
        x1, x2 = cx(a), cx(b)
        up = b > a
        # Arcs leave from the node's top (forward) or bottom (back), offset so the two
        # directions between the same pair never overlap.
        y = axis - FLOW_NODE_H / 2 if up else axis + FLOW_NODE_H / 2
        x1 += 8 if up else -8
        x2 -= 8 if up else -8
        peak_y = y - lift(abs(b - a)) if up else y + lift(abs(b - a))
        d = f"M{x1:g},{y:g} C{x1:g},{peak_y:g} {x2:g},{peak_y:g} {x2:g},{y:g}"
        n = _number(accounts)
        if kind == "unobserved":
            w, label = 1.5, "never observed"
        elif n is not None:
            w, label = round(max(1.5, FLOW_MAX_STROKE * n / peak), 2), count(accounts)
        else:
            w, label = 1.5, count(accounts) if accounts is not None else pct(share)
        color = {"designed": DESIGNED, "undesigned": UNDESIGNED, "unobserved": UNOBSERVED}[kind]
        src, dst = tps[a], tps[b]
        what = {
            "designed": "designed and observed",
            "undesigned": "observed, not designed (no next: edge)",
            "unobserved": "designed (next:), never observed",
        }[kind]
        title = f"#{a + 1} {clean(src.name)} → #{b + 1} {clean(dst.name)}: {what}"
        if kind != "unobserved":
            title += f"; {count(accounts)} accounts, {pct(share)} of its outgoing transitions ({st.text})"
        label_y = round(y + (peak_y - y) * 0.75 + (-4 if up else 11), 2)
        arcs.append(FlowArc(a, b, kind, d, w, color, label, round((x1 + x2) / 2, 2), label_y, title))
    nodes = []
    seen_stages: set[str] = set()
    titles = {s.id: s.title for s in journey.stage_list}
    for i, tp in enumerate(tps):
        first = tp.stage not in seen_stages
        seen_stages.add(tp.stage)
        reach = count(tp.measured.accounts) if tp.measured and tp.measured.accounts is not None else "no events"
        nodes.append(
            FlowNode(
                number=numbers[tp.id],
                anchor=f"tp-{tp.id}",
                x=cx(i),
                lines=tuple(wrap(tp.name, 18, 3)),
                accounts=reach,
                measured=bool(tp.events),
                stage_first=clean(titles.get(tp.stage, tp.stage)) if first else None,
            )
        )
    by_id = {tp.id: f"#{numbers[tp.id]} {clean(tp.name)}" for tp in tps}
    undesigned = tuple(
        FlowEdgeRow(by_id[tps[a].id], by_id[tps[b].id], count(acc), pct(share))
        for a, b, kind, acc, share in sorted(edges, key=lambda e: (-(_number(e[3]) or 0), e[0], e[1]))
        if kind == "undesigned"
    )
    unobserved = tuple((by_id[tps[a].id], by_id[tps[b].id]) for a, b, kind, *_ in edges if kind == "unobserved")
    conformance = pct(m.conformance) if m.conformance is not None else None
    desc = (
        f"Observed transitions between {len(tps)} touchpoints, width by accounts: "
        f"{sum(1 for e in edges if e[2] == 'designed')} designed and observed, {len(undesigned)} observed but not "
        f"designed, {len(unobserved)} designed but never observed ({st.text})"
    )
    return Flow(
        tuple(nodes),
        tuple(arcs),
        round(width, 2),
        round(height, 2),
        round(axis, 2),
        FLOW_NODE_W,
        FLOW_NODE_H,
        st,
        conformance,
        undesigned,
        unobserved,
        desc,
    )


# --- committee breadth -------------------------------------------------------------------------

BREADTH_COLOR = {"1": "#93c5fd", "2": "#3b82f6", "3+": "#1e3a8a"}


@dataclass(frozen=True)
class BreadthBar:
    bucket: str
    x: float
    y: float
    h: float
    conversion: str
    accounts: str
    color: str
    withheld: bool


@dataclass(frozen=True)
class BreadthGroup:
    title: str
    x: float  # centre
    bars: tuple[BreadthBar, ...]


@dataclass(frozen=True)
class Breadth:
    groups: tuple[BreadthGroup, ...]
    width: float
    height: float
    base: float
    plot_h: float
    stamp: Stamp
    description: str


BREADTH_GROUP_W = 170.0
BREADTH_BAR_W = 38.0
BREADTH_PLOT_H = 150.0
BREADTH_TOP = 26.0


def breadth(journey: Journey) -> Breadth | None:
    m = journey.measured
    if m is None:
        return None
    stages = [(s, m.stages[s.id]) for s in journey.stage_list if s.id in m.stages]
    stages = [(s, ms) for s, ms in stages if ms.conversion_by_breadth]
    if not stages:
        return None
    base = BREADTH_TOP + BREADTH_PLOT_H
    groups = []
    for g, (s, ms) in enumerate(stages):
        centre = BREADTH_GROUP_W * (g + 0.5) + 40
        bars = []
        for k, bucket in enumerate(BUCKETS):
            if bucket not in ms.breadth and bucket not in ms.conversion_by_breadth:
                continue
            conv = ms.conversion_by_breadth.get(bucket)
            value = _number(conv)
            h = round(BREADTH_PLOT_H * value, 2) if value is not None else 0.0
            x = round(centre + (k - 1.5) * (BREADTH_BAR_W + 6) + 3, 2)
            bars.append(
                BreadthBar(
                    bucket,
                    x,
                    round(base - h, 2),
                    h,
                    pct(conv),
                    count(ms.breadth.get(bucket)),
                    BREADTH_COLOR[bucket],
                    withheld(conv) or conv is None,
                )
            )
        groups.append(BreadthGroup(clean(s.title), round(centre, 2), tuple(bars)))
    st = stamp(m)
    desc = "; ".join(
        f"{g.title}: " + ", ".join(f"{b.bucket} roles {b.conversion} of {b.accounts} accounts" for b in g.bars)
        for g in groups
    )
    return Breadth(
        tuple(groups),
        round(BREADTH_GROUP_W * len(groups) + 60, 2),
        base + 58,
        base,
        BREADTH_PLOT_H,
        st,
        f"Stage conversion by committee roles engaged. {desc} ({st.text})",
    )


# --- the page header and the index -------------------------------------------------------------


@dataclass(frozen=True)
class Evidence:
    """Everything measured on one journey page."""

    stamp: Stamp
    accounts: str
    events: str
    unmapped_events: str
    conformance: str | None
    responses: str
    funnel: Funnel | None
    flow: Flow | None
    breadth: Breadth | None
    rows: tuple[EvidenceRow, ...] = ()


def evidence(journey: Journey, numbers: dict[str, int]) -> Evidence | None:
    m = journey.measured
    if m is None:
        return None
    answers = [r for tp in journey.touchpoints if tp.measured and (r := tp.measured.responses) is not None]
    total = sum(r for r in answers if isinstance(r, int))
    withheld_answers = sum(1 for r in answers if isinstance(r, str))
    responses = f"{total:,}" + (f" + {withheld_answers} withheld" if withheld_answers else "")
    return Evidence(
        stamp=stamp(m),
        accounts=count(m.accounts),
        events=count(m.events),
        unmapped_events=count(m.unmapped_events),
        conformance=pct(m.conformance) if m.conformance is not None else None,
        responses=responses if answers else "none",
        funnel=funnel(journey),
        flow=flow(journey, numbers),
        breadth=breadth(journey),
        rows=evidence_rows(journey, numbers),
    )


@dataclass(frozen=True)
class MiniStage:
    title: str
    accounts: str
    width_pct: float
    conversion: str | None
    withheld: bool
    drop_off: str | None = None
    median_days: str | None = None


@dataclass(frozen=True)
class MiniFunnel:
    """A journey's funnel on the index: one bar per measured stage."""

    stamp: Stamp
    accounts: str
    conformance: str | None
    stages: tuple[MiniStage, ...]


def mini_funnel(journey: Journey) -> MiniFunnel | None:
    m = journey.measured
    if m is None or not m.stages:
        return None
    peak = max((v for s in m.stages.values() if (v := _number(s.accounts)) is not None), default=0.0)
    stages = []
    for s in journey.stage_list:
        ms = m.stages.get(s.id)
        if ms is None:
            continue
        n = _number(ms.accounts)
        stages.append(
            MiniStage(
                clean(s.title),
                count(ms.accounts),
                round(max(1.0, 100 * n / peak), 2) if n and peak else 1.0,
                pct(ms.conversion) if ms.conversion is not None else None,
                withheld(ms.accounts),
                pct(ms.drop_off) if ms.drop_off is not None else None,
                days(ms.median_days) if ms.median_days is not None else None,
            )
        )
    return MiniFunnel(
        stamp(m), count(m.accounts), pct(m.conformance) if m.conformance is not None else None, tuple(stages)
    )


def emotion_word(value: float) -> str:
    return EMOTION_WORD[min(5, max(1, math.floor(value + 0.5)))]
