"""A flow list of prose reads like one sentence that YAML split at a comma.

In a flow list (`[...]`) a comma ends the item, so `pain_points: [QBR happens twice a
year, not quarterly]` holds two pain points, and the report shows "not quarterly" as one
of them. The rule looks at the prose lists (`pain_points`, `opportunities`, `backstage` of
a touchpoint; `goals`, `pain_points` of an inline persona) written in flow style, and
reports an unquoted item that starts in lower case after one that does not end a sentence.
Quoted items are taken as meant. `cjm fmt` writes prose lists in block style, one item a
line, but leaves a list this rule reports as it is, so the split stays visible here. The
finding points at the item that looks like the rest of the sentence.

Options: none.

**Bad**

```yaml
touchpoints:
  - id: quarterly-business-review
    stage: growth
    name: Quarterly business review
    pain_points: [QBR happens twice a year, not quarterly]
```

**Good**

```yaml
touchpoints:
  - id: quarterly-business-review
    stage: growth
    name: Quarterly business review
    pain_points:
      - QBR happens twice a year, not quarterly
```
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..findings import Severity
from ..fmt.quoting import quote
from ..model import Journey
from ..positions import PosList
from ..prose import PROSE_LISTS, continuations
from .base import Hit, NoOptions, PathT, RuleContext

ID = "split-sentence"
DEFAULT_SEVERITY = Severity.WARNING
RATIONALE = "In a YAML flow list a comma ends the item, so `[A, b]` is two items, not one sentence."

_WHERE = {"personas": "persona", "touchpoints": "touchpoint"}  # in file order


def check(journey: Journey, options: NoOptions, ctx: RuleContext) -> Iterator[Hit]:
    if not isinstance(ctx.data, dict):
        return
    lines = ctx.text.replace("\r\n", "\n").split("\n")
    for section, what in _WHERE.items():
        entries = ctx.data.get(section)
        if not isinstance(entries, list):
            continue
        for i, entry in enumerate(entries):
            if not isinstance(entry, dict):
                continue
            for key in sorted(PROSE_LISTS & entry.keys()):
                items = entry[key]
                for first, last in _splits(items, lines):
                    run = list(items[first : last + 1])
                    names = ", ".join(f"'{x}'" for x in run[:-1]) + f" and '{run[-1]}'"
                    path: PathT = (section, i, key, first + 1)
                    yield Hit(
                        path,
                        f"{what} '{entry.get('id')}': in a flow list a comma ends the item, so YAML reads {names} "
                        f"as {len(run)} items of `{key}`; if they are one sentence, quote it "
                        f"({quote(', '.join(run), flow=True)}); if they are separate, write the list in block "
                        "style, one `- ` item a line",
                    )


def _splits(items: Any, lines: list[str]) -> list[tuple[int, int]]:
    """The runs of unquoted items that read as one sentence, in a flow list of strings."""
    if not isinstance(items, PosList) or not items or not all(isinstance(x, str) for x in items):
        return []
    if _char(lines, items.start) != "[":
        return []  # block style: each `- ` line is an item as the author wrote it
    marks = items.items_at
    if len(marks) != len(items):
        return []
    quoted = [_char(lines, m) in ("'", '"') for m in marks]
    return continuations(list(items), quoted)


def _char(lines: list[str], mark: tuple[int, int]) -> str:
    line, column = mark
    return lines[line][column : column + 1] if line < len(lines) else ""
