"""The `emotions` CSV column: `persona=score` items, exported, edited in a sheet, imported back."""

from __future__ import annotations

from pathlib import Path

from ..field_service import FIELD_SERVICE, write_workspace
from ..test_cli import run


def test_export_writes_per_persona_emotions_as_persona_equals_score(tmp_path: Path) -> None:
    journey = write_workspace(tmp_path)
    lines = run("export", "csv", str(journey)).stdout.splitlines()
    header = lines[0].split(",")
    assert header[7:10] == ["emotion", "emotions", "target_emotion"]
    assert ",3,site-supervisor=4; facilities-manager=2,," in lines[2]


def test_an_edited_score_comes_back_and_nothing_else_changes(tmp_path: Path) -> None:
    journey = write_workspace(tmp_path)
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(
        run("export", "csv", str(journey)).stdout.replace("site-supervisor=4;", "site-supervisor=5;"), encoding="utf-8"
    )
    result = run("import", "csv", str(sheet), "--into", str(journey))
    assert result.returncode == 0, result.stdout + result.stderr
    assert journey.read_text(encoding="utf-8") == FIELD_SERVICE.replace(
        "emotions: {site-supervisor: 4,", "emotions: {site-supervisor: 5,"
    )


def test_a_score_that_is_not_1_to_5_is_named_and_the_cell_keeps_its_old_value(tmp_path: Path) -> None:
    journey = write_workspace(tmp_path)
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(
        "id,stage,touchpoint,emotions\n"
        "contract-signed,tender,Signs the three-year service contract,facilities-manager=7; site-supervisor=3\n",
        encoding="utf-8",
    )
    result = run("import", "csv", str(sheet), "--into", str(journey))
    assert result.returncode == 1
    assert (
        f"{sheet}:2:4: emotions item 'facilities-manager=7' is not persona=score with a whole score from 1 to 5 "
        "(e.g. site-supervisor=4); left out"
    ) in result.stdout + result.stderr
    # As for any cell cjm could not read whole, the merge keeps the journey's value.
    assert journey.read_text(encoding="utf-8") == FIELD_SERVICE
