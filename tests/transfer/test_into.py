"""`cjm import csv SHEET --into JOURNEY`: the spreadsheet round trip keeps the journey.

A team exports a journey, edits the sheet in a workshop and imports it back. Only the
touchpoint data the sheet holds may change, only on the lines it changes; title, objective,
stage names, phases and goals, personas, actions and every comment stay as they were.
"""

from __future__ import annotations

import csv
import io
import shutil
from collections import Counter
from pathlib import Path

import pytest

import cjm
from cjm.csvio import RowProblem
from cjm.fmt import comment_texts

from ..conftest import EXAMPLES
from .conftest import cli, import_text

JOURNEY = "journeys/account-management-current.yaml"


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    root = tmp_path / "maps"
    shutil.copytree(EXAMPLES, root, ignore=shutil.ignore_patterns("invalid", "csv"))
    return root


def export(root: Path) -> list[list[str]]:
    result = cli("export", "csv", root / JOURNEY)
    assert result.exit_code == 0, result.stderr
    return list(csv.reader(io.StringIO(result.stdout)))


def save(rows: list[list[str]], path: Path) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    return path


def set_cell(rows: list[list[str]], touchpoint: str, column: str, value: str) -> None:
    header = rows[0]
    (row,) = [r for r in rows[1:] if r[0] == touchpoint]
    row[header.index(column)] = value


def changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    """(lines only in before, lines only in after), as multisets: what an edit removed and added."""
    old, new = Counter(before.splitlines()), Counter(after.splitlines())
    return sorted((old - new).elements()), sorted((new - old).elements())


def test_export_then_import_unchanged_leaves_the_file_byte_for_byte(workspace: Path, tmp_path: Path) -> None:
    before = (workspace / JOURNEY).read_bytes()
    sheet = save(export(workspace), tmp_path / "sheet.csv")
    result = cli("import", "csv", sheet, "--into", workspace / JOURNEY)
    assert result.exit_code == 0, result.stderr
    assert "already matches" in result.stderr
    assert (workspace / JOURNEY).read_bytes() == before


def test_edited_cells_change_only_their_lines_and_each_change_is_reported(workspace: Path, tmp_path: Path) -> None:
    before = (workspace / JOURNEY).read_text(encoding="utf-8")
    rows = export(workspace)
    set_cell(rows, "welcome-email", "emotion", "4")
    set_cell(rows, "welcome-email", "feeling", "")
    sheet = save(rows, tmp_path / "sheet.csv")
    result = cli("import", "csv", sheet, "--into", workspace / JOURNEY)
    assert result.exit_code == 0, result.stderr
    after = (workspace / JOURNEY).read_text(encoding="utf-8")
    assert changed_lines(before, after) == (["    emotion: 2", "    feeling: lost"], ["    emotion: 4"])
    assert comment_texts(after) == comment_texts(before)
    assert "touchpoint 'welcome-email': emotion 2 -> 4" in result.stderr
    assert "touchpoint 'welcome-email': removed feeling" in result.stderr
    assert "updated journeys/account-management-current.yaml: 2 changes" in result.stderr.replace(
        str(workspace) + "/", ""
    )


def test_a_new_row_becomes_a_touchpoint_after_the_last_one_of_its_stage(workspace: Path, tmp_path: Path) -> None:
    before = (workspace / JOURNEY).read_text(encoding="utf-8")
    rows = export(workspace)
    header = rows[0]
    new = dict.fromkeys(header, "")
    new.update(id="welcome-pack", stage="Sales-to-delivery handover", touchpoint="Receives a welcome pack")
    new.update(channel="email", personas="cio; Programme sponsor", owner="account-management", emotion="4")
    rows.insert(2, [new[h] for h in header])
    sheet = save(rows, tmp_path / "sheet.csv")
    result = cli("import", "csv", sheet, "--into", workspace / JOURNEY)
    assert result.exit_code == 0, result.stderr
    assert "added touchpoint 'welcome-pack' to stage 'handover'" in result.stderr
    assert "added persona 'programme-sponsor' to the journey's personas" in result.stderr
    ws = cjm.load_workspace(workspace / JOURNEY)
    journey = ws.valid_journeys()[0][1]
    handover = [tp.id for tp in journey.touchpoints if tp.stage == "handover"]
    assert handover[-1] == "welcome-pack"
    after = (workspace / JOURNEY).read_text(encoding="utf-8")
    removed, _ = changed_lines(before, after)
    assert removed == [
        "personas: [cio, vendor-manager, it-service-manager, procurement-manager]   # all from the persona library"
    ]
    assert comment_texts(after) == comment_texts(before)
    assert [f for f in cjm.validate(ws) if f.severity.value == "error"] == []


