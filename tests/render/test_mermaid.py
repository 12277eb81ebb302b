"""Mermaid `journey` output: sections are stages, tasks are touchpoints, scores are emotions."""

from __future__ import annotations

import random
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cjm.model import Journey, Persona
from cjm.render.common import stage_columns
from cjm.render.mermaid import NEUTRAL, mermaid_text, render_mermaid

from .mermaid_js import VERSIONS, draw

# A task line: the name and each actor are plain text or Mermaid entity codes (`#35;`), never
# a character the journey grammar reads as syntax.
_TEXT = r"(?:[^#%:;\n]|#\d+;)+"
_ACTOR = r"(?:[^#%:;,\n]|#\d+;)+"
TASK = re.compile(rf"^      (?P<name>{_TEXT}): (?P<score>[1-5])(?:: (?P<actors>{_ACTOR}(?:, {_ACTOR})*))?$")


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
        "Lena#44; Marketing Analyst, Tomás#44; Marketing Operations Manager"
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
        ("Step 1: sign; then pay", "Step 1#58; sign#59; then pay"),  # `:` ends a task name, `;` a statement
        ("Ticket #42", "Ticket #35;42"),  # `#` starts a comment
        ("%leading", "#37;leading"),  # so does `%`, and `%%` anywhere
        ("100%% sure", "100#37;#37; sure"),
        ("#35; literally", "#35;35#59; literally"),
        ("two\nlines", "two#10;lines"),
        ("<b>bold</b> &amp;", "#60;b#62;bold#60;/b#62; #38;amp#59;"),
        ("`code`", "#96;code#96;"),  # a backtick fence would end the Markdown block
        (" padded ", "#32;padded#32;"),  # Mermaid drops the leading space otherwise
        ("¶ß ﬂ°°", "#182;ß #64258;°°"),  # Mermaid's own entity placeholders
        ("Section 4 review", "#83;ection 4 review"),  # would be read as a `section` line
        ("Journey mapping workshop", "#74;ourney mapping workshop"),
        ("title case", "#116;itle case"),
        ('Straße, {curly} "quoted" 🚀', 'Straße, {curly} "quoted" 🚀'),  # not syntax: as is
        ("", "(untitled)"),
    ],
)
def test_text_that_would_break_mermaid_is_entity_coded(text, expected):
    assert mermaid_text(text) == expected


def test_commas_in_actor_names_are_coded_not_split():
    assert mermaid_text("Maya, Head of Marketing", actor=True) == "Maya#44; Head of Marketing"


def decode(coded: str) -> str:
    """Mermaid's reading of entity codes: `#35;` is `#`."""
    return re.sub(r"#(\d+);", lambda m: chr(int(m.group(1))), coded)


@given(st.text(st.characters(blacklist_categories=("Cs",)), min_size=1), st.booleans())
def test_every_text_round_trips_and_carries_no_syntax(text, actor):
    coded = mermaid_text(text, actor=actor)
    # Characters that XML (and so SVG) cannot carry are dropped; every other one is shown.
    shown = "".join(ch for ch in text if ch in "\t\n\r" or " " <= ch <= "\ufffd" or ch >= "\U00010000")
    assert decode(coded) == (shown or "(untitled)")
    plain = re.sub(r"#\d+;", "", coded)
    assert not set(plain) & set("#%:;<>&`¶ﬂ" + ("," if actor else ""))
    assert not any(ch.isspace() and ch != " " for ch in plain)
    assert coded == coded.strip() and not re.match(r"(?i)journey|title|section|acc", coded)


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
    assert all("Owen#44; VP Sales" in t for t in tasks)


# --- the real Mermaid ----------------------------------------------------------------------

HOSTILE_NAMES = [
    "%starts with a percent sign",
    "100%% sure, %%{init: {}}%% not a directive",
    "Step 1: sign; then pay",
    "Ticket #42",
    "#35; literally",
    "<script>alert(1)</script>",
    "&amp; &lt; &#35; stay as typed",
    "He said \"hi\" and 'bye'",
    "Ünïcødé 日本語 🚀 Straße",
    "Mermaid's own placeholders ¶ß ﬂ°° ﬂ° stay",
    " leading and trailing spaces ",
    "%:;#,<>&",
    "...",
    "Journey mapping workshop",
    "title case",
    "section 4 review",
    "accTitle: not a title",
    "accDescr { not a description }",
    "lifestyle:#fff; classDef x:#f00;",  # Mermaid strips the `;` of what looks like a style
    "```fenced``` `code`",
    "two\nlines\tand a tab",
    "{curly} [square] (round) | pipe \\ backslash",
    "5",
]


@pytest.fixture(scope="module")
def hostile() -> tuple[Journey, list[Persona]]:
    """A journey whose every text is one that Mermaid's journey grammar would misread."""
    journey = Journey.model_validate(
        {
            "cjm": 1,
            "id": "hostile",
            "title": "%% Title: #1; <b>all</b> & more ",
            "stages": [
                {"id": "one", "name": "%Stage: one; #1"},
                {"id": "two", "name": " title case section "},
                {"id": "three", "name": "<i>&amp;</i>"},
            ],
            "personas": [{"id": "lena"}, {"id": "ops"}, {"id": "plain"}],
            "touchpoints": [
                {
                    "id": f"t{i}",
                    "stage": ("one", "two", "three")[i % 3],
                    "name": name,
                    "emotion": (None, 1, 2, 3, 4, 5)[i % 6],
                    "personas": [["lena"], ["lena", "ops"], [], ["plain", "ops", "lena"]][i % 4],
                }
                for i, name in enumerate(HOSTILE_NAMES)
            ],
        }
    )
    personas = [
        Persona(id="lena", name="Lena, Marketing Analyst"),
        Persona(id="ops", name="%Ops; Lead: #1, <EMEA> "),
    ]  # `plain` has no library entry: its id is its actor name
    return journey, personas


