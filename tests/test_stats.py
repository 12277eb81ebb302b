"""`cjm stats`: the numbers, checked against figures counted by hand from the example files.

How the example figures were counted (so anyone can recount them): each journey's
`touchpoints:` section was listed one touchpoint per line with its stage, channel, owner,
personas, emotion, target_emotion and number of pain points / opportunities, e.g.

    awk '/^touchpoints:/{t=1} /^actions:/{t=0} t' examples/journeys/saas-subscription.yaml \\
      | grep -E '^  - id:|^    (stage|channel|owner|personas|emotion|target_emotion):'

and the lines were tallied by eye; totals were cross-checked with grep, e.g.
`grep -h '^    channel: email$' examples/journeys/*.yaml | wc -l` -> 32.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cjm.stats import NONE_KEY, JourneyStats, WorkspaceStats, journey_stats, rounded, workspace_stats
from cjm.stats.report import FORMATS, get_stats_reporter
from cjm.stats.report.markdown import escape
from cjm.workspace import load_paths, load_workspace

from .conftest import EXAMPLES, ROOT

# --- fixtures ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def examples_stats() -> WorkspaceStats:
    (ws,) = load_paths([EXAMPLES])
    return workspace_stats(journey_stats(j, file=f.display) for f, j in ws.valid_journeys())


def journey(stats: WorkspaceStats, journey_id: str) -> JourneyStats:
    (found,) = [j for j in stats.journeys if j.id == journey_id]
    return found


# A pilot programme map, small enough to count at a glance, with the awkward cases:
# an empty stage (renewal), a touchpoint with no channel, owner, personas or emotions
# (invoice), a touchpoint with no owner (first-login), one with an emotion but no target,
# and `|` / `*` in user text for the Markdown escaping.
PILOT = """\
cjm: 1
id: pilot
title: Pilot | renewal *draft*
stages:
  - id: trial
    name: Trial | pilot
  - id: purchase
  - id: renewal
personas:
  - id: buyer
    name: Bea, Buyer
  - id: user
touchpoints:
  - id: sign-up
    stage: trial
    name: Signs up for the pilot
    channel: web
    personas: [buyer, user]
    owner: marketing
    emotion: 2
    target_emotion: 4
    pain_points: [Form asks for a phone number, No SSO]
    opportunities: [Three-field form]
  - id: first-login
    stage: trial
    name: Logs in for the first time
    channel: product
    personas: [user]
    emotion: 5
  - id: invoice
    stage: purchase
    name: Receives the invoice
