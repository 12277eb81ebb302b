"""Run the lint rules over a workspace's valid journeys and turn their hits into findings.

Rules only say *what* is wrong and *where in the model*; this module decides everything
else: which rules run (`cjm.yaml` `lint.rules`, `lint.overrides`, `--select`/`--ignore`),
their severity and options, the line and column of each hit, and inline suppressions
(`# cjm: disable=RULE[,RULE] -- reason`). An override may disable `all` rules for
generated files; format checks always run.

A suppression comment on a line of its own covers the next line; one after a value covers
its own line. A finding inside a `measured:` block is also covered by a suppression of the
block's `measured:` line: `cjm measure --write` rewrites those blocks whole, so a comment
can only last above them. A suppression that suppresses nothing is reported
(`unused-suppression`, info), and so is one that names an unknown rule (`unknown-rule`,
warning).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from types import ModuleType
from typing import Protocol

from pydantic import ValidationError

from . import clock
from .discovery import matches, relative_posix
from .errors import UserError
from .findings import Finding, Severity, sort_findings
from .hints import did_you_mean
from .model import Journey, Persona, PersonaLibrary, RuleSetting
from .positions import locate
from .rules import RULES
from .rules.base import RuleContext, RuleOptions, options_model
from .workspace import SourceFile, Workspace

UNKNOWN_RULE = "unknown-rule"
INVALID_OPTION = "invalid-rule-option"
UNUSED_SUPPRESSION = "unused-suppression"
ALL_RULES = "all"
"""In `lint.overrides` `disable`: every lint rule (format checks still run)."""

_SUPPRESSION = re.compile(r"(?:^|(?<=\s))#\s*cjm:\s*disable\s*=\s*(?P<body>.*)$")


class _Report(Protocol):
    def __call__(self, path: tuple[str | int, ...], code: str, message: str, *, at_key: bool = False) -> None: ...


@dataclass(frozen=True)
class RuleConfig:
    """A rule as configured for a run: its severity (None: off) and validated options."""

    rule: ModuleType
    severity: Severity | None
    options: RuleOptions


@dataclass
class LintPlan:
    """The resolved lint configuration of one workspace, and the problems found in it."""

    rules: dict[str, RuleConfig]
    overrides: list[tuple[list[str], frozenset[str]]] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    def enabled_for(self, relative: str) -> list[RuleConfig]:
        """The rules that run on a file (workspace-relative posix path), in id order."""
        disabled: set[str] = set()
        for globs, rules in self.overrides:
            if matches(relative, globs):
                disabled |= rules
        return [c for rid, c in self.rules.items() if c.severity is not None and rid not in disabled]


@dataclass(frozen=True)
class Suppression:
    """`# cjm: disable=...` at `line`/`column` (1-based); `own_line` when nothing precedes it."""

    line: int
    column: int
    rules: tuple[str, ...]
    own_line: bool
    reason: str = ""

    def covers(self, line: int) -> bool:
        return line == self.line or (self.own_line and line == self.line + 1)


def unknown_rule(rule_id: str) -> str:
    """ "unknown rule 'x'; did you mean 'y'? (`cjm rules` lists them)"."""
    return f"unknown rule '{rule_id}'{did_you_mean(rule_id, RULES)} (`cjm rules` lists them)"


def check_rule_ids(ids: Iterable[str]) -> list[str]:
    """Split and check rule ids given on the command line; UserError for an unknown one."""
    out: list[str] = []
    for item in ids:
        for rid in (part.strip() for part in item.split(",")):
            if not rid:
                continue
            if rid not in RULES:
                raise UserError(
                    f"{unknown_rule(rid)}; format checks such as unknown-key always run and cannot be selected"
                )
            out.append(rid)
    return list(dict.fromkeys(out))


def lint(
    ws: Workspace,
    *,
    today: dt.date | None = None,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
) -> list[Finding]:
    """Lint findings for the workspace's valid target journeys, plus problems in its lint config.

    `select` runs only those rules (even ones `cjm.yaml` turns off, at their default
    severity); `ignore` turns rules off. Both raise UserError for unknown rule ids.
    """
    plan = resolve_plan(ws, select=select, ignore=ignore)
    ctx = RuleContext(today=today or clock.today(), library=library_personas(ws), metrics=ws.config.metrics)
    findings = list(plan.findings)
    for source, journey in ws.valid_journeys():
        if not journey.stages_known:
            continue  # a stage model cjm.yaml should define: rules would judge a map without stages
        rules = plan.enabled_for(relative_posix(source.path, ws.root))
        findings += lint_source(source, journey, rules, ctx)
    return sort_findings(findings)


def lint_source(source: SourceFile, journey: Journey, rules: list[RuleConfig], ctx: RuleContext) -> list[Finding]:
    """Run `rules` on one journey, place each hit, and apply the file's suppressions."""
    ctx = replace(ctx, text=source.text, data=source.data)
    hits: list[Finding] = []
    blocks: dict[int, int] = {}  # index in hits -> line of the `measured:` key the hit is under
    for config in rules:
        assert config.severity is not None
        for hit in config.rule.check(journey, config.options, ctx):
            span = locate(source.data, hit.path, at_key=hit.at_key)
            if "measured" in hit.path:
                block = hit.path[: hit.path.index("measured") + 1]
                blocks[len(hits)] = locate(source.data, block, at_key=True).line
            hits.append(Finding(source.display, span.line, span.column, config.rule.ID, config.severity, hit.message))
    return _apply_suppressions(source, hits, {c.rule.ID for c in rules}, blocks)


