"""A touchpoint leads nowhere (no `next`) although it is not in the last stage.

When a journey uses `next` edges, a touchpoint without `next` ends the customer's path.
Before the last stage that is usually a forgotten edge, or a real drop-out that deserves
its own pain point and `next` back into the journey. The rule only runs when at least one
touchpoint has `next`, and only on touchpoints that take part in the flow (some `next`
leads to them): a journey is often linked step by step, and the touchpoints not linked at
all yet are listed once, by `unreachable`, not reported here one by one.

Where paths may end: in the last stage that has touchpoints. In the unordered
`buying-jobs` model, paths may end in any stage of the latest phase that has touchpoints
(the purchase jobs). The finding points at the touchpoint.

Options: none.

**Bad**

```yaml
touchpoints:
  - {id: webinar, stage: awareness, name: Attends a webinar, next: [demo]}
  - {id: demo, stage: consideration, name: Product demo}
  - {id: order-form, stage: decision, name: Signs the order form}
```

**Good**

```yaml
touchpoints:
  - {id: webinar, stage: awareness, name: Attends a webinar, next: [demo]}
  - {id: demo, stage: consideration, name: Product demo, next: [order-form]}
  - {id: order-form, stage: decision, name: Signs the order form}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Severity
from ..model import Journey
from .base import Hit, NoOptions, RuleContext
from .flow import ends, linked, uses_next

ID = "dead-end"
DEFAULT_SEVERITY = Severity.WARNING
RATIONALE = "With `next` edges, only touchpoints in the last stage may end a path."


def check(journey: Journey, options: NoOptions, ctx: RuleContext) -> Iterator[Hit]:
    where = ends(journey)
    if where is None or not uses_next(journey):
        return
    last = where.describe(where.end, "last")
    in_flow = linked(journey)
    for i, tp in enumerate(journey.touchpoints):
        if not tp.next and tp.stage not in where.end and tp.id in in_flow:
            yield Hit(
                ("touchpoints", i, "next"),
                f"touchpoint '{tp.id}' has no `next` but is not in {last}; add `next:` with the touchpoints "
                "the customer goes on to",
            )
