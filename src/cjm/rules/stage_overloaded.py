"""A stage has more touchpoints than `max`.

Fewer, better touchpoints make a map people read. A stage with a long tail of minor
touchpoints hides the moments that matter; merge the minor ones or zoom in with a separate
journey (`parent:`). The finding points at the stage entry, or at `stages:` for a built-in
model.

Options:

- `max` (default 12): the most touchpoints a stage may have.

**Bad** (with `max: 2`)

```yaml
touchpoints:
  - {id: pricing-page, stage: consideration, name: Reads the pricing page}
  - {id: comparison-page, stage: consideration, name: Reads a comparison page}
  - {id: case-study, stage: consideration, name: Reads a case study}
```

**Good** (with `max: 2`)

```yaml
touchpoints:
  - {id: pricing-page, stage: consideration, name: Reads the pricing page}
  - {id: case-study, stage: consideration, name: Reads a case study}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from ..coverage import coverage
from ..findings import Severity
from ..model import Journey
from .base import Hit, RuleContext, RuleOptions, stage_path

ID = "stage-overloaded"
DEFAULT_SEVERITY = Severity.WARNING
RATIONALE = "Fewer, better touchpoints per stage beat many."


class Options(RuleOptions):
    max: int = Field(12, ge=1, description="The most touchpoints a stage may have.")


def check(journey: Journey, options: Options, ctx: RuleContext) -> Iterator[Hit]:
    per_stage = coverage(journey).per_stage
    for stage in journey.stage_list:
        count = per_stage.get(stage.id, 0)
        if count > options.max:
            path, at_key = stage_path(journey, stage.id)
            yield Hit(
                path,
                f"stage '{stage.id}' has {count} touchpoints, more than {options.max}; merge or drop the minor ones, "
                "or map them in a more detailed journey",
                at_key,
            )
