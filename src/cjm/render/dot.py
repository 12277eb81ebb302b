"""Journey diagrams as Graphviz DOT (`map` and `flow` views), and running `dot` on them.

Every piece of journey text reaches DOT in one of two ways, both escaped here:
- inside HTML-like labels, through `_h()` (XML entities, XML-invalid characters dropped,
  backslashes doubled), so `<`, `>`, `&`, quotes, braces and backslashes are plain
  characters to Graphviz;
- as tooltips, through `_tooltip()` (the same entities; `graphviz.nohtml` so the package
  never takes one for an HTML string), inside a string the graphviz package quotes.
So journey text never reaches the DOT source with a raw `<`, `>` or `"`.
Node and cluster names are built from ids, which the format restricts to slugs.
"""

from __future__ import annotations

import itertools
import math
import re
import shutil
import subprocess
from collections.abc import Sequence
from typing import Literal

import graphviz

from ..errors import UserError
from ..model import Journey, Persona, Touchpoint
from .common import (
    CHANNEL_GLYPH,
    DEFAULT_GLYPH,
    EMOTION_STRONG,
    EMOTION_WORD,
    INK,
    MUTED,
    NO_EMOTION_STRONG,
    PAIN,
    PHASE_COLOR,
    PHASE_LABEL,
    StageColumn,
    clean,
    emotion_fill,
    emotion_strong,
    for_persona,
    glyph,
    numbered,
    short_name,
    stage_columns,
    wrap,
)
from .dot_lanes import (
    backstage_lane,
    backstage_line_count,
    emotion_lane,
    emotion_lane_height,
    has_emotion_lane,
    lane_personas,
)
from .dot_markup import _font, _h, _lines, _xml
from .evidence import (
    DESIGNED,
    MEASURED_INK,
    UNDESIGNED,
    UNOBSERVED,
    ObservedEdge,
    count,
    number,
    observed_edges,
    pct,
    peak_accounts,
    stamp,
)

View = Literal["map", "flow"]
VIEWS: tuple[View, ...] = ("map", "flow")
FORMATS = ("svg", "png", "pdf", "dot")
FONT = "Helvetica,Arial,sans-serif"
# Helvetica resolves to a metric-compatible font on every platform (Liberation Sans on
# Linux), so the text widths dot measures here match what a viewer draws elsewhere.
CARD_WIDTH = 220
NAME_CHARS = 35
CARD_HEIGHT_PT = 86  # a typical card, for choosing how many rows a stage column holds
COLUMN_PITCH_PT = CARD_WIDTH + 34
TARGET_ASPECT = 1.6
LEGEND_WIDTH_PT = 640
TITLE_LINES = 6  # a title longer than this (some 300 characters) is cut with an ellipsis
STAGE_TITLE_LINES = 4
FLOW_ROW = 6  # cards per row in a busy flow stage
FLOW_NATURAL_MAX = (
    4  # stages with more touchpoints than this are laid out in rows  # wide, like a slide or A3 landscape
)
# PDF pages (`-f pdf --page`), landscape, in inches: A4, and a 16:9 slide (PowerPoint's and
# Google Slides' widescreen size). `none` keeps the drawing's natural size, a poster.
PAGES: dict[str, tuple[float, float] | None] = {"a4": (11.69, 8.27), "slide": (13.333, 7.5), "none": None}
DEFAULT_PAGE = "a4"
PAGE_PAD_IN = 1.0  # dot adds the graph's pad (and a border) outside `size`: keep them on the page
BACKWARD = "#c2410c"
FORWARD = "#334155"
WITHIN = "#94a3b8"
IMPLIED = "#b6bdc8"


