"""A touchpoint mapped to event data (`events:`) that no account reached.

`cjm measure --write` writes `measured.accounts: 0` for a touchpoint whose `events:`
patterns matched no event in the window. Either the patterns are wrong (a renamed
activity, a typo, a missing wildcard: `cjm measure` lists the activities no touchpoint
maps), or customers no longer meet this touchpoint and the map should say so. The rule
reads only the `measured:` block, so it needs no data at validate time; a touchpoint that
a few accounts reached (`accounts: "<5"`, withheld) is not reported. The finding points at
`measured.accounts`. `cjm measure --write` rewrites that block whole, so a suppression
goes on its own line right above the touchpoint's `measured:`.

Options: none.

**Bad**

```yaml
touchpoints:
  - id: roi-calculator
    stage: consideration
    name: Uses the ROI calculator
    events: [web.roi_calculator]
    measured:
      accounts: 0
      share: 0.0
      visits: 0
```

**Good**

```yaml
touchpoints:
  - id: roi-calculator
    stage: consideration
    name: Uses the ROI calculator
    events: [web.roi_calculator*]
    measured:
      accounts: 212
      share: 0.53
      visits: 260
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Severity
from ..model import Journey
from .base import Hit, NoOptions, RuleContext
from .evidence import number

ID = "unobserved-touchpoint"
DEFAULT_SEVERITY = Severity.WARNING
RATIONALE = "A mapped touchpoint no account reached has wrong `events:` or no longer happens."


def check(journey: Journey, options: NoOptions, ctx: RuleContext) -> Iterator[Hit]:
    window = _window(journey)
    for i, tp in enumerate(journey.touchpoints):
        if not tp.events or tp.measured is None or number(tp.measured.accounts) != 0:
            continue
        patterns = ", ".join(tp.events)
        yield Hit(
            ("touchpoints", i, "measured", "accounts"),
            f"no account reached touchpoint '{tp.id}'{window}: no event matched its `events:` ({patterns}); "
            "check the patterns against the activity names in the data (`cjm measure` lists the unmapped "
            "ones), or remove the touchpoint if customers no longer meet it",
        )


def _window(journey: Journey) -> str:
    """' from 2026-01-05 to 2026-07-28': the window the figures cover, as far as the file says."""
    m = journey.measured
    if m is None:
        return ""
    window = m.window or {}
    end = window.get("to") or m.as_of
    start = window.get("from")
    return f" from {start.isoformat()} to {end.isoformat()}" if start else f" up to {end.isoformat()}"
