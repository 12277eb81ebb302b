"""`validate(workspace)`: every finding `cjm validate` reports; `check_format(workspace)`: the
format checks alone (syntax, schema, references), without the lint rules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from .findings import Finding, Severity, sort_findings
from .references import check_references
from .workspace import Workspace


def check_format(ws: Workspace) -> list[Finding]:
    """Syntax, schema and reference findings for the files `ws` reports on, sorted; no lint rules.

    Whether the files are well-formed cjm maps at all: what a command that reads the model
    (`cjm stats`, `cjm render`, `cjm measure`) must refuse to work past. `validate(ws)` adds
    the practice rules on top.
    """
    reported = {f.display for f in ws.target_files}
    findings: list[Finding] = list(ws.notes)
    if ws.config_file is not None:
        findings += ws.config_file.findings
        reported.add(ws.config_file.display)
    for f in ws.target_files:
        findings += f.findings
    findings += [x for x in check_references(ws) if x.file in reported]
    return sort_findings(findings)


def validate(
    ws: Workspace,
    *,
    today: dt.date | None = None,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    lint: bool = True,
) -> list[Finding]:
    """Every finding `cjm validate` reports for the files `ws` reports on, sorted.

    `check_format(ws)` plus the lint rules (`cjm.linter.lint`: `today` defaults to the current
    date, `select`/`ignore` pick rules) on the files free of errors. `lint=False` is
    `check_format(ws)`.
    """
    findings = check_format(ws)
    if not lint:
        return findings
    from .linter import lint as run_lint  # rules load only when linting

    # Practice rules on a file that is not yet a valid journey (a broken reference
    # included) would report consequences of the error, not the map: lint it once fixed.
    broken = {f.file for f in findings if f.severity is Severity.ERROR}
    findings += [
        x
        for x in run_lint(ws, today=today, select=select, ignore=ignore)
        if x.file not in broken or x.file == getattr(ws.config_file, "display", None)
    ]
    return sort_findings(findings)


class _CallableModule(__import__("types").ModuleType):
    """`cjm.validate(ws)` is the public API, but importing this submodule rebinds the package
    attribute `cjm.validate` to the module; making the module callable keeps both spellings
    (`cjm.validate(ws)` and `cjm.validate.validate(ws)`) working without eager imports."""

    def __call__(self, *args: object, **kwargs: object) -> list[Finding]:
        return self.validate(*args, **kwargs)


__import__("sys").modules[__name__].__class__ = _CallableModule