def render_dot(
    journey: Journey,
    personas: Sequence[Persona],
    view: View = "map",
    persona: str | None = None,
    *,
    measured: bool = False,
) -> str:
    """The DOT source of a journey diagram.

    `map`: stages as ordered columns, touchpoints as cards coloured by emotion.
    `flow`: the `next` graph of touchpoints, grouped by stage.
    `persona`: keep only that persona's touchpoints (ValueError if the journey has no such persona).
    `measured`: draw the journey's `measured:` figures (reach on the cards; on the flow, the
    observed transitions by accounts, with undesigned and unobserved edges marked); a
    journey without them is drawn as without the flag.
    """
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}; expected one of {', '.join(VIEWS)}")
    by_id = {p.id: p for p in personas}
    focus: Persona | None = None
    if persona is not None:
        if persona not in journey.persona_ids:
            raise ValueError(f"persona {persona!r} is not one of the personas of journey {journey.id!r}")
        focus = by_id.get(persona, Persona(id=persona))
        journey = for_persona(journey, persona)
    measured = measured and journey.measured is not None
    graph = _base_graph(journey, view)
    columns = stage_columns(journey)
    numbers = numbered(columns)
    if view == "map":
        width = _map(graph, journey, columns, numbers, by_id, focus, measured) * COLUMN_PITCH_PT
    else:
        _flow(graph, journey, columns, numbers, by_id, focus, measured)
        width = min(FLOW_ROW, max(1, *(len(c.touchpoints) for c in columns))) * (CARD_WIDTH + 22)
    # The legend's emotion row is about LEGEND_WIDTH_PT wide: the drawing is never narrower.
    graph.attr(label=_header(journey, columns, view, focus, measured, width=max(width, LEGEND_WIDTH_PT)))
    return graph.source


def _base_graph(journey: Journey, view: View) -> graphviz.Digraph:
    graph = graphviz.Digraph(name=f"{view}", engine="dot")
    graph.attr(
        # The map reads left to right like a timeline; the flow top to bottom like a flowchart,
        # which suits wide cards and keeps long journeys from becoming a strip.
        rankdir="LR" if view == "map" else "TB",
        newrank="true",
        fontname=FONT,
        bgcolor="white",
        pad="0.4",
        nodesep="0.16" if view == "map" else "0.3",
        ranksep="0.28" if view == "map" else "0.55",
        labelloc="t",
        labeljust="l",
        compound="true",
        # The map's order must come from the file, not from crossing minimisation.
        ordering="out",
        splines="spline" if view == "flow" else "false",
        outputorder="edgesfirst",
    )
    graph.attr("node", shape="plain", fontname=FONT, fontsize="10", fontcolor=INK)
    graph.attr("edge", fontname=FONT, fontsize="8", color=WITHIN, arrowsize="0.6")
    return graph


# --- HTML-like label pieces --------------------------------------------------------------------


def _tooltip(*parts: str) -> str:
    """A plain-text tooltip (SVG hover text), each part on its own line.

    Markup characters become XML entities, which Graphviz copies into the SVG as they are.
    Backslashes become the look-alike U+29F5: Graphviz (2.43) expands escape sequences in
    tooltips twice, so no amount of doubling is right for every version.
    """
    return graphviz.nohtml(r"\n".join(_xml(p).replace("\\", "\u29f5") for p in parts if clean(p)))


def _card(
    tp: Touchpoint,
    number: int,
    personas: dict[str, Persona],
    show_personas: bool,
    measured: bool = False,
) -> str:
    """A touchpoint as a card: channel, number and pain flag; name; emotion; owner, personas;
    with `measured`, its reach (and survey emotion) from `measured:`."""
    fill, border = emotion_fill(tp.emotion), emotion_strong(tp.emotion)
    channel = clean(tp.channel or "no channel").upper()
    top = _font(f"{_h(glyph(tp.channel))}  {_h(channel)}", 7.5, MUTED)
    # The channel cell takes the card's whole spare width (Graphviz would otherwise spread it
    # over all three columns), so the pain flag and the number sit at the right edge.
    number_width = 10 + 5 * len(str(number))
    channel_width = CARD_WIDTH - 30 - number_width - 3 * 2 * 3 - 2
    flag = '<TD FIXEDSIZE="TRUE" WIDTH="30" HEIGHT="16"></TD>'
    if tp.pain_points:
        n = len(tp.pain_points)
        flag = (
            f'<TD BGCOLOR="{PAIN}" STYLE="ROUNDED" FIXEDSIZE="TRUE" WIDTH="30" HEIGHT="16">'
            f"{_font(f'&#9888; {n}', 7.5, 'white', bold=True)}</TD>"
        )
    number_cell = (
        f'<TD ALIGN="RIGHT" FIXEDSIZE="TRUE" WIDTH="{number_width}" HEIGHT="16">{_font(f"#{number}", 7.5, MUTED)}</TD>'
    )
    header = f'<TR><TD ALIGN="LEFT" WIDTH="{channel_width}">{top}</TD>{flag}{number_cell}</TR>'
    name = f'<TR><TD COLSPAN="3" ALIGN="LEFT" BALIGN="LEFT">{_font(_lines(wrap(tp.name, NAME_CHARS, 4)), 10, INK, bold=True)}</TD></TR>'
    rows = [header, name]
    if tp.emotion is not None:
        mood = f"{tp.emotion}/5"
        if tp.feeling:
            mood += f" {clean(tp.feeling)}"
        if tp.target_emotion is not None and tp.target_emotion != tp.emotion:
            mood += f"  → target {tp.target_emotion}"
        dot = _font("&#9679;", 10, border)
        rows.append(f'<TR><TD COLSPAN="3" ALIGN="LEFT">{dot} {_font(_h(mood), 8.5, INK)}</TD></TR>')
    meta = []
    if tp.owner:
        meta.append(f"owner: {tp.owner}")
    if show_personas and tp.personas:
        meta.append(" · ".join(short_name(personas.get(p, Persona(id=p))) for p in tp.personas))
    if meta:
        text = _lines(wrap(" — ".join(meta), 40, 2))
        rows.append(f'<TR><TD COLSPAN="3" ALIGN="LEFT" BALIGN="LEFT">{_font(text, 7.5, MUTED)}</TD></TR>')
    if measured:
        rows.append(f'<TR><TD COLSPAN="3" ALIGN="LEFT">{_reach(tp)}</TD></TR>')
    return (
        f'<<TABLE BORDER="1" COLOR="{border}" CELLBORDER="0" CELLSPACING="0" CELLPADDING="3" '
        f'BGCOLOR="{fill}" STYLE="ROUNDED" WIDTH="{CARD_WIDTH}">{"".join(rows)}</TABLE>>'
    )


