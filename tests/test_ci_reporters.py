"""CI-native output of `cjm validate`: GitHub workflow commands, JUnit XML and SARIF 2.1.0.

Reporters are pure functions of a `Report`, so each is checked on a hand-built report
for its exact output; SARIF is also checked against the official SARIF 2.1.0 JSON Schema
(tests/data/sarif-schema-2.1.0.json, see tests/data/README.md).
"""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from cjm.findings import Finding, Severity
from cjm.reporters import FORMATS, Report, get_reporter
from cjm.rules import RULES

SARIF_SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))

RENEWAL = "journeys/renewal.yaml"
ODD = "journeys/q1,q2: renewal.yaml"  # legal, and needs escaping in every format
FINDINGS = [
    Finding(RENEWAL, 3, 8, "invalid-value", Severity.ERROR, "'Sales Team' is not an id for owner; write sales-team"),
    Finding(RENEWAL, 22, 5, "missing-owner", Severity.WARNING, "touchpoint 'order-form' has no owner; add `owner:`"),
    Finding(ODD, 40, 30, "metric-below-target", Severity.INFO, 'drop_off_rate is 58% <not> 40% & "worse"\nsee: a, b'),
]
REPORT = Report(
    FINDINGS,
    files_checked=3,
    sources={RENEWAL: "", ODD: "", "journeys/onboarding.yaml": "", "cjm.yaml": ""},
)


def render(name: str, report: Report = REPORT) -> str:
    out = io.StringIO()
    get_reporter(name)(report, out)
    return out.getvalue()


def test_every_format_is_registered():
    assert FORMATS == ("text", "json", "sarif", "github", "junit")


# --- GitHub ---------------------------------------------------------------------------


def test_github_writes_one_workflow_command_per_finding_and_a_summary():
    assert render("github").splitlines() == [
        "::error file=journeys/renewal.yaml,line=3,col=8,title=invalid-value::"
        "'Sales Team' is not an id for owner; write sales-team",
        "::warning file=journeys/renewal.yaml,line=22,col=5,title=missing-owner::"
        "touchpoint 'order-form' has no owner; add `owner:`",
        "::notice file=journeys/q1%2Cq2%3A renewal.yaml,line=40,col=30,title=metric-below-target::"
        'drop_off_rate is 58%25 <not> 40%25 & "worse"%0Asee: a, b',
        "cjm: 1 error, 1 warning, 1 info (3 files checked)",
    ]


def test_github_escapes_carriage_returns_too():
    report = Report([Finding("a.yaml", 1, 1, "syntax-error", Severity.ERROR, "line\r\nbreak 100%")], 1)
    assert render("github", report).splitlines()[0].endswith("::line%0D%0Abreak 100%25")


# --- JUnit ----------------------------------------------------------------------------

JUNIT = """\
<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="cjm" tests="4" failures="2" errors="0">
  <testsuite name="cjm validate" tests="4" failures="2" errors="0" skipped="0">
    <testcase classname="cjm.validate" name="cjm.yaml" />
    <testcase classname="cjm.validate" name="journeys/onboarding.yaml" />
    <testcase classname="cjm.validate" name="journeys/q1,q2: renewal.yaml">
      <system-out>journeys/q1,q2: renewal.yaml:40:30: info [metric-below-target] drop_off_rate is 58% &lt;not&gt; 40% &amp; "worse"
see: a, b</system-out>
    </testcase>
    <testcase classname="cjm.validate" name="journeys/renewal.yaml">
      <failure type="invalid-value" message="error: 'Sales Team' is not an id for owner; write sales-team">journeys/renewal.yaml:3:8: error [invalid-value] 'Sales Team' is not an id for owner; write sales-team</failure>
      <failure type="missing-owner" message="warning: touchpoint 'order-form' has no owner; add `owner:`">journeys/renewal.yaml:22:5: warning [missing-owner] touchpoint 'order-form' has no owner; add `owner:`</failure>
    </testcase>
  </testsuite>
</testsuites>
"""


def test_junit_has_a_testcase_per_file_and_a_failure_per_error_or_warning():
    assert render("junit") == JUNIT


def test_junit_is_well_formed_even_with_characters_xml_cannot_hold():
    report = Report([Finding("a.yaml", 1, 1, "invalid-value", Severity.ERROR, 'bell \x07 & <tag> "q"\nnext')], 1)
    root = ET.fromstring(render("junit", report))
    failure = root.find("./testsuite/testcase/failure")
    assert failure is not None
    assert failure.get("message") == 'error: bell \\x07 & <tag> "q"\nnext'


