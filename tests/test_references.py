"""Cross-file references: one finding per root cause, and messages that stay short at scale."""

from __future__ import annotations

from pathlib import Path

import cjm

from .conftest import MINIMAL

LIBRARY = """\
cjm: 1
personas:
  - id: infection-control-lead
    name: Ines, Infection Control Lead
    role: end-user
  - id: facilities-manager
    name: Frank, Facilities Manager
    role: economic-buyer
"""

USES_LIBRARY = """\
cjm: 1
id: hospital-visits
title: Hospital pest control visits
stages: b2b-7
personas:
  - {listed}
  - facilities-manager
touchpoints:
  - id: booking
    stage: awareness
    name: Books a visit
    personas: [infection-control-lead, facilities-manager]
  - id: briefing
    stage: consideration
    name: Briefs the technician
    personas: [infection-control-lead]
    next: [booking]
"""


def references(path: Path) -> list[tuple[int, str]]:
    findings = cjm.validate(cjm.load_workspace(path))
    return [(f.line, f.message) for f in findings if f.code == "unknown-reference"]


def test_a_typo_in_the_persona_list_is_reported_once_at_the_typo(write) -> None:
    write("personas.yaml", LIBRARY)
    journey = write("journey.yaml", USES_LIBRARY.format(listed="infection-control-led"))
    found = references(journey.parent)
    # The correct references further down are not blamed, and never told to use the typo.
    assert found == [
        (
            6,
            "persona 'infection-control-led' is not defined in any persona library of the workspace: define "
            "it in a persona library file (`cjm: 1` plus `personas:`) or inline here; did you mean "
            "'infection-control-lead'?",
        )
    ]


def test_an_unresolved_id_is_never_suggested(write) -> None:
    write("personas.yaml", LIBRARY)
    text = USES_LIBRARY.format(listed="nobody-at-all").replace("[infection-control-lead]", "[nobody-at-al]")
    found = references(write("journey.yaml", text).parent)
    assert [line for line, _ in found] == [6, 12, 16]
    assert not any("did you mean 'nobody-at-all'" in message for _, message in found)


def test_a_persona_the_journey_does_not_list_is_still_reported(write) -> None:
    write("personas.yaml", LIBRARY)
    text = USES_LIBRARY.format(listed="infection-control-lead").replace(
        "personas: [infection-control-lead]", "personas: [facilities-manger]"
    )
    found = references(write("journey.yaml", text).parent)
    assert found == [
        (
            16,
            "persona 'facilities-manger' is not one of this journey's personas: add it to the journey's "
            "`personas:` list or fix the id; did you mean 'facilities-manager'?",
        )
    ]


def test_a_duplicate_id_names_a_few_other_places_and_counts_the_rest(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    for i in range(8):
        (tmp_path / f"j{i}.yaml").write_text(MINIMAL.replace("id: minimal", f"id: journey-{i}"))
    findings = [f for f in cjm.validate(cjm.load_workspace(tmp_path)) if f.code == "duplicate-id"]
    assert len(findings) == 8
    assert findings[0].message == (
        "persona id 'buyer' is also defined at j1.yaml:6:9, j2.yaml:6:9, j3.yaml:6:9 and 4 more places; "
        "persona ids are unique in the workspace, so rename one"
    )
    assert findings[-1].message.startswith("persona id 'buyer' is also defined at j0.yaml:6:9, j1.yaml:6:9, j2.yaml")


def test_a_duplicate_with_one_other_place_names_it(write, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    write("a.yaml", MINIMAL.replace("id: minimal", "id: a"))
    write("b.yaml", MINIMAL.replace("id: minimal", "id: b"))
    messages = [f.message for f in cjm.validate(cjm.load_workspace(tmp_path)) if f.code == "duplicate-id"]
    assert messages[0].startswith("persona id 'buyer' is also defined at b.yaml:6:9; ")