def test_a_stage_the_journey_does_not_have_is_reported_never_appended(workspace: Path, tmp_path: Path) -> None:
    before = (workspace / JOURNEY).read_bytes()
    rows = export(workspace)
    set_cell(rows, "welcome-email", "stage", "Discovery")
    sheet = save(rows, tmp_path / "sheet.csv")
    result = cli("import", "csv", sheet, "--into", workspace / JOURNEY)
    assert result.exit_code == 1
    assert "skipped: stage 'Discovery' is not a stage of this journey (its stages: handover," in result.stderr
    assert (workspace / JOURNEY).read_bytes() == before


def test_a_cell_cjm_cannot_read_keeps_the_old_value(workspace: Path, tmp_path: Path) -> None:
    before = (workspace / JOURNEY).read_bytes()
    rows = export(workspace)
    set_cell(rows, "welcome-email", "emotion", "6")
    sheet = save(rows, tmp_path / "sheet.csv")
    result = cli("import", "csv", sheet, "--into", workspace / JOURNEY)
    assert result.exit_code == 1
    assert "emotion '6' is not a whole number from 1 to 5; left out" in result.stderr
    assert (workspace / JOURNEY).read_bytes() == before


def test_dry_run_prints_the_diff_and_writes_nothing(workspace: Path, tmp_path: Path) -> None:
    before = (workspace / JOURNEY).read_bytes()
    rows = export(workspace)
    set_cell(rows, "welcome-email", "emotion", "5")
    result = cli("import", "csv", save(rows, tmp_path / "sheet.csv"), "--into", workspace / JOURNEY, "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert "+    emotion: 5" in result.stdout
    assert (workspace / JOURNEY).read_bytes() == before


def test_into_with_options_for_a_new_file_is_a_usage_error(workspace: Path, tmp_path: Path) -> None:
    sheet = save(export(workspace), tmp_path / "sheet.csv")
    result = cli("import", "csv", sheet, "--into", workspace / JOURNEY, "-o", tmp_path / "x.yaml")
    assert result.exit_code == 2
    assert "--into updates an existing journey, so -o does not apply" in result.stderr


# Persona cells (issue: "Sam, Kitchen Supervisor (site staff)" was split at its comma).
LIBRARY = {
    "kitchen-supervisor": "Sam, Kitchen Supervisor (site staff)",
    "ops-director": "Owen, Operations Director",
    "facilities-manager": "Olga, Facilities Manager",
    "site-auditor": "Olga, Site Auditor",
}


def personas_of(cell: str) -> tuple[list[str], list[RowProblem]]:
    imported = import_text(f'stage,touchpoint,personas\nVisit,Technician arrives,"{cell}"\n', library_personas=LIBRARY)
    return imported.data["touchpoints"][0].get("personas", []), imported.problems


def test_a_persona_named_in_full_is_one_persona_even_with_a_comma() -> None:
    assert personas_of("Sam, Kitchen Supervisor (site staff)") == (["kitchen-supervisor"], [])


def test_ids_and_whole_names_mix_in_one_cell() -> None:
    assert personas_of("Sam, Kitchen Supervisor (site staff), ops-director; facilities-manager") == (
        ["kitchen-supervisor", "ops-director", "facilities-manager"],
        [],
    )


def test_a_unique_start_of_a_name_is_that_persona() -> None:
    assert personas_of("Owen") == (["ops-director"], [])
    assert personas_of("Sam; Owen") == (["kitchen-supervisor", "ops-director"], [])


def test_an_ambiguous_start_of_a_name_is_reported_and_left_out() -> None:
    ids, problems = personas_of("Owen, Olga")
    assert ids == ["ops-director"]
    assert [p.message for p in problems] == [
        "persona 'Olga' could be any of 'Olga, Facilities Manager' (facilities-manager), 'Olga, Site Auditor' "
        "(site-auditor); left out: write the persona's id or whole name"
    ]


def test_anything_else_is_a_new_persona() -> None:
    imported = import_text("stage,touchpoint,personas\nVisit,Arrives,Legal counsel\n", library_personas=LIBRARY)
    assert imported.data["personas"] == [{"id": "legal-counsel", "name": "Legal counsel"}]
    assert imported.new_personas == {"legal-counsel": "Legal counsel"}


def test_changing_the_last_field_before_a_section_comment_keeps_the_comment_in_place(
    workspace: Path, tmp_path: Path
) -> None:
    before = (workspace / JOURNEY).read_text(encoding="utf-8")
    rows = export(workspace)
    set_cell(rows, "contract-handover-pack", "targets", "days_to_contract_pack=2; csat=4.5")
    result = cli("import", "csv", save(rows, tmp_path / "sheet.csv"), "--into", workspace / JOURNEY)
    assert result.exit_code == 0, result.stderr
    after = (workspace / JOURNEY).read_text(encoding="utf-8")
    assert changed_lines(before, after) == (
        ["      days_to_contract_pack: 1"],
        ["      csat: 4.5", "      days_to_contract_pack: 2"],
    )
    assert "      csat: 4.5\n\n  # --- service-onboarding" in after
