"""A touchpoint has no `customer_action`.

A journey map is drawn from the customer's side. A touchpoint that only names an internal
step ("MQL handed to sales") is process documentation; `customer_action` says what the
customer does or experiences in that moment. The finding points at the touchpoint.

Options: none.

**Bad**

```yaml
touchpoints:
  - id: lead-handover
    stage: consideration
    name: MQL handed over to sales
```

**Good**

```yaml
touchpoints:
  - id: lead-handover
    stage: consideration
    name: MQL handed over to sales
    customer_action: Gets a call from an account executive two days after downloading the guide
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Severity
from ..model import Journey
from .base import Hit, NoOptions, RuleContext

ID = "customer-voice"
DEFAULT_SEVERITY = Severity.WARNING
RATIONALE = "Touchpoints are written from the customer's side, not as internal process."


def check(journey: Journey, options: NoOptions, ctx: RuleContext) -> Iterator[Hit]:
    for i, tp in enumerate(journey.touchpoints):
        if tp.customer_action is None:
            yield Hit(
                ("touchpoints", i, "customer_action"),
                f"touchpoint '{tp.id}' has no customer_action; add `customer_action:` saying what the customer does here",
            )
