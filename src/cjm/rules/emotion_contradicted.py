"""The survey answers put a touchpoint's emotion well away from the emotion the map asserts.

`emotion` is what the team believes; `measured.emotion`, written by `cjm measure --write`,
is what customers said in surveys, on the same 1..5 scale (MEASURE.md section 4). When
enough answers disagree with the map by a whole point or more, the map is wrong or the
survey asks about something else; either way the team should look before deciding anything
from this touchpoint. The rule reads only the `measured:` block, so it needs no data at
validate time; withheld figures (`"<5"`) never trigger it. The finding points at
`measured.emotion`. `cjm measure --write` rewrites that block whole, so a suppression goes
on its own line right above the touchpoint's `measured:`.

Options:

- `min_responses` (default 30): the fewest survey answers that count as evidence.
- `min_difference` (default 1.0): report when `emotion` and `measured.emotion` are at
  least this far apart, in either direction.

**Bad**

```yaml
touchpoints:
  - id: demo-call
    stage: consideration
    name: Demo call with an account executive
    emotion: 2
    measured:
      responses: 33
      csat: 3.8
      emotion: 3.8
```

**Good**

```yaml
touchpoints:
  - id: demo-call
    stage: consideration
    name: Demo call with an account executive
    emotion: 4
    measured:
      responses: 33
      csat: 3.8
      emotion: 3.8
```
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from pydantic import Field

from ..findings import Severity
from ..model import Journey
from .base import Hit, RuleContext, RuleOptions
from .evidence import number

ID = "emotion-contradicted"
DEFAULT_SEVERITY = Severity.WARNING
RATIONALE = "When survey answers contradict the emotion on the map, the map (or the survey) is wrong."

SCALES = ("csat", "nps", "ces")


class Options(RuleOptions):
    min_responses: int = Field(30, ge=1, description="The fewest survey answers that count as evidence.")
    min_difference: float = Field(
        1.0, gt=0, le=4, description="Report when emotion and measured.emotion are at least this far apart."
    )


def check(journey: Journey, options: Options, ctx: RuleContext) -> Iterator[Hit]:
    limit = Decimal(repr(float(options.min_difference)))
    for i, tp in enumerate(journey.touchpoints):
        m = tp.measured
        if tp.emotion is None or m is None:
            continue
        measured, responses = number(m.emotion), number(m.responses)
        if measured is None or responses is None or responses < options.min_responses:
            continue
        if abs(measured - tp.emotion) < limit:
            continue
        scales = ", ".join(f"{s} {getattr(m, s)!r}" for s in SCALES if number(getattr(m, s)) is not None)
        direction = "higher" if measured > tp.emotion else "lower"
        yield Hit(
            ("touchpoints", i, "measured", "emotion"),
            f"touchpoint '{tp.id}' is mapped at emotion {tp.emotion}, but {responses} survey answers put it "
            f"{direction}, at {m.emotion!r}{f' ({scales})' if scales else ''}; check `emotion` against what "
            "customers said and correct it, or find out why the map and the surveys disagree",
        )
