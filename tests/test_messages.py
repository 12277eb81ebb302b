"""Messages that point at the real mistake (issue 15, item 9): each one, with its exact text."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import cjm

STAGED = """\
cjm: 1
id: field-service
title: Field service, tender to visit
stages:
  - id: awareness
    name: Awareness
  - id: procurement
    name: Tender & contract
  - id: service-visit
    name: Service visits
personas:
  - id: site-supervisor
    name: Sam, site supervisor
    role: end-user
touchpoints:
  - id: tender
    stage: procurement
    name: Tender is published
"""


def findings(path: Path) -> list[str]:
    """`line:col code message` of every finding in the file (format checks only, no lint rules)."""
    ws = cjm.load_workspace(path)
    return [f"{f.line}:{f.column} {f.code} {f.message}" for f in cjm.validate(ws, lint=False)]


# --- unknown keys ----------------------------------------------------------------------------


def test_a_number_under_target_is_meant_for_target_emotion_not_targets(write):
    path = write("j.yaml", STAGED + "    emotion: 2\n    target: 4\n")
    assert findings(path) == [
        "20:5 unknown-key unknown key 'target' in touchpoint 'tender'; did you mean 'target_emotion'?"
    ]


def test_a_mapping_under_target_is_meant_for_targets(write):
    path = write("j.yaml", STAGED + "    target: {nps: 40}\n")
    assert findings(path) == ["19:5 unknown-key unknown key 'target' in touchpoint 'tender'; did you mean 'targets'?"]


def test_a_singular_list_key_still_suggests_the_plural_when_given_one_item(write):
    path = write("j.yaml", STAGED + "    pain_point: Nobody says when the technician comes\n")
    assert findings(path) == [
        "19:5 unknown-key unknown key 'pain_point' in touchpoint 'tender'; did you mean 'pain_points'?"
    ]


# --- a stage's name where its id belongs -----------------------------------------------------


def test_a_stage_name_in_stage_names_the_stage_it_belongs_to(write):
    path = write("j.yaml", STAGED.replace("    stage: procurement", "    stage: Tender & contract"))
    # One finding: the reference check leaves a value that is no id to the schema.
    assert findings(path) == [
        "17:12 invalid-value 'Tender & contract' is the name of stage 'procurement'; "
        "`stage:` takes the stage id: write `stage: procurement`"
    ]


def test_a_stage_name_matches_whatever_its_case_and_spacing(write):
    path = write("j.yaml", STAGED.replace("    stage: procurement", "    stage: service  VISITS"))
    assert findings(path) == [
        "17:12 invalid-value 'service  VISITS' is the name of stage 'service-visit'; "
        "`stage:` takes the stage id: write `stage: service-visit`"
    ]


def test_a_built_in_stage_model_names_its_stages_too(write):
    text = STAGED.replace(STAGED[STAGED.index("stages:") : STAGED.index("personas:")], "stages: b2b-7\n")
    path = write("j.yaml", text.replace("    stage: procurement", "    stage: Onboarding"))
    assert findings(path) == [
        "11:12 invalid-value 'Onboarding' is the name of stage 'onboarding'; `stage:` takes the stage id: "
        "write `stage: onboarding`"
    ]


def test_a_near_stage_name_gets_the_id_of_that_stage_never_an_invented_slug(write):
    path = write("j.yaml", STAGED.replace("    stage: procurement", "    stage: Tender and contract"))
    assert findings(path) == [
        "17:12 invalid-value 'Tender and contract' is not a stage id: ids use lowercase letters, digits and "
        "hyphens; did you mean 'procurement'?"
    ]


def test_a_stage_that_is_nothing_like_any_lists_the_stages(write):
    path = write("j.yaml", STAGED.replace("    stage: procurement", "    stage: Billing run"))
    assert findings(path) == [
        "17:12 invalid-value 'Billing run' is not a stage id: ids use lowercase letters, digits and hyphens "
        "(this journey's stages: awareness, procurement, service-visit)"
    ]


def test_a_stage_name_that_is_also_a_valid_id_names_the_stage_too(write):
    text = STAGED.replace("  - id: awareness\n    name: Awareness", "  - id: aware\n    name: Awareness")
    path = write("j.yaml", text.replace("    stage: procurement", "    stage: awareness"))
    assert findings(path) == [
        "17:12 unknown-reference touchpoint 'tender' is in stage 'awareness', which this journey does not have "
        "(its stages: aware, procurement, service-visit); 'awareness' is the name of stage 'aware': "
        "write `stage: aware`"
    ]


# --- impossible dates ------------------------------------------------------------------------


def test_month_13_is_named_as_the_impossible_part(write):
    path = write("j.yaml", STAGED.replace("title: Field", "reviewed: 2026-13-01\ntitle: Field"))
    assert findings(path) == [
        "3:11 invalid-value reviewed '2026-13-01' is not a date: month 13 does not exist (months are 01..12)"
    ]


def test_february_30_says_how_many_days_that_february_has(write):
    action = "actions:\n  - id: brief\n    title: Brief the technicians\n    addresses: [tender]\n    due: 2027-02-30\n"
    path = write("j.yaml", STAGED + action)
    assert findings(path) == ["23:10 invalid-value due '2027-02-30' is not a date: February 2027 has 28 days"]


def test_a_leap_year_february_has_29_days_and_april_30(write):
    path = write("j.yaml", STAGED.replace("title: Field", "reviewed: 2028-02-30\ntitle: Field"))
    assert findings(path) == ["3:11 invalid-value reviewed '2028-02-30' is not a date: February 2028 has 29 days"]
    path = write("j.yaml", STAGED.replace("title: Field", "reviewed: 2026-04-31\ntitle: Field"))
    assert findings(path) == ["3:11 invalid-value reviewed '2026-04-31' is not a date: April 2026 has 30 days"]


def test_a_date_without_leading_zeros_is_shown_written_right(write):
    path = write("j.yaml", STAGED.replace("title: Field", "reviewed: 2026-3-5\ntitle: Field"))
    assert findings(path) == [
        "3:11 invalid-value reviewed '2026-3-5' is not a date: write the month and day with two digits: 2026-03-05"
    ]


def test_a_quoted_date_is_told_to_lose_its_quotes(write):
    path = write("j.yaml", STAGED.replace("title: Field", 'reviewed: "2026-10-01"\ntitle: Field'))
    assert findings(path) == [
        "3:11 invalid-value reviewed must be a date, but '2026-10-01' is quoted text; remove the quotes"
    ]


def test_text_that_is_no_date_at_all_still_gets_the_iso_example(write):
    path = write("j.yaml", STAGED.replace("title: Field", "reviewed: last week\ntitle: Field"))
    assert findings(path) == ["3:11 invalid-value reviewed must be an ISO date like 2026-10-01; got 'last week'"]


# --- YAML parser errors in plain words -------------------------------------------------------


def test_a_colon_inside_text_is_told_to_quote_the_text_and_shown_quoted(write):
    path = write("j.yaml", STAGED + "    description: Call: the first one  # from the interviews\n")
    assert findings(path) == [
        "19:22 syntax-error YAML syntax error: mapping values are not allowed in this context; a colon "
        'followed by a space inside text starts a new `key:`; put the text in quotes: description: "Call: the first one"'
    ]


def test_a_key_indented_deeper_than_its_neighbours_is_an_indentation_problem(write):
    path = write("j.yaml", STAGED + "      emotion: 2\n")
    assert findings(path) == [
        "19:14 syntax-error YAML syntax error: mapping values are not allowed in this context; this key is "
        "indented deeper (column 7) than the key above it (column 5); keys of one mapping line up, so indent "
        "it like its neighbours"
    ]


def test_a_missing_dash_indicator_names_both_indentations(write):
    path = write("j.yaml", STAGED + "   emotion: 2\n")
    assert findings(path) == [
        "19:4 syntax-error YAML syntax error: while parsing a block collection, did not find expected '-' "
        "indicator (it started at line 16, column 3); check the indentation of this line (column 4; the line "
        "above: column 5): the keys of one mapping line up, and so do the `- ` of one list's items"
    ]


def test_a_list_item_out_of_line_compares_dashes(write):
    path = write("j.yaml", STAGED + "    pain_points:\n      - Slow\n     - Late\n")
    assert findings(path)[0].endswith(
        "check the indentation of this line (column 6; the line above: column 7): "
        "the keys of one mapping line up, and so do the `- ` of one list's items"
    )


def test_text_after_a_closing_quote_says_to_quote_the_whole_value(write):
    path = write("j.yaml", STAGED.replace("name: Tender is published", "name: 'Tender's published'"))
    assert findings(path) == [
        "18:19 syntax-error YAML syntax error: while parsing a block mapping, did not find expected key (it "
        "started at line 16, column 5); text follows a closing quote: quote the whole value (inside '...', "
        "write a ' as '')"
    ]


def test_a_list_item_with_a_colon_is_a_mapping_and_told_so(write):
    path = write("j.yaml", STAGED + "    pain_points:\n      - Slow: nobody calls back\n")
    assert findings(path) == [
        "20:9 invalid-value pain_points must be text; got a mapping (the colon followed by a space made `Slow:` "
        'a key); put the text in quotes: "Slow: nobody calls back"'
    ]


def test_a_tab_in_the_indentation_is_blamed_and_pointed_at(write):
    path = write("j.yaml", STAGED + "  \t  emotion: 2\n")
    assert findings(path) == [
        "19:3 syntax-error YAML syntax error: while scanning a plain scalar, found a tab character that "
        "violates indentation (it started at line 18, column 11); YAML does not allow tabs for indentation, use spaces"
    ]


def test_a_tab_after_a_key_is_not_blamed_for_a_colon_in_text(write):
    path = write("j.yaml", STAGED + "    description:\tCall: the first one\n")
    assert findings(path)[0].endswith('put the text in quotes: description: "Call: the first one"')


def test_the_caret_under_a_tab_points_at_the_tab_shown_as_an_escape(write):
    path = write("j.yaml", STAGED + "  \t  emotion: 2\n")
    result = subprocess.run(
        [sys.executable, "-m", "cjm", "validate", str(path)], capture_output=True, text=True, timeout=60,
        env={**os.environ, "NO_COLOR": "1", "COLUMNS": "300"},
    )  # fmt: skip
    excerpt = result.stdout.splitlines()[2:4]
    assert excerpt == ["    19 │   \\t  emotion: 2", "       │   ^^"]
    assert result.returncode == 1


def test_an_indicator_character_at_the_start_of_text_is_told_to_be_quoted(write):
    path = write("j.yaml", STAGED.replace("name: Tender is published", "name: @home visit"))
    assert findings(path) == [
        "18:11 syntax-error YAML syntax error: while scanning for the next token, found character that cannot "
        "start any token; text cannot start with '@' unless it is quoted: name: \"@home visit\""
    ]


def test_an_unclosed_quote_names_where_it_opened(write):
    path = write("j.yaml", STAGED.replace("name: Tender is published", 'name: "Tender is published'))
    assert findings(path) == [
        "19:1 syntax-error YAML syntax error: while scanning a quoted scalar, found unexpected end of stream (it "
        "started at line 18, column 11); the quote at line 18, column 11 is never closed; close it (inside "
        "'...', a ' is written '')"
    ]


def test_an_unclosed_flow_list_names_its_bracket(write):
    path = write("j.yaml", STAGED + "    pain_points: [Slow, Late\n    emotion: 2\n")
    assert findings(path) == [
        "20:12 syntax-error YAML syntax error: while parsing a flow sequence, did not find expected ',' or ']' "
        "(it started at line 19, column 18); the `[` at line 19, column 18 is not closed: end it with `]`, and "
        "quote any item that holds a comma, a colon or a bracket"
    ]


def test_a_colon_inside_a_flow_list_item_is_told_to_be_quoted(write):
    path = write("j.yaml", STAGED + "    pain_points: [Call at 10:30, Late]\n")
    assert findings(path)[0].endswith(
        'inside `[...]` or `{...}`, an item that holds a colon goes in quotes: ["10:30 call", demo]'
    )


def test_a_stage_name_under_a_shared_stage_model_points_at_cjm_yaml(write):
    write("cjm.yaml", "cjm: 1\nstage_models:\n  field-service:\n    - {id: visit, name: Service visits}\n")
    text = STAGED.replace(STAGED[STAGED.index("stages:") : STAGED.index("personas:")], "stages: field-service\n")
    path = write("j.yaml", text.replace("    stage: procurement", "    stage: Service visits"))
    assert findings(path) == [
        "11:12 invalid-value 'Service visits' is not a stage id: ids use lowercase letters, digits and hyphens; "
        "the ids of stage model 'field-service' are listed under `stage_models:` in cjm.yaml"
    ]


def test_a_valid_id_that_is_a_shared_stage_name_names_the_stage(write):
    write("cjm.yaml", "cjm: 1\nstage_models:\n  field-service:\n    - {id: visit, name: Onsite}\n")
    text = STAGED.replace(STAGED[STAGED.index("stages:") : STAGED.index("personas:")], "stages: field-service\n")
    path = write("j.yaml", text.replace("    stage: procurement", "    stage: onsite"))
    assert findings(path) == [
        "11:12 unknown-reference touchpoint 'tender' is in stage 'onsite', which this journey does not have "
        "(its stages: visit); 'onsite' is the name of stage 'visit': write `stage: visit`"
    ]
