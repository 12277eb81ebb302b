"""The journey's `measured:` figures are older than `max_age_days`.

`cjm measure --write` stamps the figures with `measured.as_of`, the last day of the data
they come from. Old figures describe customers as they were: a review, a report or a rule
over `measured:` then argues from evidence that no longer holds. Rerun `cjm measure --write`
on fresh data (examples/ci/cjm-measure.yml does it weekly). The age is counted from the day
the linter runs (`cjm validate --today YYYY-MM-DD`, or `SOURCE_DATE_EPOCH`, fixes that day
for reproducible CI runs). A journey without `measured:` is not checked. The finding points
at `measured.as_of`.

Options:

- `max_age_days` (default 90): the most days since `measured.as_of`.

**Bad** (on 2026-11-25)

```yaml
measured:
  as_of: 2026-07-28
  window: {from: 2026-01-05, to: 2026-07-28}
  accounts: 400
```

**Good** (on 2026-11-25)

```yaml
measured:
  as_of: 2026-11-16
  window: {from: 2026-05-20, to: 2026-11-16}
  accounts: 412
```
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from ..findings import Severity
from ..model import Journey
from .base import Hit, RuleContext, RuleOptions

ID = "stale-measurement"
DEFAULT_SEVERITY = Severity.WARNING
RATIONALE = "Figures from old data describe customers as they were, not as they are."


class Options(RuleOptions):
    max_age_days: int = Field(90, ge=1, description="The most days since `measured.as_of`.")


def check(journey: Journey, options: Options, ctx: RuleContext) -> Iterator[Hit]:
    if journey.measured is None:
        return
    as_of = journey.measured.as_of
    age = (ctx.today - as_of).days
    if age > options.max_age_days:
        yield Hit(
            ("measured", "as_of"),
            f"the measured figures of journey '{journey.id}' are from data up to {as_of.isoformat()}, {age} days "
            f"ago, more than {options.max_age_days}; rerun `cjm measure --write` on fresh data",
        )
