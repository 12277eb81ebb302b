"""`cjm stats` with measured journeys: the `measured:` totals in every format, as written.

A journey measured by `cjm measure --write` carries its events, accounts, conformance and
stage funnel; stats shows them beside the map's own counts, never re-rounded (MEASURE.md
rounds shares to 3 decimals, stats otherwise to 2) and with withheld figures kept as "<5".
Journeys without a `measured:` block print exactly what they printed before.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cjm.stats import WorkspaceStats, journey_stats, workspace_stats
from cjm.stats.report import get_stats_reporter
from cjm.workspace import load_workspace

from .conftest import ROOT

MEASURED = """\
cjm: 1
id: trial
title: Free trial to paid plan
stages:
  - id: trial
    name: Free trial
  - id: purchase
    name: Purchase
personas:
  - {id: analyst, name: Ana, role: end-user}
touchpoints:
  - id: signup
    stage: trial
    name: Signs up for the trial
    events: [web.signup]
    measured: {accounts: 200, share: 1.0, responses: 70, csat: 3.6, emotion: 3.6}
  - id: pricing-call
    stage: purchase
    name: Pricing call with sales
    events: [crm.call]
    measured: {accounts: 90, share: 0.45, responses: <5}
  - id: invoice
    stage: purchase
    name: Receives the first invoice
measured:
  as_of: 2026-06-30
  window: {from: 2026-01-01, to: 2026-06-30}
  events: 1500
  accounts: 200
  unmapped_events: <5
  conformance: 0.857
  stages:
    trial: {accounts: 200, conversion: 0.455, drop_off: 0.545, median_days: 5.5, p90_days: 12.0}
    purchase: {accounts: 90}
"""


@pytest.fixture
def measured(write) -> WorkspaceStats:
    ws = load_workspace(write("trial.yaml", MEASURED))
    ((_, model),) = ws.valid_journeys()
    return workspace_stats([journey_stats(model, file="trial.yaml")])


def render(stats: WorkspaceStats, fmt: str) -> str:
    out = io.StringIO()
    get_stats_reporter(fmt)(stats, out)
    return out.getvalue()


def test_measured_totals_in_json_are_as_written(measured):
    doc = json.loads(render(measured, "json"))
    assert doc["totals"]["measured"] == {
        "journeys": 1,
        "touchpoints_measured": 2,
        "touchpoints_mapped": 2,
        "responses": 70,  # the withheld "<5" is not added
        "as_of": {"oldest": "2026-06-30", "newest": "2026-06-30"},
    }
    assert doc["journeys"][0]["measured"] == {
        "as_of": "2026-06-30",
        "window": {"from": "2026-01-01", "to": "2026-06-30"},
        "events": 1500,
        "accounts": 200,
        "unmapped_events": "<5",
        "conformance": 0.857,  # not 0.86: measured figures keep MEASURE.md's rounding
        "touchpoints_measured": 2,
        "touchpoints_mapped": 2,
        "responses": 70,
        "by_stage": [
            {
                "id": "trial",
                "accounts": 200,
                "conversion": 0.455,
                "drop_off": 0.545,
                "median_days": 5.5,
                "p90_days": 12.0,
            },
            {
                "id": "purchase",
                "accounts": 90,
                "conversion": None,
                "drop_off": None,
                "median_days": None,
                "p90_days": None,
            },
        ],
    }


def test_measured_totals_in_markdown(measured):
    section = render(measured, "markdown").split("**Measured**")[1]
    assert section == (
        " as of 2026-06-30 (window 2026-01-01 to 2026-06-30): events 1500, accounts 200, unmapped events <5, "
        "conformance 0.857; 2 of 2 mapped touchpoints measured, 70 survey responses.\n"
        "\n"
        "| stage | accounts | conversion | drop-off | median days | p90 days |\n"
        "|---|--:|--:|--:|--:|--:|\n"
        "| Free trial | 200 | 0.455 | 0.545 | 5.5 | 12 |\n"
        "| Purchase | 90 | – | – | – | – |\n"
    )


def test_measured_totals_in_text(measured):
    text = render(measured, "text")
    assert (
        "Measured as of 2026-06-30 (window 2026-01-01 to 2026-06-30): events 1500, accounts 200, "
        "unmapped events <5, conformance 0.857; 2 of 2 mapped touchpoints measured, 70 survey responses\n"
    ) in text
    assert (
        " stage        accounts   conversion   drop-off   median days   p90 days\n"
        " ──────────────────────────────────────────────────────────────────────\n"
        " Free trial        200        0.455      0.545           5.5         12\n"
        " Purchase           90            –          –             –          –\n"
    ) in text


def test_measured_totals_in_csv(measured):
    rows = [r for r in csv.reader(io.StringIO(render(measured, "csv"))) if "measured" in r[2]]
    assert rows == [
        ["(workspace)", "journeys", "measured", "", "1"],
        ["(workspace)", "touchpoints_measured", "measured", "", "2"],
        ["(workspace)", "touchpoints_mapped", "measured", "", "2"],
        ["(workspace)", "responses", "measured", "", "70"],
        ["trial", "as_of", "measured", "", "2026-06-30"],
        ["trial", "events", "measured", "", "1500"],
        ["trial", "accounts", "measured", "", "200"],
        ["trial", "unmapped_events", "measured", "", "<5"],
        ["trial", "conformance", "measured", "", "0.857"],
        ["trial", "touchpoints_measured", "measured", "", "2"],
        ["trial", "touchpoints_mapped", "measured", "", "2"],
        ["trial", "responses", "measured", "", "70"],
        ["trial", "accounts", "measured-stage", "trial", "200"],
        ["trial", "conversion", "measured-stage", "trial", "0.455"],
        ["trial", "drop_off", "measured-stage", "trial", "0.545"],
        ["trial", "median_days", "measured-stage", "trial", "5.5"],
        ["trial", "p90_days", "measured-stage", "trial", "12.0"],
        ["trial", "accounts", "measured-stage", "purchase", "90"],
        ["trial", "conversion", "measured-stage", "purchase", ""],
        ["trial", "drop_off", "measured-stage", "purchase", ""],
        ["trial", "median_days", "measured-stage", "purchase", ""],
        ["trial", "p90_days", "measured-stage", "purchase", ""],
    ]


@pytest.mark.parametrize("fmt", ["text", "json", "markdown", "csv"])
def test_a_journey_without_measured_figures_prints_no_measured_section(write, fmt):
    unmeasured = [line for line in MEASURED.split("measured:\n  as_of")[0].splitlines() if "measured:" not in line]
    ws = load_workspace(write("plain.yaml", "\n".join(unmeasured) + "\n"))
    ((_, model),) = ws.valid_journeys()
    out = render(workspace_stats([journey_stats(model)]), fmt)
    assert out.strip() and "measured" not in out.lower()


def test_stats_of_a_workspace_measured_by_cjm_measure(tmp_path: Path):
    copy = tmp_path / "measured"
    shutil.copytree(ROOT / "demo" / "measured", copy)

    def cjm(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "cjm", *args], cwd=copy, capture_output=True, text=True, timeout=120
        )

    assert cjm("-q", "measure", "--write").returncode == 0
    result = cjm("stats", "-f", "json")
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    (j,) = doc["journeys"]
    assert j["measured"]["accounts"] == 400 and j["measured"]["by_stage"][0]["conversion"] == 0.238
    assert doc["totals"]["measured"]["touchpoints_measured"] == 11
