"""`cjm validate` runs in pre-commit on every commit: it must not import what it does not use."""

from __future__ import annotations

import subprocess
import sys

from .conftest import ROOT

PROBE = """
import sys
from typer.testing import CliRunner
from cjm.cli import app
result = CliRunner().invoke(app, ["validate", "examples/"])
assert result.exit_code == 0, result.output
heavy = sorted(m for m in ("jinja2", "graphviz", "hypothesis") if m in sys.modules)
print(",".join(heavy))
"""


def test_validate_does_not_import_jinja2_or_graphviz():
    result = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


def test_version_does_not_import_pydantic():
    probe = "import sys\nfrom cjm.cli import app\nprint('pydantic' in sys.modules, 'ruamel' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.stdout.split() == ["False", "False"], result.stderr


def test_version_is_answered_before_the_cli_framework_loads():
    probe = (
        "import sys\nsys.argv = ['cjm', '--version']\nfrom cjm.main import run\nrun()\n"
        "print(sorted(m for m in ('typer', 'click', 'rich', 'pydantic') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.stdout.splitlines() == ["cjm 0.1.0", "[]"], result.stderr
