"""Committee breadth: per stage, the conversion of accounts by how many roles of the buying
committee they engaged (1, 2, 3+).
"""

from __future__ import annotations

from dataclasses import dataclass

from ...model import Journey
from ..common import clean
from .figures import Stamp, count, number, pct, stamp, withheld

BUCKETS = ("1", "2", "3+")

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
            value = number(conv)
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
