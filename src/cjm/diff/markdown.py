"""`cjm diff --format markdown`: a pull-request comment.

A summary table, one `<details>` section per changed journey (entity changes, the per-stage
touchpoint counts and mean emotions, the coverage delta, optionally a Mermaid flowchart of the
stages with the changed ones highlighted), then the lint delta.

The comment is posted by CI under the bot's name, and every user-written string in it (names,
pain points, file names, revision labels) comes from the pull request. So all user text goes
through `escape()`, which makes it inert: it cannot end a table cell or a line, open HTML,
start a link, image, code span, emphasis or math, or notify anyone (`@team`, `#123`). Ids are
slugs (`[a-z0-9-]`) and are shown as code; Mermaid labels go through `mermaid_label()`.
"""

from __future__ import annotations

import re
from typing import IO

from ..findings import Finding
from ..metric_catalogue import Catalogue
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
    changed_stages,
    coverage_changes,
    detail,
    figure_text,
    fmt,
    fmt_mean,
    journey_counts,
    measured_when,
)

MARKER = "<!-- cjm-diff -->"  # lets a CI job find and update its own earlier comment
_ICON = {"high": "🔴", "medium": "🟠", "low": "⚪"}
_TONE = {"better": " 🟢", "worse": " 🔴", None: ""}  # a PR comment has no colours: a mark says which way is good
_ZWSP = "\u200b"
# Line breaks of every kind, other control characters, and bidi overrides ("Trojan source").
_BREAKS = re.compile(r"[\r\n\t\v\f\x85\u2028\u2029]+")
_INVISIBLE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u202a-\u202e\u2066-\u2069]")
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "|": "&#124;"}
# User text never starts a line here (it follows a label or a table pipe), so only inline
# syntax needs escaping: emphasis, code spans, links and images, strikethrough, math.
_PUNCT = re.compile(r"([\\`*_\[\]~$])")
_AUTOLINK = re.compile(r"(?i)(://|www\.)")
_MAX_TEXT = 300


def _clean(text: object, limit: int) -> str:
    s = _INVISIBLE.sub("", _BREAKS.sub(" ", str(text))).strip()
    if len(s) > limit:
        s = s[: limit - 1].rstrip() + "…"
    # Mentions, issue references and bare URLs are found in the rendered text, after Markdown
    # and HTML are parsed, so no escape stops them; a zero-width space does.
    s = s.replace("@", "@" + _ZWSP).replace("#", "#" + _ZWSP)
    return _AUTOLINK.sub(lambda m: m.group(1)[0] + _ZWSP + m.group(1)[1:], s)


def _entities(s: str) -> str:
    return "".join(_HTML.get(ch, ch) for ch in s)


def escape_html(text: object, limit: int = _MAX_TEXT) -> str:
    """User text made inert inside raw HTML (e.g. `<summary>`), where Markdown is not parsed."""
    return _entities(_clean(text, limit))


def escape(text: object, limit: int = _MAX_TEXT) -> str:
    """User text made inert for GitHub-flavoured Markdown, one line, inside a table cell too."""
    # Backslash-escaped ASCII punctuation renders as itself and starts no emphasis, link,
    # image, code span, math or heading; entities come last so their `#` stays intact.
    return _entities(_PUNCT.sub(r"\\\1", _clean(text, limit)))


def code(slug: str) -> str:
    """An id as inline code; ids are slugs, but anything else is escaped instead."""
    return f"`{slug}`" if re.fullmatch(r"[a-z0-9][a-z0-9-]*", slug or "") else escape(slug)


_MERMAID_ENTITIES = {
    "#": "#35;",
    '"': "#quot;",
    "<": "#lt;",
    ">": "#gt;",
    "&": "#amp;",
    "`": "#96;",
    "|": "#124;",
    "\\": "#92;",
}


def mermaid_label(text: object, limit: int = 60) -> str:
    """Text for a quoted Mermaid label: no quotes, markup, backticks (a ``` would end the
    fence) or line breaks; Mermaid's own `#code;` entities instead."""
    s = _INVISIBLE.sub("", _BREAKS.sub(" ", str(text))).strip()
    if len(s) > limit:
        s = s[: limit - 1].rstrip() + "…"
    return "".join(_MERMAID_ENTITIES.get(ch, ch) for ch in s)


