"""`cjm export csv`: a journey's touchpoints as rows, written as RFC 4180 CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from ..model import Journey, Touchpoint
from .cells import (
    COLUMNS,
    FIELD,
    ID_LISTS,
    NUMBER_MAPS,
    SCORE_MAPS,
    TEXT_LISTS,
    escape_formula,
    format_number,
    join_items,
)


def journey_to_rows(journey: Journey) -> list[list[str]]:
    """The journey's touchpoints as a sheet: the `COLUMNS` header, then one row each."""
    rows = [list(COLUMNS)]
    for tp in journey.touchpoints:
        rows.append([escape_formula(_cell(tp, column)) for column in COLUMNS])
    return rows


def write_csv(rows: Iterable[Sequence[str]], *, bom: bool = False) -> str:
    """RFC 4180 text (CRLF line ends, quotes only where needed); `bom` for Excel on Windows,
    which reads BOM-less CSV as the local ANSI code page and garbles every accent."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return ("\ufeff" if bom else "") + out.getvalue()


def _cell(tp: Touchpoint, column: str) -> str:
    value = getattr(tp, FIELD[column])
    if value is None:
        return ""
    if column in TEXT_LISTS:
        return join_items(value)
    if column in ID_LISTS:
        return "; ".join(value)
    if column in NUMBER_MAPS or column in SCORE_MAPS:
        return join_items([f"{name}={format_number(number)}" for name, number in value.items()])
    return str(value)
