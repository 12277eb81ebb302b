"""`diff_workspaces(old, new)`: journeys matched across directories, persona libraries, the
lint delta, files that cannot be compared, and the current/future example pair."""

from __future__ import annotations

import textwrap
from pathlib import Path

from cjm.diff import diff_workspaces, input_errors
from cjm.workspace import load_paths, load_workspace

from ..conftest import EXAMPLES
from .conftest import TRIAL, edit, kinds, only

CONFIG = """\
cjm: 1
journeys: [journeys/*.yaml]
personas: [personas/*.yaml]
lint:
  rules:
    missing-owner: error
"""

LIBRARY = """\
cjm: 1
personas:
  - id: it-admin
    name: Ida, IT administrator
    role: implementer
"""


def workspace(root: Path, journeys: dict[str, str], library: str = LIBRARY) -> Path:
    """A workspace directory: cjm.yaml, personas/committee.yaml and journeys/<name>."""
    files = {"cjm.yaml": CONFIG, "personas/committee.yaml": library}
    files.update({f"journeys/{name}": text for name, text in journeys.items()})
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def compare(tmp_path: Path, old: dict[str, str], new: dict[str, str], **kw):
    a = load_workspace(workspace(tmp_path / "old", old, kw.pop("old_library", LIBRARY)))
    b = load_workspace(workspace(tmp_path / "new", new, kw.pop("new_library", LIBRARY)))
    return diff_workspaces(a, b, **kw)


def test_journeys_in_directories_are_matched_by_id_not_by_file_name(tmp_path: Path):
    new = edit(TRIAL, ("owner: growth", "owner: revenue"))
    result = compare(tmp_path, {"trial.yaml": TRIAL}, {"trial-to-paid.yaml": new})
    [journey] = result.changed_journeys
    assert (journey.id, journey.status) == ("analytics-trial", "changed")
    assert journey.old_file.endswith("old/journeys/trial.yaml")
    assert journey.new_file.endswith("new/journeys/trial-to-paid.yaml")
    assert kinds(journey.changes) == [("changed", "journey", "analytics-trial")]


def test_a_journey_only_on_one_side_is_added_or_removed(tmp_path: Path):
    other = TRIAL.replace("id: analytics-trial", "id: enterprise-pilot")
    result = compare(tmp_path, {"trial.yaml": TRIAL}, {"pilot.yaml": other})
    assert [(j.id, j.status) for j in result.changed_journeys] == [
        ("analytics-trial", "removed"),
        ("enterprise-pilot", "added"),
    ]
    removed = result.changed_journeys[0].changes[0]
    assert (removed.kind, removed.entity, removed.severity) == ("removed", "journey", "high")
    assert result.triggered(["removed"]) == ["removed"]


def test_a_journey_whose_id_changed_in_the_same_file_is_still_compared(tmp_path: Path):
    renamed = TRIAL.replace("id: analytics-trial", "id: analytics-trial-to-paid")
    result = compare(tmp_path, {"trial.yaml": TRIAL}, {"trial.yaml": renamed})
    [journey] = result.changed_journeys
    assert (journey.old_id, journey.id, journey.status) == ("analytics-trial", "analytics-trial-to-paid", "changed")
    assert (journey.changes[0].field, journey.changes[0].old) == ("id", "analytics-trial")


def test_lint_findings_introduced_and_fixed(tmp_path: Path):
    old = TRIAL.replace("    owner: finance\n", "")  # first-invoice has no owner
    new = TRIAL.replace("    owner: customer-success\n", "")  # fixed there, forgotten on kickoff-webinar
    result = compare(tmp_path, {"trial.yaml": old}, {"trial.yaml": new})
    [introduced] = [f for f in result.lint.introduced if f.code == "missing-owner"]
    [fixed] = [f for f in result.lint.fixed if f.code == "missing-owner"]
    assert "'kickoff-webinar'" in introduced.message and introduced.file.endswith("new/journeys/trial.yaml")
    assert "'first-invoice'" in fixed.message and fixed.file.endswith("old/journeys/trial.yaml")
    assert result.triggered(["new-errors"]) == ["new-errors"]


def test_a_finding_that_only_moved_down_the_file_is_neither_introduced_nor_fixed(tmp_path: Path):
    old = TRIAL.replace("    owner: finance\n", "")
    new = edit(
        old,
        (
            "touchpoints:\n",
            "touchpoints:\n  - id: trial-reminder\n    stage: trial\n    name: Gets a reminder on day 12\n"
            "    channel: email\n    personas: [analyst]\n    owner: marketing\n    emotion: 3\n",
        ),
    )
    result = compare(tmp_path, {"trial.yaml": old}, {"trial.yaml": new})
    assert [f.code for f in result.lint.introduced + result.lint.fixed if f.code == "missing-owner"] == []


