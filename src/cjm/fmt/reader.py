"""Reading: the C parser's events become the tree; comments are found between nodes and
attached by line to the entry they belong to."""

from __future__ import annotations

import bisect
import re
from typing import Any

from ..findings import Finding, Severity
from ..yamlread import resolve_plain
from .tree import Comment, Doc, Entry, FormatBug, FormatError, Map, Node, Scalar, Seq


class Reader:
    """Builds the tree from the C parser's events and finds the comments between nodes."""

    def __init__(self, text: str, source: str) -> None:
        from ruamel.yaml import events

        self.text = text
        self.source = source
        self.line_starts = [0, *(m.end() for m in re.finditer("\n", text))]
        self.masks: list[tuple[int, int]] = []  # scalar text, where `#` is not a comment
        self.flows: list[tuple[int, int]] = []  # flow collections: comments inside are refused
        self.entries: list[Entry] = []  # block entries in document order
        self.eol_slots: dict[int, Entry] = {}
        self.item_lines: set[int] = set()
        self.ev = events
        from ..yamlread import _parser

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

    def read(self) -> Doc:
        doc = Doc()
        ev = self.ev
        event = self.next()
        while not isinstance(event, ev.DocumentStartEvent):
            if isinstance(event, ev.StreamEndEvent):
                return doc
            event = self.next()
        if getattr(event, "version", None) or getattr(event, "tags", None):
            raise self.refuse(event.start_mark.index, "cjm fmt does not format files with %YAML or %TAG directives")
        if event.explicit:
            doc.start = self._register(Entry(None, self.line_of(event.start_mark.index), 0))
        doc.root = self.node(self.next())
        event = self.next()
        if isinstance(event, ev.DocumentEndEvent) and event.explicit:
            doc.end = self._register(Entry(None, self.line_of(event.start_mark.index), 0))
        return doc

    def _register(self, entry: Entry) -> Entry:
        self.entries.append(entry)
        self._claim(entry.line, entry)
        return entry

    def _claim(self, line: int, entry: Entry) -> None:
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

    def node(self, event: Any) -> Node:
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
        node: Map | Seq
        if isinstance(event, ev.MappingStartEvent):
            node = Map([], flow)
            while not isinstance(event := self.next(), ev.MappingEndEvent):
                if not isinstance(event, ev.ScalarEvent):  # pragma: no cover - refused by the safe reader
                    raise self.refuse(event.start_mark.index, "a mapping key must be plain text")
                key = self.scalar(event)
                if key.style == "" and key.value == "<<":
                    raise self.refuse(key.start, "cjm fmt does not format files with merge keys (<<)")
                entry = Entry(key, self.line_of(key.start), self.col_of(key.start))
                if not flow:
                    self._register(entry)
                entry.value = self.node(self.next())
                if not flow:
                    self._register_value_lines(entry)
                node.entries.append(entry)
        else:
            node = Seq([], flow)
            while not isinstance(event := self.next(), ev.SequenceEndEvent):
                if flow:
                    entry = Entry(None, 0, 0)
                else:
                    dash = self._dash(event.start_mark.index)
                    entry = Entry(None, self.line_of(dash), self.col_of(dash))
                    self._register(entry)
                entry.value = self.node(event)
                if not flow:
                    self._register_value_lines(entry)
                node.entries.append(entry)
        if flow:
            self.flows.append((start, event.end_mark.index))
        return node

    def _register_value_lines(self, entry: Entry) -> None:
        # Registered after the value is read: a scalar or flow value has no entries inside
        # that could claim its last line, while a block value's entries (registered
        # after their parent's first line) are the innermost owners of their own lines.
        value = entry.value
        if isinstance(value, Scalar):
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

    def scalar(self, event: Any) -> Scalar:
        start, end = event.start_mark.index, event.end_mark.index
        style = event.style or ""
        tag = getattr(event, "ctag", None)
        tagged = tag is not None and str(tag) != "!"
        value: Any = event.value
        if style == "" and not tagged and event.implicit[0]:
            value = resolve_plain(value) if value else None
        node = Scalar(value, style, self.text[start:end], tagged, start, end)
        if tagged and "\n" in node.raw:
            raise self.refuse(start, "cjm fmt does not format tagged values that span lines; remove the tag")
        if style in ("|", ">"):
            self._block_body(node)
        else:
            self.masks.append((start, end))
        return node

    def _block_body(self, node: Scalar) -> None:
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

    def comments(self) -> list[Comment]:
        """Every comment in the text: a `#` outside scalars, to the end of its line."""
        text, masks = self.text, sorted(self.masks)
        mask_starts = [m[0] for m in masks]
        found: list[Comment] = []
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
            found.append(Comment(i, line, self.col_of(i), text[i:j].rstrip(" \t"), own_line))
            pos = j
        return found

    def attach(self, doc: Doc, comments: list[Comment]) -> None:
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
        starts: dict[int, Entry] = {}
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
                header, rest = split_header(pending)
                doc.header.extend(header)
                owner.trivia.extend(rest)
            else:
                owner.trivia.extend(pending)
            first_owner = False
            pending = []
        while pending and pending[-1] is None:
            pending.pop()
        doc.tail = pending


def split_header(trivia: list[tuple[str, int] | None]) -> tuple[list[Any], list[Any]]:
    """The file header: the comments above the first key up to the last blank line, and
    always a `yaml-language-server` modeline (editors need it first)."""
    cut = 0
    for i, t in enumerate(trivia):
        if t is None or "yaml-language-server:" in t[0]:
            cut = i + 1
    return trivia[:cut], trivia[cut:]
