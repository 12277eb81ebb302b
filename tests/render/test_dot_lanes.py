"""The map's lanes, drawn by the real `dot`: the emotion curve (and a strip per persona with
`emotions:`) and the backstage, one band under the stage headers across the whole map."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from cjm.model import Journey
from cjm.render.common import EMOTION_FILL, EMOTION_STRONG, short_name
from cjm.render.dot import render_dot, run_dot

from .conftest import needs_dot

SVG = "{http://www.w3.org/2000/svg}"
PAIR = re.compile(r"(-?\d+(?:\.\d+)?),(-?\d+(?:\.\d+)?)")


def nodes(svg: ET.Element) -> dict[str, ET.Element]:
    return {g.find(f"{SVG}title").text: g for g in svg.iter(f"{SVG}g") if g.get("class") == "node"}


def top(node: ET.Element) -> float:
    """The y of a node's top edge in the drawing: its outline's highest point, or for a node
    drawn without an outline (the stage header), its first line of text."""
    ys = [float(y) for el in node.iter() for attr in ("points", "d") for _, y in PAIR.findall(el.get(attr) or "")]
    return min(ys or [float(t.get("y")) for t in node.iter(f"{SVG}text")])


def texts(node: ET.Element) -> list[str]:
    return [t.text or "" for t in node.iter(f"{SVG}text")]


def lanes(svg: ET.Element, kind: str) -> dict[str, ET.Element]:
    return {name: g for name, g in nodes(svg).items() if name.startswith(f"{kind}-")}


@needs_dot
def test_every_stage_has_an_emotion_lane_and_a_backstage_lane_and_each_lane_is_one_band(example_jobs):
    job = example_jobs["industrial-equipment"]  # 5 stages, emotions: per persona, backstage
    svg = ET.fromstring(run_dot(render_dot(job.journey, job.personas, "map"), "svg"))
    for kind in ("emotion", "backstage"):
        found = lanes(svg, kind)
        assert set(found) >= {f"{kind}-{n}" for n in range(1, 6)}, sorted(found)
        tops = {round(top(g)) for g in found.values()}
        assert max(tops) - min(tops) <= 1, (kind, tops)  # aligned across stages: one band
    # The emotion band lies between the stage headers and the cards, the backstage under it.
    everything = nodes(svg)
    assert top(everything["stage-1"]) < top(everything["emotion-1"]) < top(everything["backstage-1"])
    first_card = f"tp-{job.journey.touchpoints[0].id}"
    assert top(everything["backstage-1"]) < top(everything[first_card])


@needs_dot
def test_the_emotion_lane_plots_each_touchpoint_at_its_score_and_numbers_it_as_the_card(example_jobs):
    job = example_jobs["industrial-equipment"]
    dot = render_dot(job.journey, job.personas, "map")
    first_stage = job.journey.stage_list[0].id
    scored = [tp for tp in job.journey.touchpoints if tp.stage == first_stage]
    lane = next(line for line in dot.splitlines() if line.lstrip().startswith(("emotion-1 [", '"emotion-1" [')))
    for tp in scored:
        assert f'COLOR="{EMOTION_STRONG[tp.emotion]}">&#9679;' in lane  # a dot in its score's colour
        if tp.emotion != 3:  # on a bar from the midline, in the card's fill
            assert f'BGCOLOR="{EMOTION_FILL[tp.emotion]}"' in lane
    svg = ET.fromstring(run_dot(dot, "svg"))
    shown = texts(nodes(svg)["emotion-1"])
    assert [t for t in shown if t.startswith("#")] == [f"#{n}" for n in range(1, len(scored) + 1)]
    assert "EMOTION" in shown and "target" in shown


@needs_dot
def test_each_persona_with_emotions_gets_a_strip_of_its_scores(example_jobs):
    job = example_jobs["industrial-equipment"]
    split = next(tp for tp in job.journey.touchpoints if tp.emotions)  # {machine-operator: 1, ...}
    by_id = {p.id: p for p in job.personas}
    svg = ET.fromstring(run_dot(render_dot(job.journey, job.personas, "map"), "svg"))
    stage_no = [s.id for s in job.journey.stage_list].index(split.stage) + 1
    lane = " ".join(
        t for name, g in lanes(svg, "emotion").items() if name.startswith(f"emotion-{stage_no}") for t in texts(g)
    )
    for persona_id, score in split.emotions.items():
        assert short_name(by_id[persona_id]) in lane
        assert str(score) in lane.split()
    # Personas without a single emotions: score get no strip.
    unscored = [p for p in job.personas if all(p.id not in tp.emotions for tp in job.journey.touchpoints)]
    assert unscored and all(short_name(p) not in lane for p in unscored)


@needs_dot
def test_the_backstage_lane_lists_each_item_after_its_touchpoint_number(example_jobs):
    job = example_jobs["industrial-equipment"]
    svg = ET.fromstring(run_dot(render_dot(job.journey, job.personas, "map"), "svg"))
    first = job.journey.touchpoints[0]
    assert first.backstage
    shown = " ".join(texts(nodes(svg)["backstage-1"]))
    assert shown.startswith("BACKSTAGE #1 ")
    assert " ".join(first.backstage[0].split()[:4]) in shown


def plain() -> Journey:
    return Journey.model_validate(
        {
            "cjm": 1,
            "id": "plain",
            "title": "Plain",
            "stages": "b2b-5",
            "personas": [{"id": "p"}],
            "touchpoints": [{"id": "a", "stage": "awareness", "name": "A"}],
        }
    )


def test_a_journey_without_emotions_or_backstage_has_no_lanes():
    dot = render_dot(plain(), [], "map")
    assert "emotion-1" not in dot and "backstage-1" not in dot


@needs_dot
def test_lane_text_stays_text_even_when_hostile():
    payload = '<script>alert(1)</script> & "quotes" \\N'
    journey = Journey.model_validate(
        {
            "cjm": 1,
            "id": "hostile",
            "title": "Hostile",
            "stages": "b2b-5",
            "personas": [{"id": "p", "name": payload}],
            "touchpoints": [
                {
                    "id": "a",
                    "stage": "awareness",
                    "name": "A",
                    "emotion": 2,
                    "emotions": {"p": 1},
                    "backstage": [payload],
                }
            ],
        }
    )
    dot = render_dot(journey, list(journey.personas), "map")
    assert "<script" not in dot
    svg = run_dot(dot, "svg").decode()
    assert "<script" not in svg
    backstage = " ".join(texts(nodes(ET.fromstring(svg))["backstage-1"]))
    assert '#1 <script>alert(1)</script> & "quotes" \\N' in backstage


@needs_dot
def test_a_persona_map_draws_only_that_personas_strip(example_jobs):
    job = example_jobs["industrial-equipment"]
    split = next(tp for tp in job.journey.touchpoints if len(tp.emotions) > 1)
    mine, other = list(split.emotions)[:2]
    by_id = {p.id: p for p in job.personas}
    svg = ET.fromstring(run_dot(render_dot(job.journey, job.personas, "map", persona=mine), "svg"))
    shown = {t for g in lanes(svg, "emotion").values() for t in texts(g)}
    assert short_name(by_id[mine]) in shown
    assert short_name(by_id[other]) not in shown
