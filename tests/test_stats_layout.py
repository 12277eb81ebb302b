"""The plain layout of `cjm stats` text tables writes, in a pipe, the bytes rich writes.

`cjm.stats.report.layout` lays tables out as fixed-width columns instead of asking rich to
measure and render every cell (the bulk of `cjm stats` time on big workspaces). These tests
render the same blocks both ways — the plain layout and rich's own rendering, which the text
reporter used before and still uses for what the plain layout refuses — and compare them.
"""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from cjm.stats.report.layout import Block, SideBySide, StatsTable, Unsupported, plain_lines
from cjm.stats.report.text import _rich_lines


def _console() -> Console:
    return Console(file=io.StringIO(), highlight=False, emoji=False, markup=False)


def _both(blocks: list[Block]) -> tuple[str, str]:
    """The blocks as the plain layout writes them and as rich does, trailing blanks stripped."""
    plain = [line.rstrip() for line in plain_lines(_console(), blocks)]
    rich = [line.rstrip() for line in _rich_lines(_console(), [blocks])]
    return "\n".join(plain), "\n".join(rich)


def _counts(title: str, rows: list[tuple[str, int]]) -> StatsTable:
    table = StatsTable(title, ("channel", "touchpoints"))
    for key, n in rows:
        table.add_row((key, ""), (str(n), ""))
    return table


def test_a_table_with_a_total_section_matches_rich():
    table = StatsTable("Stages", ("stage", "touchpoints", "emotion", "", "target"))
    table.add_row(("Awareness", ""), ("12", ""), ("3.25", "yellow"), ("██████░░░░", "yellow"), ("–", "dim"))
    table.add_row(("Purchase", ""), ("·", "bold red"), ("–", "dim"), ("", ""), ("4.00", "green"))
    table.add_section()
    table.add_row(("all touchpoints", "bold"), ("12", "bold"), ("3.25", ""), ("", ""), ("4.00", ""))
    plain, rich = _both([Text("journey  Title"), Text(""), table])
    assert plain == rich
    assert " all touchpoints" in plain


def test_a_title_wider_than_its_table_wraps_as_rich_wraps_it():
    table = StatsTable("Persona × stage (touchpoints) of a tiny journey", ("p", "A", "total"))
    table.add_row(("x", ""), ("1", ""), ("1", ""))
    plain, rich = _both([table])
    assert plain == rich
    assert plain.splitlines()[:2] == ["Persona × stage", "(touchpoints)"]


def test_side_by_side_tables_of_different_heights_match_rich():
    left = _counts("By channel", [("web", 3), ("email", 2), ("a-very-long-channel-name", 1)])
    right = _counts("By owner", [("sales", 6)])
    plain, rich = _both([SideBySide((left, right))])
    assert plain == rich
    assert plain.splitlines()[0].startswith("By channel" + " " * 30)


def test_empty_tables_wide_characters_and_an_untitled_table_match_rich():
    empty = _counts("By channel", [])
    wide = _counts("顧客の声", [("電話", 12), ("web", 3)])
    untitled = StatsTable("", ("stage", "events", "conversion"))
    untitled.add_row(("Trial", ""), ("2071", ""), ("<5", ""))
    plain, rich = _both([empty, SideBySide((wide, empty)), untitled])
    assert plain == rich
    assert "電話" in plain


def test_a_table_of_one_empty_column_is_left_to_rich():
    with pytest.raises(Unsupported):
        plain_lines(_console(), [StatsTable("", ("",))])


@pytest.mark.parametrize("text", ["tab\there", "trailing ", " leading", "new\nline"])
def test_what_the_plain_layout_cannot_copy_exactly_is_left_to_rich(text):
    with pytest.raises(Unsupported):
        plain_lines(_console(), [_counts("By channel", [(text, 1)])])


_cell = st.text(st.characters(codec="utf-8", categories=("L", "N", "P", "S")), max_size=12).map(str.strip)


@settings(max_examples=60, deadline=None)
@given(
    title=_cell,
    # cjm's first column always has a header; the bar column's may be empty
    headers=st.tuples(_cell.filter(bool), st.lists(_cell, max_size=3)).map(lambda h: [h[0], *h[1]]),
    rows=st.lists(st.lists(_cell, min_size=4, max_size=4), max_size=4),
    numeric_from=st.integers(0, 4),
    section=st.booleans(),
)
def test_any_table_of_printable_cells_matches_rich(title, headers, rows, numeric_from, section):
    table = StatsTable(title, headers, numeric_from)
    for i, row in enumerate(rows):
        if section and i == len(rows) - 1:
            table.add_section()
        table.add_row(*((text, "") for text in row[: len(headers)]))
    plain, rich = _both([table])
    assert plain == rich
    side_by_side = [SideBySide((table, _counts("By owner", [("sales", 1)])))]
    try:
        plain, rich = _both(side_by_side)
    except Unsupported:
        # side by side, rich crops a title wider than its table; the reporter leaves that to rich
        assert cell_len(title) > len(plain_lines(_console(), [table])[-1])
    else:
        assert plain == rich


def test_an_output_that_is_not_utf8_is_left_to_rich_which_draws_the_box_in_ascii():
    ascii_out = io.TextIOWrapper(io.BytesIO(), encoding="ascii")
    console = Console(file=ascii_out, highlight=False, emoji=False, markup=False)
    with pytest.raises(Unsupported):
        plain_lines(console, [_counts("By channel", [("web", 1)])])
