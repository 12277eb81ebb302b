"""Measured changes: how the `measured:` figures moved between two versions of a journey.

`cjm measure --write` rewrites the `measured:` blocks (MEASURE.md section 5) on every run, so
a pull request that re-measures changes dozens of numbers. A reviewer wants to know what
moved for the customer, not which lines: `diff_measured(a, b)` gives

- **totals**: the journey's events, accounts, unmapped events and conformance;
- **funnel**: per stage, accounts, conversion, drop-off and days in stage (median, p90), in
  the new journey's stage order, then stages only the old side measured;
- **reach movers**: the touchpoints whose `share` of the journey's accounts moved most, with
  their accounts;
- **survey movers**: the touchpoints whose survey `emotion` moved most (every scale is on the
  map's 1..5 there, so csat, nps and ces rank together), with the scale's own figure and
  the number of responses.

Movers are the touchpoints whose figure changed, the largest absolute change first (ties in
the map's order), then those with a figure on one side only or withheld ("<5") on one side;
at most `MOVERS` are listed and the rest are counted.

**Deltas** are exact: new - old in decimal on the figures as written (already rounded to 3
decimals for shares and rates, 1 for days and scores), so 0.238 - 0.217 is 0.021. A figure
withheld or absent on either side has no delta and no direction. **Direction** is `up` or
`down`; `BETTER` says which way is good for a figure (conversion up, drop-off down), so the
writers can colour it, and `conversion-drop` (a stage converting less) is a `--fail-on` gate.

Ids are matched through the renames the entity diff found (old id -> new id). Pure over the
models: no I/O.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from dataclasses import field as dc_field
from decimal import Decimal
from typing import Any, Literal

from ..model import Journey, MeasuredJourney, MeasuredStage, MeasuredTouchpoint, Touchpoint

MOVERS = 5
"""Touchpoints listed per mover table; the others that moved are counted."""

Value = int | float | str | None
"""A figure as written: a number, `"<N>"` when withheld, None when absent."""

TOTALS = ("events", "accounts", "unmapped_events", "conformance")
FUNNEL = ("accounts", "conversion", "drop_off", "median_days", "p90_days")
SCALES = ("csat", "nps", "ces")

# Which way is good. Counts of events and accounts grow with the window, so they are neutral.
BETTER: dict[str, Literal["up", "down"]] = {
    "conformance": "up",
    "conversion": "up",
    "drop_off": "down",
    "median_days": "down",
    "p90_days": "down",
    "share": "up",
    "emotion": "up",
    "csat": "up",
    "nps": "up",
    "ces": "up",
    "response_rate": "up",
}


def _number(value: Value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


@dataclass(frozen=True)
class Figure:
    """One figure before and after."""

    name: str
    old: Value
    new: Value

    @property
    def changed(self) -> bool:
        return self.old != self.new

    @property
    def delta(self) -> int | float | None:
        """new - old, exact on the figures as written; None unless both are numbers."""
        if not (_number(self.old) and _number(self.new)):
            return None
        exact = Decimal(repr(self.new)) - Decimal(repr(self.old))
        if isinstance(self.old, int) and isinstance(self.new, int):
            return int(exact)
        return float(exact)

    @property
    def direction(self) -> Literal["up", "down"] | None:
        d = self.delta
        if not d:
            return None
        return "up" if d > 0 else "down"

    @property
    def tone(self) -> Literal["better", "worse"] | None:
        """Whether the move is good for the customer journey; None for neutral figures."""
        direction, better = self.direction, BETTER.get(self.name)
        if direction is None or better is None:
            return None
        return "better" if direction == better else "worse"

    def as_dict(self) -> dict[str, Any]:
        return {"before": self.old, "after": self.new, "delta": self.delta, "direction": self.direction}


@dataclass(frozen=True)
class FunnelRow:
    """One stage's figures (`FUNNEL` order)."""

    stage: str
    title: str
    figures: tuple[Figure, ...]

    def figure(self, name: str) -> Figure:
        return next(f for f in self.figures if f.name == name)

    @property
    def changed(self) -> bool:
        return any(f.changed for f in self.figures)


@dataclass(frozen=True)
class Mover:
    """A touchpoint whose reach or survey figure moved: `figure` ranks it, `context` explains it."""

    touchpoint: str
    label: str
    stage: str
    figure: Figure
    context: tuple[Figure, ...] = ()


@dataclass
class MeasuredDiff:
    """How one journey's measured figures moved. `as_of` and `window` are (old, new)."""

    as_of: tuple[dt.date | None, dt.date | None]
    window: tuple[dict[str, dt.date] | None, dict[str, dt.date] | None]
    totals: tuple[Figure, ...]
    funnel: list[FunnelRow] = dc_field(default_factory=list)
    reach: list[Mover] = dc_field(default_factory=list)
    surveys: list[Mover] = dc_field(default_factory=list)
    more_reach: int = 0
    more_surveys: int = 0
    touchpoints_changed: int = 0

    @property
    def conversion_drops(self) -> list[FunnelRow]:
        """Stages whose conversion to the next stage went down (the `conversion-drop` gate)."""
        return [row for row in self.funnel if row.figure("conversion").direction == "down"]

    def as_dict(self) -> dict[str, Any]:
        def mover(m: Mover) -> dict[str, Any]:
            figures = {f.name: f.as_dict() for f in (m.figure, *m.context)}
            return {"touchpoint": m.touchpoint, "label": m.label, "stage": m.stage, **figures}

        return {
            "as_of": {"before": _iso(self.as_of[0]), "after": _iso(self.as_of[1])},
            "window": {"before": _window(self.window[0]), "after": _window(self.window[1])},
            "totals": {f.name: f.as_dict() for f in self.totals},
            "funnel": [
                {"stage": r.stage, "title": r.title, **{f.name: f.as_dict() for f in r.figures}} for r in self.funnel
            ],
            "reach": [mover(m) for m in self.reach],
            "surveys": [mover(m) for m in self.surveys],
            "more": {"reach": self.more_reach, "surveys": self.more_surveys},
            "touchpoints_changed": self.touchpoints_changed,
        }


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def _window(window: Mapping[str, dt.date] | None) -> dict[str, str] | None:
    return None if window is None else {k: v.isoformat() for k, v in window.items()}


