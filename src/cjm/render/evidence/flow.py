"""The observed flow: the transitions `measured:` records, against the map's `next` edges,
and their layout as an arc diagram (touchpoints in reading order; arcs above lead forward,
below lead back; width is accounts).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ...model import Journey, Touchpoint
from ..common import clean, wrap
from .figures import Figure, Stamp, count, number, pct, stamp

# What the map designed and customers did, what they did that the map does not have, and
# what the map has that nobody did.
DESIGNED = "#1e3a8a"
UNDESIGNED = "#c2410c"
UNOBSERVED = "#98a2b3"

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
    return max((w for e in edges if (w := number(e.accounts)) is not None), default=1.0)


def flow(journey: Journey, numbers: dict[str, int]) -> Flow | None:
    m = journey.measured
    tps = sorted(journey.touchpoints, key=lambda t: numbers[t.id])
    if m is None or not any(tp.measured and tp.measured.next for tp in tps):
        return None
    index = {tp.id: i for i, tp in enumerate(tps)}
    st = stamp(m)
    edges = [(index[e.source], index[e.target], e.kind, e.accounts, e.share) for e in observed_edges(tps)]
    weights = [w for *_, a, _ in edges if (w := number(a)) is not None]
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
    for a, b, kind, accounts, share in sorted(edges, key=lambda e: (e[2] != "unobserved", -(number(e[3]) or 0))):
        x1, x2 = cx(a), cx(b)
        up = b > a
        # Arcs leave from the node's top (forward) or bottom (back), offset so the two
        # directions between the same pair never overlap.
        y = axis - FLOW_NODE_H / 2 if up else axis + FLOW_NODE_H / 2
        x1 += 8 if up else -8
        x2 -= 8 if up else -8
        peak_y = y - lift(abs(b - a)) if up else y + lift(abs(b - a))
        d = f"M{x1:g},{y:g} C{x1:g},{peak_y:g} {x2:g},{peak_y:g} {x2:g},{y:g}"
        n = number(accounts)
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
        for a, b, kind, acc, share in sorted(edges, key=lambda e: (-(number(e[3]) or 0), e[0], e[1]))
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
