"""The tree `cjm fmt` works on: nodes with their source spans, entries with their comments."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..findings import Finding

INDENT = 2


class FormatError(Exception):
    """The input cannot be formatted (it does not parse, or uses YAML fmt leaves alone)."""

    def __init__(self, findings: list[Finding]) -> None:
        super().__init__("; ".join(f"{f.line}:{f.column}: {f.message}" for f in findings))
        self.findings = findings


class FormatBug(Exception):
    """The formatted text would differ from the input in data or comments (a cjm bug)."""


@dataclass(slots=True)
class Scalar:
    value: Any
    style: str  # "" plain, "'" / '"' quoted, "|" / ">" block
    raw: str  # the source text of the node (tag included)
    tagged: bool
    start: int
    end: int
    body: list[str] = field(default_factory=list)  # block scalars: content lines, dedented


@dataclass(slots=True)
class Map:
    entries: list[Entry]
    flow: bool


@dataclass(slots=True)
class Seq:
    entries: list[Entry]
    flow: bool


Node = Scalar | Map | Seq


@dataclass(slots=True)
class Entry:
    """A key/value pair (key set) or a list item (key None), with its comments.

    `line`/`column` are where it starts in the input (the key, or the item's dash);
    `trivia` are the comment and blank lines above it (None = a blank line);
    `eol` is the comment at the end of its first line, with the number of spaces before
    it (kept, so comments aligned in a block stay aligned when the block is re-indented).
    """

    key: Scalar | None
    line: int
    column: int
    value: Node | None = None
    trivia: list[tuple[str, int] | None] = field(default_factory=list)
    eol: tuple[str, int] | None = None


@dataclass(slots=True)
class Doc:
    root: Node | None = None
    start: Entry | None = None  # an explicit `---`
    end: Entry | None = None  # an explicit `...`
    header: list[tuple[str, int] | None] = field(default_factory=list)
    tail: list[tuple[str, int] | None] = field(default_factory=list)


@dataclass(slots=True)
class Comment:
    index: int
    line: int
    column: int
    text: str
    own_line: bool
