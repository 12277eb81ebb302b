"""`cjm new touchpoint`: a touchpoint lands after the last one of its stage, and nothing else changes."""

from __future__ import annotations

from pathlib import Path

from cjm.validate import validate
from cjm.workspace import load_paths

from ..conftest import MINIMAL
from .conftest import added_lines, run_cjm


def format_findings(path: Path) -> list[str]:
    """Syntax, schema and reference findings (no lint) for one file, as `line:col code`."""
    ws = load_paths([path])[0]
    return [f"{f.line}:{f.column} {f.code}" for f in validate(ws, lint=False)]


def test_a_touchpoint_joins_its_stage_after_the_last_onboarding_touchpoint(workspace: Path):
    journey = workspace / "journeys" / "saas-subscription.yaml"
    before = journey.read_text()

    result = run_cjm(
        "new", "touchpoint", "journeys/saas-subscription.yaml",
        "--stage", "onboarding",
        "--name", "Admin invites the rest of the team from the welcome email",
        "--channel", "email",
        "--persona", "marketing-ops-manager,marketing-analyst",
        "--owner", "customer-success",
        "--emotion", "3",
        cwd=workspace,
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    after = journey.read_text()
    assert added_lines(before, after) == [
        "  - id: admin-invites-the-rest-of-the-team-from-the-welcome-email\n",
        "    stage: onboarding\n",
        "    name: Admin invites the rest of the team from the welcome email\n",
        "    channel: email\n",
        "    personas: [marketing-ops-manager, marketing-analyst]\n",
        "    owner: customer-success\n",
        "    emotion: 3\n",
        "\n",  # the file separates touchpoints with a blank line, and so does the new one
    ]
    # After the last onboarding touchpoint, before the support heading that follows it.
    lines = after.splitlines()
    new_at = lines.index("  - id: admin-invites-the-rest-of-the-team-from-the-welcome-email")
    assert lines[new_at - 2] == "    feeling: proud"  # the end of first-pipeline-dashboard
    assert lines[new_at + 7 : new_at + 9] == ["", "  # --- support " + "-" * 63]
    assert f"saas-subscription.yaml:{new_at + 1}" in result.stderr
    assert format_findings(journey) == []
    assert run_cjm("validate", "journeys/saas-subscription.yaml", cwd=workspace).returncode == 0


def test_only_the_given_fields_are_written_in_format_order(workspace: Path):
    journey = workspace / "journeys" / "saas-subscription.yaml"
    before = journey.read_text()
    result = run_cjm(
        "new", "touchpoint", str(journey), "--emotion", "2", "--name", "Reads the renewal quote", "--stage", "retention",
        cwd=workspace,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    # Only the given fields, and the placeholder owner that examples/cjm.yaml's
    # `missing-owner: error` asks for (rules at warning, such as missing-channel, ask nothing).
    assert [line for line in added_lines(before, journey.read_text()) if line.strip()] == [
        "  - id: reads-the-renewal-quote\n",
        "    stage: retention\n",
        "    name: Reads the renewal quote\n",
        "    owner: todo\n",
        "    emotion: 2\n",
    ]


def test_a_derived_id_is_made_unique_and_an_explicit_one_must_be_free(workspace: Path):
    journey = workspace / "journeys" / "saas-subscription.yaml"
    args = ("new", "touchpoint", str(journey), "--stage", "support")
    assert run_cjm(*args, "--name", "In-app help chat", cwd=workspace).returncode == 0
    assert "  - id: in-app-help-chat-2\n" in journey.read_text()

    before = journey.read_text()
    taken = run_cjm(*args, "--name", "Chat", "--id", "in-app-help-chat", cwd=workspace)
    assert taken.returncode == 2
    assert "--id 'in-app-help-chat' is already a touchpoint id; choose another id" in taken.stderr
    assert journey.read_text() == before


def test_names_that_need_quotes_are_quoted_and_read_back_exactly(workspace: Path):
    journey = workspace / "journeys" / "saas-subscription.yaml"
    name = 'Searches "attribution: HubSpot vs. Salesforce" #2'
    result = run_cjm("new", "touchpoint", str(journey), "--stage", "awareness", "--name", name, cwd=workspace)
    assert result.returncode == 0, result.stderr
    ws = load_paths([journey])[0]
    touchpoint = next(t for t in ws.target_files[0].journey.touchpoints if t.id.startswith("searches-attribution"))
    assert touchpoint.name == name
    assert format_findings(journey) == []


def test_after_puts_the_touchpoint_exactly_where_asked(workspace: Path):
    journey = workspace / "journeys" / "saas-subscription.yaml"
    result = run_cjm(
        "new", "touchpoint", str(journey), "--stage", "consideration", "--name", "Watches the recording",
        "--after", "attribution-webinar",
        cwd=workspace,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    ids = [t.id for t in load_paths([journey])[0].target_files[0].journey.touchpoints]
    assert ids[ids.index("attribution-webinar") + 1] == "watches-the-recording"


def test_a_stage_without_touchpoints_goes_after_the_last_touchpoint_of_an_earlier_stage(write):
    renewal = "  - id: renewal\n    stage: retention\n    name: Renews\n"
    journey = write("journeys/minimal.yaml", MINIMAL + renewal)
    result = run_cjm(
        "new", "touchpoint", str(journey), "--stage", "onboarding", "--name", "Kick-off", cwd=journey.parent
    )
    assert result.returncode == 0, result.stderr
    ids = [t.id for t in load_paths([journey])[0].target_files[0].journey.touchpoints]
    assert ids == ["search", "kick-off", "renewal"]


def test_a_wrong_stage_lists_the_stages_and_suggests_the_closest(workspace: Path):
    journey = workspace / "journeys" / "saas-subscription.yaml"
    before = journey.read_bytes()
    result = run_cjm("new", "touchpoint", str(journey), "--stage", "onbording", "--name", "Kick-off", cwd=workspace)
    assert result.returncode == 2
    assert result.stderr == (
        "cjm: error: journeys/saas-subscription.yaml:12:1: stage 'onbording' is not a stage of this journey; "
        "did you mean 'onboarding'? "
        "Its stages, the built-in model b2b-7: awareness, consideration, decision, onboarding, support, retention, "
        "advocacy\n"
    )
    assert journey.read_bytes() == before


def test_a_wrong_stage_of_a_shared_stage_model_names_the_model_and_the_stages_with_their_names(workspace: Path):
    journey = workspace / "journeys" / "account-management-current.yaml"
    before = journey.read_bytes()
    result = run_cjm("new", "touchpoint", str(journey), "--stage", "service-visit", "--name", "Visit", cwd=workspace)
    assert result.returncode == 2
    assert result.stderr == (
        "cjm: error: journeys/account-management-current.yaml:16:1: stage 'service-visit' is not a stage of this "
        "journey; did you mean 'service-review'? Its stages, the stage model managed-services of cjm.yaml: "
        "handover (Sales-to-delivery handover), service-onboarding, day-to-day-requests, escalation, "
        "service-review, renewal\n"
    )
    assert journey.read_bytes() == before


def test_the_stage_may_be_given_by_its_name_as_the_map_shows_it(workspace: Path):
    journey = workspace / "journeys" / "account-management-current.yaml"
    before = journey.read_text()
    result = run_cjm(
        "new", "touchpoint", str(journey), "--stage", "Sales-to-delivery handover", "--name", "Kick-off call",
        "--owner", "customer-success", cwd=workspace,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert added_lines(before, journey.read_text()) == [
        "\n",  # the blank line between touchpoints (difflib places the new one's first)
        "  - id: kick-off-call\n",
        "    stage: handover\n",
        "    name: Kick-off call\n",
        "    owner: customer-success\n",
    ]
    assert format_findings(journey) == []


def test_an_unknown_persona_is_refused_and_a_library_persona_not_in_the_journey_is_explained(workspace: Path):
    journey = workspace / "journeys" / "saas-subscription.yaml"
    before = journey.read_bytes()
    args = ("new", "touchpoint", str(journey), "--stage", "support", "--name", "Opens a ticket", "--persona")

    typo = run_cjm(*args, "vp-sale", cwd=workspace)
    assert typo.returncode == 2
    assert (
        "journeys/saas-subscription.yaml:14:1: --persona 'vp-sale' is not one of the personas of this journey; "
        in typo.stderr
    )
    assert "did you mean 'vp-sales'?" in typo.stderr

    library_only = run_cjm(*args, "enterprise-architect", cwd=workspace)
    assert library_only.returncode == 2
    assert (
        "it is defined in personas/buying-committee.yaml: add `- enterprise-architect` to the journey's `personas:`"
        in library_only.stderr
    )
    assert journey.read_bytes() == before


def test_channels_include_the_workspace_extras_and_typos_get_a_suggestion(workspace: Path):
    journey = workspace / "journeys" / "saas-subscription.yaml"
    args = ("new", "touchpoint", str(journey), "--stage", "consideration", "--name", "Joins a webinar", "--channel")
    typo = run_cjm(*args, "webnar", cwd=workspace)
    assert typo.returncode == 2
    assert "--channel 'webnar' is not a known channel; did you mean 'webinar'?" in typo.stderr
    assert run_cjm(*args, "webinar", cwd=workspace).returncode == 0  # `channels: [webinar]` in cjm.yaml


def test_emotion_outside_1_to_5_is_a_usage_error(workspace: Path):
    journey = workspace / "journeys" / "saas-subscription.yaml"
    result = run_cjm(
        "new", "touchpoint", str(journey), "--stage", "support", "--name", "X", "--emotion", "7", cwd=workspace
    )
    assert result.returncode == 2
    assert "--emotion must be 1..5" in result.stderr


def test_without_a_terminal_a_missing_value_names_the_flag(workspace: Path):
    journey = workspace / "journeys" / "saas-subscription.yaml"
    before = journey.read_bytes()
    no_stage = run_cjm("new", "touchpoint", str(journey), "--name", "Kick-off", cwd=workspace)
    assert no_stage.returncode == 2
    assert no_stage.stderr.startswith("cjm: error: missing --stage: the stage of the journey (awareness, ")
    assert "pass --stage, or run in a terminal to be asked" in no_stage.stderr
    no_name = run_cjm("new", "touchpoint", str(journey), "--stage", "support", cwd=workspace)
    assert no_name.returncode == 2
    assert "missing --name" in no_name.stderr
    assert journey.read_bytes() == before


def test_dry_run_prints_the_diff_and_writes_nothing(workspace: Path):
    journey = workspace / "journeys" / "saas-subscription.yaml"
    before = journey.read_bytes()
    result = run_cjm(
        "new", "touchpoint", "journeys/saas-subscription.yaml", "--stage", "advocacy", "--name", "Speaks at our event",
        "--dry-run",
        cwd=workspace,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("--- a/journeys/saas-subscription.yaml\n+++ b/journeys/saas-subscription.yaml\n")
    assert "+  - id: speaks-at-our-event\n" in result.stdout
    assert journey.read_bytes() == before


def test_a_wrong_stage_of_a_journey_listing_its_stages_says_where_they_are_listed(write):
    listed = "stages:\n  - id: awareness\n  - id: procurement\n    name: Tender & contract\n"
    journey = write("journeys/field.yaml", MINIMAL.replace("stages: b2b-7\n", listed))
    result = run_cjm(
        "new", "touchpoint", str(journey), "--stage", "service-visit", "--name", "Visit", cwd=journey.parent
    )
    assert result.returncode == 2
    assert result.stderr == (
        "cjm: error: field.yaml:4:1: stage 'service-visit' is not a stage of this journey. Its stages, listed "
        "under `stages:`: awareness, procurement (Tender & contract)\n"
    )
    by_name = run_cjm(
        "new", "touchpoint", str(journey), "--stage", "tender & CONTRACT", "--name", "Bids", cwd=journey.parent
    )
    assert by_name.returncode == 0, by_name.stderr
    assert "  - id: bids\n    stage: procurement\n    name: Bids\n" in journey.read_text()
