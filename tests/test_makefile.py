"""`make demo` reads as a newcomer reads it: a step that exits 1 on purpose says so, instead of
make's "Error 1 (ignored)", which looks like a failure. Run with the real GNU make."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from .conftest import ROOT

MAKEFILE = ROOT / "Makefile"
pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="GNU make is not installed")


def make_step(command: str, why: str) -> subprocess.CompletedProcess[str]:
    """One demo step, `$(call expect_exit_1,COMMAND,WHY)`, as a target of the real Makefile."""
    recipe = f"demo-step:\n\t@$(call expect_exit_1,{command},{why})"
    return subprocess.run(
        ["make", "--no-print-directory", "-f", str(MAKEFILE), "--eval", recipe, "demo-step"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_a_step_that_exits_1_as_expected_says_so_and_the_demo_goes_on():
    result = make_step("sh -c exit\\ 1", "broken on purpose")
    assert result.returncode == 0
    assert result.stdout == "sh -c exit\\ 1\n(exit status 1, as expected: broken on purpose)\n"
    assert result.stderr == ""


@pytest.mark.parametrize("status", [0, 2])
def test_a_step_with_any_other_exit_status_stops_the_demo(status):
    result = make_step(f"sh -c exit\\ {status}", "broken on purpose")
    assert result.returncode == 2  # make's status for a failed recipe
    assert result.stdout == f"sh -c exit\\ {status}\n"
    assert result.stderr.splitlines()[0] == f"expected exit status 1 (broken on purpose), got {status}"


def test_no_demo_step_ignores_its_exit_status():
    demo = MAKEFILE.read_text(encoding="utf-8").split("\ndemo:", 1)[1].split("\n\n", 1)[0]
    steps = [line for line in demo.splitlines() if line.startswith("\t")]
    assert [s for s in steps if s.startswith("\t-")] == []  # `-cmd` is what prints "Error 1 (ignored)"
    expected = [re.sub(r",[^,]*\)$", "", s.split("expect_exit_1,", 1)[1]) for s in steps if "expect_exit_1" in s]
    assert expected == [
        "$(BIN)/cjm validate examples/invalid/",
        "$(BIN)/cjm import csv examples/csv/onboarding-workshop.csv -o out/imported/onboarding-workshop.yaml --force",
    ]