def parse_suppressions(text: str) -> list[Suppression]:
    """Every `# cjm: disable=...` comment in the raw text, in line order."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        if "cjm:" not in line:
            continue
        match = _SUPPRESSION.search(line)
        if match is None:
            continue
        body, _, reason = match["body"].partition(" --")
        rules = tuple(re.findall(r"[^,\s]+", body))
        found.append(
            Suppression(
                line=number,
                column=match.start() + 1,
                rules=rules,
                own_line=not line[: match.start()].strip(),
                reason=reason.strip(),
            )
        )
    return found


def _apply_suppressions(
    source: SourceFile, hits: list[Finding], ran: set[str], blocks: dict[int, int] | None = None
) -> list[Finding]:
    suppressions = parse_suppressions(source.text)
    covering: dict[int, list[Suppression]] = {}
    for s in suppressions:
        for line in (s.line, s.line + 1) if s.own_line else (s.line,):
            covering.setdefault(line, []).append(s)
    used: set[tuple[int, str]] = set()
    kept = []
    for i, f in enumerate(hits):
        lines = (f.line, blocks[i]) if blocks and i in blocks else (f.line,)
        by = [s for line in lines for s in covering.get(line, ()) if f.code in s.rules]
        if by:
            used.update((s.line, f.code) for s in by)
        else:
            kept.append(f)
    for s in suppressions:
        at = (source.display, s.line, s.column)
        if not s.rules:
            kept.append(
                Finding(*at, UNKNOWN_RULE, Severity.WARNING, "suppression names no rule; write `# cjm: disable=RULE`")
            )
        for rid in s.rules:
            if rid not in RULES:
                kept.append(
                    Finding(
                        *at,
                        UNKNOWN_RULE,
                        Severity.WARNING,
                        f"suppression names an {unknown_rule(rid)}; only lint rules can be suppressed",
                    )
                )
            elif rid in ran and (s.line, rid) not in used:
                where = "this line or the next" if s.own_line else "this line"
                kept.append(
                    Finding(
                        *at,
                        UNUSED_SUPPRESSION,
                        Severity.INFO,
                        f"'{rid}' reports nothing on {where}, so its suppression is unused; remove it",
                    )
                )
    return kept


def resolve_plan(
    ws: Workspace, *, select: Iterable[str] | None = None, ignore: Iterable[str] | None = None
) -> LintPlan:
    """Severities and options per rule from `cjm.yaml` and the command line."""
    selected = set(check_rule_ids(select)) if select is not None else None
    ignored = set(check_rule_ids(ignore or ()))
    config_display = ws.config_file.display if ws.config_file is not None else "cjm.yaml"
    config_data = ws.config_file.data if ws.config_file is not None else None
    findings: list[Finding] = []

    def report(path: tuple[str | int, ...], code: str, message: str, *, at_key: bool = False) -> None:
        span = locate(config_data, path, at_key=at_key)
        findings.append(Finding(config_display, span.line, span.column, code, Severity.ERROR, message))

    settings = ws.config.lint.rules
    for rid in settings:
        if rid not in RULES:
            report(
                ("lint", "rules", rid),
                UNKNOWN_RULE,
                unknown_rule(rid),
                at_key=True,
            )
    rules: dict[str, RuleConfig] = {}
    for rid, rule in RULES.items():
        severity, options = _configured(rule, settings.get(rid), report)
        if selected is not None:
            if rid not in selected:
                severity = None
            elif severity is None:
                severity = rule.DEFAULT_SEVERITY
        if rid in ignored:
            severity = None
        rules[rid] = RuleConfig(rule, severity, options)

    overrides = []
    for i, override in enumerate(ws.config.lint.overrides):
        for j, rid in enumerate(override.disable):
            if rid not in RULES and rid != ALL_RULES:
                report(
                    ("lint", "overrides", i, "disable", j),
                    UNKNOWN_RULE,
                    f"{unknown_rule(rid)}; `{ALL_RULES}` turns every rule off",
                )
        disabled = frozenset(RULES) if ALL_RULES in override.disable else frozenset(override.disable)
        overrides.append((list(override.files), disabled))
    return LintPlan(rules=rules, overrides=overrides, findings=findings)


def _configured(
    rule: ModuleType, setting: str | RuleSetting | None, report: _Report
) -> tuple[Severity | None, RuleOptions]:
    model = options_model(rule)
    if setting is None:
        return rule.DEFAULT_SEVERITY, model()
    if isinstance(setting, str):
        return _severity(setting), model()
    severity = _severity(setting.severity) if setting.severity is not None else rule.DEFAULT_SEVERITY
    try:
        return severity, model.model_validate(setting.model_extra or {})
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            loc = tuple(err["loc"])
            name = str(loc[0]) if loc else "options"
            known = list(model.model_fields)
            if err["type"] == "extra_forbidden":
                takes = f"its options are {', '.join(known)}" if known else "it takes no options"
                message = f"rule '{rule.ID}' has no option '{name}'{did_you_mean(name, known)}; {takes}"
            else:
                message = f"option '{name}' of rule '{rule.ID}': {err['msg'][0].lower()}{err['msg'][1:]}"
            report(("lint", "rules", rule.ID, *loc), INVALID_OPTION, message, at_key=err["type"] == "extra_forbidden")
        return severity, model()


def _severity(name: str) -> Severity | None:
    return None if name == "off" else Severity(name)


def library_personas(ws: Workspace) -> dict[str, Persona]:
    """The workspace's persona libraries: id -> persona (the first definition wins)."""
    out: dict[str, Persona] = {}
    for f in ws.libraries:
        if isinstance(f.model, PersonaLibrary):
            for p in f.model.personas:
                out.setdefault(p.id, p)
    return out
