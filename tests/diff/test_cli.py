"""`cjm diff` exit codes: 0 no differences or not gated, 1 a --fail-on condition holds,
2 usage and input errors (reported in one line, or as findings with file:line:col)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cjm.cli import app

from ..conftest import EXAMPLES
from .conftest import TRIAL, edit

CURRENT = str(EXAMPLES / "journeys/account-management-current.yaml")
FUTURE = str(EXAMPLES / "journeys/account-management-future.yaml")


def cjm(*args: str):
    return CliRunner().invoke(app, ["diff", *args])


def pair(tmp_path: Path, old: str, new: str) -> tuple[str, str]:
    (tmp_path / "old.yaml").write_text(old, encoding="utf-8")
    (tmp_path / "new.yaml").write_text(new, encoding="utf-8")
    return str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml")


def test_differences_exit_0_unless_gated():
    assert cjm(CURRENT, FUTURE).exit_code == 0


@pytest.mark.parametrize(
    ("fail_on", "code", "failed"),
    [
        (["removed"], 1, ["removed"]),
        (["any"], 1, ["any"]),
        (["coverage-drop"], 0, []),
        (["coverage-drop,new-errors"], 0, []),
        (["coverage-drop", "removed"], 1, ["removed"]),
        (["any, removed"], 1, ["any", "removed"]),
    ],
)
def test_fail_on_conditions(fail_on: list[str], code: int, failed: list[str]):
    args = [a for value in fail_on for a in ("--fail-on", value)]
    result = cjm(CURRENT, FUTURE, "-f", "json", *args)
    assert result.exit_code == code, result.stderr
    assert json.loads(result.stdout)["failed_on"] == failed


def test_a_coverage_drop_fails_the_gate(tmp_path: Path):
    old, new = pair(tmp_path, TRIAL, edit(TRIAL, ("personas: [analyst, cfo]", "personas: [cfo]")))
    result = cjm(old, new, "--fail-on", "coverage-drop")
    assert result.exit_code == 1
    assert "✗ --fail-on: coverage-drop" in result.stdout


def test_new_errors_fail_the_gate(tmp_path: Path):
    broken_ref = edit(
        TRIAL, ("  - id: first-invoice\n    stage: purchase", "  - id: first-invoice\n    stage: billing")
    )
    old, new = pair(tmp_path, TRIAL, broken_ref)
    result = cjm(old, new, "--fail-on", "new-errors", "-f", "json")
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert doc["summary"]["new_errors"] >= 1
    assert any("billing" in f["message"] for f in doc["lint"]["introduced"])


def test_identical_inputs_pass_every_gate():
    result = cjm(CURRENT, CURRENT, "--fail-on", "any,removed,coverage-drop,new-errors")
    assert result.exit_code == 0
    assert "No semantic changes" in result.stdout


def test_an_unknown_fail_on_value_is_a_usage_error():
    result = cjm(CURRENT, FUTURE, "--fail-on", "removals")
    assert result.exit_code == 2
    assert "unknown --fail-on value 'removals'; choose from any, removed, coverage-drop, new-errors" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([CURRENT], "cjm diff takes two operands, OLD and NEW (got 1)"),
        ([CURRENT, str(EXAMPLES)], "is a file but"),
        ([CURRENT, "no/such.yaml"], "no such file or directory"),
    ],
)
def test_usage_errors_exit_2_with_one_line(args: list[str], message: str):
    result = cjm(*args)
    assert result.exit_code == 2
    assert result.stderr.startswith("cjm: error: ") and message in result.stderr
    assert "Traceback" not in result.stderr


def test_invalid_yaml_in_an_operand_prints_findings_and_exits_2(tmp_path: Path):
    old, new = pair(tmp_path, TRIAL, TRIAL.replace("  - id: cfo\n", "  - id: cfo\n   bad: [indent\n"))
    result = cjm(old, new)
    assert result.exit_code == 2
    assert f"{new}:" in result.stderr  # file:line:col, as `cjm validate` shows it
    assert "cannot compare: 1 file does not parse or validate" in result.stderr
    assert result.stdout == ""


def test_help_documents_the_git_driver_setup():
    result = CliRunner().invoke(app, ["diff", "--help"])
    assert result.exit_code == 0
    assert "git config diff.cjm.command 'cjm diff --git-driver'" in result.stdout


def test_two_persona_library_files_are_compared_persona_by_persona(tmp_path: Path):
    library = "cjm: 1\npersonas:\n  - id: cfo\n    name: Carl, CFO\n    role: economic-buyer\n"
    old, new = pair(tmp_path, library, library.replace("role: economic-buyer", "role: executive-sponsor"))
    doc = json.loads(cjm(old, new, "-f", "json").stdout)
    [change] = doc["personas"]
    assert (change["entity"], change["id"], change["field"], change["old"], change["new"]) == (
        "persona",
        "cfo",
        "role",
        "economic-buyer",
        "executive-sponsor",
    )


def test_text_lint_delta_counts_info_findings_per_rule_and_show_info_lists_them():
    # The redesign closes most emotion gaps of the current-state map and backs its low moments
    # with quotes: 37 info findings fixed (three metrics improve but stay below target: the
    # same findings, neither new nor fixed).
    plain = CliRunner().invoke(app, ["diff", CURRENT, FUTURE], env={"NO_COLOR": "1"})
    assert (
        "    − fixed 37 info (unbacked-claim 16, emotion-gap 14, metric-below-target 7); --show-info lists them\n"
        in plain.stdout
    )
    assert "info [emotion-gap]" not in plain.stdout
    listed = CliRunner().invoke(app, ["diff", CURRENT, FUTURE, "--show-info"], env={"NO_COLOR": "1"})
    assert listed.stdout.count("info [emotion-gap]") == 14
    assert "--show-info lists them" not in listed.stdout
