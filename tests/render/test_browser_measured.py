"""The report of a measured journey in a real browser: headless Chromium opens it, logs no
errors, and really draws the stage funnel, the observed flow, the committee chart and both
emotion curves (asserted and measured), measured on the laid-out page.

Uses only the `browser` fixture, `browser.open(...)` and its PageResult, as
test_browser.py does (the conftest fixture: without Chromium it fails and says what to install).
"""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from cjm.cli import app

from .browser import ink_share
from .conftest import TODAY
from .measured_data import MEASURED


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("measured-site")
    result = CliRunner().invoke(app, ["report", str(MEASURED), "-o", str(out), "--today", TODAY.isoformat()])
    assert result.exit_code == 0, result.output
    return out


def assert_drawn(png: bytes) -> None:
    share, colours = ink_share(png)
    assert share > 0.1, f"screenshot is nearly blank ({share:.0%} of pixels drawn)"
    assert colours > 20, f"screenshot has only {colours} colours"


def heights(selector: str) -> str:
    return f"[...document.querySelectorAll({selector!r})].map(e => Math.round(e.getBoundingClientRect().height))"


def test_the_funnel_is_drawn_one_bar_per_stage_shrinking(browser, site):
    result = browser.open(
        (site / "marketing-platform.html").as_uri(),
        1600,
        900,
        selector="#funnel",
        scale=0.5,
        evaluate=(
            heights("svg.funnel rect.funnel-bar"),
            "document.querySelectorAll('svg.funnel polygon.funnel-link').length",
            "document.querySelector('#funnel').innerText.includes('as of 2026-07-28')",
        ),
    )
    assert result.console_errors == []
    assert_drawn(result.screenshot)
    bars, links, stamped = result.values
    assert len(bars) == 5 and bars == sorted(bars, reverse=True) and bars[0] > 100 > bars[-1] > 0
    assert links == 4  # conversion between each pair of stages
    assert stamped is True


def test_both_emotion_curves_are_drawn(browser, site):
    result = browser.open(
        (site / "marketing-platform.html").as_uri(),
        1600,
        1300,
        selector="#map",
        scale=0.5,
        evaluate=(
            "document.querySelector('td.curve path[stroke=\"#1f2937\"]').getBoundingClientRect().width",
            "document.querySelector('td.curve path.measured-line').getBoundingClientRect().width",
            "document.querySelector('td.curve path.measured-line').getTotalLength()",
            "[...document.querySelectorAll('td.curve .measured-point text')].map(t => t.textContent)",
            "getComputedStyle(document.querySelector('td.curve path.measured-line')).stroke",
        ),
    )
    assert result.console_errors == []
    assert_drawn(result.screenshot)
    asserted_width, measured_width, measured_length, labels, stroke = result.values
    assert asserted_width > 200 and measured_width > 200 and measured_length > 100
    assert labels == ["n=33", "n=8", "n=10"]
    assert stroke == "rgb(29, 78, 216)"  # the measured blue, distinct from the asserted ink


def test_the_observed_flow_is_drawn_with_weighted_and_marked_edges(browser, site):
    result = browser.open(
        (site / "marketing-platform.html").as_uri(),
        1600,
        900,
        selector="#flow",
        scale=0.5,
        evaluate=(
            "document.querySelectorAll('svg.flow path.arc.designed').length",
            "document.querySelectorAll('svg.flow path.arc.undesigned').length",
            "Math.max(...[...document.querySelectorAll('svg.flow path.arc')].map(p => p.getBoundingClientRect().width))",
            "document.querySelector('svg.flow').getBoundingClientRect().width",
            "[...document.querySelectorAll('svg.flow path.arc')].map(p => +p.getAttribute('stroke-width'))",
        ),
    )
    assert result.console_errors == []
    assert_drawn(result.screenshot)
    designed, undesigned, widest_arc, flow_width, strokes = result.values
    assert designed == 12 and undesigned == 15
    assert flow_width > 1000 and widest_arc > 100
    assert max(strokes) == 16 and min(strokes) == 1.5  # width is accounts: 278 down to withheld


def test_committee_and_index_funnel_are_drawn(browser, site):
    page = browser.open(
        (site / "marketing-platform.html").as_uri(),
        1600,
        700,
        selector="#committee",
        scale=0.5,
        evaluate=(heights("svg.breadth rect.breadth-bar"),),
    )
    assert page.console_errors == []
    (bars,) = page.values
    assert len(bars) == 12 and min(bars) > 0
    index = browser.open(
        (site / "index.html").as_uri(),
        1440,
        900,
        scale=0.5,
        evaluate=(
            "[...document.querySelectorAll('.mf-bar > span')].map(s => Math.round(s.getBoundingClientRect().width))",
        ),
    )
    assert index.console_errors == []
    assert_drawn(index.screenshot)
    (widths,) = index.values
    assert len(widths) == 5 and widths == sorted(widths, reverse=True) and widths[0] > 100


def test_the_measured_report_prints_on_a3_landscape(browser, site):
    result = browser.open(
        (site / "marketing-platform.html").as_uri(),
        1587,
        1123,
        media="print",
        pdf=True,
        evaluate=(
            "document.querySelector('svg.flow').getBoundingClientRect().right",
            "document.querySelector('#flow').getBoundingClientRect().right",
        ),
    )
    assert result.console_errors == []
    assert result.pdf is not None and result.pdf.startswith(b"%PDF")
    flow_right, section_right = result.values
    assert 0 < flow_right <= section_right  # in print the flow fits its section: nothing cut off


def test_the_measured_report_fits_a_laptop_screen(browser, site):
    result = browser.open(
        (site / "marketing-platform.html").as_uri(),
        1280,
        800,
        scale=0.5,
        evaluate=("document.documentElement.scrollWidth",),
    )
    assert result.console_errors == []
    (page_width,) = result.values
    assert page_width <= 1280  # the flow and the evidence table scroll inside their own boxes
