"""`--format sarif`: SARIF 2.1.0, the format code-scanning tools (GitHub, Azure DevOps) read.

One run of the `cjm` driver. Its rule metadata lists every lint rule (summary, rationale,
full documentation, default level) plus the format checks that occur in the results
(syntax, schema and reference codes). File locations are relative URIs against
`%SRCROOT%` when the file lies below it: the repository's top level (else the workspace
root) that `originalUriBaseIds` names, so the URIs are the same whichever directory cjm ran
in and code scanning can map them to the checkout. Messages show control characters and
bidi overrides escaped (`\x1b`, `\u202e`): a viewer must not obey them.
"""

from __future__ import annotations

import json
import os
from pathlib import Path, PurePosixPath
from typing import IO, Any
from urllib.parse import quote

from .. import __version__
from ..findings import Finding, Severity
from ..safetext import visible
from . import Report

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def report_sarif(report: Report, out: IO[str]) -> None:
    out.write(json.dumps(sarif_log(report), indent=2, ensure_ascii=False) + "\n")


def sarif_log(report: Report) -> dict[str, Any]:
    rules = _rule_descriptors(report.findings)
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    run: dict[str, Any] = {"tool": {"driver": {"name": "cjm", "version": __version__, "rules": rules}}}
    if report.base is not None:
        run["originalUriBaseIds"] = {"%SRCROOT%": {"uri": report.base.absolute().as_uri().rstrip("/") + "/"}}
    run["columnKind"] = "unicodeCodePoints"
    run["results"] = [_result(f, index[f.code], report.base) for f in report.findings]
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def _rule_descriptors(findings: list[Finding]) -> list[dict[str, Any]]:
    from ..rules import RULES
    from ..rules.base import summary

    descriptors = [
        {
            "id": rule.ID,
            "shortDescription": {"text": summary(rule)},
            "fullDescription": {"text": rule.RATIONALE},
            "help": {"text": (rule.__doc__ or "").strip(), "markdown": (rule.__doc__ or "").strip()},
            "defaultConfiguration": {"level": LEVEL[rule.DEFAULT_SEVERITY]},
            "properties": {"tags": ["lint"]},
        }
        for rule in RULES.values()
    ]
    others: dict[str, Severity] = {}
    for f in findings:
        if f.code not in RULES:
            others.setdefault(f.code, f.severity)
    for code in sorted(others):
        descriptors.append(
            {
                "id": code,
                "shortDescription": {"text": f"cjm check '{code}' (syntax, schema, references or configuration)"},
                "help": {
                    "text": "A check of the cjm file format. It always runs and cannot be turned off: "
                    "fix the file as the finding's message says."
                },
                "defaultConfiguration": {"level": LEVEL[others[code]]},
                "properties": {"tags": ["format"]},
            }
        )
    return descriptors


def _result(f: Finding, rule_index: int, base: Path | None) -> dict[str, Any]:
    return {
        "ruleId": f.code,
        "ruleIndex": rule_index,
        "level": LEVEL[f.severity],
        "message": {"text": visible(f.message, keep_newlines=True)},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": artifact_location(f.file, base),
                    "region": {"startLine": f.line, "startColumn": f.column},
                }
            }
        ],
    }


def artifact_location(file: str, base: Path | None = None) -> dict[str, str]:
    """A finding's file (as displayed: relative to the current directory, or absolute) as a
    URI relative to `base` (`%SRCROOT%`) when it lies below it, else an absolute file URI."""
    path = PurePosixPath(file)
    if base is not None:
        absolute = PurePosixPath(os.path.abspath(file))
        root = PurePosixPath(os.path.abspath(base))
        if absolute.is_relative_to(root):
            return {"uri": quote(absolute.relative_to(root).as_posix()), "uriBaseId": "%SRCROOT%"}
        return {"uri": "file://" + quote(absolute.as_posix())}
    if path.is_absolute():
        return {"uri": "file://" + quote(path.as_posix())}
    return {"uri": quote(path.as_posix()), "uriBaseId": "%SRCROOT%"}
