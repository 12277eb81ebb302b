"""`cjm fmt`: the canonical layout, what it keeps exactly, and how the command behaves."""

from __future__ import annotations

import re
import shutil
import textwrap
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cjm.cli import app
from cjm.fmt import FormatError, comment_texts, format_text, quote, same_data
from cjm.validate import validate
from cjm.workspace import load_paths
from cjm.yamlread import parse_yaml

from ..conftest import EXAMPLES, MINIMAL

EXAMPLE_FILES = sorted(p for p in EXAMPLES.rglob("*.yaml") if "invalid" not in p.parts)
RULE_CASES = sorted((EXAMPLES / "invalid").glob("rule-*.yaml"))


def cjm(*args: str, input: str | None = None):
    return CliRunner().invoke(app, list(args), input=input)


def kind_of(path: Path) -> str | None:
    return "config" if path.name == "cjm.yaml" else None


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.name)
def test_every_example_is_in_the_canonical_layout_and_formatting_it_loses_nothing(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    result = format_text(text, kind_of(path), path.name)
    assert not result.changed, "the examples are kept formatted with cjm fmt"
    assert same_data(parse_yaml(text).data, parse_yaml(result.text).data)
    assert Counter(comment_texts(result.text)) == Counter(comment_texts(text))
    assert format_text(result.text, kind_of(path), path.name).text == result.text


MESSY = """\
# yaml-language-server: $schema=../schemas/journey.schema.json
# Sales wants this map before the QBR.
title: 'Mid-market SaaS, first search to renewal'   # working title
id: "mid-market-saas"
cjm: 1
stages: b2b-7
touchpoints:
    # --- awareness ---
    -   name: "Searches \\"best SEO tools\\""
        id: search-best-tools
        # the stage is a guess
        stage: awareness
        channel: web
        metrics:
            drop_off_rate: 0.61
            conversion_rate: 0.04

    - stage: consideration   # cjm: disable=missing-owner
      name: 'Books a demo'
      id: demo-request
      pain_points: ['yes', "0.5", 'it''s slow', "2026-01-01", "null"]
personas:
    - role: economic-buyer
      id: head-of-marketing
      name: Maya, Head of Marketing
    - seo-specialist
reviewed: 2026-10-01
objective: >-
    Shorten the sales cycle
    and cut onboarding drop-off
owner: cx-team
"""

CANONICAL = """\
# yaml-language-server: $schema=../schemas/journey.schema.json
cjm: 1
id: mid-market-saas
# Sales wants this map before the QBR.
title: Mid-market SaaS, first search to renewal   # working title
objective: >-
  Shorten the sales cycle
  and cut onboarding drop-off
owner: cx-team
reviewed: 2026-10-01
stages: b2b-7
personas:
  - id: head-of-marketing
    name: Maya, Head of Marketing
    role: economic-buyer
  - seo-specialist
touchpoints:
  # --- awareness ---
  - id: search-best-tools
    # the stage is a guess
    stage: awareness
    name: Searches "best SEO tools"
    channel: web
    metrics:
      drop_off_rate: 0.61
      conversion_rate: 0.04

  - id: demo-request   # cjm: disable=missing-owner
    stage: consideration
    name: Books a demo
    pain_points:
      - "yes"
      - "0.5"
      - it's slow
      - "2026-01-01"
      - "null"
"""


def test_a_messy_journey_gets_model_key_order_two_space_indentation_and_one_quoting_style() -> None:
    # Comments travel with their key (`# the stage is a guess` stays above `stage`), the
    # schema modeline stays first, free-key maps (`metrics`) keep the author's order, the
    # blank line between touchpoints stays, strings that look like a boolean, number,
    # date or null keep their quotes, and a prose list goes one item a line.
    result = format_text(MESSY, "journey", "messy.yaml")
    assert result.text == CANONICAL
    assert format_text(CANONICAL, "journey", "messy.yaml").changed is False


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("Searches for tools", "Searches for tools"),
        ("yes", '"yes"'),  # a boolean to YAML 1.1 readers
        ("0.5", '"0.5"'),
        ("2026-01-01", '"2026-01-01"'),
        ("null", '"null"'),
        ("", '""'),
        (" padded", '" padded"'),
        ("key: value", '"key: value"'),
        ("Ticket #1", '"Ticket #1"'),
        ("C#", "C#"),
        ("Say #1 or # 2", '"Say #1 or # 2"'),
        ("- a list?", '"- a list?"'),
        ("-5% churn", "-5% churn"),
        ('He said "no"', 'He said "no"'),
        ('"quoted"', "'\"quoted\"'"),
        ("it's", "it's"),
        ("tab\there", '"tab\\there"'),
        ("zero\u200bwidth", '"zero\\u200bwidth"'),
    ],
)
def test_quoting_policy_is_plain_unless_yaml_would_read_something_else(value: str, written: str) -> None:
    assert quote(value) == written
    assert parse_yaml(f"k: {written}\n").data == {"k": value}


