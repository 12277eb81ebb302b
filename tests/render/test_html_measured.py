"""The report of a measured journey: the figures `cjm measure --write` put in `measured:`
appear where a CX team looks (funnel, cards, emotion curve, observed flow, committee), each
with its as_of date and window; withheld figures read "<5"; journeys without `measured:`
render as before."""

from __future__ import annotations

import re

import pytest

from cjm.render.common import numbered, stage_columns
from cjm.render.evidence import breadth, flow, funnel
from cjm.render.html import IndexEntry, journey_page, render_html, render_index

from .measured_data import SMALL_STAMP, STAMP, demo_job, small_job
from .test_html import Page
from .test_security import NASTIER, SCRIPT, hostile, scan


@pytest.fixture(scope="module")
def demo():
    return demo_job()


@pytest.fixture(scope="module")
def demo_html(demo) -> str:
    return render_html(demo.journey, demo.personas, demo.findings, source=demo.source.display)


@pytest.fixture
def small(tmp_path):
    return small_job(tmp_path)


def text_of(html: str) -> str:
    return Page(html).all_text()


def classes(html: str) -> set[str]:
    return {c for _, attrs in Page(html).tags for c in (attrs.get("class") or "").split()}


def sections(html: str) -> dict[str, str]:
    """id -> the HTML of each <section> of the page."""
    return dict(re.findall(r'<section id="([a-z-]+)"[^>]*>(.*?)</section>', html, re.S))


def test_the_funnel_has_accounts_conversion_drop_off_and_days_per_stage(demo):
    f = funnel(demo.journey)
    assert [(s.title, s.accounts, s.conversion, s.drop_off) for s in f.stages] == [
        ("Awareness", "400", "23.8%", "76.3%"),
        ("Consideration", "95", "62.1%", "37.9%"),
        ("Decision", "59", "49.2%", "50.8%"),
        ("Implementation", "29", "79.3%", "20.7%"),
        ("Growth", "23", None, None),  # the last stage: nothing comes after it
    ]
    assert [(s.median_days, s.p90_days) for s in f.stages][:2] == [("10.2 d", "16.1 d"), ("11.6 d", "17.9 d")]
    bars = [s.h for s in f.stages]
    assert bars == sorted(bars, reverse=True) and bars[0] == 130.0  # heights in proportion to accounts
    assert all(s.link for s in f.stages[:-1]) and not f.stages[-1].link


def test_measured_pages_carry_the_measured_stylesheet(demo_html):
    assert ".evidence-strip {" in demo_html and ".mf-bar {" in demo_html


def test_every_measured_section_says_as_of_and_window(demo_html):
    found = sections(demo_html)
    measured = ["funnel", "map", "flow", "evidence", "committee"]
    assert set(measured) <= set(found)
    for name in measured:
        assert STAMP in text_of(found[name]), f"section {name} does not say when it was measured"
    assert "Measured · as of 2026-07-28" in text_of(demo_html)


def test_cards_show_reach_survey_and_response_rate_beside_the_asserted_emotion(demo):
    page = journey_page(demo.journey, demo.personas)
    card = {v.tp.id: v for s in page.stages for v in s.touchpoints}
    call = card["demo-call"].evidence
    assert call.reach == "75 accounts · 18.8%"
    assert call.survey == "CSAT 3.8 · 33 responses · 42.3% responded"
    assert (call.emotion, call.gap) == ("3.8", 0.8)  # asserted 3
    assert card["kickoff"].evidence.survey == "NPS -62.5 · 8 responses · 26.7% responded"
    assert card["kickoff"].evidence.gap == -1.0
    assert card["onboarding-training"].evidence.reach == "reach not measured (no events:)"
    assert STAMP in call.title


def test_the_emotion_chart_draws_the_asserted_and_the_measured_curve_with_responses(demo, demo_html):
    curve = journey_page(demo.journey, demo.personas).curve
    assert curve.current_path.count("L") == 3  # 4 asserted emotions
    assert curve.measured_path.count("L") == 2  # 3 surveyed touchpoints
    assert [p.label for p in curve.measured_points] == ["n=33", "n=8", "n=10"]
    assert curve.stamp == STAMP
    chart = sections(demo_html)["map"]
    assert 'class="measured-line"' in chart and "measured (surveys, n = responses)" in chart


def test_the_flow_draws_observed_transitions_by_accounts_and_marks_undesigned_edges(demo):
    numbers = numbered(stage_columns(demo.journey))
    fl = flow(demo.journey, numbers)
    arcs = {(fl.nodes[a.source].number, fl.nodes[a.target].number): a for a in fl.arcs}
    widest = max(fl.arcs, key=lambda a: a.width)
    assert (widest.kind, widest.label, widest.width) == ("designed", "278", 16.0)  # blog -> pricing
    assert arcs[(4, 6)].kind == "undesigned" and arcs[(4, 6)].label == "9"  # demo request -> security review
    assert arcs[(3, 2)].kind == "undesigned" and arcs[(3, 2)].label == "<5"  # withheld, drawn thin
    assert arcs[(3, 2)].width == 1.5
    assert fl.undesigned[0].source == "#4 Requests a demo" and fl.undesigned[0].accounts == "9"
    assert fl.unobserved == ()  # every designed edge between measured touchpoints was taken
    assert fl.conformance == "92.3%"
    assert not fl.nodes[10].measured and fl.nodes[10].accounts == "no events"  # onboarding training