"""


@pytest.fixture
def pilot(write) -> WorkspaceStats:
    path = write("pilot.yaml", PILOT)
    ws = load_workspace(path)
    ((_, model),) = ws.valid_journeys()
    return workspace_stats([journey_stats(model, file="pilot.yaml")])


# Environment variables that make rich colour a pipe; the exact-output tests need them unset.
COLOUR_ENV = ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "COLUMNS")


@pytest.fixture(autouse=True)
def plain_terminal(monkeypatch):
    for name in COLOUR_ENV:
        monkeypatch.delenv(name, raising=False)


def render(stats: WorkspaceStats, fmt: str) -> str:
    out = io.StringIO()
    get_stats_reporter(fmt)(stats, out)
    return out.getvalue()


# --- the example journeys, against hand counts ------------------------------------------


def test_saas_subscription_counts_touchpoints_pain_points_and_opportunities_per_b2b7_stage(examples_stats):
    saas = journey(examples_stats, "saas-subscription")
    assert saas.stage_ids == (
        "awareness",
        "consideration",
        "decision",
        "onboarding",
        "support",
        "retention",
        "advocacy",
    )
    assert [s.touchpoints for s in saas.stages] == [3, 4, 3, 4, 3, 3, 3]
    # Pain points: gated report 2 | pricing 2 + demo 2 + trial 2 | security questionnaire 2 |
    # CRM integration 2 | discrepancy ticket 2 + exec escalation 1 | health alert 1 + renewal 2.
    assert [s.pain_points for s in saas.stages] == [2, 6, 2, 2, 3, 3, 0]
    assert [s.opportunities for s in saas.stages] == [1, 6, 1, 2, 2, 2, 0]
    assert (saas.touchpoints, saas.pain_points, saas.opportunities) == (23, 18, 14)
    assert (saas.stages_covered, saas.stage_coverage) == (7, 1.0)


def test_saas_subscription_persona_by_stage_matrix(examples_stats):
    saas = journey(examples_stats, "saas-subscription")
    assert saas.personas == ("head-of-marketing", "marketing-analyst", "marketing-ops-manager", "vp-sales")
    # Rows: personas in file order; columns: awareness .. advocacy. E.g. vp-sales in
    # consideration = attribution-webinar + discovery-demo = 2.
    assert saas.matrix == (
        (2, 2, 2, 2, 1, 2, 2),
        (2, 2, 1, 3, 2, 1, 2),
        (1, 3, 1, 2, 1, 2, 1),
        (1, 2, 1, 2, 1, 1, 1),
    )
    assert saas.cell("marketing-analyst", "onboarding") == 3  # kickoff, academy, first dashboard
    assert dict(saas.by_persona) == {
        "head-of-marketing": 13,
        "marketing-analyst": 13,
        "marketing-ops-manager": 11,
        "vp-sales": 9,
    }
    assert (saas.cells_covered, saas.cells_total) == (28, 28)


def test_saas_subscription_counts_by_channel_and_owner_sorted_by_count_then_name(examples_stats):
    saas = journey(examples_stats, "saas-subscription")
    assert saas.by_channel == (
        ("email", 5),
        ("sales-call", 4),
        ("product", 3),
        ("peer-referral", 2),
        ("ads", 1),
        ("chat", 1),
        ("demo", 1),
        ("docs", 1),
        ("review-site", 1),
        ("search", 1),
        ("support", 1),
        ("web", 1),
        ("webinar", 1),
    )
    assert saas.by_owner == (
        ("marketing", 8),
        ("customer-success", 5),
        ("sales", 4),
        ("product", 2),
        ("support", 2),
        ("finance", 1),
        ("professional-services", 1),
    )


def test_saas_subscription_mean_emotion_per_stage(examples_stats):
    saas = journey(examples_stats, "saas-subscription")
    # awareness 3,4,2 -> 9/3; consideration 2,4,3,2 -> 11/4; decision 2,3,3 -> 8/3;
    # onboarding 4,1,3,4 -> 12/4; support 2,4,2 -> 8/3; retention 4,2,2 -> 8/3; advocacy 4,3,4 -> 11/3.
    assert [rounded(s.emotion) for s in saas.stages] == [3.0, 2.75, 2.67, 3.0, 2.67, 2.67, 3.67]
    # targets: 4,4,4 | 4,4,5,4 | 4,4,4 | 5,4,4,5 | 4,4,3 | 5,3,4 | 5,4,5
    assert [rounded(s.target_emotion) for s in saas.stages] == [4.0, 4.25, 4.0, 4.5, 3.67, 4.0, 4.67]
    # Whole journey: 67 / 23 and 96 / 23 (sums of the stage sums above).
    assert (rounded(saas.emotion), rounded(saas.target_emotion)) == (2.91, 4.17)


def test_industrial_equipment_b2b5_channels_matrix_and_emotion(examples_stats):
    plant = journey(examples_stats, "industrial-equipment")
    assert [s.touchpoints for s in plant.stages] == [3, 4, 4, 5, 4]
    assert dict(plant.by_channel) == {"in-person": 7, "email": 6, "sales-call": 3, "web": 2, "event": 1, "phone": 1}
    # cfo: case study + prequalification | site visit + TCO | negotiation + financing + PO |
    # site acceptance | service contract + second machine.
    assert plant.matrix[plant.personas.index("cfo")] == (2, 2, 3, 1, 2)
    assert plant.matrix[plant.personas.index("machine-operator")] == (1, 2, 1, 3, 1)
    # implementation 2,2,3,2,3 -> 12/5; growth 3,1,3,4 -> 11/4.
    assert [rounded(s.emotion) for s in plant.stages] == [3.67, 3.0, 3.25, 2.4, 2.75]
    assert [rounded(s.target_emotion) for s in plant.stages] == [4.33, 4.5, 4.25, 4.0, 4.25]


def test_account_management_current_uses_its_explicit_stage_list(examples_stats):
    current = journey(examples_stats, "account-management-current")
    assert [s.title for s in current.stages] == [
        "Sales-to-delivery handover",
        "Service onboarding",
        "Day-to-day requests",
        "Escalation",
        "Service review",
        "Renewal",
    ]
    assert [s.touchpoints for s in current.stages] == [3, 3, 4, 4, 3, 3]
    day_to_day = current.stages[2]
    # account-manager-email 1, switchboard-call 1, service-desk-misroute 2, cio-linkedin-message 1.
    assert day_to_day.emotions == (1, 1, 2, 1)
    assert (day_to_day.emotion, day_to_day.target_emotion) == (1.25, 3.5)
    assert (day_to_day.pain_points, day_to_day.opportunities) == (6, 4)
    assert current.stages[3].emotion == 1.75  # escalation: 2, 1, 2, 2


def test_buying_jobs_validation_is_the_painful_stage(examples_stats):
    jobs = journey(examples_stats, "buying-jobs")
    validation = jobs.stages[jobs.stage_ids.index("validation")]
    # proof-of-concept 3 + security-review 2 + cost-validation 1 pain points, one opportunity each.
    assert (validation.touchpoints, validation.pain_points, validation.opportunities) == (3, 6, 3)
    assert validation.emotion == 2.0


def test_workspace_totals_merge_the_five_example_journeys(examples_stats):
    ws = examples_stats
    assert [j.id for j in ws.journeys] == [  # file order
        "account-management-current",
        "account-management-future",
        "buying-jobs",
        "industrial-equipment",
        "saas-subscription",
    ]
    assert [j.touchpoints for j in ws.journeys] == [20, 22, 19, 20, 23]
    assert ws.touchpoints == 104
    # 4 saas + 5 plant (incl. procurement-manager) + 4 new in buying-jobs + 3 new in account management.
    assert len(ws.personas) == 16
    assert (ws.stages, ws.stages_covered) == (6 + 6 + 6 + 5 + 7, 30)
    # grep -h '^    channel: email$' examples/journeys/*.yaml | wc -l
    assert dict(ws.by_channel)["email"] == 10 + 8 + 3 + 6 + 5 == 32
    assert ws.by_channel[0] == ("email", 32)
    # `owner: sales` on touchpoints only (30 lines in the files, minus 4 actions owned by sales).
    assert dict(ws.by_owner)["sales"] == 26
    # procurement-manager appears in 10 + 12 + 9 + 8 touchpoint persona lists.
    assert dict(ws.by_persona)["procurement-manager"] == 39
    assert (ws.pain_points, ws.opportunities) == (21 + 1 + 10 + 13 + 18, 16 + 1 + 6 + 10 + 14)


# --- edge cases: the pilot journey -------------------------------------------------------


def test_an_empty_stage_counts_against_stage_coverage(pilot):
    (j,) = pilot.journeys
    assert [s.touchpoints for s in j.stages] == [2, 1, 0]
    assert (j.stages_covered, len(j.stages), rounded(j.stage_coverage)) == (2, 3, 0.67)
    assert (j.cells_covered, j.cells_total, rounded(j.cell_coverage)) == (2, 6, 0.33)


def test_a_touchpoint_without_personas_counts_under_none_and_in_no_persona_cell(pilot):
    (j,) = pilot.journeys
    assert j.matrix == ((1, 0, 0), (2, 0, 0))
    assert j.by_persona == (("buyer", 1), ("user", 2), (NONE_KEY, 1))
    assert [s.without_persona for s in j.stages] == [0, 1, 0]
    assert j.matrix_rows()[-1] == (NONE_KEY, (0, 1, 0))


def test_missing_channel_and_owner_count_under_none_which_sorts_last(pilot):
    (j,) = pilot.journeys
    assert j.by_channel == (("product", 1), ("web", 1), (NONE_KEY, 1))
    assert j.by_owner == (("marketing", 1), (NONE_KEY, 2))


def test_mean_emotion_skips_touchpoints_without_a_value_and_is_none_when_there_is_none(pilot):
    trial, purchase, renewal = pilot.journeys[0].stages
    assert (trial.emotion, trial.target_emotion) == (3.5, 4.0)  # (2 + 5) / 2; only sign-up has a target
    assert (purchase.emotion, purchase.target_emotion) == (None, None)
    assert renewal.emotion is None


def test_rounding_is_half_up_on_the_decimal_value():
    assert rounded(2.125) == 2.13  # exactly representable: Python's round() would give 2.12
    assert rounded(2.675) == 2.68  # stored as 2.67499..., but written (and counted) as 2.675
    assert rounded(7 / 3) == 2.33
    assert rounded(None) is None


def test_a_journey_that_exists_only_in_memory_needs_no_file(pilot):
    from cjm.model import Journey
    from cjm.yamlread import parse_yaml

    model = Journey.model_validate(parse_yaml(PILOT).data)
    assert workspace_stats([model]).journeys[0].file is None
    assert workspace_stats([model]).touchpoints == 3


touchpoint_fields = st.fixed_dictionaries(
    {
        "stage": st.sampled_from(["awareness", "consideration", "decision", "implementation", "growth"]),
        "personas": st.lists(st.sampled_from(["buyer", "user", "it"]), max_size=3),
    },
    optional={
        "channel": st.sampled_from(["web", "email", "demo"]),
        "owner": st.sampled_from(["sales", "marketing"]),
        "emotion": st.integers(1, 5),
        "target_emotion": st.integers(1, 5),
        "pain_points": st.lists(st.just("A pain"), max_size=3),
        "opportunities": st.lists(st.just("An idea"), max_size=3),
    },
)


@given(st.lists(touchpoint_fields, min_size=1, max_size=12))
def test_counts_add_up_for_any_journey(touchpoints):
    from cjm.model import Journey

    model = Journey.model_validate(
        {
            "cjm": 1,
            "id": "generated",
            "title": "Generated",
            "stages": "b2b-5",
            "personas": ["buyer", "user", "it"],
            "touchpoints": [{"id": f"t{i}", "name": f"T{i}", **tp} for i, tp in enumerate(touchpoints)],
        }
    )
    j = journey_stats(model)
    n = len(touchpoints)
    assert (
        sum(s.touchpoints for s in j.stages) == sum(dict(j.by_channel).values()) == sum(dict(j.by_owner).values()) == n
    )
    assert j.stages_covered == len({tp["stage"] for tp in touchpoints})
    # Every persona row of the matrix adds up to that persona's count, (none) row included.
    assert {p: sum(row) for p, row in j.matrix_rows()} == {p: c for p, c in j.by_persona if c or p != NONE_KEY}
    # A stage's touchpoints are those of its busiest persona at least, and all of them at most.
    for col, s in enumerate(j.stages):
        cells = [row[col] for _, row in j.matrix_rows()]
        assert max(cells) <= s.touchpoints <= sum(cells)
    for s in j.stages:
        assert s.emotion is None or 1 <= s.emotion <= 5
    assert j.pain_points == sum(len(tp.get("pain_points", [])) for tp in touchpoints)


# --- output formats ----------------------------------------------------------------------

PILOT_TEXT = """\
pilot  Pilot | renewal *draft*
pilot.yaml
stage coverage 2/3 (67%) · 3 touchpoints · 2 personas · persona × stage cells 2/6 (33%)