def test_flow_lists_quote_commas_brackets_and_colons() -> None:
    assert quote("a, b", flow=True) == '"a, b"'
    assert quote("a, b", flow=False) == "a, b"
    # libyaml refuses `:` inside a plain scalar in a flow collection (found by fuzzing fmt).
    assert quote("add `owner:` here", flow=True) == '"add `owner:` here"'
    assert quote("https://example.com", flow=True) == '"https://example.com"'
    result = format_text("cjm: 1\nx: [2, 'add `owner:` here']\n", None, "f.yaml")
    assert result.text == 'cjm: 1\nx: [2, "add `owner:` here"]\n'
    assert parse_yaml(result.text).data == {"cjm": 1, "x": [2, "add `owner:` here"]}


def test_numbers_and_dates_keep_their_spelling_and_block_text_keeps_its_style() -> None:
    text = textwrap.dedent(
        """\
        cjm: 1
        id: x
        title: T
        stages: b2b-7
        personas: [a]
        touchpoints:
          - id: t
            stage: awareness
            name: N
            metrics: {rate: 1.50, big: 1e3, hex: 0x1F}
            description: |
              Line one
                indented line two
        reviewed: 2026-10-01
        """
    )
    out = format_text(text, "journey").text
    assert "metrics: {rate: 1.50, big: 1e3, hex: 0x1F}" in out
    assert "    description: |\n      Line one\n        indented line two\n" in out
    assert out.index("reviewed: 2026-10-01") < out.index("stages:")


def test_a_suppression_keeps_silencing_the_same_finding_after_fmt(tmp_path: Path) -> None:
    # missing-owner is reported on a touchpoint's first line. `name` was first and moves
    # down; its end-of-line suppression must stay on the item's first line.
    path = tmp_path / "journey.yaml"
    path.write_text(
        MINIMAL.replace(
            "  - id: search\n    stage: awareness\n    name: Searches for tools\n",
            "  - name: Searches for tools   # cjm: disable=missing-owner\n    stage: awareness\n    id: search\n"
            "  # cjm: disable=customer-voice\n  - name: Books a demo\n    id: demo\n    stage: consideration\n",
        ),
        encoding="utf-8",
    )
    before = findings(path)
    assert cjm("fmt", str(path)).exit_code == 0
    assert path.read_text(encoding="utf-8").count("  - id: ") == 3
    assert findings(path) == before
    codes = {(code, message.split("'")[1]) for code, message in before}
    assert ("missing-owner", "search") not in codes and ("customer-voice", "demo") not in codes
    assert ("missing-owner", "demo") in codes


def findings(path: Path) -> Counter[tuple[str, str]]:
    """The lint findings of one file by code and message (which names the touchpoint)."""
    return Counter(
        (f.code, f.message) for ws in load_paths([path]) for f in validate(ws, lint=True) if f.file.endswith(path.name)
    )


