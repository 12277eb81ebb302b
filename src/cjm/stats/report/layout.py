"""The tables of `cjm stats` text output, laid out two ways from one description.

On a terminal they become rich tables (colour, folding to the terminal's width). In a pipe or a
file nothing wraps, so the layout is plain fixed-width columns computed once per table: the same
bytes rich writes for a `SIMPLE_HEAD` table with `pad_edge=False`, at a fraction of the cost
(rich measures and renders every cell several times, which was ~75% of `cjm stats` at 100k
touchpoints). `plain_lines` refuses (`Unsupported`) what it does not lay out exactly like
rich — control characters, cells with leading or trailing blanks, a box rich would substitute
for the output's encoding — and the caller then lets rich do it all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from rich import box
from rich.cells import cell_len
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

# A cell: its text and a rich style, which only a terminal shows ("" for none).
Cell = tuple[str, str]
_TITLE_STYLE = "bold"
# `Table.grid(padding=(0, 4))`: four blanks between side-by-side tables, none at the edges.
_GAP = 4


class Unsupported(Exception):
    """Something the plain layout would not write byte for byte like rich."""


@dataclass
class StatsTable:
    """A titled table: left-aligned columns before `numeric_from`, right-aligned after."""

    title: str
    headers: Sequence[str]
    numeric_from: int = 1
    rows: list[Sequence[Cell]] = field(default_factory=list)
    # indexes of rows after which a section ends (rich's `add_section`)
    section_ends: set[int] = field(default_factory=set)

    def add_row(self, *cells: Cell) -> None:
        self.rows.append(cells)

    def add_section(self) -> None:
        if self.rows:
            self.section_ends.add(len(self.rows) - 1)

    def to_rich(self) -> Table:
        table = Table(
            title=self.title, title_justify="left", title_style=_TITLE_STYLE, box=box.SIMPLE_HEAD, pad_edge=False
        )
        for i, name in enumerate(self.headers):
            # fold, never an ellipsis: on a narrow terminal a cut-off id would be a wrong id.
            table.add_column(name, justify="left" if i < self.numeric_from else "right", overflow="fold")
        for i, row in enumerate(self.rows):
            table.add_row(*(Text(text, style=style) for text, style in row), end_section=i in self.section_ends)
        return table


@dataclass
class SideBySide:
    """Tables next to each other, tops aligned."""

    tables: Sequence[StatsTable]

    def to_rich(self) -> Table:
        grid = Table.grid(padding=(0, _GAP))
        for _ in self.tables:
            grid.add_column(vertical="top")
        grid.add_row(*(t.to_rich() for t in self.tables))
        return grid


Block = Text | StatsTable | SideBySide


def to_rich(blocks: Sequence[Block]) -> RenderableType:
    return Group(*(b if isinstance(b, Text) else b.to_rich() for b in blocks))


def plain_lines(console: Console, blocks: Sequence[Block]) -> list[str]:
    """The lines rich would print for `blocks` at a width nothing wraps at, each padded to its
    block's width (the caller strips trailing blanks, as it does for rich's output)."""
    options = console.options
    if options.legacy_windows or options.ascii_only:
        raise Unsupported("rich would substitute the box characters")
    lines: list[str] = []
    for b in blocks:
        if isinstance(b, Text):
            text_lines = b.plain.split("\n")
            for line in text_lines:
                _check(line, edges=False)
            lines += text_lines
        elif isinstance(b, StatsTable):
            lines += _table_lines(console, b)[0]
        else:
            lines += _side_by_side_lines(console, b)
    return lines


def _check(text: str, edges: bool = True) -> None:
    # isprintable() is False for tabs, newlines and other controls, which rich expands or splits.
    if not text.isprintable() or (edges and text != text.strip()):
        raise Unsupported(f"cannot lay out {text!r} without rich")


def _table_lines(console: Console, t: StatsTable, wrap_title: bool = True) -> tuple[list[str], int]:
    """The table's lines, each `width` cells wide, and that width."""
    n = len(t.headers)
    texts: list[Sequence[str]] = [t.headers, *([text for text, _ in row] for row in t.rows)]
    content = [0] * n
    for row in texts:
        for i, text in enumerate(row):
            _check(text)
            w = cell_len(text)
            if w > content[i]:
                content[i] = w
    # pad_edge=False: one blank each side of a cell, except at the table's outer edges.
    widths = [w + (i > 0) + (i < n - 1) for i, w in enumerate(content)]
    if not all(widths):
        # a column of nothing, padding included: rich widens it to 1 in some places only
        raise Unsupported("an empty column at the table's edge")
    table_width = sum(widths) + 2 + (n - 1)
    blank = " " * table_width
    right = [i >= t.numeric_from for i in range(n)]

    def row_line(row: Sequence[str]) -> str:
        cells = []
        for i, text in enumerate(row):
            fill = " " * (content[i] - cell_len(text))
            cell = fill + text if right[i] else text + fill
            cells.append((" " if i > 0 else "") + cell + (" " if i < n - 1 else ""))
        return " " + " ".join(cells) + " "

    if t.title and not wrap_title and cell_len(t.title) > table_width:
        # rich crops such a title side by side (overflow inside the grid's cell): not copied here
        raise Unsupported("a title wider than its table, side by side")
    lines = _title_lines(console, t.title, table_width) if t.title else []
    lines += [blank, row_line(texts[0]), " " + "─" * (table_width - 2) + " "]
    last = len(t.rows) - 1
    for i, row in enumerate(texts[1:]):
        lines.append(row_line(row))
        if i in t.section_ends and i != last:
            lines.append(blank)
    lines.append(blank)
    return lines, table_width


def _title_lines(console: Console, title: str, width: int) -> list[str]:
    _check(title)
    if cell_len(title) <= width:
        return [title + " " * (width - cell_len(title))]
    # A title wider than its table wraps at the table's width: rich's word wrapping, for one line.
    options = console.options.update(width=width, justify="left")
    rendered = console.render_lines(Text(title, style=_TITLE_STYLE), options, pad=True)
    return ["".join(segment.text for segment in line) for line in rendered]


def _side_by_side_lines(console: Console, s: SideBySide) -> list[str]:
    laid_out = [_table_lines(console, t, wrap_title=False) for t in s.tables]
    columns = [lines for lines, _ in laid_out]
    widths = [width for _, width in laid_out]
    height = max(len(c) for c in columns)
    lines = []
    for row in range(height):
        parts = []
        for i, (col, w) in enumerate(zip(columns, widths, strict=True)):
            cell = col[row] if row < len(col) else " " * w
            parts.append(cell + (" " * _GAP if i < len(columns) - 1 else ""))
        lines.append("".join(parts))
    return lines
