"""`cjm new journey`: a skeleton that passes the format checks, never overwriting by accident."""

from __future__ import annotations

from pathlib import Path

from cjm.validate import validate
from cjm.workspace import load_paths

from .conftest import run_cjm


def test_a_journey_in_the_example_workspace_references_a_library_persona_and_validates(workspace: Path):
    result = run_cjm(
        "new", "journey", "journeys/", "--title", "Enterprise renewal, 90 days out", "--type", "future-state",
        "--owner", "customer-success", "--persona", "cio,vendor-manager",
        cwd=workspace,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    path = workspace / "journeys" / "enterprise-renewal-90-days-out.yaml"
    assert path.read_text() == (
        "cjm: 1\n"
        "id: enterprise-renewal-90-days-out\n"
        "title: Enterprise renewal, 90 days out\n"
        "type: future-state\n"
        "owner: customer-success\n"
        "stages: b2b-7\n"
        "\n"
        "personas:\n"
        "  - cio\n"
        "  - vendor-manager\n"
        "\n"
        "touchpoints:\n"
        "  - id: first-touchpoint\n"
        "    stage: awareness\n"
        "    name: First touchpoint (rename me)\n"
        "    personas: [cio, vendor-manager]\n"
        "    owner: customer-success\n"
    )
    assert validate(load_paths([workspace])[0], lint=False) == []
    # The workspace makes missing-owner an error; the skeleton passes the whole `cjm validate` run.
    assert run_cjm("validate", cwd=workspace).returncode == 0


def test_without_a_persona_library_the_skeleton_has_an_inline_stub_persona(tmp_path: Path):
    result = run_cjm(
        "new", "journey", "onboarding.yaml", "--title", "Onboarding", "--stages", "buying-jobs", cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "onboarding.yaml").read_text()
    assert "  - id: primary-buyer\n    name: Primary buyer (rename me)\n    role: economic-buyer\n" in text
    assert "    stage: problem-identification\n" in text
    assert validate(load_paths([tmp_path / "onboarding.yaml"])[0], lint=False) == []


def test_an_existing_file_is_kept_unless_force(workspace: Path):
    path = workspace / "journeys" / "saas-subscription.yaml"
    before = path.read_bytes()
    result = run_cjm("new", "journey", str(path), "--title", "Replacement", "--id", "replacement", cwd=workspace)
    assert result.returncode == 2
    assert "journeys/saas-subscription.yaml already exists; pass --force to overwrite it" in result.stderr
    assert path.read_bytes() == before
    forced = run_cjm(
        "new", "journey", str(path), "--title", "Replacement", "--id", "replacement", "--force", cwd=workspace
    )
    assert forced.returncode == 0, forced.stderr
    assert "id: replacement\n" in path.read_text()


def test_the_journey_id_must_be_new_in_the_workspace(workspace: Path):
    result = run_cjm("new", "journey", "journeys/x.yaml", "--title", "X", "--id", "saas-subscription", cwd=workspace)
    assert result.returncode == 2
    assert "--id 'saas-subscription' is already a journey id" in result.stderr
    assert not (workspace / "journeys" / "x.yaml").exists()


def test_a_file_outside_the_journey_globs_is_written_with_a_note(workspace: Path):
    result = run_cjm("new", "journey", "drafts.yaml", "--title", "Draft", cwd=workspace)
    assert result.returncode == 0, result.stderr
    assert "note: drafts.yaml is not matched by `journeys:` in cjm.yaml (journeys/**/*.yaml)" in result.stderr


def test_missing_title_without_a_terminal_and_unknown_stage_model_are_usage_errors(tmp_path: Path):
    missing = run_cjm("new", "journey", "j.yaml", cwd=tmp_path)
    assert missing.returncode == 2
    assert "missing --title" in missing.stderr
    wrong = run_cjm("new", "journey", "j.yaml", "--title", "J", "--stages", "b2b-6", cwd=tmp_path)
    assert wrong.returncode == 2
    assert "--stages 'b2b-6' is not one of: linear-5, b2b-5, b2b-7, buying-jobs" in wrong.stderr
    assert not (tmp_path / "j.yaml").exists()


def test_dry_run_prints_the_skeleton(tmp_path: Path):
    result = run_cjm("new", "journey", "j.yaml", "--title", "J", "--dry-run", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("cjm: 1\nid: j\ntitle: J\nstages: b2b-7\n")
    assert not (tmp_path / "j.yaml").exists()
