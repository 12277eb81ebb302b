"""`cjm diff --git`, `REV:PATH` operands and the git diff driver, on a real repository.

The repository has three commits and a dirty working tree:
1. map the trial journey (cjm.yaml, a persona library, journeys/trial.yaml);
2. rename the sample-dashboard touchpoint and add a renewal stage with a renewal quote;
3. drop the pricing call (the analyst no longer appears in the purchase stage);
then, uncommitted: the first report gets happier (emotion 3 -> 5).
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cjm.cli import app

from .conftest import TRIAL, Repo, edit

CONFIG = "cjm: 1\njourneys: [journeys/*.yaml]\npersonas: [personas/*.yaml]\n"
LIBRARY = "cjm: 1\npersonas:\n  - id: it-admin\n    name: Ida, IT administrator\n    role: implementer\n"
PRICING_CALL = TRIAL[TRIAL.index("  - id: pricing-call") : TRIAL.index("  - id: first-invoice")]

RENAMED = edit(
    TRIAL,
    ("id: sample-dashboard", "id: demo-dashboard"),
    (
        "personas:\n  - id: analyst",
        "  - id: renewal\n    name: Renewal\n    phase: post-purchase\npersonas:\n  - id: analyst",
    ),
    (
        "actions:\n",
        "  - id: renewal-quote\n    stage: renewal\n    name: Receives the renewal quote\n    channel: email\n"
        "    personas: [cfo]\n    owner: sales\n    emotion: 3\nactions:\n",
    ),
)
DROPPED = edit(RENAMED, (PRICING_CALL, ""), ("addresses: [pricing-call]", "addresses: [first-invoice]"))
REPORT = (
    "name: Builds the first report for the team\n    channel: product\n    personas: [analyst]\n    owner: product\n"
)
DIRTY = edit(DROPPED, (REPORT + "    emotion: 3", REPORT + "    emotion: 5"))


@pytest.fixture
def history(repo: Callable[[], Repo]) -> Repo:
    r = repo()
    r.write("cjm.yaml", CONFIG)
    r.write("personas/committee.yaml", LIBRARY)
    r.write("journeys/trial.yaml", TRIAL)
    r.commit("Map the trial journey")
    r.write("journeys/trial.yaml", RENAMED)
    r.commit("Rename the dashboard touchpoint, add a renewal stage")
    r.write("journeys/trial.yaml", DROPPED)
    r.commit("Drop the pricing call")
    r.write("journeys/trial.yaml", DIRTY)
    r.write("notes.txt", "an untracked file\n")
    return r


def cjm(*args: str):
    return CliRunner().invoke(app, ["diff", *args])


def changes(output: str) -> list[tuple[str, str, str]]:
    doc = json.loads(output)
    return [(c["kind"], c["entity"], c["id"]) for j in doc["journeys"] for c in j["changes"]]


def test_two_revisions_are_read_from_git_objects(history: Repo):
    result = cjm("--git", "HEAD~2", "HEAD~1", "-f", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert (doc["old"], doc["new"]) == ("HEAD~2", "HEAD~1")
    assert doc["journeys"][0]["old_file"] == "HEAD~2:journeys/trial.yaml"
    assert changes(result.output) == [
        ("added", "stage", "renewal"),
        ("renamed", "touchpoint", "demo-dashboard"),
        ("added", "touchpoint", "renewal-quote"),
        ("coverage-gained", "coverage", "cfo"),
    ]


def test_without_head_the_working_tree_is_compared_and_nothing_is_checked_out(history: Repo):
    status_before = history.git("status", "--porcelain")
    head_before = history.git("rev-parse", "HEAD")
    result = cjm("--git", "HEAD~1", "-f", "json", "--fail-on", "removed")
    assert result.exit_code == 1, result.output  # the pricing call was removed
    found = changes(result.output)
    assert ("removed", "touchpoint", "pricing-call") in found
    assert ("coverage-lost", "coverage", "analyst") in found
    assert ("emotion", "touchpoint", "first-report") in found  # the uncommitted edit
    assert json.loads(result.output)["new"] == "working tree"
    assert history.git("status", "--porcelain") == status_before
    assert history.git("rev-parse", "HEAD") == head_before
    assert (history.root / "journeys/trial.yaml").read_text() == DIRTY


def test_paths_after_double_dash_limit_the_comparison(history: Repo):
    only_library = cjm("--git", "HEAD~2", "HEAD", "-f", "json", "--", "personas")
    assert only_library.exit_code == 0, only_library.output
    assert json.loads(only_library.output)["semantic_changes"] is False
    journey = cjm("--git", "HEAD~2", "-f", "json", "--", "journeys/trial.yaml")
    assert ("emotion", "touchpoint", "first-report") in changes(journey.output)


def test_a_path_without_double_dash_is_not_mistaken_for_a_revision(history: Repo):
    result = cjm("--git", "HEAD~1", "journeys/trial.yaml", "-f", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["new"] == "working tree"


def test_rev_path_operands_mix_git_objects_and_files(history: Repo):
    result = cjm("HEAD:journeys/trial.yaml", "journeys/trial.yaml", "-f", "json")
    assert result.exit_code == 0, result.output
    assert changes(result.output) == [("emotion", "touchpoint", "first-report")]
    directories = cjm("HEAD~2:journeys", "HEAD~1:journeys", "-f", "json")
    assert ("renamed", "touchpoint", "demo-dashboard") in changes(directories.output)


def test_an_unknown_revision_is_a_usage_error(history: Repo):
    result = cjm("--git", "orgin/main")
    assert result.exit_code == 2
    assert "cjm: error: unknown revision 'orgin/main'" in result.stderr
    assert "Traceback" not in result.output + result.stderr
    operand = cjm("orgin/main:journeys/trial.yaml", "journeys/trial.yaml")
    assert operand.exit_code == 2 and "unknown revision 'orgin/main'" in operand.stderr


def test_a_path_missing_from_a_revision_is_a_usage_error(history: Repo):
    result = cjm("HEAD:journeys/nope.yaml", "journeys/trial.yaml")
    assert result.exit_code == 2
    assert "'journeys/nope.yaml' does not exist in HEAD" in result.stderr
    nowhere = cjm("--git", "HEAD", "--", "nowhere")
    assert nowhere.exit_code == 2 and "nowhere: not found in HEAD nor in the working tree" in nowhere.stderr


def test_outside_a_repository_git_operands_are_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    result = cjm("--git", "main")
    assert result.exit_code == 2
    assert "not inside a git repository" in result.stderr


def test_an_invalid_file_in_a_revision_is_reported_with_its_position(history: Repo):
    history.write("journeys/trial.yaml", TRIAL.replace("  - id: cfo\n", "  - id: cfo\n   bad: [indent\n"))
    result = cjm("--git", "HEAD")
    assert result.exit_code == 2
    assert "journeys/trial.yaml:" in result.stderr and "cannot compare" in result.stderr


def driver_git(history: Repo, command: str, *args: str) -> subprocess.CompletedProcess[str]:
    history.git("config", "diff.cjm.command", command)
    history.write(".gitattributes", "journeys/*.yaml diff=cjm\n")
    env = {**os.environ, "NO_COLOR": "1", "GIT_PAGER": "cat"}
    return subprocess.run(["git", *args], cwd=history.root, env=env, capture_output=True, text=True, timeout=120)


PYTHON_CJM = f"{shlex.quote(sys.executable)} -m cjm diff"


def test_git_diff_shows_semantic_diffs_through_the_driver(history: Repo):
    result = driver_git(history, f"{PYTHON_CJM} --git-driver", "diff", "HEAD~1", "HEAD")
    assert result.returncode == 0, result.stderr
    assert "cjm diff a/journeys/trial.yaml → b/journeys/trial.yaml" in result.stdout
    assert "− pricing-call" in result.stdout
    assert "− lost   analyst × purchase" in result.stdout
    working = driver_git(history, f"{PYTHON_CJM} --git-driver", "diff")
    assert "emotion: 3 → 5 ▲ improved" in working.stdout


def test_the_driver_convention_is_detected_without_the_flag(history: Repo):
    result = driver_git(history, PYTHON_CJM, "diff", "HEAD~1", "HEAD")
    assert result.returncode == 0, result.stderr
    assert "− pricing-call" in result.stdout


def test_the_driver_shows_an_added_journey(history: Repo):
    history.write("journeys/pilot.yaml", TRIAL.replace("id: analytics-trial", "id: enterprise-pilot"))
    history.git("add", "journeys/pilot.yaml")
    result = driver_git(history, f"{PYTHON_CJM} --git-driver", "diff", "--cached", "--", "journeys/pilot.yaml")
    assert result.returncode == 0, result.stderr
    assert "enterprise-pilot  added" in result.stdout


def test_from_a_subdirectory_paths_are_relative_to_it_as_in_git(history: Repo, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(history.root / "journeys")
    whole = cjm("--git", "HEAD~1", "-f", "json")  # the workspace around the cwd (found via cjm.yaml)
    assert ("removed", "touchpoint", "pricing-call") in changes(whole.output)
    relative = cjm("HEAD:./trial.yaml", "trial.yaml", "-f", "json")
    assert changes(relative.output) == [("emotion", "touchpoint", "first-report")]
    from_root = cjm("HEAD:journeys/trial.yaml", "trial.yaml", "-f", "json")
    assert changes(from_root.output) == changes(relative.output)


def test_a_deleted_journey_is_removed(history: Repo):
    (history.root / "journeys/trial.yaml").unlink()
    result = cjm("--git", "HEAD", "-f", "json", "--fail-on", "removed")
    assert result.exit_code == 1
    [journey] = json.loads(result.output)["journeys"]
    assert (journey["id"], journey["status"], journey["new_file"]) == ("analytics-trial", "removed", None)


def test_workspaces_of_one_repository_are_compared_each_with_itself(repo: Callable[[], Repo]):
    r = repo()
    for team in ("emea", "apac"):
        r.write(f"{team}/cjm.yaml", CONFIG)
        r.write(f"{team}/personas/committee.yaml", LIBRARY)
        r.write(f"{team}/journeys/trial.yaml", TRIAL)  # the same journey id in both workspaces
    r.commit("Two regional workspaces")
    r.write("apac/journeys/trial.yaml", edit(TRIAL, ("owner: growth", "owner: apac-growth")))
    result = cjm("--git", "HEAD", "-f", "json", "--", "emea", "apac")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert [(j["old_file"], j["new_file"]) for j in doc["journeys"]] == [
        ("HEAD:apac/journeys/trial.yaml", "apac/journeys/trial.yaml")
    ]
    assert changes(result.output) == [("changed", "journey", "analytics-trial")]


def test_a_pull_request_job_compares_with_the_remote_base_branch(
    history: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    # As in CI: a clone (actions/checkout with fetch-depth: 0) on the PR branch, the base at origin/main.
    clone = tmp_path / "clone"
    history.git("clone", "-q", str(history.root), str(clone))
    pr = Repo(clone, init=False)
    pr.git("checkout", "-q", "-b", "billing-owns-invoices")
    pr.write("journeys/trial.yaml", DROPPED.replace("    owner: finance\n", "    owner: billing\n"))
    pr.commit("Billing owns the first invoice")
    monkeypatch.chdir(clone)
    result = cjm("--git", "origin/main", "-f", "markdown", "--fail-on", "removed,coverage-drop,new-errors")
    assert result.exit_code == 0, result.output + result.stderr
    assert "Comparing origin/main → working tree" in result.output
    assert (
        "| 🟠 | changed | `first-invoice` | <em>Receives the first invoice</em><br>owner: finance → billing |"
        in result.output
    )


def test_the_driver_reports_a_file_that_does_not_parse_and_lets_git_go_on(history: Repo):
    history.write("journeys/trial.yaml", TRIAL.replace("  - id: cfo\n", "  - id: cfo\n   bad: [indent\n"))
    result = driver_git(history, f"{PYTHON_CJM} --git-driver", "diff")
    assert result.returncode == 0, result.stderr
    assert "b/journeys/trial.yaml:" in result.stdout and "cannot compare" in result.stdout
