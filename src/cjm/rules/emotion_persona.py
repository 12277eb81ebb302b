"""A per-persona emotion names someone who is not a persona of the touchpoint.

`emotions:` says how each persona feels at a touchpoint, so its keys are persona ids of the
journey and, when the touchpoint lists `personas:`, ids from that list: an emotion for
someone who is not there is a typo or a forgotten `personas:` entry, and the report would
draw a curve point nobody experiences. The finding points at the key.

Options: none.

**Bad**

```yaml
personas: [site-supervisor, facilities-manager]
touchpoints:
  - id: technician-visit
    stage: service-visit
    name: Technician arrives on site
    personas: [site-supervisor]
    emotions: {site-supervisor: 4, facilities-manager: 2}
```

**Good**

```yaml
personas: [site-supervisor, facilities-manager]
touchpoints:
  - id: technician-visit
    stage: service-visit
    name: Technician arrives on site
    personas: [site-supervisor, facilities-manager]
    emotions: {site-supervisor: 4, facilities-manager: 2}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Severity
from ..hints import did_you_mean
from ..model import Journey
from .base import Hit, NoOptions, RuleContext

ID = "emotion-persona"
DEFAULT_SEVERITY = Severity.WARNING
RATIONALE = "A per-persona emotion belongs to a persona who experiences the touchpoint."


def check(journey: Journey, options: NoOptions, ctx: RuleContext) -> Iterator[Hit]:
    ids = journey.persona_ids
    for i, tp in enumerate(journey.touchpoints):
        for pid in tp.emotions:
            path = ("touchpoints", i, "emotions", pid)
            if pid not in ids:
                yield Hit(
                    path,
                    f"emotion for '{pid}' at touchpoint '{tp.id}', who is not one of this journey's personas; "
                    f"fix the id or add the persona to the journey{did_you_mean(pid, ids)}",
                    at_key=True,
                )
            elif tp.personas and pid not in tp.personas:
                yield Hit(
                    path,
                    f"emotion for '{pid}' at touchpoint '{tp.id}', which lists only {', '.join(tp.personas)} "
                    f"in `personas:`; add '{pid}' there or remove the emotion",
                    at_key=True,
                )
