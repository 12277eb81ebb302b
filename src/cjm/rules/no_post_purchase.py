"""Nothing in the journey happens after the purchase.

B2B journeys do not end at the signature: onboarding, support, retention and advocacy
decide renewals and referrals. The rule fires when no stage has `phase: post-purchase`, or
when those stages hold no touchpoint. The finding points at the `stages` key. Maps that
deliberately stop at the contract (a buying-process study) carry a suppression with the
reason, e.g. `# cjm: disable=no-post-purchase -- adoption is mapped in onboarding.yaml`.

Options: none.

**Bad**

```yaml
stages:
  - {id: evaluation, phase: pre-purchase}
  - {id: contract, phase: purchase}
touchpoints:
  - {id: vendor-webinar, stage: evaluation, name: Attends a vendor webinar}
  - {id: order-form, stage: contract, name: Signs the order form}
```

**Good**

```yaml
stages:
  - {id: evaluation, phase: pre-purchase}
  - {id: contract, phase: purchase}
  - {id: onboarding, phase: post-purchase}
touchpoints:
  - {id: vendor-webinar, stage: evaluation, name: Attends a vendor webinar}
  - {id: order-form, stage: contract, name: Signs the order form}
  - {id: kickoff-call, stage: onboarding, name: Kick-off call with customer success}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Severity
from ..model import Journey
from .base import Hit, NoOptions, RuleContext

ID = "no-post-purchase"
DEFAULT_SEVERITY = Severity.WARNING
RATIONALE = "B2B journeys continue after signing: onboarding, support, retention, advocacy."


def check(journey: Journey, options: NoOptions, ctx: RuleContext) -> Iterator[Hit]:
    post = [s.id for s in journey.stage_list if s.phase == "post-purchase"]
    if not post:
        yield Hit(
            ("stages",),
            "no stage is in the post-purchase phase; add stages after the signature (onboarding, support, "
            "retention, advocacy) with `phase: post-purchase`",
            at_key=True,
        )
        return
    if not any(tp.stage in post for tp in journey.touchpoints):
        names = ", ".join(f"'{s}'" for s in post)
        yield Hit(
            ("stages",),
            f"no touchpoint is in a post-purchase stage ({names}); map what happens after the signature",
            at_key=True,
        )
