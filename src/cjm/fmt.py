"""`cjm fmt`: canonical layout for journey files, persona libraries and cjm.yaml.

What the canonical layout is: keys in the order of the pydantic models (which is the
FORMAT.md order; keys the models do not know keep their relative order after the known
ones; free-key maps such as `metrics` keep the author's order), 2-space mappings, list
dashes indented 2 under their key, and one quoting policy: plain where YAML reads the text
back as the same string (under YAML 1.2 and 1.1 alike), else double quotes (single quotes
when the text itself holds `"` or `\\`, to spare the escapes). Author intent is kept: flow
lists stay flow (`[a, b]`), block scalars stay `|`/`>`, long lines are never re-wrapped,
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

import bisect
import difflib
import os
import re
import stat
import tempfile
import types
import typing
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel

from .findings import Finding, Severity
from .workspace import Kind, SourceFile, classify, load_paths
from .yamlread import parse_yaml, resolve_plain

# Findings that mean the file could not be read as YAML at all: fmt leaves it untouched.
UNREADABLE_CODES = frozenset(
    {
        "syntax-error",
        "duplicate-key",
        "unsupported-tag",
        "nesting-too-deep",
        "alias-limit",
        "multiple-documents",
        "encoding",
        "binary-file",
        "file-too-large",
        "unreadable",
    }
)

INDENT = 2


class FormatError(Exception):
    """The input cannot be formatted (it does not parse, or uses YAML fmt leaves alone)."""

    def __init__(self, findings: list[Finding]) -> None:
        super().__init__("; ".join(f"{f.line}:{f.column}: {f.message}" for f in findings))
        self.findings = findings


class FormatBug(Exception):
    """The formatted text would differ from the input in data or comments (a cjm bug)."""


@dataclass
class FormatResult:
    text: str
    changed: bool


# --------------------------------------------------------------------------- the tree


@dataclass(slots=True)
class _Scalar:
    value: Any
    style: str  # "" plain, "'" / '"' quoted, "|" / ">" block
    raw: str  # the source text of the node (tag included)
    tagged: bool
    start: int
    end: int
    body: list[str] = field(default_factory=list)  # block scalars: content lines, dedented


@dataclass(slots=True)
class _Map:
    entries: list[_Entry]
    flow: bool


@dataclass(slots=True)
class _Seq:
    entries: list[_Entry]
    flow: bool


_Node = _Scalar | _Map | _Seq


@dataclass(slots=True)
class _Entry:
    """A key/value pair (key set) or a list item (key None), with its comments.

    `line`/`column` are where it starts in the input (the key, or the item's dash);
    `trivia` are the comment and blank lines above it (None = a blank line);
    `eol` is the comment at the end of its first line, with the number of spaces before
    it (kept, so comments aligned in a block stay aligned when the block is re-indented).
    """

    key: _Scalar | None
    line: int
    column: int
    value: _Node | None = None
    trivia: list[tuple[str, int] | None] = field(default_factory=list)
    eol: tuple[str, int] | None = None


@dataclass(slots=True)
class _Doc:
    root: _Node | None = None
    start: _Entry | None = None  # an explicit `---`
    end: _Entry | None = None  # an explicit `...`
    header: list[tuple[str, int] | None] = field(default_factory=list)
    tail: list[tuple[str, int] | None] = field(default_factory=list)


@dataclass(slots=True)
class _Comment:
    index: int
    line: int
    column: int
    text: str
    own_line: bool


# ------------------------------------------------------------------------- reading


class _Reader:
    """Builds the tree from the C parser's events and finds the comments between nodes."""

    def __init__(self, text: str, source: str) -> None:
        from ruamel.yaml import events

        self.text = text
        self.source = source
        self.line_starts = [0, *(m.end() for m in re.finditer("\n", text))]
        self.masks: list[tuple[int, int]] = []  # scalar text, where `#` is not a comment
        self.flows: list[tuple[int, int]] = []  # flow collections: comments inside are refused
        self.entries: list[_Entry] = []  # block entries in document order
        self.eol_slots: dict[int, _Entry] = {}
        self.item_lines: set[int] = set()
        self.ev = events
        from .yamlread import _parser

        self.parser = _parser(text)

    # positions
    def line_of(self, index: int) -> int:
        return bisect.bisect_right(self.line_starts, index) - 1

    def col_of(self, index: int) -> int:
        return index - self.line_starts[self.line_of(index)]

    def refuse(self, index: int, message: str) -> FormatError:
        line = self.line_of(index)
        finding = Finding(self.source, line + 1, self.col_of(index) + 1, "fmt-unsupported", Severity.ERROR, message)
        return FormatError([finding])

    def next(self) -> Any:
        event = self.parser.get_event()
        if event is None:  # pragma: no cover - the safe reader has accepted this text
            raise FormatBug("unexpected end of the event stream")
        return event

    def read(self) -> _Doc:
        doc = _Doc()
        ev = self.ev
        event = self.next()
        while not isinstance(event, ev.DocumentStartEvent):
            if isinstance(event, ev.StreamEndEvent):
                return doc
            event = self.next()
        if getattr(event, "version", None) or getattr(event, "tags", None):
            raise self.refuse(event.start_mark.index, "cjm fmt does not format files with %YAML or %TAG directives")
        if event.explicit:
            doc.start = self._register(_Entry(None, self.line_of(event.start_mark.index), 0))
        doc.root = self.node(self.next())
        event = self.next()
        if isinstance(event, ev.DocumentEndEvent) and event.explicit:
            doc.end = self._register(_Entry(None, self.line_of(event.start_mark.index), 0))
        return doc

    def _register(self, entry: _Entry) -> _Entry:
        self.entries.append(entry)
        self._claim(entry.line, entry)
        return entry

    def _claim(self, line: int, entry: _Entry) -> None:
        # The end-of-line comment of `- key: value  # c` belongs to the list item, not to
        # `key`: findings about an item are reported on its first line, so a suppression
        # there must stay on the item's first line even when `key` moves down. Otherwise
        # the innermost entry on a line (registered last) owns it.
        if entry.key is None:
            if line not in self.item_lines:
                self.item_lines.add(line)
                self.eol_slots[line] = entry
        elif line not in self.item_lines:
            self.eol_slots[line] = entry

    def node(self, event: Any) -> _Node:
        ev = self.ev
        if isinstance(event, ev.AliasEvent) or getattr(event, "anchor", None):
            raise self.refuse(
                event.start_mark.index,
                "this file uses YAML anchors/aliases (&name / *name); cjm fmt leaves such files unchanged "
                "so that nothing is expanded or reordered behind an alias. Write the values out to format it",
            )
        if isinstance(event, ev.ScalarEvent):
            return self.scalar(event)
        start = event.start_mark.index
        if getattr(event, "ctag", None) is not None and str(event.ctag) != "!":
            raise self.refuse(start, "cjm fmt does not format tagged lists or mappings; remove the tag")
        flow = bool(event.flow_style)
        node: _Map | _Seq
        if isinstance(event, ev.MappingStartEvent):
            node = _Map([], flow)
            while not isinstance(event := self.next(), ev.MappingEndEvent):
                if not isinstance(event, ev.ScalarEvent):  # pragma: no cover - refused by the safe reader
                    raise self.refuse(event.start_mark.index, "a mapping key must be plain text")
                key = self.scalar(event)
                if key.style == "" and key.value == "<<":
                    raise self.refuse(key.start, "cjm fmt does not format files with merge keys (<<)")
                entry = _Entry(key, self.line_of(key.start), self.col_of(key.start))
                if not flow:
                    self._register(entry)
                entry.value = self.node(self.next())
                if not flow:
                    self._register_value_lines(entry)
                node.entries.append(entry)
        else:
            node = _Seq([], flow)
            while not isinstance(event := self.next(), ev.SequenceEndEvent):
                if flow:
                    entry = _Entry(None, 0, 0)
                else:
                    dash = self._dash(event.start_mark.index)
                    entry = _Entry(None, self.line_of(dash), self.col_of(dash))
                    self._register(entry)
                entry.value = self.node(event)
                if not flow:
                    self._register_value_lines(entry)
                node.entries.append(entry)
        if flow:
            self.flows.append((start, event.end_mark.index))
        return node

    def _register_value_lines(self, entry: _Entry) -> None:
        # Registered after the value is read: a scalar or flow value has no entries inside
        # that could claim its last line, while a block value's entries (registered
        # after their parent's first line) are the innermost owners of their own lines.
        value = entry.value
        if isinstance(value, _Scalar):
            if value.style in ("|", ">"):
                self._claim(self.line_of(value.start), entry)
            elif value.end > value.start:
                self._claim(self.line_of(value.end - 1), entry)
        elif value is not None and value.flow and self.flows:
            self._claim(self.line_of(self.flows[-1][1] - 1), entry)

    def _dash(self, index: int) -> int:
        """Where the `-` of the list item whose value starts at `index` is."""
        text = self.text
        i = index - 1
        while i >= 0:
            ch = text[i]
            if ch == "-":
                return i
            if ch in " \n":
                i -= 1
                continue
            if ch == "\r":  # pragma: no cover - CRLF is normalised before reading
                i -= 1
                continue
            # A comment line between the dash and the value: skip back over it.
            line = self.line_of(i)
            hash_at = text.find("#", self.line_starts[line], i + 1)
            if hash_at >= 0 and text[self.line_starts[line] : hash_at].strip(" -") == "":
                i = hash_at - 1
                continue
            if hash_at >= 0 and text[hash_at - 1 : hash_at] in (" ", "\t"):
                i = hash_at - 1
                continue
            break
        raise self.refuse(index, "cjm fmt cannot find the `-` of this list item; write it as `- value`")

    def scalar(self, event: Any) -> _Scalar:
        start, end = event.start_mark.index, event.end_mark.index
        style = event.style or ""
        tag = getattr(event, "ctag", None)
        tagged = tag is not None and str(tag) != "!"
        value: Any = event.value
        if style == "" and not tagged and event.implicit[0]:
            value = resolve_plain(value) if value else None
        node = _Scalar(value, style, self.text[start:end], tagged, start, end)
        if tagged and "\n" in node.raw:
            raise self.refuse(start, "cjm fmt does not format tagged values that span lines; remove the tag")
        if style in ("|", ">"):
            self._block_body(node)
        else:
            self.masks.append((start, end))
        return node

    def _block_body(self, node: _Scalar) -> None:
        text = self.text
        header = re.compile(r"[|>][0-9+-]*").match(text, node.start)
        if node.tagged or header is None:
            raise self.refuse(node.start, "cjm fmt does not format tagged block scalars; remove the tag")
        self.masks.append((node.start, header.end()))
        indicator = re.search(r"[1-9]", header.group())
        keep = "+" in header.group()
        first = self.line_of(node.start) + 1
        if first >= len(self.line_starts) or self.line_starts[first] >= node.end:
            return
        content_start = self.line_starts[first]
        lines = text[content_start : node.end].split("\n")
        if text[node.end - 1 : node.end] == "\n":  # the span ends at a line start
            lines.pop()
        if indicator:
            parent = self._entry_column()
            indent = (parent if parent >= 0 else 0) + int(indicator.group())
        else:
            indent = next((len(x) - len(x.lstrip(" ")) for x in lines if x.strip(" ")), 0)
        body = [x[indent:] if len(x) > indent else "" for x in lines]
        if not keep:
            while body and body[-1] == "":
                body.pop()
                lines.pop()
        node.body = body
        if lines:
            self.masks.append((content_start, content_start + sum(len(x) + 1 for x in lines) - 1))

    def _entry_column(self) -> int:
        # The entry being read is the last block entry registered: its key or dash column
        # is the indentation an explicit indentation indicator counts from.
        return self.entries[-1].column if self.entries else -1

    def comments(self) -> list[_Comment]:
        """Every comment in the text: a `#` outside scalars, to the end of its line."""
        text, masks = self.text, sorted(self.masks)
        mask_starts = [m[0] for m in masks]
        found: list[_Comment] = []
        pos = 0
        while (i := text.find("#", pos)) >= 0:
            k = bisect.bisect_right(mask_starts, i) - 1
            if k >= 0 and masks[k][0] <= i < masks[k][1]:
                pos = masks[k][1]
                continue
            j = text.find("\n", i)
            j = len(text) if j < 0 else j
            line = self.line_of(i)
            own_line = text[self.line_starts[line] : i].strip(" \t") == ""
            found.append(_Comment(i, line, self.col_of(i), text[i:j].rstrip(" \t"), own_line))
            pos = j
        return found

    def attach(self, doc: _Doc, comments: list[_Comment]) -> None:
        """Give every comment and blank line to the entry it belongs to (see module doc)."""
        outer: list[tuple[int, int]] = []  # flow collections not inside another one
        for a, b in sorted(self.flows):
            if not outer or a >= outer[-1][1]:
                outer.append((a, b))
        outer_starts = [a for a, _ in outer]
        for c in comments:
            k = bisect.bisect_left(outer_starts, c.index) - 1
            if k >= 0 and c.index < outer[k][1]:
                raise self.refuse(
                    c.index,
                    "a comment inside a flow list or mapping ([...] / {...}) would have to move; "
                    "write that list in block style (one `- item` per line) or move the comment",
                )
        by_line = {c.line: c for c in comments if c.own_line}
        eol = [c for c in comments if not c.own_line]
        for c in eol:
            entry = self.eol_slots.get(c.line)
            if entry is None or entry.eol is not None:
                raise self.refuse(
                    c.index,
                    "cjm fmt cannot tell which key this comment belongs to; put it on the line of the key "
                    "or on its own line above it",
                )
            gap = 0
            while self.text[c.index - gap - 1] in " \t":
                gap += 1
            entry.eol = (c.text, gap)
        starts: dict[int, _Entry] = {}
        for entry in self.entries:
            starts.setdefault(entry.line, entry)
        entry_lines = [e.line for e in self.entries]
        covered = sorted(self.masks + self.flows)
        covered_starts = [m[0] for m in covered]
        text = self.text
        pending: list[tuple[str, int] | None] = []
        first_owner = True
        for line, begin in enumerate(self.line_starts):
            end = text.find("\n", begin)
            content = text[begin : len(text) if end < 0 else end]
            k = bisect.bisect_right(covered_starts, begin) - 1
            inside = k >= 0 and covered[k][0] <= begin < covered[k][1]
            if not inside and line in by_line:
                c = by_line[line]
                pending.append((c.text, c.column))
                continue
            if not inside and content.strip(" \t") == "":
                pending.append(None)
                continue
            if not pending:
                continue
            owner = starts.get(line)
            if owner is None:
                at = bisect.bisect_right(entry_lines, line) - 1
                owner = self.entries[at] if at >= 0 else None
            if owner is None:
                doc.header.extend(pending)
            elif first_owner and owner.key is not None and owner is self.entries[0]:
                header, rest = _split_header(pending)
                doc.header.extend(header)
                owner.trivia.extend(rest)
            else:
                owner.trivia.extend(pending)
            first_owner = False
            pending = []
        while pending and pending[-1] is None:
            pending.pop()
        doc.tail = pending


def _split_header(trivia: list[tuple[str, int] | None]) -> tuple[list[Any], list[Any]]:
    """The file header: the comments above the first key up to the last blank line, and
    always a `yaml-language-server` modeline (editors need it first)."""
    cut = 0
    for i, t in enumerate(trivia):
        if t is None or "yaml-language-server:" in t[0]:
            cut = i + 1
    return trivia[:cut], trivia[cut:]


# ------------------------------------------------------------------------ key order


def _shapes(annotation: Any) -> tuple[list[type[BaseModel]], Any, Any]:
    """The models, list item type and dict value type an annotation allows."""
    models: list[type[BaseModel]] = []
    items: Any = None
    values: Any = None
    todo = [annotation]
    while todo:
        ann = todo.pop()
        origin = typing.get_origin(ann)
        if origin is typing.Annotated:
            todo.append(typing.get_args(ann)[0])
        elif origin in (typing.Union, types.UnionType):
            todo.extend(reversed(typing.get_args(ann)))
        elif origin is list:
            items = items if items is not None else typing.get_args(ann)[0]
        elif origin is dict:
            values = values if values is not None else typing.get_args(ann)[1]
        elif isinstance(ann, type) and issubclass(ann, BaseModel):
            models.append(ann)
    return models, items, values


def _key_text(entry: _Entry) -> str:
    key = entry.key
    assert key is not None
    return key.value if isinstance(key.value, str) else key.raw


def _reorder(node: _Node | None, annotation: Any) -> None:
    if node is None or isinstance(node, _Scalar) or annotation is None:
        return
    models, items, values = _shapes(annotation)
    if isinstance(node, _Map):
        if models:
            fields = models[0].model_fields
            rank = {name: i for i, name in enumerate(fields)}
            node.entries.sort(key=lambda e: rank.get(_key_text(e), len(rank)))
            for e in node.entries:
                f = fields.get(_key_text(e))
                _reorder(e.value, f.annotation if f is not None else None)
        elif values is not None:
            for e in node.entries:
                _reorder(e.value, values)
    elif items is not None:
        for e in node.entries:
            _reorder(e.value, items)


def _root_model(kind: Kind) -> type[BaseModel]:
    from .model import Config, Journey, PersonaLibrary

    return {"journey": Journey, "personas": PersonaLibrary, "config": Config}[kind]


# -------------------------------------------------------------------------- quoting

_YAML11_SPECIAL = re.compile(
    r"(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF|=|<<"
    r"|[-+]?(?:0b[01_]+|0x[0-9a-fA-F_]+|0o?[0-7_]+|[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?"
    r"|[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|\.[0-9_]*(?:[eE][-+]?[0-9]+)?|\.(?:inf|Inf|INF))"
    r"|\.(?:nan|NaN|NAN))\Z"
)
_INDICATORS = "-?:,[]{}#&*!|>'\"%@`"
_FLOW_INDICATORS = ",[]{}"
_ESCAPES = {
    "\0": "\\0",
    "\a": "\\a",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\v": "\\v",
    "\f": "\\f",
    "\r": "\\r",
    "\x1b": "\\e",
    '"': '\\"',
    "\\": "\\\\",
    "\x85": "\\N",
    "\xa0": "\\_",
    "\u2028": "\\L",
    "\u2029": "\\P",
}


def _printable(s: str) -> bool:
    return all(ch.isprintable() and ch != "\xa0" for ch in s)


def _plain_ok(s: str, flow: bool) -> bool:
    """True if `s` written without quotes reads back as the same string everywhere."""
    if not s or s != s.strip(" ") or not _printable(s):
        return False
    first = s[0]
    if first in _INDICATORS and not (first in "-?:" and len(s) > 1 and s[1] != " " and s[1] not in _FLOW_INDICATORS):
        return False
    if ": " in s or " #" in s or s.endswith(":") or s.startswith(("---", "...")):
        return False
    # In flow context libyaml (the C parser cjm reads with) refuses any ':' inside a plain
    # scalar, although YAML 1.2 allows one that is not followed by a space.
    if flow and (any(ch in _FLOW_INDICATORS for ch in s) or ":" in s):
        return False
    return resolve_plain(s) == s and not _YAML11_SPECIAL.match(s)


def quote(s: str, *, flow: bool = False) -> str:
    """A string in cjm's quoting policy (see the module docstring)."""
    if _plain_ok(s, flow):
        return s
    if ('"' in s or "\\" in s) and _printable(s):
        return "'" + s.replace("'", "''") + "'"
    out = []
    for ch in s:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ch.isprintable():
            out.append(ch)
        elif ord(ch) <= 0xFF:
            out.append(f"\\x{ord(ch):02x}")
        elif ord(ch) <= 0xFFFF:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(f"\\U{ord(ch):08x}")
    return '"' + "".join(out) + '"'


def _render_scalar(node: _Scalar, flow: bool) -> str:
    if node.tagged:
        return node.raw  # single-line: the reader refuses tagged values that span lines
    if node.style == "" and not isinstance(node.value, str):
        return node.raw  # numbers, dates, booleans and nulls keep their spelling
    return quote(node.value, flow=flow)


def _render_flow(node: _Node) -> str:
    if isinstance(node, _Scalar):
        return _render_scalar(node, True)
    if isinstance(node, _Seq):
        return "[" + ", ".join(_render_flow(e.value) for e in node.entries if e.value is not None) + "]"
    parts = []
    for e in node.entries:
        assert e.key is not None and e.value is not None
        value = _render_flow(e.value)
        parts.append(f"{_render_scalar(e.key, True)}: {value}" if value else f"{_render_scalar(e.key, True)}: ")
    return "{" + ", ".join(parts) + "}"


# ------------------------------------------------------------------------- writing


class _Writer:
    def __init__(self) -> None:
        self.lines: list[str] = []
        # Content indentation of the block scalar just written: a comment line after it
        # must sit to its left, or YAML would read the comment as more text.
        self.block_indent: int | None = None

    def trivia(self, items: list[tuple[tuple[str, int] | None, int]]) -> None:
        """Comment and blank lines; each comment moves by `shift` columns with its entry."""
        for t, shift in items:
            if t is None:
                if self.lines and self.lines[-1] != "":
                    self.lines.append("")
                continue
            text, column = t
            column = max(0, column + shift)
            if self.block_indent is not None:
                column = min(column, self.block_indent - 1)
            self.lines.append(" " * column + text)

    def code(self, line: str, eol: tuple[str, int] | None) -> None:
        if eol is not None:
            text, gap = eol
            line += " " * max(gap, 1) + text
        self.lines.append(line)
        self.block_indent = None

    def entries(self, node: _Map | _Seq, indent: int, prefix: str | None) -> None:
        for k, e in enumerate(node.entries):
            self.trivia(self._item_trivia(e, indent))
            lead = prefix if k == 0 and prefix is not None else " " * indent
            if e.key is None:
                self.value(lead + "-", e, indent, item=True)
            else:
                self.value(lead + _render_scalar(e.key, False) + ":", e, indent, item=False)

    def _item_trivia(self, e: _Entry, indent: int) -> list[tuple[tuple[str, int] | None, int]]:
        """The lines above an entry. A list item whose mapping starts on the dash line
        (`- id: x`) also takes its first key's comments, which must stay above that line
        too; the item's own comments stay closest to it (a `# cjm: disable=` above an
        item covers the line below it)."""
        out = [(t, indent - e.column) for t in e.trivia]
        v = e.value
        if e.key is not None or not isinstance(v, (_Map, _Seq)) or v.flow or not v.entries:
            return out
        first = v.entries[0]
        shift = indent + INDENT - first.column
        moved = [(t, shift) for t in first.trivia]
        first.trivia = []
        blanks = next((i for i, (t, _) in enumerate(out) if t is not None), len(out))
        out = out[:blanks] + moved + out[blanks:]
        if e.eol is not None:
            if first.eol is not None:
                # Two comments for one line: the key's own goes right above the line.
                out.append(((first.eol[0], first.column), shift))
            first.eol, e.eol = e.eol, None
        return out

    def value(self, head: str, e: _Entry, indent: int, *, item: bool) -> None:
        v = e.value
        if isinstance(v, _Scalar) and v.style in ("|", ">") and v.style:
            self.code(f"{head} {_block_header(v)}", e.eol)
            for line in v.body:
                self.lines.append(" " * (indent + INDENT) + line if line else "")
            self.block_indent = indent + INDENT
        elif isinstance(v, _Scalar):
            text = _render_scalar(v, False)
            self.code(f"{head} {text}" if text else head, e.eol)
        elif v is None:
            self.code(head, e.eol)
        elif v.flow or not v.entries:
            self.code(f"{head} {_render_flow(v)}", e.eol)
        elif item:
            self.entries(v, indent + INDENT, head + " ")
        else:
            self.code(head, e.eol)
            self.entries(v, indent + INDENT, None)


def _block_header(node: _Scalar) -> str:
    value: str = node.value
    if not value.endswith("\n"):
        chomp = "-"
    elif value.endswith("\n\n") or (node.body and node.body[-1] == "") or not node.body:
        chomp = "+"
    else:
        chomp = ""
    # An explicit indentation indicator is needed when the first text line starts with a
    # space (or a spaces-only line comes before it): YAML would take that as the indent.
    indicator = ""
    for line in node.body:
        if line.strip(" "):
            indicator = str(INDENT) if line.startswith(" ") else ""
            break
        if line:
            indicator = str(INDENT)
            break
    return node.style + indicator + chomp


# ----------------------------------------------------------------------------- API


def format_text(text: str, kind: Kind | None = None, source: str = "<stdin>", *, data: Any = None) -> FormatResult:
    """Format one file's text (BOM already removed). `data` is the safe reader's result for
    `text` if the caller has it. Raises FormatError (unreadable or unsupported input,
    with findings) or FormatBug (the result would not be equivalent; nothing to write)."""
    if data is None:
        parsed = parse_yaml(text)
        if parsed.problems:
            raise FormatError(
                [Finding(source, p.line + 1, p.column + 1, p.code, Severity.ERROR, p.message) for p in parsed.problems]
            )
        data = parsed.data
    if data is None or not isinstance(data, (dict, list)):
        return FormatResult(text, False)  # empty, or a single value: nothing to lay out
    newline = "\r\n" if "\r\n" in text[: text.find("\n") + 1 or None] else "\n"
    lf = text.replace("\r\n", "\n")
    odd = re.search("[\r\x85\u2028\u2029]", lf)
    if odd:
        reader = _Reader(lf, source)
        raise reader.refuse(
            odd.start(),
            "this file holds a line break other than LF or CRLF (a lone CR, U+0085, U+2028 or U+2029); "
            "cjm fmt handles LF and CRLF only, so replace it",
        )
    reader = _Reader(lf, source)
    doc = reader.read()
    comments = reader.comments()
    reader.attach(doc, comments)
    if kind is None:
        kind = classify(data) if isinstance(data, dict) else "journey"
    _reorder(doc.root, _root_model(kind))
    out = _write(doc)
    if newline != "\n":
        out = out.replace("\n", newline)
    _check_equivalent(data, [c.text for c in comments], out, source)
    return FormatResult(out, out != text)


def _write(doc: _Doc) -> str:
    w = _Writer()
    w.trivia([(t, 0) for t in doc.header])
    if doc.start is not None:
        w.trivia([(t, 0) for t in doc.start.trivia])
        w.code("---", doc.start.eol)
    root = doc.root
    if isinstance(root, (_Map, _Seq)) and root.entries and not root.flow:
        w.entries(root, 0, None)
    elif root is not None:
        w.code(_render_flow(root), None)
    if doc.end is not None:
        w.trivia([(t, 0) for t in doc.end.trivia])
        w.code("...", doc.end.eol)
    w.trivia([(t, 0) for t in doc.tail])
    lines = w.lines
    while lines and lines[0] == "":
        lines.pop(0)
    while lines and lines[-1] == "":
        lines.pop()
    return "\n".join(lines) + "\n"


def _check_equivalent(data: Any, comments: list[str], out: str, source: str) -> None:
    parsed = parse_yaml(out)
    if parsed.problems:
        p = parsed.problems[0]
        raise FormatBug(f"the formatted text would read differently ({p.line + 1}:{p.column + 1}: {p.message})")
    if not same_data(data, parsed.data):
        raise FormatBug("the formatted text would hold other data")
    reader = _Reader(out.replace("\r\n", "\n"), source)
    reader.read()
    if Counter(c.text for c in reader.comments()) != Counter(comments):
        raise FormatBug("the formatted text would hold other comments")


def same_data(a: Any, b: Any) -> bool:
    """Equal values of equal types (1 is not 1.0 or True); key order does not matter."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same_data(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same_data(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and a != a:
        return b != b
    return bool(a == b)


def comment_texts(text: str) -> list[str]:
    """The comments of a YAML text (for tests and the safety net), in order."""
    reader = _Reader(text.replace("\r\n", "\n"), "<text>")
    reader.read()
    return [c.text for c in reader.comments()]


# ------------------------------------------------------------------------ files


Status = Literal["unchanged", "reformatted", "would-reformat", "skipped", "failed", "bug"]


@dataclass
class FileOutcome:
    display: str
    status: Status
    findings: list[Finding] = field(default_factory=list)
    diff: str = ""
    message: str = ""


def format_paths(
    paths: list[Path], *, write: bool = True, diff: bool = False, max_file_mb: float | None = None
) -> Iterator[FileOutcome]:
    """Format the files `cjm validate` would check for these paths (plus cjm.yaml when its
    workspace directory is given), yielding one outcome per file as it is done."""
    requested = [Path(os.path.abspath(p)) for p in paths] or None
    for ws in load_paths(paths, max_file_mb=max_file_mb):
        files = list(ws.target_files)
        config = ws.config_file
        if config is not None and (
            requested is None or config.path in requested or ws.root in requested or config.path in ws.targets
        ):
            files.append(config)
        for source in sorted(files, key=lambda f: f.display):
            yield _format_file(source, write=write, diff=diff)


def _format_file(source: SourceFile, *, write: bool, diff: bool) -> FileOutcome:
    unreadable = [f for f in source.findings if f.code in UNREADABLE_CODES]
    if unreadable or not source.readable:
        return FileOutcome(source.display, "failed", unreadable or source.findings)
    if source.data is None:
        return FileOutcome(source.display, "unchanged")
    if not (isinstance(source.data, dict) and "cjm" in source.data):
        # Every cjm file starts with `cjm: 1`. Other YAML (CI configs, docker-compose.yml)
        # follows its own conventions: a YAML 1.1 reader sees `"80:80"` unquoted as 4880.
        return FileOutcome(source.display, "skipped", message="not a cjm file (no top-level `cjm:` key)")
    try:
        result = format_text(source.text, source.kind, source.display, data=source.data)
    except FormatError as exc:
        return FileOutcome(source.display, "failed", exc.findings)
    except FormatBug as exc:
        return FileOutcome(source.display, "bug", message=str(exc))
    if not result.changed:
        return FileOutcome(source.display, "unchanged")
    outcome = FileOutcome(source.display, "reformatted" if write else "would-reformat")
    if diff:
        outcome.diff = unified_diff(source.text, result.text, source.display)
    if write:
        try:
            _write_in_place(source.path, source.text, result.text)
        except OSError as exc:
            finding = Finding(
                source.display, 1, 1, "unwritable", Severity.ERROR, f"cannot write this file: {exc.strerror or exc}"
            )
            return FileOutcome(source.display, "failed", [finding])
        except _ChangedMeanwhile:
            finding = Finding(
                source.display,
                1,
                1,
                "changed-meanwhile",
                Severity.ERROR,
                "the file changed while cjm fmt was formatting it; it was left as it is now, run cjm fmt again",
            )
            return FileOutcome(source.display, "failed", [finding])
    return outcome


def unified_diff(before: str, after: str, display: str) -> str:
    """`--- a/PATH` / `+++ b/PATH` diff, marking a last line without a line break as diff does."""
    lines = difflib.unified_diff(
        before.splitlines(keepends=True), after.splitlines(keepends=True), f"a/{display}", f"b/{display}"
    )
    return "".join(x if x.endswith("\n") else x + "\n\\ No newline at end of file\n" for x in lines)


class _ChangedMeanwhile(Exception):
    pass


def _write_in_place(path: Path, before: str, after: str) -> None:
    """Replace the file atomically (temp file + rename in its directory), keeping its
    permission bits and byte order mark; a symlink keeps pointing at the formatted file."""
    target = Path(os.path.realpath(path))
    raw = target.read_bytes()
    bom = raw.startswith(b"\xef\xbb\xbf")
    if raw.decode("utf-8-sig") != before:
        raise _ChangedMeanwhile
    mode = stat.S_IMODE(target.stat().st_mode)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write((b"\xef\xbb\xbf" if bom else b"") + after.encode("utf-8"))
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
