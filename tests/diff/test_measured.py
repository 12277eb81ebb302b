"""`cjm diff` of a re-measurement: funnel, conformance, reach and survey deltas with arrows.

The `measured:` blocks `cjm measure --write` keeps change on every run; a reviewer reads
them as the figures that moved, not as YAML fields. Deltas are exact on the figures as
written, withheld figures ("<5") have none, and `--fail-on conversion-drop` gates a stage
that converts less.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from cjm.cli import app
from cjm.diff import DiffResult, diff_journeys
from cjm.diff.markdown import render_markdown
from cjm.diff.measured import Figure, diff_measured
from cjm.diff.report import Labels, render_json
from cjm.diff.text import render_text

from ..conftest import ROOT
from .conftest import edit, journey

# March: the first quarter measured.
MARCH = """\
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
    next: [pricing-call]
    measured:
      accounts: 120
      share: 1.0
      responses: 40
      csat: 4.1
      emotion: 4.1
  - id: pricing-call
    stage: purchase
    name: Pricing call with sales
    events: [crm.call]
    measured:
      accounts: 60
      share: 0.5
  - id: invoice
    stage: purchase
    name: Receives the first invoice
    events: [billing.invoice]
    measured:
      accounts: <5
      share: <5
measured:
  as_of: 2026-03-31
  window: {from: 2026-01-01, to: 2026-03-31}
  events: 900
  accounts: 120
  unmapped_events: 30
  conformance: 0.8
  stages:
    trial: {accounts: 120, conversion: 0.5, drop_off: 0.5, median_days: 4.0, p90_days: 9.5}
    purchase: {accounts: 60}
