"""Running the real `git` and `pre-commit` against this repository's working tree.

pre-commit installs a hook repository by git URL and revision. To test the working tree (not
the last commit), the files pre-commit installs are copied into a git repository of their own. The copy is
committed with a fixed author and date, so the same tree always gets the same commit id;
with PRE_COMMIT_HOME kept in `.cache/` of this checkout, pre-commit then reuses the
environment it built on an earlier run instead of pip-installing cjm again.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from ..conftest import ROOT

CACHE = ROOT / ".cache"
PRE_COMMIT_HOME = CACHE / "pre-commit"
HOOK_REPO = CACHE / "pre-commit-hook-repo"
BIN = ROOT / ".venv" / "bin"

_FIXED_IDENTITY = {
    "GIT_AUTHOR_NAME": "cjm tests",
    "GIT_AUTHOR_EMAIL": "tests@cjm.invalid",
    "GIT_COMMITTER_NAME": "cjm tests",
    "GIT_COMMITTER_EMAIL": "tests@cjm.invalid",
    "GIT_AUTHOR_DATE": "2026-01-01T00:00:00+00:00",
    "GIT_COMMITTER_DATE": "2026-01-01T00:00:00+00:00",
}


def clean_env(**extra: str) -> dict[str, str]:
    """The environment of a user's shell: no git or pre-commit state leaking in from outside."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env["PRE_COMMIT_HOME"] = str(PRE_COMMIT_HOME)
    env["GIT_CONFIG_NOSYSTEM"] = "1"
    env.update(extra)
    return env


def git(cwd: Path, *args: str, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(["git", *args], cwd=cwd, env=env or clean_env(), capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, f"git {' '.join(args)} failed:\n{result.stdout}{result.stderr}"
    return result.stdout


def new_repo(path: Path) -> None:
    """`git init` with a local identity, as a user's repository would have one."""
    git(path, "init", "-q", "-b", "main")
    git(path, "config", "user.name", "Maya Example")
    git(path, "config", "user.email", "maya@example.com")
    git(path, "config", "commit.gpgsign", "false")


# What pre-commit needs to install cjm as a hook: the hooks, the package and its metadata.
# Copying only these keeps the commit id stable while other files (tests, docs) change.
HOOK_REPO_FILES = ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml", "src/")


def hook_repo() -> tuple[Path, str]:
    """This working tree's hooks and package as a git repository for pre-commit: (path, commit id)."""
    listed = git(ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", *HOOK_REPO_FILES)
    if HOOK_REPO.exists():
        shutil.rmtree(HOOK_REPO)
    HOOK_REPO.mkdir(parents=True)
    for name in sorted(set(filter(None, listed.split("\0")))):
        source = ROOT / name
        if source.is_file() and not source.is_symlink():  # files deleted in the tree stay out
            target = HOOK_REPO / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    env = clean_env(**_FIXED_IDENTITY)
    git(HOOK_REPO, "init", "-q", "-b", "main", env=env)
    git(HOOK_REPO, "add", "-A", env=env)
    git(HOOK_REPO, "commit", "-q", "--no-gpg-sign", "-m", "working tree under test", env=env)
    return HOOK_REPO, git(HOOK_REPO, "rev-parse", "HEAD", env=env).strip()


def run(
    cwd: Path, *args: str, env: dict[str, str] | None = None, timeout: int = 900
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(args), cwd=cwd, env=env or clean_env(), capture_output=True, text=True, timeout=timeout)


def pre_commit(cwd: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`pre-commit ARGS` with output combined; fails loudly when it could not install the hooks."""
    result = run(cwd, str(BIN / "pre-commit"), *args, env=env)
    output = result.stdout + result.stderr
    # Exit 3 is pre-commit's "unexpected error", e.g. pip could not install the hook repo.
    assert result.returncode != 3, (
        "pre-commit could not set up the hook environment. It pip-installs cjm and its "
        f"dependencies from PyPI into {PRE_COMMIT_HOME}: check that PyPI is reachable.\n{output}"
        f"\n(log: {PRE_COMMIT_HOME / 'pre-commit.log'})"
    )
    return result
