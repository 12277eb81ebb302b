"""Run one rule over a journey written in a test, the way the linter runs it on a file.

Test journeys only spell out what matters to the rule; `complete()` appends the required
keys they leave out *after* their text, so line and column numbers in a test are those
of the text as written.
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from pathlib import Path
from typing import Any

from cjm.findings import Finding
from cjm.linter import RuleConfig, lint_source
from cjm.model import MetricDefinition, Persona
from cjm.rules import RULES
from cjm.rules.base import RuleContext, options_model
from cjm.workspace import SourceFile, parse_source

TODAY = dt.date(2026, 11, 25)

# Appended for each required top-level key a test journey leaves out.
BASE = {
    "cjm": "cjm: 1\n",
    "id": "id: example\n",
    "title": "title: Example journey\n",
    "stages": "stages: b2b-5\n",
    "personas": (
        "personas:\n  - {id: it-director, role: economic-buyer}\n  - {id: service-desk-lead, role: end-user}\n"
    ),
    "touchpoints": "touchpoints:\n  - {id: webinar, stage: awareness, name: Attends a webinar}\n",
}
_TOP_KEY = re.compile(r"^([A-Za-z_]+):", re.MULTILINE)


def complete(text: str) -> str:
    text = textwrap.dedent(text).lstrip("\n")
    if not text.endswith("\n"):
        text += "\n"
    present = set(_TOP_KEY.findall(text))
    return text + "".join(block for key, block in BASE.items() if key not in present)


def run_rule(
    rule_id: str,
    text: str,
    *,
    options: dict[str, Any] | None = None,
    today: dt.date = TODAY,
    library: dict[str, Persona] | None = None,
    catalogue: dict[str, MetricDefinition] | None = None,
) -> list[Finding]:
    """The findings of one rule (at its default severity) on a completed test journey."""
    rule = RULES[rule_id]
    source = parse_source(complete(text).encode(), SourceFile(path=Path("journey.yaml"), display="journey.yaml"))
    assert source.journey is not None, [f.message for f in source.findings]
    config = RuleConfig(rule, rule.DEFAULT_SEVERITY, options_model(rule).model_validate(options or {}))
    ctx = RuleContext(today=today, library=library or {}, metrics=catalogue or {})
    return [f for f in lint_source(source, source.journey, [config], ctx) if f.code == rule_id]