"""

# June: the half year; the trial converts less, the invoice is no longer withheld.
JUNE = edit(
    MARCH,
    (
        "      accounts: 120\n      share: 1.0\n      responses: 40\n      csat: 4.1\n      emotion: 4.1",
        "      accounts: 200\n      share: 1.0\n      responses: 70\n      csat: 3.6\n      emotion: 3.6",
    ),
    ("      accounts: 60\n      share: 0.5", "      accounts: 90\n      share: 0.45"),
    ("      accounts: <5\n      share: <5", "      accounts: 10\n      share: 0.05"),
    (
        "  as_of: 2026-03-31\n  window: {from: 2026-01-01, to: 2026-03-31}\n  events: 900\n  accounts: 120\n"
        "  unmapped_events: 30\n  conformance: 0.8",
        "  as_of: 2026-06-30\n  window: {from: 2026-01-01, to: 2026-06-30}\n  events: 1500\n  accounts: 200\n"
        "  unmapped_events: 20\n  conformance: 0.85",
    ),
    (
        "    trial: {accounts: 120, conversion: 0.5, drop_off: 0.5, median_days: 4.0, p90_days: 9.5}\n"
        "    purchase: {accounts: 60}",
        "    trial: {accounts: 200, conversion: 0.45, drop_off: 0.55, median_days: 5.5, p90_days: 12.0}\n"
        "    purchase: {accounts: 90}",
    ),
)


def remeasured() -> DiffResult:
    return DiffResult(journeys=[diff_journeys(journey(MARCH), journey(JUNE))], journeys_compared=1)


def test_deltas_are_exact_on_the_figures_as_written_and_withheld_figures_have_none():
    assert Figure("conversion", 0.217, 0.238).delta == 0.021  # not 0.020999999999999991
    assert Figure("accounts", 387, 400).delta == 13
    assert Figure("share", "<5", 0.05).delta is None and Figure("share", "<5", 0.05).direction is None
    assert Figure("drop_off", 0.5, 0.55).tone == "worse" and Figure("conversion", 0.5, 0.55).tone == "better"
    assert Figure("accounts", 1, 2).tone is None  # counts grow with the window: neither good nor bad


def test_measured_blocks_are_not_reported_field_by_field():
    jd = diff_journeys(journey(MARCH), journey(JUNE))
    assert jd.status == "changed" and jd.changes == []
    assert jd.measured is not None and jd.measured.touchpoints_changed == 3
    assert diff_measured(journey(MARCH), journey(MARCH)) is None


def test_a_renamed_and_re_measured_touchpoint_is_still_a_rename_and_its_figures_follow_it():
    renamed = edit(JUNE, ("next: [pricing-call]", "next: [sales-call]"), ("  - id: pricing-call", "  - id: sales-call"))
    jd = diff_journeys(journey(MARCH), journey(renamed))
    assert [(c.kind, c.old_id, c.id) for c in jd.changes] == [("renamed", "pricing-call", "sales-call")]
    assert jd.measured is not None
    top = jd.measured.reach[0]
    assert (top.touchpoint, top.figure.old, top.figure.new) == ("sales-call", 0.5, 0.45)


def test_a_re_measurement_in_text():
    out = io.StringIO()
    render_text(remeasured(), Labels("march", "june"), out, failed_on=["conversion-drop"])
    assert out.getvalue() == (
        "cjm diff march → june\n"
        "\n"
        "trial  changed  Free trial to paid plan\n"
        "  measured  as of 2026-03-31 → 2026-06-30; window 2026-01-01 to 2026-03-31 → 2026-01-01 to 2026-06-30\n"
        "    events 900 → 1500 ▲ +600 · accounts 120 → 200 ▲ +80 · unmapped events 30 → 20 ▼ -10"
        " · conformance 0.8 → 0.85 ▲ +0.05\n"
        "    stage     accounts         conversion          drop-off            median days\n"
        "    trial     120 → 200 ▲ +80  0.5 → 0.45 ▼ -0.05  0.5 → 0.55 ▲ +0.05  4 → 5.5 ▲ +1.5\n"
        "    purchase  60 → 90 ▲ +30    –                   –                   –\n"
        "    reach moved most (share of the journey's accounts)\n"
        "      pricing-call  [purchase]  0.5 → 0.45 ▼ -0.05  accounts 60 → 90 ▲ +30\n"
        "      invoice       [purchase]  <5 → 0.05           accounts <5 → 10\n"
        "    surveys moved most (emotion on the map's 1..5 scale)\n"
        "      signup  [trial]  4.1 → 3.6 ▼ -0.5  csat 4.1 → 3.6 ▼ -0.5, responses 40 → 70 ▲ +30\n"
        "\n"
        "1 journey changed, 0 changes (0 high, 0 medium, 0 low); coverage cells: 0 lost, 0 gained;"
        " lint: 0 new, 0 fixed; measured: 1 journey moved, conversion down in 1 stage\n"
        "✗ --fail-on: conversion-drop\n"
    )


def test_a_re_measurement_in_the_pull_request_comment():
    out = io.StringIO()
    render_markdown(remeasured(), Labels("march", "june"), out)
    section = out.getvalue().split("Files:")[0].split("**Measured**")[1]
    assert section == (
        " (as of 2026-03-31 → 2026-06-30; window 2026-01-01 to 2026-03-31 → 2026-01-01 to 2026-06-30)\n"
        "\n"
        "| Events | Accounts | Unmapped events | Conformance |\n"
        "|:-:|:-:|:-:|:-:|\n"
        "| 900 → 1500 ▲ +600 | 120 → 200 ▲ +80 | 30 → 20 ▼ -10 | 0.8 → 0.85 ▲ +0.05 🟢 |\n"
        "\n"
        "**Funnel**\n"
        "\n"
        "| Stage | Accounts | Conversion | Drop-off | Median days |\n"
        "|---|:-:|:-:|:-:|:-:|\n"
        "| Free trial (`trial`) | 120 → 200 ▲ +80 | 0.5 → 0.45 ▼ -0.05 🔴 | 0.5 → 0.55 ▲ +0.05 🔴 | 4 → 5.5 ▲ +1.5 🔴 |\n"
        "| Purchase (`purchase`) | 60 → 90 ▲ +30 | – | – | – |\n"
        "\n"
        "**Reach: moved most** (share of the journey's accounts)\n"
        "\n"
        "| Touchpoint | Share | |\n"
        "|---|:-:|---|\n"
        "| `pricing-call` <em>Pricing call with sales</em> | 0.5 → 0.45 ▼ -0.05 🔴 | accounts 60 → 90 ▲ +30 |\n"
        "| `invoice` <em>Receives the first invoice</em> | &lt;5 → 0.05 | accounts &lt;5 → 10 |\n"
        "\n"
        "**Surveys: moved most** (emotion on the map's 1..5 scale)\n"
        "\n"
        "| Touchpoint | Emotion | |\n"
        "|---|:-:|---|\n"
        "| `signup` <em>Signs up for the trial</em> | 4.1 → 3.6 ▼ -0.5 🔴 | csat 4.1 → 3.6 ▼ -0.5 🔴, responses 40 → 70 ▲ +30 |\n"
        "\n"
        "</details>\n"
    )


def test_a_re_measurement_in_json():
    out = io.StringIO()
    render_json(remeasured(), Labels("march", "june"), out)
    doc = json.loads(out.getvalue())
    assert doc["summary"]["measured_journeys"] == 1 and doc["summary"]["conversion_drops"] == 1
    measured = doc["journeys"][0]["measured"]
    assert measured["as_of"] == {"before": "2026-03-31", "after": "2026-06-30"}
    assert measured["totals"]["conformance"] == {"before": 0.8, "after": 0.85, "delta": 0.05, "direction": "up"}
    assert measured["funnel"][0]["conversion"] == {"before": 0.5, "after": 0.45, "delta": -0.05, "direction": "down"}
    assert [m["touchpoint"] for m in measured["reach"]] == ["pricing-call", "invoice"]
    assert measured["reach"][1]["share"] == {"before": "<5", "after": 0.05, "delta": None, "direction": None}
    assert measured["surveys"][0]["csat"]["delta"] == -0.5
    assert measured["more"] == {"reach": 0, "surveys": 0}


def test_fail_on_conversion_drop_gates_a_stage_that_converts_less(tmp_path: Path):
    (tmp_path / "march.yaml").write_text(MARCH)
    (tmp_path / "june.yaml").write_text(JUNE)
    runner = CliRunner()
    dropped = runner.invoke(
        app, ["diff", str(tmp_path / "march.yaml"), str(tmp_path / "june.yaml"), "--fail-on", "conversion-drop"]
    )
    assert dropped.exit_code == 1, dropped.output
    assert "✗ --fail-on: conversion-drop" in dropped.stdout
    # The other way round the trial converts better: the gate holds.
    rose = runner.invoke(
        app, ["diff", str(tmp_path / "june.yaml"), str(tmp_path / "march.yaml"), "--fail-on", "conversion-drop"]
    )
    assert rose.exit_code == 0, rose.output
    # Without the gate, measured changes alone never fail the run.
    assert runner.invoke(app, ["diff", str(tmp_path / "march.yaml"), str(tmp_path / "june.yaml")]).exit_code == 0


def measure(workspace: Path, *args: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "cjm", "-q", "measure", "--write", *args],
        cwd=workspace,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr


def test_the_diff_of_two_real_measurement_runs(tmp_path: Path):
    # The demo log measured up to the end of April, then over all of it: what a scheduled
    # `cjm measure --write` job's pull request shows.
    april, july = tmp_path / "april", tmp_path / "july"
    shutil.copytree(ROOT / "demo" / "measured", april)
    shutil.copytree(ROOT / "demo" / "measured", july)
    measure(april, "--to", "2026-04-30")
    measure(july)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "cjm",
            "diff",
            "april/journeys/marketing-platform.yaml",
            "july/journeys/marketing-platform.yaml",
        ],
        cwd=tmp_path,
        # Lint runs on both sides on one fixed day, so stale-measurement is as on 2026-08-01.
        env={**os.environ, "SOURCE_DATE_EPOCH": "1785542400"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == EXPECTED_REAL


EXPECTED_REAL = """\
cjm diff april/journeys/marketing-platform.yaml → july/journeys/marketing-platform.yaml

