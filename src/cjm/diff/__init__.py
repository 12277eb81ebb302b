"""`cjm diff`: semantic diffs of journey maps, and the reports that show them.

Modules, one job each: `engine` (the pure comparison of journeys and workspaces: matching,
renames, severities, fingerprints, the lint delta), `measured` (how the `measured:` figures
moved: funnel, conformance, reach and survey movers), `inputs` (turning command-line operands,
git revisions and git's external-diff arguments into workspaces), `report` (the report
model shared by every writer, and the JSON shape), `text` and `markdown` (the writers).

The engine's names are re-exported here: `cjm.diff.diff_journeys(a, b)`,
`cjm.diff.diff_workspaces(old, new)`. The writers load on demand (`text` needs rich).
"""

from __future__ import annotations

from .engine import (
    FAIL_ON,
    LEVELS,
    MAX_RENAME_PAIRS,
    RENAME_THRESHOLD,
    Change,
    DiffResult,
    JourneyDiff,
    LintDelta,
    MeasuredDiff,
    StageDelta,
    diff_journeys,
    diff_workspaces,
    input_errors,
    plain,
)

__all__ = [
    "FAIL_ON",
    "LEVELS",
    "MAX_RENAME_PAIRS",
    "RENAME_THRESHOLD",
    "Change",
    "DiffResult",
    "JourneyDiff",
    "LintDelta",
    "MeasuredDiff",
    "StageDelta",
    "diff_journeys",
    "diff_workspaces",
    "input_errors",
    "plain",
]
