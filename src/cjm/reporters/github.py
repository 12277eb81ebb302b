"""`--format github`: GitHub Actions workflow commands, one annotation per finding.

    ::error file=journeys/saas.yaml,line=12,col=5,title=missing-owner::touchpoint 'demo' has no owner; ...

Values are escaped as the Actions runner expects: `%`, CR and LF in the message; also `:`
and `,` in the properties. Other control characters and bidi overrides are shown escaped. A plain summary line follows for the log.
"""

from __future__ import annotations

from typing import IO

from ..findings import Severity
from ..safetext import visible
from . import Report

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    # CR and LF as the runner expects; other control characters (the log renders ANSI colour
    # codes) and bidi overrides shown escaped, so a journey value cannot restyle the log.
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return visible(text)


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def report_github(report: Report, out: IO[str]) -> None:
    for f in report.findings:
        props = ",".join(
            f"{key}={escape_property(str(value))}"
            for key, value in (("file", f.file), ("line", f.line), ("col", f.column), ("title", f.code))
        )
        out.write(f"::{_LEVEL[f.severity]} {props}::{escape_data(f.message)}\n")
    if report.summary:
        out.write(summary_line(report) + "\n")


def summary_line(report: Report) -> str:
    counts = ", ".join(
        f"{report.count(s)} {s.value}{'s' if s is not Severity.INFO and report.count(s) != 1 else ''}"
        for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)
    )
    files = report.files_checked
    return f"cjm: {counts} ({files} file{'s' if files != 1 else ''} checked)"
