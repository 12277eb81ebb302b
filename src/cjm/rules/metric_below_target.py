"""A touchpoint metric is worse than its `targets` value.

Not a defect: a metric that misses its target is where the journey underperforms, and
seeing those together is what a review needs. Reported as info. For most metrics higher is
better (conversion, NPS, retention); for those named in `lower_is_better` (drop-off,
churn, durations, cost, ...) lower is better. A metric in the catalogue of cjm.yaml
(`metrics: {sales_cycle_days: {unit: days, better: lower}}`) is judged by its `better`,
whatever `lower_is_better` says, and its values read in its unit (0.04 as 4%). The
finding points at the metric's value.

Options:

- `lower_is_better` (default: `*drop_off*`, `*churn*`, `*bounce*`, `*error*`, `*cost*`,
  `*_days`, `days_to_*`, `*_hours`, `hours_to_*`, `*_minutes`, `*_time`, `*_rounds`):
  metric names or glob patterns (`*`, `?`) for which lower values are better. Setting it
  replaces the default list.

**Bad**

```yaml
touchpoints:
  - id: pricing-page-visit
    stage: consideration
    name: Visits the pricing page
    metrics: {drop_off_rate: 0.58, conversion_rate: 0.02}
    targets: {drop_off_rate: 0.4, conversion_rate: 0.02}
```

**Good**

```yaml
touchpoints:
  - id: pricing-page-visit
    stage: consideration
    name: Visits the pricing page
    metrics: {drop_off_rate: 0.38, conversion_rate: 0.03}
    targets: {drop_off_rate: 0.4, conversion_rate: 0.02}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from ..findings import Severity
from ..metric_catalogue import format_metric, from_catalogue, lower_is_better
from ..model import Journey
from .base import Hit, RuleContext, RuleOptions

ID = "metric-below-target"
DEFAULT_SEVERITY = Severity.INFO
RATIONALE = "Metrics that miss their targets show where the journey underperforms."

LOWER_IS_BETTER = (
    "*drop_off*",
    "*churn*",
    "*bounce*",
    "*error*",
    "*cost*",
    "*_days",
    "days_to_*",
    "*_hours",
    "hours_to_*",
    "*_minutes",
    "*_time",
    "*_rounds",
)


class Options(RuleOptions):
    lower_is_better: list[str] = Field(
        default_factory=lambda: list(LOWER_IS_BETTER),
        description="Metric names or glob patterns for which lower values are better.",
    )


def check(journey: Journey, options: Options, ctx: RuleContext) -> Iterator[Hit]:
    for i, tp in enumerate(journey.touchpoints):
        for key, target in tp.targets.items():
            if key not in tp.metrics:
                continue
            value = tp.metrics[key]
            lower = lower_is_better(key, ctx.metrics, options.lower_is_better)
            if (value > target) if lower else (value < target):
                shown = (_show(key, value, ctx), _show(key, target, ctx))
                if from_catalogue(key, ctx.metrics):
                    direction = f"{'lower' if lower else 'higher'} is better, says `metrics:` in cjm.yaml"
                elif lower:
                    direction = "lower is better"
                else:
                    direction = "higher is better; list it in `lower_is_better` if not"
                yield Hit(
                    ("touchpoints", i, "metrics", key),
                    f"{key} of touchpoint '{tp.id}' is {shown[0]}, worse than its target {shown[1]} ({direction})",
                )


def _show(key: str, x: float, ctx: RuleContext) -> str:
    """In the catalogue's unit (4%, 74 days), else exactly as written (0.04, 1250)."""
    definition = ctx.metrics.get(key)
    if definition is not None and definition.unit is not None:
        return format_metric(key, x, ctx.metrics)
    return str(int(x)) if x.is_integer() else repr(x)