def _reach(tp: Touchpoint) -> str:
    """The card's evidence line: accounts reached and share, and the survey emotion."""
    m = tp.measured
    if m is None or m.accounts is None:
        text = "reach not measured (no events:)" if not tp.events else "no accounts measured"
        return _font(_h(text), 7.5, MUTED)
    text = f"{count(m.accounts)} accounts"
    if m.share is not None:
        text += f" · {pct(m.share)}"
    if m.emotion is not None:
        text += f" · surveys {count(m.emotion) if isinstance(m.emotion, str) else f'{m.emotion:.1f}'}/5"
        if m.responses is not None:
            text += f" (n={count(m.responses)})"
    return f"{_font('&#9670;', 8, MEASURED_INK)} {_font(_h(text), 8, MEASURED_INK, bold=True)}"


def _card_tooltip(tp: Touchpoint) -> str:
    parts = [tp.name]
    if tp.customer_action:
        parts.append(f"Customer: {tp.customer_action}")
    parts += [f"Pain: {p}" for p in tp.pain_points]
    parts += [f"Opportunity: {o}" for o in tp.opportunities]
    return _tooltip(*parts)


def _stage_rows(col: StageColumn, with_goal: bool) -> list[tuple[str, float]]:
    """The stage header's rows, each with its height in points (to size headers equally)."""
    stage = col.stage
    phase = stage.phase or ""
    count = len(col.touchpoints)
    facts = f"{count} touchpoint{'s' if count != 1 else ''}"
    if col.mean_emotion is not None:
        facts += f" · mean emotion {col.mean_emotion:.1f}"
    title = wrap(f"{col.number}  {stage.title}", 26, STAGE_TITLE_LINES)
    rows = [
        (
            f'<TR><TD ALIGN="LEFT" BALIGN="LEFT">{_font(_lines(title), 13, INK, bold=True)}</TD></TR>',
            15.5 * len(title),
        )
    ]
    if phase:
        label = _font(_h(PHASE_LABEL.get(phase, phase).upper()), 7.5, PHASE_COLOR.get(phase, MUTED), bold=True)
        rows.append((f'<TR><TD ALIGN="LEFT">{label}</TD></TR>', 10.0))
    if with_goal and stage.customer_goal:
        goal = wrap(f"Goal: {stage.customer_goal}", 40, 3)
        rows.append((f'<TR><TD ALIGN="LEFT" BALIGN="LEFT">{_font(_lines(goal), 8, MUTED)}</TD></TR>', 10.0 * len(goal)))
    rows.append((f'<TR><TD ALIGN="LEFT">{_font(_h(facts), 8, MUTED)}</TD></TR>', 11.0))
    return rows


