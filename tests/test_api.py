"""The library API the CLI is a thin layer over."""

from __future__ import annotations

import cjm
from cjm.findings import Finding, Severity
from cjm.positions import locate
from cjm.yamlread import parse_yaml

from .conftest import EXAMPLES, MINIMAL


def test_load_a_workspace_and_validate_it():
    ws = cjm.load_workspace(EXAMPLES)
    assert ws.root == EXAMPLES
    assert ws.config.channels == ["webinar"]
    assert cjm.validate(ws) == cjm.validate.validate(ws)


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
