"""The linter: which rules run, at what severity, with which options, and what is suppressed.

Each test builds a small workspace (cjm.yaml + journeys) the way a team would write it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cjm
from cjm.errors import UserError
from cjm.findings import Finding, Severity
from cjm.linter import lint, parse_suppressions
from cjm.rules import RULES

TODAY = dt.date(2026, 11, 25)

CLEAN = """\
cjm: 1
id: renewal
title: Service-desk subscription, evaluation to kick-off
objective: Find out why one deal in five stalls between contract and go-live
owner: customer-success
reviewed: 2026-11-01
stages:
  - {id: evaluation, phase: pre-purchase}
  - {id: contract, phase: purchase}
  - {id: onboarding, phase: post-purchase}
personas:
  - {id: it-director, role: economic-buyer}
  - {id: service-desk-lead, role: end-user}
touchpoints:
  - id: vendor-webinar
    stage: evaluation
    name: Attends a vendor webinar
    channel: event
    owner: marketing
    personas: [it-director, service-desk-lead]
    customer_action: Asks how ticket routing works
  - id: order-form
    stage: contract
    name: Signs the order form
    channel: email
    owner: sales
    personas: [it-director, service-desk-lead]
    customer_action: Signs via DocuSign
  - id: kickoff-call
    stage: onboarding
    name: Kick-off call with customer success
    channel: sales-call
    owner: customer-success
    personas: [it-director, service-desk-lead]
    customer_action: Agrees a go-live date