def test_junit_for_a_clean_run_has_passing_testcases_only():
    root = ET.fromstring(render("junit", Report([], 1, {"journeys/renewal.yaml": ""})))
    assert root.attrib == {"name": "cjm", "tests": "1", "failures": "0", "errors": "0"}
    assert [c.get("name") for c in root.iter("testcase")] == ["journeys/renewal.yaml"]


# --- SARIF ----------------------------------------------------------------------------


def sarif(report: Report = REPORT) -> dict:
    return json.loads(render("sarif", report))


def test_sarif_is_valid_against_the_sarif_2_1_0_schema():
    jsonschema.validators.validator_for(SARIF_SCHEMA)(SARIF_SCHEMA).validate(sarif())


def test_sarif_results_point_at_relative_uris_lines_and_columns():
    (run,) = sarif()["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert [(r["ruleId"], r["level"], rules[r["ruleIndex"]]["id"]) for r in run["results"]] == [
        ("invalid-value", "error", "invalid-value"),
        ("missing-owner", "warning", "missing-owner"),
        ("metric-below-target", "note", "metric-below-target"),
    ]
    assert run["results"][2]["locations"] == [
        {
            "physicalLocation": {
                "artifactLocation": {"uri": "journeys/q1%2Cq2%3A%20renewal.yaml", "uriBaseId": "%SRCROOT%"},
                "region": {"startLine": 40, "startColumn": 30},
            }
        }
    ]
    assert run["results"][2]["message"] == {"text": FINDINGS[2].message}


def test_sarif_describes_every_lint_rule_and_the_format_checks_that_occurred():
    (run,) = sarif()["runs"]
    assert run["tool"]["driver"]["name"] == "cjm"
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert list(rules) == [*RULES, "invalid-value"]
    owner = rules["missing-owner"]
    assert owner["shortDescription"] == {"text": "A touchpoint does not name the team that owns it."}
    assert owner["fullDescription"] == {"text": RULES["missing-owner"].RATIONALE}
    assert owner["defaultConfiguration"] == {"level": "warning"}
    assert "**Bad**" in owner["help"]["markdown"]
    assert rules["emotion-gap"]["defaultConfiguration"] == {"level": "note"}
    assert rules["invalid-value"]["defaultConfiguration"] == {"level": "error"}


def test_sarif_names_files_outside_the_working_directory_by_file_uri():
    report = Report([Finding("/srv/maps/renewal.yaml", 1, 1, "missing-objective", Severity.WARNING, "m")], 1)
    (result,) = sarif(report)["runs"][0]["results"]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"] == {"uri": "file:///srv/maps/renewal.yaml"}


@pytest.mark.parametrize("name", ["sarif", "github", "junit", "json"])
def test_output_is_byte_identical_across_runs(name):
    assert render(name) == render(name)


HOSTILE = Report(
    [Finding(RENEWAL, 2, 8, "invalid-value", Severity.ERROR, "'\x01\x1b[31mred\u202eevil' is not an id")],
    files_checked=1,
    sources={RENEWAL: "cjm: 1\nowner: \x01\x1b[31mred\u202eevil\n"},
)


@pytest.mark.parametrize("name", ["text", "github", "sarif"])
def test_control_characters_and_bidi_overrides_are_shown_escaped_never_emitted(name):
    out = render(name, HOSTILE)
    raw = json.dumps(json.loads(out), ensure_ascii=False) if name == "sarif" else out
    assert "\x1b" not in raw and "\x01" not in raw and "\u202e" not in raw
    assert r"'\x01\x1b[31mred\u202eevil' is not an id" in (
        json.loads(out)["runs"][0]["results"][0]["message"]["text"] if name == "sarif" else out
    )


def test_the_caret_stays_under_the_value_when_its_line_holds_escaped_characters():
    lines = render("text", HOSTILE).splitlines()
    source, caret = lines[2], lines[3]
    assert source.endswith(r"owner: \x01\x1b[31mred\u202eevil")
    assert caret.index("^") == source.index("\\x01")
    # The caret spans the token up to the flow indicator `[`, in its escaped width.
    assert caret.count("^") == len(r"\x01\x1b")


def test_sarif_uris_are_relative_to_the_repository_root_whatever_the_current_directory(tmp_path, monkeypatch):
    (tmp_path / "journeys").mkdir()
    monkeypatch.chdir(tmp_path / "journeys")
    report = Report([Finding("renewal.yaml", 1, 1, "missing-objective", Severity.WARNING, "m")], 1, base=tmp_path)
    (run,) = sarif(report)["runs"]
    assert run["originalUriBaseIds"] == {"%SRCROOT%": {"uri": tmp_path.as_uri() + "/"}}
    location = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "journeys/renewal.yaml", "uriBaseId": "%SRCROOT%"}
    jsonschema.validators.validator_for(SARIF_SCHEMA)(SARIF_SCHEMA).validate(sarif(report))
