"""Where paths through `next` edges start and end, and which touchpoints take part in them;
shared by `unreachable` and `dead-end`.

In an ordered stage model (every explicit stage list, and the built-in linear models) a
path starts in the first stage that has touchpoints and ends in the last one. In an
unordered model (`buying-jobs`) the stages within a phase have no order, but the phases
do: a path may start in any stage of the earliest phase that has touchpoints and end in
any stage of the latest one.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Journey
from ..stages import PHASES, UNORDERED_MODELS


@dataclass(frozen=True)
class Ends:
    start: tuple[str, ...]
    end: tuple[str, ...]
    ordered: bool

    def describe(self, stages: tuple[str, ...], which: str) -> str:
        names = ", ".join(f"'{s}'" for s in stages)
        if self.ordered:
            return f"the {which} stage ({names})"
        return f"the {which} stages ({names})"


def uses_next(journey: Journey) -> bool:
    return any(tp.next for tp in journey.touchpoints)


def linked(journey: Journey) -> set[str]:
    """Touchpoints that take part in the flow: they have `next`, or some `next` leads to them.

    A journey is often linked step by step; the touchpoints not linked yet are not each a
    dead end or unreachable, they are one piece of unfinished work (listed once by
    `unreachable`), so the flow rules judge each touchpoint only once it is linked."""
    ids = {tp.id for tp in journey.touchpoints}
    out = {tp.id for tp in journey.touchpoints if tp.next}
    out |= {n for tp in journey.touchpoints for n in tp.next if n in ids}
    return out


def ends(journey: Journey) -> Ends | None:
    """The stages where paths start and end, or None when no stage has touchpoints."""
    used = {tp.stage for tp in journey.touchpoints}
    populated = [s for s in journey.stage_list if s.id in used]
    if not populated:
        return None
    if isinstance(journey.stages, str) and journey.stages in UNORDERED_MODELS:
        ranks = [PHASES.index(s.phase) if s.phase else 0 for s in populated]
        first, last = min(ranks), max(ranks)
        start = tuple(s.id for s, r in zip(populated, ranks, strict=True) if r == first)
        end = tuple(s.id for s, r in zip(populated, ranks, strict=True) if r == last)
        return Ends(start, end, ordered=False)
    return Ends((populated[0].id,), (populated[-1].id,), ordered=True)