def _stage_header_height(col: StageColumn) -> int:
    return math.ceil(sum(h for _, h in _stage_rows(col, with_goal=True)) + 6)


def _stage_label(col: StageColumn, height: int | None = None) -> str:
    """The stage header: a fixed-height node on the map, the cluster label on the flow."""
    rows = "".join(r for r, _ in _stage_rows(col, with_goal=height is not None))
    size = f' WIDTH="{CARD_WIDTH}" HEIGHT="{height}" VALIGN="TOP"' if height else ""
    return f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1"{size}>{rows}</TABLE>>'


def _header(
    journey: Journey,
    columns: Sequence[StageColumn],
    view: View,
    focus: Persona | None,
    measured: bool = False,
    *,
    width: float = 1000,
) -> str:
    """The graph label: title, what the diagram shows, and the legend.

    The title wraps to about the drawing's `width` (points), so a long title neither widens
    the map beyond its stages nor runs off: it gets up to TITLE_LINES lines."""
    kind = "Journey map" if view == "map" else "Touchpoint flow"
    sub = [kind]
    if journey.type:
        sub.append(journey.type.replace("-", " "))
    n = len(journey.touchpoints)
    sub.append(f"{n} touchpoint{'s' if n != 1 else ''} in {len(columns)} stage{'s' if len(columns) != 1 else ''}")
    if focus is not None:
        sub.append(f"as experienced by {focus.title}")
    rows = [
        f'<TR><TD ALIGN="LEFT" BALIGN="LEFT">{_font(_lines(wrap(journey.title, _chars(width, 20, bold=True), TITLE_LINES)), 20, INK, bold=True)}</TD></TR>',
        f'<TR><TD ALIGN="LEFT" BALIGN="LEFT">{_font(_lines(wrap(" · ".join(sub), _chars(width, 10))), 10, MUTED)}</TD></TR>',
        '<TR><TD HEIGHT="6"></TD></TR>',
    ]
    # Legend rows are plain text cells: Graphviz stretches a nested table to the width of its
    # cell, which would spread the legend across the whole title.
    gap = "&#160;" * 4
    emotion = [_font("EMOTION", 7.5, MUTED, bold=True)]
    for score in range(1, 6):
        emotion.append(
            f"{_font('&#9632;', 12, EMOTION_STRONG[score])} {_font(f'{score} {EMOTION_WORD[score]}', 8, INK)}"
        )
    emotion.append(f"{_font('&#9633;', 12, NO_EMOTION_STRONG)} {_font('not scored', 8, INK)}")
    emotion.append(f"{_font('&#9888;', 10, PAIN)} {_font('n pain points', 8, INK)}")
    rows.append(f'<TR><TD ALIGN="LEFT">{gap.join(emotion)}</TD></TR>')
    has_next = any(tp.next for tp in journey.touchpoints)
    if measured and journey.measured is not None:
        st = stamp(journey.measured)
        when = f"Measured {st.text} · {count(journey.measured.accounts)} accounts"
        if journey.measured.conformance is not None:
            when += f" · {pct(journey.measured.conformance)} of transitions follow next:"
        rows.append(
            f'<TR><TD ALIGN="LEFT">{_font("MEASURED", 7.5, MEASURED_INK, bold=True)}{gap}{_font(_h(when), 8, INK)}</TD></TR>'
        )
    if view == "flow" and measured:
        edges = [_font("OBSERVED", 7.5, MUTED, bold=True)]
        for color, line, text in (
            (DESIGNED, "&#9473;&#9473;&#9654;", "designed and observed (width = accounts)"),
            (UNDESIGNED, "&#9473;&#9473;&#9654;", "observed, not designed"),
            (UNOBSERVED, "&#9476;&#9476;&#9654;", "designed, never observed"),
        ):
            edges.append(f"{_font(line, 9, color)} {_font(text, 8, INK)}")
        rows.append(f'<TR><TD ALIGN="LEFT">{gap.join(edges)}</TD></TR>')
    elif view == "flow" and not has_next:
        note = "This journey has no next edges: stages follow each other in order, touchpoints in file order."
        rows.append(f'<TR><TD ALIGN="LEFT">{_font("NEXT", 7.5, MUTED, bold=True)}{gap}{_font(note, 8, INK)}</TD></TR>')
    elif view == "flow":
        edges = [_font("NEXT", 7.5, MUTED, bold=True)]
        for color, line, text in (
            (WITHIN, "&#9472;&#9472;&#9654;", "same stage"),
            (FORWARD, "&#9472;&#9472;&#9654;", "to a later stage"),
            (BACKWARD, "&#9476;&#9476;&#9654;", "back to an earlier stage"),
        ):
            edges.append(f"{_font(line, 9, color)} {_font(text, 8, INK)}")
        rows.append(f'<TR><TD ALIGN="LEFT">{gap.join(edges)}</TD></TR>')
    channels = sorted({tp.channel for tp in journey.touchpoints if tp.channel})
    if channels:
        cells = [_font("CHANNELS", 7.5, MUTED, bold=True)]
        cells += [f"{_font(_h(CHANNEL_GLYPH.get(c, DEFAULT_GLYPH)), 10, INK)} {_font(_h(c), 8, INK)}" for c in channels]
        rows.append(f'<TR><TD ALIGN="LEFT">{gap.join(cells)}</TD></TR>')
    rows.append('<TR><TD HEIGHT="8"></TD></TR>')
    return f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="2">{"".join(rows)}</TABLE>>'


