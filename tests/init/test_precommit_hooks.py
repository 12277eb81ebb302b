"""The hooks of .pre-commit-hooks.yaml, run by the real pre-commit in a real git repository.

pre-commit pip-installs this working tree (see precommit.py) on the first run: about a
minute with a cold cache, a few seconds after that.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from cjm.scaffold import init_workspace

from ..conftest import ROOT
from .precommit import PRE_COMMIT_HOME, git, hook_repo, new_repo, pre_commit, run


@pytest.fixture(scope="module")
def hooks() -> Iterator[tuple[Path, str]]:
    yield hook_repo()
    # Drop the environments of hook repositories whose configs are gone (older test runs),
    # so .cache/ does not grow by one environment for every change to src/.
    pre_commit(ROOT, "gc")


def _repo_with_hooks(path: Path, hooks: tuple[Path, str], ids: list[str]) -> Path:
    """A workspace repository (cjm init's files) whose pre-commit config uses this repo's hooks."""
    new_repo(path)
    init_workspace(path, today=date.today(), install=None)
    url, rev = hooks
    listed = "".join(f"      - id: {i}\n" for i in ids)
    (path / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {url}\n    rev: {rev}\n    hooks:\n{listed}", encoding="utf-8"
    )
    git(path, "add", "-A")
    return path


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_validate_hook_passes_a_clean_workspace_and_fails_with_file_line_col(tmp_path: Path, hooks):
    repo = _repo_with_hooks(tmp_path, hooks, ["cjm-validate"])

    clean = pre_commit(repo, "run", "--all-files")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "cjm validate" in clean.stdout and "Passed" in clean.stdout

    journey = repo / "journeys" / "first-journey.yaml"
    _edit(journey, "    stage: consideration\n", "    stage: considration\n")
    line = journey.read_text(encoding="utf-8").splitlines().index("    stage: considration") + 1
    git(repo, "add", "-A")

    broken = pre_commit(repo, "run", "--all-files")
    assert broken.returncode == 1
    assert "Failed" in broken.stdout
    assert f"journeys/first-journey.yaml:{line}:12: error [unknown-reference]" in broken.stdout
    assert "did you mean 'consideration'?" in broken.stdout


def test_validate_hook_sees_a_journey_broken_by_a_change_to_another_file(tmp_path: Path, hooks):
    # Only the persona library is staged, yet the journey that uses the removed persona is
    # reported: the hook validates the whole workspace (pass_filenames: false).
    repo = _repo_with_hooks(tmp_path, hooks, ["cjm-validate"])
    git(repo, "commit", "-q", "--no-verify", "-m", "workspace from cjm init")
    library = repo / "personas" / "buying-committee.yaml"
    text = library.read_text(encoding="utf-8")
    start = text.index("  - id: head-of-operations")
    library.write_text(text[:start] + text[text.index("  - id: it-security-lead") :], encoding="utf-8")
    git(repo, "add", "personas/buying-committee.yaml")

    result = pre_commit(repo, "run")  # the staged files only, as on `git commit`

    assert result.returncode == 1, result.stdout + result.stderr
    assert "journeys/first-journey.yaml:" in result.stdout
    assert "'head-of-operations'" in result.stdout


def test_validate_hook_does_not_run_when_no_yaml_is_staged(tmp_path: Path, hooks):
    repo = _repo_with_hooks(tmp_path, hooks, ["cjm-validate"])
    git(repo, "commit", "-q", "--no-verify", "-m", "workspace from cjm init")
    (repo / "NOTES.md").write_text("Workshop notes\n", encoding="utf-8")
    git(repo, "add", "NOTES.md")

    result = pre_commit(repo, "run")

    assert result.returncode == 0
    assert "(no files to check)Skipped" in result.stdout


def test_fmt_hook_formats_a_messy_journey_and_leaves_other_yaml_alone(tmp_path: Path, hooks):
    repo = _repo_with_hooks(tmp_path, hooks, ["cjm-validate", "cjm-fmt"])
    journey = repo / "journeys" / "first-journey.yaml"
    # Valid YAML in another layout, as another editor writes it: list dashes flush with their key.
    lines = journey.read_text(encoding="utf-8").splitlines(keepends=True)
    messy = "".join(line[2:] if line.startswith("  ") else line for line in lines)
    journey.write_text(messy, encoding="utf-8")
    # Not a cjm file: the hook must not touch it (unquoting "80:80" would change its meaning
    # for YAML 1.1 readers).
    compose = 'services:\n  web:\n    image: nginx\n    ports:\n    - "80:80"\n'
    (repo / "docker-compose.yml").write_text(compose, encoding="utf-8")
    git(repo, "add", "-A")

    first = pre_commit(repo, "run", "--all-files")
    assert first.returncode == 1, first.stdout + first.stderr
    assert "files were modified by this hook" in first.stdout
    formatted = journey.read_text(encoding="utf-8")
    assert formatted != messy
    assert "\n- id: " not in formatted and "\n  - id: " in formatted
    assert (repo / "docker-compose.yml").read_text(encoding="utf-8") == compose

    git(repo, "add", "-A")
    second = pre_commit(repo, "run", "--all-files")
    assert second.returncode == 0, second.stdout + second.stderr


def test_fmt_hook_formats_the_staged_journey_and_no_other(tmp_path: Path, hooks):
    repo = _repo_with_hooks(tmp_path, hooks, ["cjm-fmt"])
    git(repo, "commit", "-q", "--no-verify", "-m", "workspace from cjm init")
    journey = repo / "journeys" / "first-journey.yaml"
    flush = "".join(
        line[2:] if line.startswith("  ") else line
        for line in journey.read_text(encoding="utf-8").splitlines(keepends=True)
    )
    # A teammate's file in another layout, not part of this commit.
    other = repo / "journeys" / "teammate.yaml"
    other.write_text(flush.replace("id: first-journey", "id: teammate-journey", 1), encoding="utf-8")
    journey.write_text(flush, encoding="utf-8")
    git(repo, "add", "journeys/first-journey.yaml")

    result = pre_commit(repo, "run")  # the staged files only, as on `git commit`

    assert result.returncode == 1, result.stdout + result.stderr
    formatted = journey.read_text(encoding="utf-8")
    assert "\n- id: " in flush and "\n- id: " not in formatted and "\n  - id: " in formatted
    assert other.read_text(encoding="utf-8") == flush.replace("id: first-journey", "id: teammate-journey", 1)


def test_cjm_as_pip_installs_it_for_the_hooks_ships_the_init_templates(tmp_path: Path, hooks):
    # pre-commit installed cjm into its environment like any user's `pip install` (not an
    # editable checkout), so this `cjm init` only works if templates/init/ is package data.
    url, rev = hooks
    (tmp_path / "repo").mkdir()
    _repo_with_hooks(tmp_path / "repo", hooks, ["cjm-validate"])
    assert pre_commit(tmp_path / "repo", "install-hooks").returncode == 0
    with sqlite3.connect(PRE_COMMIT_HOME / "db.db") as db:
        (clone,) = db.execute("SELECT path FROM repos WHERE repo = ? AND ref = ?", (str(url), rev)).fetchone()
    (installed,) = Path(clone).glob("py_env-*/bin/cjm")

    created = run(tmp_path, str(installed), "init", "maps")
    assert created.returncode == 0, created.stderr
    checked = run(tmp_path / "maps", str(installed), "validate")
    assert checked.returncode == 0 and "no problems found" in checked.stdout, checked.stdout + checked.stderr
