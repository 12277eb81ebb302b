"""The `cjm` command as users and CI run it: real entry point, exit codes, output shapes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import EXAMPLES, MINIMAL, ROOT

CJM = [sys.executable, "-m", "cjm"]


def run(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "NO_COLOR": "", **(env or {})}
    full_env.pop("GITHUB_ACTIONS", None)
    return subprocess.run([*CJM, *args], cwd=cwd or ROOT, env=full_env, capture_output=True, text=True, timeout=60)


def test_validate_the_example_workspace_exits_0():
    result = run("validate", "examples/")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "7 files checked" in result.stdout


def test_validate_without_paths_uses_the_workspace_around_the_current_directory():
    result = run("validate", cwd=EXAMPLES / "journeys")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "7 files checked" in result.stdout


def test_findings_exit_1_and_show_file_line_col_code_and_a_caret():
    result = run("validate", "examples/invalid/unknown-key.yaml")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0] == "examples/invalid/unknown-key.yaml"
    assert lines[1] == (
        "examples/invalid/unknown-key.yaml:13:5: error [unknown-key] "
        "unknown key 'ownr' in touchpoint 'search'; did you mean 'owner'?"
    )
    assert lines[2] == "    13 │     ownr: marketing"
    assert lines[3] == "       │     ^^^^"
    assert lines[-1] == "✗ 2 errors in 1 file (2 files checked)."


def test_piped_output_has_no_color_codes():
    result = run("validate", "examples/invalid/", env={"NO_COLOR": "1"})
    assert "\x1b[" not in result.stdout


def test_json_output_has_a_stable_documented_shape():
    result = run("validate", "examples/invalid/bad-enums.yaml", "--format", "json")
    assert result.returncode == 1
    doc = json.loads(result.stdout)
    assert set(doc) == {"version", "files_checked", "summary", "findings"}
    assert doc["version"] == 1
    assert doc["summary"] == {"error": 5, "warning": 0, "info": 0}
    first = doc["findings"][0]
    assert list(first) == ["file", "line", "column", "code", "severity", "message"]
    assert first["file"] == "examples/invalid/bad-enums.yaml"
    assert (first["line"], first["column"], first["code"]) == (10, 7, "invalid-value")


def test_a_missing_path_is_a_usage_error_with_exit_2():
    result = run("validate", "no/such/journey.yaml")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("cjm: error: no/such/journey.yaml: no such file or directory")


def test_an_unknown_option_is_a_usage_error_with_exit_2():
    result = run("validate", "--formt", "json")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_an_unreadable_file_exits_2(tmp_path):
    if os.geteuid() == 0:
        # root reads anything; an oversized file is the other "cannot read" case
        path = tmp_path / "big.yaml"
        path.write_text(MINIMAL + "#" * 3000)
        result = run("validate", str(path), "--max-file-mb", "0.001")
    else:
        path = tmp_path / "locked.yaml"
        path.write_text(MINIMAL)
        path.chmod(0)
        result = run("validate", str(path))
    assert result.returncode == 2
    assert "Traceback" not in result.stdout + result.stderr


def test_version_and_help_read_well():
    assert run("--version").stdout.strip().startswith("cjm ")
    help_text = run("validate", "--help").stdout
    assert "Exit status: 0 no errors, 1 errors found, 2 usage or unreadable input." in help_text
    assert "--format" in help_text


def command_list(*args: str) -> list[str]:
    """The `Commands:` section of `cjm ... --help` on an 80-column terminal."""
    text = run(*args, "--help", env={"COLUMNS": "80", "NO_COLOR": "1"}).stdout
    return text[text.index("Commands:\n") :].splitlines()[1:]


def test_help_lists_every_command_in_a_line_that_fits_80_columns():
    assert command_list() == [
        "  init      Create a workspace: config, personas, a first journey, CI",
        "  validate  Check journeys: YAML, schema, references, lint rules",
        "  schema    Print or write the JSON Schemas (editor completion)",
        "  fmt       Rewrite files in the canonical layout, or --check them",
        "  stats     Coverage, touchpoint counts and emotion per stage",
        "  measure   Join the maps to event data: funnel, reach, conformance",
        "  rules     List the lint rules, or explain one",
        "  render    Draw journeys: svg, png, pdf, dot, HTML or Mermaid",
        "  report    Write an HTML site: an index and a page per journey",
        "  diff      What changed for the customer between two versions",
        "  new       Add a touchpoint, persona or action, or start a journey",
        "  import    Create journey files from a spreadsheet saved as CSV",
        "  export    Write journeys as CSV (spreadsheets) or JSON (other tools)",
    ]


@pytest.mark.parametrize(
    ("group", "lines"),
    [
        (
            "new",
            [
                "  touchpoint  Add a touchpoint after the last one of its stage",
                "  persona     Add a persona to a journey or a persona library",
                "  action      Add an action to a journey's action plan",
                "  journey     Write a new journey file that passes cjm validate",
            ],
        ),
        ("import", ["  csv  Create a journey file from a spreadsheet: one row per touchpoint."]),
        (
            "export",
            [
                "  csv   Write one journey's touchpoints as CSV, one row each",
                "  json  Write the journeys and persona libraries as one JSON document",
            ],
        ),
    ],
)
def test_help_of_a_command_group_lists_its_commands_uncut(group, lines):
    assert command_list(group) == lines


@pytest.mark.parametrize("name", ["journey", "personas", "config"])
def test_schema_prints_the_committed_schema(name):
    result = run("schema", name)
    assert result.returncode == 0
    assert result.stdout == (ROOT / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8")


def test_sarif_uris_are_the_same_from_any_directory_of_a_repository(tmp_path: Path):
    repo = tmp_path / "repo"
    shutil.copytree(EXAMPLES, repo / "maps", ignore=shutil.ignore_patterns("invalid", "csv"))
    subprocess.run(["git", "init", "-q", str(repo)], check=True)

    def uris(cwd: Path, *paths: str) -> list[str]:
        result = run("validate", "--format", "sarif", *paths, cwd=cwd)
        (sarif_run,) = json.loads(result.stdout)["runs"]
        assert sarif_run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == repo.as_uri() + "/"
        return sorted({r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in sarif_run["results"]})

    from_top = uris(repo, "maps")
    assert from_top and all(uri.startswith("maps/journeys/") for uri in from_top)
    assert uris(repo / "maps" / "journeys", ".") == from_top
    assert uris(tmp_path, str(repo / "maps")) == from_top
