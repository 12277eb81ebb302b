"""`cjm init` on the command line: messages, exit codes, the current directory."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from cjm.cli import app


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_init_lists_the_created_files_and_the_next_steps(in_tmp: Path):
    result = CliRunner().invoke(app, ["init", "maps"])

    assert result.exit_code == 0, result.output
    assert result.stdout == ""  # status lines go to stderr
    assert result.stderr.splitlines()[:10] == [
        "created maps/cjm.yaml",
        "created maps/personas/buying-committee.yaml",
        "created maps/journeys/first-journey.yaml",
        "created maps/.pre-commit-config.yaml",
        "created maps/.github/workflows/cjm.yml",
        "created maps/.cjm/schemas/journey.schema.json",
        "created maps/.cjm/schemas/personas.schema.json",
        "created maps/.cjm/schemas/config.schema.json",
        "created maps/.vscode/settings.json",
        "next steps:",
    ]
    assert "1. edit maps/journeys/first-journey.yaml into your customer's journey; `cd maps && cjm validate`" in (
        result.stderr
    )
    assert (in_tmp / "maps" / "journeys" / "first-journey.yaml").is_file()


def test_without_a_directory_init_fills_the_current_one(in_tmp: Path):
    result = CliRunner().invoke(app, ["init", "--stages", "buying-jobs"])

    assert result.exit_code == 0, result.output
    assert "created journeys/first-journey.yaml" in result.stderr
    assert "stages: buying-jobs\n" in (in_tmp / "journeys" / "first-journey.yaml").read_text(encoding="utf-8")


def test_quiet_init_prints_nothing(in_tmp: Path):
    result = CliRunner().invoke(app, ["--quiet", "init"])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""


def test_existing_files_are_a_usage_error_naming_them_and_force(in_tmp: Path):
    (in_tmp / "cjm.yaml").write_text("cjm: 1\n", encoding="utf-8")

    result = CliRunner().invoke(app, ["init"])

    assert result.exit_code == 2
    assert result.stderr.startswith("cjm: error: ")
    assert "already has cjm.yaml; nothing was written. Use --force to overwrite" in result.stderr
    assert sorted(p.name for p in in_tmp.iterdir()) == ["cjm.yaml"]

    forced = CliRunner().invoke(app, ["init", "--force"])
    assert forced.exit_code == 0, forced.output
    assert (in_tmp / "journeys" / "first-journey.yaml").is_file()


def test_an_unknown_stage_model_lists_the_choices(in_tmp: Path):
    result = CliRunner().invoke(app, ["init", "--stages", "funnel"])

    assert result.exit_code == 2
    assert "unknown stage model 'funnel'; use one of linear-5, b2b-5, b2b-7, buying-jobs" in result.stderr
    assert list(in_tmp.iterdir()) == []


def test_a_directory_that_cannot_be_created_is_a_clear_error(in_tmp: Path):
    (in_tmp / "notes.txt").write_text("not a directory\n", encoding="utf-8")

    result = CliRunner().invoke(app, ["init", "notes.txt/maps"])

    assert result.exit_code == 2
    assert (
        result.stderr
        == "cjm: error: cannot write to notes.txt/maps: Not a directory; check the path and its permissions\n"
    )


@pytest.mark.parametrize("model", ["linear-5", "b2b-5", "b2b-7", "buying-jobs"])
def test_the_scaffold_is_already_in_cjm_fmt_layout(in_tmp: Path, model: str):
    # Otherwise the cjm-fmt hook would rewrite the files on the user's very first commit.
    assert CliRunner().invoke(app, ["init", "--stages", model]).exit_code == 0

    result = CliRunner().invoke(app, ["fmt", "--check"])

    assert result.exit_code == 0, result.output
    assert "3 files left unchanged" in result.stderr
