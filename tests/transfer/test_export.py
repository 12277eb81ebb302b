"""`cjm export csv` and `cjm export json`: one journey as spreadsheet rows; the validated
workspace as JSON for other tools. Invalid input is refused as `cjm render` refuses it."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import cjm
from cjm.csvio import COLUMNS, escape_formula, journey_to_rows, unescape_formula, write_csv

from ..conftest import EXAMPLES, MINIMAL
from .conftest import cli

SAAS = EXAMPLES / "journeys" / "saas-subscription.yaml"


def test_export_csv_writes_the_columns_import_reads_in_format_order():
    result = cli("export", "csv", SAAS)
    assert result.exit_code == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout, newline="")))
    assert rows[0] == [
        "id",
        "stage",
        "touchpoint",
        "channel",
        "personas",
        "owner",
        "customer_action",
        "emotion",
        "emotions",
        "target_emotion",
        "feeling",
        "pain_points",
        "opportunities",
        "metrics",
        "targets",
        "backstage",
        "next",
        "description",
    ]
    assert rows[3] == [
        "gated-benchmark-report",
        "awareness",
        'Downloads the "B2B Pipeline Attribution Benchmark 2026" report from a LinkedIn ad',
        "ads",
        "head-of-marketing; marketing-analyst",
        "marketing",
        "Fills in an 11-field form to get the PDF",
        "2",
        "",  # no per-persona emotions
        "4",
        "pestered",
        "Form asks for phone number and budget before showing any content; "
        "Three SDR calls in the following week before the report has been read",
        "Ungate the report and offer an optional benchmark call instead",
        "form_completion_rate=0.22; cost_per_lead=148",
        "form_completion_rate=0.35; cost_per_lead=90",
        "",
        "",
        "",
    ]
    journey = cjm.load_workspace(SAAS).valid_journeys()[0][1]
    assert len(rows) == 1 + len(journey.touchpoints)
    assert [row[0] for row in rows[1:]] == [tp.id for tp in journey.touchpoints]


def test_export_csv_is_rfc_4180_with_crlf_and_quotes_only_where_needed():
    data = cli("export", "csv", SAAS).stdout_bytes
    assert data.startswith(b"id,stage,touchpoint,channel,")
    assert data.count(b"\r\n") == len(data.splitlines())
    assert b'"Searches ""multi-touch attribution for HubSpot"" and reads a comparison article"' in data


def test_excel_flag_adds_a_utf8_bom_so_excel_shows_accents(tmp_path: Path):
    out = tmp_path / "saas.csv"
    result = cli("export", "csv", SAAS, "--excel", "-o", out)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert out.read_bytes().startswith(b"\xef\xbb\xbfid,stage,")
    assert out.read_bytes()[3:] == cli("export", "csv", SAAS).stdout_bytes


def test_cells_a_spreadsheet_would_run_as_formulas_get_a_leading_apostrophe(write):
    path = write(
        "formulas.yaml",
        MINIMAL
        + """\
    pain_points: ['=HYPERLINK("http://evil.example","Click")', '-20% only on annual plans']
    opportunities: ["@SUM(A1:A9)", "+1 more seat"]
""",
    )
    rows = journey_to_rows(cjm.load_workspace(path).files[0].journey)
    cells = dict(zip(COLUMNS, rows[1], strict=True))
    assert cells["pain_points"] == '\'=HYPERLINK("http://evil.example","Click"); -20% only on annual plans'
    assert cells["opportunities"] == "'@SUM(A1:A9); +1 more seat"


def test_formula_quoting_is_undone_exactly_even_for_text_that_starts_with_quotes():
    for text in ["=1+1", "'=1+1", "''@x", "'quoted'", "it's fine", "-", "'", ""]:
        assert unescape_formula(escape_formula(text)) == text
        assert not escape_formula(text).startswith(("=", "+", "-", "@"))


def test_export_csv_of_a_workspace_with_several_journeys_asks_for_one():
    result = cli("export", "csv", EXAMPLES)
    assert result.exit_code == 2
    assert result.stderr.startswith("cjm: error: export csv writes one journey, and ")
    assert "holds 5 (examples/journeys/account-management-current.yaml, " in result.stderr
    assert result.stderr.endswith("; pass one journey file\n")


def test_invalid_input_is_printed_like_validate_and_nothing_is_exported():
    for command in ("csv", "json"):
        result = cli("export", command, EXAMPLES / "invalid" / "missing-keys.yaml")
        assert result.exit_code == 2
        assert result.stdout == ""
        assert "missing-keys.yaml:6:1: error [missing-key] the journey is missing the required key 'title'" in (
            result.stderr
        )
        assert result.stderr.endswith(
            "cjm: error: nothing exported: fix the errors above (`cjm validate` lists them) and run again\n"
        )


def test_export_json_holds_each_journey_as_validated_plus_resolved_stages_and_personas():
    result = cli("export", "json", EXAMPLES)
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert list(document) == ["cjm", "journeys", "persona_libraries"]
    assert [j["file"] for j in document["journeys"]] == [
        f"examples/journeys/{name}.yaml"
        for name in (
            "account-management-current",
            "account-management-future",
            "buying-jobs",
            "industrial-equipment",
            "saas-subscription",
        )
    ]
    saas = document["journeys"][4]
    assert saas["journey"]["stages"] == "b2b-7"
    assert saas["journey"]["reviewed"] == "2026-10-14"
    assert saas["journey"]["personas"][:2] == ["head-of-marketing", "marketing-analyst"]
    assert list(saas["journey"]["touchpoints"][0])[:4] == ["id", "stage", "name", "channel"]
    assert saas["resolved"]["stages"][3] == {
        "id": "onboarding",
        "name": "Onboarding",
        "phase": "post-purchase",
        "customer_goal": None,
        "description": None,
    }
    maya = saas["resolved"]["personas"][0]
    assert (maya["id"], maya["role"]) == ("head-of-marketing", "economic-buyer")
    library = document["persona_libraries"][0]
    assert library["file"] == "examples/personas/buying-committee.yaml"
    assert maya in library["personas"]


def test_export_json_is_byte_identical_across_runs_and_writes_a_file(tmp_path: Path):
    first = cli("export", "json", EXAMPLES).stdout_bytes
    assert cli("export", "json", EXAMPLES).stdout_bytes == first
    result = cli("export", "json", EXAMPLES, "-o", tmp_path / "maps.json")
    assert result.exit_code == 0
    assert (tmp_path / "maps.json").read_bytes() == first
    assert "Tomás" in first.decode("utf-8")  # not \u00e1: the document is UTF-8 text


def test_export_into_a_directory_path_is_a_usage_error(tmp_path: Path):
    result = cli("export", "json", SAAS, "-o", tmp_path)
    assert result.exit_code == 2
    assert result.stderr == f"cjm: error: {tmp_path.as_posix()} is a directory; -o takes the file to write\n"


def test_write_csv_with_bom_only_prefixes_the_bytes():
    assert write_csv([["a", "b"], ["1", "x,y"]], bom=True) == '\ufeffa,b\r\n1,"x,y"\r\n'
