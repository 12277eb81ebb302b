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


# `cjm validate FILE` as the console script runs it (pre-commit, with output to a pipe).
VALIDATE_ONE_FILE = """
import sys
sys.argv = ["cjm", "validate", "examples/journeys/saas-subscription.yaml"]
from cjm.main import run
try:
    run()
except SystemExit as exc:
    assert not exc.code, exc.code
print(sorted(m for m in sys.modules if m.startswith(("cjm.commands.", "cjm.fmt", "rich"))), file=sys.stderr)
"""


def _modules_after_validate(env_extra: dict[str, str] | None = None) -> list[str]:
    import ast
    import os

    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "TTY_COMPATIBLE")}
    env.update(env_extra or {})
    result = subprocess.run(
        [sys.executable, "-c", VALIDATE_ONE_FILE], cwd=ROOT, capture_output=True, text=True, timeout=60, env=env
    )
    assert result.returncode == 0, result.stderr
    return ast.literal_eval(result.stderr.strip().splitlines()[-1])


def test_validate_builds_only_its_own_command_module():
    """typer builds every parameter of every command it is given: the console script gives it one."""
    modules = _modules_after_validate()
    assert [m for m in modules if m.startswith("cjm.commands.")] == ["cjm.commands._common", "cjm.commands.validate"]


def test_validate_with_output_to_a_pipe_does_not_import_rich():
    assert [m for m in _modules_after_validate() if m.startswith("rich")] == []


def test_validate_does_not_load_the_formatter():
    """A lint rule quotes text as `cjm fmt` would (fmt.quoting); the rest of fmt stays unloaded."""
    assert [m for m in _modules_after_validate() if m.startswith("cjm.fmt")] == ["cjm.fmt", "cjm.fmt.quoting"]


def test_validate_with_forced_colour_still_styles_its_output_with_rich():
    assert "rich.console" in _modules_after_validate({"FORCE_COLOR": "1"})


def test_every_command_the_fast_path_names_is_registered_by_its_module():
    import typer.main

    from cjm.cli import build_app
    from cjm.commands import COMMAND_MODULE

    for name in COMMAND_MODULE:
        group = typer.main.get_command(build_app(name))
        assert name in group.commands, name  # type: ignore[attr-defined]


def test_every_command_of_the_full_cli_is_on_the_fast_path():
    """A new command missing from COMMAND_MODULE would still work, but start slowly."""
    import typer.main

    from cjm.cli import app
    from cjm.commands import COMMAND_MODULE

    assert sorted(typer.main.get_command(app).commands) == sorted(COMMAND_MODULE)  # type: ignore[attr-defined]
