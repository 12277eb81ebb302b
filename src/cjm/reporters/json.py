"""`--format json`: a stable, documented shape for other tools.

{"version": 1, "files_checked": 7,
 "summary": {"error": 1, "warning": 0, "info": 0},
 "findings": [{"file": ..., "line": 1, "column": 1, "code": ..., "severity": ..., "message": ...}]}
"""

from __future__ import annotations

import json
from typing import IO

from ..findings import Severity
from . import Report


def report_json(report: Report, out: IO[str]) -> None:
    doc = {
        "version": 1,
        "files_checked": report.files_checked,
        "summary": {s.value: report.count(s) for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)},
        "findings": [f.as_dict() for f in report.findings],
    }
    out.write(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
