"""Positions of keys and values, kept beside the parsed data.

The loader builds `PosDict`/`PosList`, plain dict/list subclasses that remember where each
entry sits in the source. Pydantic accepts them as ordinary dicts and lists; a finding that
knows only a model path (`("touchpoints", 3, "emotion")`) is mapped back to line and column
by walking that path through the data, falling back to the nearest ancestor that exists.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

# 0-based (line, column) pairs, as the parser reports them.
Mark = tuple[int, int]

# Inside PosDict/PosList a mark is packed into one int, `line << 32 | column`, and the marks
# of a container live in one array of 64-bit ints (8 bytes a mark, where dicts of tuples took
# about 100): that matters when a workspace of 100,000 touchpoints is held in memory at once.
# The marks describe the container as loaded; after a key is added or removed, lookups
# return None (and `locate` falls back to the nearest ancestor).
_COLUMN_BITS = 32
_COLUMN_MASK = (1 << _COLUMN_BITS) - 1
NO_MARK = -1  # a mapping value that is itself a mapping or list (it knows its own start)


def pack(mark: Mark) -> int:
    return mark[0] << _COLUMN_BITS | mark[1]


def unpack(packed: int) -> Mark:
    return (packed >> _COLUMN_BITS, packed & _COLUMN_MASK)


class PosDict(dict):  # type: ignore[type-arg]
    """A mapping that knows where it starts and where each key and value sits.

    `marks` holds packed marks: where the mapping starts, then two per key in insertion
    order, the key's and the value's (`NO_MARK` when the value is a mapping or list). `start`,
    `keys_at` and `values_at` give them as (line, column) pairs; `key_mark(key)` and
    `value_mark(key)` look up one entry.
    """

    __slots__ = ("_index", "marks")

    def __init__(self, start: Mark | int = 0) -> None:
        super().__init__()
        self.marks = array("q", (start if isinstance(start, int) else pack(start),))
        self._index: dict[Any, int] | None = None

    @property
    def start(self) -> Mark:
        return unpack(self.marks[0])

    def _aligned(self) -> bool:
        return len(self.marks) == 2 * len(self) + 1

    def _ordinal(self, key: Any) -> int | None:
        if not self._aligned():  # changed after loading: positions unknown
            return None
        if len(self) <= 16:
            for i, k in enumerate(self):
                if k == key:
                    return i
            return None
        if self._index is None or len(self._index) != len(self):
            self._index = {k: i for i, k in enumerate(self)}
        return self._index.get(key)

    def key_mark(self, key: Any) -> Mark | None:
        i = self._ordinal(key)
        return None if i is None else unpack(self.marks[2 * i + 1])

    def value_mark(self, key: Any) -> Mark | None:
        """Where the value of a scalar entry sits (None for a mapping or list value)."""
        i = self._ordinal(key)
        if i is None or self.marks[2 * i + 2] == NO_MARK:
            return None
        return unpack(self.marks[2 * i + 2])

    @property
    def keys_at(self) -> dict[Any, Mark]:
        if not self._aligned():
            return {}
        return {k: unpack(self.marks[2 * i + 1]) for i, k in enumerate(self)}

    @property
    def values_at(self) -> dict[Any, Mark]:
        if not self._aligned():
            return {}
        return {k: unpack(m) for i, k in enumerate(self) if (m := self.marks[2 * i + 2]) != NO_MARK}


class PosList(list):  # type: ignore[type-arg]
    """A sequence that knows where it starts and where each item sits.

    `marks` holds packed marks: where the sequence starts, then one per item.
    """

    __slots__ = ("marks",)

    def __init__(self, start: Mark | int = 0) -> None:
        super().__init__()
        self.marks = array("q", (start if isinstance(start, int) else pack(start),))

    @property
    def start(self) -> Mark:
        return unpack(self.marks[0])

    def item_mark(self, index: int) -> Mark | None:
        if len(self.marks) != len(self) + 1 or not 0 <= index < len(self):
            return None
        return unpack(self.marks[index + 1])

    @property
    def items_at(self) -> list[Mark]:
        return [unpack(m) for m in self.marks[1:]]


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
            container = isinstance(cur[seg], (dict, list))
            mark = None if (last and at_key) or container else cur.value_mark(seg)
            if mark is None:
                mark = cur.key_mark(seg)
            if mark is not None:
                line, col = mark
        elif isinstance(cur, PosList) and isinstance(seg, int) and (mark := cur.item_mark(seg)) is not None:
            line, col = mark
        cur = cur[seg]
    return Span(line + 1, col + 1)
