"""Positions of keys and values, kept beside the parsed data.

The loader builds `PosDict`/`PosList`, plain dict/list subclasses that remember where each
entry sits in the source. Pydantic accepts them as ordinary dicts and lists; a finding that
knows only a model path (`("touchpoints", 3, "emotion")`) is mapped back to line and column
by walking that path through the data, falling back to the nearest ancestor that exists.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

# 0-based (line, column) pairs, as the parser reports them.
Mark = tuple[int, int]


class PosDict(dict):  # type: ignore[type-arg]
    """A mapping that knows where it starts and where each key and value sits."""

    __slots__ = ("keys_at", "start", "values_at")

    def __init__(self, start: Mark) -> None:
        super().__init__()
        self.start = start
        self.keys_at: dict[Any, Mark] = {}
        self.values_at: dict[Any, Mark] = {}


class PosList(list):  # type: ignore[type-arg]
    """A sequence that knows where it starts and where each item sits."""

    __slots__ = ("items_at", "start")

    def __init__(self, start: Mark) -> None:
        super().__init__()
        self.start = start
        self.items_at: list[Mark] = []


@dataclass(frozen=True, slots=True)
class Span:
    """A 1-based position in a file."""

    line: int
    column: int


Path_ = Sequence[str | int]


def resolve_path(data: Any, path: Path_) -> tuple[list[str | int], list[str | int]]:
    """Split `path` into the segments that exist in `data` and the rest.

    Segments that cannot apply (pydantic's union tags, a key on a list) are dropped, so
    a validation `loc` can be used directly.
    """
    found: list[str | int] = []
    rest: list[str | int] = []
    cur = data
    for seg in path:
        if rest:
            rest.append(seg)
        elif (isinstance(cur, dict) and _has_key(cur, seg)) or (
            isinstance(cur, list) and isinstance(seg, int) and 0 <= seg < len(cur)
        ):
            found.append(seg)
            cur = cur[seg]
        elif isinstance(cur, dict) and isinstance(seg, str) and not seg[:1].isupper() and "[" not in seg:
            # A key that is not there (a missing field): keep it, stop walking.
            rest.append(seg)
    return found, rest


def _has_key(d: dict[Any, Any], key: str | int) -> bool:
    try:
        return key in d
    except TypeError:
        return False


def locate(data: Any, path: Path_, *, at_key: bool = False) -> Span:
    """The position of the value at `path` (or its key, with `at_key`), else the nearest ancestor."""
    found, _ = resolve_path(data, path)
    line, col = getattr(data, "start", (0, 0))
    cur = data
    for i, seg in enumerate(found):
        last = i == len(found) - 1
        if isinstance(cur, PosDict):
            value = cur[seg]
            container = isinstance(value, (dict, list))
            if (last and at_key) or container or seg not in cur.values_at:
                line, col = cur.keys_at.get(seg, (line, col))
            else:
                line, col = cur.values_at[seg]
        elif isinstance(cur, PosList) and isinstance(seg, int) and seg < len(cur.items_at):
            line, col = cur.items_at[seg]
        cur = cur[seg]
    return Span(line + 1, col + 1)
