"""Writing the tree back as text in the canonical layout, comments with their entries."""

from __future__ import annotations

from .quoting import quote
from .tree import INDENT, Doc, Entry, Map, Node, Scalar, Seq


def render_scalar(node: Scalar, flow: bool) -> str:
    if node.tagged:
        return node.raw  # single-line: the reader refuses tagged values that span lines
    if node.style == "" and not isinstance(node.value, str):
        return node.raw  # numbers, dates, booleans and nulls keep their spelling
    return quote(node.value, flow=flow)


def render_flow(node: Node) -> str:
    if isinstance(node, Scalar):
        return render_scalar(node, True)
    if isinstance(node, Seq):
        return "[" + ", ".join(render_flow(e.value) for e in node.entries if e.value is not None) + "]"
    parts = []
    for e in node.entries:
        assert e.key is not None and e.value is not None
        value = render_flow(e.value)
        parts.append(f"{render_scalar(e.key, True)}: {value}" if value else f"{render_scalar(e.key, True)}: ")
    return "{" + ", ".join(parts) + "}"


class Writer:
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

    def entries(self, node: Map | Seq, indent: int, prefix: str | None) -> None:
        for k, e in enumerate(node.entries):
            self.trivia(self._item_trivia(e, indent))
            lead = prefix if k == 0 and prefix is not None else " " * indent
            if e.key is None:
                self.value(lead + "-", e, indent, item=True)
            else:
                self.value(lead + render_scalar(e.key, False) + ":", e, indent, item=False)

    def _item_trivia(self, e: Entry, indent: int) -> list[tuple[tuple[str, int] | None, int]]:
        """The lines above an entry. A list item whose mapping starts on the dash line
        (`- id: x`) also takes its first key's comments, which must stay above that line
        too; the item's own comments stay closest to it (a `# cjm: disable=` above an
        item covers the line below it)."""
        out = [(t, indent - e.column) for t in e.trivia]
        v = e.value
        if e.key is not None or not isinstance(v, (Map, Seq)) or v.flow or not v.entries:
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

    def value(self, head: str, e: Entry, indent: int, *, item: bool) -> None:
        v = e.value
        if isinstance(v, Scalar) and v.style in ("|", ">") and v.style:
            self.code(f"{head} {block_header(v)}", e.eol)
            for line in v.body:
                self.lines.append(" " * (indent + INDENT) + line if line else "")
            self.block_indent = indent + INDENT
        elif isinstance(v, Scalar):
            text = render_scalar(v, False)
            self.code(f"{head} {text}" if text else head, e.eol)
        elif v is None:
            self.code(head, e.eol)
        elif v.flow or not v.entries:
            self.code(f"{head} {render_flow(v)}", e.eol)
        elif item:
            self.entries(v, indent + INDENT, head + " ")
        else:
            self.code(head, e.eol)
            self.entries(v, indent + INDENT, None)


def block_header(node: Scalar) -> str:
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


def write_doc(doc: Doc) -> str:
    w = Writer()
    w.trivia([(t, 0) for t in doc.header])
    if doc.start is not None:
        w.trivia([(t, 0) for t in doc.start.trivia])
        w.code("---", doc.start.eol)
    root = doc.root
    if isinstance(root, (Map, Seq)) and root.entries and not root.flow:
        w.entries(root, 0, None)
    elif root is not None:
        w.code(render_flow(root), None)
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
