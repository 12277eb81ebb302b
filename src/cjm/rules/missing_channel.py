"""A touchpoint does not say on which channel it happens.

Where a moment happens (web, email, sales call, product, ...) decides who can change it
and how; channel counts are also how a team sees it leans too much on one channel. The
finding points at the touchpoint.

Options: none.

**Bad**

```yaml
touchpoints:
  - id: renewal-reminder
    stage: retention
    name: Receives the renewal reminder
```

**Good**

```yaml
touchpoints:
  - id: renewal-reminder
    stage: retention
    name: Receives the renewal reminder
    channel: email
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Severity
from ..model import Journey
from .base import Hit, NoOptions, RuleContext

ID = "missing-channel"
DEFAULT_SEVERITY = Severity.WARNING
RATIONALE = "Every touchpoint should say where it happens."


def check(journey: Journey, options: NoOptions, ctx: RuleContext) -> Iterator[Hit]:
    for i, tp in enumerate(journey.touchpoints):
        if tp.channel is None:
            yield Hit(
                ("touchpoints", i, "channel"),
                f"touchpoint '{tp.id}' has no channel; add `channel:` (web, email, sales-call, product, ...)",
            )