def findings_by_node(path: Path) -> Counter[tuple[str, str, str]]:
    """Each finding's code, message and the key (or list item) on its line."""
    lines = path.read_text(encoding="utf-8").splitlines()
    found = Counter()
    for ws in load_paths([path]):
        for f in validate(ws, lint=True):
            if f.file.endswith(path.name):
                line = lines[f.line - 1] if f.line <= len(lines) else ""
                node = re.match(r"\s*(?:-\s+)?(?:id:\s*)?([^:#]*)", line).group(1).strip()
                found[(f.code, f.message, node)] += 1
    return found


@pytest.mark.parametrize("case", RULE_CASES, ids=lambda p: p.stem)
def test_validate_reports_the_same_findings_on_the_same_nodes_after_fmt(case: Path, tmp_path: Path) -> None:
    shutil.copy(EXAMPLES / "cjm.yaml", tmp_path / "cjm.yaml")
    shutil.copytree(EXAMPLES / "personas", tmp_path / "personas")
    (tmp_path / "journeys").mkdir()
    path = tmp_path / "journeys" / case.name
    shutil.copy(case, path)
    before = findings_by_node(path)
    assert before, "every rule case has findings"
    result = cjm("fmt", str(path))
    assert result.exit_code == 0, result.output
    assert findings_by_node(path) == before


def test_crlf_line_endings_and_a_byte_order_mark_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "j.yaml"
    messy = MINIMAL.replace("id: minimal\n", "").replace("cjm: 1\n", "cjm: 1\nid: 'minimal'\n")
    path.write_bytes(b"\xef\xbb\xbf" + messy.replace("\n", "\r\n").encode())
    assert cjm("fmt", str(path)).exit_code == 0
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.count(b"\r\n") == raw.count(b"\n")
    assert raw.decode("utf-8-sig").replace("\r\n", "\n") == MINIMAL


