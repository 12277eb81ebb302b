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


CATALOGUE = (
    "metrics:\n  renewal_rate: {unit: percent, better: higher}\n  sales_cycle_days: {unit: days, better: lower}\n"
)


def test_text_and_markdown_show_kpis_in_the_catalogues_unit_and_json_keeps_the_numbers(tmp_path: Path) -> None:
    kpis = NEW.replace("renewal_rate: 0.87, sales_cycle_days: 74}", "renewal_rate: 0.9, sales_cycle_days: 60}")
    old, new = write_workspace(tmp_path / "old"), write_workspace(tmp_path / "new", kpis)
    for journey in (old, new):
        config = journey.parent / "cjm.yaml"
        config.write_text(config.read_text() + CATALOGUE, encoding="utf-8")
    text = run("diff", str(old), str(new))
    assert text.returncode == 0, text.stderr
    lines = [re.sub(r"  [0-9a-f]{12}$", "", line) for line in text.stdout.splitlines()]
    assert lines[4:8] == [
        "    ~ field-service  medium",
        "        metrics.nps: 31 → 38",  # not in the catalogue: the plain number
        "        metrics.renewal_rate: 87% → 90%",
        "        metrics.sales_cycle_days: 74 days → 60 days",
    ]
    markdown = run("diff", str(old), str(new), "--format", "markdown").stdout
    assert (
        "| 🟠 | changed | `field-service` | metrics.nps: 31 → 38<br>metrics.renewal\\_rate: 87% → 90%"
        "<br>metrics.sales\\_cycle\\_days: 74 days → 60 days |"
    ) in markdown
    data = json.loads(run("diff", str(old), str(new), "--format", "json").stdout)
    figures = [(c["field"], c["old"], c["new"]) for c in data["journeys"][0]["changes"] if c["entity"] == "journey"]
    assert figures == [
        ("metrics.nps", 31, 38),
        ("metrics.renewal_rate", 0.87, 0.9),
        ("metrics.sales_cycle_days", 74, 60),
    ]
