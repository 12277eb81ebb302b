"""`cjm import csv`: a stage cell may be the stage's name, as the map shows it, not only its
id (as `cjm new touchpoint --stage` takes it), for built-in models, cjm.yaml's shared stage
models (whose names need not be their ids) and the journey updated with --into."""

from __future__ import annotations

import shutil
from pathlib import Path

import cjm

from ..conftest import EXAMPLES
from .conftest import cli

# cjm.yaml of the examples: `managed-services` has `handover`, named "Sales-to-delivery handover".
SHEET = """\
Stage,Touchpoint,Personas,Owner
Sales-to-delivery  handover,Gets a call from the delivery lead,cio,account-management
2. Service Review,Reads the QBR deck,cio,account-management
renewal,Signs the renewal,cio,account-management
Renewel talks,Haggles over the price,cio,account-management
"""


def workspace(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    shutil.copytree(EXAMPLES, root, ignore=shutil.ignore_patterns("invalid", "ci", "csv"))
    (root / "sheet.csv").write_text(SHEET, encoding="utf-8")
    return root


def shown(path: Path) -> str:
    """A path as cjm prints it: relative to the current directory when under it."""
    return path.relative_to(Path.cwd()).as_posix() if path.is_relative_to(Path.cwd()) else path.as_posix()


def test_a_shared_stage_model_maps_stage_names_onto_its_ids(tmp_path: Path) -> None:
    root = workspace(tmp_path)
    out = root / "journeys" / "imported.yaml"
    result = cli("import", "csv", root / "sheet.csv", "--stages", "managed-services", "-o", out)
    assert result.exit_code == 1  # the misspelt stage's row is skipped
    assert result.stderr.splitlines() == [
        f"{shown(root / 'sheet.csv')}:5:1: skipped: stage 'Renewel talks' is not a stage of managed-services "
        "(handover (Sales-to-delivery handover), service-onboarding, day-to-day-requests, escalation, "
        "service-review, renewal); rename it, or import without --stages to keep the sheet's own stages",
        f"wrote {shown(out)}",
        "imported 3 of 4 rows; 1 skipped",
    ]
    ws = cjm.load_workspace(root)
    journey = next(j for f, j in ws.valid_journeys() if f.path == out)
    assert journey.stages == "managed-services"
    assert [(tp.stage, tp.name) for tp in journey.touchpoints] == [
        ("handover", "Gets a call from the delivery lead"),  # its name, spaces and case aside
        ("service-review", "Reads the QBR deck"),  # a numbered name
        ("renewal", "Signs the renewal"),  # its id
    ]
    assert [f for f in cjm.validate(ws) if f.severity.value == "error" and f.file.endswith("imported.yaml")] == []


def test_an_unknown_stage_model_is_a_usage_error_with_the_models_of_the_workspace(tmp_path: Path) -> None:
    root = workspace(tmp_path)
    result = cli("import", "csv", root / "sheet.csv", "--stages", "managed-service", cwd_to=root)
    assert result.exit_code == 2
    assert result.stderr == (
        "cjm: error: --stages 'managed-service' is not a stage model; did you mean 'managed-services'? "
        "Use one of: linear-5, b2b-5, b2b-7, buying-jobs, managed-services\n"
    )


def test_into_a_journey_a_stage_name_with_other_spacing_and_case_is_its_stage(tmp_path: Path) -> None:
    root = workspace(tmp_path)
    journey = root / "journeys" / "account-management-current.yaml"
    sheet = root / "into.csv"
    sheet.write_text(
        "id,stage,touchpoint\nwelcome-call,SALES-TO-DELIVERY   HANDOVER,Gets a welcome call\n", encoding="utf-8"
    )
    result = cli("import", "csv", sheet, "--into", journey)
    assert result.exit_code == 0, result.stderr
    assert "added touchpoint 'welcome-call' to stage 'handover'" in result.stderr
