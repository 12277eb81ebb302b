"""Human output: findings grouped by file, compiler style, with the source line and a caret."""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Callable
from itertools import groupby
from typing import IO, TYPE_CHECKING

from ..findings import Finding, Severity
from ..safetext import visible
from . import Report

if TYPE_CHECKING:
    from rich.console import Console

# One printed block: its base style and its (text, style) pieces, as rich's Text holds them.
Styled = tuple[str, list[tuple[str, str]]]

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
# A quoted string, or a plain scalar up to a comment, a flow indicator or a `key:` colon.
_TOKEN = re.compile(r"\"[^\"]*\"?|'[^']*'?|[^\s,\[\]{}#][^,\[\]{}]*?(?=\s*(?:$|\s#|,|\[|\]|\}|:(?:\s|$)))")


def make_console(out: IO[str]) -> Console:
    from rich.console import Console

    # soft_wrap: never break a finding across lines when piped (grep, CI logs).
    return Console(file=out, soft_wrap=True, highlight=False)


def _styled(out: IO[str]) -> bool:
    """Whether rich would style this output: rich's own test (`Console.is_terminal`), without rich.

    Piped output (pre-commit, CI, `| grep`) is plain text, written here without importing
    rich, whose import is about 20 ms, 7% of a short `cjm validate`.
    """
    compatible = os.environ.get("TTY_COMPATIBLE", "")
    if compatible in ("0", "1"):
        return compatible == "1"
    force = os.environ.get("FORCE_COLOR")
    if force is not None:
        return force != ""
    isatty = getattr(out, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # a closed file
        return False


def _printer(out: IO[str]) -> Callable[[Styled | None], None]:
    if not _styled(out):

        def plain(block: Styled | None) -> None:
            out.write("".join(piece for piece, _ in block[1]) + "\n" if block else "\n")

        return plain
    from rich.text import Text

    console = make_console(out)

    def styled(block: Styled | None) -> None:
        if block is None:
            console.print()
            return
        text = Text(style=block[0])
        for piece, style in block[1]:
            text.append(piece, style=style)
        console.print(text)

    return styled


def report_text(report: Report, out: IO[str]) -> None:
    emit = _printer(out)
    shown = report.findings if report.show_info else [f for f in report.findings if f.severity is not Severity.INFO]
    for file, group in groupby(shown, key=lambda f: f.file):
        lines = report.sources.get(file, "").splitlines()
        emit(("bold underline", [(visible(file), "")]))
        for finding in group:
            emit(_headline(finding))
            source = _source(finding, lines)
            if source is not None:
                emit(source)
        emit(None)
    if report.summary:
        emit(_summary(report))


def _headline(f: Finding) -> Styled:
    return (
        "",
        [
            (f"{visible(f.file)}:{f.line}:{f.column}", "bold"),
            (": ", ""),
            (f.severity.value, _STYLE[f.severity]),
            (f" [{f.code}] ", "dim"),
            (visible(f.message), ""),
        ],
    )


def _source(f: Finding, lines: list[str]) -> Styled | None:
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
    return (
        "dim",
        [
            (gutter, ""),
            (visible(line), ""),
            ("\n", ""),
            (" " * (len(gutter) - 2) + "│ ", "dim"),
            (" " * offset + "^" * width, _STYLE[f.severity]),
        ],
    )


def _summary(report: Report) -> Styled:
    errors, warnings, infos = (report.count(s) for s in (Severity.ERROR, Severity.WARNING, Severity.INFO))
    checked = f"{report.files_checked} file{'s' if report.files_checked != 1 else ''} checked"
    if not report.findings:
        return ("bold green", [(f"✓ {checked}: no problems found.", "")])
    files = len({f.file for f in report.findings})
    parts = [_plural(errors, "error"), _plural(warnings, "warning"), _plural(infos, "info")]
    shown = ", ".join(p for p in parts if p)
    where = f"in {files} file{'s' if files != 1 else ''} ({checked})."
    if errors:
        summary: Styled = ("bold red", [(f"✗ {shown} {where}", "")])
    elif warnings:
        summary = ("bold yellow", [(f"! {shown} {where}", "")])
    else:
        # Info findings are suggestions, not failures: the summary must not read like one.
        summary = ("bold green", [(f"✓ no errors or warnings; {shown} {where}", "")])
    if infos and not report.show_info:
        by_rule = Counter(f.code for f in report.findings if f.severity is Severity.INFO)
        rules = ", ".join(f"{code} {n}" for code, n in sorted(by_rule.items(), key=lambda item: (-item[1], item[0])))
        summary[1].append((f"\n  Info findings are suggestions ({rules}): --show-info lists them.", ""))
    return summary


def _plural(n: int, word: str) -> str:
    if not n:
        return ""
    return f"{n} {word}" if n == 1 or word == "info" else f"{n} {word}s"
