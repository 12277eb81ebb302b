"""The report shows the issue 15 additions: KPI tiles against targets, emotion per persona
as small multiples, quotes on cards and persona cards, and evidence links. No script."""

from __future__ import annotations

from pathlib import Path

import pytest

import cjm
from cjm.model import Journey, MetricDefinition, Persona
from cjm.render.html import journey_page, render_html

from ..field_service import write_workspace
from .test_html import Page


@pytest.fixture
def field(tmp_path: Path) -> tuple[Journey, list[Persona]]:
    ws = cjm.load_workspace(write_workspace(tmp_path).parent)
    _, journey = ws.valid_journeys()[0]
    return journey, [p for p in journey.personas if isinstance(p, Persona)]


def test_journey_kpis_are_tiles_compared_with_their_targets(field):
    journey, personas = field
    tiles = journey_page(journey, personas).journey_kpis
    assert [(t.label, t.value, t.detail, t.tone) for t in tiles] == [
        ("Nps", "31", "target 45 · missed", "bad"),
        ("Renewal rate", "0.87", "target 0.85 · met", "good"),
        # `*_days`: lower is better, as for touchpoint metrics
        ("Sales cycle days", "74", "target 45 · missed", "bad"),
    ]
    text = Page(render_html(journey, personas)).all_text()
    assert "Journey KPIs Nps 31 target 45 · missed (higher is better) Renewal rate 0.87 target 0.85 · met" in text


def test_kpi_tiles_read_in_the_catalogues_unit_and_judge_by_its_better(field):
    journey, personas = field
    catalogue = {
        "renewal_rate": MetricDefinition(unit="percent", better="higher"),
        # A team that counts a long cycle as good (bigger deals): `better` wins over `*_days`.
        "sales_cycle_days": MetricDefinition(unit="days", better="higher"),
    }
    tiles = journey_page(journey, personas, metrics=catalogue).journey_kpis
    assert [(t.label, t.value, t.detail, t.tone) for t in tiles] == [
        ("Nps", "31", "target 45 · missed", "bad"),
        ("Renewal rate", "87%", "target 85% · met", "good"),
        ("Sales cycle days", "74 days", "target 45 days · met", "good"),
    ]
    text = Page(render_html(journey, personas, metrics=catalogue)).all_text()
    assert "Renewal rate 87% target 85% · met" in text
    assert "Sales cycle days 74 days target 45 days · met (higher is better)" in text


def test_a_journey_without_kpis_has_no_kpi_tiles(field):
    journey, personas = field
    plain = journey.model_copy(update={"metrics": {}, "targets": {}})
    assert "Journey KPIs" not in Page(render_html(plain, personas)).all_text()


def test_each_persona_gets_a_curve_of_their_own_on_the_main_curves_x_positions(field):
    journey, personas = field
    page = journey_page(journey, personas)
    assert ("persona_emotion", "Emotion by persona") in page.lanes
    assert page.curve is not None
    xs = [p.x for p in page.curve.points]
    sam, fay = page.persona_curves
    assert (sam.persona, [p.score for p in sam.points], [p.x for p in sam.points]) == ("Sam", [4], [xs[1]])
    assert (fay.persona, [p.score for p in fay.points], [p.x for p in fay.points]) == ("Fay", [4, 2], xs)
    assert fay.points[1].title == "#2 Technician arrives on site: Fay 2 (overall 3)"
    text = Page(render_html(journey, personas)).all_text()
    assert "Sam · mean 4.0" in text and "Fay · mean 3.0" in text


def test_the_persona_page_shows_only_that_personas_curve_and_quotes(field):
    journey, personas = field
    page = journey_page(journey, personas, persona="facilities-manager")
    assert [c.persona_id for c in page.persona_curves] == ["facilities-manager"]
    [fay] = page.personas
    assert [(q.text, q.by, q.touchpoint) for q in fay.quotes] == [
        ("I hear about visits from the invoice.", "Fay", "#2 Technician arrives on site")
    ]


def test_quotes_show_on_the_card_and_on_the_persona_who_said_them(field):
    journey, personas = field
    html = render_html(journey, personas)
    text = Page(html).all_text()
    # The card shows the first quote and counts the rest; all of them are one click away.
    assert "“Nobody told us the technician was coming.” Sam, Interview 2026-09-14 · +1 more" in text
    assert "All 2 quotes “I hear about visits from the invoice.” Fay" in text
    # Sam's persona card: what Sam said, linked to where.
    assert "In their words “Nobody told us the technician was coming.” Sam, Interview 2026-09-14 · #2" in text
    assert ("a", {"href": "#tp-technician-visit"}) in Page(html).tags


def test_evidence_is_a_web_link_or_a_workspace_file_name(field):
    journey, personas = field
    page = Page(render_html(journey, personas))
    links = [a for t, a in page.tags if t == "a" and not (a.get("href") or "#").startswith("#")]
    assert links == [{"href": "https://support.example.com/views/123", "rel": "noopener noreferrer"}]
    assert "Q3 support tickets tagged no-show (tickets) Visit survey export research/visit-survey.csv (survey)" in (
        page.all_text()
    )


def test_the_page_still_runs_and_loads_nothing(field):
    journey, personas = field
    html = render_html(journey, personas)
    tags = {t for t, _ in Page(html).tags}
    assert not tags & {"script", "link", "img", "iframe", "object", "embed"}
    assert "default-src 'none'" in html


def test_quote_and_evidence_text_is_shown_as_text_never_as_markup(field):
    journey, personas = field
    payload = '"><script>alert(1)</script><a href="javascript:alert(1)">x</a>'
    visit = journey.touchpoints[1]
    quotes = [q.model_copy(update={"text": payload, "source": payload}) for q in visit.quotes]
    evidence = [e.model_copy(update={"title": payload}) for e in visit.evidence]
    hostile = journey.model_copy(
        update={
            "touchpoints": [journey.touchpoints[0], visit.model_copy(update={"quotes": quotes, "evidence": evidence})]
        }
    )
    html = render_html(hostile, personas)
    assert payload not in html
    assert payload in Page(html).all_text()
    assert not [t for t, _ in Page(html).tags if t == "script"]


def test_a_card_shows_each_personas_score_and_marks_the_low_ones(field):
    journey, personas = field
    page = journey_page(journey, personas)
    visit = next(v for s in page.stages for v in s.touchpoints if v.tp.id == "technician-visit")
    assert visit.feels == (("Sam", 4), ("Fay", 2))
    html = render_html(journey, personas)
    assert '<span class="feel">Sam 4</span> · <span class="feel low">Fay 2</span>' in html
