"""`cjm measure --format markdown`: the text report's tables as Markdown (a CI job summary,
a pull-request comment). Cells are escaped so data cannot break the table."""

from __future__ import annotations

from collections.abc import Sequence
from typing import IO

from ..figures import JourneyFigures, MeasureResult
from .text import cell


def _md(text: object) -> str:
    return str(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").replace("\r", " ")


def _table(head: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    out = ["| " + " | ".join(head) + " |", "|" + "|".join(["---"] + ["---:"] * (len(head) - 1)) + "|"]
    out += ["| " + " | ".join(_md(c) for c in r) + " |" for r in rows]
    return out


def _journey(jf: JourneyFigures, level: str, title: str) -> list[str]:
    out = [f"{level} {_md(title)} (`{jf.id}`)", ""]
    if not jf.measured:
        return [*out, "Not measured: no touchpoint has `events:`.", ""]
    out.append(
        f"{cell(jf.events)} events, {cell(jf.accounts)} accounts, {cell(jf.unmapped_events)} unmapped events; "
        f"window {jf.window_from} to {jf.window_to}; conformance {cell(jf.conformance)}."
    )
    out.append("")
    rows = [
        [s.id, cell(s.accounts), cell(s.conversion), cell(s.drop_off), cell(s.median_days), cell(s.p90_days)]
        if s.measured
        else [s.id, "unmeasured", "", "", "", ""]
        for s in jf.stages
    ]
    out += _table(["stage", "accounts", "conversion", "drop-off", "median days", "p90 days"], rows)
    out.append("")
    rows = [
        [
            t.id,
            cell(t.accounts),
            cell(t.contacts),
            cell(t.share),
            cell(t.median_days_to_next),
            ", ".join(f"{k} {cell(v)}" for k, v in t.next.items()) or "-",
            cell(t.responses),
            cell(t.emotion),
        ]
        for t in jf.touchpoints
        if t.measured
    ]
    out += _table(["touchpoint", "accounts", "contacts", "share", "days to next", "next", "responses", "emotion"], rows)
    out.append("")
    if jf.undesigned:
        out.append(
            "Most frequent transitions the map does not have: "
            + ", ".join(f"{t.source} → {t.target} ({cell(t.count)})" for t in jf.undesigned[:10])
        )
        out.append("")
    if jf.unmapped:
        out.append("Blind spots: " + ", ".join(f"`{_md(a)}` ({cell(n)})" for a, n in jf.unmapped[:10]))
        out.append("")
    if jf.unmeasured:
        out.append("Unmeasured touchpoints: " + ", ".join(f"`{t}`" for t in jf.unmeasured))
        out.append("")
    return out


def report_markdown(result: MeasureResult, out: IO[str]) -> None:
    lines = ["# cjm measure", ""]
    for jf in result.journeys:
        lines += _journey(jf, "##", jf.title)
        for name, seg in jf.segments.items():
            lines += _journey(seg, "###", f"{jf.title}: segment {name}")
    lines.append(f"Figures from fewer than {result.min_group} accounts are shown as <{result.min_group}.")
    out.write("\n".join(lines) + "\n")
