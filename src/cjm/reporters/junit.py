"""`--format junit`: JUnit XML for CI test dashboards.

One `<testsuite>` for the run and one `<testcase>` per file checked; each error or
warning is a `<failure>` of its file's testcase (so a dashboard lists them all), infos go
to the testcase's `<system-out>`. No timestamps or host names: the same input gives the
same bytes. Built with xml.etree, so text and attributes are escaped; characters that XML
1.0 cannot carry at all are written as `\\xNN`.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import IO

from ..findings import Finding, Severity
from . import Report

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def _line(f: Finding) -> str:
    return _clean(f"{f.file}:{f.line}:{f.column}: {f.severity.value} [{f.code}] {f.message}")


def report_junit(report: Report, out: IO[str]) -> None:
    by_file: dict[str, list[Finding]] = {}
    for finding in report.findings:
        by_file.setdefault(finding.file, []).append(finding)
    files = sorted(set(report.sources) | set(by_file))
    failures = sum(1 for f in report.findings if f.severity is not Severity.INFO)
    counts = {"tests": str(len(files)), "failures": str(failures), "errors": "0"}
    suites = ET.Element("testsuites", {"name": "cjm", **counts})
    suite = ET.SubElement(suites, "testsuite", {"name": "cjm validate", **counts, "skipped": "0"})
    for file in files:
        case = ET.SubElement(suite, "testcase", {"classname": "cjm.validate", "name": _clean(file)})
        found = by_file.get(file, [])
        for f in found:
            if f.severity is Severity.INFO:
                continue
            failure = ET.SubElement(
                case, "failure", {"type": f.code, "message": _clean(f"{f.severity.value}: {f.message}")}
            )
            failure.text = _line(f)
        infos = [_line(f) for f in found if f.severity is Severity.INFO]
        if infos:
            ET.SubElement(case, "system-out").text = "\n".join(infos)
    ET.indent(suites)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(suites, encoding="unicode"))
    out.write("\n")