def _get(block: Any, name: str) -> Value:
    return None if block is None else getattr(block, name)


def diff_measured(
    a: Journey,
    b: Journey,
    stage_map: Mapping[str, str] | None = None,
    tp_map: Mapping[str, str] | None = None,
) -> MeasuredDiff | None:
    """How the measured figures moved from `a` to `b`; None when neither side has any, or
    none changed. `stage_map` and `tp_map` are the renames (old id -> new id)."""
    stage_map, tp_map = stage_map or {}, tp_map or {}
    old_tps = {tp_map.get(t.id, t.id): t.measured for t in a.touchpoints}
    new_tps = {t.id: t.measured for t in b.touchpoints}
    changed_tps = [t for t in dict.fromkeys([*new_tps, *old_tps]) if old_tps.get(t) != new_tps.get(t)]
    if a.measured == b.measured and not changed_tps:
        return None
    ma, mb = a.measured, b.measured
    return MeasuredDiff(
        as_of=(ma.as_of if ma else None, mb.as_of if mb else None),
        window=(ma.window if ma else None, mb.window if mb else None),
        totals=tuple(Figure(name, _get(ma, name), _get(mb, name)) for name in TOTALS),
        funnel=_funnel(a, b, ma, mb, stage_map),
        touchpoints_changed=len(changed_tps),
        **_movers(b.touchpoints, a.touchpoints, old_tps, new_tps),
    )


def _funnel(
    a: Journey, b: Journey, ma: MeasuredJourney | None, mb: MeasuredJourney | None, stage_map: Mapping[str, str]
) -> list[FunnelRow]:
    old: dict[str, MeasuredStage] = {stage_map.get(s, s): v for s, v in (ma.stages if ma else {}).items()}
    new: dict[str, MeasuredStage] = dict(mb.stages) if mb else {}
    titles = {stage_map.get(s.id, s.id): s.title for s in a.stage_list}
    titles.update({s.id: s.title for s in b.stage_list})
    order = [s.id for s in b.stage_list] + [stage_map.get(s.id, s.id) for s in a.stage_list]
    order += [*new, *old]  # measured stages the map no longer lists, last
    return [
        FunnelRow(
            sid, titles.get(sid, sid), tuple(Figure(n, _get(old.get(sid), n), _get(new.get(sid), n)) for n in FUNNEL)
        )
        for sid in dict.fromkeys(order)
        if sid in old or sid in new
    ]


def _movers(
    new_list: Sequence[Touchpoint],
    old_list: Sequence[Touchpoint],
    old: Mapping[str, MeasuredTouchpoint | None],
    new: Mapping[str, MeasuredTouchpoint | None],
) -> dict[str, Any]:
    info = {t.id: (t.name, t.stage) for t in old_list}
    info.update({t.id: (t.name, t.stage) for t in new_list})
    order = list(dict.fromkeys([*(t.id for t in new_list), *old]))
    reach: list[Mover] = []
    surveys: list[Mover] = []
    for tp in order:
        x, y = old.get(tp), new.get(tp)
        if x == y:
            continue
        label, stage = info.get(tp, (tp, ""))
        share = Figure("share", _get(x, "share"), _get(y, "share"))
        if share.changed:
            accounts = Figure("accounts", _get(x, "accounts"), _get(y, "accounts"))
            reach.append(Mover(tp, label, stage, share, (accounts,)))
        emotion = Figure("emotion", _get(x, "emotion"), _get(y, "emotion"))
        if emotion.changed:
            scale = next((s for s in SCALES if _get(y, s) is not None or _get(x, s) is not None), None)
            context = [Figure(scale, _get(x, scale), _get(y, scale))] if scale else []
            context.append(Figure("responses", _get(x, "responses"), _get(y, "responses")))
            surveys.append(Mover(tp, label, stage, emotion, tuple(context)))
    rank = {tp: i for i, tp in enumerate(order)}

    def key(m: Mover) -> tuple[int, float, int]:
        d = m.figure.delta
        return (0, -abs(d), rank[m.touchpoint]) if d is not None else (1, 0.0, rank[m.touchpoint])

    reach.sort(key=key)
    surveys.sort(key=key)
    return {
        "reach": reach[:MOVERS],
        "surveys": surveys[:MOVERS],
        "more_reach": max(0, len(reach) - MOVERS),
        "more_surveys": max(0, len(surveys) - MOVERS),
    }
