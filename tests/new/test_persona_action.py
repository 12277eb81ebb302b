"""`cjm new persona` and `cjm new action`: the same guarantees as touchpoints, other lists."""

from __future__ import annotations

from pathlib import Path

from cjm.validate import validate
from cjm.workspace import load_paths

from ..conftest import MINIMAL
from .conftest import added_lines, run_cjm


def test_a_persona_goes_into_the_library_and_every_journey_can_reference_it(workspace: Path):
    library = workspace / "personas" / "buying-committee.yaml"
    before = library.read_text()
    result = run_cjm(
        "new", "persona", "personas/buying-committee.yaml", "--name", "Zoe, Chief Financial Officer",
        "--role", "economic-buyer", "--goal", "Cut tool spend 15%", "--channel", "email,event",
        cwd=workspace,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert added_lines(before, library.read_text()) == [
        "\n",
        "  - id: zoe-chief-financial-officer\n",
        "    name: Zoe, Chief Financial Officer\n",
        "    role: economic-buyer\n",
        "    goals:\n",  # prose, one item a line: a comma in a goal cannot split it
        "      - Cut tool spend 15%\n",
        "    channels: [email, event]\n",
    ]
    assert validate(load_paths([workspace])[0], lint=False) == []


def test_an_inline_persona_goes_into_the_journey_and_touchpoints_can_use_it_at_once(workspace: Path):
    journey = workspace / "journeys" / "saas-subscription.yaml"
    before = journey.read_text()
    made = run_cjm("new", "persona", str(journey), "--name", "Priya, RevOps Lead", "--role", "champion", cwd=workspace)
    assert made.returncode == 0, made.stderr
    used = run_cjm(
        "new", "touchpoint", str(journey), "--stage", "retention", "--name", "Builds the renewal deck",
        "--persona", "priya-revops-lead",
        cwd=workspace,
    )  # fmt: skip
    assert used.returncode == 0, used.stderr
    added = added_lines(before, journey.read_text())
    assert "  - id: priya-revops-lead\n" in added
    assert "    personas: [priya-revops-lead]\n" in added
    assert validate(load_paths([journey])[0], lint=False) == []


def test_persona_ids_must_be_new_in_the_whole_workspace(workspace: Path):
    journey = workspace / "journeys" / "saas-subscription.yaml"
    # 'cio' is defined in the persona library, not in this journey: still taken.
    taken = run_cjm(
        "new", "persona", str(journey), "--name", "CIO", "--role", "executive-sponsor", "--id", "cio", cwd=workspace
    )
    assert taken.returncode == 2
    assert "--id 'cio' is already a persona id; choose another id" in taken.stderr
    derived = run_cjm("new", "persona", str(journey), "--name", "CIO", "--role", "executive-sponsor", cwd=workspace)
    assert derived.returncode == 0, derived.stderr
    assert "  - id: cio-2\n" in journey.read_text()


def test_a_wrong_role_lists_the_roles(workspace: Path):
    library = workspace / "personas" / "buying-committee.yaml"
    result = run_cjm("new", "persona", str(library), "--name", "Zoe", "--role", "econmic-buyer", cwd=workspace)
    assert result.returncode == 2
    assert "--role 'econmic-buyer' is not one of: economic-buyer, technical-evaluator," in result.stderr
    assert "did you mean 'economic-buyer'?" in result.stderr


def test_an_action_joins_the_plan_with_its_fields_in_format_order(workspace: Path):
    journey = workspace / "journeys" / "saas-subscription.yaml"
    before = journey.read_text()
    result = run_cjm(
        "new", "action", str(journey), "--title", "Read-only HubSpot scope for trials",
        "--addresses", "free-trial-setup", "--status", "planned", "--due", "2027-04-30", "--owner", "product",
        "--priority", "high", "--impact", "4", "--effort", "2", "--metric", "Trial activation 27% -> 40%",
        cwd=workspace,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert added_lines(before, journey.read_text()) == [
        "\n",
        "  - id: read-only-hubspot-scope-for-trials\n",
        "    title: Read-only HubSpot scope for trials\n",
        "    addresses: [free-trial-setup]\n",
        "    owner: product\n",
        "    priority: high\n",
        "    impact: 4\n",
        "    effort: 2\n",
        "    metric: Trial activation 27% -> 40%\n",
        "    due: 2027-04-30\n",
        "    status: planned\n",
    ]
    assert validate(load_paths([journey])[0], lint=False) == []


def test_an_action_must_address_touchpoints_of_the_journey(workspace: Path):
    journey = workspace / "journeys" / "saas-subscription.yaml"
    unknown = run_cjm("new", "action", str(journey), "--title", "Fix", "--addresses", "crm-integrations", cwd=workspace)
    assert unknown.returncode == 2
    assert (
        "journeys/saas-subscription.yaml:37:1: --addresses 'crm-integrations' is not a touchpoint of this journey; "
        "did you mean 'crm-integration'?" in unknown.stderr
    )
    missing = run_cjm("new", "action", str(journey), "--title", "Fix", cwd=workspace)
    assert missing.returncode == 2
    assert "missing --addresses" in missing.stderr
    bad_date = run_cjm(
        "new",
        "action",
        str(journey),
        "--title",
        "Fix",
        "--addresses",
        "crm-integration",
        "--due",
        "31.03.2027",
        cwd=workspace,
    )
    assert bad_date.returncode == 2
    assert "--due '31.03.2027' is not an ISO date; write it as YYYY-MM-DD" in bad_date.stderr


def test_the_first_action_creates_the_actions_list_at_the_end(write):
    journey = write("minimal.yaml", MINIMAL)  # no `actions:` yet
    before = journey.read_text()
    result = run_cjm(
        "new", "action", str(journey), "--title", "Publish prices", "--addresses", "search", cwd=journey.parent
    )
    assert result.returncode == 0, result.stderr
    assert journey.read_text() == before + (
        "\nactions:\n  - id: publish-prices\n    title: Publish prices\n    addresses: [search]\n"
    )


def test_ref_adds_a_library_persona_to_a_journey_next_to_the_other_references(workspace: Path):
    journey = workspace / "journeys" / "saas-subscription.yaml"
    before = journey.read_text()
    result = run_cjm("new", "persona", str(journey), "--ref", "cio", cwd=workspace)
    assert result.returncode == 0, result.stderr
    assert added_lines(before, journey.read_text()) == ["  - cio\n"]
    after = journey.read_text()
    assert (
        after.index("  - marketing-analyst") < after.index("  - cio\n") < after.index("  - id: marketing-ops-manager")
    )
    assert validate(load_paths([workspace])[0], lint=False) == []


def test_ref_must_name_a_library_persona_the_journey_does_not_have_yet(workspace: Path):
    journey = str(workspace / "journeys" / "saas-subscription.yaml")
    typo = run_cjm("new", "persona", journey, "--ref", "cfo", cwd=workspace)
    assert typo.returncode == 2
    assert "--ref 'cfo' is not a persona of this workspace's persona libraries; did you mean 'cio'?" in typo.stderr
    again = run_cjm("new", "persona", journey, "--ref", "head-of-marketing", cwd=workspace)
    assert again.returncode == 2
    assert "already has persona 'head-of-marketing'; nothing to add" in again.stderr
    both = run_cjm("new", "persona", journey, "--ref", "cio", "--name", "Carl", cwd=workspace)
    assert both.returncode == 2
    assert "--name describes a new one: use one or the other" in both.stderr
    library = run_cjm("new", "persona", "personas/buying-committee.yaml", "--ref", "cio", cwd=workspace)
    assert library.returncode == 2
    assert "is a persona library; --ref adds a library persona to a journey file" in library.stderr
