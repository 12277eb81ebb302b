"""Every valid journey renders in every format: generated journeys through the real renderers
(and the real `dot`), so no combination of stages, personas, emotions or `next` edges can
break a diagram, the HTML report or the Mermaid output."""

from __future__ import annotations

import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cjm.model import Journey
from cjm.render import render_dot, render_html, render_mermaid, run_dot
from cjm.stages import STAGE_MODELS

TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40)
SCORE = st.none() | st.integers(1, 5)


@st.composite
def journeys(draw) -> Journey:
    model = draw(st.sampled_from(sorted(STAGE_MODELS)))
    stage_ids = [sid for sid, _ in STAGE_MODELS[model]]
    persona_ids = [f"p{i}" for i in range(draw(st.integers(1, 3)))]
    tp_ids = [f"t{i}" for i in range(draw(st.integers(1, 10)))]
    touchpoints = [
        {
            "id": tid,
            "stage": draw(st.sampled_from(stage_ids)),
            "name": draw(TEXT),
            "channel": draw(st.none() | st.sampled_from(["web", "email", "demo", "support"])),
            "personas": draw(st.lists(st.sampled_from(persona_ids), max_size=3, unique=True)),
            "owner": draw(st.none() | st.sampled_from(["sales", "marketing"])),
            "emotion": draw(SCORE),
            "target_emotion": draw(SCORE),
            "pain_points": draw(st.lists(TEXT, max_size=2)),
            "opportunities": draw(st.lists(TEXT, max_size=2)),
            "metrics": draw(st.dictionaries(st.sampled_from(["nps", "drop_off_rate"]), st.floats(0, 100), max_size=2)),
            "next": draw(st.lists(st.sampled_from(tp_ids), max_size=2, unique=True)),
        }
        for tid in tp_ids
    ]
    actions = [
        {
            "id": f"a{i}",
            "title": draw(TEXT),
            "addresses": [draw(st.sampled_from(tp_ids))],
            "impact": draw(SCORE),
            "effort": draw(SCORE),
            "priority": draw(st.none() | st.sampled_from(["high", "low"])),
        }
        for i in range(draw(st.integers(0, 3)))
    ]
    personas = [{"id": pid, "name": draw(TEXT), "role": "end-user"} for pid in persona_ids]
    return Journey.model_validate(
        {
            "cjm": 1,
            "id": "generated",
            "title": draw(TEXT),
            "stages": model,
            "personas": personas,
            "touchpoints": touchpoints,
            "actions": actions,
        }
    )


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz `dot` is not installed")
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(journeys())
def test_every_valid_journey_renders_in_every_format(journey):
    personas = [p for p in journey.personas if not isinstance(p, str)]
    for view in ("map", "flow"):
        source = render_dot(journey, personas, view)
        svg = run_dot(source, "svg").decode("utf-8")
        assert svg.rstrip().endswith("</svg>")
        assert "<script" not in svg
    html = render_html(journey, personas)
    assert html.lstrip().lower().startswith("<!doctype html>")
    mermaid = render_mermaid(journey, personas)
    assert mermaid.startswith("journey")
