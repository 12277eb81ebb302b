"""`cjm stats`: the journey's KPIs (`metrics:`/`targets:`) in the metric catalogue's unit,
met or missed by its `better`; JSON keeps the numbers as written beside how they read."""

from __future__ import annotations

import json
from pathlib import Path

from .field_service import write_workspace
from .test_cli import run

CATALOGUE = (
    "metrics:\n  renewal_rate: {unit: percent, better: higher}\n  sales_cycle_days: {unit: days, better: lower}\n"
)


def field(tmp_path: Path, catalogue: str = CATALOGUE) -> Path:
    journey = write_workspace(tmp_path)
    config = tmp_path / "cjm.yaml"
    config.write_text(config.read_text() + catalogue, encoding="utf-8")
    return journey


def test_text_shows_the_kpis_in_their_unit_against_their_targets(tmp_path: Path) -> None:
    result = run("stats", str(field(tmp_path)))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    start = lines.index("Journey KPIs")
    assert lines[start : start + 7] == [
        "Journey KPIs",
        "",
        " kpi                  value    target   better   status",
        " ──────────────────────────────────────────────────────",
        " nps                     31        45   higher   missed",  # not in the catalogue: the plain number
        " renewal_rate           87%       85%   higher      met",
        " sales_cycle_days   74 days   45 days    lower   missed",
    ]


def test_the_catalogues_better_decides_met_over_the_name_patterns(tmp_path: Path) -> None:
    # `*_days` reads as lower-is-better; a team that says otherwise in the catalogue is believed.
    longer_is_better = CATALOGUE.replace("{unit: days, better: lower}", "{unit: days, better: higher}")
    result = run("stats", str(field(tmp_path, longer_is_better)))
    assert " sales_cycle_days   74 days   45 days   higher      met" in result.stdout.splitlines()


def test_markdown_has_a_kpi_table(tmp_path: Path) -> None:
    result = run("stats", str(field(tmp_path)), "--format", "markdown")
    assert result.returncode == 0, result.stderr
    assert (
        "**Journey KPIs**\n\n"
        "| kpi | value | target | better | status |\n"
        "|---|--:|--:|---|---|\n"
        "| nps | 31 | 45 | higher | missed |\n"
        "| renewal\\_rate | 87% | 85% | higher | met |\n"
        "| sales\\_cycle\\_days | 74 days | 45 days | lower | missed |\n"
    ) in result.stdout


def test_json_keeps_the_numbers_and_adds_how_they_read(tmp_path: Path) -> None:
    data = json.loads(run("stats", str(field(tmp_path)), "--format", "json").stdout)
    assert data["journeys"][0]["kpis"] == [
        {
            "key": "nps",
            "value": 31,
            "target": 45,
            "shown": {"value": "31", "target": "45"},
            "better": "higher",
            "status": "missed",
        },
        {
            "key": "renewal_rate",
            "value": 0.87,
            "target": 0.85,
            "shown": {"value": "87%", "target": "85%"},
            "better": "higher",
            "status": "met",
        },
        {
            "key": "sales_cycle_days",
            "value": 74,
            "target": 45,
            "shown": {"value": "74 days", "target": "45 days"},
            "better": "lower",
            "status": "missed",
        },
    ]


def test_a_journey_without_kpis_has_no_kpi_section(tmp_path: Path) -> None:
    journey = field(tmp_path)
    text = journey.read_text()
    journey.write_text(text.replace(text[text.index("metrics: {") : text.index("stages:")], ""), encoding="utf-8")
    result = run("stats", str(journey), "--format", "json")
    assert result.returncode == 0, result.stderr
    assert "kpis" not in json.loads(result.stdout)["journeys"][0]
    assert "Journey KPIs" not in run("stats", str(journey)).stdout


def test_csv_has_kpi_rows_with_the_numbers_as_written(tmp_path: Path) -> None:
    result = run("stats", str(field(tmp_path)), "--format", "csv")
    assert result.returncode == 0, result.stderr
    kpis = [line for line in result.stdout.splitlines() if ",kpi," in line]
    assert kpis == [
        "field-service,kpi,kpi,nps,31",
        "field-service,kpi_target,kpi,nps,45",
        "field-service,kpi,kpi,renewal_rate,0.87",
        "field-service,kpi_target,kpi,renewal_rate,0.85",
        "field-service,kpi,kpi,sales_cycle_days,74",
        "field-service,kpi_target,kpi,sales_cycle_days,45",
    ]