def expected_drawing(journey: Journey, personas: list[Persona]) -> dict:
    """What the drawing must show: every text exactly as the journey has it."""
    names = {p.id: p.title for p in personas}
    columns = [col for col in stage_columns(journey) if col.touchpoints]
    tasks = [(col, tp) for col in columns for tp in col.touchpoints]
    actors = [[names.get(p, p) for p in tp.personas] for _, tp in tasks]
    return {
        "title": [journey.title],
        "sections": [col.stage.title for col in columns],
        "tasks": [tp.name for _, tp in tasks],
        "scores": [tp.emotion or NEUTRAL for _, tp in tasks],
        "actors": actors,
        "legend": sorted({a for row in actors for a in row}),
    }


@pytest.mark.parametrize("version", sorted(VERSIONS))
def test_real_mermaid_draws_every_hostile_text_exactly(browser, hostile, version):
    journey, personas = hostile
    text = render_mermaid(journey, personas)
    [drawn] = draw(browser, version, [text])
    assert "error" not in drawn, drawn["error"]
    assert drawn["parsed"] == "journey"
    want = expected_drawing(journey, personas)
    db, svg = drawn["db"], drawn["svg"]
    # The parser read every task, with its score and actors (so `:` and `,` stayed syntax) ...
    assert db["title"] == want["title"][0]
    assert [t["task"] for t in db["tasks"]] == want["tasks"]
    assert [t["score"] for t in db["tasks"]] == want["scores"]
    assert [t["people"] for t in db["tasks"]] == want["actors"]
    # ... and the drawing shows every text exactly, as an HTML label and as its SVG fallback.
    assert svg["error"] == [] and svg["scripts"] == 0
    assert svg["title"] == want["title"]
    assert svg["sections"] == svg["section_texts"] == want["sections"]
    assert svg["tasks"] == svg["task_texts"] == want["tasks"]
    assert svg["task_actors"] == want["actors"]  # each task's actors, as tooltips
    # The legend wraps long names over lines (and orders them by version), so compare words.
    assert sorted(" ".join(svg["legend"]).split()) == sorted(" ".join(want["legend"]).split())


@pytest.mark.parametrize("version", sorted(VERSIONS))
def test_real_mermaid_draws_every_example_journey(browser, example_jobs, version):
    jobs = sorted(example_jobs.values(), key=lambda job: job.journey.id)
    drawn = draw(browser, version, [render_mermaid(job.journey, job.personas) for job in jobs])
    for job, result in zip(jobs, drawn, strict=True):
        assert "error" not in result, (job.journey.id, result["error"])
        want = expected_drawing(job.journey, job.personas)
        assert result["svg"]["tasks"] == want["tasks"], job.journey.id
        assert result["svg"]["sections"] == want["sections"], job.journey.id
        assert result["svg"]["task_actors"] == want["actors"], job.journey.id


def random_journey(seed: int, touchpoints: int = 120) -> tuple[Journey, list[Persona]]:
    """A journey whose stage, task and persona names are random strings of syntax characters,
    white space, letters and Unicode (the same strings for the same seed)."""
    rng = random.Random(seed)
    alphabet = "%%##::;;,,<>&`'\"{}[]()|\\/ ¶ßﬂ°\t\nabcXYZ019éß日🚀-_.!?=+*~^$@"
    prefixes = ["", "", "", "title ", "section ", "journey ", "accDescr {", "%%{init", "style a:#fff;", " "]

    def name() -> str:
        return rng.choice(prefixes) + "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12)))

    stages = [{"id": f"s{i}", "name": name()} for i in range(5)]
    personas = [Persona(id=f"p{i}", name=f"{name()} {i}") for i in range(4)]
    journey = Journey.model_validate(
        {
            "cjm": 1,
            "id": "random",
            "title": name(),
            "stages": stages,
            "personas": [{"id": p.id} for p in personas],
            "touchpoints": [
                {
                    "id": f"t{i}",
                    "stage": rng.choice(stages)["id"],
                    "name": name(),
                    "emotion": rng.choice([None, 1, 2, 3, 4, 5]),
                    "personas": rng.sample([p.id for p in personas], rng.randint(0, 3)),
                }
                for i in range(touchpoints)
            ],
        }
    )
    return journey, personas


@pytest.mark.parametrize("version", sorted(VERSIONS))
def test_real_mermaid_draws_random_names_exactly(browser, version):
    cases = [random_journey(seed) for seed in range(5)]
    drawn = draw(browser, version, [render_mermaid(journey, personas) for journey, personas in cases])
    for (journey, personas), result in zip(cases, drawn, strict=True):
        assert "error" not in result, result["error"]
        want, svg = expected_drawing(journey, personas), result["svg"]
        assert [t["score"] for t in result["db"]["tasks"]] == want["scores"]
        assert svg["title"] == want["title"]
        assert svg["sections"] == svg["section_texts"] == want["sections"]
        assert svg["tasks"] == svg["task_texts"] == want["tasks"]
        assert svg["task_actors"] == want["actors"]
