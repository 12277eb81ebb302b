"""Every rule documents itself, and its documented examples are true.

The module docstring is what `cjm rules ID` prints: a one-line summary, the rationale, the
options, and a **Bad** and a **Good** YAML example. The Bad example must make the rule
fire and the Good one must not, so the docs cannot drift from the code.
"""

from __future__ import annotations

import datetime as dt
import re
from types import ModuleType

import pytest
from ruamel.yaml import YAML

from cjm.findings import Severity
from cjm.rules import RULES
from cjm.rules.base import NoOptions, options_model, summary

from .rules.rulecheck import TODAY, run_rule

_EXAMPLE = re.compile(
    r"\*\*(?P<kind>Bad|Good)\*\*(?: \((?:with `(?P<options>[^`]+)`|on (?P<date>\d{4}-\d{2}-\d{2}))\))?"
    r"\n\n```yaml\n(?P<body>.*?)```",
    re.DOTALL,
)
PARAMS = [pytest.param(rule, id=rid) for rid, rule in RULES.items()]


def examples(rule: ModuleType) -> dict[str, re.Match[str]]:
    return {m["kind"]: m for m in _EXAMPLE.finditer(rule.__doc__ or "")}


def run_example(rule: ModuleType, example: re.Match[str]) -> list[str]:
    options = YAML(typ="safe").load("{" + example["options"] + "}") if example["options"] else None
    today = dt.date.fromisoformat(example["date"]) if example["date"] else TODAY
    return [f.message for f in run_rule(rule.ID, example["body"], options=options, today=today)]


@pytest.mark.parametrize("rule", PARAMS)
def test_rule_declares_id_severity_and_a_one_line_rationale(rule: ModuleType) -> None:
    assert re.fullmatch(r"[a-z]+(-[a-z]+)*", rule.ID)
    assert rule.__name__.rsplit(".", 1)[1] == rule.ID.replace("-", "_")
    assert isinstance(rule.DEFAULT_SEVERITY, Severity)
    assert rule.RATIONALE.strip() == rule.RATIONALE and "\n" not in rule.RATIONALE
    assert rule.RATIONALE.endswith(".")


@pytest.mark.parametrize("rule", PARAMS)
def test_docstring_has_a_summary_line_then_the_details(rule: ModuleType) -> None:
    lines = (rule.__doc__ or "").strip().splitlines()
    assert summary(rule).endswith(".") and len(summary(rule)) <= 90
    assert lines[1] == "", "a blank line separates the summary from the details"
    assert "**Bad**" in rule.__doc__ and "**Good**" in rule.__doc__


@pytest.mark.parametrize("rule", PARAMS)
def test_docstring_documents_every_option_with_its_default(rule: ModuleType) -> None:
    model = options_model(rule)
    doc = rule.__doc__ or ""
    if model is NoOptions:
        assert "Options: none." in doc
    for name in model.model_fields:
        assert f"- `{name}` (default" in doc, f"{rule.ID}: option {name} is not documented"


@pytest.mark.parametrize("rule", PARAMS)
def test_the_bad_example_fires_the_rule(rule: ModuleType) -> None:
    assert run_example(rule, examples(rule)["Bad"]) != []


@pytest.mark.parametrize("rule", PARAMS)
def test_the_good_example_does_not(rule: ModuleType) -> None:
    assert run_example(rule, examples(rule)["Good"]) == []
