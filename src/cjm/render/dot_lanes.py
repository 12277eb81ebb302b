"""The map's lanes under the stage headers: the emotion curve and the backstage, per sub-column.

Graphviz cannot draw a free curve across a ranked layout, so the emotion lane is a small dot
chart in an HTML-like table: one column per touchpoint (numbered as on the cards), one row
per score, a filled dot at the current emotion and a ring at a differing target. Under it,
one strip per persona with `emotions:` scores, each cell the score on its emotion colour, as
the report's small multiples do. Every lane of a map has the same fixed height, so the lanes
line up across stages into one band that reads left to right like the report's rows.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import Persona, Touchpoint
from .common import EMOTION_STRONG, INK, MUTED, NO_EMOTION_FILL, emotion_fill, short_name, wrap
from .dot_markup import _font, _h
from .persona_curves import PALETTE

LABEL_WIDTH = 46  # the left column: score levels, persona names
TITLE_ROW = 13
LEVEL_ROW = 10
NUMBER_ROW = 11
PERSONA_ROW = 13
BACKSTAGE_LINE = 10
BACKSTAGE_CHARS = 44
BACKSTAGE_MAX_LINES = 8
LANE_FILL = "#ffffff"
NEUTRAL_ROW = "#f3f4f6"  # the score-3 row, faintly, so the curve has a midline
TARGET = "#6b7280"


@dataclass(frozen=True)
class LanePersona:
    """A persona with a strip in the emotion lane: its display name and its colour."""

    id: str
    name: str
    color: str


def lane_personas(
    persona_ids: Sequence[str], personas: dict[str, Persona], touchpoints: Sequence[Touchpoint]
) -> list[LanePersona]:
    """The personas with at least one `emotions:` score, in the journey's order; the colour
    is the one the report gives the persona (its index among the journey's personas)."""
    scored = {p for tp in touchpoints for p in tp.emotions}
    return [
        LanePersona(pid, short_name(personas.get(pid, Persona(id=pid))), PALETTE[k % len(PALETTE)])
        for k, pid in enumerate(persona_ids)
        if pid in scored
    ]


def has_emotion_lane(touchpoints: Sequence[Touchpoint]) -> bool:
    return any(tp.emotion is not None or tp.emotions for tp in touchpoints)


def emotion_lane_height(personas: Sequence[LanePersona]) -> int:
    return TITLE_ROW + 5 * LEVEL_ROW + NUMBER_ROW + PERSONA_ROW * len(personas) + 4


def emotion_lane(
    placed: Sequence[tuple[int, Touchpoint]], personas: Sequence[LanePersona], width: int, *, title: bool
) -> str:
    """The emotion chart of one sub-column's touchpoints (`placed`: number, touchpoint)."""
    n = max(1, len(placed))
    cell = max(8, min(40, (width - LABEL_WIDTH - 4) // n))
    # A filler cell takes the rest of the lane's width, so the chart starts at the left edge
    # (Graphviz centres cells that do not fill their table).
    rest = width - LABEL_WIDTH - n * cell - (n + 3)
    filler = f'<TD FIXEDSIZE="TRUE" WIDTH="{rest}" HEIGHT="{{h}}"></TD>' if rest > 0 else ""
    span = n + 1 + (1 if filler else 0)

    def fixed(w: int, h: int, content: str = "", *, bg: str | None = None, align: str = "CENTER") -> str:
        fill = f' BGCOLOR="{bg}"' if bg else ""
        return f'<TD FIXEDSIZE="TRUE" WIDTH="{w}" HEIGHT="{h}" ALIGN="{align}"{fill}>{content}</TD>'

    heading = ""
    if title:
        heading = (
            f"{_font('EMOTION', 7, MUTED, bold=True)}  {_font('&#9679;', 7, INK)} {_font('now', 7, MUTED)}"
            f"  {_font('&#9675;', 7, TARGET)} {_font('target', 7, MUTED)}"
        )
    rows = [f'<TR><TD COLSPAN="{span}" ALIGN="LEFT" HEIGHT="{TITLE_ROW}">{heading}</TD></TR>']
    for level in range(5, 0, -1):
        bg = NEUTRAL_ROW if level == 3 else None
        mark = _font(str(level), 6.5, MUTED) if level in (5, 3, 1) else ""
        cells = [fixed(LABEL_WIDTH, LEVEL_ROW, mark, bg=bg, align="RIGHT")]
        for _, tp in placed or [(0, None)]:
            content = ""
            if tp is not None and tp.emotion == level:
                content = _font("&#9679;", 8, EMOTION_STRONG[level])
            elif tp is not None and tp.target_emotion == level and tp.emotion is not None:
                content = _font("&#9675;", 8, TARGET)
            shade = bg
            if tp is not None and tp.emotion is not None and min(tp.emotion, 3) <= level <= max(tp.emotion, 3):
                # A bar from the midline to the score, in the card's fill: above neutral
                # reads as good, below as bad, and the dots' tops trace the curve.
                shade = emotion_fill(tp.emotion) if tp.emotion != 3 else bg
            cells.append(fixed(cell, LEVEL_ROW, content, bg=shade))
        rows.append(f"<TR>{''.join(cells)}{filler.format(h=LEVEL_ROW)}</TR>")
    numbers = [fixed(LABEL_WIDTH, NUMBER_ROW)]
    if not placed:
        numbers.append(fixed(cell, NUMBER_ROW))
    # A number wider than its column labels a group of columns (the group's first), so
    # crowded stages stay legible: "#41" over three columns rather than overlapping digits.
    step = max(1, math.ceil((3.4 * len(f"#{placed[-1][0]}") + 2) / (cell + 1))) if placed else 1
    for k in range(0, len(placed), step):
        group = placed[k : k + step]
        w = len(group) * (cell + 1) - 1
        label = _font(f"#{group[0][0]}", 6, MUTED)
        numbers.append(
            f'<TD COLSPAN="{len(group)}" FIXEDSIZE="TRUE" WIDTH="{w}" HEIGHT="{NUMBER_ROW}" ALIGN="{"CENTER" if step == 1 else "LEFT"}">{label}</TD>'
        )
    rows.append(f"<TR>{''.join(numbers)}{filler.format(h=NUMBER_ROW)}</TR>")
    for persona in personas:
        name = wrap(persona.name, 9, 1)[0]
        strip = [fixed(LABEL_WIDTH, PERSONA_ROW, _font(_h(name), 7, persona.color, bold=True), align="LEFT")]
        for _, tp in placed or [(0, None)]:
            score = tp.emotions.get(persona.id) if tp is not None else None
            if score is None:
                strip.append(fixed(cell, PERSONA_ROW, _font("&#183;", 7, MUTED), bg=NO_EMOTION_FILL))
            else:
                strip.append(fixed(cell, PERSONA_ROW, _font(str(score), 7.5, INK, bold=True), bg=emotion_fill(score)))
        rows.append(f"<TR>{''.join(strip)}{filler.format(h=PERSONA_ROW)}</TR>")
    return (
        f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="1" CELLPADDING="0" BGCOLOR="{LANE_FILL}" STYLE="ROUNDED" '
        f'WIDTH="{width}" HEIGHT="{emotion_lane_height(personas)}">{"".join(rows)}</TABLE>>'
    )


def backstage_lines(placed: Sequence[tuple[int, Touchpoint]]) -> list[str]:
    """One sub-column's backstage, each item after its touchpoint's number, wrapped."""
    lines: list[str] = []
    for number, tp in placed:
        for item in tp.backstage:
            lines += wrap(f"#{number} {item}", BACKSTAGE_CHARS, 3)
    return lines


def backstage_line_count(groups: Sequence[Sequence[tuple[int, Touchpoint]]]) -> int:
    """The lines every backstage lane of the map gets: the longest, up to a cap."""
    return min(BACKSTAGE_MAX_LINES, max((len(backstage_lines(g)) for g in groups), default=0))


def backstage_height(lines: int) -> int:
    return TITLE_ROW + BACKSTAGE_LINE * max(1, lines) + 8


def backstage_lane(placed: Sequence[tuple[int, Touchpoint]], lines: int, width: int, *, title: bool) -> str:
    """What the organisation does behind one sub-column's touchpoints, below the line of
    visibility: dashed, like the report's backstage row. Beyond `lines`, "+n more"."""
    text = backstage_lines(placed)
    if len(text) > lines:
        hidden = len(text) - (lines - 1)
        text = [*text[: lines - 1], f"+{hidden} more line{'s' if hidden != 1 else ''} (see the report)"]
    if placed and not text:
        text = ["none"]
    heading = _font("BACKSTAGE", 7, MUTED, bold=True) if title else ""
    ink = MUTED if text == ["none"] else INK
    body = "".join(f'<TR><TD ALIGN="LEFT" HEIGHT="{BACKSTAGE_LINE}">{_font(_h(t), 7, ink)}</TD></TR>' for t in text)
    return (
        f'<<TABLE BORDER="1" COLOR="#98a2b3" STYLE="ROUNDED,DASHED" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1" '
        f'BGCOLOR="{LANE_FILL}" WIDTH="{width}" HEIGHT="{backstage_height(lines)}">'
        f'<TR><TD ALIGN="LEFT" HEIGHT="{TITLE_ROW}">{heading}</TD></TR>{body}<TR><TD></TD></TR></TABLE>>'
    )