Persona × stage (touchpoints)

 persona           Trial | pilot   Purchase   Renewal   total
 ────────────────────────────────────────────────────────────
 buyer                         1          ·         ·       1
 user                          2          ·         ·       2
 (none)                        ·          1         ·       1

 all touchpoints               2          1         ·       3

Stages

 stage           touchpoints   pain points   opportunities   emotion                target
 ─────────────────────────────────────────────────────────────────────────────────────────
 Trial | pilot             2             2               1      3.50   ██████░░░░     4.00
 Purchase                  1             0               0         –                     –
 Renewal                   ·             0               0         –                     –

By channel                 By owner

 channel   touchpoints      owner       touchpoints
 ─────────────────────      ───────────────────────
 product             1      marketing             1
 web                 1      (none)                2
 (none)              1

"""


def test_text_output_for_the_pilot(pilot):
    # The emotion bar is 10 cells from 1 (empty) to 5 (full): 3.5 fills (3.5 - 1) / 4 * 10 = 6.25 -> 6.
    assert render(pilot, "text") == PILOT_TEXT


def test_text_output_in_a_pipe_does_not_depend_on_columns(pilot, monkeypatch):
    monkeypatch.setenv("COLUMNS", "40")
    assert render(pilot, "text") == PILOT_TEXT


def test_text_output_on_a_colour_terminal_marks_empty_cells_red(pilot, monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "120")
    out = render(pilot, "text")
    assert re.search(r"\x1b\[1;31m *·\x1b\[0m", out)  # bold red, padding included


def test_json_output_for_the_pilot(pilot):
    doc = json.loads(render(pilot, "json"))
    assert doc["version"] == 1
    assert doc["totals"] == {
        "journeys": 1,
        "touchpoints": 3,
        "personas": 2,
        "stages": 3,
        "stages_covered": 2,
        "stage_coverage": 0.67,
        "pain_points": 2,
        "opportunities": 1,
        "emotion": 3.5,
        "target_emotion": 4.0,
        "by_channel": {"product": 1, "web": 1, "(none)": 1},
        "by_owner": {"marketing": 1, "(none)": 2},
        "by_persona": {"buyer": 1, "user": 2, "(none)": 1},
    }
    (j,) = doc["journeys"]
    assert j["file"] == "pilot.yaml"
    assert (j["cells"], j["cells_covered"], j["cell_coverage"]) == (6, 2, 0.33)
    assert j["by_stage"][1] == {
        "id": "purchase",
        "title": "Purchase",
        "phase": None,
        "touchpoints": 1,
        "without_persona": 1,
        "pain_points": 0,
        "opportunities": 0,
        "emotion": None,
        "target_emotion": None,
    }
    assert j["matrix"] == {
        "buyer": {"trial": 1, "purchase": 0, "renewal": 0},
        "user": {"trial": 2, "purchase": 0, "renewal": 0},
        "(none)": {"trial": 0, "purchase": 1, "renewal": 0},
    }
    assert list(j) == [
        "id",
        "title",
        "file",
        "touchpoints",
        "personas",
        "stages",
        "stages_covered",
        "stage_coverage",
        "cells",
        "cells_covered",
        "cell_coverage",
        "pain_points",
        "opportunities",
        "emotion",
        "target_emotion",
        "by_stage",
        "by_channel",
        "by_owner",
        "by_persona",
        "matrix",
    ]


PILOT_MARKDOWN = """\
# Journey stats

