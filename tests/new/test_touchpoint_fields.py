"""`cjm new touchpoint` takes every touchpoint field, so what the linter asks for can be given at once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cjm.validate import validate
from cjm.workspace import load_paths

from .conftest import added_lines, run_cjm

JOURNEY = "journeys/account-management-current.yaml"
BASE = ("new", "touchpoint", JOURNEY, "--stage", "handover", "--name", "Technician visit", "--owner", "field-service")


def test_every_field_is_written_in_format_order_and_reads_back_as_given(workspace: Path):
    journey = workspace / JOURNEY
    before = journey.read_text()
    result = run_cjm(
        *BASE,
        "--channel", "in-person",
        "--persona", "it-service-manager",
        "--customer-action", "Waits at the gate for the technician",
        "--emotion", "2",
        "--target-emotion", "4",
        "--feeling", "anxious",
        "--pain-point", "Nobody says when the technician comes, or who",
        "--pain-point", "QBR happens twice a year, not quarterly",
        "--opportunity", "Text the arrival time",
        "--metric", "nps=31", "--metric", "renewal_rate=0.87",
        "--target", "nps=45",
        "--backstage", "Dispatcher plans the route",
        "--next", "kickoff-meeting,contract-handover-pack",
        "--description", "Seen in 6 of 8 interviews: #1 complaint",
        cwd=workspace,
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    # Prose lists one item a line (a comma in a sentence never splits it), id lists inline.
    assert added_lines(before, journey.read_text()) == [
        "\n",
        "  - id: technician-visit\n",
        "    stage: handover\n",
        "    name: Technician visit\n",
        "    channel: in-person\n",
        "    personas: [it-service-manager]\n",
        "    owner: field-service\n",
        "    customer_action: Waits at the gate for the technician\n",
        "    emotion: 2\n",
        "    target_emotion: 4\n",
        "    feeling: anxious\n",
        "    pain_points:\n",
        "      - Nobody says when the technician comes, or who\n",
        "      - QBR happens twice a year, not quarterly\n",
        "    opportunities:\n",
        "      - Text the arrival time\n",
        "    metrics:\n",
        "      nps: 31\n",
        "      renewal_rate: 0.87\n",
        "    targets:\n",
        "      nps: 45\n",
        "    backstage:\n",
        "      - Dispatcher plans the route\n",
        "    next: [kickoff-meeting, contract-handover-pack]\n",
        '    description: "Seen in 6 of 8 interviews: #1 complaint"\n',
    ]
    ws = load_paths([journey])[0]
    assert validate(ws, lint=False) == []
    tp = next(t for t in ws.target_files[0].journey.touchpoints if t.id == "technician-visit")
    assert tp.model_dump(exclude_defaults=True) == {
        "id": "technician-visit",
        "stage": "handover",
        "name": "Technician visit",
        "channel": "in-person",
        "personas": ["it-service-manager"],
        "owner": "field-service",
        "customer_action": "Waits at the gate for the technician",
        "emotion": 2,
        "target_emotion": 4,
        "feeling": "anxious",
        "pain_points": ["Nobody says when the technician comes, or who", "QBR happens twice a year, not quarterly"],
        "opportunities": ["Text the arrival time"],
        "metrics": {"nps": 31, "renewal_rate": 0.87},
        "targets": {"nps": 45},
        "backstage": ["Dispatcher plans the route"],
        "next": ["kickoff-meeting", "contract-handover-pack"],
        "description": "Seen in 6 of 8 interviews: #1 complaint",
    }


def test_what_unaddressed_pain_asks_for_can_be_given_with_the_pain(workspace: Path):
    journey = workspace / JOURNEY
    pain = ("--pain-point", "Nobody says when the technician comes")
    assert run_cjm(*BASE, *pain, "--id", "bare", cwd=workspace).returncode == 0
    answered = run_cjm(*BASE, *pain, "--opportunity", "Text the arrival time", "--id", "answered", cwd=workspace)
    assert answered.returncode == 0, answered.stderr
    lint = run_cjm("validate", JOURNEY, "--format", "json", cwd=workspace)
    findings = json.loads(lint.stdout)["findings"]
    flagged = {f["message"].split("'")[1] for f in findings if f["code"] == "unaddressed-pain"}
    assert "bare" in flagged
    assert "answered" not in flagged
    assert journey.read_text().count("Nobody says when the technician comes") == 2


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (("--metric", "nps"), "--metric 'nps' is not KEY=NUMBER; write it like --metric renewal_rate=0.87"),
        (("--metric", "=3"), "--metric '=3' is not KEY=NUMBER; write it like --metric renewal_rate=0.87"),
        (("--metric", "nps=high"), "--metric nps: 'high' is not a number; write it like --metric nps=0.87"),
        (("--target", "nps=nan"), "--target nps: 'nan' is not a finite number"),
        (("--metric", "nps=3", "--metric", "nps=4"), "--metric gives 'nps' twice; give each key once"),
        (
            ("--target-emotion", "7"),
            "--target-emotion must be 1..5 (1 very negative/low .. 5 very positive/high), not 7",
        ),
        (("--feeling", " "), "--feeling must not be empty"),
        (("--customer-action", ""), "--customer-action must not be empty"),
        (("--pain-point", "Slow", "--pain-point", ""), "--pain-point must not be empty"),
        (("--opportunity", ""), "--opportunity must not be empty"),
        (("--backstage", ""), "--backstage must not be empty"),
        (("--description", ""), "--description must not be empty"),
    ],
)
def test_a_bad_value_is_refused_with_the_flag_and_the_file_is_untouched(workspace: Path, flags, message):
    journey = workspace / JOURNEY
    before = journey.read_bytes()
    result = run_cjm(*BASE, *flags, cwd=workspace)
    assert result.returncode == 2
    assert result.stderr == f"cjm: error: {message}\n"
    assert journey.read_bytes() == before


def test_next_must_name_touchpoints_of_the_journey_at_the_touchpoints_key(workspace: Path):
    journey = workspace / JOURNEY
    before = journey.read_bytes()
    result = run_cjm(*BASE, "--next", "kickof-meeting", cwd=workspace)
    assert result.returncode == 2
    assert result.stderr.startswith(
        "cjm: error: journeys/account-management-current.yaml:20:1: --next 'kickof-meeting' is not a touchpoint "
        "of this journey; did you mean 'kickoff-meeting'? Its touchpoints: welcome-email, kickoff-meeting, "
    )
    assert journey.read_bytes() == before
