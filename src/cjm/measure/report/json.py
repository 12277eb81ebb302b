"""`cjm measure --format json`: a stable shape for dashboards and scripts.

Keys are never renamed or removed within `version` 1; new keys may be added. Every key is
always present (a figure that does not apply is `null`); a withheld figure is the string
"<N>" (fewer than `min_group` accounts). Shares and rates have 3 decimals, days and scores 1.

    {
      "version": 1, "events": "data/events.csv", "surveys": null, "min_group": 5, "by": null,
      "skipped_rows": 0,                     # rows without an account or an activity
      "journeys": [
        {
          "id": "saas-subscription", "title": "...", "file": "journeys/saas.yaml", "measured": true,
          "window": {"from": "2026-01-01", "to": "2026-06-30"}, "as_of": "2026-06-30",
          "events": 184220, "accounts": 2113, "unmapped_events": 10421,
          "transitions": 52000, "conformance": 0.87,          # null: the journey has no next edges
          "undesigned_transitions": [{"from": "a", "to": "c", "count": 310}, ...],   # most frequent first
          "unobserved_edges": [{"from": "b", "to": "d"}, ...],
          "unmapped_activities": [{"activity": "web.blog_view", "events": 9000}, ...],
          "unmeasured_touchpoints": ["kickoff-call"],
          "stages": [{"id": "awareness", "title": "Awareness", "measured": true, "accounts": 2113,
                      "conversion": 0.44, "drop_off": 0.41, "median_days": 12.5, "p90_days": 61.0,
                      "breadth": {"1": 900, "2": 700, "3+": 513},
                      "conversion_by_breadth": {"1": 0.3, "2": 0.5, "3+": 0.61}}, ...],
          "touchpoints": [{"id": "demo-request", "stage": "consideration", "measured": true,
                           "events": 1500, "accounts": 640, "contacts": 1203, "share": 0.303,
                           "visits": 700, "next": {"demo-call": 0.71}, "median_days_to_next": 4.0,
                           "responses": 88, "response_rate": 0.07,
                           "csat": 3.1, "nps": null, "ces": null, "emotion": 3.1}, ...],
          "segments": {"enterprise": {...the same keys, without "segments"...}}   # with --by segment
        }
      ]
    }
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import IO, Any

from ..figures import JourneyFigures, MeasureResult


def journey_dict(jf: JourneyFigures, *, segments: bool = True) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": jf.id,
        "title": jf.title,
        "file": jf.file,
        "measured": jf.measured,
        "window": {"from": jf.window_from.isoformat(), "to": jf.window_to.isoformat()},
        "as_of": jf.as_of.isoformat(),
        "events": jf.events,
        "accounts": jf.accounts,
        "unmapped_events": jf.unmapped_events,
        "transitions": jf.transitions,
        "conformance": jf.conformance,
        "undesigned_transitions": [{"from": t.source, "to": t.target, "count": t.count} for t in jf.undesigned],
        "unobserved_edges": [{"from": a, "to": b} for a, b in jf.unobserved],
        "unmapped_activities": [{"activity": a, "events": n} for a, n in jf.unmapped],
        "unmeasured_touchpoints": list(jf.unmeasured),
        "stages": [asdict(s) for s in jf.stages],
        "touchpoints": [asdict(t) for t in jf.touchpoints],
    }
    if segments:
        out["segments"] = {name: journey_dict(seg, segments=False) for name, seg in jf.segments.items()}
    return out


def result_dict(result: MeasureResult) -> dict[str, Any]:
    return {
        "version": 1,
        "events": result.events_source,
        "surveys": result.surveys_source,
        "min_group": result.min_group,
        "by": result.by,
        "skipped_rows": result.skipped_rows,
        "journeys": [journey_dict(j) for j in result.journeys],
    }


def report_json(result: MeasureResult, out: IO[str]) -> None:
    json.dump(result_dict(result), out, indent=2, ensure_ascii=False)
    out.write("\n")
