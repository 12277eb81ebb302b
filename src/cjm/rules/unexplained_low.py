"""A touchpoint has a low emotion score but no pain point.

An emotion of 1 or 2 says the moment hurts; without a pain point nobody knows why, and the
low score cannot be acted on. The finding points at `emotion`.

Options:

- `max_emotion` (default 2): scores at or below this count as low.

**Bad**

```yaml
touchpoints:
  - id: crm-integration
    stage: implementation
    name: Connects the CRM
    emotion: 1
```

**Good**

```yaml
touchpoints:
  - id: crm-integration
    stage: implementation
    name: Connects the CRM
    emotion: 1
    pain_points:
      - Sync fails silently on custom fields
```
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from ..findings import Severity
from ..model import Journey
from .base import Hit, RuleContext, RuleOptions

ID = "unexplained-low"
DEFAULT_SEVERITY = Severity.WARNING
RATIONALE = "A low emotion score needs the pain point that explains it."


class Options(RuleOptions):
    max_emotion: int = Field(2, ge=1, le=5, description="Scores at or below this count as low.")


def check(journey: Journey, options: Options, ctx: RuleContext) -> Iterator[Hit]:
    for i, tp in enumerate(journey.touchpoints):
        if tp.emotion is not None and tp.emotion <= options.max_emotion and not tp.pain_points:
            yield Hit(
                ("touchpoints", i, "emotion"),
                f"touchpoint '{tp.id}' has emotion {tp.emotion} but no pain point; "
                "record what makes this moment hurt in `pain_points:`",
            )
