"""`cjm fmt`: canonical layout for journey files, persona libraries and cjm.yaml.

What the canonical layout is: keys in the order of the pydantic models (which is the
FORMAT.md order; keys the models do not know keep their relative order after the known
ones; free-key maps such as `metrics` keep the author's order), 2-space mappings, list
dashes indented 2 under their key, and one quoting policy: plain where YAML reads the text
back as the same string (under YAML 1.2 and 1.1 alike), else double quotes (single quotes
when the text itself holds `"` or `\\`, to spare the escapes). Author intent is kept: flow
lists of ids stay flow (`[a, b]`; prose lists are written one item a line, see
`blocks.py`), block scalars stay `|`/`>`, long lines are never re-wrapped,
numbers and dates keep their spelling, blank lines between entries stay (runs become one),
and line endings (CRLF) and a UTF-8 byte order mark survive.

Why not ruamel.yaml's round-trip dumper: it stores a comment that sits above a key in the
*previous* node's slot (often deep inside the previous value), so reordering keys moves
comments to the wrong place or drops them, and what it does with blank lines depends on
the nesting. Here the C parser's event stream (fast, bounded; the same parser the safe
reader uses) gives every node's exact span; comments are found in the text between those
spans and attached by line: a comment on its own line belongs to the entry that starts on
the next code line (so it moves with that key, and a `# cjm: disable=...` above a key
still sits above it), and an end-of-line comment to the innermost entry on its line.

Nothing is written on trust: the result is re-read with the safe reader and must hold the
same data (values and types) and the same comments as the input, else `FormatBug`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .files import UNREADABLE_CODES, FileOutcome, format_paths, unified_diff
    from .quoting import quote
    from .text import FormatResult, comment_texts, format_text, same_data
    from .tree import FormatBug, FormatError

# Names -> the module that defines them, imported on first use: a lint rule that needs only
# `fmt.quoting` (split-sentence) must not load the whole formatter into every `cjm validate`.
_LAZY = {
    "UNREADABLE_CODES": "files",
    "FileOutcome": "files",
    "format_paths": "files",
    "unified_diff": "files",
    "quote": "quoting",
    "FormatResult": "text",
    "comment_texts": "text",
    "format_text": "text",
    "same_data": "text",
    "FormatBug": "tree",
    "FormatError": "tree",
}

__all__ = [
    "UNREADABLE_CODES",
    "FileOutcome",
    "FormatBug",
    "FormatError",
    "FormatResult",
    "comment_texts",
    "format_paths",
    "format_text",
    "quote",
    "same_data",
    "unified_diff",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(name)
