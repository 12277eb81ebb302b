"""Fixtures for `cjm new`: a private copy of the example workspace, and diff helpers."""

from __future__ import annotations

import difflib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ..conftest import EXAMPLES, ROOT

CJM = str(ROOT / ".venv" / "bin" / "cjm") if (ROOT / ".venv" / "bin" / "cjm").exists() else None


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """The example workspace (cjm.yaml, persona library, five journeys), copied so tests may edit it."""
    target = tmp_path / "ws"
    shutil.copytree(EXAMPLES, target, ignore=shutil.ignore_patterns("invalid", "ci", "csv"))
    return target


def run_cjm(*args: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """The real command, as a user or CI runs it (stdin is not a terminal here)."""
    command = [CJM] if CJM else [sys.executable, "-m", "cjm"]
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run(
        [*command, *args], cwd=cwd, env=env, input=stdin or "", capture_output=True, text=True, timeout=60
    )


def added_lines(before: str, after: str) -> list[str]:
    """The lines `after` adds to `before`; fails if any existing line was changed or removed."""
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    added: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        assert op in ("equal", "insert"), f"existing lines changed: {op} {old[i1:i2]!r} -> {new[j1:j2]!r}"
        if op == "insert":
            added += new[j1:j2]
    return added
