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

Rows come in a fixed order: workspace totals first, then each journey in input order; within
a scope, totals, then stages in journey order, then channels, owners, personas and matrix
cells in the order `cjm.stats` documents.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import IO

from ..engine import JourneyStats, WorkspaceStats, rounded

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


def report_csv(stats: WorkspaceStats, out: IO[str]) -> None:
    # "\n" rather than the csv default "\r\n": output goes to a text stream that may already
    # translate newlines, and byte-identical runs matter more than RFC 4180 line endings.
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(rows(stats))
