"""A touchpoint's target emotion is well above its current emotion.

Not a defect: a wide gap between `emotion` and `target_emotion` marks where the
experience most needs to improve, which is what the map is for. Reported as info so
these moments show up in reviews and CI annotations. The finding points at `emotion`; it
asks for a plan only when the touchpoint has neither an opportunity nor an action that
addresses it (a `dropped` action is no plan), and otherwise names the plan it has.

Options:

- `min_gap` (default 2): report when `target_emotion - emotion` is at least this.

**Bad**

```yaml
touchpoints:
  - id: renewal-negotiation
    stage: growth
    name: Renewal call about a 12% price uplift
    emotion: 2
    target_emotion: 4
```

**Good**

```yaml
touchpoints:
  - id: renewal-negotiation
    stage: growth
    name: Renewal call about a 12% price uplift
    emotion: 3
    target_emotion: 4
```
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from ..findings import Severity
from ..model import Journey
from .base import Hit, RuleContext, RuleOptions

ID = "emotion-gap"
DEFAULT_SEVERITY = Severity.INFO
RATIONALE = "A wide gap between current and target emotion marks where to improve first."


class Options(RuleOptions):
    min_gap: int = Field(2, ge=1, le=4, description="Report when target_emotion - emotion is at least this.")


def check(journey: Journey, options: Options, ctx: RuleContext) -> Iterator[Hit]:
    for i, tp in enumerate(journey.touchpoints):
        if tp.emotion is None or tp.target_emotion is None:
            continue
        gap = tp.target_emotion - tp.emotion
        if gap >= options.min_gap:
            actions = [a.id for a in journey.actions if tp.id in a.addresses and a.status != "dropped"]
            yield Hit(
                ("touchpoints", i, "emotion"),
                f"touchpoint '{tp.id}' is at emotion {tp.emotion} against a target of {tp.target_emotion} "
                f"(a gap of {gap}); {_plan(len(tp.opportunities), actions)}",
            )


def _plan(opportunities: int, actions: list[str]) -> str:
    """What to do: plan how to close the gap, or (when there is a plan) what it is."""
    if not opportunities and not actions:
        return "plan how to close it: an opportunity, or an action that addresses it"
    parts = []
    if opportunities:
        parts.append(f"{opportunities} {'opportunity' if opportunities == 1 else 'opportunities'}")
    if actions:
        parts.append(f"{'action' if len(actions) == 1 else 'actions'} {', '.join(repr(a) for a in actions)}")
    return "already planned: " + " and ".join(parts)
