"""Lists of prose (pain points, opportunities, ...) and the comma that splits a sentence.

In a YAML flow list a comma ends the item: `pain_points: [QBR happens twice a year, not
quarterly]` is two pain points, and the report shows "not quarterly" as one of them. So
prose lists are written in block style (one `- ` sentence a line: `cjm fmt`, `cjm new`,
the examples), and the `split-sentence` rule points at a flow list that reads like one
sentence split at a comma. Both use `continuations` to decide what "reads like" means.
"""

from __future__ import annotations

from collections.abc import Sequence

PROSE_LISTS = frozenset({"pain_points", "opportunities", "backstage", "goals"})
"""List fields whose items are sentences (of a touchpoint or a persona), not ids."""

_SENTENCE_END = (".", "!", "?", ";", ":")


def continues(before: str, item: str) -> bool:
    """Whether `item` reads as the rest of the sentence `before` (split at a comma): it starts
    in lower case and `before` does not end a sentence. `[Slow onboarding, No training]`
    is two items; `[QBR happens twice a year, not quarterly]` is one sentence."""
    return item[:1].islower() and not before.rstrip().endswith(_SENTENCE_END)


def continuations(items: Sequence[str], quoted: Sequence[bool] = ()) -> list[tuple[int, int]]:
    """Runs of items that read as one sentence: (first, last) indexes, last > first. An item
    marked `quoted` was quoted by its author, who meant it as written: it joins no run."""

    def joins(a: int, b: int) -> bool:
        return not (quoted and (quoted[a] or quoted[b])) and continues(items[a], items[b])

    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(items) - 1:
        end = i
        while end + 1 < len(items) and joins(end, end + 1):
            end += 1
        if end > i:
            runs.append((i, end))
        i = end + 1
    return runs
