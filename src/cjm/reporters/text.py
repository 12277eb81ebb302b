"""Human output: findings grouped by file, compiler style, with the source line and a caret."""

from __future__ import annotations

import re
from collections import Counter
from itertools import groupby
from typing import IO

from rich.console import Console
from rich.text import Text

from ..findings import Finding, Severity
from ..safetext import visible
from . import Report

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
# A quoted string, or a plain scalar up to a comment, a flow indicator or a `key:` colon.
_TOKEN = re.compile(r"\"[^\"]*\"?|'[^']*'?|[^\s,\[\]{}#][^,\[\]{}]*?(?=\s*(?:$|\s#|,|\[|\]|\}|:(?:\s|$)))")


def make_console(out: IO[str]) -> Console:
    # soft_wrap: never break a finding across lines when piped (grep, CI logs).
    return Console(file=out, soft_wrap=True, highlight=False)


def report_text(report: Report, out: IO[str]) -> None:
    console = make_console(out)
    shown = report.findings if report.show_info else [f for f in report.findings if f.severity is not Severity.INFO]
    for file, group in groupby(shown, key=lambda f: f.file):
        lines = report.sources.get(file, "").splitlines()
        console.print(Text(visible(file), style="bold underline"))
        for finding in group:
            console.print(_headline(finding))
            source = _source(finding, lines)
            if source is not None:
                console.print(source)
        console.print()
    if report.summary:
        console.print(_summary(report))


def _headline(f: Finding) -> Text:
    text = Text()
    text.append(f"{visible(f.file)}:{f.line}:{f.column}", style="bold")
    text.append(": ")
    text.append(f.severity.value, style=_STYLE[f.severity])
    text.append(f" [{f.code}] ", style="dim")
    text.append(visible(f.message))
    return text


def _source(f: Finding, lines: list[str]) -> Text | None:
    if not 1 <= f.line <= len(lines):
        return None
    # A tab stays in the line, shown as `\t` like any control character: replaced by a space
    # it would be invisible, and a caret pointing at a tab would point at nothing.
    line = lines[f.line - 1]
    if len(line) > 200:
        start = max(0, f.column - 80)
        line = line[start : start + 160]
        col = f.column - start
    else:
        col = f.column
    match = _TOKEN.match(line, col - 1)
    token = match.group(0) if match else line[col - 1 : col]
    # The line is shown with control characters escaped, so the caret moves with them.
    offset, width = len(visible(line[: col - 1])), max(1, len(visible(token)))
    gutter = f"{f.line:>6} │ "
    text = Text(gutter, style="dim")
    text.append(visible(line))
    text.append("\n")
    text.append(" " * (len(gutter) - 2) + "│ ", style="dim")
    text.append(" " * offset + "^" * width, style=_STYLE[f.severity])
    return text


def _summary(report: Report) -> Text:
    errors, warnings, infos = (report.count(s) for s in (Severity.ERROR, Severity.WARNING, Severity.INFO))
    checked = f"{report.files_checked} file{'s' if report.files_checked != 1 else ''} checked"
    if not report.findings:
        return Text(f"✓ {checked}: no problems found.", style="bold green")
    files = len({f.file for f in report.findings})
    parts = [_plural(errors, "error"), _plural(warnings, "warning"), _plural(infos, "info")]
    shown = ", ".join(p for p in parts if p)
    where = f"in {files} file{'s' if files != 1 else ''} ({checked})."
    if errors:
        summary = Text(f"✗ {shown} {where}", style="bold red")
    elif warnings:
        summary = Text(f"! {shown} {where}", style="bold yellow")
    else:
        # Info findings are suggestions, not failures: the summary must not read like one.
        summary = Text(f"✓ no errors or warnings; {shown} {where}", style="bold green")
    if infos and not report.show_info:
        by_rule = Counter(f.code for f in report.findings if f.severity is Severity.INFO)
        rules = ", ".join(f"{code} {n}" for code, n in sorted(by_rule.items(), key=lambda item: (-item[1], item[0])))
        summary.append(f"\n  Info findings are suggestions ({rules}): --show-info lists them.", style="")
    return summary


def _plural(n: int, word: str) -> str:
    if not n:
        return ""
    return f"{n} {word}" if n == 1 or word == "info" else f"{n} {word}s"
