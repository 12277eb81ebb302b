"""`cjm measure --format csv`: one figure a row (journey, segment, level, id, figure, value),
the long form spreadsheets and BI tools pivot; stable row order, the figures' names are
those of the json output."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import IO, Any

from ..figures import JourneyFigures, MeasureResult
from .json import journey_dict

HEADER = ["journey", "segment", "level", "id", "figure", "value"]


def _rows(jf: JourneyFigures, segment: str) -> Iterator[list[Any]]:
    d = journey_dict(jf, segments=False)
    for key in ("events", "accounts", "unmapped_events", "transitions", "conformance"):
        yield [jf.id, segment, "journey", jf.id, key, d[key]]
    for s in d["stages"]:
        for key in ("accounts", "conversion", "drop_off", "median_days", "p90_days"):
            yield [jf.id, segment, "stage", s["id"], key, s[key]]
        for k, v in s["breadth"].items():
            yield [jf.id, segment, "stage", s["id"], f"breadth.{k}", v]
        for k, v in s["conversion_by_breadth"].items():
            yield [jf.id, segment, "stage", s["id"], f"conversion_by_breadth.{k}", v]
    for t in d["touchpoints"]:
        if not t["measured"] and t["responses"] is None:
            continue
        for key, v in t.items():
            if key in ("id", "stage", "measured"):
                continue
            if key == "next":
                for target, share in v.items():
                    yield [jf.id, segment, "touchpoint", t["id"], f"next.{target}", share]
            else:
                yield [jf.id, segment, "touchpoint", t["id"], key, v]
    for tr in d["undesigned_transitions"]:
        yield [jf.id, segment, "transition", f"{tr['from']}->{tr['to']}", "count", tr["count"]]
    for act in d["unmapped_activities"]:
        yield [jf.id, segment, "activity", act["activity"], "events", act["events"]]


def report_csv(result: MeasureResult, out: IO[str]) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    for jf in result.journeys:
        rows = list(_rows(jf, ""))
        for name, seg in jf.segments.items():
            rows += _rows(seg, name)
        writer.writerows(["" if v is None else v for v in row] for row in rows)
