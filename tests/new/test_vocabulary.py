"""`cjm new` knows the workspace's own vocabulary in cjm.yaml: shared stage models, extra
roles and the owners list, and says "did you mean" for a typo in any of them."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import run_cjm

CONFIG = """\
cjm: 1
stage_models:
  field-service:
    - {id: contract, name: Tender and contract, phase: purchase}
    - {id: service-visit, name: Service visits, phase: post-purchase}
roles: [site-staff, auditor]
owners: [sales, field-service]
"""


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    (tmp_path / "cjm.yaml").write_text(CONFIG, encoding="utf-8")
    return tmp_path


def test_a_journey_can_use_a_shared_stage_model_and_validates(ws: Path) -> None:
    made = run_cjm("new", "journey", "visits.yaml", "--title", "Service visits", "--stages", "field-service",
                   "--owner", "field-service", cwd=ws)  # fmt: skip
    assert made.returncode == 0, made.stderr
    text = (ws / "visits.yaml").read_text(encoding="utf-8")
    assert "stages: field-service\n" in text
    assert "    stage: contract\n" in text  # the placeholder is in the shared model's first stage
    checked = run_cjm("validate", "visits.yaml", cwd=ws)
    assert checked.returncode == 0, checked.stdout


def test_a_stage_model_typo_lists_the_shared_models_too(ws: Path) -> None:
    made = run_cjm("new", "journey", "visits.yaml", "--title", "Service visits", "--stages", "field-servce", cwd=ws)
    assert made.returncode == 2
    assert made.stderr == (
        "cjm: error: --stages 'field-servce' is not one of: linear-5, b2b-5, b2b-7, buying-jobs, field-service; "
        "did you mean 'field-service'?\n"
    )
    assert not (ws / "visits.yaml").exists()


def test_an_owner_outside_the_owners_list_is_refused_with_a_suggestion(ws: Path) -> None:
    assert (
        run_cjm("new", "journey", "visits.yaml", "--title", "Visits", "--stages", "field-service", cwd=ws).returncode
        == 0
    )
    added = run_cjm("new", "touchpoint", "visits.yaml", "--stage", "service-visit", "--name", "Technician visit",
                    "--owner", "field-servce", cwd=ws)  # fmt: skip
    assert added.returncode == 2
    assert added.stderr == (
        "cjm: error: --owner 'field-servce' is not one of the workspace's owners; did you mean 'field-service'? "
        "Use one of: sales, field-service (or add it to `owners:` in cjm.yaml)\n"
    )


def test_a_persona_may_take_a_role_from_the_roles_list(ws: Path) -> None:
    assert (
        run_cjm("new", "journey", "visits.yaml", "--title", "Visits", "--stages", "field-service", cwd=ws).returncode
        == 0
    )
    typo = run_cjm("new", "persona", "visits.yaml", "--name", "Sam, Site Supervisor", "--role", "site-staf", cwd=ws)
    assert typo.returncode == 2
    assert typo.stderr.endswith("champion, procurement, site-staff, auditor; did you mean 'site-staff'?\n")
    added = run_cjm("new", "persona", "visits.yaml", "--name", "Sam, Site Supervisor", "--role", "site-staff", cwd=ws)
    assert added.returncode == 0, added.stderr
    assert "    role: site-staff\n" in (ws / "visits.yaml").read_text(encoding="utf-8")


def test_with_an_owners_list_and_missing_owner_an_error_the_owner_must_be_given(ws: Path) -> None:
    # `owner: todo`, the usual placeholder, would be an unknown-owner error here.
    (ws / "cjm.yaml").write_text(CONFIG + "lint:\n  rules:\n    missing-owner: error\n", encoding="utf-8")
    refused = run_cjm("new", "journey", "visits.yaml", "--title", "Visits", "--stages", "field-service", cwd=ws)
    assert refused.returncode == 2
    assert refused.stderr == (
        "cjm: error: pass --owner: this workspace makes missing-owner an error and lists its owners in cjm.yaml "
        "(`owners:` sales, field-service), so there is no placeholder to write\n"
    )
    made = run_cjm("new", "journey", "visits.yaml", "--title", "Visits", "--stages", "field-service",
                   "--owner", "field-service", cwd=ws)  # fmt: skip
    assert made.returncode == 0, made.stderr
    added = run_cjm("new", "touchpoint", "visits.yaml", "--stage", "service-visit", "--name", "Visit", cwd=ws)
    assert (added.returncode, added.stderr) == (2, refused.stderr)
    assert run_cjm("validate", "visits.yaml", cwd=ws).returncode == 0


def test_a_new_persona_can_say_which_stages_it_is_expected_in(ws: Path) -> None:
    assert (
        run_cjm("new", "journey", "visits.yaml", "--title", "Visits", "--stages", "field-service", cwd=ws).returncode
        == 0
    )
    typo = run_cjm("new", "persona", "visits.yaml", "--name", "Pat, Procurement", "--role", "procurement",
                   "--stage", "contrat", cwd=ws)  # fmt: skip
    assert typo.returncode == 2
    assert typo.stderr.startswith(
        "cjm: error: visits.yaml:4:1: stage 'contrat' is not a stage of this journey; did you mean 'contract'? "
    )
    added = run_cjm("new", "persona", "visits.yaml", "--name", "Pat, Procurement", "--role", "procurement",
                    "--stage", "contract", cwd=ws)  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert "    role: procurement\n    stages: [contract]\n" in (ws / "visits.yaml").read_text(encoding="utf-8")
