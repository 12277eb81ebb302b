"""The three outputs of `cjm diff`: Markdown safe to post on a pull request, a stable JSON
shape, and a terminal summary; all byte-identical from run to run."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cjm.cli import app
from cjm.diff import diff_journeys
from cjm.diff.markdown import escape, escape_html, mermaid_label, render_markdown
from cjm.diff.report import Labels
from cjm.diff.text import render_text

from ..conftest import EXAMPLES
from .conftest import TRIAL, edit, journey

ZWSP = "\u200b"
CURRENT = str(EXAMPLES / "journeys/account-management-current.yaml")
FUTURE = str(EXAMPLES / "journeys/account-management-future.yaml")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Pricing | packaging", "Pricing &#124; packaging"),
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("first line\nsecond\r\nthird\u2028fourth", "first line second third fourth"),
        ("ask @octocat", f"ask @{ZWSP}octocat"),
        ("fixes #12", f"fixes #{ZWSP}12"),
        ("see https://evil.example", f"see https:{ZWSP}//evil.example"),
        ("see www.evil.example", f"see w{ZWSP}ww.evil.example"),
        ("run `rm -rf /`", r"run \`rm -rf /\`"),
        ("[click](javascript:alert(1))", r"\[click\](javascript:alert(1))"),
        ("**bold** _it_ ~~gone~~ $x^2$", r"\*\*bold\*\* \_it\_ \~\~gone\~\~ \$x^2\$"),
        ("AT&T", "AT&amp;T"),
        ("back\\slash", r"back\\slash"),
        ("safe\u202etxt.exe\x00", "safetxt.exe"),
    ],
)
def test_markdown_escaping_makes_user_text_inert(text: str, expected: str):
    assert escape(text) == expected


def test_long_text_is_cut_with_an_ellipsis():
    assert escape("x" * 1000, 20) == "x" * 19 + "…"


def test_html_escaping_for_summary_lines_has_no_markdown_backslashes():
    assert escape_html("**Q3** <b>plan</b> @team") == f"**Q3** &lt;b&gt;plan&lt;/b&gt; @{ZWSP}team"


def test_mermaid_labels_cannot_close_the_label_the_node_or_the_fence():
    label = mermaid_label('Trial"] --> X["pwn ``` <b> #1 | x')
    assert not set(label) & set('"`<>|')
    assert label == "Trial#quot;] --#gt; X[#quot;pwn #96;#96;#96; #lt;b#gt; #35;1 #124; x"


HOSTILE_OLD = """\
cjm: 1
id: hostile
title: "Ops | <img src=x onerror=alert(1)> @octocat"
stages:
  - id: trial
    name: "Trial\\"] --> X[\\"pwn ``` <b>"
  - id: purchase
personas: [{id: analyst}, {id: cfo}]
touchpoints:
  - id: signup
    stage: trial
    name: "Sign | up\\nnow <script>alert(1)</script> @octocat #12 [click](https://evil.example) `rm` **b** $x$ \\u202eevil"
    personas: [analyst]
    emotion: 2
  - id: quote
    stage: purchase
    name: "Quote\\n| --- |"
    personas: [cfo]
"""
HOSTILE_NEW = edit(
    HOSTILE_OLD,
    ("    emotion: 2\n", "    emotion: 1\n    pain_points: ['<iframe src=//evil> | @everyone']\n"),
    ("    personas: [cfo]\n", "    personas: [analyst]\n"),
)


def hostile_markdown(mermaid: bool = True) -> str:
    out = io.StringIO()
    from cjm.diff import DiffResult

    result = DiffResult(journeys=[diff_journeys(journey(HOSTILE_OLD), journey(HOSTILE_NEW))], journeys_compared=1)
    render_markdown(result, Labels("origin/main | <b>", "HEAD @octocat"), out, mermaid=mermaid)
    return out.getvalue()


def test_hostile_text_cannot_break_tables_inject_html_or_notify_anyone():
    md = hostile_markdown()
    for tag in ("<script", "<img", "<iframe", "<b>"):
        assert tag not in md
    assert "@octocat" not in md and "@everyone" not in md
    assert re.search(r"(?<!&)#12", md) is None  # `&#124;` is the escaped pipe, not an issue link
    assert "](https://" not in md and "https://" not in md
    assert "\u202e" not in md


def test_every_table_row_has_as_many_cells_as_its_header():
    lines = hostile_markdown().splitlines()
    header_pipes = None
    for line in lines:
        if line.startswith("|"):
            pipes = line.count("|")
            header_pipes = header_pipes or pipes
            assert pipes == header_pipes, line
        else:
            header_pipes = None


def test_the_mermaid_block_has_only_generated_node_ids_and_quoted_labels():
    md = hostile_markdown()
    block = md[md.index("```mermaid\n") + len("```mermaid\n") :]
    block = block[: block.index("```\n")]
    for line in block.splitlines()[1:]:
        assert re.fullmatch(r'  s\d+\["[^"`]*"\](:::\w+)?|  s\d+ --> s\d+|  classDef \w+ [\w:#,.\- ]+', line), line


def test_markdown_has_a_marker_summary_table_details_and_coverage_sections():
    md = hostile_markdown()
    assert md.startswith("<!-- cjm-diff -->\n### Journey map changes\n")
    assert "| Journey | Status | Changes |" in md
    assert "<details>\n<summary><strong>hostile</strong>: Ops &#124; &lt;img" in md
    assert "**Coverage delta** (persona × stage)" in md
    assert "| 🟠 | changed | `signup` |" in md


def test_no_semantic_changes_in_markdown():
    out = io.StringIO()
    from cjm.diff import DiffResult

    render_markdown(DiffResult(journeys_compared=2), Labels("a", "b"), out)
    assert "**No semantic changes** (2 journeys compared" in out.getvalue()


def test_terminal_output_strips_control_characters_from_user_text():
    old = edit(TRIAL, ("name: Explores the sample dashboard", 'name: "Explores \\e[31mthe\\e[0m dashboard\\a"'))
    out = io.StringIO()
    from cjm.diff import DiffResult

    result = DiffResult(journeys=[diff_journeys(journey(old), journey(TRIAL))], journeys_compared=1)
    render_text(result, Labels("old", "new"), out)
    assert "\x1b" not in out.getvalue() and "\x07" not in out.getvalue()
    assert "name: Explores \\x1b[31mthe\\x1b[0m dashboard\\x07 → Explores the sample dashboard" in out.getvalue()


def run(*args: str) -> str:
    result = CliRunner().invoke(app, ["diff", *args])
    assert result.exit_code == 0, result.output + result.stderr
    return result.stdout


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_output_is_byte_identical_from_run_to_run(fmt: str):
    assert run(CURRENT, FUTURE, "-f", fmt, "--mermaid") == run(CURRENT, FUTURE, "-f", fmt, "--mermaid")


def test_json_has_the_documented_shape():
    doc = json.loads(run(CURRENT, FUTURE, "-f", "json"))
    assert list(doc) == [
        "version",
        "old",
        "new",
        "semantic_changes",
        "failed_on",
        "summary",
        "journeys",
        "personas",
        "lint",
    ]
    assert doc["version"] == 1 and doc["semantic_changes"] is True
    assert set(doc["summary"]) == {
        "journeys_compared",
        "journeys_changed",
        "changes",
        "severity",
        "kinds",
        "findings_introduced",
        "findings_fixed",
        "new_errors",
        "measured_journeys",
        "conversion_drops",
    }
    [journey_doc] = doc["journeys"]
    assert set(journey_doc) == {
        "id",
        "old_id",
        "title",
        "status",
        "old_file",
        "new_file",
        "stage_coverage",
        "stages",
        "changes",
        "measured",
    }
    changes = journey_doc["changes"]
    assert len({c["fingerprint"] for c in changes}) == len(changes)
    assert all(re.fullmatch(r"[0-9a-f]{12}", c["fingerprint"]) for c in changes)
    move = next(c for c in changes if c["kind"] == "moved")
    assert move == {
        "fingerprint": move["fingerprint"],
        "kind": "moved",
        "severity": "medium",
        "entity": "touchpoint",
        "id": "account-plan-workshop",
        "stage": "service-onboarding",
        "label": "Account-planning workshop",
        "field": "stage",
        "old": "renewal",
        "new": "service-onboarding",
    }
    emotion = next(c for c in changes if c["kind"] == "emotion")
    assert emotion["direction"] == "improved" and emotion["new"] > emotion["old"]
    assert doc["summary"]["changes"] == len(changes)
    assert sum(doc["summary"]["kinds"].values()) == len(changes)


def test_text_output_without_a_terminal_has_no_color_codes_and_ends_with_a_summary():
    out = run(CURRENT, FUTURE)
    assert "\x1b[" not in out
    assert out.splitlines()[0] == f"cjm diff {CURRENT} → {FUTURE}"
    assert out.rstrip().splitlines()[-1].startswith("1 journey changed, ")


def test_comments_only_change_says_no_semantic_changes(tmp_path: Path):
    old = tmp_path / "old.yaml"
    new = tmp_path / "new.yaml"
    old.write_text(TRIAL)
    new.write_text("# a comment the diff must ignore\n" + TRIAL.replace("owner: growth", "owner:   growth   # team"))
    assert "✓ No semantic changes (1 journey compared)." in run(str(old), str(new), "--fail-on", "any")
