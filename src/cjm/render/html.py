"""The HTML report: one self-contained page per journey, and an index page for a workspace.

Everything a page needs is computed here into plain view objects (numbers, strings, lists);
the Jinja2 templates in `cjm/templates/` only lay them out. Autoescaping is on for every
template, and no journey text is ever marked safe, so text can only ever come out as text.
Pages have no JavaScript and load nothing: CSS is inlined and charts are inline SVG.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from .. import __version__
from ..coverage import coverage
from ..findings import Finding, Severity
from ..metric_catalogue import Catalogue, default_lower_is_better, format_metric
from ..metric_catalogue import lower_is_better as is_lower_better
from ..model import Action, Journey, Persona, Touchpoint
from .common import (
    EMOTION_FILL,
    EMOTION_STRONG,
    EMOTION_WORD,
    LOW_EMOTION,
    PHASE_COLOR,
    PHASE_LABEL,
    StageColumn,
    clean,
    emotion_fill,
    emotion_strong,
    for_persona,
    format_number,
    glyph,
    numbered,
    short_name,
    stage_columns,
)
from .evidence import (
    CardEvidence,
    Evidence,
    MeasuredPoint,
    MiniFunnel,
    card_evidence,
    evidence,
    measured_curve,
    mini_funnel,
)
from .journey_kpis import KpiTile, kpi_tiles
from .persona_curves import PersonaCurve, persona_curves
from .voice import QuoteView, SourceView, card_voice, persona_quotes

# Stage columns of the map grid get a width in proportion to their touchpoints, so the
# emotion curve spaces touchpoints evenly and a busy stage gets room for several card columns.
LANE_HEADER_PX = 132
STAGE_MIN_PX = 176
PX_PER_TOUCHPOINT = 44
CURVE_HEIGHT = 210
CURVE_TOP = 22
CURVE_BOTTOM = 30

MATRIX_TOP = 28  # the impact/effort grid's top edge in its SVG (see _charts.html.j2)

PRIORITY_ORDER = {"high": 0, "medium": 1, "low": 2}
ROLE_COLOR = {
    "economic-buyer": "#1e3a8a",
    "technical-evaluator": "#0e7490",
    "end-user": "#6d28d9",
    "implementer": "#b45309",
    "executive-sponsor": "#be123c",
    "influencer": "#4d7c0f",
    "champion": "#c2410c",
    "procurement": "#475569",
}
JOURNEY_TYPE_LABEL = {
    "current-state": "Current state",
    "future-state": "Future state",
    "day-in-the-life": "Day in the life",
    "service-blueprint": "Service blueprint",
}
ROLE_LABEL = {
    "economic-buyer": "Economic buyer",
    "technical-evaluator": "Technical evaluator",
    "end-user": "End user",
    "implementer": "Implementer",
    "executive-sponsor": "Executive sponsor",
    "influencer": "Influencer",
    "champion": "Champion",
    "procurement": "Procurement",
}


# --- view objects ------------------------------------------------------------------------------


@dataclass(frozen=True)
class JourneyLink:
    """Another journey of the same site, for parent and child links."""

    title: str
    href: str | None
    parent: str | None = None


@dataclass(frozen=True)
class TouchpointView:
    tp: Touchpoint
    number: int
    anchor: str
    glyph: str
    fill: str
    strong: str
    personas: tuple[str, ...]
    low: bool
    evidence: CardEvidence | None = None  # what `measured:` says, on measured journeys
    quotes: tuple[QuoteView, ...] = ()
    sources: tuple[SourceView, ...] = ()  # `evidence:` items (the name `evidence` is the measured one)
    feels: tuple[tuple[str, int], ...] = ()  # (persona short name, score) from `emotions:`


@dataclass(frozen=True)
class StageView:
    column: StageColumn
    width_pct: float
    phase_label: str
    phase_color: str
    touchpoints: tuple[TouchpointView, ...]


@dataclass(frozen=True)
class CurvePoint:
    x: float
    y: float | None
    target_y: float | None
    view: TouchpointView


@dataclass(frozen=True)
class Curve:
    """The emotion curve in SVG user units: one point per touchpoint, stages as bands."""

    width: float
    height: float
    levels: tuple[tuple[int, float], ...]  # (score, y) for the grid lines
    low_y: float  # the top of the 'lows' band
    bottom: float
    bands: tuple[tuple[float, float, str], ...]  # (x, width, stage title)
    points: tuple[CurvePoint, ...]
    current_path: str
    target_path: str
    show_numbers: bool
    description: str
    measured_path: str = ""  # the emotion from surveys (measured:), over the asserted one
    measured_points: tuple[MeasuredPoint, ...] = ()
    stamp: str = ""


@dataclass(frozen=True)
class PersonaView:
    persona: Persona
    role: str
    touchpoints: int
    initials: str
    color: str
    expected: tuple[str, ...] = ()  # titles of the journey's stages its `stages:` expect it in
    quotes: tuple[QuoteView, ...] = ()


@dataclass(frozen=True)
class HeatCell:
    count: int
    fill: str
    ink: str


@dataclass(frozen=True)
class Heatmap:
    stages: tuple[str, ...]
    rows: tuple[tuple[str, tuple[HeatCell, ...], int], ...]  # persona title, cells, row total
    stage_totals: tuple[int, ...]
    covered: int
    cells: int


@dataclass(frozen=True)
class ActionView:
    action: Action
    number: int
    addresses: tuple[TouchpointView | str, ...]


@dataclass(frozen=True)
class MatrixPoint:
    x: float
    y: float
    label: str
    title: str
    color: str


@dataclass(frozen=True)
class Matrix:
    size: float
    cell: float
    origin: float
    points: tuple[MatrixPoint, ...]
    unplaced: int


@dataclass(frozen=True)
class MetricRow:
    view: TouchpointView
    key: str
    label: str
    value: str | None
    target: str | None
    status: str  # met | missed | no-target | not-measured
    lower_is_better: bool
    change: str  # e.g. "+45%" needed to reach the target


@dataclass(frozen=True)
class Kpi:
    label: str
    value: str
    detail: str = ""
    tone: str = ""


@dataclass
class JourneyPage:
    journey: Journey
    type_label: str
    persona_focus: Persona | None
    personas: list[PersonaView]
    stages: list[StageView]
    lanes: list[tuple[str, str]]
    curve: Curve | None
    heatmap: Heatmap
    actions: list[ActionView]
    matrix: Matrix | None
    metrics: list[MetricRow]
    findings: list[Finding] | None
    kpis: list[Kpi]
    table_min_px: int
    lane_pct: float
    source: str | None
    index_href: str | None
    parent: JourneyLink | None
    children: list[JourneyLink] = field(default_factory=list)
    evidence: Evidence | None = None
    catalogue: Catalogue = field(default_factory=dict)
    """cjm.yaml `metrics:`, for showing metric values in their unit (`fmt_metric`)."""
    persona_curves: list[PersonaCurve] = field(default_factory=list)
    journey_kpis: list[KpiTile] = field(default_factory=list)


# --- the journey page --------------------------------------------------------------------------


def render_html(
    journey: Journey,
    personas: Sequence[Persona],
    findings: Sequence[Finding] | None = None,
    *,
    persona: str | None = None,
    source: str | None = None,
    index_href: str | None = None,
    journey_links: Mapping[str, JourneyLink] | None = None,
    lower_is_better: Sequence[str] | None = None,
    metrics: Catalogue | None = None,
) -> str:
    """A self-contained HTML report of one journey.

    `findings`: the validation and lint findings of the journey's file (None: the section is
    left out). `persona`: show only that persona's part of the journey. `journey_links`:
    the other journeys rendered alongside, by id, for linking the parent and child journeys.
    `lower_is_better`: metric-name globs for which lower is better (default: the lint rule's).
    `metrics`: the metric catalogue (cjm.yaml `metrics:`): units to show values in, and
    which way is better (over `lower_is_better`).
    """
    page = journey_page(
        journey,
        personas,
        findings,
        persona=persona,
        source=source,
        index_href=index_href,
        journey_links=journey_links or {},
        lower_is_better=lower_is_better,
        metrics=metrics,
    )
    return (
        _env()
        .get_template("journey.html.j2")
        .render(page=page, css=_css(measured=page.evidence is not None), version=__version__, **_helpers())
    )


def journey_page(
    journey: Journey,
    personas: Sequence[Persona],
    findings: Sequence[Finding] | None = None,
    *,
    persona: str | None = None,
    source: str | None = None,
    index_href: str | None = None,
    journey_links: Mapping[str, JourneyLink] | None = None,
    lower_is_better: Sequence[str] | None = None,
    metrics: Catalogue | None = None,
) -> JourneyPage:
    """The view object behind `render_html` (useful for tests and other front ends)."""
    links = journey_links or {}
    by_id = {p.id: p for p in personas}
    focus = None
    if persona is not None:
        if persona not in journey.persona_ids:
            raise ValueError(f"persona {persona!r} is not one of the personas of journey {journey.id!r}")
        focus = by_id.get(persona, Persona(id=persona))
        journey = for_persona(journey, persona)
    columns = stage_columns(journey)
    numbers = numbered(columns)
    measured = evidence(journey, numbers)
    views = {
        tp.id: TouchpointView(
            tp=tp,
            number=numbers[tp.id],
            anchor=f"tp-{tp.id}",
            glyph=glyph(tp.channel),
            fill=emotion_fill(tp.emotion),
            strong=emotion_strong(tp.emotion),
            personas=tuple(short_name(by_id.get(p, Persona(id=p))) for p in tp.personas),
            low=tp.emotion is not None and tp.emotion <= LOW_EMOTION,
            evidence=card_evidence(tp, measured.stamp) if measured else None,
            feels=tuple((short_name(by_id.get(p, Persona(id=p))), s) for p, s in tp.emotions.items()),
            quotes=card_voice(tp, by_id)[0],
            sources=card_voice(tp, by_id)[1],
        )
        for tp in journey.touchpoints
    }
    widths = [max(STAGE_MIN_PX, PX_PER_TOUCHPOINT * len(c.touchpoints)) for c in columns]
    total = LANE_HEADER_PX + sum(widths)
    stages = [
        StageView(
            column=c,
            width_pct=round(100 * w / total, 4),
            phase_label=PHASE_LABEL.get(c.stage.phase or "", ""),
            phase_color=PHASE_COLOR.get(c.stage.phase or "", "#5b6472"),
            touchpoints=tuple(views[tp.id] for tp in c.touchpoints),
        )
        for c, w in zip(columns, widths, strict=True)
    ]
    children = [links[jid] for jid in sorted(links, key=lambda k: links[k].title) if links[jid].parent == journey.id]
    parent = links.get(journey.parent, JourneyLink(journey.parent, None)) if journey.parent else None
    page = JourneyPage(
        journey=journey,
        type_label=JOURNEY_TYPE_LABEL.get(journey.type or "", ""),
        persona_focus=focus,
        personas=_persona_views(journey, personas, focus, views),
        stages=stages,
        lanes=_lanes(journey),
        curve=_curve(stages, widths, measured),
        heatmap=_heatmap(journey, personas),
        actions=_actions(journey, views),
        matrix=None,
        metrics=_metrics(journey, views, lower_is_better, metrics or {}),
        findings=sorted(findings, key=_finding_order) if findings is not None else None,
        kpis=[],
        table_min_px=total,
        lane_pct=round(100 * LANE_HEADER_PX / total, 4),
        source=source,
        index_href=index_href,
        parent=parent,
        children=children,
        evidence=measured,
        catalogue=metrics or {},
    )
    page.matrix = _matrix(page.actions)
    if page.curve is not None:
        shown = [p for p in personas if p.id in journey.persona_ids and (focus is None or p.id == focus.id)]
        placed = [(p.x, p.view.tp, p.view.number, p.view.anchor) for p in page.curve.points]
        page.persona_curves = persona_curves(placed, shown, page.curve.width, _path)
    lower = lower_is_better if lower_is_better is not None else default_lower_is_better()
    catalogue = metrics or {}
    page.journey_kpis = kpi_tiles(
        journey.metrics,
        journey.targets,
        lambda key: is_lower_better(key, catalogue, lower),
        lambda key, value: format_metric(key, value, catalogue),
    )
    page.kpis = _kpis(page, journey)
    return page


def _finding_order(f: Finding) -> tuple[int, int, int, str]:
    return (-f.severity.rank, f.line, f.column, f.code)


def _persona_views(
    journey: Journey, personas: Sequence[Persona], focus: Persona | None, views: Mapping[str, TouchpointView]
) -> list[PersonaView]:
    by_id = {p.id: p for p in personas}
    in_order = sorted(((v.tp, v.number, v.anchor) for v in views.values()), key=lambda t: t[1])
    counts = {pid: 0 for pid in journey.persona_ids}
    for tp in journey.touchpoints:
        for pid in dict.fromkeys(tp.personas):
            counts[pid] = counts.get(pid, 0) + 1
    shown = [p for p in personas if focus is None or p.id == focus.id]
    stages = journey.stage_list
    return [
        PersonaView(
            persona=p,
            # A role from cjm.yaml `roles:` has no label of its own: its id in words.
            role=ROLE_LABEL.get(p.role, p.role.replace("-", " ").capitalize()) if p.role else "",
            touchpoints=counts.get(p.id, 0),
            initials="".join(w[0] for w in short_name(p).split()[:2]).upper() or p.id[:2].upper(),
            color=ROLE_COLOR.get(p.role or "", "#344054"),
            expected=tuple(s.title for s in stages if s.id in p.stages),
            quotes=persona_quotes(p.id, in_order, by_id),
        )
        for p in shown
    ]


def _lanes(journey: Journey) -> list[tuple[str, str]]:
    """The map's rows after the touchpoints, leaving out lanes no touchpoint fills."""
    tps = journey.touchpoints
    lanes = [("actions", "Customer actions")] if any(tp.customer_action for tp in tps) else []
    lanes.append(("touchpoints", "Touchpoints"))
    if any(tp.emotion is not None for tp in tps):
        lanes.append(("emotion", "Emotion"))
    if any(tp.emotions for tp in tps):
        lanes.append(("persona_emotion", "Emotion by persona"))
    for key, title in (
        ("pain_points", "Pain points"),
        ("opportunities", "Opportunities"),
        ("backstage", "Backstage"),
        ("metrics", "Metrics"),
    ):
        if any(getattr(tp, key) for tp in tps):
            lanes.append((key, title))
    return lanes


def _curve(stages: Sequence[StageView], widths: Sequence[int], measured: Evidence | None = None) -> Curve | None:
    views = [v for s in stages for v in s.touchpoints]
    surveyed = measured is not None and any(v.tp.measured and v.tp.measured.emotion is not None for v in views)
    # Per-persona scores alone still need the curve's x positions (the small multiples use them).
    if not surveyed and not any(v.tp.emotion is not None or v.tp.emotions for v in views):
        return None
    width = float(sum(widths))
    plot = CURVE_HEIGHT - CURVE_TOP - CURVE_BOTTOM

    def y_of(score: float) -> float:
        return round(CURVE_TOP + (5 - score) / 4 * plot, 2)

    bands, points = [], []
    x0 = 0.0
    for stage, w in zip(stages, widths, strict=True):
        bands.append((x0, float(w), stage.column.stage.title))
        n = len(stage.touchpoints)
        for k, v in enumerate(stage.touchpoints):
            x = round(x0 + (k + 0.5) * w / n, 2)
            points.append(
                CurvePoint(
                    x=x,
                    y=y_of(v.tp.emotion) if v.tp.emotion is not None else None,
                    target_y=y_of(v.tp.target_emotion) if v.tp.target_emotion is not None else None,
                    view=v,
                )
            )
        x0 += w
    current = [(p.x, p.y) for p in points if p.y is not None]
    target = [(p.x, p.target_y) for p in points if p.target_y is not None]
    lows = [p.view for p in points if p.view.low]
    spacing = min((b[1] / max(1, len(s.touchpoints)) for b, s in zip(bands, stages, strict=True)), default=width)
    scored = [p.view.tp.emotion for p in points if p.view.tp.emotion is not None]
    desc = f"Emotion of {len(scored)} touchpoints from 1 (very negative) to 5 (very positive)"
    if scored:
        desc += f"; mean {sum(scored) / len(scored):.1f}"
    if lows:
        desc += "; lows: " + "; ".join(f"#{v.number} {clean(v.tp.name)} ({v.tp.emotion})" for v in lows[:12])
    measured_path, measured_points = "", ()
    if measured is not None:
        measured_path, measured_points = measured_curve(
            [(p.x, p.view.tp, p.view.anchor, p.view.number) for p in points], y_of
        )
        if measured_points:
            desc += f"; measured from surveys ({measured.stamp.text}): " + "; ".join(p.title for p in measured_points)
    return Curve(
        width=width,
        height=float(CURVE_HEIGHT),
        levels=tuple((s, y_of(s)) for s in range(5, 0, -1)),
        low_y=round((y_of(LOW_EMOTION) + y_of(LOW_EMOTION + 1)) / 2, 2),
        bottom=y_of(1),
        bands=tuple(bands),
        points=tuple(points),
        current_path=_path(current),
        target_path=_path(target),
        show_numbers=spacing >= 22,
        description=desc,
        measured_path=measured_path,
        measured_points=measured_points,
        stamp=measured.stamp.text if measured else "",
    )


def _path(points: Sequence[tuple[float, float | None]]) -> str:
    return " ".join(f"{'M' if i == 0 else 'L'}{x:g},{y:g}" for i, (x, y) in enumerate(points) if y is not None)


_HEAT = ("#f8fafc", "#dbeafe", "#bfdbfe", "#93c5fd", "#60a5fa", "#3b82f6", "#1d4ed8")


def _heatmap(journey: Journey, personas: Sequence[Persona]) -> Heatmap:
    cov = coverage(journey)
    titles = {p.id: p.title for p in personas}
    peak = max(cov.cells.values(), default=0)
    rows = []
    for pid in cov.personas:
        cells = []
        for sid in cov.stages:
            n = cov.count(pid, sid)
            level = 0 if n == 0 else 1 + min(len(_HEAT) - 2, math.floor((n - 1) * (len(_HEAT) - 1) / max(1, peak)))
            cells.append(HeatCell(n, _HEAT[level], "#ffffff" if level >= 5 else "#1f2937"))
        rows.append((titles.get(pid, pid), tuple(cells), sum(c.count for c in cells)))
    stage_titles = {s.id: s.title for s in journey.stage_list}
    return Heatmap(
        stages=tuple(stage_titles.get(s, s) for s in cov.stages),
        rows=tuple(rows),
        stage_totals=tuple(cov.per_stage.get(s, 0) for s in cov.stages),
        covered=len(cov.covered_cells),
        cells=len(cov.personas) * len(cov.stages),
    )


def _action_key(a: Action) -> tuple[int, dt.date, str]:
    return (PRIORITY_ORDER.get(a.priority or "", 3), a.due or dt.date.max, a.id)


def _actions(journey: Journey, views: Mapping[str, TouchpointView]) -> list[ActionView]:
    ordered = sorted(journey.actions, key=_action_key)
    return [
        ActionView(action=a, number=i, addresses=tuple(views.get(t, t) for t in a.addresses))
        for i, a in enumerate(ordered, 1)
    ]


_PRIORITY_COLOR = {"high": "#b42318", "medium": "#b54708", "low": "#1d4ed8"}


def _matrix(actions: Sequence[ActionView]) -> Matrix | None:
    """Impact (up) against effort (right) on a 5 x 5 grid; actions in the same cell fan out."""
    placed = [a for a in actions if a.action.impact is not None and a.action.effort is not None]
    if not placed:
        return None
    cell, origin = 64.0, 44.0
    size = origin + 5 * cell + 12
    by_cell: dict[tuple[int, int], list[ActionView]] = {}
    for a in placed:
        by_cell.setdefault((a.action.effort or 0, a.action.impact or 0), []).append(a)
    points = []
    for (effort, impact), group in sorted(by_cell.items()):
        cx = origin + (effort - 0.5) * cell
        cy = MATRIX_TOP + (5 - impact + 0.5) * cell
        for k, a in enumerate(group):
            if len(group) == 1:
                dx = dy = 0.0
            else:
                angle = 2 * math.pi * k / len(group) - math.pi / 2
                r = min(20.0, 8.0 + 3.0 * len(group))
                dx, dy = r * math.cos(angle), r * math.sin(angle)
            title = clean(a.action.title or a.action.id)
            points.append(
                MatrixPoint(
                    x=round(cx + dx, 2),
                    y=round(cy + dy, 2),
                    label=f"A{a.number}",
                    title=f"A{a.number} {title}: impact {impact}, effort {effort}",
                    color=_PRIORITY_COLOR.get(a.action.priority or "", "#5b6472"),
                )
            )
    return Matrix(size=size, cell=cell, origin=origin, points=tuple(points), unplaced=len(actions) - len(placed))


def _metrics(
    journey: Journey,
    views: Mapping[str, TouchpointView],
    lower_is_better: Sequence[str] | None,
    catalogue: Catalogue,
) -> list[MetricRow]:
    if lower_is_better is None:
        lower_is_better = default_lower_is_better()
    rows = []
    for tp in sorted(journey.touchpoints, key=lambda t: views[t.id].number):
        for key in dict.fromkeys([*tp.metrics, *tp.targets]):
            value, target = tp.metrics.get(key), tp.targets.get(key)
            lower = is_lower_better(key, catalogue, lower_is_better)
            if value is None:
                status = "not-measured"
            elif target is None:
                status = "no-target"
            else:
                status = "met" if (value <= target if lower else value >= target) else "missed"
            change = ""
            if value is not None and target is not None and status == "missed":
                change = f"{(target - value) / abs(value):+.0%}" if value else f"{target - value:+g}"
                change = change.replace("-", "\u2212")  # a real minus sign
            rows.append(
                MetricRow(
                    view=views[tp.id],
                    key=key,
                    label=clean(key.replace("_", " ")).capitalize(),
                    value=format_metric(key, value, catalogue) if value is not None else None,
                    target=format_metric(key, target, catalogue) if target is not None else None,
                    status=status,
                    lower_is_better=lower,
                    change=change,
                )
            )
    order = {"missed": 0, "met": 1, "not-measured": 2, "no-target": 3}
    return sorted(rows, key=lambda r: (order[r.status], r.view.number))


def _kpis(page: JourneyPage, journey: Journey) -> list[Kpi]:
    tps = journey.touchpoints
    scored = [tp.emotion for tp in tps if tp.emotion is not None]
    targets = [tp.target_emotion for tp in tps if tp.target_emotion is not None]
    covered = sum(1 for s in page.stages if s.column.touchpoints)
    kpis = [
        Kpi("Touchpoints", str(len(tps)), f"in {len(page.stages)} stages"),
        Kpi(
            "Stages covered",
            f"{covered}/{len(page.stages)}",
            "every stage has touchpoints" if covered == len(page.stages) else "some stages are empty",
            "good" if covered == len(page.stages) else "warn",
        ),
    ]
    if scored:
        mean = sum(scored) / len(scored)
        detail = f"target {sum(targets) / len(targets):.1f}" if targets else "no targets set"
        kpis.append(Kpi("Mean emotion", f"{mean:.1f}", detail, "bad" if mean < 3 else ""))
    lows = sum(1 for s in scored if s <= LOW_EMOTION)
    kpis.append(Kpi("Lows", str(lows), f"touchpoints at {LOW_EMOTION} or below", "bad" if lows else "good"))
    kpis.append(
        Kpi(
            "Pain points",
            str(sum(len(tp.pain_points) for tp in tps)),
            f"{sum(len(tp.opportunities) for tp in tps)} opportunities",
        )
    )
    open_actions = sum(1 for a in journey.actions if a.status not in ("done", "dropped"))
    kpis.append(Kpi("Actions", str(len(journey.actions)), f"{open_actions} open"))
    if page.findings is not None:
        errors = sum(1 for f in page.findings if f.severity is Severity.ERROR)
        warnings = sum(1 for f in page.findings if f.severity is Severity.WARNING)
        infos = len(page.findings) - errors - warnings
        if errors or warnings:
            value = (
                f"{errors} error{'s' if errors != 1 else ''}"
                if errors
                else f"{warnings} warning{'s' if warnings != 1 else ''}"
            )
            detail = f"{warnings} warnings, {infos} info" if errors else f"{infos} info"
            kpis.append(Kpi("Lint", value, detail, "bad" if errors else "warn"))
        else:
            kpis.append(Kpi("Lint", "clean", f"{infos} info" if infos else "no findings", "good"))
    return kpis


# --- the index page ----------------------------------------------------------------------------


@dataclass(frozen=True)
class IndexEntry:
    """One journey of a workspace site: the journey, its file's findings, its page."""

    journey: Journey
    href: str
    findings: Sequence[Finding] = ()
    source: str | None = None


@dataclass(frozen=True)
class IndexRow:
    entry: IndexEntry
    depth: int
    type_label: str
    touchpoints: int
    stages: int
    stages_covered: int
    cell_coverage: float
    emotion: float | None
    target: float | None
    pains: int
    actions_open: int
    errors: int
    warnings: int
    infos: int
    funnel: MiniFunnel | None = None


def render_index(entries: Sequence[IndexEntry], title: str = "Journey maps") -> str:
    """The index page of a workspace site: every journey, nested under its parent, with its
    coverage, emotion and lint status at a glance."""
    rows = index_rows(entries)
    totals = {
        "journeys": len(rows),
        "touchpoints": sum(r.touchpoints for r in rows),
        "errors": sum(r.errors for r in rows),
        "warnings": sum(r.warnings for r in rows),
        "pains": sum(r.pains for r in rows),
        "actions_open": sum(r.actions_open for r in rows),
    }
    return (
        _env()
        .get_template("index.html.j2")
        .render(
            rows=rows,
            title=title,
            totals=totals,
            css=_css(measured=any(r.funnel for r in rows)),
            version=__version__,
            **_helpers(),
        )
    )


def index_rows(entries: Sequence[IndexEntry]) -> list[IndexRow]:
    """Entries depth-first: each journey followed by the journeys whose `parent` it is."""
    ids = {e.journey.id for e in entries}
    children: dict[str | None, list[IndexEntry]] = {}
    for e in entries:
        parent = e.journey.parent if e.journey.parent in ids and e.journey.parent != e.journey.id else None
        children.setdefault(parent, []).append(e)
    for group in children.values():
        group.sort(key=lambda e: (clean(e.journey.title).lower(), e.journey.id))
    rows: list[IndexRow] = []
    seen: set[str] = set()

    def visit(e: IndexEntry, depth: int) -> None:
        if e.journey.id in seen:  # a parent cycle (reported by validation): show each journey once
            return
        seen.add(e.journey.id)
        rows.append(_index_row(e, depth))
        for child in children.get(e.journey.id, []):
            visit(child, depth + 1)

    for e in children.get(None, []):
        visit(e, 0)
    for e in sorted(entries, key=lambda e: e.journey.id):  # journeys caught in a parent cycle
        visit(e, 0)
    return rows


def _index_row(e: IndexEntry, depth: int) -> IndexRow:
    j = e.journey
    cov = coverage(j)
    scored = [tp.emotion for tp in j.touchpoints if tp.emotion is not None]
    targets = [tp.target_emotion for tp in j.touchpoints if tp.target_emotion is not None]
    cells = len(cov.personas) * len(cov.stages)
    return IndexRow(
        entry=e,
        depth=depth,
        type_label=JOURNEY_TYPE_LABEL.get(j.type or "", ""),
        touchpoints=len(j.touchpoints),
        stages=len(cov.stages),
        stages_covered=len(cov.covered_stages),
        cell_coverage=len(cov.covered_cells & {(p, s) for p in cov.personas for s in cov.stages}) / cells
        if cells
        else 0.0,
        emotion=sum(scored) / len(scored) if scored else None,
        target=sum(targets) / len(targets) if targets else None,
        pains=sum(len(tp.pain_points) for tp in j.touchpoints),
        actions_open=sum(1 for a in j.actions if a.status not in ("done", "dropped")),
        errors=sum(1 for f in e.findings if f.severity is Severity.ERROR),
        warnings=sum(1 for f in e.findings if f.severity is Severity.WARNING),
        infos=sum(1 for f in e.findings if f.severity is Severity.INFO),
        funnel=mini_funnel(j),
    )


# --- templates ---------------------------------------------------------------------------------


@cache
def _env() -> Environment:
    return Environment(
        loader=PackageLoader("cjm", "templates"),
        autoescape=True,  # every template, whatever its extension
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


@cache
def _css(measured: bool = False) -> Markup:
    # The stylesheets are cjm's own files, not journey text: safe to inline as they are.
    sheets = ["report.css", "report-measured.css"] if measured else ["report.css"]
    return Markup("".join(files("cjm").joinpath(f"templates/{name}").read_text(encoding="utf-8") for name in sheets))


def _helpers() -> dict[str, object]:
    return {
        "EMOTION_FILL": EMOTION_FILL,
        "EMOTION_STRONG": EMOTION_STRONG,
        "EMOTION_WORD": EMOTION_WORD,
        "HEAT": _HEAT,
        "fmt": format_number,
        "fmt_metric": format_metric,
        "glyph": glyph,
        "humanize": lambda s: clean(str(s).replace("-", " ").replace("_", " ")),
    }