"""
# line 22 is `  - id: order-form`
NO_OWNER = CLEAN.replace("    owner: sales\n", "")


def workspace(tmp_path: Path, files: dict[str, str], config: str | None = "cjm: 1\n") -> cjm.Workspace:
    if config is not None:
        (tmp_path / "cjm.yaml").write_text(config, encoding="utf-8")
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return cjm.load_workspace(tmp_path)


def found(findings: list[Finding]) -> list[tuple[str, int, int, str, str]]:
    return [(Path(f.file).name, f.line, f.column, f.code, f.severity.value) for f in findings]


def test_a_complete_journey_is_lint_clean(tmp_path):
    ws = workspace(tmp_path, {"renewal.yaml": CLEAN})
    assert lint(ws, today=TODAY) == []
    assert cjm.lint is lint


def test_a_finding_carries_the_rule_id_its_default_severity_and_the_touchpoint_position(tmp_path):
    ws = workspace(tmp_path, {"renewal.yaml": NO_OWNER})
    (finding,) = lint(ws, today=TODAY)
    assert found([finding]) == [("renewal.yaml", 22, 5, "missing-owner", "warning")]
    assert (
        finding.message == "touchpoint 'order-form' has no owner; add `owner:` with the department responsible for it"
    )


def test_validate_runs_the_lint_rules_and_check_format_does_not(tmp_path):
    # As `cjm validate` does; the format checks alone are `check_format`.
    ws = workspace(tmp_path, {"renewal.yaml": NO_OWNER})
    assert cjm.check_format(ws) == [] and cjm.validate(ws, lint=False) == []
    assert [f.code for f in cjm.validate(ws, today=TODAY)] == ["missing-owner"]


# --- cjm.yaml: severities and options -------------------------------------------------


def test_config_raises_a_rule_to_error(tmp_path):
    ws = workspace(tmp_path, {"renewal.yaml": NO_OWNER}, "cjm: 1\nlint:\n  rules:\n    missing-owner: error\n")
    assert found(lint(ws, today=TODAY)) == [("renewal.yaml", 22, 5, "missing-owner", "error")]


def test_config_turns_a_rule_off(tmp_path):
    ws = workspace(tmp_path, {"renewal.yaml": NO_OWNER}, "cjm: 1\nlint:\n  rules:\n    missing-owner: 'off'\n")
    assert lint(ws, today=TODAY) == []


def test_config_sets_options_and_severity_together(tmp_path):
    config = "cjm: 1\nlint:\n  rules:\n    stale-review: {severity: error, max_age_days: 14}\n"
    ws = workspace(tmp_path, {"renewal.yaml": CLEAN}, config)
    (finding,) = lint(ws, today=TODAY)
    assert found([finding]) == [("renewal.yaml", 6, 11, "stale-review", "error")]
    assert "24 days ago, more than 14" in finding.message


def test_options_without_severity_keep_the_default_severity(tmp_path):
    config = "cjm: 1\nlint:\n  rules:\n    stale-review: {max_age_days: 14}\n"
    ws = workspace(tmp_path, {"renewal.yaml": CLEAN}, config)
    assert [f.severity for f in lint(ws, today=TODAY)] == [Severity.WARNING]


def test_an_unknown_rule_in_config_is_an_error_at_its_key_with_a_suggestion(tmp_path):
    config = "cjm: 1\nlint:\n  rules:\n    missing-ownr: error\n"
    ws = workspace(tmp_path, {"renewal.yaml": CLEAN}, config)
    (finding,) = lint(ws, today=TODAY)
    assert found([finding]) == [("cjm.yaml", 4, 5, "unknown-rule", "error")]
    assert finding.message == "unknown rule 'missing-ownr'; did you mean 'missing-owner'? (`cjm rules` lists them)"


@pytest.mark.parametrize(
    ("setting", "position", "message"),
    [
        pytest.param(
            "stage-overloaded: {maxx: 8}",
            (4, 24),
            "rule 'stage-overloaded' has no option 'maxx'; did you mean 'max'?; its options are max",
            id="misspelt option",
        ),
        pytest.param(
            "stage-overloaded: {max: eight}",
            (4, 29),
            "option 'max' of rule 'stage-overloaded': input should be a valid integer",
            id="wrong type",
        ),
        pytest.param(
            "stage-overloaded: {max: 0}",
            (4, 29),
            "option 'max' of rule 'stage-overloaded': input should be greater than or equal to 1",
            id="out of range",
        ),
        pytest.param(
            "missing-owner: {severity: error, except: [docs]}",
            (4, 38),
            "rule 'missing-owner' has no option 'except'; it takes no options",
            id="rule without options",
        ),
    ],
)
def test_bad_rule_options_are_errors_in_cjm_yaml(tmp_path, setting, position, message):
    ws = workspace(tmp_path, {"renewal.yaml": CLEAN}, f"cjm: 1\nlint:\n  rules:\n    {setting}\n")
    findings = [f for f in lint(ws, today=TODAY) if f.file.endswith("cjm.yaml")]
    assert [(f.line, f.column, f.code, f.message) for f in findings] == [(*position, "invalid-rule-option", message)]


def test_the_cli_reports_config_problems_too(tmp_path):
    ws = workspace(tmp_path, {"renewal.yaml": CLEAN}, "cjm: 1\nlint:\n  rules:\n    emotion-gapp: info\n")
    assert [f.code for f in cjm.validate(ws, lint=True, today=TODAY)] == ["unknown-rule"]


# --- per-file overrides ---------------------------------------------------------------

OVERRIDES = """\
cjm: 1
lint:
  overrides:
    - files: [generated/**/*.yaml]
      disable: [missing-owner, missing-chanel]
