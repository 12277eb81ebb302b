"""The library API the CLI is a thin layer over."""

from __future__ import annotations

import json

import cjm
from cjm.findings import Finding, Severity
from cjm.positions import locate
from cjm.yamlread import parse_yaml

from .conftest import EXAMPLES, MINIMAL
from .test_cli import run


def test_load_a_workspace_and_validate_it():
    ws = cjm.load_workspace(EXAMPLES)
    assert ws.root == EXAMPLES
    assert ws.config.channels == ["webinar"]
    assert cjm.validate(ws) == cjm.validate.validate(ws)


def test_validate_reports_what_the_command_reports_and_check_format_the_format_checks_alone(
    write, tmp_path, monkeypatch
):
    # Well-formed, so the format checks pass, but it lacks what the practice rules ask for.
    write("j.yaml", MINIMAL)
    monkeypatch.chdir(tmp_path)
    ws = cjm.load_workspace("j.yaml")
    command = json.loads(run("validate", "--format", "json", "j.yaml", cwd=tmp_path).stdout)["findings"]
    assert command, "the practice rules should have something to say about MINIMAL"
    assert [f.as_dict() for f in cjm.validate(ws)] == command
    assert cjm.check_format(ws) == []
    assert cjm.validate(ws, lint=False) == cjm.check_format(ws)


def test_findings_are_plain_values_sorted_by_file_and_position(write):
    path = write(
        "j.yaml",
        MINIMAL.replace("stage: awareness", "stage: awarness").replace("b2b-7\n", "b2b-7\nowner: Sales Team\n"),
    )
    findings = cjm.validate(cjm.load_workspace(path))
    assert [(f.line, f.code) for f in findings] == [(5, "invalid-value"), (12, "unknown-reference")]
    assert all(isinstance(f, Finding) and f.severity is Severity.ERROR for f in findings)
    assert findings[0].as_dict()["message"].startswith("'Sales Team' is not an id for owner")


def test_positions_fall_back_to_the_nearest_ancestor():
    data = parse_yaml(MINIMAL).data
    assert locate(data, ("touchpoints", 0, "stage")) == (locate(data, ("touchpoints", 0, "stage")))
    assert (locate(data, ("touchpoints", 0, "stage")).line, locate(data, ("touchpoints", 0, "stage")).column) == (
        11,
        12,
    )
    # a missing key points at the item that lacks it
    missing = locate(data, ("touchpoints", 0, "owner"))
    assert (missing.line, missing.column) == (10, 5)
    # a key itself, for unknown-key findings
    key = locate(data, ("touchpoints", 0, "stage"), at_key=True)
    assert (key.line, key.column) == (11, 5)


def test_written_files_are_readable_by_others_as_the_umask_allows(tmp_path):
    import os

    from cjm.output import write_atomic

    old = os.umask(0o022)
    try:
        path = write_atomic(tmp_path, "report.html", "<p>hi</p>")
    finally:
        os.umask(old)
    assert path.read_text() == "<p>hi</p>"
    assert path.stat().st_mode & 0o777 == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


def test_output_names_cannot_escape_the_output_directory(tmp_path):
    import pytest

    from cjm.errors import UserError
    from cjm.output import write_atomic

    with pytest.raises(UserError, match="outside the output directory"):
        write_atomic(tmp_path / "out", "../../etc/x", "boom")
