"""examples/ci/: the GitHub Actions workflows the README and `cjm init` show, kept in sync."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

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
    # upload-sarif needs `actions: read` in private repositories (it reads the workflow run).
    assert workflow["permissions"] == {"contents": "read", "security-events": "write", "actions": "read"}
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


def test_pull_requests_from_forks_skip_the_comment_and_keep_the_job_summary():
    # A fork's pull request gets a read-only token: `gh pr comment` would fail the job.
    steps = parse_yaml((CI / "journey-diff.yml").read_text(encoding="utf-8")).data["jobs"]["cjm-diff"]["steps"]
    comment = next(s for s in steps if "gh pr comment" in s.get("run", ""))
    assert "github.event.pull_request.head.repo.full_name == github.repository" in comment["if"]
    diff = next(s for s in steps if s.get("id") == "diff")
    assert 'cat cjm-diff.md >> "$GITHUB_STEP_SUMMARY"' in diff["run"]  # what fork PRs see
    assert not any("github.event.pull_request.head.repo" in s.get("if", "") for s in steps if s is not comment)


def _workflows() -> dict[str, str]:
    """Every workflow cjm ships: examples/ci/, what `cjm init` writes, the README's copy."""
    out = {f"examples/ci/{p.name}": p.read_text(encoding="utf-8") for p in sorted(CI.glob("*.yml"))}
    for install in (None, "cjm @ git+https://github.com/acme/cjm@v1.0"):
        rendered = render_files(stages="b2b-7", today=date(2026, 5, 4), install=install)
        out[f"cjm init (install={install})"] = rendered[".github/workflows/cjm.yml"]
    out["README.md"] = _readme_block("### Posting the diff on pull requests")
    return out


def _run_scripts() -> list[tuple[str, str]]:
    scripts = []
    for name, text in _workflows().items():
        for job_id, job in parse_yaml(text).data["jobs"].items():
            for i, step in enumerate(job["steps"]):
                if "run" in step:
                    scripts.append(
                        (f"{name} jobs.{job_id}.steps[{i}] ({step.get('name', step['run'][:30])})", step["run"])
                    )
    return scripts


def test_expressions_reach_run_scripts_through_env_only():
    # `${{ }}` pasted into shell text is script injection for text a user controls, and
    # shellcheck sees `${{` as a bad substitution (SC2242 on `exit "${{ ... }}"`).
    scripts = _run_scripts()
    assert len(scripts) >= 10
    assert [where for where, script in scripts if "${{" in script] == []


# What actionlint turns off when it runs shellcheck on `run:` scripts: variables GitHub sets
# (SC2154), sourced files (SC1091), and comparisons of constants that expressions produce.
_ACTIONLINT_EXCLUDES = "SC1091,SC2050,SC2154,SC2157,SC2194"


@pytest.mark.skipif(
    shutil.which("shellcheck") is None, reason="shellcheck is not installed (apt-get install shellcheck)"
)
def test_every_run_script_passes_shellcheck(tmp_path: Path):
    problems = []
    for n, (where, script) in enumerate(_run_scripts()):
        # GitHub runs a `run:` with `bash -e {0}` on Linux runners.
        path = tmp_path / f"step{n}.sh"
        path.write_text("#!/bin/bash\nset -e\n" + script, encoding="utf-8")
        result = subprocess.run(
            [
                "shellcheck",
                "--shell=bash",
                "--severity=style",
                f"--exclude={_ACTIONLINT_EXCLUDES}",
                "--format=gcc",
                str(path),
            ],
            capture_output=True,
            text=True,
            timeout=60,
        )
        if result.returncode != 0:
            problems.append(f"{where}:\n{result.stdout}{result.stderr}")
    assert problems == []


def test_the_shellcheck_test_catches_an_expression_in_a_script(tmp_path: Path):
    # The check above is only worth something if shellcheck rejects what issue 11 found.
    if shutil.which("shellcheck") is None:
        pytest.skip("shellcheck is not installed (apt-get install shellcheck)")
    path = tmp_path / "step.sh"
    path.write_text('#!/bin/bash\nexit "${{ steps.diff.outputs.status }}"\n', encoding="utf-8")
    result = subprocess.run(["shellcheck", "--format=gcc", str(path)], capture_output=True, text=True, timeout=60)
    # SC2242 ("can only exit with status 0-255") or, by version, SC2296 (a `${{` expansion).
    assert result.returncode == 1 and re.search(r"SC2242|SC2296", result.stdout), result.stdout


def test_the_weekly_measure_job_runs_as_written_and_its_summary_shows_the_numbers_move(tmp_path: Path):
    # Every `run:` step of examples/ci/cjm-measure.yml, in bash as Actions runs them, on a git
    # repository of the demo workspace whose map was last measured up to the end of April.
    steps = parse_yaml((CI / "cjm-measure.yml").read_text(encoding="utf-8")).data["jobs"]["measure"]["steps"]
    runs = [s["run"] for s in steps if "run" in s and not s["run"].startswith("pip install")]
    assert len(runs) == 3, runs
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "demo" / "measured", repo)
    summary = tmp_path / "summary.md"
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",  # this cjm
        "GITHUB_STEP_SUMMARY": str(summary),
        "SOURCE_DATE_EPOCH": "1785542400",  # 2026-08-01: the demo's figures are not stale yet
        "GIT_AUTHOR_NAME": "cjm",
        "GIT_AUTHOR_EMAIL": "cjm@example.com",
        "GIT_COMMITTER_NAME": "cjm",
        "GIT_COMMITTER_EMAIL": "cjm@example.com",
    }

    def sh(script: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["bash", "-eo", "pipefail", "-c", script], cwd=repo, env=env, capture_output=True, text=True, timeout=300
        )

    last_week = (
        "git init -q && cjm measure --write --to 2026-04-30 -q > /dev/null && git add -A && git commit -qm april"
    )
    assert sh(last_week).returncode == 0
    for script in runs:
        result = sh(script)
        assert result.returncode == 0, f"{script}\n{result.stdout}\n{result.stderr}"
    text = summary.read_text(encoding="utf-8")
    assert "387 → 400 ▲ +13" in text  # accounts, in the diff's measured table
    assert "1868 → 2071 ▲ +203" in text  # events
    assert sh("git diff --quiet").returncode == 1  # the pull request has figures to show
