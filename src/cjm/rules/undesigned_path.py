"""Many customers go from a touchpoint to one that is not in its `next`.

`measured.next`, written by `cjm measure --write`, is the share of a touchpoint's observed
outgoing transitions that went to each other touchpoint. When a large share takes a path
the map does not have, the map is missing an edge customers really take (add it), or shows
a leak from the designed journey (find out why). The rule runs only when the journey uses
`next` (as conformance does), reads only the `measured:` block, so it needs no data at
validate time, and skips shares withheld for coming from fewer than `min_group` accounts
(`"<5"`). The finding points at the share in `measured.next`. `cjm measure --write`
rewrites that block whole, so a suppression goes on its own line right above the
touchpoint's `measured:`.

Options:

- `min_share` (default 0.1): report a transition that carries at least this share of the
  touchpoint's outgoing transitions.

**Bad**

```yaml
touchpoints:
  - id: proposal
    stage: decision
    name: Receives the proposal
    next: [contract]
    measured:
      next: {contract: 0.821, kickoff: 0.179}
  - {id: contract, stage: decision, name: Signs the contract, next: [kickoff]}
  - {id: kickoff, stage: implementation, name: Kickoff call}
```

**Good**

```yaml
touchpoints:
  - id: proposal
    stage: decision
    name: Receives the proposal
    next: [contract, kickoff]
    measured:
      next: {contract: 0.821, kickoff: 0.179}
  - {id: contract, stage: decision, name: Signs the contract, next: [kickoff]}
  - {id: kickoff, stage: implementation, name: Kickoff call}
```
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from pydantic import Field

from ..findings import Severity
from ..model import Journey
from .base import Hit, RuleContext, RuleOptions
from .evidence import number, percent
from .flow import uses_next

ID = "undesigned-path"
DEFAULT_SEVERITY = Severity.WARNING
RATIONALE = "A path that many customers take belongs on the map, or is a leak worth explaining."


class Options(RuleOptions):
    min_share: float = Field(
        0.1, gt=0, le=1, description="Report a transition that carries at least this share of the outgoing ones."
    )


def check(journey: Journey, options: Options, ctx: RuleContext) -> Iterator[Hit]:
    if not uses_next(journey):
        return
    limit = Decimal(repr(float(options.min_share)))
    ids = {tp.id for tp in journey.touchpoints}
    for i, tp in enumerate(journey.touchpoints):
        if tp.measured is None:
            continue
        for target, value in tp.measured.next.items():
            share = number(value)
            # A target no longer in the journey: the map changed since (stale-measurement's concern).
            if share is None or share < limit or target in tp.next or target not in ids:
                continue
            yield Hit(
                ("touchpoints", i, "measured", "next", target),
                f"touchpoint '{tp.id}': {percent(share)} of the observed transitions out of it go to '{target}', "
                f"which is not in its `next`; add '{target}' to `next` if customers really go that way, or "
                "find out why they leave the designed path",
            )
