"""The evidence in the report: view objects for the `measured:` blocks `cjm measure --write`
puts into a journey (MEASURE.md section 5).

Everything here reads the journey file only (no data, no engine), so a report of a measured
journey is as reproducible as any other. A withheld figure (the string "<5") is shown as
it is written, never as a number; a figure the file does not have is left out, never
shown as zero. Every chart carries the `as_of` date and the window it covers.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...model import Journey
from .cards import CardEvidence, EvidenceRow, MeasuredPoint, card_evidence, evidence_rows, measured_curve
from .committee import Breadth, breadth
from .figures import Stamp, count, number, pct, stamp
from .flow import DESIGNED, UNDESIGNED, UNOBSERVED, Flow, ObservedEdge, flow, observed_edges, peak_accounts
from .funnel import Funnel, MiniFunnel, funnel, mini_funnel

MEASURED_INK = "#1d4ed8"

__all__ = [
    "DESIGNED",
    "MEASURED_INK",
    "UNDESIGNED",
    "UNOBSERVED",
    "Breadth",
    "CardEvidence",
    "Evidence",
    "EvidenceRow",
    "Flow",
    "Funnel",
    "MeasuredPoint",
    "MiniFunnel",
    "ObservedEdge",
    "Stamp",
    "breadth",
    "card_evidence",
    "count",
    "evidence",
    "flow",
    "funnel",
    "measured_curve",
    "mini_funnel",
    "number",
    "observed_edges",
    "pct",
    "peak_accounts",
    "stamp",
]


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
