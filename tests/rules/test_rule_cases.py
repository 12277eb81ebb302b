"""Each rule against named journeys that must, or must not, make it fire (tests/rules/cases/).

A case gives the journey as written (required keys it leaves out are appended after it),
optional rule `options`, `today`, persona `library` and metric `catalogue` (cjm.yaml
`metrics:`), and every expected finding as `[line, column]` or
`[line, column, "part of the message"]`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from cjm.model import MetricDefinition, Persona
from cjm.rules import RULES

from .rulecheck import TODAY, run_rule

CASES_DIR = Path(__file__).parent / "cases"


def _load() -> list[tuple[str, dict[str, Any]]]:
    out = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        doc = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
        assert doc["rule"] == path.stem, f"{path.name} is about {doc['rule']}"
        out += [(doc["rule"], case) for case in doc["cases"]]
    return out


CASES = _load()


@pytest.mark.parametrize(("rule_id", "case"), CASES, ids=[f"{r}: {c['name']}" for r, c in CASES])
def test_rule_case(rule_id: str, case: dict[str, Any]) -> None:
    today = case.get("today", TODAY)
    assert isinstance(today, dt.date)
    library = {p["id"]: Persona.model_validate(p) for p in case.get("library", [])}
    catalogue = {k: MetricDefinition.model_validate(v) for k, v in case.get("catalogue", {}).items()}
    findings = run_rule(
        rule_id, case["journey"], options=case.get("options"), today=today, library=library, catalogue=catalogue
    )
    assert [(f.line, f.column) for f in findings] == [(e[0], e[1]) for e in case["expect"]]
    for finding, expected in zip(findings, case["expect"], strict=True):
        if len(expected) > 2:
            assert expected[2] in finding.message
        assert finding.severity is RULES[rule_id].DEFAULT_SEVERITY


def test_every_rule_has_a_case_file_with_a_failing_and_a_passing_case() -> None:
    by_rule: dict[str, list[dict[str, Any]]] = {}
    for rule_id, case in CASES:
        by_rule.setdefault(rule_id, []).append(case)
    assert sorted(by_rule) == sorted(RULES)
    for rule_id, cases in by_rule.items():
        assert any(c["expect"] for c in cases), f"{rule_id} has no failing case"
        assert any(not c["expect"] for c in cases), f"{rule_id} has no passing case"
