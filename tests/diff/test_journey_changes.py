"""`diff_journeys(a, b)`: each kind of change on a small hand-written pair.

Every test starts from TRIAL (a self-serve analytics trial, see conftest.py) and edits it the
way a journey owner would in a pull request.
"""

from __future__ import annotations

import hashlib

import pytest

import cjm.diff.engine
from cjm.diff import diff_journeys

from .conftest import TRIAL, diff_texts, edit, journey, kinds, only


def test_a_journey_compared_with_itself_has_no_changes():
    result = diff_texts(TRIAL, TRIAL)
    assert result.status == "unchanged"
    assert result.changes == []


def test_comments_key_order_quoting_and_flow_style_are_not_semantic_changes():
    reformatted = edit(
        TRIAL,
        ("cjm: 1\n", "# Reviewed in the growth weekly.\ncjm: 1\n"),
        (
            "    personas: [analyst, cfo]\n",
            "    personas:          # the whole buying committee\n      - analyst\n      - cfo\n",
        ),
        ("    name: Pricing call with sales\n", '    name: "Pricing call with sales"\n'),
        ("    metrics: {conversion_rate: 0.12}\n", "    metrics:\n      conversion_rate: 0.120\n"),
        (
            "    name: Receives the first invoice\n    channel: email\n",
            "    channel: email   # from billing@\n    name: 'Receives the first invoice'\n",
        ),
    )
    assert reformatted != TRIAL
    result = diff_texts(TRIAL, reformatted)
    assert result.status == "unchanged"
    assert result.changes == []


def test_a_scalar_field_change_reports_old_and_new_value():
    result = diff_texts(TRIAL, edit(TRIAL, ("    owner: sales\n    emotion: 2", "    owner: presales\n    emotion: 2")))
    change = only(result.changes, id="pricing-call")
    assert (change.kind, change.entity, change.field) == ("changed", "touchpoint", "owner")
    assert (change.old, change.new) == ("sales", "presales")
    assert change.stage == "purchase"
    assert change.label == "Pricing call with sales"
    assert change.severity == "medium"  # who owns a touchpoint is structure, not wording


def test_rewording_a_name_is_a_low_severity_change():
    result = diff_texts(
        TRIAL, edit(TRIAL, ("name: Pricing call with sales", "name: Pricing call with an account executive"))
    )
    change = only(result.changes)
    assert (change.field, change.severity) == ("name", "low")


def test_list_fields_report_items_added_and_removed():
    new = edit(
        TRIAL,
        (
            "    pain_points: [Price only given on a call]",
            "    pain_points: [Discount needs CFO sign-off, Price only given on a call]",
        ),
        ("    pain_points: [Asked for a phone number]\n", ""),
    )
    result = diff_texts(TRIAL, new)
    pricing = only(result.changes, id="pricing-call")
    assert (pricing.field, pricing.added, pricing.removed) == ("pain_points", ("Discount needs CFO sign-off",), ())
    signup = only(result.changes, id="signup-form")
    assert (signup.field, signup.added, signup.removed) == ("pain_points", (), ("Asked for a phone number",))


def test_the_order_of_list_items_is_not_a_change():
    result = diff_texts(TRIAL, edit(TRIAL, ("personas: [analyst, cfo]", "personas: [cfo, analyst]")))
    assert result.changes == []


def test_metrics_are_compared_key_by_key():
    new = edit(TRIAL, ("metrics: {conversion_rate: 0.12}", "metrics: {conversion_rate: 0.15, drop_off_rate: 0.4}"))
    result = diff_texts(TRIAL, new)
    assert [(c.field, c.old, c.new) for c in result.changes] == [
        ("metrics.conversion_rate", 0.12, 0.15),
        ("metrics.drop_off_rate", None, 0.4),
    ]


def test_journey_fields_are_compared_too():
    new = edit(TRIAL, ("objective: Convert more trials to paid plans", "objective: Double trial-to-paid conversion"))
    change = only(diff_texts(TRIAL, new).changes)
    assert (change.entity, change.id, change.field) == ("journey", "analytics-trial", "objective")


