"""`cjm stats --format markdown`: GitHub-flavoured Markdown for READMEs, wikis and PR comments.

All user text (titles, stage names, ids, file paths) goes through `escape()`, so a `|` in a
title cannot split a table cell and `*`, `_`, `<`, `[` cannot start formatting or HTML.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import IO

from ..engine import MEASURED_STAGE, JourneyStats, WorkspaceStats
from . import MEASURED_TITLES, figure, mean_text, measured_facts, percent, plural

# The characters that can split a cell or start inline syntax mid-line: emphasis, code,
# links, HTML, strikethrough, entities and GitHub's `$math$`. Line-start syntax (`#`, `-`,
# `>` quotes) cannot occur: user text never starts a line.
_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&$])")
_BREAKS = re.compile(r"\s*[\r\n]+\s*")


def escape(text: str) -> str:
    """User text made safe for one table cell or one line of Markdown."""
    return _SPECIAL.sub(r"\\\1", _BREAKS.sub(" ", text))


def _table(
    header: Sequence[str], rows: Iterable[Sequence[str]], numeric_from: int = 1, numeric_to: int | None = None
) -> list[str]:
    """A table whose columns numeric_from..numeric_to (exclusive; to the end by default) hold
    numbers, right-aligned; text columns stay left-aligned."""
    end = len(header) if numeric_to is None else numeric_to
    align = ["--:" if numeric_from <= i < end else "---" for i in range(len(header))]
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(align) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def _counts(title: str, label: str, counts: Iterable[tuple[str, int]]) -> list[str]:
    return [f"**{title}**", "", *_table([label, "touchpoints"], ([escape(k), str(n)] for k, n in counts)), ""]


def _workspace(stats: WorkspaceStats) -> list[str]:
    lines = [
        "# Journey stats",
        "",
        f"{plural(len(stats.journeys), 'journey')}, {plural(stats.touchpoints, 'touchpoint')}, "
        f"{plural(len(stats.personas), 'persona')}; "
        f"{stats.stages_covered} of {stats.stages} stages covered ({percent(stats.stage_coverage)}); "
        f"{plural(stats.pain_points, 'pain point')}, {plural(stats.opportunities, 'opportunity', 'opportunities')}; "
        f"mean emotion {mean_text(stats.emotion)} (target {mean_text(stats.target_emotion)}).",
        "",
    ]
    measured = stats.measured_totals()
    if measured is not None:
        oldest, newest = measured["as_of"]["oldest"], measured["as_of"]["newest"]
        lines += [
            f"Measured: {plural(measured['journeys'], 'journey')} "
            f"(as of {newest if oldest == newest else f'{oldest} to {newest}'}); "
            f"{measured['touchpoints_measured']} of {measured['touchpoints_mapped']} mapped touchpoints; "
            f"{plural(measured['responses'], 'survey response')}.",
            "",
        ]
    header = [
        "journey",
        "touchpoints",
        "personas",
        "stages covered",
        "persona × stage cells covered",
        "pain points",
        "opportunities",
        "emotion",
        "target emotion",
    ]
    rows = [
        [
            escape(j.id),
            str(j.touchpoints),
            str(len(j.personas)),
            f"{j.stages_covered} of {len(j.stages)} ({percent(j.stage_coverage)})",
            f"{j.cells_covered} of {j.cells_total} ({percent(j.cell_coverage)})",
            str(j.pain_points),
            str(j.opportunities),
            mean_text(j.emotion),
            mean_text(j.target_emotion),
        ]
        for j in stats.journeys
    ]
    lines += [*_table(header, rows), ""]
    lines += _counts("Touchpoints by channel", "channel", stats.by_channel)
    lines += _counts("Touchpoints by owner", "owner", stats.by_owner)
    lines += _counts("Touchpoints by persona", "persona", stats.by_persona)
    return lines


def _journey(j: JourneyStats) -> list[str]:
    lines = [f"## {escape(j.id)}: {escape(j.title)}", ""]
    facts = [
        plural(j.touchpoints, "touchpoint"),
        f"{j.stages_covered} of {len(j.stages)} stages covered ({percent(j.stage_coverage)})",
        f"{j.cells_covered} of {j.cells_total} persona × stage cells covered ({percent(j.cell_coverage)})",
    ]
    if j.file:
        facts.insert(0, f"File {escape(j.file)}")
    lines += ["; ".join(facts) + ".", ""]
    if j.kpis:
        kpis = [
            [
                escape(k.key),
                escape(k.shown_value or "–"),
                escape(k.shown_target or "–"),
                "lower" if k.lower_is_better else "higher",
                k.status.replace("-", " "),
            ]
            for k in j.kpis
        ]
        lines += [
            "**Journey KPIs**",
            "",
            *_table(["kpi", "value", "target", "better", "status"], kpis, numeric_to=3),
            "",
        ]
    by_persona = dict(j.by_persona)
    matrix = [[escape(p), *(str(n) for n in row), str(by_persona.get(p, 0))] for p, row in j.matrix_rows()]
    matrix.append(["**all touchpoints**", *(str(s.touchpoints) for s in j.stages), str(j.touchpoints)])
    lines += ["**Persona × stage** (touchpoints)", ""]
    lines += [*_table(["persona", *(escape(s.title) for s in j.stages), "total"], matrix), ""]
    stage_rows = [
        [
            escape(s.title),
            escape(s.phase or ""),
            str(s.touchpoints),
            str(s.pain_points),
            str(s.opportunities),
            mean_text(s.emotion),
            mean_text(s.target_emotion),
        ]
        for s in j.stages
    ]
    header = ["stage", "phase", "touchpoints", "pain points", "opportunities", "emotion", "target emotion"]
    lines += ["**Stages**", "", *_table(header, stage_rows, numeric_from=2), ""]
    if j.persona_emotions:
        feel = [[escape(p), *(mean_text(v) for v in row)] for p, row in j.persona_emotion_rows()]
        lines += ["**Emotion by persona × stage** (mean)", ""]
        lines += [*_table(["persona", *(escape(s.title) for s in j.stages)], feel), ""]
    lines += _counts("Touchpoints by channel", "channel", j.by_channel)
    lines += _counts("Touchpoints by owner", "owner", j.by_owner)
    if j.measured is not None:
        titles = {s.id: s.title for s in j.stages}
        rows = [
            [escape(titles.get(sid, sid)), *(escape(figure(v)) for v in values)] for sid, values in j.measured.stages
        ]
        header = ["stage", *(MEASURED_TITLES[n] for n in MEASURED_STAGE)]
        lines += [f"**Measured** {measured_facts(j.measured)}.", ""]
        if rows:
            lines += [*_table(header, rows), ""]
    return lines


def report_markdown(stats: WorkspaceStats, out: IO[str]) -> None:
    # One journey: its own section says it all; totals would repeat it.
    lines = _workspace(stats) if len(stats.journeys) != 1 else ["# Journey stats", ""]
    for j in stats.journeys:
        lines += _journey(j)
    out.write("\n".join(lines).rstrip("\n") + "\n")