def _chars(width: float, size: float, *, bold: bool = False) -> int:
    """How many characters of `size`-point text fit in `width` points (Helvetica averages a
    little over half its size per character, bold text about 0.62 of it: measured in dot)."""
    return max(28, min(110, int(width / (size * (0.62 if bold else 0.52)))))


def _cluster_attrs(col: StageColumn, view: View) -> dict[str, str]:
    return {
        "label": _stage_label(col) if view == "flow" else "",
        "style": "rounded,filled",
        "fillcolor": "#f5f7fa" if col.number % 2 else "#eef1f5",
        "color": "#d5dbe3",
        "penwidth": "1",
        "margin": "12",
        "labeljust": "l",
        "labelloc": "t",
    }


# --- map view ----------------------------------------------------------------------------------


def _rows_per_column(columns: Sequence[StageColumn], band_height: float = 120) -> int:
    """How many cards a stage column holds before it wraps into another column.

    Chosen so the whole map comes out close to TARGET_ASPECT: a long journey grows in both
    directions instead of into a strip metres long.
    """
    tallest = max(1, *(len(c.touchpoints) for c in columns))
    best, best_score = tallest, math.inf
    for rows in range(min(4, tallest), tallest + 1):
        width = sum(max(1, math.ceil(len(c.touchpoints) / rows)) for c in columns) * COLUMN_PITCH_PT
        height = rows * CARD_HEIGHT_PT + band_height
        score = abs(math.log((width / height) / TARGET_ASPECT))
        if score < best_score - 1e-9:
            best, best_score = rows, score
    return max(1, best)