def test_a_removed_touchpoint_is_high_severity():
    new = edit(
        TRIAL,
        (
            "  - id: first-invoice\n    stage: purchase\n    name: Receives the first invoice\n    channel: email\n"
            "    personas: [cfo]\n    owner: finance\n    emotion: 3\n",
            "",
        ),
    )
    result = diff_texts(TRIAL, new)
    change = only(result.changes)
    assert (change.kind, change.entity, change.id, change.severity) == (
        "removed",
        "touchpoint",
        "first-invoice",
        "high",
    )
    assert change.old["name"] == "Receives the first invoice"  # the whole entity, for reviewers and tools
    purchase = next(s for s in result.stages if s.id == "purchase")
    assert (purchase.before, purchase.after) == (2, 1)


def test_an_added_touchpoint_and_the_coverage_it_gains():
    new = edit(
        TRIAL,
        (
            "actions:\n",
            "  - id: usage-review\n    stage: onboarding\n    name: Reviews seat usage after 30 days\n"
            "    channel: email\n    personas: [cfo]\n    owner: customer-success\n    emotion: 3\nactions:\n",
        ),
    )
    result = diff_texts(TRIAL, new)
    assert kinds(result.changes) == [("added", "touchpoint", "usage-review"), ("coverage-gained", "coverage", "cfo")]
    gained = result.changes[1]
    assert (gained.stage, gained.old, gained.new, gained.severity) == ("onboarding", 0, 1, "low")
    onboarding = next(s for s in result.stages if s.id == "onboarding")
    assert (onboarding.before, onboarding.after) == (2, 3)


def test_a_touchpoint_whose_id_changed_but_content_did_not_is_renamed():
    new = edit(TRIAL, ("id: sample-dashboard", "id: demo-dashboard"))
    result = diff_texts(TRIAL, new)
    change = only(result.changes)
    assert (change.kind, change.id, change.old_id, change.severity) == (
        "renamed",
        "demo-dashboard",
        "sample-dashboard",
        "medium",
    )


def test_a_rename_does_not_also_change_the_lists_that_reference_it():
    new = edit(
        TRIAL,
        ("  - id: first-report\n", "  - id: team-report\n"),
        ("next: [first-report]", "next: [team-report]"),
        ("  - id: pricing-call\n", "  - id: pricing-conversation\n"),
        ("addresses: [pricing-call]", "addresses: [pricing-conversation]"),
    )
    result = diff_texts(TRIAL, new)
    assert sorted((c.kind, c.old_id, c.id) for c in result.changes) == [
        ("renamed", "first-report", "team-report"),
        ("renamed", "pricing-call", "pricing-conversation"),
    ]


def test_a_rename_with_a_small_edit_is_still_a_rename_plus_that_edit():
    new = edit(
        TRIAL,
        ("  - id: first-report\n", "  - id: first-team-report\n"),
        ("next: [first-report]", "next: [first-team-report]"),
        ("name: Builds the first report for the team", "name: Builds the first report for her team"),
    )
    result = diff_texts(TRIAL, new)
    assert kinds(result.changes) == [
        ("renamed", "touchpoint", "first-team-report"),
        ("changed", "touchpoint", "first-team-report"),
    ]
    assert result.changes[1].field == "name"


def test_a_different_touchpoint_in_place_of_a_removed_one_is_not_a_rename():
    new = edit(
        TRIAL,
        (
            "  - id: sample-dashboard\n    stage: trial\n    name: Explores the sample dashboard\n    channel: product\n"
            "    personas: [analyst]\n    owner: product\n    emotion: 3\n",
            "  - id: nurture-email\n    stage: trial\n    name: Gets a tips email on day 3 of the trial\n"
            "    channel: email\n    personas: [analyst]\n    owner: marketing\n    emotion: 3\n",
        ),
    )
    result = diff_texts(TRIAL, new)
    assert sorted(kinds(result.changes)) == [
        ("added", "touchpoint", "nurture-email"),
        ("removed", "touchpoint", "sample-dashboard"),
    ]


