"""Activity patterns of `events:` (`*` and `?` wildcards) and the touchpoints they select.

Pure Python and light (no DuckDB): validate uses it on every run. Matching is done here,
once per distinct activity name, and the engine receives the result as a small table, so
the SQL never depends on an engine's LIKE/GLOB escaping rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class PatternRef:
    """One pattern of one touchpoint: touchpoint index and the pattern's index in `events:`."""

    touchpoint: int
    index: int
    pattern: str


def is_wildcard(pattern: str) -> bool:
    return "*" in pattern or "?" in pattern


@lru_cache(maxsize=4096)
def compile_pattern(pattern: str) -> re.Pattern[str]:
    """`*` any run of characters (also none), `?` one character; everything else literal,
    case-sensitive (activity names are identifiers in the source systems)."""
    parts = ("." if c == "?" else ".*" if c == "*" else re.escape(c) for c in pattern)
    return re.compile("".join(parts), re.DOTALL)


def matches(pattern: str, activity: str) -> bool:
    if not is_wildcard(pattern):
        return pattern == activity
    return compile_pattern(pattern).fullmatch(activity) is not None


def conflicts(refs: Iterable[PatternRef]) -> Iterator[tuple[PatternRef, PatternRef]]:
    """Pairs of patterns of *different* touchpoints that certainly select a common activity:
    the same pattern twice, or a plain name that another touchpoint's wildcard matches.
    (Two wildcards that merely could overlap are left to the data: `cjm measure` refuses
    an activity that two touchpoints match.)"""
    by_text: dict[str, list[PatternRef]] = {}
    for ref in refs:
        by_text.setdefault(ref.pattern, []).append(ref)
    for same in by_text.values():
        for i, a in enumerate(same):
            for b in same[i + 1 :]:
                if a.touchpoint != b.touchpoint:
                    yield a, b
    literals = [text for text in by_text if not is_wildcard(text)]
    for text, wild in by_text.items():
        if not is_wildcard(text):
            continue
        for literal in literals:
            if matches(text, literal):
                for a in wild:
                    for b in by_text[literal]:
                        if a.touchpoint != b.touchpoint:
                            yield a, b
