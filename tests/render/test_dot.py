"""Graphviz diagrams: what the `map` and `flow` views show, and that journey text stays text."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cjm.errors import UserError
from cjm.model import Journey
from cjm.render.common import EMOTION_FILL, clean
from cjm.render.dot import render_dot, run_dot

from .big import big_journey
from .conftest import needs_dot

SVG = "{http://www.w3.org/2000/svg}"


def svg_tree(source: str) -> ET.Element:
    return ET.fromstring(run_dot(source, "svg"))


def cluster_lefts(svg: ET.Element) -> dict[str, float]:
    """Stage cluster name -> the x of its left edge in the drawing."""
    lefts = {}
    for g in svg.iter(f"{SVG}g"):
        if g.get("class") == "cluster":
            title = g.find(f"{SVG}title").text
            xs = [float(p.split(",")[0]) for p in g.find(f"{SVG}path").get("d")[1:].replace("C", " ").split()]
            lefts[title] = min(xs)
    return lefts


def node_ids(svg: ET.Element) -> set[str]:
    return {g.get("id") for g in svg.iter(f"{SVG}g") if g.get("class") == "node" and g.get("id", "").startswith("tp-")}


def texts(svg: ET.Element) -> str:
    return " ".join(t.text or "" for t in svg.iter(f"{SVG}text"))


# --- map ---------------------------------------------------------------------------------------


@needs_dot
def test_map_puts_the_stages_left_to_right_in_journey_order(saas):
    svg = svg_tree(render_dot(saas.journey, saas.personas, "map"))
    lefts = cluster_lefts(svg)
    ordered = sorted(lefts, key=lefts.get)
    assert ordered == [f"cluster_stage_{n}" for n in range(1, 8)]


@needs_dot
def test_map_draws_every_touchpoint_once_as_a_card(saas):
    svg = svg_tree(render_dot(saas.journey, saas.personas, "map"))
    assert node_ids(svg) == {f"tp-{tp.id}" for tp in saas.journey.touchpoints}


def test_map_cards_are_filled_by_emotion_and_flag_pain_points(saas):
    dot = render_dot(saas.journey, saas.personas, "map")
    crm = next(line for line in dot.splitlines() if line.lstrip().startswith('"tp-crm-integration"'))
    assert f'BGCOLOR="{EMOTION_FILL[1]}"' in crm  # emotion 1: the reddest fill
    assert "&#9888; 2" in crm  # two pain points
    assert "PRODUCT" in crm and "owner: professional-services" in crm
    chat = next(line for line in dot.splitlines() if line.lstrip().startswith('"tp-in-app-help-chat"'))
    assert f'BGCOLOR="{EMOTION_FILL[4]}"' in chat and "&#9888;" not in chat


def test_map_legend_lists_the_emotion_scale_and_the_channels_used(saas):
    dot = render_dot(saas.journey, saas.personas, "map")
    for word in ("1 very negative", "3 neutral", "5 very positive", "not scored", "pain points"):
        assert word in dot
    assert "webinar" in dot and "review-site" in dot  # channels of this journey
    assert "in-person" not in dot  # a channel it does not use


@needs_dot
def test_persona_filter_keeps_only_what_that_persona_experiences(saas):
    owen = [tp for tp in saas.journey.touchpoints if "vp-sales" in tp.personas]
    svg = svg_tree(render_dot(saas.journey, saas.personas, "map", persona="vp-sales"))
    assert node_ids(svg) == {f"tp-{tp.id}" for tp in owen}
    assert "as experienced by Owen, VP Sales" in texts(svg)
    assert len(cluster_lefts(svg)) == 7  # stages stay, so gaps show


def test_persona_filter_refuses_a_persona_the_journey_does_not_have(saas):
    with pytest.raises(ValueError, match="not one of the personas"):
        render_dot(saas.journey, saas.personas, "map", persona="cfo")


def gappy() -> Journey:
    """Five stages, a touchpoint only in the first."""
    return Journey.model_validate(
        {
            "cjm": 1,
            "id": "gappy",
            "title": "Gappy",
            "stages": "b2b-5",
            "personas": [{"id": "p"}],
            "touchpoints": [{"id": "a", "stage": "awareness", "name": "A"}],
        }
    )


def test_an_empty_stage_is_drawn_as_a_gap_not_left_out():
    assert render_dot(gappy(), [], "map").count("No touchpoints mapped") == 4


def test_an_empty_stage_card_is_only_its_dashed_outline_in_the_dot_source():
    # Without CELLBORDER="0" the table's one cell gets Graphviz's default 1px border: a solid
    # box drawn inside the dashed card.
    cards = [line for line in render_dot(gappy(), [], "map").splitlines() if '"empty-2" [label=' in line]
    assert len(cards) == 1
    assert 'STYLE="ROUNDED,DASHED"' in cards[0]
    assert 'CELLBORDER="0"' in cards[0]


@needs_dot
def test_an_empty_stage_card_is_drawn_as_one_dashed_outline_in_the_svg():
    svg = svg_tree(render_dot(gappy(), [], "map"))
    (node,) = [g for g in svg.iter(f"{SVG}g") if g.get("class") == "node" and g.find(f"{SVG}title").text == "empty-2"]
    outlines = [el for el in node if el.tag in (f"{SVG}polygon", f"{SVG}path", f"{SVG}rect", f"{SVG}polyline")]
    assert len(outlines) == 1, [ET.tostring(el) for el in outlines]
    assert outlines[0].get("stroke-dasharray")
    assert outlines[0].get("fill") == "none"


# --- flow --------------------------------------------------------------------------------------


def edges(dot: str) -> dict[tuple[str, str], str]:
    found = {}
    for line in dot.splitlines():
        m = re.match(r'\s*"tp-([a-z0-9-]+)" -> "tp-([a-z0-9-]+)" \[(.*)\]', line)
        if m:
            found[(m[1], m[2])] = m[3]
    return found


def test_flow_draws_every_next_edge_and_marks_loops_back(buying_jobs):
    journey = buying_jobs.journey
    dot = render_dot(journey, buying_jobs.personas, "flow")
    drawn = edges(dot)
    assert set(drawn) == {(tp.id, n) for tp in journey.touchpoints for n in tp.next}
    stage_no = {s.id: i for i, s in enumerate(journey.stage_list)}
    stage_of = {tp.id: tp.stage for tp in journey.touchpoints}
    for (a, b), attrs in drawn.items():
        back = stage_no[stage_of[b]] < stage_no[stage_of[a]]
        # A loop back is dashed and does not pull the stages out of order.
        assert ("style=dashed" in attrs and "constraint=false" in attrs) == back, (a, b)


def test_flow_without_next_edges_leads_from_stage_to_stage(saas):
    dot = render_dot(saas.journey, saas.personas, "flow")
    assert not any(tp.next for tp in saas.journey.touchpoints)
    assert dot.count("lhead=cluster_stage_") == 6  # 7 stages, 6 arrows between them
    assert "no next edges" in dot


@needs_dot
def test_flow_lays_stages_top_to_bottom(buying_jobs):
    svg = svg_tree(render_dot(buying_jobs.journey, buying_jobs.personas, "flow"))
    tops = {}
    for g in svg.iter(f"{SVG}g"):
        if g.get("class") == "cluster":
            ys = [float(p.split(",")[1]) for p in g.find(f"{SVG}path").get("d")[1:].replace("C", " ").split()]
            tops[g.find(f"{SVG}title").text] = min(ys)
    assert sorted(tops, key=tops.get) == [f"cluster_stage_{n}" for n in range(1, 7)]


# --- escaping ----------------------------------------------------------------------------------

NASTY = "Quote \" brace {x} <b>tag</b> & amp \\N \\G back\\slash 'single' ]]> \n newline \t tab"


def one_touchpoint(name: str) -> Journey:
    return Journey.model_validate(
        {
            "cjm": 1,
            "id": "esc",
            "title": name,
            "stages": "linear-5",
            "personas": [{"id": "p", "name": name}],
            "touchpoints": [
                {
                    "id": "t",
                    "stage": "awareness",
                    "name": name,
                    "feeling": name,
                    "personas": ["p"],
                    "emotion": 2,
                    "pain_points": [name],
                }
            ],
        }
    )


@needs_dot
@pytest.mark.parametrize("view", ["map", "flow"])
def test_quotes_braces_markup_backslashes_and_newlines_come_out_as_written(view):
    dot = render_dot(one_touchpoint(NASTY), [], view)
    svg = svg_tree(dot)  # parses: nothing broke out of a label
    shown = texts(svg)
    assert 'Quote " brace {x} <b>tag</b> & amp \\N \\G back\\slash' in shown
    assert "tp-t" not in shown  # \N was not expanded to the node name
    tooltip = next(a.get("{http://www.w3.org/1999/xlink}title") for a in svg.iter(f"{SVG}a"))
    assert tooltip.startswith('Quote " brace {x} <b>tag</b> & amp ⧵N ⧵G back⧵slash')


@needs_dot
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=60).filter(lambda s: clean(s)))
def test_any_text_renders_and_reads_back_unchanged(name):
    svg = svg_tree(render_dot(one_touchpoint(name), [], "map"))
    card = next(g for g in svg.iter(f"{SVG}g") if g.get("id") == "tp-t")
    shown = "".join("".join((t.text or "").split()) for t in card.iter(f"{SVG}text"))
    assert "".join(clean(name).split()) in shown


# --- scale -------------------------------------------------------------------------------------


@needs_dot
@pytest.mark.parametrize("view", ["map", "flow"])
def test_a_120_touchpoint_journey_stays_a_readable_shape(view):
    journey = big_journey(120)
    svg = svg_tree(render_dot(journey, journey.personas, view))
    assert len(node_ids(svg)) == 120
    width, height = (float(v.rstrip("pt")) for v in (svg.get("width"), svg.get("height")))
    # Neither a strip metres long nor a tower: stages wrap into columns (map) or rows (flow).
    assert 0.5 < width / height < 3.5, (width, height)


# --- running dot -------------------------------------------------------------------------------


@needs_dot
def test_svg_output_carries_no_graphviz_version_comment(saas):
    svg = run_dot(render_dot(saas.journey, saas.personas), "svg")
    assert b"Generated by graphviz" not in svg
    assert svg.startswith(b"<?xml")


def test_formats_that_need_dot_say_how_to_install_it(monkeypatch, tmp_path, saas):
    monkeypatch.setenv("PATH", str(tmp_path))  # a PATH without Graphviz
    source = render_dot(saas.journey, saas.personas)
    with pytest.raises(UserError, match="apt-get install graphviz"):
        run_dot(source, "svg")
    assert run_dot(source, "dot") == source.encode()  # DOT itself needs no Graphviz


@needs_dot
@pytest.mark.parametrize("view", ["map", "flow"])
def test_a_persona_with_no_touchpoints_gets_an_empty_diagram_not_an_error(view):
    journey = Journey.model_validate(
        {
            "cjm": 1,
            "id": "quiet",
            "title": "Quiet",
            "stages": "b2b-5",
            "personas": [{"id": "busy"}, {"id": "silent"}],
            "touchpoints": [{"id": "a", "stage": "awareness", "name": "A", "personas": ["busy"]}],
        }
    )
    svg = svg_tree(render_dot(journey, [], view, persona="silent"))
    assert node_ids(svg) == set()
    assert "No touchpoints mapped" in texts(svg)
