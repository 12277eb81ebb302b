"""A workspace's own vocabulary in cjm.yaml: shared stage models, extra roles, the owners list,
and the stages a persona is expected in. Each unknown name is an error at its file:line:col
with a "did you mean", and a file that uses none of them validates as before."""

from __future__ import annotations

from pathlib import Path

import cjm

CONFIG = """\
cjm: 1
stage_models:
  field-service:
    - {id: awareness, name: Awareness, phase: pre-purchase}
    - {id: contract, name: Tender and contract, phase: purchase}
    - {id: service-visit, name: Service visits, phase: post-purchase}
roles: [site-staff, auditor]
owners: [sales, customer-success, field-service, account-management]
"""

JOURNEY = """\
cjm: 1
id: pest-control
title: Pest control for hospitals, tender to service visits
owner: account-management
stages: field-service
personas:
  - {id: site-supervisor, role: site-staff}
  - {id: procurement-lead, role: procurement, stages: [contract]}
touchpoints:
  - id: tender
    stage: contract
    name: Answers the tender
    personas: [site-supervisor, procurement-lead]
    owner: sales
  - id: visit
    stage: service-visit
    name: Technician visit
    personas: [site-supervisor]
    owner: field-service
"""


def errors(path: Path) -> list[str]:
    findings = cjm.validate(cjm.load_workspace(path))
    return [f"{f.file}:{f.line}:{f.column}: {f.code}: {f.message}" for f in findings if f.severity.value == "error"]


def workspace(write, journey: str = JOURNEY, config: str = CONFIG) -> Path:
    write("cjm.yaml", config)
    return write("journey.yaml", journey).parent


def test_a_journey_using_the_shared_vocabulary_is_valid_and_gets_the_shared_stages(write, monkeypatch) -> None:
    root = workspace(write)
    monkeypatch.chdir(root)
    assert errors(root) == []
    ws = cjm.load_workspace(root)
    [(_, journey)] = ws.valid_journeys()
    assert [(s.id, s.title, s.phase) for s in journey.stage_list] == [
        ("awareness", "Awareness", "pre-purchase"),
        ("contract", "Tender and contract", "purchase"),
        ("service-visit", "Service visits", "post-purchase"),
    ]


def test_a_misspelt_stage_model_names_the_shared_ones_too(write, monkeypatch) -> None:
    root = workspace(write, JOURNEY.replace("stages: field-service", "stages: field-servce"))
    monkeypatch.chdir(root)
    assert errors(root) == [
        "journey.yaml:5:9: invalid-value: 'field-servce' is not a built-in stage model or in cjm.yaml "
        "`stage_models:`: use one of linear-5, b2b-5, b2b-7, buying-jobs, field-service, or list the stages "
        "(`- id: ...`); did you mean 'field-service'?"
    ]


def test_without_a_config_an_unknown_stage_model_is_reported_as_before(write, monkeypatch) -> None:
    path = write("journey.yaml", JOURNEY.replace("stages: field-service", "stages: b2b-8"))
    monkeypatch.chdir(path.parent)
    assert errors(path.parent)[0] == (
        "journey.yaml:5:9: invalid-value: 'b2b-8' is not a built-in stage model: use one of linear-5, b2b-5, "
        "b2b-7, buying-jobs, or list the stages (`- id: ...`); did you mean 'b2b-7'?"
    )


def test_a_touchpoint_stage_is_checked_against_the_shared_model(write, monkeypatch) -> None:
    root = workspace(write, JOURNEY.replace("stage: service-visit", "stage: service-visits"))
    monkeypatch.chdir(root)
    assert errors(root) == [
        "journey.yaml:16:12: unknown-reference: touchpoint 'visit' is in stage 'service-visits', which this "
        "journey does not have (its stages: awareness, contract, service-visit); did you mean 'service-visit'?"
    ]


def test_an_owner_typo_gets_a_did_you_mean_from_the_owners_list(write, monkeypatch) -> None:
    text = JOURNEY.replace("owner: account-management", "owner: account-managment").replace(
        "owner: field-service", "owner: field-servce"
    )
    root = workspace(write, text)
    monkeypatch.chdir(root)
    owners = "(cjm.yaml `owners:` sales, customer-success, field-service, account-management)"
    assert errors(root) == [
        f"journey.yaml:4:8: unknown-owner: owner 'account-managment' is not one of the workspace's owners "
        f"{owners}: use one of them, or add it there; did you mean 'account-management'?",
        f"journey.yaml:19:12: unknown-owner: owner 'field-servce' is not one of the workspace's owners "
        f"{owners}: use one of them, or add it there; did you mean 'field-service'?",
    ]


def test_action_owners_are_checked_and_without_an_owners_list_any_owner_is_fine(write, monkeypatch) -> None:
    text = JOURNEY + "actions:\n  - {id: call-ahead, title: Call ahead of each visit, owner: dispatch}\n"
    root = workspace(write, text)
    monkeypatch.chdir(root)
    assert [e.split(": ", 2)[:2] for e in errors(root)] == [["journey.yaml:21:62", "unknown-owner"]]
    write("cjm.yaml", CONFIG.replace("owners: [sales, customer-success, field-service, account-management]\n", ""))
    assert errors(root) == []


