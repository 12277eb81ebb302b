"""A touchpoint cannot be reached through `next` edges from the first stage.

When a journey uses `next` to show how customers really move, every touchpoint should lie
on some path from where the journey starts; one that no path reaches is either missing an
edge or not part of this journey. The rule only runs when at least one touchpoint has
`next`.

A journey is often linked step by step. Touchpoints that take no part in the flow yet
(neither a `next` of their own nor one leading to them) are reported once per journey, in
one finding that lists them all, at the first of them; `dead-end` leaves them alone. A
touchpoint that is linked but cannot be reached from the start gets a finding of its own.

Where paths start: in the first stage that has touchpoints. In the unordered `buying-jobs`
model, whose jobs happen in any order, paths may start in any stage of the earliest phase
that has touchpoints (the pre-purchase jobs). The finding points at the touchpoint.

Options: none.

**Bad**

```yaml
touchpoints:
  - {id: webinar, stage: awareness, name: Attends a webinar, next: [demo]}
  - {id: demo, stage: consideration, name: Product demo}
  - {id: trial, stage: consideration, name: Starts a trial}
```

**Good**

```yaml
touchpoints:
  - {id: webinar, stage: awareness, name: Attends a webinar, next: [demo, trial]}
  - {id: demo, stage: consideration, name: Product demo}
  - {id: trial, stage: consideration, name: Starts a trial}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Severity
from ..model import Journey
from .base import Hit, NoOptions, RuleContext
from .flow import ends, linked, uses_next

ID = "unreachable"
DEFAULT_SEVERITY = Severity.WARNING
RATIONALE = "With `next` edges, every touchpoint should lie on a path from the start of the journey."


def check(journey: Journey, options: NoOptions, ctx: RuleContext) -> Iterator[Hit]:
    where = ends(journey)
    if where is None or not uses_next(journey):
        return
    edges = {tp.id: tp.next for tp in journey.touchpoints}
    reached = {tp.id for tp in journey.touchpoints if tp.stage in where.start}
    todo = list(reached)
    while todo:
        for nxt in edges.get(todo.pop(), ()):
            if nxt in edges and nxt not in reached:
                reached.add(nxt)
                todo.append(nxt)
    start = where.describe(where.start, "first")
    in_flow = linked(journey)
    for i, tp in enumerate(journey.touchpoints):
        if tp.id in in_flow and tp.id not in reached:
            yield Hit(
                ("touchpoints", i),
                f"touchpoint '{tp.id}' cannot be reached through `next` from {start}; "
                f"add '{tp.id}' to the `next` of the touchpoint the customer comes from",
            )
    outside = [(i, tp.id) for i, tp in enumerate(journey.touchpoints) if tp.id not in in_flow]
    if outside:
        yield Hit(("touchpoints", outside[0][0]), _not_linked([tid for _, tid in outside]))


def _not_linked(ids: list[str]) -> str:
    todo = (
        "the `next` of the touchpoint the customer comes from, and give it a `next` of its own unless paths end there"
    )
    if len(ids) == 1:
        return (
            f"touchpoint '{ids[0]}' takes no part in the `next` flow yet (no `next` leads to it or from it); "
            f"add '{ids[0]}' to {todo}"
        )
    names = ", ".join(f"'{tid}'" for tid in ids)
    return (
        f"no `next` leads to or from these {len(ids)} touchpoints yet, so they take no part in the flow: "
        f"{names}; add each to {todo}"
    )