def test_a_finding_whose_figure_moved_is_the_same_finding(tmp_path: Path):
    below = "    metrics: {conversion_rate: 0.12}\n    targets: {conversion_rate: 0.2}\n"
    old = TRIAL.replace("    metrics: {conversion_rate: 0.12}\n", below)
    closer = old.replace("conversion_rate: 0.12", "conversion_rate: 0.15")
    result = compare(tmp_path, {"trial.yaml": old}, {"trial.yaml": closer})
    assert [f.code for f in result.lint.introduced + result.lint.fixed] == []
    met = old.replace("conversion_rate: 0.12", "conversion_rate: 0.25")
    result = compare(tmp_path / "met", {"trial.yaml": old}, {"trial.yaml": met})
    assert [f.code for f in result.lint.fixed] == ["metric-below-target"] and result.lint.introduced == []


def test_persona_library_changes_are_reported_once_for_the_workspace(tmp_path: Path):
    library = (
        edit(
            LIBRARY,
            ("name: Ida, IT administrator", "name: Ida, Head of IT operations"),
        )
        + "  - id: procurement\n    name: Pat, Procurement lead\n    role: procurement\n"
    )
    result = compare(tmp_path, {"trial.yaml": TRIAL}, {"trial.yaml": TRIAL}, new_library=library)
    assert result.changed_journeys == []
    assert kinds(result.personas) == [("changed", "persona", "it-admin"), ("added", "persona", "procurement")]
    assert only(result.personas, id="it-admin").new == "Ida, Head of IT operations"


def test_a_changed_file_that_does_not_parse_cannot_be_compared(tmp_path: Path):
    broken = TRIAL.replace("  - id: cfo\n", "  - id: cfo\n   bad: [indent\n")
    a = load_workspace(workspace(tmp_path / "old", {"trial.yaml": TRIAL}))
    b = load_workspace(workspace(tmp_path / "new", {"trial.yaml": broken}))
    errors = input_errors([a], [b])
    assert errors and all(f.file.endswith("new/journeys/trial.yaml") for f in errors)
    assert errors[0].line > 1


def test_a_broken_file_unchanged_on_both_sides_does_not_stop_the_diff(tmp_path: Path):
    broken = "cjm: 1\nid: [not closed\n"
    a = load_workspace(workspace(tmp_path / "old", {"trial.yaml": TRIAL, "wip.yaml": broken}))
    b = load_workspace(workspace(tmp_path / "new", {"trial.yaml": TRIAL, "wip.yaml": broken}))
    assert input_errors([a], [b]) == []
    assert not diff_workspaces(a, b).semantic


def test_the_example_workspace_compared_with_itself_has_no_semantic_changes():
    [ws] = load_paths([EXAMPLES])
    result = diff_workspaces(ws, ws)
    assert not result.semantic
    assert result.journeys_compared == 5


def test_the_current_and_future_state_examples():
    [current] = load_paths([EXAMPLES / "journeys/account-management-current.yaml"])
    [future] = load_paths([EXAMPLES / "journeys/account-management-future.yaml"])
    result = diff_workspaces(current, future, pair_by_position=True)
    [journey] = result.changed_journeys
    assert (journey.old_id, journey.id) == ("account-management-current", "account-management-future")

    def ids(kind: str) -> set[str]:
        return {c.id for c in journey.changes if c.kind == kind and c.entity == "touchpoint"}

    assert ids("removed") == {"switchboard-call", "cio-linkedin-message"}
    assert ids("added") == {
        "account-team-intro-call",
        "account-team-chat",
        "monthly-cio-checkin",
        "renewal-value-review",
    }
    assert ids("renamed") == set()
    move = only(journey.changes, kind="moved")
    assert (move.id, move.old, move.new) == ("account-plan-workshop", "renewal", "service-onboarding")
    reworded = {c.id for c in journey.changes if c.field == "name"}
    assert reworded == {"contract-handover-pack", "escalation-email-chain"}
    emotions = [c for c in journey.changes if c.kind == "emotion"]
    assert emotions and {c.direction for c in emotions} == {"improved"}
    assert all(s.emotion_after > s.emotion_before for s in journey.stages)
    assert [c.kind for c in journey.changes if c.entity == "stage"] == []  # the same explicit stages
    assert result.triggered(["removed", "coverage-drop"]) == ["removed"]


def test_the_findings_of_a_renamed_touchpoint_follow_it(tmp_path: Path):
    old = TRIAL.replace("    owner: finance\n", "")  # first-invoice has no owner...
    new = old.replace("id: first-invoice", "id: opening-invoice")  # ...and keeps having none
    result = compare(tmp_path, {"trial.yaml": old}, {"trial.yaml": new})
    assert kinds(result.changes) == [("renamed", "touchpoint", "opening-invoice")]
    assert [f for f in result.lint.introduced + result.lint.fixed if f.code == "missing-owner"] == []
