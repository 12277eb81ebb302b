"""`cjm new touchpoint --emotions PERSONA=N --quote TEXT`: how each persona feels, in their words."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cjm.validate import validate
from cjm.workspace import load_paths

from .conftest import added_lines, run_cjm

JOURNEY = "journeys/account-management-current.yaml"
BASE = ("new", "touchpoint", JOURNEY, "--stage", "handover", "--name", "Technician visit", "--owner", "field-service")


def test_per_persona_emotions_and_quotes_are_written_and_pass_the_proofs(workspace: Path):
    journey = workspace / JOURNEY
    before = journey.read_text()
    result = run_cjm(
        *BASE,
        "--persona", "it-service-manager,vendor-manager",
        "--emotion", "3",
        "--emotions", "it-service-manager=4",
        "--emotions", "vendor-manager=2",
        "--quote", "vendor-manager: Nobody told us the technician was coming.",
        "--quote", "Honestly: it was fine",
        cwd=workspace,
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    assert added_lines(before, journey.read_text()) == [
        "\n",
        "  - id: technician-visit\n",
        "    stage: handover\n",
        "    name: Technician visit\n",
        "    personas: [it-service-manager, vendor-manager]\n",
        "    owner: field-service\n",
        "    emotion: 3\n",
        "    emotions:\n",
        "      it-service-manager: 4\n",
        "      vendor-manager: 2\n",
        "    quotes:\n",
        "      - text: Nobody told us the technician was coming.\n",
        "        persona: vendor-manager\n",
        '      - text: "Honestly: it was fine"\n',
    ]
    ws = load_paths([journey])[0]
    assert validate(ws, lint=False) == []
    # The rules on the new fields have nothing to say: each emotion and quote names a persona who is there.
    lint = json.loads(run_cjm("validate", JOURNEY, "--format", "json", cwd=workspace).stdout)["findings"]
    codes = {f["code"] for f in lint if "'technician-visit'" in f["message"]}
    assert codes == {"missing-channel", "customer-voice"}
    tp = next(t for t in ws.target_files[0].journey.touchpoints if t.id == "technician-visit")
    assert tp.emotions == {"it-service-manager": 4, "vendor-manager": 2}
    assert [q.model_dump(exclude_defaults=True) for q in tp.quotes] == [
        {"text": "Nobody told us the technician was coming.", "persona": "vendor-manager"},
        {"text": "Honestly: it was fine"},
    ]


def test_without_touchpoint_personas_an_emotion_may_name_any_persona_of_the_journey(workspace: Path):
    result = run_cjm(*BASE, "--emotions", "cio=5,procurement-manager=1", "--dry-run", cwd=workspace)
    assert result.returncode == 0, result.stderr
    assert "+    emotions:\n+      cio: 5\n+      procurement-manager: 1\n" in result.stdout


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (("--emotions", "cio"), "--emotions 'cio' is not PERSONA=1..5; write it like --emotions cio=4"),
        (
            ("--emotions", "ciio=4"),
            "journeys/account-management-current.yaml:18:1: --emotions 'ciio' is not one of the personas of "
            "this journey; did you mean 'cio'? Its personas: cio, vendor-manager, it-service-manager, "
            "procurement-manager",
        ),
        (
            ("--persona", "cio", "--emotions", "vendor-manager=2"),
            "--emotions 'vendor-manager' is not one of this touchpoint's personas (cio); "
            "add --persona vendor-manager or leave its emotion out",
        ),
        (
            ("--emotions", "cio=4", "--emotions", "cio=2"),
            "--emotions gives 'cio' twice; give each persona once",
        ),
        (
            ("--emotions", "cio=high"),
            "--emotions cio: 'high' is not a whole number 1..5; write it like --emotions cio=4",
        ),
        (
            ("--emotions", "cio=6"),
            "--emotions cio must be 1..5 (1 very negative/low .. 5 very positive/high), not 6",
        ),
        (("--quote", " "), "--quote must not be empty"),
        (("--quote", "cio: "), "--quote cio: must not be empty"),
    ],
)
def test_a_bad_emotion_or_quote_is_refused_with_the_flag_and_the_file_is_untouched(workspace: Path, flags, message):
    journey = workspace / JOURNEY
    before = journey.read_bytes()
    result = run_cjm(*BASE, *flags, cwd=workspace)
    assert result.returncode == 2
    assert result.stderr == f"cjm: error: {message}\n"
    assert journey.read_bytes() == before
