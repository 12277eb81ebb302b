"""A touchpoint has pain points that no opportunity names and no action addresses.

A map is worth drawing for what it changes. A recorded pain point with no opportunity next
to it and no action that `addresses` the touchpoint is a known problem with no plan.
Actions with `status: dropped` do not count. The finding points at `pain_points`.

Options: none.

**Bad**

```yaml
touchpoints:
  - id: security-questionnaire
    stage: decision
    name: IT security sends a vendor questionnaire
    pain_points:
      - Answers take 12 business days
```

**Good**

```yaml
touchpoints:
  - id: security-questionnaire
    stage: decision
    name: IT security sends a vendor questionnaire
    pain_points:
      - Answers take 12 business days
actions:
  - id: trust-centre
    title: Self-serve trust centre with a pre-filled questionnaire
    addresses: [security-questionnaire]
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Severity
from ..model import Journey
from .base import Hit, NoOptions, RuleContext

ID = "unaddressed-pain"
DEFAULT_SEVERITY = Severity.WARNING
RATIONALE = "Every recorded pain point should lead to an opportunity or an action."


def check(journey: Journey, options: NoOptions, ctx: RuleContext) -> Iterator[Hit]:
    addressed = {tid for a in journey.actions if a.status != "dropped" for tid in a.addresses}
    for i, tp in enumerate(journey.touchpoints):
        if tp.pain_points and not tp.opportunities and tp.id not in addressed:
            n = len(tp.pain_points)
            yield Hit(
                ("touchpoints", i, "pain_points"),
                f"touchpoint '{tp.id}' has {n} pain point{'s' if n > 1 else ''} but no opportunity, and no action "
                f"addresses it; add `opportunities:` or an action with `addresses: [{tp.id}]`",
                at_key=True,
            )