## pilot: Pilot \\| renewal \\*draft\\*

File pilot.yaml; 3 touchpoints; 2 of 3 stages covered (67%); 2 of 6 persona × stage cells covered (33%).

**Persona × stage** (touchpoints)

| persona | Trial \\| pilot | Purchase | Renewal | total |
|---|--:|--:|--:|--:|
| buyer | 1 | 0 | 0 | 1 |
| user | 2 | 0 | 0 | 2 |
| (none) | 0 | 1 | 0 | 1 |
| **all touchpoints** | 2 | 1 | 0 | 3 |

**Stages**

| stage | phase | touchpoints | pain points | opportunities | emotion | target emotion |
|---|---|--:|--:|--:|--:|--:|
| Trial \\| pilot |  | 2 | 2 | 1 | 3.50 | 4.00 |
| Purchase |  | 1 | 0 | 0 | – | – |
| Renewal |  | 0 | 0 | 0 | – | – |

**Touchpoints by channel**

| channel | touchpoints |
|---|--:|
| product | 1 |
| web | 1 |
| (none) | 1 |

**Touchpoints by owner**

| owner | touchpoints |
|---|--:|
| marketing | 1 |
| (none) | 2 |
"""


def test_markdown_output_for_the_pilot(pilot):
    assert render(pilot, "markdown") == PILOT_MARKDOWN


def test_markdown_tables_keep_their_columns_when_user_text_holds_pipes(pilot):
    unescaped_pipe = re.compile(r"(?<!\\)\|")
    for table in re.findall(r"(?:^\|.*\n)+", render(pilot, "markdown"), flags=re.M):
        widths = {len(unescaped_pipe.findall(row)) for row in table.splitlines()}
        assert len(widths) == 1, table


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("Trial | pilot", r"Trial \| pilot"),
        ("*draft* and _wip_", r"\*draft\* and \_wip\_"),
        ("<script>alert(1)</script>", r"\<script\>alert(1)\</script\>"),
        ("[link](http://x)", r"\[link\](http://x)"),
        ("`code` ~~gone~~ $x$ &amp;", r"\`code\` \~\~gone\~\~ \$x\$ \&amp;"),
        ("a\\b", r"a\\b"),
        ("two\nlines", "two lines"),
    ],
)
def test_markdown_escape(text, escaped):
    assert escape(text) == escaped


PILOT_CSV_JOURNEY_ROWS = """\
pilot,touchpoints,total,,3
pilot,personas,total,,2
pilot,stages,total,,3
pilot,stages_covered,total,,2
pilot,stage_coverage,total,,0.67
pilot,cells,total,,6
pilot,cells_covered,total,,2
pilot,cell_coverage,total,,0.33
pilot,pain_points,total,,2
pilot,opportunities,total,,1
pilot,emotion,total,,3.5
pilot,target_emotion,total,,4.0
pilot,touchpoints,stage,trial,2
pilot,pain_points,stage,trial,2
pilot,opportunities,stage,trial,1
pilot,emotion,stage,trial,3.5
pilot,target_emotion,stage,trial,4.0
pilot,touchpoints,stage,purchase,1
pilot,pain_points,stage,purchase,0
pilot,opportunities,stage,purchase,0
pilot,emotion,stage,purchase,
pilot,target_emotion,stage,purchase,
pilot,touchpoints,stage,renewal,0
pilot,pain_points,stage,renewal,0
pilot,opportunities,stage,renewal,0
pilot,emotion,stage,renewal,
pilot,target_emotion,stage,renewal,
pilot,touchpoints,channel,product,1
pilot,touchpoints,channel,web,1
pilot,touchpoints,channel,(none),1
pilot,touchpoints,owner,marketing,1
pilot,touchpoints,owner,(none),2
pilot,touchpoints,persona,buyer,1
pilot,touchpoints,persona,user,2
pilot,touchpoints,persona,(none),1
pilot,touchpoints,persona-stage,buyer/trial,1
pilot,touchpoints,persona-stage,buyer/purchase,0
pilot,touchpoints,persona-stage,buyer/renewal,0
pilot,touchpoints,persona-stage,user/trial,2
pilot,touchpoints,persona-stage,user/purchase,0
pilot,touchpoints,persona-stage,user/renewal,0
pilot,touchpoints,persona-stage,(none)/trial,0
pilot,touchpoints,persona-stage,(none)/purchase,1
pilot,touchpoints,persona-stage,(none)/renewal,0
"""


def test_csv_output_for_the_pilot(pilot):
    lines = render(pilot, "csv").splitlines(keepends=True)
    assert lines[0] == "journey,metric,dimension,key,value\n"
    assert lines[1] == "(workspace),journeys,total,,1\n"
    journey_rows = "".join(line for line in lines if line.startswith("pilot,"))
    assert journey_rows == PILOT_CSV_JOURNEY_ROWS


def test_csv_parses_back_into_the_hand_counted_figures(examples_stats):
    rows = list(csv.DictReader(io.StringIO(render(examples_stats, "csv"))))
    assert all(set(r) == {"journey", "metric", "dimension", "key", "value"} for r in rows)
    index = {(r["journey"], r["metric"], r["dimension"], r["key"]): r["value"] for r in rows}
    assert len(index) == len(rows)  # every (journey, metric, dimension, key) is unique
    assert index[("(workspace)", "touchpoints", "total", "")] == "104"
    assert index[("(workspace)", "touchpoints", "channel", "email")] == "32"
    assert index[("saas-subscription", "touchpoints", "channel", "email")] == "5"
    assert index[("saas-subscription", "touchpoints", "persona-stage", "vp-sales/consideration")] == "2"
    assert index[("account-management-current", "emotion", "stage", "day-to-day-requests")] == "1.25"
    assert index[("industrial-equipment", "emotion", "stage", "implementation")] == "2.4"


def test_json_and_csv_agree_on_every_journey_total(examples_stats):
    doc = json.loads(render(examples_stats, "json"))
    rows = list(csv.DictReader(io.StringIO(render(examples_stats, "csv"))))
    for j in doc["journeys"]:
        for metric in ("touchpoints", "stages_covered", "pain_points", "opportunities", "emotion"):
            (value,) = [
                r["value"] for r in rows if (r["journey"], r["metric"], r["dimension"]) == (j["id"], metric, "total")
            ]
            assert value == str(j[metric])


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_is_deterministic(examples_stats, fmt):
    (ws,) = load_paths([EXAMPLES])
    again = workspace_stats(journey_stats(j, file=f.display) for f, j in ws.valid_journeys())
    assert render(examples_stats, fmt) == render(again, fmt)


# --- the command -------------------------------------------------------------------------


def cjm(*args: str, cwd: Path = ROOT, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    full_env = {k: v for k, v in os.environ.items() if k not in COLOUR_ENV}
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "cjm", *args], cwd=cwd, env=full_env, capture_output=True, timeout=60)


@pytest.mark.parametrize("fmt", FORMATS)
def test_two_runs_on_the_examples_are_byte_identical(fmt):
    first, second = cjm("stats", "examples/", "--format", fmt), cjm("stats", "examples/", "--format", fmt)
    assert first.returncode == second.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    assert first.stderr == second.stderr == b""


def test_stats_on_the_examples_prints_the_hand_counted_totals():
    result = cjm("stats", "examples/")
    assert result.returncode == 0
    text = result.stdout.decode()
    assert "5 journeys · 104 touchpoints · 16 personas · stage coverage 30/30 (100%)" in text
    assert "\x1b[" not in text  # piped: no colour


def test_stats_json_from_the_command_line():
    result = cjm("stats", "examples/journeys/saas-subscription.yaml", "-f", "json")
    doc = json.loads(result.stdout)
    assert doc["journeys"][0]["file"] == "examples/journeys/saas-subscription.yaml"
    assert doc["totals"]["touchpoints"] == 23


def test_a_path_that_does_not_exist_exits_2():
    result = cjm("stats", "examples/no-such-journey.yaml")
    assert result.returncode == 2
    assert result.stdout == b""
    assert b"no-such-journey.yaml: no such file or directory" in result.stderr
    assert b"Traceback" not in result.stderr


def test_an_invalid_journey_exits_2_and_shows_the_validate_findings_on_stderr():
    result = cjm("stats", "examples/invalid/unknown-key.yaml")
    assert result.returncode == 2
    assert result.stdout == b""
    err = result.stderr.decode()
    assert "examples/invalid/unknown-key.yaml:13:5: error [unknown-key]" in err
    assert "cjm: error: no stats: fix the errors above" in err


def test_a_syntax_error_exits_2_with_its_position():
    result = cjm("stats", "examples/invalid/syntax-error.yaml")
    assert result.returncode == 2
    assert re.search(rb"examples/invalid/syntax-error\.yaml:\d+:\d+: error", result.stderr)


def test_a_persona_library_alone_has_no_journeys_to_count():
    result = cjm("stats", "examples/personas/buying-committee.yaml")
    assert result.returncode == 2
    assert b"no journey files found in examples/personas/buying-committee.yaml" in result.stderr


def test_an_unknown_format_is_a_usage_error():
    result = cjm("stats", "examples/", "--format", "xml")
    assert result.returncode == 2
    assert b"Traceback" not in result.stderr