def test_a_role_from_the_roles_list_is_valid_and_a_typo_names_both_lists(write, monkeypatch) -> None:
    root = workspace(write, JOURNEY.replace("role: site-staff", "role: site-staf"))
    monkeypatch.chdir(root)
    assert errors(root) == [
        "journey.yaml:7:33: invalid-value: 'site-staf' is not a valid role: use one of economic-buyer, "
        "technical-evaluator, end-user, implementer, executive-sponsor, influencer, champion, procurement, "
        "site-staff, auditor, or add it to `roles:` in cjm.yaml; did you mean 'site-staff'?"
    ]


def test_library_personas_roles_are_checked_too(write, monkeypatch) -> None:
    root = workspace(write)
    write("personas.yaml", "cjm: 1\npersonas:\n  - {id: auditor-ines, role: auditr}\n")
    monkeypatch.chdir(root)
    assert [e.split(": ", 2)[:2] for e in errors(root)] == [["personas.yaml:3:30", "invalid-value"]]


def test_a_persona_stage_that_the_journey_lacks_is_a_reference_error(write, monkeypatch) -> None:
    root = workspace(write, JOURNEY.replace("stages: [contract]", "stages: [contrat]"))
    monkeypatch.chdir(root)
    assert errors(root) == [
        "journey.yaml:8:56: unknown-reference: persona 'procurement-lead' is expected in stage 'contrat', "
        "which this journey does not have (its stages: awareness, contract, service-visit); did you mean "
        "'contract'?"
    ]


def test_a_library_persona_stage_must_be_a_stage_of_a_journey_that_lists_it(write, monkeypatch) -> None:
    root = workspace(write, JOURNEY.replace("  - {id: site-supervisor, role: site-staff}", "  - site-supervisor"))
    write(
        "personas.yaml",
        "cjm: 1\npersonas:\n  - {id: site-supervisor, role: site-staff, stages: [service-vist]}\n"
        "  - {id: unused, role: auditor, stages: [anything]}\n",
    )
    monkeypatch.chdir(root)
    assert errors(root) == [
        "personas.yaml:3:54: unknown-reference: persona 'site-supervisor' is expected in stage 'service-vist', "
        "which no journey that lists it has (their stages: awareness, contract, service-visit); did you mean "
        "'service-visit'?"
    ]


def test_a_shared_model_may_not_reuse_a_built_in_name_or_a_stage_id(write, monkeypatch) -> None:
    config = CONFIG.replace("roles:", "  b2b-7:\n    - {id: awareness}\n    - {id: awareness}\nroles:")
    root = workspace(write, config=config)
    monkeypatch.chdir(root)
    assert errors(root) == [
        "cjm.yaml:7:3: invalid-value: 'b2b-7' is a built-in stage model; give the shared one another name "
        "(journeys that say `stages: b2b-7` get the built-in)",
        "cjm.yaml:9:12: duplicate-id: stage id 'awareness' is also used at cjm.yaml:8:12; stage ids are unique "
        "within a stage model, so rename one",
    ]


def test_an_unknown_metric_unit_is_an_error_with_its_position(write, monkeypatch) -> None:
    root = workspace(write, config=CONFIG + "metrics:\n  renewal_rate: {unit: percentage, better: higher}\n")
    monkeypatch.chdir(root)
    assert errors(root) == [
        "cjm.yaml:10:24: invalid-value: 'percentage' is not a valid unit: use one of percent, days, count, "
        "score, currency; did you mean 'percent'?"
    ]


def test_while_cjm_yaml_is_invalid_its_names_are_not_judged_and_the_journey_is_not_linted(write, monkeypatch) -> None:
    # One root cause, reported once: the journey's `stages: field-service` is not blamed
    # (nor are its roles and owners), and no rule judges a map whose stages are unknown.
    root = workspace(write, config=CONFIG + "metrics:\n  renewal_rate: {unit: percentage}\n")
    monkeypatch.chdir(root)
    findings = cjm.validate(cjm.load_workspace(root), lint=True)
    assert [(f.file, f.line, f.code) for f in findings] == [("cjm.yaml", 10, "invalid-value")]


def test_json_export_keeps_the_model_name_and_resolves_the_shared_stages(write, monkeypatch) -> None:
    from cjm.export_json import export_document

    root = workspace(write)
    monkeypatch.chdir(root)
    [doc] = export_document([cjm.load_workspace(root)])["journeys"]
    assert doc["journey"]["stages"] == "field-service"
    assert [s["id"] for s in doc["resolved"]["stages"]] == ["awareness", "contract", "service-visit"]
    assert doc["resolved"]["stages"][1]["name"] == "Tender and contract"
    assert [p["stages"] for p in doc["journey"]["personas"]] == [[], ["contract"]]
    assert [p["role"] for p in doc["resolved"]["personas"]] == ["site-staff", "procurement"]


def test_a_journey_with_an_unknown_stage_model_does_not_make_library_persona_stages_wrong(write, monkeypatch) -> None:
    text = JOURNEY.replace("  - {id: site-supervisor, role: site-staff}", "  - site-supervisor")
    root = workspace(write, text.replace("stages: field-service", "stages: field-servce"))
    write("personas.yaml", "cjm: 1\npersonas:\n  - {id: site-supervisor, role: site-staff, stages: [service-visit]}\n")
    monkeypatch.chdir(root)
    assert [e.split(": ", 2)[:2] for e in errors(root)] == [["journey.yaml:5:9", "invalid-value"]]
