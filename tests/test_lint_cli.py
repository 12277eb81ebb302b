"""`cjm rules` and the lint side of `cjm validate`, as users and CI run them."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from cjm.cli import app
from cjm.rules import RULES

from .conftest import ROOT

TODAY = "2026-11-25"
SARIF_SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
PERSONA_GAP = "examples/invalid/rule-persona-gap.yaml"  # one warning
MISSING_OWNER = "examples/invalid/rule-missing-owner.yaml"  # one error: the examples' cjm.yaml says so


@pytest.fixture(autouse=True)
def _in_repo_root(monkeypatch):
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")


def cjm(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(app, list(args), env=env)


# --- cjm rules ------------------------------------------------------------------------


def test_rules_lists_every_rule_with_its_default_severity_and_rationale():
    result = cjm("rules")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["RULE", "DEFAULT", "RATIONALE"]
    assert [line.split()[0] for line in lines[1 : 1 + len(RULES)]] == list(RULES)
    assert "missing-owner          warning  Every touchpoint needs a team that owns it" in result.stdout
    assert "emotion-gap            info     " in result.stdout


def test_rules_id_prints_the_rule_documentation_and_its_config():
    result = cjm("rules", "stage-overloaded")
    assert result.exit_code == 0
    assert result.stdout.startswith("stage-overloaded (default severity: warning)\n\nA stage has more touchpoints than")
    assert "**Bad** (with `max: 2`)" in result.stdout
    assert "    stage-overloaded: {severity: warning, max: 12}\n" in result.stdout


def test_rules_with_an_unknown_id_exits_2_with_a_suggestion():
    result = cjm("rules", "dead-ends")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == "cjm: error: unknown rule 'dead-ends'; did you mean 'dead-end'? (`cjm rules` lists them)\n"


# --- exit codes -----------------------------------------------------------------------


def test_the_examples_pass_even_with_strict():
    result = cjm("validate", "examples/", "--today", TODAY, "--strict")
    assert result.exit_code == 0, result.stdout
    assert ": error [" not in result.stdout and ": warning [" not in result.stdout


def test_warnings_fail_only_with_strict():
    assert cjm("validate", PERSONA_GAP, "--today", TODAY).exit_code == 0
    assert cjm("validate", PERSONA_GAP, "--today", TODAY, "--strict").exit_code == 1


def test_a_rule_configured_as_error_fails_the_run():
    result = cjm("validate", MISSING_OWNER, "--today", TODAY)
    assert result.exit_code == 1
    assert f"{MISSING_OWNER}:28:5: error [missing-owner] touchpoint 'order-form' has no owner" in result.stdout


def test_select_and_ignore_pick_rules_on_the_command_line():
    assert cjm("validate", PERSONA_GAP, "--today", TODAY, "--strict", "--ignore", "persona-gap").exit_code == 0
    assert (
        cjm("validate", PERSONA_GAP, "--today", TODAY, "--strict", "--select", "missing-owner,dead-end").exit_code == 0
    )
    assert cjm("validate", PERSONA_GAP, "--today", TODAY, "--strict", "--select", "persona-gap").exit_code == 1


def test_an_unknown_rule_on_the_command_line_exits_2_before_reading_anything():
    result = cjm("validate", "no/such/dir", "--ignore", "persona-gaps")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("cjm: error: unknown rule 'persona-gaps'; did you mean 'persona-gap'?")


def test_a_bad_today_is_a_usage_error():
    result = cjm("validate", PERSONA_GAP, "--today", "2026-02-30")
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_stale_review_counts_from_today():
    assert "stale-review" not in cjm("validate", PERSONA_GAP, "--today", TODAY).stdout
    assert "[stale-review]" in cjm("validate", PERSONA_GAP, "--today", "2027-06-01").stdout


# --- formats --------------------------------------------------------------------------


def test_auto_format_is_github_inside_github_actions_and_text_elsewhere():
    in_ci = cjm("validate", PERSONA_GAP, "--today", TODAY, env={"GITHUB_ACTIONS": "true"})
    assert in_ci.stdout.splitlines()[0] == (
        f"::warning file={PERSONA_GAP},line=16,col=5,title=persona-gap::persona 'cio' has no touchpoint in "
        "stage 'rollout', where other personas have some; add the touchpoints they take part in (or list them in an "
        "existing touchpoint's `personas`), or give the persona the `stages:` it is expected in"
    )
    local = cjm("validate", PERSONA_GAP, "--today", TODAY)
    assert local.stdout.splitlines()[0] == PERSONA_GAP
    assert local.stdout.splitlines()[1].startswith(f"{PERSONA_GAP}:16:5: warning [persona-gap] ")


def test_sarif_for_all_invalid_examples_is_schema_valid_and_deterministic():
    first = cjm("validate", "examples/invalid/", "--today", TODAY, "--format", "sarif")
    second = cjm("validate", "examples/invalid/", "--today", TODAY, "--format", "sarif")
    assert first.exit_code == 1
    assert first.stdout == second.stdout
    log = json.loads(first.stdout)
    jsonschema.validators.validator_for(SARIF_SCHEMA)(SARIF_SCHEMA).validate(log)
    results = log["runs"][0]["results"]
    assert {r["ruleId"] for r in results} >= set(RULES) | {"unknown-key", "syntax-error", "unknown-reference"}
    assert all(not r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].startswith("/") for r in results)


def test_junit_has_one_testcase_per_file_of_the_run():
    result = cjm("validate", "examples/", "--today", TODAY, "--format", "junit")
    assert result.exit_code == 0
    root = ET.fromstring(result.stdout)
    names = [case.get("name") for case in root.iter("testcase")]
    assert names == sorted(
        [
            "examples/cjm.yaml",
            "examples/personas/buying-committee.yaml",
            *(f"examples/journeys/{p.name}" for p in (ROOT / "examples" / "journeys").glob("*.yaml")),
        ]
    )
    assert root.get("failures") == "0"


def test_validate_help_lists_the_ci_options():
    help_text = cjm("validate", "--help").stdout
    for option in ("--strict", "--select", "--ignore", "--today", "auto", "sarif", "github", "junit"):
        assert option in help_text


# --- info findings: suggestions, counted in text output, listed on request ---------------


def test_text_output_counts_info_findings_per_rule_without_listing_them():
    result = cjm("validate", "examples/invalid/rule-emotion-gap.yaml", "--today", TODAY)
    assert result.exit_code == 0
    assert "[emotion-gap]" not in result.stdout
    assert "1 info in 1 file (2 files checked)." in result.stdout
    assert "Info findings are suggestions (emotion-gap 1): --show-info lists them." in result.stdout


def test_show_info_lists_them_with_their_source_line():
    result = cjm("validate", "examples/invalid/rule-emotion-gap.yaml", "--today", TODAY, "--show-info")
    assert result.exit_code == 0
    assert "info [emotion-gap]" in result.stdout
    assert "--show-info lists them" not in result.stdout


def test_machine_formats_always_carry_info_findings():
    result = cjm("validate", "examples/invalid/rule-emotion-gap.yaml", "--today", TODAY, "--format", "json")
    assert [f["code"] for f in json.loads(result.stdout)["findings"]] == ["emotion-gap"]
