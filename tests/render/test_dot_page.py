"""Diagrams that fit where they are shown: PDF pages of A4 or slide size (the real `dot`,
read back from the PDF's MediaBox), and long titles that wrap instead of widening the map."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from typer.testing import CliRunner

from cjm.cli import app
from cjm.model import Journey
from cjm.render.dot import render_dot, run_dot

from ..conftest import EXAMPLES
from .conftest import needs_dot

SVG = "{http://www.w3.org/2000/svg}"
A4_LANDSCAPE = (842, 595)  # points
SLIDE = (960, 540)  # 13.333 x 7.5 in, 16:9


def media_box(pdf: bytes) -> tuple[float, float]:
    boxes = re.findall(rb"/MediaBox \[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert len(boxes) == 1, boxes  # one page
    return float(boxes[0][0]), float(boxes[0][1])


@needs_dot
@pytest.mark.parametrize(("page", "limit"), [("a4", A4_LANDSCAPE), ("slide", SLIDE)])
def test_a_large_map_is_scaled_down_to_fit_the_page(saas, page, limit):
    source = render_dot(saas.journey, saas.personas, "map")
    natural = media_box(run_dot(source, "pdf", page="none"))
    assert natural[0] > 1.5 * limit[0]  # 23 touchpoints in 7 stages: a poster at natural size
    width, height = media_box(run_dot(source, "pdf", page=page))
    assert width <= limit[0] and height <= limit[1]
    # It fills the page in one direction and keeps its proportions (all but the margin,
    # which dot adds at full size).
    assert max(width / limit[0], height / limit[1]) > 0.85
    assert width / height == pytest.approx(natural[0] / natural[1], rel=0.1)


@needs_dot
def test_the_default_pdf_page_is_a4_landscape(saas):
    source = render_dot(saas.journey, saas.personas, "map")
    assert run_dot(source, "pdf") == run_dot(source, "pdf", page="a4")


@needs_dot
def test_a_small_diagram_is_not_blown_up_to_the_page():
    journey = Journey.model_validate(
        {
            "cjm": 1,
            "id": "tiny",
            "title": "Tiny",
            "stages": [{"id": "only"}],
            "personas": [{"id": "p"}],
            "touchpoints": [{"id": "a", "stage": "only", "name": "A"}],
        }
    )
    source = render_dot(journey, [], "map")
    assert media_box(run_dot(source, "pdf", page="a4")) == media_box(run_dot(source, "pdf", page="none"))


@needs_dot
def test_page_is_an_option_of_render_for_pdf_only(tmp_path):
    runner = CliRunner()
    done = runner.invoke(
        app,
        [
            "render",
            str(EXAMPLES / "journeys" / "saas-subscription.yaml"),
            "-f",
            "pdf",
            "--page",
            "slide",
            "-o",
            str(tmp_path),
        ],
    )
    assert done.exit_code == 0, done.output
    width, height = media_box((tmp_path / "saas-subscription.map.pdf").read_bytes())
    assert width <= SLIDE[0] and height <= SLIDE[1]
    refused = runner.invoke(app, ["render", str(EXAMPLES), "-f", "svg", "--page", "a4", "-o", str(tmp_path)])
    assert refused.exit_code == 2
    assert "--page applies to -f pdf, not to -f svg" in refused.stderr


def test_an_unknown_page_is_refused():
    with pytest.raises(ValueError, match="unknown page 'letter'; expected one of a4, slide, none"):
        run_dot("digraph {}", "pdf", page="letter")


LONG_TITLE = (
    "A very long journey title that a CX lead wrote because the steering committee wanted every "
    "stakeholder named, from procurement through site supervision to the facilities team"
)
LONG_STAGE = "Tender, contract negotiation, legal review and framework sign-off"


def titled(title: str, stage_name: str = "Visit") -> Journey:
    return Journey.model_validate(
        {
            "cjm": 1,
            "id": "titled",
            "title": title,
            "stages": [{"id": "tender", "name": stage_name}, {"id": "visit", "name": "Visit"}],
            "personas": [{"id": "p"}],
            "touchpoints": [{"id": "a", "stage": "tender", "name": "A", "emotion": 3}],
        }
    )


def drawing_width(svg: ET.Element) -> float:
    return float(svg.get("width").removesuffix("pt"))


def text_lines(svg: ET.Element) -> list[str]:
    return [t.text or "" for t in svg.iter(f"{SVG}text")]


@needs_dot
@pytest.mark.parametrize("view", ["map", "flow"])
def test_a_long_title_wraps_whole_and_does_not_widen_the_diagram(view):
    short = ET.fromstring(run_dot(render_dot(titled("Short"), [], view), "svg"))
    long = ET.fromstring(run_dot(render_dot(titled(LONG_TITLE), [], view), "svg"))
    assert drawing_width(long) == pytest.approx(drawing_width(short), abs=1)
    lines = text_lines(long)
    start = next(i for i, t in enumerate(lines) if t.startswith("A very long"))
    end = next(i for i, t in enumerate(lines) if t.startswith(("Journey map", "Touchpoint flow")))
    title = lines[start:end]
    assert 2 <= len(title) <= 4
    assert " ".join(title) == LONG_TITLE  # every word, none cut off
    assert all(len(line) <= 90 for line in title)


@needs_dot
def test_a_long_stage_title_wraps_whole():
    svg = ET.fromstring(run_dot(render_dot(titled("T", LONG_STAGE), [], "map"), "svg"))
    lines = text_lines(svg)
    start = next(i for i, t in enumerate(lines) if t.startswith("1") and "Tender" in t)
    assert " ".join(" ".join(lines[start : start + 3]).split()) == f"1 {LONG_STAGE}"