def render_markdown(
    result: DiffResult, labels: Labels, out: IO[str], *, mermaid: bool = False, failed_on: list[str] | None = None
) -> None:
    lines: list[str] = [MARKER, "### Journey map changes", ""]
    lines.append(f"Comparing {escape(labels.old)} → {escape(labels.new)}")
    lines.append("")
    changed = result.changed_journeys
    if not result.semantic:
        n = result.journeys_compared
        lines.append(
            f"**No semantic changes** ({n} journey{'s' if n != 1 else ''} compared; comments and formatting are ignored)."
        )
        out.write("\n".join(lines) + "\n")
        return
    lines.append(_headline(result, failed_on or []))
    lines.append("")
    if changed:
        lines += _summary_table(changed)
        lines.append("")
    for j in changed:
        lines += _journey_section(j, result.lint.introduced, result.lint.fixed, mermaid, result.catalogue)
    if result.personas:
        n = len(result.personas)
        head = f"<strong>Persona library</strong> · {n} change{'s' if n != 1 else ''}"
        lines += _details(head, _blocks_tables(result.personas, result.catalogue))
    if result.lint.introduced or result.lint.fixed:
        lines += _lint_section(result.lint.introduced, result.lint.fixed)
    out.write("\n".join(lines).rstrip("\n") + "\n")


def _headline(result: DiffResult, failed_on: list[str]) -> str:
    n = len(result.changed_journeys)
    parts = [f"**{n} journey{'s' if n != 1 else ''} changed**"]
    total = len(result.changes)
    by_level = ", ".join(f"{result.count(lv)} {lv}" for lv in ("high", "medium", "low") if result.count(lv))
    parts.append(f"{total} change{'s' if total != 1 else ''}" + (f" ({by_level})" if by_level else ""))
    lost = sum(1 for c in result.changes if c.kind == "coverage-lost")
    gained = sum(1 for c in result.changes if c.kind == "coverage-gained")
    if lost or gained:
        parts.append(f"coverage: {lost} cell{'s' if lost != 1 else ''} lost, {gained} gained")
    errors = len(result.lint.new_errors)
    others = len(result.lint.introduced) - errors
    fixed = len(result.lint.fixed)
    if errors or others or fixed:
        parts.append(f"lint: {errors} new error{'s' if errors != 1 else ''}, {others} other new, {fixed} fixed")
    measured = result.measured_journeys
    if measured:
        drops = sum(len(j.measured.conversion_drops) for j in measured if j.measured)
        part = f"measured: {len(measured)} journey{'s' if len(measured) != 1 else ''} moved"
        if drops:
            part += f", conversion down in {drops} stage{'s' if drops != 1 else ''}"
        parts.append(part)
    text = " · ".join(parts)
    if failed_on:
        text += f" · ❌ fails on: {', '.join(failed_on)}"
    return text


def _summary_table(journeys: list[JourneyDiff]) -> list[str]:
    rows = [
        "| Journey | Status | Changes | High | Added | Removed | Renamed | Moved | Emotion ▲/▼ | Coverage −/+ |",
        "|---|---|--:|--:|--:|--:|--:|--:|:-:|:-:|",
    ]
    for j in journeys:
        n = journey_counts(j)
        rows.append(
            f"| {code(j.id)} | {j.status} | {n['changes']} | {n['high']} | {n['added']} | {n['removed']} "
            f"| {n['renamed']} | {n['moved']} | {n['improved']} / {n['worsened']} "
            f"| {n['cells_lost']} / {n['cells_gained']} |"
        )
    return rows


def _details(summary_html: str, body: list[str]) -> list[str]:
    """A collapsed section; `summary_html` must already be HTML-safe (escape_html)."""
    return ["<details>", f"<summary>{summary_html}</summary>", "", *body, "</details>", ""]