marketing-platform  changed  Mid-market team buys a marketing analytics platform
  measured  as of 2026-04-30 → 2026-07-28; window 2026-01-05 to 2026-04-30 → 2026-01-05 to 2026-07-28
    events 1868 → 2071 ▲ +203 · accounts 387 → 400 ▲ +13 · unmapped events 169 → 194 ▲ +25 · conformance 0.923
    stage           accounts         conversion              drop-off                median days
    awareness       387 → 400 ▲ +13  0.217 → 0.238 ▲ +0.021  0.783 → 0.763 ▼ -0.02   10 → 10.2 ▲ +0.2
    consideration   84 → 95 ▲ +11    0.512 → 0.621 ▲ +0.109  0.488 → 0.379 ▼ -0.109  11.2 → 11.6 ▲ +0.4
    decision        43 → 59 ▲ +16    0.395 → 0.492 ▲ +0.097  0.605 → 0.508 ▼ -0.097  21.6 → 25.4 ▲ +3.8
    implementation  17 → 29 ▲ +12    0.471 → 0.793 ▲ +0.322  0.529 → 0.207 ▼ -0.322  20.5 → 21.1 ▲ +0.6
    growth          8 → 23 ▲ +15     –                       –                       –
    reach moved most (share of the journey's accounts)
      proposal         [decision]   0.07 → 0.108 ▲ +0.038   accounts 27 → 43 ▲ +16
      security-review  [decision]   0.096 → 0.133 ▲ +0.037  accounts 37 → 53 ▲ +16
      upsell           [growth]     0.021 → 0.058 ▲ +0.037  accounts 8 → 23 ▲ +15
      webinar          [awareness]  0.442 → 0.475 ▲ +0.033  accounts 171 → 190 ▲ +19
      contract         [decision]   0.036 → 0.065 ▲ +0.029  accounts 14 → 26 ▲ +12
      and 5 more
    surveys moved most (emotion on the map's 1..5 scale)
      first-login  [implementation]  3.1 → 3.3 ▲ +0.2  ces 4.2 → 4.4 ▲ +0.2, responses 5 → 10 ▲ +5
      demo-call    [consideration]   3.9 → 3.8 ▼ -0.1  csat 3.9 → 3.8 ▼ -0.1, responses 28 → 33 ▲ +5
      kickoff      [implementation]  2.9 → 3 ▲ +0.1    nps -66.7 → -62.5 ▲ +4.2, responses 6 → 8 ▲ +2

Lint
    + new   july/journeys/marketing-platform.yaml:94:49 warning [undesigned-path] touchpoint 'demo-request': \
10.7% of the observed transitions out of it go to 'security-review', which is not in its `next`; add \
'security-review' to `next` if customers really go that way, or find out why they leave the designed path
    + new   july/journeys/marketing-platform.yaml:153:40 warning [undesigned-path] touchpoint 'proposal': \
17.9% of the observed transitions out of it go to 'kickoff', which is not in its `next`; add 'kickoff' to \
`next` if customers really go that way, or find out why they leave the designed path
    − fixed april/journeys/marketing-platform.yaml:77:45 warning [undesigned-path] touchpoint 'webinar': \
10.7% of the observed transitions out of it go to 'demo-call', which is not in its `next`; add 'demo-call' \
to `next` if customers really go that way, or find out why they leave the designed path
    − fixed april/journeys/marketing-platform.yaml:241:10 warning [stale-measurement] the measured figures \
of journey 'marketing-platform' are from data up to 2026-04-30, 93 days ago, more than 90; rerun `cjm \
measure --write` on fresh data

1 journey changed, 0 changes (0 high, 0 medium, 0 low); coverage cells: 0 lost, 0 gained; lint: 2 new, 2 \
fixed; measured: 1 journey moved
"""
