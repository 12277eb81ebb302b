"""`cjm stats --format json`: a stable shape for dashboards and scripts.

Keys are never renamed or removed within `version` 1; new keys may be added. Floats are
rounded half-up to 2 decimals; a mean with no values is `null`. Objects of counts keep the
order described in `cjm.stats` (by count for channel and owner, file order for personas).

    {
      "version": 1,
      "totals": {
        "journeys": 5, "touchpoints": 104,
        "personas": 16,                      # distinct persona ids
        "stages": 30, "stages_covered": 30, "stage_coverage": 1.0,
        "pain_points": 63, "opportunities": 47,
        "emotion": 3.01, "target_emotion": 4.23,   # means over touchpoints, or null
        "by_channel": {"email": 32, ...}, "by_owner": {...}, "by_persona": {...},
        "measured": {                        # only when some journey has a measured: block
          "journeys": 1, "touchpoints_measured": 11, "touchpoints_mapped": 11, "responses": 51,
          "as_of": {"oldest": "2026-07-28", "newest": "2026-07-28"}
        }
      },
      "journeys": [
        {
          "id": "saas-subscription", "title": "...", "file": "examples/journeys/saas-subscription.yaml",
          "touchpoints": 23, "personas": 4,
          "stages": 7, "stages_covered": 7, "stage_coverage": 1.0,
          "cells": 28, "cells_covered": 28, "cell_coverage": 1.0,   # persona x stage cells
          "pain_points": 18, "opportunities": 14, "emotion": 2.91, "target_emotion": 4.17,
          "by_stage": [{"id": "awareness", "title": "Awareness", "phase": "pre-purchase",
                        "touchpoints": 3, "without_persona": 0, "pain_points": 2, "opportunities": 1,
                        "emotion": 3.0, "target_emotion": 4.0}, ...],
          "by_channel": {...}, "by_owner": {...}, "by_persona": {...},
          "matrix": {"head-of-marketing": {"awareness": 2, "consideration": 2, ...}, ...},
          "kpis": [                          # only for a journey with metrics:/targets:
            {"key": "renewal_rate", "value": 0.87, "target": 0.85,   # as written, never rounded
             "shown": {"value": "87%", "target": "85%"},              # in cjm.yaml's metric catalogue unit
             "better": "higher", "status": "met"}, ...              # met|missed|no-target|not-measured
          ],
          "measured": {                      # only for a journey with a measured: block
            "as_of": "2026-07-28", "window": {"from": "2026-01-05", "to": "2026-07-28"},
            "events": 2071, "accounts": 400, "unmapped_events": 194, "conformance": 0.923,
            "touchpoints_measured": 11, "touchpoints_mapped": 11, "responses": 51,
            "by_stage": [{"id": "awareness", "accounts": 400, "conversion": 0.238, "drop_off": 0.763,
                          "median_days": 10.2, "p90_days": 16.1}, ...]
          }
        }
      ]
    }

`(none)` keys count touchpoints without a channel, owner or persona; `matrix` gets a `(none)`
row only when some touchpoint names no persona. `file` is the path as given on the command
line (relative to the current directory when below it). Measured figures are as the journey
holds them (MEASURE.md rounding, never re-rounded to 2 decimals), `"<5"` when withheld, null
when absent; events and accounts are not added up across journeys (one account can be in
several).
"""

from __future__ import annotations

import json
from typing import IO

from ..engine import WorkspaceStats

VERSION = 1


def report_json(stats: WorkspaceStats, out: IO[str]) -> None:
    doc = {"version": VERSION, **stats.as_dict()}
    out.write(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
