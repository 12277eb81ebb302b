"""The journey was last `reviewed` too long ago, or has no review date.

Journey maps are living documents: products, channels and teams change, and a map nobody
has looked at for half a year leads decisions astray. The age is counted from the day the
linter runs (`cjm validate --today YYYY-MM-DD` fixes that day for reproducible CI runs).
The finding points at `reviewed`, or at the start of the journey when it is missing.

Options:

- `max_age_days` (default 180): the most days since `reviewed`.

**Bad** (on 2026-11-25)

```yaml
reviewed: 2025-09-30
```

**Good** (on 2026-11-25)

```yaml
reviewed: 2026-10-01
```
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from ..findings import Severity
from ..model import Journey
from .base import Hit, RuleContext, RuleOptions

ID = "stale-review"
DEFAULT_SEVERITY = Severity.WARNING
RATIONALE = "Maps are living documents; review them at least twice a year."


class Options(RuleOptions):
    max_age_days: int = Field(180, ge=1, description="The most days since `reviewed`.")


def check(journey: Journey, options: Options, ctx: RuleContext) -> Iterator[Hit]:
    if journey.reviewed is None:
        yield Hit(
            ("reviewed",),
            f"journey '{journey.id}' has no review date; review it with its owner and add `reviewed: "
            f"{ctx.today.isoformat()}`",
        )
        return
    age = (ctx.today - journey.reviewed).days
    if age > options.max_age_days:
        yield Hit(
            ("reviewed",),
            f"journey '{journey.id}' was last reviewed {age} days ago, more than {options.max_age_days}; "
            "review it with its owner and update `reviewed`",
        )
