"""examples/ci/: the GitHub Actions workflows the README and `cjm init` show, kept in sync."""

from __future__ import annotations

import re
from datetime import date

from cjm.scaffold import render_files
from cjm.yamlread import parse_yaml

from ..conftest import ROOT

CI = ROOT / "examples" / "ci"


def _readme_block(heading: str) -> str:
    """The first ```yaml block after a README heading."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index(heading) :]
    match = re.search(r"```yaml\n(.*?)```", section, re.DOTALL)
    assert match, f"no yaml block after {heading!r} in README.md"
    return match.group(1)


def test_the_readme_pr_diff_job_is_examples_ci_journey_diff_yml():
    # One workflow in two places: the README shows it, examples/ci/ lets teams copy it.
    block = _readme_block("### Posting the diff on pull requests")
    assert block == (CI / "journey-diff.yml").read_text(encoding="utf-8")


def test_examples_ci_cjm_validate_yml_is_the_workflow_cjm_init_writes():
    # Rendered with no known install source: the placeholder pip line, as in the README.
    written = render_files(stages="b2b-7", today=date(2026, 5, 4), install=None)[".github/workflows/cjm.yml"]
    assert written == (CI / "cjm-validate.yml").read_text(encoding="utf-8")


def test_validate_workflow_annotates_uploads_sarif_and_only_fails_on_real_errors():
    workflow = parse_yaml((CI / "cjm-validate.yml").read_text(encoding="utf-8")).data
    assert workflow["permissions"] == {"contents": "read", "security-events": "write"}
    steps = workflow["jobs"]["cjm-validate"]["steps"]
    runs = [s.get("run", "") for s in steps]
    assert "cjm validate --format github" in runs
    # Exit 1 (findings) still produces a SARIF file worth uploading; exit 2 (unreadable
    # input) fails the step.
    assert "cjm validate --format sarif > cjm.sarif || [ $? -eq 1 ]" in runs
    upload = next(s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif@"))
    assert upload["with"]["sarif_file"] == "cjm.sarif"
    assert "success() || failure()" in upload["if"]


def test_diff_workflow_reads_the_base_branch_from_git_and_can_comment():
    workflow = parse_yaml((CI / "journey-diff.yml").read_text(encoding="utf-8")).data
    assert workflow["permissions"]["pull-requests"] == "write"
    steps = workflow["jobs"]["cjm-diff"]["steps"]
    assert steps[0]["with"]["fetch-depth"] == 0
    assert any('cjm diff --git "origin/$BASE_REF" --format markdown' in s.get("run", "") for s in steps)
