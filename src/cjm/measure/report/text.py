"""`cjm measure` text output: per journey, the funnel, the touchpoints, conformance, blind
spots and the committee, as aligned tables. Text from the data (activity names) is shown
with control characters escaped, so a log cannot drive the terminal."""

from __future__ import annotations

from collections.abc import Sequence
from typing import IO

from ...safetext import visible
from ..figures import JourneyFigures, MeasureResult
from ..rounding import Value

SHOWN = 10  # longest lists (blind spots, undesigned transitions) show this many


def escape(text: object) -> str:
    return visible(text)


def cell(value: Value) -> str:
    if value is None:
        return "-"
    return escape(value)  # floats as repr: 6.0, 0.667 (the spelling of the written blocks)


def table(head: Sequence[str], rows: Sequence[Sequence[str]], indent: str = "  ", left: int = 1) -> list[str]:
    """Columns padded to their widest cell: the first `left` (names) flush left, figures right."""
    widths = [max(len(str(r[i])) for r in [head, *rows]) for i in range(len(head))]

    def line(r: Sequence[str]) -> str:
        cells = [
            str(c).ljust(w) if i < left else str(c).rjust(w) for i, (c, w) in enumerate(zip(r, widths, strict=True))
        ]
        return (indent + "  ".join(cells)).rstrip()

    return [line(head), *(line(r) for r in rows)]


def journey_lines(jf: JourneyFigures, min_group: int) -> list[str]:
    out = [f"{escape(jf.title)} ({jf.id}, {escape(jf.file)})"]
    if not jf.measured:
        out.append("  not measured: no touchpoint has events:")
        return out
    out.append(
        f"  {cell(jf.events)} events, {cell(jf.accounts)} accounts, {cell(jf.unmapped_events)} unmapped events; "
        f"window {jf.window_from} to {jf.window_to}"
    )
    out.append("")
    out.append("  Stages")
    rows = []
    for s in jf.stages:
        if not s.measured:
            rows.append([s.id, "unmeasured", "", "", "", ""])
            continue
        rows.append(
            [s.id, cell(s.accounts), cell(s.conversion), cell(s.drop_off), cell(s.median_days), cell(s.p90_days)]
        )
    out += table(["stage", "accounts", "conversion", "drop-off", "median days", "p90 days"], rows, "    ")
    out.append("")
    out.append("  Touchpoints")
    rows = []
    for t in jf.touchpoints:
        if not t.measured:
            continue
        nxt = ", ".join(f"{k} {cell(v)}" for k, v in t.next.items()) or "-"
        rows.append(
            [
                t.id,
                t.stage,
                cell(t.accounts),
                cell(t.contacts),
                cell(t.share),
                cell(t.visits),
                cell(t.median_days_to_next),
                nxt,
            ]
        )
    out += table(
        ["touchpoint", "stage", "accounts", "contacts", "share", "visits", "days to next", "next"], rows, "    ", left=2
    )
    surveyed = [t for t in jf.touchpoints if t.responses is not None]
    if surveyed:
        out.append("")
        out.append("  Surveys")
        rows = [
            [t.id, cell(t.responses), cell(t.response_rate), cell(t.csat), cell(t.nps), cell(t.ces), cell(t.emotion)]
            for t in surveyed
        ]
        out += table(["touchpoint", "responses", "response rate", "csat", "nps", "ces", "emotion"], rows, "    ")
    out.append("")
    if jf.uses_next:
        out.append(f"  Conformance: {cell(jf.conformance)} of {cell(jf.transitions)} transitions follow next: edges")
        if jf.undesigned:
            shown = ", ".join(f"{t.source} -> {t.target} ({cell(t.count)})" for t in jf.undesigned[:SHOWN])
            more = f" and {len(jf.undesigned) - SHOWN} more" if len(jf.undesigned) > SHOWN else ""
            out.append(f"    not designed, most frequent: {shown}{more}")
        if jf.unobserved:
            out.append("    designed, never observed: " + ", ".join(f"{a} -> {b}" for a, b in jf.unobserved))
    else:
        out.append(f"  Conformance: no next: edges in this journey ({cell(jf.transitions)} transitions observed)")
    if jf.unmapped:
        shown = ", ".join(f"{escape(a)} ({cell(n)})" for a, n in jf.unmapped[:SHOWN])
        more = f" and {len(jf.unmapped) - SHOWN} more" if len(jf.unmapped) > SHOWN else ""
        out.append(f"  Blind spots (activities no touchpoint maps): {shown}{more}")
    if jf.unmeasured:
        out.append("  Unmeasured touchpoints (no events:): " + ", ".join(jf.unmeasured))
    committee = [s for s in jf.stages if s.breadth]
    if committee:
        out.append("")
        out.append("  Committee breadth (roles per account)")
        rows = []
        for s in committee:
            dist = "  ".join(f"{k}: {cell(v)}" for k, v in s.breadth.items())
            conv = "  ".join(f"{k}: {cell(v)}" for k, v in s.conversion_by_breadth.items()) or "-"
            rows.append([s.id, dist, conv])
        out += table(["stage", "accounts by roles", "conversion by roles"], rows, "    ", left=3)
    return out


def report_text(result: MeasureResult, out: IO[str]) -> None:
    blocks = []
    for jf in result.journeys:
        lines = journey_lines(jf, result.min_group)
        for name, seg in jf.segments.items():
            lines += ["", f"  segment {escape(name)}:"]
            lines += ["  " + line if line else line for line in journey_lines(seg, result.min_group)[1:]]
        blocks.append("\n".join(lines))
    out.write("\n\n".join(blocks) + "\n")
    out.write(f"\nFigures from fewer than {result.min_group} accounts are shown as <{result.min_group}.\n")
