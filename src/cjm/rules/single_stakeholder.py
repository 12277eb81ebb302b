"""A journey that reaches a purchase stage has fewer than two persona roles.

B2B purchases are decided by a buying committee: an economic buyer, technical evaluators,
end users, procurement. A map that reaches the purchase with a single role misses the
people who can stall or veto the deal. Roles are counted over the journey's personas
(inline or from the persona library); personas without `role` do not count. The rule only
applies when a touchpoint is in a stage with `phase: purchase`. The finding points at the
`personas` key.

Options: none.

**Bad**

```yaml
personas:
  - {id: cfo, role: economic-buyer}
touchpoints:
  - {id: order-form, stage: decision, name: Signs the order form, personas: [cfo]}
```

**Good**

```yaml
personas:
  - {id: cfo, role: economic-buyer}
  - {id: it-security, role: technical-evaluator}
touchpoints:
  - {id: security-review, stage: decision, name: Security review, personas: [it-security]}
  - {id: order-form, stage: decision, name: Signs the order form, personas: [cfo]}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Severity
from ..model import Journey
from .base import Hit, NoOptions, RuleContext

ID = "single-stakeholder"
DEFAULT_SEVERITY = Severity.WARNING
RATIONALE = "B2B purchases involve a buying committee, not one person."


def check(journey: Journey, options: NoOptions, ctx: RuleContext) -> Iterator[Hit]:
    purchase = {s.id for s in journey.stage_list if s.phase == "purchase"}
    reached = [tp.stage for tp in journey.touchpoints if tp.stage in purchase]
    if not reached:
        return
    roles = sorted({p.role for p in ctx.personas(journey).values() if p is not None and p.role is not None})
    if len(roles) >= 2:
        return
    have = f"only one persona role ({roles[0]})" if roles else "no persona with a `role`"
    yield Hit(
        ("personas",),
        f"the journey reaches the purchase stage '{reached[0]}' with {have}; add the other members of the "
        "buying committee (technical-evaluator, end-user, procurement, ...) and set each persona's `role`",
        at_key=True,
    )