"""


def test_overrides_turn_rules_off_for_matching_files_only(tmp_path):
    ws = workspace(tmp_path, {"generated/crm/renewal.yaml": NO_OWNER, "renewal.yaml": NO_OWNER}, OVERRIDES)
    findings = lint(ws, today=TODAY)
    assert [(f.file.rsplit("/", 2)[-2:], f.code) for f in findings if f.code == "missing-owner"] == [
        ([tmp_path.name, "renewal.yaml"], "missing-owner")
    ]


def test_an_override_can_turn_every_rule_off_for_generated_files(tmp_path):
    config = "cjm: 1\nlint:\n  overrides:\n    - {files: [generated/*.yaml], disable: [all]}\n"
    broken = NO_OWNER.replace("reviewed: 2026-11-01\n", "").replace("    channel: email\n", "")
    ws = workspace(tmp_path, {"generated/renewal.yaml": broken, "renewal.yaml": NO_OWNER}, config)
    assert found(lint(ws, today=TODAY)) == [("renewal.yaml", 22, 5, "missing-owner", "warning")]


def test_an_unknown_rule_in_an_override_is_reported_at_its_entry(tmp_path):
    ws = workspace(tmp_path, {"renewal.yaml": CLEAN}, OVERRIDES)
    (finding,) = lint(ws, today=TODAY)
    assert found([finding]) == [("cjm.yaml", 5, 32, "unknown-rule", "error")]
    assert finding.message == (
        "unknown rule 'missing-chanel'; did you mean 'missing-channel'? (`cjm rules` lists them); "
        "`all` turns every rule off"
    )


# --- inline suppressions --------------------------------------------------------------


def suppressed(text: str, tmp_path: Path, **kw) -> list[tuple[str, int, int, str, str]]:
    return found(lint(workspace(tmp_path, {"renewal.yaml": text}), today=TODAY, **kw))


def test_a_suppression_after_the_value_silences_its_own_line(tmp_path):
    text = NO_OWNER.replace(
        "  - id: order-form\n", "  - id: order-form  # cjm: disable=missing-owner -- owned by a partner\n"
    )
    assert suppressed(text, tmp_path) == []


def test_a_suppression_on_its_own_line_silences_the_next_line(tmp_path):
    text = NO_OWNER.replace(
        "  - id: order-form\n", "  # cjm: disable=missing-owner -- owned by a partner\n  - id: order-form\n"
    )
    assert suppressed(text, tmp_path) == []


def test_a_suppression_names_several_rules(tmp_path):
    text = NO_OWNER.replace("    channel: email\n", "").replace(
        "  - id: order-form\n", "  # cjm: disable=missing-owner, missing-channel\n  - id: order-form\n"
    )
    assert suppressed(text, tmp_path) == []


def test_a_suppression_two_lines_above_does_not_reach(tmp_path):
    text = NO_OWNER.replace("  - id: order-form\n", "  # cjm: disable=missing-owner\n\n  - id: order-form\n")
    assert suppressed(text, tmp_path) == [
        ("renewal.yaml", 22, 3, "unused-suppression", "info"),
        ("renewal.yaml", 24, 5, "missing-owner", "warning"),
    ]


def test_a_trailing_suppression_does_not_cover_the_next_line(tmp_path):
    text = NO_OWNER.replace(
        "    customer_action: Asks how ticket routing works\n",
        "    customer_action: Asks how ticket routing works  # cjm: disable=missing-owner\n",
    )
    assert suppressed(text, tmp_path) == [
        ("renewal.yaml", 21, 53, "unused-suppression", "info"),
        ("renewal.yaml", 22, 5, "missing-owner", "warning"),
    ]


def test_an_unused_suppression_is_reported_as_info_with_what_to_do(tmp_path):
    text = CLEAN.replace("  - id: order-form\n", "  - id: order-form  # cjm: disable=missing-owner\n")
    findings = lint(workspace(tmp_path, {"renewal.yaml": text}), today=TODAY)
    assert found(findings) == [("renewal.yaml", 22, 21, "unused-suppression", "info")]
    assert (
        findings[0].message == "'missing-owner' reports nothing on this line, so its suppression is unused; remove it"
    )


def test_a_suppression_naming_an_unknown_rule_is_a_warning_with_a_suggestion(tmp_path):
    text = NO_OWNER.replace("  - id: order-form\n", "  - id: order-form  # cjm: disable=missing-ownr\n")
    findings = lint(workspace(tmp_path, {"renewal.yaml": text}), today=TODAY)
    assert found(findings) == [
        ("renewal.yaml", 22, 5, "missing-owner", "warning"),
        ("renewal.yaml", 22, 21, "unknown-rule", "warning"),
    ]
    assert "did you mean 'missing-owner'?" in findings[1].message
    assert "only lint rules can be suppressed" in findings[1].message


def test_suppressions_of_rules_that_did_not_run_are_not_called_unused(tmp_path):
    text = CLEAN.replace("  - id: order-form\n", "  - id: order-form  # cjm: disable=missing-owner\n")
    assert suppressed(text, tmp_path, select=["stale-review"]) == []
    assert suppressed(text, tmp_path, ignore=["missing-owner"]) == []


def test_parse_suppressions_reads_the_raw_text():
    text = (
        "stages: b2b-7\n"
        "# cjm: disable=no-post-purchase -- buying study, stops at the contract\n"
        "owner: x  #cjm:disable=a,b\n"
        "name: 'Tickets #1 and #2'\n"
    )
    (own, trailing) = parse_suppressions(text)
    assert (own.line, own.column, own.rules, own.own_line) == (2, 1, ("no-post-purchase",), True)
    assert own.reason == "buying study, stops at the contract"
    assert (trailing.line, trailing.column, trailing.rules, trailing.own_line) == (3, 11, ("a", "b"), False)
    assert own.covers(3) and own.covers(2) and not trailing.covers(4)


# --- select / ignore ------------------------------------------------------------------


def test_select_runs_only_the_named_rules(tmp_path):
    text = NO_OWNER.replace("    channel: email\n", "")
    assert [f.code for f in lint(workspace(tmp_path, {"renewal.yaml": text}), today=TODAY)] == [
        "missing-channel",
        "missing-owner",
    ]
    ws = workspace(tmp_path, {"renewal.yaml": text})
    assert [f.code for f in lint(ws, today=TODAY, select=["missing-channel"])] == ["missing-channel"]
    assert [f.code for f in lint(ws, today=TODAY, ignore=["missing-channel"])] == ["missing-owner"]
    assert [f.code for f in lint(ws, today=TODAY, select=["missing-owner,missing-channel"])] == [
        "missing-channel",
        "missing-owner",
    ]


def test_select_wins_over_off_in_config_at_the_default_severity(tmp_path):
    ws = workspace(tmp_path, {"renewal.yaml": NO_OWNER}, "cjm: 1\nlint:\n  rules:\n    missing-owner: 'off'\n")
    assert found(lint(ws, today=TODAY, select=["missing-owner"])) == [
        ("renewal.yaml", 22, 5, "missing-owner", "warning")
    ]


def test_unknown_rule_ids_on_the_command_line_are_usage_errors(tmp_path):
    ws = workspace(tmp_path, {"renewal.yaml": CLEAN})
    with pytest.raises(UserError, match=r"unknown rule 'dead-ends'; did you mean 'dead-end'\?"):
        lint(ws, today=TODAY, select=["dead-ends"])
    with pytest.raises(UserError, match="format checks such as unknown-key always run"):
        lint(ws, today=TODAY, ignore=["unknown-key"])


# --- the examples ---------------------------------------------------------------------


def test_the_example_workspace_is_lint_clean_apart_from_its_insights(examples):
    """Only the info rules fire on the examples: where each map wants to improve, and which
    claims still need a quote or evidence."""
    findings = cjm.validate(cjm.load_workspace(examples), lint=True, today=TODAY)
    assert {f.code for f in findings} == {"emotion-gap", "metric-below-target", "unbacked-claim"}
    assert all(f.severity is Severity.INFO for f in findings)


def test_the_buying_jobs_map_stops_at_the_contract_with_a_justified_suppression(examples, tmp_path):
    path = examples / "journeys" / "buying-jobs.yaml"
    assert "no-post-purchase" not in {f.code for f in lint(cjm.load_workspace(path), today=TODAY)}
    copy = tmp_path / "buying-jobs.yaml"
    copy.write_text(path.read_text(encoding="utf-8").replace("# cjm: disable=no-post-purchase", "#"), encoding="utf-8")
    assert "no-post-purchase" in {f.code for f in lint(cjm.load_workspace(copy), today=TODAY)}


_RULE_IDS = st.sampled_from(sorted(RULES))


@settings(max_examples=60, deadline=None)
@given(
    indent=st.integers(0, 8),
    before=st.sampled_from(["", "owner: sales", "- id: demo", "emotion: 2"]),
    rules=st.lists(_RULE_IDS, min_size=1, max_size=3, unique=True),
    spacing=st.sampled_from([",", ", ", " ,"]),
    reason=st.text(st.characters(blacklist_categories=["Cc", "Cs", "Zl", "Zp"]), max_size=30),
)
def test_parse_suppressions_reads_back_whatever_a_user_writes(indent, before, rules, spacing, reason):
    comment = f"# cjm: disable={spacing.join(rules)}" + (f" -- {reason}" if reason.strip() else "")
    line = " " * indent + (f"{before}  {comment}" if before else comment)
    (found,) = parse_suppressions(f"cjm: 1\n{line}\nid: x\n")
    assert found.line == 2
    assert found.rules == tuple(rules)
    assert found.own_line == (before == "")
    assert found.column == len(line) - len(comment) + 1
    assert found.reason == (reason.strip() if reason.strip() else "")
