"""docs/rules.md, the lint rules reference, is generated from the rule modules and must not drift.

Regenerate it with `make docs` (that is, `cjm rules --format markdown > docs/rules.md`)
after changing a rule's docstring, rationale, default severity or options.
"""

from __future__ import annotations

import os
import re
import subprocess

import pytest

from cjm.rules import RULES
from cjm.rules.reference import reference_markdown, rule_markdown

from .conftest import ROOT

CJM = str(ROOT / ".venv" / "bin" / "cjm")
REFERENCE = ROOT / "docs" / "rules.md"


def test_the_committed_reference_matches_the_rules():
    committed = REFERENCE.read_text(encoding="utf-8")
    assert committed == reference_markdown(), "docs/rules.md is stale: run `make docs` and commit docs/rules.md"


def test_make_docs_command_prints_exactly_the_reference():
    result = subprocess.run([CJM, "rules", "--format", "markdown"], capture_output=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode("utf-8") == reference_markdown()


def test_the_reference_is_the_same_in_every_run():
    # Hash seeds change set and dict iteration of strings between processes; the text must not.
    outputs = {
        subprocess.run(
            [CJM, "rules", "-f", "markdown"],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            timeout=60,
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(outputs) == 1


def test_the_index_lists_every_rule_with_its_default_severity_and_a_link():
    text = reference_markdown()
    for rid, rule in RULES.items():
        assert f"| [`{rid}`](#{rid}) | {rule.DEFAULT_SEVERITY.value} | {rule.RATIONALE} |" in text


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_each_rule_section_has_severity_rationale_docs_examples_and_its_config(rule_id):
    rule = RULES[rule_id]
    section = rule_markdown(rule)
    assert section.startswith(
        f"## {rule_id}\n\nDefault severity: **{rule.DEFAULT_SEVERITY.value}**. {rule.RATIONALE}\n"
    )
    assert (rule.__doc__ or "").strip().splitlines()[0] in section
    assert re.search(r"\*\*Bad\*\*[^\n]*\n\n```yaml\n", section), "a Bad example in a fenced YAML block"
    assert re.search(r"\*\*Good\*\*[^\n]*\n\n```yaml\n", section), "a Good example in a fenced YAML block"
    assert section.count("```") % 2 == 0, "every fenced block is closed"
    assert f"    {rule_id}: {{severity: {rule.DEFAULT_SEVERITY.value}" in section


def test_options_are_listed_with_their_defaults_from_the_rules_settings():
    section = rule_markdown(RULES["stage-overloaded"])
    assert "| `max` | `12` | The most touchpoints a stage may have. |" in section
    assert "    stage-overloaded: {severity: warning, max: 12}" in section
    assert "| Option |" not in rule_markdown(RULES["missing-owner"])  # no options, no empty table


def test_cjm_rules_id_markdown_prints_that_rules_section_only():
    result = subprocess.run([CJM, "rules", "stale-review", "-f", "markdown"], capture_output=True, text=True)
    assert result.returncode == 0
    assert result.stdout == rule_markdown(RULES["stale-review"])


def test_an_unknown_rule_is_a_usage_error_in_either_format():
    for args in (["rules", "missing-ownr"], ["rules", "missing-ownr", "-f", "markdown"]):
        result = subprocess.run([CJM, *args], capture_output=True, text=True)
        assert result.returncode == 2
        assert result.stdout == ""
        assert "missing-owner" in result.stderr  # the did-you-mean
