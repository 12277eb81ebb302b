"""The README's commands work as written, and print what the README shows.

In a ```console block, a line starting with `$ ` is a command, the lines after it are its
output, and a line that is exactly `...` stands for any number of lines. Commands run from
the repository root, as a reader who cloned it would run them, on the README's date
(SOURCE_DATE_EPOCH), so date-based findings do not drift.

A ```sh block right after `<!-- readme-test: run in an empty directory -->` is run as one
script, as a new user would paste it, in an empty directory with cjm and pre-commit on PATH.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from .conftest import ROOT

README = ROOT / "README.md"
BIN = Path(sys.executable).parent
CJM = BIN / "cjm"
README_DATE = "1795564800"  # 2026-11-25, the day the README's output was taken
SCRIPT_MARK = "<!-- readme-test: run in an empty directory -->"


@dataclass(frozen=True)
class Example:
    line: int
    command: str
    expected: list[str]

    def __str__(self) -> str:
        return f"README.md:{self.line}: $ {self.command}"


def console_examples(text: str) -> list[Example]:
    examples: list[Example] = []
    lines = text.splitlines()
    in_block = False
    current: Example | None = None
    for number, line in enumerate(lines, start=1):
        if line.startswith("```"):
            if current is not None:
                examples.append(current)
                current = None
            in_block = line.strip() == "```console"
            continue
        if not in_block:
            continue
        if line.startswith("$ "):
            if current is not None:
                examples.append(current)
            current = Example(number, line[2:], [])
        elif current is not None:
            current.expected.append(line.rstrip())
    return examples


def matches(expected: list[str], actual: list[str]) -> bool:
    """Line-by-line equality where an `...` line matches any run of lines."""
    if not expected:
        return not actual
    head, *rest = expected
    if head == "...":
        return any(matches(rest, actual[i:]) for i in range(len(actual) + 1))
    return bool(actual) and actual[0] == head and matches(rest, actual[1:])


EXAMPLES = console_examples(README.read_text(encoding="utf-8"))


def test_the_readme_has_console_examples() -> None:
    assert len(EXAMPLES) >= 5


@pytest.mark.parametrize("example", EXAMPLES, ids=str)
def test_readme_console_example_prints_what_the_readme_shows(example: Example) -> None:
    argv = shlex.split(example.command)
    assert argv[0] == "cjm", f"{example}: console examples run cjm"
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100", "TERM": "dumb", "SOURCE_DATE_EPOCH": README_DATE}
    env.pop("GITHUB_ACTIONS", None)
    result = subprocess.run([str(CJM), *argv[1:]], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    actual = [line.rstrip() for line in (result.stdout + result.stderr).splitlines()]
    assert result.returncode != 2, f"{example}: usage error\n{result.stderr}"
    assert matches(example.expected, actual), (
        f"{example}: output differs from the README\n--- README\n"
        + "\n".join(example.expected)
        + "\n--- actual\n"
        + "\n".join(actual)
    )


def scripts(text: str) -> list[tuple[int, str]]:
    """(line, script) of every ```sh block marked to run."""
    found = []
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line.strip() == SCRIPT_MARK:
            assert lines[i + 1] == "```sh", f"README.md:{i + 2}: the mark must be followed by a ```sh block"
            end = lines.index("```", i + 2)
            found.append((i + 3, "\n".join(lines[i + 2 : end]) + "\n"))
    return found


SCRIPTS = scripts(README.read_text(encoding="utf-8"))


def test_the_getting_started_script_is_marked_to_run() -> None:
    assert [script for _, script in SCRIPTS if "cjm init" in script]


@pytest.mark.parametrize("line, script", SCRIPTS, ids=[f"README.md:{n}" for n, _ in SCRIPTS])
def test_readme_script_runs_as_written(line: int, script: str, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    env = {
        "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
        "HOME": str(home),
        "NO_COLOR": "1",
        "TERM": "dumb",
        "GIT_AUTHOR_NAME": "Journey Team",
        "GIT_AUTHOR_EMAIL": "journeys@example.com",
        "GIT_COMMITTER_NAME": "Journey Team",
        "GIT_COMMITTER_EMAIL": "journeys@example.com",
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-cache"),
    }
    work = tmp_path / "work"
    work.mkdir()
    result = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script], cwd=work, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, f"README.md:{line}: the script failed\n{result.stdout}\n{result.stderr}"
    if "git commit" in script:
        log = subprocess.run(
            ["git", "log", "--format=%s", "--name-only"],
            cwd=next(work.iterdir()),
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        # The commit went through the hooks and holds the workspace, not the rendered output.
        assert "journeys/first-journey.yaml" in log.stdout and "out/" not in log.stdout


def python_blocks(text: str) -> list[tuple[int, str]]:
    lines = text.splitlines()
    return [
        (i + 2, "\n".join(lines[i + 1 : lines.index("```", i + 1)]) + "\n")
        for i, line in enumerate(lines)
        if line == "```python"
    ]


PYTHON = python_blocks(README.read_text(encoding="utf-8"))


def test_the_readme_shows_the_library_api() -> None:
    assert [code for _, code in PYTHON if "cjm.load_workspace" in code]


@pytest.mark.parametrize("line, code", PYTHON, ids=[f"README.md:{n}" for n, _ in PYTHON])
def test_readme_python_runs_as_written(line: int, code: str) -> None:
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**os.environ, "SOURCE_DATE_EPOCH": README_DATE},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, f"README.md:{line}: the example failed\n{result.stderr}"
    assert result.stdout.strip(), f"README.md:{line}: the example printed nothing"


def cjm_invocations(text: str) -> list[tuple[int, list[str]]]:
    """Every `cjm ...` command in the README's ```sh and ```yaml blocks, as argv (comments,
    redirections and pipes cut off; backslash continuations joined)."""
    found: list[tuple[int, list[str]]] = []
    lines = text.splitlines()
    fence = None
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("```"):
            fence = None if fence else line[3:].strip()
            i += 1
            continue
        start = i
        while line.endswith("\\") and i + 1 < len(lines):
            i += 1
            line = line[:-1] + " " + lines[i].strip()
        i += 1
        command = line.strip().removeprefix("- run: ").removeprefix("run: ")
        if fence not in ("sh", "yaml") or not command.startswith("cjm "):
            continue
        argv: list[str] = []
        for token in shlex.split(command, comments=True):
            if token in ("|", ">", "<", "&&", "||", ";"):
                break
            argv.append(token)
        found.append((start + 1, argv))
    return found


INVOCATIONS = cjm_invocations(README.read_text(encoding="utf-8"))


def test_the_readme_shows_every_command() -> None:
    shown = {argv[1] for _, argv in INVOCATIONS if len(argv) > 1}
    shown |= {shlex.split(example.command)[1] for example in EXAMPLES}
    assert {"init", "new", "validate", "fmt", "stats", "render", "report", "diff", "export", "import"} <= shown


@pytest.mark.parametrize("line, argv", INVOCATIONS, ids=[f"README.md:{n}" for n, _ in INVOCATIONS])
def test_readme_commands_use_options_that_exist(line: int, argv: list[str]) -> None:
    # --help is eager: click parses every option first (an unknown one is exit 2), then
    # prints the help and exits 0 without running the command.
    result = subprocess.run(
        [str(CJM), *argv[1:], "--help"], cwd=ROOT, env={**os.environ, "NO_COLOR": "1"}, capture_output=True, text=True
    )
    assert result.returncode == 0, f"README.md:{line}: {' '.join(argv)}\n{result.stderr}"
