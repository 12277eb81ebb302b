"""`cjm stats`: mean emotion per persona x stage, from the touchpoints' `emotions:`.

Only journeys with per-persona scores get the table (old journeys' output is unchanged),
and a persona's missing score is a gap, never the overall emotion standing in for it.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from cjm.stats import journey_stats
from cjm.workspace import load_workspace

from .conftest import EXAMPLES
from .field_service import FIELD_SERVICE, write_workspace
from .test_cli import run

# A second scored visit, so a cell is a mean of two scores.
SECOND_VISIT = """\
  - id: follow-up-visit
    stage: service-visit
    name: Technician returns with the part
    personas: [facilities-manager]
    emotion: 3
    emotions: {facilities-manager: 3}
    quotes:
      - text: At least they came back the same week.
"""


def field(tmp_path: Path) -> Path:
    return write_workspace(tmp_path, FIELD_SERVICE + SECOND_VISIT)


def test_the_matrix_is_the_mean_score_per_persona_and_stage(tmp_path: Path) -> None:
    ws = load_workspace(field(tmp_path).parent)
    [(_, journey)] = ws.valid_journeys()
    stats = journey_stats(journey)
    assert stats.persona_emotion_rows() == [
        ("site-supervisor", (None, 4.0)),
        ("facilities-manager", (4.0, 2.5)),
    ]


def test_text_shows_an_emotion_by_persona_table(tmp_path: Path) -> None:
    result = run("stats", str(field(tmp_path)))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    start = lines.index("Emotion by persona × stage (mean)")
    assert lines[start + 1 : start + 6] == [
        "",
        " persona              Tender and contract   Service visits",
        " ─────────────────────────────────────────────────────────",
        " site-supervisor                        –             4.00",
        " facilities-manager                  4.00             2.50",
    ]


def test_json_and_csv_carry_the_same_means(tmp_path: Path) -> None:
    journey = field(tmp_path)
    data = json.loads(run("stats", str(journey), "--format", "json").stdout)
    assert data["journeys"][0]["persona_emotion"] == {
        "site-supervisor": {"tender": None, "service-visit": 4.0},
        "facilities-manager": {"tender": 4.0, "service-visit": 2.5},
    }
    rows = list(csv.reader(io.StringIO(run("stats", str(journey), "--format", "csv").stdout)))
    assert [r for r in rows if r[1] == "emotion" and r[2] == "persona-stage"] == [
        ["field-service", "emotion", "persona-stage", "site-supervisor/tender", ""],
        ["field-service", "emotion", "persona-stage", "site-supervisor/service-visit", "4.0"],
        ["field-service", "emotion", "persona-stage", "facilities-manager/tender", "4.0"],
        ["field-service", "emotion", "persona-stage", "facilities-manager/service-visit", "2.5"],
    ]


def test_markdown_has_the_table(tmp_path: Path) -> None:
    out = run("stats", str(field(tmp_path)), "--format", "markdown").stdout
    assert (
        "**Emotion by persona × stage** (mean)\n\n"
        "| persona | Tender and contract | Service visits |\n"
        "|---|--:|--:|\n"
        "| site-supervisor | – | 4.00 |\n"
        "| facilities-manager | 4.00 | 2.50 |\n"
    ) in out


def test_journeys_without_per_persona_scores_have_no_table(tmp_path: Path) -> None:
    journey = EXAMPLES / "journeys" / "buying-jobs.yaml"
    assert "Emotion by persona" not in run("stats", str(journey)).stdout
    data = json.loads(run("stats", str(journey), "--format", "json").stdout)
    assert "persona_emotion" not in data["journeys"][0]