def _map(
    graph: graphviz.Digraph,
    journey: Journey,
    columns: Sequence[StageColumn],
    numbers: dict[str, int],
    personas: dict[str, Persona],
    focus: Persona | None,
    measured: bool = False,
) -> int:
    """Draw the map; return how many sub-columns it has (its width in columns)."""
    emotion = has_emotion_lane(journey.touchpoints)
    # The colours follow the report's: by the persona's place among those shown (with
    # --persona, only that one).
    shown = journey.persona_ids if focus is None else [focus.id]
    strips = lane_personas(shown, personas, journey.touchpoints)
    header_height = max(_stage_header_height(col) for col in columns)
    rows = _rows_per_column(columns, header_height + (emotion_lane_height(strips) if emotion else 0))
    # Each stage's touchpoints, split into its sub-columns of at most `rows` cards.
    splits: list[list[list[tuple[int, Touchpoint]]]] = []
    for col in columns:
        placed = [(numbers[tp.id], tp) for tp in col.touchpoints]
        per_col = math.ceil(len(placed) / math.ceil(len(placed) / rows)) if placed else 1
        splits.append([placed[i : i + per_col] for i in range(0, len(placed), per_col)] or [[]])
    backstage = any(tp.backstage for tp in journey.touchpoints)
    backstage_lines = backstage_line_count([sub for subs in splits for sub in subs]) if backstage else 0
    # Layout scaffolding, all invisible. Each sub-column of a stage is one rank, headed by a
    # "top" node (the stage header, or a spacer of the same height), then its lanes (emotion,
    # backstage: fixed heights too), then its cards, chained top to bottom with flat edges,
    # which fixes the reading order. The top nodes, and each lane, of all sub-columns form
    # heavy chains left to right: that aligns every column's top edge and every lane into one
    # band, and orders the stages.
    chain = {"style": "invis", "weight": "100"}
    bands: dict[str, list[str]] = {"top": [], "emotion": [], "backstage": []}
    for col, subs in zip(columns, splits, strict=True):
        with graph.subgraph(name=f"cluster_stage_{col.number}") as cluster:
            cluster.attr(**_cluster_attrs(col, "map"))
            names = _cards(cluster, col, numbers, personas, focus, measured) or [_empty_stage(cluster, col)]
            sub_columns: list[list[str]] = []
            start = 0
            for sub in subs:
                size = max(1, len(sub))
                sub_columns.append(names[start : start + size])
                start += size
            for j, (sub, placed) in enumerate(zip(sub_columns, subs, strict=True)):
                suffix = "" if j == 0 else f"-{j + 1}"
                top = f"stage-{col.number}{suffix}"
                if j == 0:
                    cluster.node(top, label=_stage_label(col, header_height))
                else:
                    cluster.node(
                        top,
                        label=f'<<TABLE BORDER="0" WIDTH="{CARD_WIDTH}" HEIGHT="{header_height}"><TR><TD></TD></TR></TABLE>>',
                        style="invis",
                    )
                column = [top]
                bands["top"].append(top)
                if emotion:
                    lane = f"emotion-{col.number}{suffix}"
                    cluster.node(lane, label=emotion_lane(placed, strips, CARD_WIDTH, title=j == 0))
                    column.append(lane)
                    bands["emotion"].append(lane)
                if backstage:
                    lane = f"backstage-{col.number}{suffix}"
                    cluster.node(lane, label=backstage_lane(placed, backstage_lines, CARD_WIDTH, title=j == 0))
                    column.append(lane)
                    bands["backstage"].append(lane)
                with cluster.subgraph() as rank:
                    rank.attr(rank="same")
                    # A flat edge a -> b puts b above a once LR turns the layout, hence reversed.
                    for a, b in itertools.pairwise([*column, *sub]):
                        rank.edge(b, a, style="invis")
            for left, right in itertools.pairwise(sub_columns):
                for a, b in zip(left, right, strict=False):
                    cluster.edge(a, b, style="invis")
    for band in bands.values():
        for a, b in itertools.pairwise(band):
            graph.edge(a, b, **chain)
    return len(bands["top"])


# --- flow view ---------------------------------------------------------------------------------


def _flow(
    graph: graphviz.Digraph,
    journey: Journey,
    columns: Sequence[StageColumn],
    numbers: dict[str, int],
    personas: dict[str, Persona],
    focus: Persona | None,
    measured: bool = False,
) -> None:
    """Stages as bands from top to bottom; `next` edges coloured by where they lead (with
    `measured`: the observed transitions instead, by accounts)."""
    known = {tp.id: tp for tp in journey.touchpoints}
    edges = [(tp, known[n]) for tp in journey.touchpoints for n in dict.fromkeys(tp.next) if n in known]
    observed = observed_edges(journey.touchpoints) if measured else []
    if not edges and not observed:
        _stage_flow(graph, columns, numbers, personas, focus, measured)
        return
    stage_index = {col.stage.id: col.number for col in columns}
    gridded: set[str] = set()
    for col in columns:
        if not col.touchpoints:
            continue
        with graph.subgraph(name=f"cluster_stage_{col.number}") as cluster:
            cluster.attr(**_cluster_attrs(col, "flow"))
            names = _cards(cluster, col, numbers, personas, focus, measured)
            if len(names) > FLOW_NATURAL_MAX:
                # A busy stage would become one long column (a chain of `next` is a chain of
                # ranks): lay it out in rows in reading order instead, and let its inner
                # edges follow the cards rather than place them.
                _grid_rows(cluster, names, FLOW_ROW)
                gridded.add(col.stage.id)
    if measured:
        _observed_edges(graph, journey, observed, stage_index, gridded)
        # `next` edges the data cannot speak to (an end without events:) stay as designed.
        drawn = {(e.source, e.target) for e in observed}
        edges = [(a, b) for a, b in edges if (a.id, b.id) not in drawn]
    for a, b in edges:
        sa, sb = stage_index[a.stage], stage_index[b.stage]
        if sa == sb:
            attrs = {"color": WITHIN, "penwidth": "1.2"}
            if a.stage in gridded:
                attrs["constraint"] = "false"
        elif sb > sa:
            attrs = {"color": FORWARD, "penwidth": "1.6"}
            if a.stage in gridded or b.stage in gridded:
                # Pulling the end of one grid straight above the start of the next would
                # shift every stage sideways into a staircase.
                attrs["weight"] = "0"
        else:
            # Backward edges do not rank nodes, so stages keep their top-to-bottom order.
            attrs = {"color": BACKWARD, "penwidth": "1.6", "style": "dashed", "constraint": "false"}
        graph.edge(f"tp-{a.id}", f"tp-{b.id}", **attrs)


