"""The HTML report: each section shows what a CX review needs, and the page stands alone."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser

from cjm.findings import Finding, Severity
from cjm.model import Action, MetricDefinition, Persona
from cjm.render.html import IndexEntry, JourneyLink, index_rows, journey_page, render_html, render_index

from .big import big_journey
from .conftest import with_parent


class Page(HTMLParser):
    """Tags, attributes and text of an HTML page, for asserting on structure."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def all_text(self) -> str:
        return " ".join(" ".join(self.text).split())

    def ids(self) -> list[str]:
        return [a["id"] for _, a in self.tags if a.get("id")]


def report(job, **kwargs) -> str:
    return render_html(job.journey, job.personas, job.findings, source=job.source.display, **kwargs)


def test_header_shows_what_the_map_is_for(saas):
    text = Page(report(saas)).all_text()
    for expected in (
        "Mid-market marketing-analytics SaaS, first search to advocacy",
        "Current state",
        "Shorten the 74-day sales cycle",
        "Scope Mid-market B2B companies",
        "Owner cx team",
        "Reviewed 2026-10-14",
        "Touchpoints 23 in 7 stages",
        "Stages covered 7/7",
    ):
        assert expected in text, expected


def test_persona_cards_include_library_personas_with_role_goals_pains_and_channels(saas):
    text = Page(report(saas)).all_text()
    # Maya is defined in personas/buying-committee.yaml, not in the journey file.
    assert "Maya, Head of Marketing Economic buyer · 13 touchpoints" in text
    assert "Grow marketing-sourced pipeline 30% without adding headcount" in text
    assert "Cannot prove which channels create pipeline" in text
    assert "peer-referral" in text


def test_map_grid_has_a_column_per_stage_and_a_row_per_lane(saas):
    page = Page(report(saas))
    col_heads = [
        a for t, a in page.tags if t == "th" and a.get("scope") == "col" and "stage-head" in (a.get("class") or "")
    ]
    assert len(col_heads) == 7
    text = page.all_text()
    for lane in ("Customer actions", "Touchpoints", "Emotion", "Pain points", "Opportunities", "Backstage", "Metrics"):
        assert lane.upper() in text.upper()
    # Every touchpoint is a card that other sections can link to.
    assert {f"tp-{tp.id}" for tp in saas.journey.touchpoints} <= set(page.ids())


def test_lanes_nobody_filled_are_left_out(example_jobs):
    page = journey_page(
        example_jobs["account-management-future"].journey, example_jobs["account-management-future"].personas
    )
    lanes = [title for _, title in page.lanes]
    assert "Touchpoints" in lanes and "Emotion" in lanes
    assert all(
        any(getattr(tp, key, None) for tp in page.journey.touchpoints)
        for key, _ in page.lanes
        if key in ("backstage", "opportunities")
    )


def test_emotion_curve_plots_current_and_target_and_rings_the_lows(saas):
    page = journey_page(saas.journey, saas.personas)
    curve = page.curve
    assert len(curve.points) == 23
    lows = [p.view.tp.id for p in curve.points if p.view.low]
    assert lows == [tp.id for tp in saas.journey.touchpoints if tp.emotion is not None and tp.emotion <= 2]
    html = report(saas)
    assert html.count('class="low-ring"') == len(lows)  # one ring per low
    assert 'stroke-dasharray="6 5"' in html  # the dashed target line
    assert "lows: #3 Downloads the" in curve.description  # the lows are spelled out for screen readers


def test_curve_points_sit_in_their_stage_columns(saas):
    page = journey_page(saas.journey, saas.personas)
    for (x0, width, title), stage in zip(page.curve.bands, page.stages, strict=True):
        assert title == stage.column.stage.title
        for p in page.curve.points:
            if p.view in stage.touchpoints:
                assert x0 < p.x < x0 + width


def test_coverage_heatmap_counts_touchpoints_per_persona_and_stage(example_jobs):
    job = example_jobs["buying-jobs"]
    heat = journey_page(job.journey, job.personas).heatmap
    stage_ids = [s.id for s in job.journey.stage_list]
    for pid, (_title, cells, total) in zip(job.journey.persona_ids, heat.rows, strict=True):
        for sid, cell in zip(stage_ids, cells, strict=True):
            expected = sum(1 for tp in job.journey.touchpoints if tp.stage == sid and pid in tp.personas)
            assert cell.count == expected, (pid, sid)
        assert total == sum(c.count for c in cells)
    assert heat.cells == len(job.journey.persona_ids) * len(stage_ids)


