"""`cjm stats` for people: rich tables, colour only on a terminal.

Rich drops colour by itself when the output is not a terminal or `NO_COLOR` is set, so the
same layout reads well in a pipe or a CI log; empty matrix cells are a `·` (red on a
terminal) rather than a `0`, so gaps stand out in either case. On a terminal the tables
fit its width (long cells fold onto a second line, never cut); in a pipe or a file lines are
as wide as their content, so nothing wraps and the output does not depend on `COLUMNS`.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import IO, Any

from rich import box
from rich.console import Console, Group, RenderableType
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from ..engine import MEASURED_STAGE, JourneyStats, MeasuredStats, WorkspaceStats
from . import MEASURED_TITLES, figure, mean_text, measured_facts, percent, plural

_EMPTY = Text("·", style="bold red")
_BAR_WIDTH = 10
_UNBOUNDED = 10_000


def _num(n: int) -> Text:
    return Text(str(n)) if n else _EMPTY


def _emotion_style(value: float | None) -> str:
    if value is None:
        return "dim"
    if value < 2.5:
        return "red"
    return "yellow" if value < 3.5 else "green"


def _bar(value: float | None) -> Text:
    """The mean emotion as a bar of `_BAR_WIDTH` cells: 1 is empty, 3 (neutral) half, 5 full."""
    if value is None:
        return Text("")
    filled = int(Decimal(repr((value - 1) * _BAR_WIDTH / 4)).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return Text("█" * filled + "░" * (_BAR_WIDTH - filled), style=_emotion_style(value))


def _emotion(value: float | None) -> Text:
    return Text(mean_text(value), style=_emotion_style(value))


def _table(title: str, *columns: str, numeric_from: int = 1) -> Table:
    table = Table(title=title, title_justify="left", title_style="bold", box=box.SIMPLE_HEAD, pad_edge=False)
    for i, name in enumerate(columns):
        # fold, never an ellipsis: on a narrow terminal a cut-off id would be a wrong id.
        table.add_column(name, justify="left" if i < numeric_from else "right", overflow="fold")
    return table


def _counts(title: str, label: str, counts: tuple[tuple[str, int], ...]) -> Table:
    table = _table(title, label, "touchpoints")
    for key, n in counts:
        table.add_row(Text(key), Text(str(n)))
    return table


def _side_by_side(*tables: Table) -> Table:
    grid = Table.grid(padding=(0, 4))
    for _ in tables:
        grid.add_column(vertical="top")
    grid.add_row(*tables)
    return grid


def _workspace(stats: WorkspaceStats) -> RenderableType:
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
            Text(j.id),
            Text(str(j.touchpoints)),
            Text(str(len(j.personas))),
            Text(f"{j.stages_covered}/{len(j.stages)}"),
            Text(str(j.pain_points)),
            Text(str(j.opportunities)),
            _emotion(j.emotion),
            _emotion(j.target_emotion),
        )
    table.add_section()
    table.add_row(
        Text("all journeys", style="bold"),
        Text(str(stats.touchpoints)),
        Text(str(len(stats.personas))),
        Text(f"{stats.stages_covered}/{stats.stages}"),
        Text(str(stats.pain_points)),
        Text(str(stats.opportunities)),
        _emotion(stats.emotion),
        _emotion(stats.target_emotion),
    )
    counts = _side_by_side(
        _counts("By channel", "channel", stats.by_channel), _counts("By owner", "owner", stats.by_owner)
    )
    return Group(headline, Text(""), table, counts, _counts("By persona", "persona", stats.by_persona))


def _journey(j: JourneyStats) -> RenderableType:
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
        matrix.add_row(Text(persona), *(_num(n) for n in row), Text(str(by_persona.get(persona, 0))))
    matrix.add_section()
    matrix.add_row(
        Text("all touchpoints", style="bold"),
        *(_num(s.touchpoints) for s in j.stages),
        Text(str(j.touchpoints), style="bold"),
    )
    stages = _table("Stages", "stage", "touchpoints", "pain points", "opportunities", "emotion", "", "target")
    for s in j.stages:
        stages.add_row(
            Text(s.title),
            _num(s.touchpoints),
            Text(str(s.pain_points)),
            Text(str(s.opportunities)),
            _emotion(s.emotion),
            _bar(s.emotion),
            _emotion(s.target_emotion),
        )
    counts = _side_by_side(_counts("By channel", "channel", j.by_channel), _counts("By owner", "owner", j.by_owner))
    parts: list[RenderableType] = [headline, facts, Text("")]
    if j.kpis:
        parts.append(_kpis(j))
    parts += [matrix, stages]
    if j.persona_emotions:
        feel = _table("Emotion by persona × stage (mean)", "persona", *(s.title for s in j.stages))
        for persona, row in j.persona_emotion_rows():
            feel.add_row(Text(persona), *(_emotion(v) for v in row))
        parts.append(feel)
    parts.append(counts)
    if j.measured is not None:
        parts += _measured(j, j.measured)
    return Group(*parts)


_KPI_STYLE = {"met": "green", "missed": "red"}


def _kpis(j: JourneyStats) -> Table:
    """The journey's KPIs in the catalogue's unit (87%, 74 days), judged against their targets."""
    table = _table("Journey KPIs", "kpi", "value", "target", "better", "status")
    for k in j.kpis:
        table.add_row(
            Text(k.key),
            Text(k.shown_value or "–"),
            Text(k.shown_target or "–"),
            Text("lower" if k.lower_is_better else "higher"),
            Text(k.status.replace("-", " "), style=_KPI_STYLE.get(k.status, "dim")),
        )
    return table


def _as_of(measured: dict[str, Any]) -> str:
    oldest, newest = measured["as_of"]["oldest"], measured["as_of"]["newest"]
    return newest if oldest == newest else f"{oldest} to {newest}"


def _measured(j: JourneyStats, m: MeasuredStats) -> list[RenderableType]:
    titles = {s.id: s.title for s in j.stages}
    facts = Text.assemble(("Measured", "bold"), f" {measured_facts(m)}")
    table = _table("", "stage", *(MEASURED_TITLES[n] for n in MEASURED_STAGE))
    for sid, values in m.stages:
        table.add_row(Text(titles.get(sid, sid)), *(Text(figure(v)) for v in values))
    return [facts, table]


def report_text(stats: WorkspaceStats, out: IO[str]) -> None:
    console = Console(file=out, highlight=False, emoji=False, markup=False)
    sections = [_workspace(stats)] if len(stats.journeys) != 1 else []
    sections += [_journey(j) for j in stats.journeys]
    if not console.is_terminal:
        # In a pipe or a file nothing wraps: lines as wide as the content (at least 80), so
        # grep finds whole rows and the layout does not depend on the COLUMNS of the caller.
        unbounded = console.options.update_width(_UNBOUNDED)
        console.width = max(80, *(Measurement.get(console, unbounded, s).maximum for s in sections))
        with console.capture() as capture:
            _print(console, sections)
        # Rich pads every table line to the table's width; trailing blanks only get in the way.
        out.write("".join(line.rstrip() + "\n" for line in capture.get().splitlines()))
        return
    _print(console, sections)


def _print(console: Console, sections: list[RenderableType]) -> None:
    for section in sections:
        console.print(section)
