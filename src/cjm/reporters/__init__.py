"""Reporters: pure functions of findings to a stream. `REPORTERS` supplies `--format`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from ..findings import Finding, Severity


@dataclass
class Report:
    """What a reporter gets: the sorted findings, the files checked, and their text."""

    findings: list[Finding]
    files_checked: int
    sources: dict[str, str] = field(default_factory=dict)
    # `cjm -q`: the human-facing formats leave out their "N files checked" summary line.
    summary: bool = True
    # The text format lists info findings (suggestions such as emotion gaps) only on request:
    # a map full of improvement opportunities would bury its errors. The summary counts them.
    show_info: bool = True
    # Where SARIF URIs are relative to (`%SRCROOT%`): the repository's top level, else the
    # workspace root, so code scanning maps them whatever directory cjm ran in. None: cwd.
    base: Path | None = None

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)


Reporter = Callable[[Report, IO[str]], None]


def get_reporter(name: str) -> Reporter:
    # Imported on demand: the text reporter pulls in rich, which json output never needs.
    if name == "json":
        from .json import report_json

        return report_json
    if name == "sarif":
        from .sarif import report_sarif

        return report_sarif
    if name == "github":
        from .github import report_github

        return report_github
    if name == "junit":
        from .junit import report_junit

        return report_junit
    from .text import report_text

    return report_text


FORMATS = ("text", "json", "sarif", "github", "junit")
