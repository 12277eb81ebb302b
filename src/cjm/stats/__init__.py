"""`cjm stats`: the numbers behind a workspace, and the reports that show them.

Modules: `engine` (pure functions from journeys to `JourneyStats` and `WorkspaceStats`, and
the conventions every format shares: order, `(none)`, rounding) and `report` (text, json,
markdown, csv writers; `get_stats_reporter(name)`).

The engine's names are re-exported here: `cjm.stats.journey_stats(journey)`,
`cjm.stats.workspace_stats(journeys)`.
"""

from __future__ import annotations

from .engine import NONE_KEY, Counts, JourneyStats, StageStats, WorkspaceStats, journey_stats, rounded, workspace_stats

__all__ = [
    "NONE_KEY",
    "Counts",
    "JourneyStats",
    "StageStats",
    "WorkspaceStats",
    "journey_stats",
    "rounded",
    "workspace_stats",
]
