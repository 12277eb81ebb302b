"""`cjm diff` on the issue 15 additions: a persona's emotion change is an emotion change
(with a direction, and medium severity when it got worse); quotes and evidence read as a
quote and a link; journey KPIs are structural (medium) changes."""

from __future__ import annotations

import json
import re
from pathlib import Path

from ..field_service import FIELD_SERVICE, write_workspace
from ..test_cli import run

NEW = (
    FIELD_SERVICE.replace(
        "emotions: {site-supervisor: 4, facilities-manager: 2}", "emotions: {site-supervisor: 2, facilities-manager: 3}"
    )
    .replace("metrics: {nps: 31,", "metrics: {nps: 38,")
    .replace(
        "        source: Interview 2026-09-14\n",
        "        source: Interview 2026-09-14\n      - text: We waited all morning.\n        persona: site-supervisor\n",
    )
    .replace("      - title: Visit survey export\n        path: research/visit-survey.csv\n        kind: survey\n", "")
)


def versions(tmp_path: Path) -> tuple[Path, Path]:
    return write_workspace(tmp_path / "old"), write_workspace(tmp_path / "new", NEW)


def test_text_names_each_personas_emotion_change_and_the_voice_changes(tmp_path: Path) -> None:
    old, new = versions(tmp_path)
    result = run("diff", str(old), str(new))
    assert result.returncode == 0, result.stderr
    lines = [re.sub(r"  [0-9a-f]{12}$", "", line) for line in result.stdout.splitlines()]  # no fingerprints
    assert lines[2:12] == [
        "field-service  changed  Facility maintenance, tender to service visits",
        "  journey",
        "    ~ field-service  medium",
        "        metrics.nps: 31 → 38",
        "  touchpoints",
        "    ~ technician-visit  [service-visit]  Technician arrives on site  medium",
        "        emotion of site-supervisor: 4 → 2 ▼ worsened",
        "        emotion of facilities-manager: 2 → 3 ▲ improved",
        "        quotes: + “We waited all morning.” (site-supervisor)",
        "        evidence: − Visit survey export (research/visit-survey.csv)",
    ]


def test_json_gives_per_persona_emotion_changes_a_field_and_a_direction(tmp_path: Path) -> None:
    old, new = versions(tmp_path)
    data = json.loads(run("diff", str(old), str(new), "--format", "json").stdout)
    changes = data["journeys"][0]["changes"]
    emotions = [
        (c["field"], c["old"], c["new"], c["direction"], c["severity"]) for c in changes if c["kind"] == "emotion"
    ]
    assert emotions == [
        ("emotions.site-supervisor", 4, 2, "worsened", "medium"),
        ("emotions.facilities-manager", 2, 3, "improved", "low"),
    ]
    [kpi] = [c for c in changes if c["entity"] == "journey"]
    assert (kpi["field"], kpi["old"], kpi["new"], kpi["severity"]) == ("metrics.nps", 31, 38, "medium")