def _journey_section(
    j: JourneyDiff, introduced: list[Finding], fixed: list[Finding], mermaid: bool, catalogue: Catalogue
) -> list[str]:
    n = len(j.changes)
    note = f"{j.status}, {n} change{'s' if n != 1 else ''}"
    if j.count("high"):
        note += f" ({j.count('high')} high)"
    if j.measured is not None:
        note += ", measured figures moved"
    head = f"<strong>{escape_html(j.id)}</strong>: {escape_html(j.title, 120)} · {note}"
    body: list[str] = []
    files = [f for f in (j.old_file, j.new_file) if f]
    if files:
        body += ["Files: " + " → ".join(dict.fromkeys(escape(f) for f in files)), ""]
    if j.old_id and j.old_id != j.id:
        body += [f"Compared with {code(j.old_id)}.", ""]
    body += _blocks_tables(j.changes, catalogue)
    body += _stage_table(j)
    body += _coverage_table(j)
    if j.measured is not None:
        body += _measured_tables(j.measured)
    if mermaid and j.stages:
        body += _mermaid(j)
    return _details(head, body)


def _blocks_tables(changes: list[Change], catalogue: Catalogue) -> list[str]:
    out: list[str] = []
    for entity, group in blocks(changes).items():
        out += [f"**{ENTITY_TITLES[entity]}**", "", "| | Change | Id | Details |", "|---|---|---|---|"]
        out += [_block_row(b, catalogue) for b in group]
        out.append("")
    return out


def _block_row(b: Block, catalogue: Catalogue) -> str:
    parts: list[str] = []
    if b.kind in ("added", "removed") and b.label:
        parts.append(escape(b.label))
    if b.stage and b.entity == "touchpoint" and b.kind in ("added", "removed"):
        parts.append(f"in stage {code(b.stage)}")
    for c in b.changes:
        line = detail(c, catalogue)
        if line is not None:
            parts.append(_escape_detail(c, line))
    if b.kind not in ("added", "removed") and b.label and b.entity != "journey":
        parts.insert(0, f"<em>{escape(b.label, 120)}</em>")
    ident = code(b.id) if b.id != "stages" else "(stage order)"
    return f"| {_ICON[b.severity]} | {b.kind} | {ident} | {'<br>'.join(parts)} |"


def _escape_detail(c: Change, line: str) -> str:
    # `detail` builds plain words; only its user-provided parts need escaping, but escaping
    # the whole line is simpler and leaves the arrows and field names readable.
    return escape(line, 600)


def _stage_table(j: JourneyDiff) -> list[str]:
    rows = [s for s in j.stages if s.changed]
    if not rows:
        return []
    out = [
        "**Stages: touchpoints and mean emotion**",
        "",
        "| Stage | Touchpoints | Mean emotion |",
        "|---|:-:|:-:|",
    ]
    for s in rows:
        before = "–" if s.before is None else str(s.before)
        after = "–" if s.after is None else str(s.after)
        delta = ""
        if s.before is not None and s.after is not None and s.before != s.after:
            delta = f" ({s.after - s.before:+d})"
        emo = f"{fmt_mean(s.emotion_before)} → {fmt_mean(s.emotion_after)} {arrow(s.emotion_before, s.emotion_after)}"
        out.append(f"| {escape(s.title, 80)} ({code(s.id)}) | {before} → {after}{delta} | {emo.strip()} |")
    out.append("")
    return out


def _coverage_table(j: JourneyDiff) -> list[str]:
    cells = list(coverage_changes(j))
    before, after = j.stage_coverage
    out: list[str] = []
    if before is not None and after is not None and before != after:
        out += [f"Stage coverage: {before:.0%} → {after:.0%}", ""]
    if not cells:
        return out
    out += ["**Coverage delta** (persona × stage)", "", "| | Persona | Stage | Touchpoints |", "|---|---|---|:-:|"]
    for c in cells:
        word = "lost" if c.kind == "coverage-lost" else "gained"
        out.append(
            f"| {_ICON[c.severity]} {word} | {code(c.id)} | {code(c.stage or '')} | {fmt(c.old)} → {fmt(c.new)} |"
        )
    out.append("")
    return out


