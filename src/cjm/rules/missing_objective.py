"""The journey has no `objective`.

A map starts from a goal: the decision it should inform or the metric it should move.
Without one, nobody can tell whether the map is finished or whether it worked. The
finding points at the start of the journey.

Options: none.

**Bad**

```yaml
title: Mid-market SaaS, first search to renewal
```

**Good**

```yaml
title: Mid-market SaaS, first search to renewal
objective: Shorten the sales cycle and cut onboarding drop-off
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Severity
from ..model import Journey
from .base import Hit, NoOptions, RuleContext

ID = "missing-objective"
DEFAULT_SEVERITY = Severity.WARNING
RATIONALE = "A journey map starts from the goal it serves."


def check(journey: Journey, options: NoOptions, ctx: RuleContext) -> Iterator[Hit]:
    if journey.objective is None:
        yield Hit(
            ("objective",),
            f"journey '{journey.id}' has no objective; add `objective:` with the decision or metric this map should inform",
        )
