"""A low moment or a pain point has no quote or evidence behind it.

A research-backed map says where its claims come from: an emotion of 2 or below, or a pain
point, is a claim about the customer, and a quote in their own words (`quotes:`) or an
evidence item (`evidence:`: tickets, a survey, an interview) lets a reader check it and
trust it. Reported as info: seed practice, not a defect. The finding points at the
touchpoint.

Options:

- `max_emotion` (default 2): emotions at or below this need backing (per-persona
  `emotions:` count too).

**Bad**

```yaml
touchpoints:
  - id: technician-visit
    stage: service-visit
    name: Technician arrives on site
    emotion: 2
    pain_points: [Nobody announces the visit]
```

**Good**

```yaml
touchpoints:
  - id: technician-visit
    stage: service-visit
    name: Technician arrives on site
    emotion: 2
    pain_points: [Nobody announces the visit]
    quotes:
      - text: "Nobody told us the technician was coming."
        source: Interview 2026-09-14
```
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from ..findings import Severity
from ..model import Journey
from .base import Hit, RuleContext, RuleOptions

ID = "unbacked-claim"
DEFAULT_SEVERITY = Severity.INFO
RATIONALE = "Low emotions and pain points are claims about customers; quotes and evidence back them."


class Options(RuleOptions):
    max_emotion: int = Field(2, ge=1, le=5, description="Emotions at or below this need a quote or evidence.")


def check(journey: Journey, options: Options, ctx: RuleContext) -> Iterator[Hit]:
    for i, tp in enumerate(journey.touchpoints):
        if tp.quotes or tp.evidence:
            continue
        scores = [s for s in (tp.emotion, *tp.emotions.values()) if s is not None]
        low = min(scores, default=None)
        if low is not None and low <= options.max_emotion:
            claim = f"emotion {low}"
        elif tp.pain_points:
            claim = f"{len(tp.pain_points)} pain point{'s' if len(tp.pain_points) != 1 else ''}"
        else:
            continue
        yield Hit(
            ("touchpoints", i),
            f"touchpoint '{tp.id}' has {claim} but no quote or evidence; add the customer's words "
            "(`quotes:`) or where it comes from (`evidence:`)",
        )
