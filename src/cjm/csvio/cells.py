"""The shared cell conventions of export and import: columns, list cells, numbers, formula escaping."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from ..hints import slugify

COLUMNS: tuple[str, ...] = (
    "id",
    "stage",
    "touchpoint",
    "channel",
    "personas",
    "owner",
    "customer_action",
    "emotion",
    "emotions",
    "target_emotion",
    "feeling",
    "pain_points",
    "opportunities",
    "metrics",
    "targets",
    "backstage",
    "next",
    "description",
)
"""The columns export writes and import reads, in FORMAT.md's touchpoint key order."""


FIELD = {column: ("name" if column == "touchpoint" else column) for column in COLUMNS}


TEXT_LISTS = frozenset({"pain_points", "opportunities", "backstage"})


ID_LISTS = frozenset({"personas", "next"})


NUMBER_MAPS = frozenset({"metrics", "targets"})


SCORES = frozenset({"emotion", "target_emotion"})


SCORE_MAPS = frozenset({"emotions"})
"""Cells of `persona=score` items: `site-supervisor=4; facilities-manager=2`."""


FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


_NEEDS_QUOTE = re.compile(r"'*[=+\-@\t\r]")


_QUOTED = re.compile(r"'+[=+\-@\t\r]")


MAX_ID_LENGTH = 40
HEADER_SEARCH_ROWS = 10  # a title row or two may sit above the header


_SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")


def escape_formula(cell: str) -> str:
    """Prefix `'` to a cell a spreadsheet would run as a formula (see the module docstring)."""
    return "'" + cell if _NEEDS_QUOTE.match(cell) else cell


def unescape_formula(cell: str) -> str:
    """The inverse of `escape_formula` (also exact for cells it did not change)."""
    return cell[1:] if _QUOTED.match(cell) else cell


def join_items(items: Sequence[str]) -> str:
    """A list cell: `; `-separated, `;` inside an item doubled, and a trailing `;` when an
    item holds a line break (otherwise import would read each line as an item)."""
    cell = "; ".join(item.replace(";", ";;") for item in items)
    if any(_has_line_break(item) for item in items):
        cell += ";"
    return cell


def _has_line_break(text: str) -> bool:
    return len(text.splitlines()) > 1 or text.endswith(("\n", "\r"))


def format_number(value: float) -> str:
    """Shortest text that reads back as the same number: `148`, not `148.0`."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return repr(value) if isinstance(value, float) else str(value)


def as_id(text: str) -> str:
    """An id cell as an id: kept when it already is one (`0-` included), else `slugify`d."""
    return text if _SLUG.fullmatch(text) and len(text) <= 128 else slugify(text)


def split_items(cell: str) -> list[str]:
    """A list cell's items (the inverse of `join_items`; see the module docstring)."""
    cell = cell.strip()
    if not cell.endswith(";") and _has_line_break(cell):
        return [item.strip() for item in cell.splitlines() if item.strip()]
    items: list[str] = []
    current: list[str] = []
    i = 0
    while i < len(cell):
        if cell.startswith(";;", i):
            current.append(";")
            i += 2
        elif cell[i] == ";":
            items.append("".join(current))
            current = []
            i += 1
        else:
            current.append(cell[i])
            i += 1
    items.append("".join(current))
    return [item.strip() for item in items if item.strip()]


def split_ids(cell: str) -> list[str]:
    return [part.strip() for part in re.split(r"[;,\n\r]", cell) if part.strip()]


def parse_number(text: str) -> float | int | None:
    percent = text.endswith("%")
    try:
        value = float(text.removesuffix("%").replace(",", "") if percent else text)
    except ValueError:
        return None
    if math.isnan(value):
        return None
    if percent:
        value /= 100
    return int(value) if value.is_integer() and abs(value) < 1e16 and not percent else value


# Header synonyms seen in CX teams' sheets, after `header_key` normalisation (lower case,
# parenthesised hints such as "(1-5)" dropped, other punctuation as `_`).
SYNONYMS: dict[str, str] = {
    **{c: c for c in COLUMNS},
    "touchpoint_id": "id",
    "tp_id": "id",
    "key": "id",
    "journey_stage": "stage",
    "stage_name": "stage",
    "phase": "stage",
    "name": "touchpoint",
    "touchpoint_name": "touchpoint",
    "touch_point": "touchpoint",
    "touchpoints": "touchpoint",
    "step": "touchpoint",
    "moment": "touchpoint",
    "channels": "channel",
    "medium": "channel",
    "persona": "personas",
    "persona_ids": "personas",
    "who": "personas",
    "stakeholders": "personas",
    "team": "owner",
    "department": "owner",
    "owning_team": "owner",
    "responsible": "owner",
    "action": "customer_action",
    "customer_actions": "customer_action",
    "customer_does": "customer_action",
    "what_the_customer_does": "customer_action",
    "doing": "customer_action",
    "emotion_score": "emotion",
    "current_emotion": "emotion",
    "sentiment": "emotion",
    "score": "emotion",
    "target": "target_emotion",
    "target_score": "target_emotion",
    "desired_emotion": "target_emotion",
    "feelings": "feeling",
    "mood": "feeling",
    "pain_point": "pain_points",
    "pains": "pain_points",
    "pain": "pain_points",
    "frictions": "pain_points",
    "opportunity": "opportunities",
    "ideas": "opportunities",
    "improvements": "opportunities",
    "metric": "metrics",
    "kpi": "metrics",
    "kpis": "metrics",
    "metric_targets": "targets",
    "kpi_targets": "targets",
    "backstage_actions": "backstage",
    "behind_the_scenes": "backstage",
    "next_touchpoints": "next",
    "leads_to": "next",
    "followed_by": "next",
    "notes": "description",
    "details": "description",
}


def header_key(cell: str) -> str:
    text = re.sub(r"\([^)]*\)", " ", cell.strip().lower())
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")


def column_label(header: Sequence[str], index: int) -> str:
    letters = ""
    n = index + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    title = header[index].strip() if index < len(header) else ""
    return f"{letters} '{title}'" if title else letters