def test_fmt_rewrites_only_changed_files_keeps_their_permissions_and_reports_them(tmp_path: Path) -> None:
    (tmp_path / "cjm.yaml").write_text("cjm: 1\n", encoding="utf-8")
    messy = tmp_path / "messy.yaml"
    messy.write_text(MESSY, encoding="utf-8")
    messy.chmod(0o640)
    tidy = tmp_path / "tidy.yaml"
    tidy.write_text(MINIMAL, encoding="utf-8")
    tidy_mtime = tidy.stat().st_mtime_ns

    result = cjm("fmt", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert f"reformatted {messy.as_posix()}\n" in result.stderr
    assert "1 file reformatted, 2 files left unchanged" in result.stderr
    assert messy.read_text(encoding="utf-8") == CANONICAL
    assert messy.stat().st_mode & 0o777 == 0o640
    assert tidy.stat().st_mtime_ns == tidy_mtime
    assert not list(tmp_path.glob(".*.tmp"))

    again = cjm("fmt", str(tmp_path))
    assert again.exit_code == 0 and "3 files left unchanged" in again.stderr


def test_check_lists_the_files_that_would_change_exits_1_and_writes_nothing(tmp_path: Path) -> None:
    messy = tmp_path / "messy.yaml"
    messy.write_text(MESSY, encoding="utf-8")
    (tmp_path / "tidy.yaml").write_text(MINIMAL, encoding="utf-8")
    result = cjm("fmt", "--check", str(tmp_path))
    assert result.exit_code == 1
    assert re.search(r"^would reformat .*messy\.yaml$", result.stderr, re.M)
    assert "tidy.yaml" not in result.stderr
    assert result.stdout == ""
    assert messy.read_text(encoding="utf-8") == MESSY
    assert cjm("fmt", "--check", str(tmp_path / "tidy.yaml")).exit_code == 0


def test_diff_prints_a_unified_diff_exits_1_and_writes_nothing(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("messy.yaml").write_text(MESSY, encoding="utf-8")
    result = cjm("fmt", "--diff", "messy.yaml")
    assert result.exit_code == 1
    assert result.stdout.startswith("--- a/messy.yaml\n+++ b/messy.yaml\n@@ ")
    assert "-title: 'Mid-market SaaS, first search to renewal'   # working title\n" in result.stdout
    assert "+title: Mid-market SaaS, first search to renewal   # working title\n" in result.stdout
    assert Path("messy.yaml").read_text(encoding="utf-8") == MESSY


def test_yaml_that_is_not_a_cjm_file_is_skipped_even_when_named(tmp_path: Path) -> None:
    # A YAML 1.1 reader (docker compose) reads an unquoted 80:80 as the number 4880.
    compose = tmp_path / "docker-compose.yml"
    compose.write_text('services:\n    web:\n        ports: ["80:80"]\n', encoding="utf-8")
    workflow = tmp_path / "ci.yml"
    workflow.write_text('"on": [push]\njobs: {}\n', encoding="utf-8")
    before = {p: p.read_bytes() for p in (compose, workflow)}
    result = cjm("fmt", str(compose), str(workflow))
    assert result.exit_code == 0, result.output
    assert f"skipped {compose.as_posix()}: not a cjm file (no top-level `cjm:` key)" in result.stderr
    assert "2 files skipped (not cjm files)" in result.stderr
    assert {p: p.read_bytes() for p in before} == before


def test_an_unparseable_file_is_reported_with_line_and_column_and_left_untouched(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_bytes(b"cjm: 1\nid: broken\ntitle: [unclosed\ntouchpoints:\n  - id: x\n")
    result = cjm("fmt", str(broken))
    assert result.exit_code == 2
    assert re.search(r"broken\.yaml:\d+:\d+: error \[syntax-error\]", result.stderr)
    assert "left unchanged" in result.stderr
    assert broken.read_bytes() == b"cjm: 1\nid: broken\ntitle: [unclosed\ntouchpoints:\n  - id: x\n"


def test_duplicate_keys_are_refused_not_merged(tmp_path: Path) -> None:
    path = tmp_path / "dup.yaml"
    path.write_text("cjm: 1\nid: a\nid: b\n", encoding="utf-8")
    result = cjm("fmt", str(path))
    assert result.exit_code == 2
    assert "dup.yaml:3:1: error [duplicate-key]" in result.stderr
    assert path.read_text(encoding="utf-8") == "cjm: 1\nid: a\nid: b\n"


def test_anchors_and_aliases_are_refused_with_a_clear_message_never_expanded() -> None:
    text = "cjm: 1\nid: a\ntitle: &t Title\nobjective: *t\n"
    with pytest.raises(FormatError) as err:
        format_text(text, "journey", "a.yaml")
    (finding,) = err.value.findings
    assert (finding.line, finding.column) == (3, 8)
    assert "anchors/aliases" in finding.message


def test_a_comment_inside_a_multi_line_flow_list_is_refused_not_moved() -> None:
    text = "cjm: 1\ngoals: [a,  # first\n  b]\n"
    with pytest.raises(FormatError) as err:
        format_text(text, "journey", "a.yaml")
    assert err.value.findings[0].line == 2
    assert "block style" in err.value.findings[0].message


def test_cjm_yaml_and_persona_libraries_get_their_own_key_order() -> None:
    config = "lint:\n  overrides:\n    - disable: [missing-owner]\n      files: [generated/*]\n  rules:\n    missing-owner: error\nchannels: [webinar]\ncjm: 1\n"
    assert format_text(config, "config").text == (
        "cjm: 1\nchannels: [webinar]\nlint:\n  rules:\n    missing-owner: error\n"
        "  overrides:\n    - files: [generated/*]\n      disable: [missing-owner]\n"
    )
    library = "personas:\n  - channels: [web]\n    id: cio\ncjm: 1\n"
    assert format_text(library, "personas").text == "cjm: 1\npersonas:\n  - id: cio\n    channels: [web]\n"


def test_the_shared_vocabulary_and_persona_stages_get_model_key_order_and_round_trip() -> None:
    config = (
        "metrics:\n  renewal_rate: {better: higher, unit: percent}\nowners: [sales]\nroles: [auditor]\n"
        "stage_models:\n  field-service:\n    - {phase: purchase, id: contract}\ncjm: 1\n"
    )
    formatted = format_text(config, "config").text
    assert formatted == (
        "cjm: 1\nstage_models:\n  field-service:\n    - {id: contract, phase: purchase}\nroles: [auditor]\n"
        "owners: [sales]\nmetrics:\n  renewal_rate: {unit: percent, better: higher}\n"
    )
    assert format_text(formatted, "config").text == formatted  # a fixed point
    assert same_data(parse_yaml(config).data, parse_yaml(formatted).data)
    library = "personas:\n  - stages: [contract]\n    role: procurement\n    id: buyer\ncjm: 1\n"
    assert format_text(library, "personas").text == (
        "cjm: 1\npersonas:\n  - id: buyer\n    role: procurement\n    stages: [contract]\n"
    )


def test_a_comment_after_block_text_stays_a_comment_when_indentation_shrinks() -> None:
    # At its old column the comment would now be read as a second line of the text.
    text = "cjm: 1\nid: x\nnote: |\n        text\n      # about more\nmore: z\n"
    out = format_text(text, "journey").text
    assert out == "cjm: 1\nid: x\nnote: |\n  text\n # about more\nmore: z\n"
    assert parse_yaml(out).data["note"] == "text\n"


def test_stdin_is_formatted_to_stdout() -> None:
    result = cjm("fmt", "-", input="id: x\ncjm: 1\n")
    assert result.exit_code == 0
    assert result.stdout == "cjm: 1\nid: x\n"
    checked = cjm("fmt", "-", "--check", "--stdin-filename", "journeys/x.yaml", input="id: x\ncjm: 1\n")
    assert checked.exit_code == 1 and "would reformat journeys/x.yaml" in checked.stderr


def test_a_missing_path_is_a_usage_error() -> None:
    result = cjm("fmt", "no/such/file.yaml")
    assert result.exit_code == 2
    assert "no such file or directory" in result.stderr


# --- prose lists: one item a line -----------------------------------------------------

PROSE = """\
cjm: 1
id: qbr
title: Quarterly business review
stages: b2b-5
personas:
  - id: cfo
    goals: [Cut tool spend 15%, Fewer vendors]
  - {id: it-lead, goals: [Fewer logins]}
touchpoints:
  - id: qbr
    stage: growth
    name: Quarterly business review
    personas: [cfo, it-lead]
    pain_points: [Slides arrive the night before]   # from the CSM interviews
    opportunities: ["Send the usage report a week ahead, with the agenda", Book the next QBR in the room]
    backstage: []
    next: [renewal]
  - {id: renewal, stage: growth, name: Renewal call, pain_points: [Price uplift of 12%]}
"""


def test_prose_lists_are_written_one_item_a_line_and_id_lists_stay_inline() -> None:
    # A comma in `[...]` ends the item, so prose goes in block style, where it cannot split.
    # Id lists (`personas`, `next`), empty lists and whole touchpoints written inline stay.
    result = format_text(PROSE, "journey", "qbr.yaml")
    assert result.text == PROSE.replace(
        "    goals: [Cut tool spend 15%, Fewer vendors]\n",
        "    goals:\n      - Cut tool spend 15%\n      - Fewer vendors\n",
    ).replace(
        "    pain_points: [Slides arrive the night before]   # from the CSM interviews\n"
        '    opportunities: ["Send the usage report a week ahead, with the agenda", Book the next QBR in the room]\n',
        "    pain_points:   # from the CSM interviews\n"
        "      - Slides arrive the night before\n"
        "    opportunities:\n"
        "      - Send the usage report a week ahead, with the agenda\n"
        "      - Book the next QBR in the room\n",
    )
    assert format_text(result.text, "journey", "qbr.yaml").changed is False


def test_a_prose_list_that_reads_like_a_split_sentence_is_left_for_split_sentence_to_show() -> None:
    # In block style the split would look intended; left as written, the rule points at it.
    text = PROSE.replace("[Slides arrive the night before]", "[QBR happens twice a year, not quarterly]")
    result = format_text(text, "journey", "qbr.yaml")
    assert "    pain_points: [QBR happens twice a year, not quarterly]   # from the CSM interviews\n" in result.text
    assert "    opportunities:\n      - Send the usage report" in result.text
    assert format_text(result.text, "journey", "qbr.yaml").changed is False