def test_near_renames_are_only_searched_within_the_bound(monkeypatch: pytest.MonkeyPatch):
    exact = edit(TRIAL, ("id: sample-dashboard", "id: demo-dashboard"))
    near = edit(exact, ("name: Explores the sample dashboard", "name: Explores the sample dashboards"))
    assert kinds(diff_texts(TRIAL, near).changes)[0] == ("renamed", "touchpoint", "demo-dashboard")
    monkeypatch.setattr(cjm.diff.engine, "MAX_RENAME_PAIRS", 0)
    # Beyond the bound exact renames are still found (by hashing) but near ones are not.
    assert kinds(diff_texts(TRIAL, exact).changes) == [("renamed", "touchpoint", "demo-dashboard")]
    assert sorted(kinds(diff_texts(TRIAL, near).changes)) == [
        ("added", "touchpoint", "demo-dashboard"),
        ("removed", "touchpoint", "sample-dashboard"),
    ]


def test_a_touchpoint_moved_to_another_stage_is_a_move():
    new = edit(
        TRIAL, ("  - id: kickoff-webinar\n    stage: onboarding", "  - id: kickoff-webinar\n    stage: purchase")
    )
    result = diff_texts(TRIAL, new)
    move = only(result.changes)
    assert (move.kind, move.id, move.old, move.new, move.severity) == (
        "moved",
        "kickoff-webinar",
        "onboarding",
        "purchase",
        "medium",
    )
    counts = {s.id: (s.before, s.after) for s in result.stages}
    assert counts == {"trial": (2, 2), "purchase": (2, 3), "onboarding": (2, 1)}


def test_swapping_two_stages_is_one_reorder():
    purchase = "  - id: purchase\n    name: Purchase\n    phase: purchase\n"
    onboarding = "  - id: onboarding\n    name: Onboarding\n    phase: post-purchase\n"
    new = edit(TRIAL, (purchase + onboarding, onboarding + purchase))
    change = only(diff_texts(TRIAL, new).changes)
    assert (change.kind, change.entity) == ("reordered", "stage")
    assert change.old == ["trial", "purchase", "onboarding"]
    assert change.new == ["trial", "onboarding", "purchase"]


def test_adding_a_stage_is_not_a_reorder():
    new = edit(
        TRIAL, ("personas:\n  - id: analyst", "  - id: renewal\n    phase: post-purchase\npersonas:\n  - id: analyst")
    )
    result = diff_texts(TRIAL, new)
    assert kinds(result.changes) == [("added", "stage", "renewal")]
    renewal = result.stages[-1]
    assert (renewal.id, renewal.before, renewal.after) == ("renewal", None, 0)


def test_removing_a_stage_removes_its_touchpoints_and_their_coverage():
    new = edit(
        TRIAL,
        ("  - id: onboarding\n    name: Onboarding\n    phase: post-purchase\n", ""),
        (TRIAL[TRIAL.index("  - id: kickoff-webinar") : TRIAL.index("actions:")], ""),
    )
    result = diff_texts(TRIAL, new)
    assert kinds(result.changes) == [
        ("removed", "stage", "onboarding"),
        ("removed", "touchpoint", "kickoff-webinar"),
        ("removed", "touchpoint", "first-report"),
        ("coverage-lost", "coverage", "analyst"),
    ]
    assert {c.severity for c in result.changes} == {"high"}
    onboarding = result.stages[-1]
    assert (onboarding.id, onboarding.before, onboarding.after, onboarding.emptied) == ("onboarding", 2, None, True)


def test_a_stage_whose_id_changed_is_renamed_and_its_touchpoints_did_not_move():
    new = TRIAL.replace("id: trial\n", "id: free-trial\n").replace("stage: trial\n", "stage: free-trial\n")
    result = diff_texts(TRIAL, new)
    change = only(result.changes)
    assert (change.kind, change.entity, change.old_id, change.id) == ("renamed", "stage", "trial", "free-trial")
    first = result.stages[0]
    assert (first.id, first.before, first.after) == ("free-trial", 2, 2)


