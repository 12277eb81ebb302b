"""What the data says about each touchpoint, beside what the map asserts: the evidence on
its card, its row of the evidence table, and its point on the measured emotion curve.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ...model import Journey, MeasuredTouchpoint, Touchpoint
from ..common import clean
from .figures import Stamp, count, days, number, pct, score, withheld


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
        value = number(m.emotion)
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
    measured_emotion = number(m.emotion)
    gap = round(measured_emotion - tp.emotion, 1) if measured_emotion is not None and tp.emotion is not None else None
    title = f"Measured {st.text}: {reach}"
    if survey:
        title += f"; surveys: {survey}"
    if tp.events:
        title += f"; events: {', '.join(tp.events)}"
    return CardEvidence(True, reach, survey, emotion, gap, title)


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
    for x, tp, anchor, num in touchpoints:
        m = tp.measured
        if m is None or m.emotion is None:
            continue
        value = number(m.emotion)
        y = round(y_of_score(value), 2) if value is not None else None
        n = count(m.responses) if m.responses is not None else "?"
        asserted = f", asserted {tp.emotion}" if tp.emotion is not None else ", not asserted"
        points.append(
            MeasuredPoint(
                x=x,
                y=y,
                label=f"n={n}",
                title=f"#{num} {clean(tp.name)}: measured emotion {score(m.emotion)} from {n} responses{asserted}",
                anchor=anchor,
            )
        )
    drawn = [p for p in points if p.y is not None]
    path = " ".join(f"{'M' if i == 0 else 'L'}{p.x:g},{p.y:g}" for i, p in enumerate(drawn))
    return path, tuple(points)
