"""Mermaid `journey` output: sections are stages, tasks are touchpoints, scores are emotions."""

from __future__ import annotations

import re

import pytest

from cjm.model import Journey
from cjm.render.mermaid import mermaid_text, render_mermaid

TASK = re.compile(r"^      (?P<name>[^#:\n;]+): (?P<score>[1-5])(?:: (?P<actors>[^#\n;:]+))?$")


def test_saas_journey_as_mermaid(saas):
    text = render_mermaid(saas.journey, saas.personas)
    lines = text.splitlines()
    assert lines[:3] == [
        "journey",
        "    title Mid-market marketing-analytics SaaS, first search to advocacy",
        "    section Awareness",
    ]
    assert lines[3] == (
        '      Searches "multi-touch attribution for HubSpot" and reads a comparison article: 3: '
        "Lena - Marketing Analyst, Tomás - Marketing Operations Manager"
    )
    assert [line.strip() for line in lines if line.startswith("    section")] == [
        f"section {s.title}" for s in saas.journey.stage_list
    ]
    assert sum(1 for line in lines if TASK.match(line)) == 23


def test_every_line_fits_the_mermaid_grammar(example_jobs):
    for job in example_jobs.values():
        for line in render_mermaid(job.journey, job.personas).splitlines()[1:]:
            assert (
                line.startswith("    title ")
                or line.startswith("    section ")
                or line.startswith("    %% ")
                or TASK.match(line)
            ), line


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Step 1: sign; then pay", "Step 1 - sign, then pay"),  # `:` ends a task name, `;` a statement
        ("Ticket #42", "Ticket No.42"),  # `#` starts a comment
        ("100%% sure", "100% sure"),  # `%%` starts a comment
        ("two\nlines", "two lines"),
        ("<b>bold</b>", "‹b›bold‹/b›"),
        ("{curly}", "(curly)"),
        ("Section 4 review", "\u2060Section 4 review"),  # would be read as a `section` line
        ("Journey mapping workshop", "\u2060Journey mapping workshop"),
        ("title case", "\u2060title case"),
        ("", "(untitled)"),
    ],
)
def test_text_that_would_break_mermaid_is_neutralised(text, expected):
    assert mermaid_text(text) == expected


def test_actor_names_never_split_on_commas():
    assert mermaid_text("Maya, Head of Marketing", actor=True) == "Maya Head of Marketing"


def test_touchpoints_without_emotion_are_drawn_neutral_and_say_so():
    journey = Journey.model_validate(
        {
            "cjm": 1,
            "id": "j",
            "title": "J",
            "stages": "linear-5",
            "personas": [{"id": "p"}],
            "touchpoints": [{"id": "a", "stage": "awareness", "name": "Unscored"}],
        }
    )
    text = render_mermaid(journey)
    assert "      Unscored: 3\n" in text
    assert "%% touchpoints without an emotion score are drawn at 3 (neutral)" in text
    assert "section Consideration" not in text  # empty stages have no tasks to show


def test_persona_filter(saas):
    text = render_mermaid(saas.journey, saas.personas, persona="vp-sales")
    tasks = [line for line in text.splitlines() if TASK.match(line)]
    assert len(tasks) == sum(1 for tp in saas.journey.touchpoints if "vp-sales" in tp.personas)
    assert all("Owen - VP Sales" in t for t in tasks)
