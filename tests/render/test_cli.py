"""`cjm render` and `cjm report` on the command line: files written, exit codes, messages."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from cjm.cli import app

from ..conftest import EXAMPLES, MINIMAL
from .conftest import needs_dot

EXAMPLE_IDS = [
    "account-management-current",
    "account-management-future",
    "buying-jobs",
    "industrial-equipment",
    "saas-subscription",
]


def cjm(*args: str):
    return CliRunner().invoke(app, list(args))


@needs_dot
def test_render_svg_writes_one_map_per_journey(tmp_path):
    result = cjm("render", str(EXAMPLES), "-f", "svg", "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{i}.map.svg" for i in EXAMPLE_IDS]
    assert all(p.read_bytes().startswith(b"<?xml") for p in tmp_path.iterdir())
    assert result.output.splitlines()[0].endswith("account-management-current.map.svg")


def test_render_without_output_writes_into_out_and_says_so(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = cjm("render", str(EXAMPLES / "journeys" / "saas-subscription.yaml"), "-f", "dot")
    assert result.exit_code == 0, result.output
    assert result.output == "out/saas-subscription.map.dot\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # nothing beside the journeys
    assert (tmp_path / "out" / "saas-subscription.map.dot").read_text(encoding="utf-8").startswith("digraph")


@needs_dot
@pytest.mark.parametrize(("fmt", "magic"), [("png", b"\x89PNG"), ("pdf", b"%PDF")])
def test_render_png_and_pdf(tmp_path, fmt, magic):
    journey = EXAMPLES / "journeys" / "buying-jobs.yaml"
    result = cjm("render", str(journey), "-f", fmt, "--view", "flow", "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert (tmp_path / f"buying-jobs.flow.{fmt}").read_bytes().startswith(magic)


def test_render_dot_html_and_mermaid_name_their_files(tmp_path):
    journey = str(EXAMPLES / "journeys" / "saas-subscription.yaml")
    for args in (
        ["-f", "dot", "--view", "flow"],
        ["-f", "html"],
        ["-f", "mermaid"],
        ["-f", "dot", "--persona", "vp-sales"],
    ):
        assert cjm("render", journey, *args, "-o", str(tmp_path)).exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "saas-subscription.flow.dot",
        "saas-subscription.html",
        "saas-subscription.map.vp-sales.dot",
        "saas-subscription.mmd",
    ]


def test_persona_filter_skips_journeys_without_that_persona(tmp_path):
    result = cjm("render", str(EXAMPLES), "-f", "mermaid", "--persona", "cio", "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "account-management-current.cio.mmd",
        "account-management-future.cio.mmd",
    ]
    assert "skipped examples/journeys/saas-subscription.yaml: it has no persona 'cio'" in result.stderr


def test_unknown_persona_is_a_usage_error(tmp_path):
    result = cjm("render", str(EXAMPLES), "-f", "dot", "--persona", "nobody", "-o", str(tmp_path))
    assert result.exit_code == 2
    assert "no journey has the persona 'nobody'" in result.stderr


def test_view_only_applies_to_diagrams(tmp_path):
    result = cjm("render", str(EXAMPLES), "-f", "html", "--view", "flow", "-o", str(tmp_path))
    assert result.exit_code == 2
    assert "--view applies to diagrams" in result.stderr


def test_invalid_journeys_are_reported_like_validate_and_nothing_is_drawn(write, tmp_path):
    broken = write("journeys/broken.yaml", MINIMAL.replace("stage: awareness", "stage: awarenes"))
    out = tmp_path / "out"
    result = cjm("render", str(broken), "-f", "dot", "-o", str(out))
    assert result.exit_code == 2
    assert "broken.yaml:" in result.stderr and "unknown-reference" in result.stderr
    assert "nothing rendered" in result.stderr
    assert not out.exists()


def test_lint_findings_do_not_block_a_render_but_show_in_the_report(write, tmp_path):
    # No owner on the touchpoint: a lint finding, not a broken file.
    journey = write("journeys/minimal.yaml", MINIMAL)
    result = cjm("render", str(journey), "-f", "html", "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert "missing-owner" in (tmp_path / "out" / "minimal.html").read_text()


def test_missing_dot_fails_clearly_but_dot_output_still_works(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    result = cjm("render", str(EXAMPLES), "-f", "svg", "-o", str(tmp_path / "svg"))
    assert result.exit_code == 2
    assert "needs Graphviz's `dot` program, which is not installed" in result.stderr
    assert "Traceback" not in result.output
    assert cjm("render", str(EXAMPLES), "-f", "dot", "-o", str(tmp_path / "dot")).exit_code == 0
    assert len(list((tmp_path / "dot").iterdir())) == 5


def test_report_writes_an_index_and_a_page_per_journey(tmp_path):
    result = cjm("report", str(EXAMPLES), "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["index.html", *(f"{i}.html" for i in EXAMPLE_IDS)])
    index = (tmp_path / "index.html").read_text()
    assert all(f'href="{i}.html"' in index for i in EXAMPLE_IDS)
    assert "Journey maps: examples" in index
    assert 'href="index.html"' in (tmp_path / "saas-subscription.html").read_text()


def test_report_refuses_to_write_over_a_file(tmp_path):
    target = tmp_path / "taken"
    target.write_text("not a directory")
    result = cjm("report", str(EXAMPLES), "-o", str(target))
    assert result.exit_code == 2
    assert "cannot write to" in result.stderr and "File exists" in result.stderr


def test_the_installed_cjm_renders_from_the_shell(tmp_path):
    exe = shutil.which("cjm", path=str(__import__("pathlib").Path(sys.executable).parent))
    assert exe, "cjm is not installed in this environment"
    done = subprocess.run(
        [exe, "render", str(EXAMPLES), "-f", "mermaid", "-o", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "saas-subscription.mmd").read_text().startswith("journey\n")
