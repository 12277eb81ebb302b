"""The stage funnel: accounts per stage as bars, conversion between them, drop-off and days
in stage under them; and the compact funnel of the index page.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...model import Journey
from ..common import clean
from .figures import Stamp, count, days, number, pct, stamp, withheld

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
    peak = max((v for s in m.stages.values() if (v := number(s.accounts)) is not None), default=0.0)
    bars: list[tuple[float, float, float, float]] = []
    for i, st in enumerate(stages):
        ms = m.stages.get(st.id)
        n = number(ms.accounts) if ms else None
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
    peak = max((v for s in m.stages.values() if (v := number(s.accounts)) is not None), default=0.0)
    stages = []
    for s in journey.stage_list:
        ms = m.stages.get(s.id)
        if ms is None:
            continue
        n = number(ms.accounts)
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
