"""Journey text made safe to print: control characters and bidi overrides shown, not obeyed.

A journey value (or an activity name from a log) that holds `\\x1b[31m` must not recolour a
terminal or a CI log, and a right-to-left override (U+202E, "Trojan source") must not
reorder what a reviewer reads. Each such character is shown as its Python escape (`\\x1b`,
`\\u202e`), as the JUnit reporter does, so the reader sees that it is there and where.
"""

from __future__ import annotations

import re

# C0 and C1 controls (tab included: it would misalign a caret), DEL, and the bidi embedding,
# override and isolate characters. Line breaks are escaped too: one finding stays one line.
UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _shown(match: re.Match[str]) -> str:
    return match.group().encode("unicode_escape").decode("ascii")


def visible(text: object, *, keep_newlines: bool = False) -> str:
    """`text` with every unsafe character written as its escape (ESC becomes the four
    characters `\\x1b`). `keep_newlines`: LF stays, for text that may span lines (SARIF)."""
    if keep_newlines:
        return UNSAFE.sub(lambda m: m.group() if m.group() == "\n" else _shown(m), str(text))
    return UNSAFE.sub(_shown, str(text))