def _observed_edges(
    graph: graphviz.Digraph,
    journey: Journey,
    observed: Sequence[ObservedEdge],
    stage_index: dict[str, int],
    gridded: set[str],
) -> None:
    """The flow's edges from `measured:`: width by accounts; designed edges lay the graph
    out as without the data, observed-only and never-observed ones are marked."""
    known = {tp.id: tp for tp in journey.touchpoints}
    peak = peak_accounts(observed)
    when = stamp(journey.measured).text if journey.measured else ""
    for e in observed:
        a, b = known[e.source], known[e.target]
        sa, sb = stage_index[a.stage], stage_index[b.stage]
        n = number(e.accounts)
        attrs: dict[str, str] = {"arrowsize": "0.7"}
        if e.kind == "unobserved":
            attrs |= {"color": UNOBSERVED, "style": "dashed", "penwidth": "1.2"}
            label, what = "never observed", "designed (next:), never observed"
        else:
            width = 1.0 + 7.0 * n / peak if n is not None else 1.0
            color = DESIGNED if e.kind == "designed" else UNDESIGNED
            attrs |= {"color": color, "penwidth": f"{width:.2f}"}
            label = count(e.accounts)
            what = "designed and observed" if e.kind == "designed" else "observed, not designed (no next: edge)"
            what += f"; {count(e.accounts)} accounts, {pct(e.share)} of its outgoing transitions ({when})"
        ink = {"designed": DESIGNED, "undesigned": UNDESIGNED, "unobserved": MUTED}[e.kind]
        attrs["label"] = f"<{_font(_h(label), 8, ink, bold=e.kind != 'unobserved')}>"
        attrs["tooltip"] = _tooltip(f"{a.name} → {b.name}: {what}")
        # Only the map's own edges place the cards, so the picture keeps the designed shape
        # and what customers did instead is drawn over it.
        if e.kind == "undesigned" or sb < sa or a.stage in gridded or b.stage in gridded:
            attrs["constraint"] = "false"
        graph.edge(f"tp-{a.id}", f"tp-{b.id}", **attrs)


def _cards(
    cluster: graphviz.Digraph,
    col: StageColumn,
    numbers: dict[str, int],
    personas: dict[str, Persona],
    focus: Persona | None,
    measured: bool = False,
) -> list[str]:
    """Add the stage's touchpoint cards to its cluster; return their node names in order."""
    names = []
    for tp in col.touchpoints:
        name = f"tp-{tp.id}"
        names.append(name)
        cluster.node(
            name,
            label=_card(tp, numbers[tp.id], personas, show_personas=focus is None, measured=measured),
            tooltip=_card_tooltip(tp),
            id=name,
        )
    return names


def _grid_rows(cluster: graphviz.Digraph, names: list[str], per_row: int) -> list[list[str]]:
    """Arrange nodes in rows of `per_row` (top to bottom, left to right) with invisible edges."""
    rows = [names[i : i + per_row] for i in range(0, len(names), per_row)]
    for row in rows:
        with cluster.subgraph() as rank:
            rank.attr(rank="same")
            for a, b in itertools.pairwise(row):
                rank.edge(a, b, style="invis")
    for upper, lower in itertools.pairwise(rows):
        for a, b in zip(upper, lower, strict=False):
            cluster.edge(a, b, style="invis")
    return rows


