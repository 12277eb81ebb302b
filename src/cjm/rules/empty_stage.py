"""A stage has no touchpoints.

A stage without touchpoints is a hole in the map: either the customer really passes
through it without meeting you (then that is the finding to discuss), or the map is
unfinished. The finding points at the stage entry, or at `stages:` for a built-in model.

Options: none.

**Bad**

```yaml
stages:
  - {id: evaluation, phase: pre-purchase}
  - {id: contract, phase: purchase}
touchpoints:
  - {id: vendor-webinar, stage: evaluation, name: Attends a vendor webinar}
```

**Good**

```yaml
stages:
  - {id: evaluation, phase: pre-purchase}
  - {id: contract, phase: purchase}
touchpoints:
  - {id: vendor-webinar, stage: evaluation, name: Attends a vendor webinar}
  - {id: order-form, stage: contract, name: Signs the order form}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Severity
from ..model import Journey
from ..stages import STAGE_MODELS
from .base import Hit, NoOptions, RuleContext, stage_path

ID = "empty-stage"
DEFAULT_SEVERITY = Severity.WARNING
RATIONALE = "Every stage of the map should show where the customer meets you."


def check(journey: Journey, options: NoOptions, ctx: RuleContext) -> Iterator[Hit]:
    used = {tp.stage for tp in journey.touchpoints}
    for stage in journey.stage_list:
        if stage.id in used:
            continue
        path, at_key = stage_path(journey, stage.id)
        if isinstance(journey.stages, str):
            model = "the built-in model" if journey.stages in STAGE_MODELS else "cjm.yaml's shared model"
            hint = f" (it comes from {model} '{journey.stages}'; list the stages explicitly to leave it out)"
        else:
            hint = ", or remove the stage"
        yield Hit(
            path, f"stage '{stage.id}' has no touchpoints; add the moments the customer meets you there{hint}", at_key
        )
