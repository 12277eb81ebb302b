"""Stats reporters: pure functions of `WorkspaceStats` to a stream. `FORMATS` supplies `--format`.

Every reporter shares the conventions of `cjm.stats` (order, `(none)`, rounding), so the same
input gives byte-identical output in every format.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import IO

from ..engine import MeasuredStats, MeasuredValue, WorkspaceStats, rounded

StatsReporter = Callable[[WorkspaceStats, IO[str]], None]

FORMATS = ("text", "json", "markdown", "csv")


def get_stats_reporter(name: str) -> StatsReporter:
    # Imported on demand: only the text reporter needs rich.
    if name == "json":
        from .json import report_json

        return report_json
    if name == "markdown":
        from .markdown import report_markdown

        return report_markdown
    if name == "csv":
        from .csv import report_csv

        return report_csv
    if name == "text":
        from .text import report_text

        return report_text
    raise ValueError(f"unknown stats format {name!r}; choose one of {', '.join(FORMATS)}")


def percent(share: float) -> str:
    """A 0..1 share as a whole percentage, from the same rounded figure JSON shows."""
    return f"{round((rounded(share) or 0.0) * 100)}%"


def mean_text(value: float | None, missing: str = "–") -> str:
    """A mean emotion with two decimals, or `missing` when no touchpoint has a value."""
    r = rounded(value)
    return missing if r is None else f"{r:.2f}"


def plural(n: int, word: str, many: str | None = None) -> str:
    """'1 touchpoint', '3 touchpoints', '1 opportunity', '2 opportunities'."""
    return f"{n} {word if n == 1 else many or word + 's'}"


MEASURED_TITLES = {
    "events": "events",
    "accounts": "accounts",
    "unmapped_events": "unmapped events",
    "conformance": "conformance",
    "conversion": "conversion",
    "drop_off": "drop-off",
    "median_days": "median days",
    "p90_days": "p90 days",
}


def figure(value: MeasuredValue) -> str:
    """A measured figure as written (0.923, 2071, "<5"); 12.0 as 12; a dash when absent."""
    if value is None:
        return "–"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def measured_facts(m: MeasuredStats) -> str:
    """`as of 2026-07-28 (window 2026-01-05 to 2026-07-28): 2071 events, ..., 51 survey responses`."""
    start, end = (d.isoformat() if d else "…" for d in m.window)
    window = f" (window {start} to {end})" if m.window != (None, None) else ""
    figures = ", ".join(f"{MEASURED_TITLES[name]} {figure(value)}" for name, value in m.totals if value is not None)
    return (
        f"as of {m.as_of.isoformat()}{window}: {figures}; {m.touchpoints_measured} of {m.touchpoints_mapped} "
        f"mapped touchpoints measured, {plural(m.responses, 'survey response')}"
    )