def test_action_plan_is_sorted_by_priority_then_due_date(saas):
    page = journey_page(saas.journey, saas.personas)
    order = [(a.action.priority, a.action.due) for a in page.actions]
    rank = {"high": 0, "medium": 1, "low": 2}
    assert order == sorted(order, key=lambda pd: (rank[pd[0]], pd[1]))
    assert [a.action.id for a in page.actions][:2] == ["publish-pricing", "trust-centre"]


def test_actions_without_priority_or_due_date_come_last():
    journey = big_journey(20)
    journey = journey.model_copy(
        update={"actions": [Action(id="someday"), Action(id="soon", priority="low", due=dt.date(2027, 1, 1))]}
    )
    page = journey_page(journey, journey.personas)
    assert [a.action.id for a in page.actions] == ["soon", "someday"]
    assert page.matrix is None  # no impact/effort given: no matrix


def test_impact_effort_matrix_places_every_rated_action(saas):
    page = journey_page(saas.journey, saas.personas)
    assert page.matrix is not None
    assert sorted(p.label for p in page.matrix.points) == sorted(f"A{a.number}" for a in page.actions)
    html = report(saas)
    assert "QUICK WINS" in html and "MONEY PITS" in html


def test_metrics_compare_with_targets_in_the_right_direction(saas):
    rows = {(m.view.tp.id, m.key): m for m in journey_page(saas.journey, saas.personas).metrics}
    drop_off = rows[("pricing-page-visit", "drop_off_rate")]  # 0.58 against 0.4, lower is better
    assert (drop_off.status, drop_off.lower_is_better, drop_off.change) == ("missed", True, "−31%")
    ctr = rows[("search-attribution-tools", "organic_ctr")]  # 0.031 against 0.045
    assert (ctr.status, ctr.change) == ("missed", "+45%")
    assert rows[("in-app-help-chat", "csat")].status == "no-target"


def test_the_metric_catalogue_shows_values_in_their_unit_and_decides_the_direction(saas):
    catalogue = {
        "organic_ctr": MetricDefinition(unit="percent"),
        "drop_off_rate": MetricDefinition(unit="percent", better="higher"),  # deliberately odd: it wins
    }
    page = journey_page(saas.journey, saas.personas, metrics=catalogue)
    rows = {(m.view.tp.id, m.key): m for m in page.metrics}
    ctr = rows[("search-attribution-tools", "organic_ctr")]
    assert (ctr.value, ctr.target, ctr.status) == ("3.1%", "4.5%", "missed")
    drop_off = rows[("pricing-page-visit", "drop_off_rate")]  # 58% against 40%: now higher is better
    assert (drop_off.value, drop_off.target, drop_off.status, drop_off.lower_is_better) == ("58%", "40%", "met", False)
    text = Page(render_html(saas.journey, saas.personas, metrics=catalogue)).all_text()
    assert "organic ctr 3.1% / target 4.5%" in text  # the metrics lane of the journey table
    assert "0.031" not in text


def test_lint_findings_are_listed_errors_first(saas):
    findings = [
        Finding(saas.source.display, 9, 1, "stale-review", Severity.INFO, "reviewed long ago"),
        Finding(saas.source.display, 3, 1, "missing-owner", Severity.ERROR, "touchpoint has no owner"),
    ]
    page = Page(render_html(saas.journey, saas.personas, findings))
    text = page.all_text()
    assert text.index("missing-owner") < text.index("stale-review")
    assert "Lint 1 error" in text


def test_a_clean_journey_says_so_and_no_findings_section_without_findings(saas):
    assert "No findings: this journey passes" in report(saas.__class__(**{**saas.__dict__, "findings": ()}))
    assert 'id="findings"' not in render_html(saas.journey, saas.personas)


def test_page_loads_nothing_and_runs_nothing(saas):
    html = report(saas)
    page = Page(html)
    assert not [t for t, _ in page.tags if t in ("script", "link", "img", "iframe", "object", "embed")]
    urls = [v for _, a in page.tags for k, v in a.items() if k in ("href", "src") and v]
    assert all(u.startswith("#") for u in urls), urls
    assert "default-src 'none'" in html  # and the browser is told so


def test_parent_and_child_journeys_link_to_each_other(example_jobs):
    current = example_jobs["account-management-current"]
    future = with_parent(example_jobs["account-management-future"].journey, "account-management-current")
    links = {
        "account-management-current": JourneyLink("Today", "account-management-current.html"),
        "account-management-future": JourneyLink(
            "Target", "account-management-future.html", "account-management-current"
        ),
    }
    child_page = Page(render_html(future, current.personas, journey_links=links))
    assert ("a", {"href": "account-management-current.html"}) in child_page.tags
    parent_page = Page(render_html(current.journey, current.personas, journey_links=links))
    assert "Zoomed into by Target" in parent_page.all_text()


