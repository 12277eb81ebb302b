"""A persona has no touchpoint in a stage where other personas have some.

B2B purchases are made by a buying committee, and its members do not stop mattering after
their first meeting: the technical evaluator is back at implementation, procurement at
renewal. When a persona vanishes from a stage the others are in, the map usually forgot
them. The finding points at the persona's entry in `personas:` and lists the stages.
Touchpoints without `personas` are not counted for anyone.

Options: none.

**Bad**

```yaml
personas:
  - {id: it-director, role: economic-buyer}
  - {id: service-desk-lead, role: end-user}
touchpoints:
  - {id: webinar, stage: awareness, name: Attends a webinar, personas: [it-director, service-desk-lead]}
  - {id: demo, stage: consideration, name: Product demo, personas: [it-director]}
```

**Good**

```yaml
personas:
  - {id: it-director, role: economic-buyer}
  - {id: service-desk-lead, role: end-user}
touchpoints:
  - {id: webinar, stage: awareness, name: Attends a webinar, personas: [it-director, service-desk-lead]}
  - {id: demo, stage: consideration, name: Product demo, personas: [it-director, service-desk-lead]}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ..coverage import coverage
from ..findings import Severity
from ..model import Journey
from .base import Hit, NoOptions, RuleContext

ID = "persona-gap"
DEFAULT_SEVERITY = Severity.WARNING
RATIONALE = "The buying committee should not silently drop out of a stage the others are in."


def check(journey: Journey, options: NoOptions, ctx: RuleContext) -> Iterator[Hit]:
    cov = coverage(journey)
    seen: set[str] = set()
    for index, pid in enumerate(journey.persona_ids):
        if pid in seen:
            continue
        seen.add(pid)
        gaps = [
            stage
            for stage in cov.stages
            if cov.count(pid, stage) == 0 and any(cov.count(other, stage) for other in cov.personas if other != pid)
        ]
        if gaps:
            where = ", ".join(f"'{s}'" for s in gaps)
            plural = "stages" if len(gaps) > 1 else "stage"
            yield Hit(
                ("personas", index),
                f"persona '{pid}' has no touchpoint in {plural} {where}, where other personas have some; "
                f"add the touchpoints they take part in (or list them in an existing touchpoint's `personas`)",
            )
