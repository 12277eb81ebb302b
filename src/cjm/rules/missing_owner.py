"""A touchpoint does not name the team that owns it.

A pain point nobody owns does not get fixed. Naming the owning department on every
touchpoint turns the map into a list of who to talk to. The finding points at the
touchpoint.

Options: none.

**Bad**

```yaml
touchpoints:
  - id: product-demo
    stage: consideration
    name: Product demo with an account executive
```

**Good**

```yaml
touchpoints:
  - id: product-demo
    stage: consideration
    name: Product demo with an account executive
    owner: sales
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Severity
from ..model import Journey
from .base import Hit, NoOptions, RuleContext

ID = "missing-owner"
DEFAULT_SEVERITY = Severity.WARNING
RATIONALE = "Every touchpoint needs a team that owns it, or its problems are nobody's."


def check(journey: Journey, options: NoOptions, ctx: RuleContext) -> Iterator[Hit]:
    for i, tp in enumerate(journey.touchpoints):
        if tp.owner is None:
            yield Hit(
                ("touchpoints", i, "owner"),
                f"touchpoint '{tp.id}' has no owner; add `owner:` with the department responsible for it",
            )