def _cell(f: Figure) -> str:
    # Figures are numbers or "<N>" (validated), but escaping keeps "<" inert all the same.
    return escape(figure_text(f)) + _TONE[f.tone]


def _measured_tables(m: MeasuredDiff) -> list[str]:
    out = [f"**Measured** ({escape(measured_when(m))})", ""]
    out += ["| " + " | ".join(FIGURE_TITLES[f.name].capitalize() for f in m.totals) + " |"]
    out += ["|" + ":-:|" * len(m.totals), "| " + " | ".join(_cell(f) for f in m.totals) + " |", ""]
    if m.funnel:
        titles = " | ".join(FIGURE_TITLES[n].capitalize() for n in FUNNEL_SHOWN)
        out += ["**Funnel**", "", f"| Stage | {titles} |", "|---|" + ":-:|" * len(FUNNEL_SHOWN)]
        for r in m.funnel:
            cells = " | ".join(_cell(r.figure(n)) for n in FUNNEL_SHOWN)
            out.append(f"| {escape(r.title, 80)} ({code(r.stage)}) | {cells} |")
        out.append("")
    out += _movers_table("Reach: moved most", "share of the journey's accounts", m.reach, m.more_reach)
    out += _movers_table("Surveys: moved most", "emotion on the map's 1..5 scale", m.surveys, m.more_surveys)
    return out


def _movers_table(title: str, what: str, movers: list[Mover], more: int) -> list[str]:
    if not movers:
        return []
    out = [f"**{title}** ({what})", "", f"| Touchpoint | {FIGURE_TITLES[movers[0].figure.name].capitalize()} | |"]
    out.append("|---|:-:|---|")
    for mv in movers:
        context = ", ".join(f"{FIGURE_TITLES.get(f.name, f.name)} {_cell(f)}" for f in mv.context)
        out.append(f"| {code(mv.touchpoint)} <em>{escape(mv.label, 120)}</em> | {_cell(mv.figure)} | {context} |")
    if more:
        out.append(f"| and {more} more | | |")
    out.append("")
    return out


def _mermaid(j: JourneyDiff) -> list[str]:
    touched = changed_stages(j)
    removed = {c.id for c in j.changes if c.entity == "stage" and c.kind == "removed"}
    added = {c.id for c in j.changes if c.entity == "stage" and c.kind == "added"}
    out = ["```mermaid", "flowchart LR"]
    for i, s in enumerate(j.stages):
        counts = f"{'–' if s.before is None else s.before} → {'–' if s.after is None else s.after} touchpoints"
        if s.emotion_before != s.emotion_after:
            counts += f"<br/>emotion {fmt_mean(s.emotion_before)} → {fmt_mean(s.emotion_after)}"
        cls = "removed" if s.id in removed else "added" if s.id in added else "changed" if s.id in touched else ""
        node = f'  s{i}["{mermaid_label(s.title)}<br/>{counts}"]'
        out.append(node + (f":::{cls}" if cls else ""))
    out += [f"  s{i} --> s{i + 1}" for i in range(len(j.stages) - 1)]
    out += [
        "  classDef changed fill:#fff3cd,stroke:#b58100",
        "  classDef added fill:#d4edda,stroke:#1e7e34",
        "  classDef removed fill:#f8d7da,stroke:#bd2130,stroke-dasharray:4 2",
        "```",
        "",
    ]
    return out


def _lint_section(introduced: list[Finding], fixed: list[Finding]) -> list[str]:
    body = []
    for title, findings in (("Introduced", introduced), ("Fixed", fixed)):
        if not findings:
            continue
        body += [f"**{title}**", "", "| Severity | Rule | Where | Message |", "|---|---|---|---|"]
        body += [
            f"| {f.severity.value} | {code(f.code)} | {escape(f'{f.file}:{f.line}:{f.column}')} | {escape(f.message)} |"
            for f in findings
        ]
        body.append("")
    return _details(f"<strong>Lint</strong> · {len(introduced)} introduced, {len(fixed)} fixed", body)
