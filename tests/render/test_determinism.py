"""Rendering twice gives byte-identical files, in every format: outputs can live in git."""

from __future__ import annotations

import shutil

import pytest
from typer.testing import CliRunner

from cjm.cli import app

from ..conftest import EXAMPLES
from .conftest import TODAY
from .measured_data import MEASURED

NEEDS_DOT = ("svg", "png", "pdf")


def render_twice(tmp_path, args: list[str]) -> tuple[dict[str, bytes], dict[str, bytes]]:
    outputs = []
    for run in ("first", "second"):
        out = tmp_path / run
        result = CliRunner().invoke(app, [*args, "-o", str(out), "--today", TODAY.isoformat()])
        assert result.exit_code == 0, result.output
        outputs.append({p.name: p.read_bytes() for p in sorted(out.iterdir())})
    return outputs[0], outputs[1]


@pytest.mark.parametrize(
    "args",
    [
        ["-f", "svg"],
        ["-f", "svg", "--view", "flow"],
        ["-f", "png"],
        ["-f", "pdf", "--view", "flow"],
        ["-f", "dot"],
        ["-f", "dot", "--view", "flow", "--persona", "head-of-marketing"],
        ["-f", "html"],
        ["-f", "mermaid"],
    ],
    ids=lambda a: " ".join(a),
)
def test_render_is_byte_identical_run_to_run(tmp_path, args):
    if args[1] in NEEDS_DOT and shutil.which("dot") is None:
        pytest.skip("Graphviz `dot` is not installed")
    first, second = render_twice(tmp_path, ["render", str(EXAMPLES), *args])
    assert first and first.keys() == second.keys()
    for name in first:
        assert first[name] == second[name], f"{name} differs between two runs"


def test_report_site_is_byte_identical_run_to_run(tmp_path):
    first, second = render_twice(tmp_path, ["report", str(EXAMPLES)])
    assert "index.html" in first
    assert first == second


@pytest.mark.parametrize(
    "args",
    [["report"], ["render", "-f", "svg", "--view", "flow", "--measured"], ["render", "-f", "png", "--measured"]],
    ids=lambda a: " ".join(a),
)
def test_measured_outputs_are_byte_identical_run_to_run(tmp_path, args):
    if "-f" in args and shutil.which("dot") is None:
        pytest.skip("Graphviz `dot` is not installed")
    first, second = render_twice(tmp_path, [*args[:1], str(MEASURED), *args[1:]])
    assert first and first == second