def test_emotion_changes_carry_a_direction_and_stage_means_follow():
    new = edit(
        TRIAL,
        ("    owner: sales\n    emotion: 2", "    owner: sales\n    emotion: 4"),
        ("emotion: 4\n    pain_points: [Asked", "emotion: 2\n    pain_points: [Asked"),
    )
    result = diff_texts(TRIAL, new)
    better = only(result.changes, id="pricing-call")
    worse = only(result.changes, id="signup-form")
    assert (better.kind, better.old, better.new, better.direction, better.severity) == (
        "emotion",
        2,
        4,
        "improved",
        "low",
    )
    assert (worse.direction, worse.severity) == ("worsened", "medium")
    means = {s.id: (s.emotion_before, s.emotion_after) for s in result.stages}
    assert means == {"trial": (3.5, 2.5), "purchase": (2.5, 3.5), "onboarding": (3.5, 3.5)}


def test_a_persona_dropping_out_of_a_stage_is_a_coverage_loss():
    result = diff_texts(TRIAL, edit(TRIAL, ("personas: [analyst, cfo]", "personas: [cfo]")))
    assert kinds(result.changes) == [
        ("changed", "touchpoint", "pricing-call"),
        ("coverage-lost", "coverage", "analyst"),
    ]
    lost = result.changes[1]
    assert (lost.stage, lost.old, lost.new, lost.severity) == ("purchase", 1, 0, "high")


def test_personas_of_the_journey_are_matched_by_id():
    new = edit(
        TRIAL,
        ("    name: Carl, CFO\n", "    name: Carla, CFO\n"),
        ("touchpoints:\n", "  - id: it-admin\n    name: Ida, IT administrator\n    role: implementer\ntouchpoints:\n"),
    )
    result = diff_texts(TRIAL, new)
    assert kinds(result.changes) == [("changed", "persona", "cfo"), ("added", "persona", "it-admin")]
    assert (result.changes[0].old, result.changes[0].new) == ("Carl, CFO", "Carla, CFO")


def test_action_plan_changes():
    new = edit(
        TRIAL,
        (
            "    priority: high\n",
            "    priority: medium\n  - id: sso-trial\n    title: Allow SSO sign-up in the trial\n",
        ),
    )
    result = diff_texts(TRIAL, new)
    assert kinds(result.changes) == [("changed", "action", "publish-pricing"), ("added", "action", "sso-trial")]
    assert (result.changes[0].field, result.changes[0].severity) == ("priority", "medium")


def test_changing_the_stage_model_lists_stage_changes():
    old = journey(
        "cjm: 1\nid: j\ntitle: J\nstages: b2b-5\npersonas: [{id: p}]\ntouchpoints: [{id: t, stage: awareness, name: T}]\n"
    )
    new = journey(
        "cjm: 1\nid: j\ntitle: J\nstages: b2b-7\npersonas: [{id: p}]\ntouchpoints: [{id: t, stage: awareness, name: T}]\n"
    )
    result = diff_journeys(old, new)
    assert only(result.changes, entity="journey").old == "b2b-5"
    assert sorted((c.kind, c.id) for c in result.changes if c.entity == "stage") == [
        ("added", "advocacy"),
        ("added", "onboarding"),
        ("added", "retention"),
        ("added", "support"),
        ("removed", "growth"),
        ("removed", "implementation"),
    ]


def test_fingerprints_follow_the_documented_recipe_and_ignore_values():
    def owner_change(value: str):
        return only(
            diff_texts(
                TRIAL, edit(TRIAL, ("    owner: sales\n    emotion", f"    owner: {value}\n    emotion"))
            ).changes
        )

    expected = hashlib.sha1(b"changed\x1ftouchpoint\x1fanalytics-trial\x1f\x1fpricing-call\x1fowner").hexdigest()
    assert owner_change("presales").fingerprint == expected[:12] == owner_change("partners").fingerprint


def test_the_stages_a_persona_is_expected_in_are_structure():
    # They decide where persona-gap asks for the persona, as its role and channels shape the map.
    new = edit(
        TRIAL,
        (
            "    name: Carl, CFO\n    role: economic-buyer\n",
            "    name: Carl, CFO\n    role: economic-buyer\n    stages: [purchase]\n",
        ),
    )
    change = only(diff_texts(TRIAL, new).changes)
    assert (change.entity, change.id, change.field, change.added) == ("persona", "cfo", "stages", ("purchase",))
    assert change.severity == "medium"