def test_persona_view_of_the_report_keeps_only_their_touchpoints(saas):
    page = journey_page(saas.journey, saas.personas, persona="vp-sales")
    assert [p.persona.id for p in page.personas] == ["vp-sales"]
    assert all("vp-sales" in v.tp.personas for s in page.stages for v in s.touchpoints)
    assert (
        "As experienced by Owen, VP Sales"
        in Page(render_html(saas.journey, saas.personas, persona="vp-sales")).all_text()
    )


def test_a_120_touchpoint_report_gives_busy_stages_room(saas):
    journey = big_journey(120)
    page = journey_page(journey, journey.personas)
    widths = {s.column.stage.id: s.width_pct for s in page.stages}
    assert widths["consideration"] > 3 * widths["advocacy"]  # 30 touchpoints against 8
    assert page.curve.show_numbers  # still room to number every point
    html = render_html(journey, journey.personas)
    assert len(re.findall(r'<article class="card"', html)) == 120


# --- the index page ----------------------------------------------------------------------------


def test_index_nests_journeys_under_their_parent(example_jobs):
    jobs = example_jobs
    entries = [
        IndexEntry(jobs["saas-subscription"].journey, "saas-subscription.html"),
        IndexEntry(with_parent(jobs["account-management-future"].journey, "account-management-current"), "f.html"),
        IndexEntry(jobs["account-management-current"].journey, "c.html"),
        IndexEntry(with_parent(jobs["buying-jobs"].journey, "saas-subscription"), "b.html"),
    ]
    rows = [(r.depth, r.entry.journey.id) for r in index_rows(entries)]
    assert rows == [
        (0, "account-management-current"),
        (1, "account-management-future"),
        (0, "saas-subscription"),
        (1, "buying-jobs"),
    ]


def test_index_survives_a_parent_cycle(example_jobs):
    a = with_parent(example_jobs["saas-subscription"].journey, "buying-jobs")
    b = with_parent(example_jobs["buying-jobs"].journey, "saas-subscription")
    rows = index_rows([IndexEntry(a, "a.html"), IndexEntry(b, "b.html")])
    assert sorted(r.entry.journey.id for r in rows) == ["buying-jobs", "saas-subscription"]


def test_index_shows_coverage_and_lint_status_at_a_glance(example_jobs):
    saas = example_jobs["saas-subscription"]
    error = Finding(saas.source.display, 1, 1, "missing-owner", Severity.ERROR, "no owner")
    html = render_index(
        [
            IndexEntry(saas.journey, "saas-subscription.html", saas.findings),
            IndexEntry(example_jobs["buying-jobs"].journey, "buying-jobs.html", [error]),
        ],
        "Journey maps: examples",
    )
    text = Page(html).all_text()
    assert "7/7" in text and "6/6" in text  # stages covered
    assert "✓ clean" in text and "✗ 1 error" in text
    assert ("a", {"class": "jt", "href": "saas-subscription.html"}) in Page(html).tags


def test_a_persona_with_no_touchpoints_gets_an_empty_report_not_an_error():
    from cjm.model import Journey
    from cjm.render.mermaid import render_mermaid

    journey = Journey.model_validate(
        {
            "cjm": 1,
            "id": "quiet",
            "title": "Quiet",
            "stages": "b2b-5",
            "personas": [{"id": "busy"}, {"id": "silent"}],
            "touchpoints": [{"id": "a", "stage": "awareness", "name": "A", "personas": ["busy"], "emotion": 2}],
        }
    )
    text = Page(render_html(journey, [], persona="silent")).all_text()
    assert "Touchpoints 0 in 5 stages" in text and "No touchpoints mapped" in text
    assert render_mermaid(journey, persona="silent") == "journey\n    title Quiet\n"


def test_the_report_reads_the_workspace_metric_catalogue(example_jobs):
    from cjm.render.site import render_one

    job = example_jobs["saas-subscription"]  # examples/cjm.yaml: gross_revenue_retention is a percent
    assert job.metrics["gross_revenue_retention"].unit == "percent"
    text = Page(render_one(job, "html").decode("utf-8")).all_text()
    assert "gross revenue retention 87% / target 92%" in text


def test_a_persona_card_names_a_custom_role_and_the_stages_it_is_expected_in(saas):
    journey = saas.journey.model_copy(
        update={
            "personas": [
                Persona(id="site-lead", name="Sam, Site Lead", role="site-staff", stages=["onboarding", "support"]),
                *saas.journey.personas[1:],
            ]
        }
    )
    [card, *_] = journey_page(journey, [journey.personas[0], *saas.personas[1:]]).personas
    assert (card.role, card.expected) == ("Site staff", ("Onboarding", "Support"))
    text = Page(render_html(journey, [journey.personas[0], *saas.personas[1:]])).all_text()
    assert "Site staff · " in text and "Expected in Onboarding, Support" in text