def _stage_flow(
    graph: graphviz.Digraph,
    columns: Sequence[StageColumn],
    numbers: dict[str, int],
    personas: dict[str, Persona],
    focus: Persona | None,
    measured: bool = False,
) -> None:
    """A journey without `next` edges flows stage to stage: each stage is a band of cards in
    reading order, and one arrow leads from each stage to the next."""
    per_row = min(FLOW_ROW, max(3, *(len(c.touchpoints) for c in columns)))
    previous: tuple[str, str] | None = None  # (a node of the previous stage's last row, its cluster)
    for col in columns:
        cluster_name = f"cluster_stage_{col.number}"
        with graph.subgraph(name=cluster_name) as cluster:
            cluster.attr(**_cluster_attrs(col, "flow"))
            names = _cards(cluster, col, numbers, personas, focus, measured) or [_empty_stage(cluster, col)]
            rows = _grid_rows(cluster, names, per_row)
        if previous is not None:
            tail, tail_cluster = previous
            graph.edge(
                tail,
                rows[0][0],
                ltail=tail_cluster,
                lhead=cluster_name,
                color=FORWARD,
                penwidth="2.2",
                arrowsize="0.9",
                weight="10",
            )
        previous = (rows[-1][0], cluster_name)


def _empty_stage(cluster: graphviz.Digraph, col: StageColumn) -> str:
    name = f"empty-{col.number}"
    cluster.node(
        name,
        # CELLBORDER="0": the cell's default border would be a solid box inside the dashed one.
        label=f'<<TABLE BORDER="1" COLOR="#b6bdc8" STYLE="ROUNDED,DASHED" CELLBORDER="0" CELLPADDING="12" '
        f'WIDTH="{CARD_WIDTH}">'
        f"<TR><TD>{_font('No touchpoints mapped', 9, MUTED)}</TD></TR></TABLE>>",
    )
    return name


# --- running dot -------------------------------------------------------------------------------

_VERSION_COMMENT = re.compile(rb"<!-- Generated by graphviz[^>]*-->\n")
_PDF_DATE = re.compile(rb"/CreationDate \(D:[0-9Z+\-']+\)")


def dot_available() -> bool:
    return shutil.which("dot") is not None


def run_dot(source: str, fmt: str, *, dpi: int = 144, page: str = DEFAULT_PAGE, timeout: float = 120) -> bytes:
    """Lay out DOT source with Graphviz `dot` and return the bytes of `fmt` (svg, png, pdf).

    A PDF is scaled down (never up) to fit `page` (a key of PAGES): the drawing keeps its
    proportions and the page is the drawing's size, at most the page's. SVG and PNG keep
    their natural size (a browser zooms; `dpi` sets the PNG's resolution).

    Output is made reproducible: the SVG version comment is dropped and the PDF creation
    date is replaced by a fixed one of the same length (so the PDF's byte offsets hold).
    Raises UserError when `dot` is not installed or fails.
    """
    if fmt == "dot":
        return source.encode("utf-8")
    exe = shutil.which("dot")
    if exe is None:
        raise UserError(
            f"-f {fmt} needs Graphviz's `dot` program, which is not installed (Debian/Ubuntu: "
            "apt-get install graphviz; macOS: brew install graphviz); `-f dot`, `-f html` and `-f mermaid` work without it"
        )
    args = [exe, f"-T{fmt}"]
    if fmt == "png":
        args.append(f"-Gdpi={dpi}")
    if page not in PAGES:
        raise ValueError(f"unknown page {page!r}; expected one of {', '.join(PAGES)}")
    inches = PAGES[page]
    if fmt == "pdf" and inches is not None:
        # On the command line, not in the source: `-f dot` stays the one drawing for every use.
        args.append(f"-Gsize={inches[0] - PAGE_PAD_IN:g},{inches[1] - PAGE_PAD_IN:g}")
    try:
        done = subprocess.run(args, input=source.encode("utf-8"), capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        raise UserError(
            f"Graphviz `dot` took longer than {timeout:g} s; try --persona to draw a smaller diagram"
        ) from None
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise UserError(f"Graphviz `dot` failed: {detail[-1] if detail else f'exit status {done.returncode}'}")
    out = done.stdout
    if fmt == "svg":
        out = _VERSION_COMMENT.sub(b"", out)
    elif fmt == "pdf":
        out = _PDF_DATE.sub(lambda m: _fixed_pdf_date(len(m.group(0))), out)
    return out


def _fixed_pdf_date(length: int) -> bytes:
    fixed = b"/CreationDate (D:20000101000000Z)"
    return fixed[: length - 1].ljust(length - 1, b" ") + b")" if len(fixed) != length else fixed
