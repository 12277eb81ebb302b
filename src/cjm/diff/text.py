"""`cjm diff --format text`: a colored summary for the terminal (plain when piped).

User text is appended as rich `Text` (never parsed as rich markup) with control characters
shown escaped (`safetext`), so a touchpoint name cannot inject terminal escape sequences.
"""

from __future__ import annotations

from collections import Counter
from typing import IO

from rich.console import Console
from rich.text import Text

from ..findings import Finding
from ..metric_catalogue import Catalogue
from ..safetext import visible
from .engine import Change, DiffResult, JourneyDiff
from .measured import Figure, MeasuredDiff, Mover
from .report import (
    ENTITY_TITLES,
    FIGURE_TITLES,
    FUNNEL_SHOWN,
    Block,
    Labels,
    arrow,
    blocks,
    coverage_changes,
    detail,
    figure_text,
    fmt,
    fmt_mean,
    measured_when,
)

_LEVEL_STYLE = {"high": "bold red", "medium": "yellow", "low": "dim"}
_TONE_STYLE = {"better": "green", "worse": "red", None: ""}
_KIND = {
    "added": ("+", "green"),
    "removed": ("−", "red"),
    "renamed": ("↪", "cyan"),
    "moved": ("⇢", "magenta"),
    "reordered": ("⇅", "magenta"),
    "changed": ("~", "yellow"),
}


def clean(text: object) -> str:
    return visible(text)


def render_text(
    result: DiffResult, labels: Labels, out: IO[str], *, failed_on: list[str] | None = None, show_info: bool = False
) -> None:
    console = Console(file=out, soft_wrap=True, highlight=False)
    head = Text("cjm diff ", style="bold")
    head.append(clean(labels.old), style="bold")
    head.append(" → ")
    head.append(clean(labels.new), style="bold")
    console.print(head)
    console.print()
    if not result.semantic:
        n = result.journeys_compared
        console.print(Text(f"✓ No semantic changes ({n} journey{'s' if n != 1 else ''} compared).", style="bold green"))
        return
    for j in result.changed_journeys:
        _journey(console, j, result.catalogue)
    if result.personas:
        console.print(Text("Persona library", style="bold underline"))
        _blocks(console, result.personas, result.catalogue)
        console.print()
    if result.lint.introduced or result.lint.fixed:
        _lint(console, result.lint.introduced, result.lint.fixed, show_info)
    console.print(_summary(result, failed_on or []))


def _journey(console: Console, j: JourneyDiff, catalogue: Catalogue) -> None:
    head = Text()
    head.append(j.id, style="bold underline")
    head.append(f"  {j.status}", style={"added": "green", "removed": "red"}.get(j.status, "yellow"))
    head.append(f"  {clean(j.title)}", style="dim")
    console.print(head)
    if j.old_id and j.old_id != j.id:
        console.print(Text(f"  compared with {j.old_id}", style="dim"))
    _blocks(console, j.changes, catalogue)
    _stages(console, j)
    _coverage(console, list(coverage_changes(j)))
    if j.measured is not None:
        _measured(console, j.measured)
    console.print()


def _blocks(console: Console, changes: list[Change], catalogue: Catalogue) -> None:
    for entity, group in blocks(changes).items():
        console.print(Text(f"  {ENTITY_TITLES[entity].lower()}", style="bold"))
        for b in group:
            _block(console, b, catalogue)


def _block(console: Console, b: Block, catalogue: Catalogue) -> None:
    symbol, style = _KIND[b.kind]
    line = Text("    ")
    line.append(f"{symbol} ", style=style)
    line.append(b.id if b.id != "stages" else "stage order", style=f"bold {style}")
    if b.stage and b.entity == "touchpoint":
        line.append(f"  [{b.stage}]", style="dim")
    if b.label and b.entity != "journey":
        line.append(f"  {clean(b.label)}")
    line.append(f"  {b.severity}", style=_LEVEL_STYLE[b.severity])
    console.print(line)
    for c in b.changes:
        words = detail(c, catalogue)
        if words is None:
            continue
        sub = Text("        ")
        sub.append(clean(words), style=_detail_style(c))
        sub.append(f"  {c.fingerprint}", style="dim")
        console.print(sub)


def _detail_style(c: Change) -> str:
    if c.direction == "improved":
        return "green"
    if c.direction == "worsened":
        return "red"
    return ""


def _stages(console: Console, j: JourneyDiff) -> None:
    rows = [s for s in j.stages if s.changed]
    if not rows:
        return
    width = max(len(s.id) for s in rows)
    console.print(Text(f"  {'stage'.ljust(width)}  touchpoints   mean emotion", style="bold"))
    for s in rows:
        counts = f"{'–' if s.before is None else s.before} → {'–' if s.after is None else s.after}"
        line = Text(f"    {s.id.ljust(width)}  {counts:<12}  ")
        line.append(f"{fmt_mean(s.emotion_before)} → {fmt_mean(s.emotion_after)} ")
        mark = arrow(s.emotion_before, s.emotion_after)
        line.append(mark, style="green" if mark == "▲" else "red")
        console.print(line)


