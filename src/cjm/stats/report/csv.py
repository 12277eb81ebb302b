"""`cjm stats --format csv`: one tidy (long) table, one number per row, for spreadsheets and pandas.

Columns:

- `journey`: the journey id, or `(workspace)` for totals across all journeys;
- `metric`: `journeys` (workspace only), `touchpoints`, `personas`, `stages`, `stages_covered`, `stage_coverage`,
  `cells`, `cells_covered`, `cell_coverage` (journeys only), `pain_points`,
  `opportunities`, `emotion`, `target_emotion`;
- `dimension`: what the metric is broken down by: `total`, `stage`, `channel`, `owner`,
  `persona`, or `persona-stage` (a cell of the persona x stage matrix);
- `key`: the stage, channel, owner or persona id (`(none)` for touchpoints without one);
  `persona/stage` for `persona-stage` (`(none)/stage` counts touchpoints that name no
  persona); empty for `total`;
- `value`: an integer count, or a share / mean rounded half-up to 2 decimals; empty when a
  mean has no values.

Journeys with per-persona emotions (`emotions:` on touchpoints) add `emotion` rows with
dimension `persona-stage`: the mean score of that persona in that stage (empty: none given).

Journeys with KPIs (`metrics:`/`targets:` on the journey) add `kpi` and `kpi_target` rows
with dimension `kpi` (key: the metric key), the numbers as written (0.87, not 87%: the
catalogue's unit is for people; text and Markdown show it); a missing one is empty.

Journeys with a `measured:` block add rows with dimension `measured` (totals: `as_of`, an ISO
date; `events`, `accounts`, `unmapped_events`, `conformance`, `touchpoints_measured`,
`touchpoints_mapped`, `responses`) and `measured-stage` (key: the stage; `accounts`,
`conversion`, `drop_off`, `median_days`, `p90_days`). Their values are as written in the
journey (3 decimals for shares, never re-rounded), `<5` when withheld, empty when absent;
the workspace gets `journeys`, `touchpoints_measured`, `touchpoints_mapped` and `responses`
with dimension `measured` when any journey is measured.

Rows come in a fixed order: workspace totals first, then each journey in input order; within
a scope, totals, then stages in journey order, then channels, owners, personas and matrix
cells in the order `cjm.stats` documents.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import IO

from ..engine import MEASURED_STAGE, JourneyStats, MeasuredStats, MeasuredValue, WorkspaceStats, rounded

HEADER = ("journey", "metric", "dimension", "key", "value")
WORKSPACE = "(workspace)"

Row = tuple[str, str, str, str, str]


def _value(value: int | float | None) -> str:
    if value is None:
        return ""
    if isinstance(value, int):
        return str(value)
    return str(rounded(value))


def rows(stats: WorkspaceStats) -> Iterator[Row]:
    """The table body, in the documented order."""
    yield from _total_rows(
        WORKSPACE,
        [
            ("journeys", len(stats.journeys)),
            ("touchpoints", stats.touchpoints),
            ("personas", len(stats.personas)),
            ("stages", stats.stages),
            ("stages_covered", stats.stages_covered),
            ("stage_coverage", stats.stage_coverage),
            ("pain_points", stats.pain_points),
            ("opportunities", stats.opportunities),
            ("emotion", stats.emotion),
            ("target_emotion", stats.target_emotion),
        ],
    )
    for dimension, counts in (("channel", stats.by_channel), ("owner", stats.by_owner), ("persona", stats.by_persona)):
        for key, n in counts:
            yield (WORKSPACE, "touchpoints", dimension, key, _value(n))
    measured = stats.measured_totals()
    if measured is not None:
        for metric in ("journeys", "touchpoints_measured", "touchpoints_mapped", "responses"):
            yield (WORKSPACE, metric, "measured", "", _value(measured[metric]))
    for journey in stats.journeys:
        yield from _journey_rows(journey)


def _total_rows(scope: str, metrics: list[tuple[str, int | float | None]]) -> Iterator[Row]:
    for metric, value in metrics:
        yield (scope, metric, "total", "", _value(value))


def _journey_rows(j: JourneyStats) -> Iterator[Row]:
    yield from _total_rows(
        j.id,
        [
            ("touchpoints", j.touchpoints),
            ("personas", len(j.personas)),
            ("stages", len(j.stages)),
            ("stages_covered", j.stages_covered),
            ("stage_coverage", j.stage_coverage),
            ("cells", j.cells_total),
            ("cells_covered", j.cells_covered),
            ("cell_coverage", j.cell_coverage),
            ("pain_points", j.pain_points),
            ("opportunities", j.opportunities),
            ("emotion", j.emotion),
            ("target_emotion", j.target_emotion),
        ],
    )
    for s in j.stages:
        for metric, value in (
            ("touchpoints", s.touchpoints),
            ("pain_points", s.pain_points),
            ("opportunities", s.opportunities),
            ("emotion", s.emotion),
            ("target_emotion", s.target_emotion),
        ):
            yield (j.id, metric, "stage", s.id, _value(value))
    for dimension, counts in (("channel", j.by_channel), ("owner", j.by_owner), ("persona", j.by_persona)):
        for key, n in counts:
            yield (j.id, "touchpoints", dimension, key, _value(n))
    for persona, row in j.matrix_rows():
        for stage, n in zip(j.stage_ids, row, strict=True):
            yield (j.id, "touchpoints", "persona-stage", f"{persona}/{stage}", _value(n))
    for persona, means in j.persona_emotion_rows():
        for stage, value in zip(j.stage_ids, means, strict=True):
            yield (j.id, "emotion", "persona-stage", f"{persona}/{stage}", _value(value))
    for k in j.kpis:
        yield (j.id, "kpi", "kpi", k.key, _number(k.value))
        yield (j.id, "kpi_target", "kpi", k.key, _number(k.target))
    if j.measured is not None:
        yield from _measured_rows(j.id, j.measured)


def _number(value: float | None) -> str:
    """A KPI as written: 31 (not 31.0), 0.87; never rounded (it is the author's figure)."""
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else repr(value)


def _as_written(value: MeasuredValue) -> str:
    """A measured figure exactly as the journey holds it (already rounded by MEASURE.md)."""
    return "" if value is None else str(value)


def _measured_rows(journey: str, m: MeasuredStats) -> Iterator[Row]:
    yield (journey, "as_of", "measured", "", m.as_of.isoformat())
    for metric, value in m.totals:
        yield (journey, metric, "measured", "", _as_written(value))
    for metric, n in (
        ("touchpoints_measured", m.touchpoints_measured),
        ("touchpoints_mapped", m.touchpoints_mapped),
        ("responses", m.responses),
    ):
        yield (journey, metric, "measured", "", str(n))
    for stage, values in m.stages:
        for metric, value in zip(MEASURED_STAGE, values, strict=True):
            yield (journey, metric, "measured-stage", stage, _as_written(value))


def report_csv(stats: WorkspaceStats, out: IO[str]) -> None:
    # "\n" rather than the csv default "\r\n": output goes to a text stream that may already
    # translate newlines, and byte-identical runs matter more than RFC 4180 line endings.
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(rows(stats))
