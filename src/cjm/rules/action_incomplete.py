"""An action has no owner, no metric or no due date.

An action plan item is only trackable when it says who delivers it, how success is
measured, and by when. Actions with `status: dropped` are exempt. The finding points at
the action.

Options: none.

**Bad**

```yaml
actions:
  - id: publish-pricing
    title: Publish list prices on the pricing page
    addresses: [webinar]
```

**Good**

```yaml
actions:
  - id: publish-pricing
    title: Publish list prices on the pricing page
    addresses: [webinar]
    owner: marketing
    metric: Pricing-page drop-off from 58% to 40%
    due: 2027-03-31
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Severity
from ..model import Journey
from .base import Hit, NoOptions, RuleContext

ID = "action-incomplete"
DEFAULT_SEVERITY = Severity.WARNING
RATIONALE = "Actions need an owner, a metric and a due date to be tracked."

_REQUIRED = (("owner", "owner"), ("metric", "metric"), ("due", "due date"))


def check(journey: Journey, options: NoOptions, ctx: RuleContext) -> Iterator[Hit]:
    for i, action in enumerate(journey.actions):
        if action.status == "dropped":
            continue
        missing = [(key, words) for key, words in _REQUIRED if getattr(action, key) is None]
        if not missing:
            continue
        keys = ", ".join(f"`{key}:`" for key, _ in missing)
        nos = [f"no {words}" for _, words in missing]
        what = nos[0] if len(nos) == 1 else f"{', '.join(nos[:-1])} and {nos[-1]}"
        yield Hit(
            ("actions", i, missing[0][0]),
            f"action '{action.id}' has {what}; add {keys} so the plan says who delivers it, how success is "
            "measured and by when",
        )