def test_designed_edges_never_observed_are_marked(small):
    numbers = numbered(stage_columns(small.journey))
    fl = flow(small.journey, numbers)
    kinds = {(fl.nodes[a.source].number, fl.nodes[a.target].number): (a.kind, a.label) for a in fl.arcs}
    assert kinds == {
        (1, 2): ("designed", "30"),
        (1, 3): ("unobserved", "never observed"),
        (2, 3): ("unobserved", "never observed"),
        (2, 1): ("undesigned", "6"),
        (1, 4): ("undesigned", "<5"),
    }
    assert fl.unobserved == (("#1 Sees an ad", "#3 Signs"), ("#2 Books a call", "#3 Signs"))


def test_committee_breadth_shows_conversion_by_roles_engaged(demo):
    b = breadth(demo.journey)
    assert [g.title for g in b.groups] == ["Awareness", "Consideration", "Decision", "Implementation"]
    awareness = b.groups[0]
    assert [(x.bucket, x.conversion, x.accounts) for x in awareness.bars] == [
        ("1", "15.7%", "229"),
        ("2", "26.8%", "138"),
        ("3+", "66.7%", "33"),
    ]
    assert awareness.bars[2].h > awareness.bars[1].h > awareness.bars[0].h


def test_withheld_figures_read_as_the_file_writes_them(small):
    html = render_html(small.journey, small.personas)
    text = text_of(html)
    f = funnel(small.journey)
    assert [(s.accounts, s.conversion) for s in f.stages[:3]] == [("40", "75%"), ("30", "<5"), ("<5", None)]
    assert f.stages[2].withheld and f.stages[3].accounts == "not measured"
    assert "Reach <5 accounts · <5" in text  # touchpoint c
    assert "Survey <5 responses" in text and "measured <5" in text  # touchpoint a
    assert [(b.bucket, b.conversion, b.withheld) for b in breadth(small.journey).groups[0].bars] == [
        ("1", "50%", False),
        ("2", "<5", True),
    ]
    assert SMALL_STAMP in text
    assert "Reach no measured reach" in text  # d has events: but no figures yet


def test_the_index_shows_each_measured_funnel_with_its_stamp(demo, example_jobs):
    saas = example_jobs["saas-subscription"]
    html = render_index(
        [
            IndexEntry(demo.journey, "marketing-platform.html", demo.findings),
            IndexEntry(saas.journey, "saas-subscription.html", saas.findings),
        ]
    )
    funnels = sections(html)["funnels"]
    text = text_of(funnels)
    assert "Mid-market team buys a marketing analytics platform" in text and saas.journey.title not in text
    assert STAMP in text
    rows = re.findall(r'<tr><th scope="row">(\w+)</th>.*?mf-n">([^<]+)<.*?mf-conv">([^<]+)<', funnels, re.S)
    assert rows[:2] == [("Awareness", "400", "→ 23.8%"), ("Consideration", "95", "→ 62.1%")]
    assert "400 accounts measured" in text_of(html)


def test_journeys_without_measured_blocks_render_as_before(example_jobs):
    for job in example_jobs.values():
        assert job.journey.measured is None
        html = render_html(job.journey, job.personas, job.findings)
        assert "measured" not in classes(html)
        assert not {"funnel", "flow", "evidence", "committee"} & set(sections(html))
        assert 'class="evidence' not in html and "measured-line" not in html
        assert ".evidence-strip" not in html  # not even the measured stylesheet: the page is as it was
    index = render_index([IndexEntry(j.journey, "x.html") for j in example_jobs.values()])
    assert 'id="funnels"' not in index and ".mf-bar" not in index


@pytest.mark.parametrize("payload", [SCRIPT, NASTIER], ids=["script-tag", "attribute-breakout"])
def test_hostile_names_and_activity_names_stay_text(demo, payload):
    journey = hostile(demo.journey, demo.personas, payload)
    touchpoints = [tp.model_copy(update={"events": [f"{payload}{i}"]}) for i, tp in enumerate(journey.touchpoints)]
    journey = journey.model_copy(update={"touchpoints": touchpoints})
    html = render_html(journey, list(journey.personas))
    markup = scan(html)
    assert markup.dangerous == []
    assert f"{payload}4" in markup.text  # the activity names are shown, as text
    assert payload in markup.text
    index = scan(render_index([IndexEntry(journey, "x.html")]))
    assert index.dangerous == [] and payload in index.text


def test_the_measured_report_is_byte_identical_run_to_run(demo):
    first = render_html(demo.journey, demo.personas, demo.findings)
    again = render_html(demo.journey, demo.personas, demo.findings)
    assert first == again
    assert "<script" not in first and "http://" not in first.replace("http://www.w3.org/2000/svg", "")
