"""The example workspace is the showcase and the fixture: it must validate clean, and every
file in examples/invalid/ must yield exactly the findings its `# expect:` comments list."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

import cjm
from cjm.findings import Severity

from .conftest import EXAMPLES

# rule-*.yaml break one lint rule each; tests/rules/test_invalid_examples.py checks them with linting on.
INVALID = sorted(p for p in (EXAMPLES / "invalid").glob("*.yaml") if not p.name.startswith("rule-"))
_EXPECT = re.compile(r"^# expect: (\d+):(\d+) ([a-z-]+)\s*$")


def expected_findings(path: Path) -> list[tuple[int, int, str]]:
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    return sorted((int(m[1]), int(m[2]), m[3]) for line in lines if (m := _EXPECT.match(line)))


def test_the_example_workspace_has_no_errors():
    ws = cjm.load_workspace(EXAMPLES)
    findings = cjm.validate(ws)
    assert [f for f in findings if f.severity is Severity.ERROR] == []
    assert len(ws.valid_journeys()) == 5


def test_the_example_workspace_holds_the_journeys_the_readme_promises():
    ws = cjm.load_workspace(EXAMPLES)
    ids = sorted(j.id for _, j in ws.valid_journeys())
    assert ids == [
        "account-management-current",
        "account-management-future",
        "buying-jobs",
        "industrial-equipment",
        "saas-subscription",
    ]
    stage_models = {j.id: j.stages for _, j in ws.valid_journeys() if isinstance(j.stages, str)}
    assert stage_models == {
        "account-management-current": "managed-services",  # shared in cjm.yaml `stage_models:`
        "account-management-future": "managed-services",
        "buying-jobs": "buying-jobs",
        "industrial-equipment": "b2b-5",
        "saas-subscription": "b2b-7",
    }
    assert list(ws.config.stage_models) == ["managed-services"]
    assert [f.display for f in ws.libraries] == ["examples/personas/buying-committee.yaml"]


def test_every_example_journey_is_complete():
    """Objective, several B2B roles, touchpoints in every stage, emotions, pains, opportunities, actions."""
    ws = cjm.load_workspace(EXAMPLES)
    library = {p.id: p for f in ws.libraries for p in f.model.personas}
    for _, journey in ws.valid_journeys():
        roles = {(library[p] if isinstance(p, str) else p).role for p in journey.personas}
        assert journey.objective, journey.id
        assert len(roles) >= 3, journey.id
        assert {s.id for s in journey.stage_list} == {t.stage for t in journey.touchpoints}, journey.id
        assert all(t.emotion is not None for t in journey.touchpoints), journey.id
        assert any(t.pain_points for t in journey.touchpoints), journey.id
        assert any(t.opportunities for t in journey.touchpoints), journey.id
        assert len(journey.actions) >= 4, journey.id


def test_buying_jobs_example_is_non_linear():
    ws = cjm.load_workspace(EXAMPLES / "journeys" / "buying-jobs.yaml")
    (_, journey), *_ = [(f, j) for f, j in ws.valid_journeys()]
    stage_of = {t.id: t.stage for t in journey.touchpoints}
    order = [s.id for s in journey.stage_list]
    backwards = [
        (t.id, n) for t in journey.touchpoints for n in t.next if order.index(stage_of[n]) < order.index(t.stage)
    ]
    assert backwards, "a non-linear map loops back to an earlier buying job"


def test_every_journey_file_carries_the_schema_modeline():
    for path in sorted((EXAMPLES / "journeys").glob("*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../../schemas/journey.schema.json", path.name


@pytest.mark.parametrize("path", INVALID, ids=[p.stem for p in INVALID])
def test_invalid_example_yields_exactly_its_expected_findings(path: Path):
    expected = expected_findings(path)
    assert expected, f"{path.name} lists no '# expect:' findings"
    ws = cjm.load_workspace(path)
    findings = cjm.validate(ws, lint=True, today=dt.date(2026, 11, 25))
    actual = sorted((f.line, f.column, f.code) for f in findings if f.file.endswith(path.name))
    assert actual == expected


def test_every_finding_on_invalid_examples_says_what_to_do():
    ws = cjm.load_workspace(EXAMPLES / "invalid")
    findings = cjm.validate(ws)
    assert findings
    for f in findings:
        assert f.line >= 1 and f.column >= 1
        assert (f.message and f.message[0].islower()) or f.message[0] == "'" or f.message[0].isupper()
        assert "Traceback" not in f.message