def _coverage(console: Console, cells: list[Change]) -> None:
    if not cells:
        return
    console.print(Text("  coverage (persona × stage)", style="bold"))
    for c in cells:
        lost = c.kind == "coverage-lost"
        line = Text("    ")
        line.append("− lost   " if lost else "+ gained ", style="bold red" if lost else "green")
        line.append(f"{c.id} × {c.stage}  ({fmt(c.old)} → {fmt(c.new)} touchpoints)")
        console.print(line)


def _figure(f: Figure) -> Text:
    return Text(figure_text(f), style=_TONE_STYLE[f.tone])


def _row(cells: list[Text], widths: list[int], indent: str) -> Text:
    line = Text(indent)
    for i, cell in enumerate(cells):
        line.append_text(cell)
        if i < len(cells) - 1:
            line.append(" " * (widths[i] - cell.cell_len + 2))
    return line


def _table(console: Console, rows: list[list[Text]], indent: str) -> None:
    """Columns as wide as their widest cell, two spaces apart; plain text when piped."""
    widths = [max(row[i].cell_len for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        console.print(_row(row, widths, indent))


def _measured(console: Console, m: MeasuredDiff) -> None:
    head = Text("  measured", style="bold")
    head.append(f"  {measured_when(m)}", style="dim")
    console.print(head)
    totals = Text("    ")
    for i, f in enumerate(m.totals):
        if i:
            totals.append(" · ")
        totals.append(f"{FIGURE_TITLES[f.name]} ")
        totals.append_text(_figure(f))
    console.print(totals)
    if m.funnel:
        header = [Text("stage", style="bold")] + [Text(FIGURE_TITLES[n], style="bold") for n in FUNNEL_SHOWN]
        rows = [[Text(clean(r.stage)), *(_figure(r.figure(n)) for n in FUNNEL_SHOWN)] for r in m.funnel]
        _table(console, [header, *rows], "    ")
    _movers(console, "reach moved most (share of the journey's accounts)", m.reach, m.more_reach)
    _movers(console, "surveys moved most (emotion on the map's 1..5 scale)", m.surveys, m.more_surveys)


def _movers(console: Console, title: str, movers: list[Mover], more: int) -> None:
    if not movers:
        return
    console.print(Text(f"    {title}", style="bold"))
    rows = []
    for mv in movers:
        context = Text()
        for i, f in enumerate(mv.context):
            context.append(", " if i else "")
            context.append(f"{FIGURE_TITLES.get(f.name, f.name)} ")
            context.append_text(_figure(f))
        rows.append(
            [Text(clean(mv.touchpoint)), Text(f"[{clean(mv.stage)}]", style="dim"), _figure(mv.figure), context]
        )
    _table(console, rows, "      ")
    if more:
        console.print(Text(f"      and {more} more", style="dim"))


def _lint(console: Console, introduced: list[Finding], fixed: list[Finding], show_info: bool) -> None:
    console.print(Text("Lint", style="bold underline"))
    for sign, style, findings in (("+ new  ", "red", introduced), ("− fixed", "green", fixed)):
        listed = findings if show_info else [f for f in findings if f.severity.value != "info"]
        for f in listed:
            line = Text("    ")
            line.append(sign, style=style)
            line.append(f" {clean(f.file)}:{f.line}:{f.column} ")
            line.append(f.severity.value, style="bold red" if f.severity.value == "error" else "yellow")
            line.append(f" [{f.code}] {clean(f.message)}", style="")
            console.print(line)
        # Info findings (suggestions: emotion gaps, metrics below target) are counted per rule,
        # as `cjm validate` does; --show-info, markdown and json list each one.
        infos = Counter(f.code for f in findings if f.severity.value == "info") if not show_info else Counter()
        if infos:
            line = Text("    ")
            line.append(sign, style=style)
            rules = ", ".join(f"{code} {n}" for code, n in sorted(infos.items(), key=lambda item: (-item[1], item[0])))
            line.append(f" {sum(infos.values())} info ({rules}); --show-info lists them")
            console.print(line)
    console.print()


def _summary(result: DiffResult, failed_on: list[str]) -> Text:
    n = len(result.changed_journeys)
    total = len(result.changes)
    text = Text(f"{n} journey{'s' if n != 1 else ''} changed, {total} change{'s' if total != 1 else ''}", style="bold")
    levels = [(lv, result.count(lv)) for lv in ("high", "medium", "low")]
    text.append(" (")
    text.append(", ".join(f"{count} {lv}" for lv, count in levels))
    text.append(")")
    lost = sum(1 for c in result.changes if c.kind == "coverage-lost")
    gained = sum(1 for c in result.changes if c.kind == "coverage-gained")
    text.append(f"; coverage cells: {lost} lost, {gained} gained")
    text.append(f"; lint: {len(result.lint.introduced)} new, {len(result.lint.fixed)} fixed")
    measured = result.measured_journeys
    if measured:
        drops = sum(len(j.measured.conversion_drops) for j in measured if j.measured)
        text.append(f"; measured: {len(measured)} journey{'s' if len(measured) != 1 else ''} moved")
        if drops:
            text.append(f", conversion down in {drops} stage{'s' if drops != 1 else ''}")
    if failed_on:
        text.append(f"\n✗ --fail-on: {', '.join(failed_on)}", style="bold red")
    return text
