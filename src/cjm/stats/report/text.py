"""`cjm stats` for people: rich tables, colour only on a terminal.

Rich drops colour by itself when the output is not a terminal or `NO_COLOR` is set, so the
same layout reads well in a pipe or a CI log; empty matrix cells are a `·` (red on a
terminal) rather than a `0`, so gaps stand out in either case. On a terminal the tables
fit its width (long cells fold onto a second line, never cut); in a pipe or a file lines are
as wide as their content, so nothing wraps and the output does not depend on `COLUMNS`;
there `layout` writes the same bytes without rich's per-cell layout work.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import IO, Any

from rich.console import Console
from rich.measure import Measurement
from rich.text import Text

from ..engine import MEASURED_STAGE, JourneyStats, MeasuredStats, WorkspaceStats
from . import MEASURED_TITLES, figure, mean_text, measured_facts, percent, plural
from .layout import Block, Cell, SideBySide, StatsTable, Unsupported, plain_lines, to_rich

_EMPTY: Cell = ("·", "bold red")
_BAR_WIDTH = 10
_UNBOUNDED = 10_000


def _num(n: int) -> Cell:
    return (str(n), "") if n else _EMPTY


def _plain(value: object) -> Cell:
    return (str(value), "")


def _emotion_style(value: float | None) -> str:
    if value is None:
        return "dim"
    if value < 2.5:
        return "red"
    return "yellow" if value < 3.5 else "green"


def _bar(value: float | None) -> Cell:
    """The mean emotion as a bar of `_BAR_WIDTH` cells: 1 is empty, 3 (neutral) half, 5 full."""
    if value is None:
        return ("", "")
    filled = int(Decimal(repr((value - 1) * _BAR_WIDTH / 4)).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return ("█" * filled + "░" * (_BAR_WIDTH - filled), _emotion_style(value))


def _emotion(value: float | None) -> Cell:
    return (mean_text(value), _emotion_style(value))


def _table(title: str, *columns: str, numeric_from: int = 1) -> StatsTable:
    return StatsTable(title, columns, numeric_from)


def _counts(title: str, label: str, counts: tuple[tuple[str, int], ...]) -> StatsTable:
    table = _table(title, label, "touchpoints")
    for key, n in counts:
        table.add_row(_plain(key), _plain(n))
    return table


def _side_by_side(*tables: StatsTable) -> SideBySide:
    return SideBySide(tables)


def _workspace(stats: WorkspaceStats) -> list[Block]:
    headline = Text.assemble(
        ("Workspace", "bold underline"),
        f"\n{plural(len(stats.journeys), 'journey')} · {plural(stats.touchpoints, 'touchpoint')} · ",
        f"{plural(len(stats.personas), 'persona')} · ",
        f"stage coverage {stats.stages_covered}/{stats.stages} ({percent(stats.stage_coverage)})",
    )
    measured = stats.measured_totals()
    if measured is not None:
        headline.append(
            f"\nmeasured: {plural(measured['journeys'], 'journey')} (as of {_as_of(measured)}) · "
            f"{measured['touchpoints_measured']} of {measured['touchpoints_mapped']} mapped touchpoints · "
            f"{plural(measured['responses'], 'survey response')}"
        )
    table = _table(
        "Journeys",
        "journey",
        "touchpoints",
        "personas",
        "stages covered",
        "pain points",
        "opportunities",
        "emotion",
        "target",
    )
    for j in stats.journeys:
        table.add_row(
            _plain(j.id),
            _plain(j.touchpoints),
            _plain(len(j.personas)),
            _plain(f"{j.stages_covered}/{len(j.stages)}"),
            _plain(j.pain_points),
            _plain(j.opportunities),
            _emotion(j.emotion),
            _emotion(j.target_emotion),
        )
    table.add_section()
    table.add_row(
        ("all journeys", "bold"),
        _plain(stats.touchpoints),
        _plain(len(stats.personas)),
        _plain(f"{stats.stages_covered}/{stats.stages}"),
        _plain(stats.pain_points),
        _plain(stats.opportunities),
        _emotion(stats.emotion),
        _emotion(stats.target_emotion),
    )
    counts = _side_by_side(
        _counts("By channel", "channel", stats.by_channel), _counts("By owner", "owner", stats.by_owner)
    )
    return [headline, Text(""), table, counts, _counts("By persona", "persona", stats.by_persona)]


def _journey(j: JourneyStats) -> list[Block]:
    headline = Text.assemble((j.id, "bold underline"), "  ", (j.title, "bold"))
    facts = Text.assemble(
        *([(j.file, "dim"), "\n"] if j.file else []),
        f"stage coverage {j.stages_covered}/{len(j.stages)} ({percent(j.stage_coverage)}) · ",
        f"{plural(j.touchpoints, 'touchpoint')} · {plural(len(j.personas), 'persona')} · ",
        f"persona × stage cells {j.cells_covered}/{j.cells_total} ({percent(j.cell_coverage)})",
    )
    matrix = _table("Persona × stage (touchpoints)", "persona", *(s.title for s in j.stages), "total")
    by_persona = dict(j.by_persona)
    for persona, row in j.matrix_rows():
        matrix.add_row(_plain(persona), *(_num(n) for n in row), _plain(by_persona.get(persona, 0)))
    matrix.add_section()
    matrix.add_row(
        ("all touchpoints", "bold"),
        *(_num(s.touchpoints) for s in j.stages),
        (str(j.touchpoints), "bold"),
    )
    stages = _table("Stages", "stage", "touchpoints", "pain points", "opportunities", "emotion", "", "target")
    for s in j.stages:
        stages.add_row(
            _plain(s.title),
            _num(s.touchpoints),
            _plain(s.pain_points),
            _plain(s.opportunities),
            _emotion(s.emotion),
            _bar(s.emotion),
            _emotion(s.target_emotion),
        )
    counts = _side_by_side(_counts("By channel", "channel", j.by_channel), _counts("By owner", "owner", j.by_owner))
    parts: list[Block] = [headline, facts, Text("")]
    if j.kpis:
        parts.append(_kpis(j))
    parts += [matrix, stages]
    if j.persona_emotions:
        feel = _table("Emotion by persona × stage (mean)", "persona", *(s.title for s in j.stages))
        for persona, row in j.persona_emotion_rows():
            feel.add_row(_plain(persona), *(_emotion(v) for v in row))
        parts.append(feel)
    parts.append(counts)
    if j.measured is not None:
        parts += _measured(j, j.measured)
    return parts


_KPI_STYLE = {"met": "green", "missed": "red"}


def _kpis(j: JourneyStats) -> StatsTable:
    """The journey's KPIs in the catalogue's unit (87%, 74 days), judged against their targets."""
    table = _table("Journey KPIs", "kpi", "value", "target", "better", "status")
    for k in j.kpis:
        table.add_row(
            _plain(k.key),
            _plain(k.shown_value or "–"),
            _plain(k.shown_target or "–"),
            _plain("lower" if k.lower_is_better else "higher"),
            (k.status.replace("-", " "), _KPI_STYLE.get(k.status, "dim")),
        )
    return table


def _as_of(measured: dict[str, Any]) -> str:
    oldest, newest = measured["as_of"]["oldest"], measured["as_of"]["newest"]
    return newest if oldest == newest else f"{oldest} to {newest}"


def _measured(j: JourneyStats, m: MeasuredStats) -> list[Block]:
    titles = {s.id: s.title for s in j.stages}
    facts = Text.assemble(("Measured", "bold"), f" {measured_facts(m)}")
    table = _table("", "stage", *(MEASURED_TITLES[n] for n in MEASURED_STAGE))
    for sid, values in m.stages:
        table.add_row(_plain(titles.get(sid, sid)), *(_plain(figure(v)) for v in values))
    return [facts, table]


def report_text(stats: WorkspaceStats, out: IO[str]) -> None:
    console = Console(file=out, highlight=False, emoji=False, markup=False)
    sections = [_workspace(stats)] if len(stats.journeys) != 1 else []
    sections += [_journey(j) for j in stats.journeys]
    if console.is_terminal:
        _print(console, sections)
        return
    # In a pipe or a file nothing wraps: lines as wide as the content, so grep finds whole rows
    # and the layout does not depend on the COLUMNS of the caller. Rich pads every table line to
    # the table's width; trailing blanks only get in the way.
    try:
        lines = [line for section in sections for line in plain_lines(console, section)]
    except Unsupported:
        lines = _rich_lines(console, sections)
    out.write("".join(line.rstrip() + "\n" for line in lines))


def _rich_lines(console: Console, sections: list[list[Block]]) -> list[str]:
    """What the plain layout cannot do exactly, rich does (slowly): at a width (at least 80) no
    line needs wrapping at."""
    renderables = [to_rich(s) for s in sections]
    unbounded = console.options.update_width(_UNBOUNDED)
    console.width = max(80, *(Measurement.get(console, unbounded, r).maximum for r in renderables))
    with console.capture() as capture:
        for r in renderables:
            console.print(r)
    return capture.get().splitlines()


def _print(console: Console, sections: list[list[Block]]) -> None:
    for section in sections:
        console.print(to_rich(section))
