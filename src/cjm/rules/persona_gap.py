"""A persona has no touchpoint in a stage where other personas have some.

B2B purchases are made by a buying committee, and its members do not stop mattering after
their first meeting: the technical evaluator is back at implementation, procurement at
renewal. When a persona vanishes from a stage the others are in, the map usually forgot
them. The finding points at the persona's entry in `personas:` and lists the stages.
Touchpoints without `personas` are not counted for anyone.

Not every persona belongs in every stage: procurement is not at service visits. A persona
with `stages:` (inline or in its library file) is only expected in those stages, and is
reported for each of them where it has no touchpoint, whether or not others have some.

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
  - {id: purchasing-lead, role: procurement, stages: [decision]}   # not at webinars or demos
touchpoints:
  - {id: webinar, stage: awareness, name: Attends a webinar, personas: [it-director, service-desk-lead]}
  - {id: demo, stage: consideration, name: Product demo, personas: [it-director, service-desk-lead]}
  - {id: order-form, stage: decision, name: Signs the order form, personas: [it-director, service-desk-lead, purchasing-lead]}
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
    definitions = ctx.personas(journey)
    seen: set[str] = set()
    for index, pid in enumerate(journey.persona_ids):
        if pid in seen:
            continue
        seen.add(pid)
        persona = definitions.get(pid)
        if persona is not None and persona.stages:
            # Stages that are not this journey's are the library's business (a library
            # persona serves several journeys); references report ids no journey has.
            expected = [s for s in cov.stages if s in persona.stages and cov.count(pid, s) == 0]
            if expected:
                yield Hit(("personas", index), _expected_message(pid, expected))
            continue
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
                f"add the touchpoints they take part in (or list them in an existing touchpoint's `personas`), "
                f"or give the persona the `stages:` it is expected in",
            )


def _expected_message(pid: str, gaps: list[str]) -> str:
    where = ", ".join(f"'{s}'" for s in gaps)
    plural = "stages" if len(gaps) > 1 else "stage"
    return (
        f"persona '{pid}' has no touchpoint in {plural} {where}, where its `stages:` expect it; add the "
        f"touchpoints it takes part in, or remove the {plural} from its `stages:`"
    )
