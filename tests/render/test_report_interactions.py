"""The report as a person uses it, in headless Chromium driven by Playwright: following the
section links and the emotion curve's points, reading tooltips by hovering, moving through
the page with the keyboard, opening a fold-out, and printing it.

The page has no script (its Content-Security-Policy forbids one), so every interaction is
plain HTML, SVG and CSS: links to anchors, `title` tooltips, `:target` and `:focus-visible`.
Each check waits for a condition (the address, an element in view) and never sleeps; "seen"
means the element is in the viewport and is what lies on top at its centre, so nothing (the
sticky section bar above all) covers it.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect
from typer.testing import CliRunner

from cjm.cli import app
from cjm.render.site import Job

from ..conftest import EXAMPLES
from .browser import Browser, LivePage

PAGE = "saas-subscription.html"
SECTIONS = [
    ("Personas", "personas"),
    ("Journey map", "map"),
    ("Coverage", "coverage"),
    ("Action plan", "actions"),
    ("Metrics", "metrics"),
    ("Findings", "findings"),
]
# CSS pixels across an A3 landscape sheet inside the report's 12 mm page margins.
A3_PRINTABLE_PX = round((420 - 2 * 12) / 25.4 * 96)

# What covers an element: null when the topmost element at its centre is the element itself
# (or inside it), otherwise a short description of what lies on top. Probed where it paints:
# a link that wraps onto two lines at its first line (the centre of its box can be the gap
# at the end of a line), an emotion-curve link at its dot (not between the dot and its number).
_COVERED_BY = """e => {
  const probe = (e instanceof SVGElement && e.querySelector("circle:last-of-type")) || e;
  const r = probe.getClientRects()[0] || probe.getBoundingClientRect();
  const x = r.left + r.width / 2, y = r.top + r.height / 2;
  if (r.bottom <= 0 || r.top >= innerHeight || r.right <= 0 || r.left >= innerWidth) return "nothing: it is off screen";
  const hit = document.elementFromPoint(x, y);
  if (hit && e.contains(hit)) return null;
  const owner = hit && (hit.closest("nav, [id]") || hit.closest("[class]"));
  return owner ? `<${owner.tagName.toLowerCase()} ${owner.id ? "id=" + owner.id : "class=" + owner.getAttribute("class")}>` : String(hit);
}"""

# The focused element as a person perceives it: its name (an SVG link's name is its <title>),
# its focus ring and whether it is seen.
_FOCUSED = f"""() => {{
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const title = e.querySelector(":scope > title");
  const style = getComputedStyle(e);
  return {{
    name: (title ? title.textContent : e.textContent).trim(),
    href: e.getAttribute("href"),
    ring: `${{style.outlineStyle}} ${{style.outlineWidth}}`,
    covered_by: ({_COVERED_BY})(e),
  }};
}}"""

# The text of the tooltip a person sees: the <title> (SVG) or title attribute (HTML) of the
# innermost hovered element or its nearest ancestor that has one.
_TOOLTIP = """() => {
  const hovered = [...document.querySelectorAll(":hover")].pop();
  for (let e = hovered; e; e = e.parentElement) {
    const title = e.querySelector(":scope > title");
    if (title) return title.textContent;
    if (e.getAttribute("title")) return e.getAttribute("title");
  }
  return null;
}"""


def covered_by(element: Locator) -> str | None:
    return element.evaluate(_COVERED_BY)


def assert_seen(element: Locator, what: str) -> None:
    expect(element).to_be_in_viewport()
    cover = covered_by(element)
    assert cover is None, f"{what} is not seen: {cover} lies on top of it"


def hover_tooltip(page: Page, element: Locator, what: str) -> str | None:
    """Point at `element` as a person would and read the tooltip that appears."""
    element.scroll_into_view_if_needed()
    assert_seen(element, what)  # checked first: a covered element would make hover() wait
    element.hover()
    return page.evaluate(_TOOLTIP)


@pytest.fixture
def report(browser: Browser, site: Path) -> Iterator[LivePage]:
    """The SaaS journey's page on a laptop-sized screen."""
    with browser.visit((site / PAGE).as_uri(), 1440, 900) as live:
        yield live


# --- links ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("link", "section"), SECTIONS)
def test_a_section_link_shows_its_heading_below_the_sticky_bar(report, link, section):
    page = report.page
    bar = page.get_by_role("navigation", name="Sections")
    bar.get_by_role("link", name=link, exact=True).click()
    expect(page).to_have_url(re.compile(f"#{section}$"))
    assert_seen(page.locator(f"#{section}-h"), f"the heading of {link!r}")
    expect(bar).to_be_in_viewport()  # the bar stays at the top of the screen
    assert report.console_errors == []


def test_clicking_a_low_point_of_the_curve_shows_its_card_outlined(report):
    page = report.page
    point = page.locator("td.curve").get_by_role("link", name=re.compile(r"^#12 "))
    point.click()
    expect(page).to_have_url(re.compile("#tp-crm-integration$"))
    card = page.locator("article.card#tp-crm-integration")
    expect(card).to_have_css("outline", re.compile(r"solid 3px$"))
    assert_seen(card.locator(".top"), "the top line of the card (channel and number)")
    expect(card.locator(".name")).to_have_text("Connects Salesforce and backfills 24 months of history")


def test_an_action_links_to_the_touchpoint_it_addresses(report):
    page = report.page
    page.locator("#actions").get_by_role("link", name=re.compile(r"^#3 ")).click()
    expect(page).to_have_url(re.compile("#tp-gated-benchmark-report$"))
    assert_seen(page.locator("#tp-gated-benchmark-report .top"), "the card the action addresses")


def test_the_index_links_every_journey_and_each_page_links_back(browser, site, example_jobs):
    with browser.visit((site / "index.html").as_uri(), 1440, 900) as live:
        page = live.page
        journeys = page.locator("table.journeys a.jt")
        expect(journeys).to_have_count(len(example_jobs))
        titles = journeys.all_inner_texts()
        assert sorted(titles) == sorted(job.journey.title for job in example_jobs.values())
        for title in titles:
            page.get_by_role("link", name=title, exact=True).click()
            expect(page.get_by_role("heading", level=1)).to_have_text(title)
            page.get_by_role("link", name="← All journeys").click()
            expect(page.get_by_role("heading", level=1)).to_have_text("Journey maps: examples")
        assert live.console_errors == []


# --- tooltips -------------------------------------------------------------------------------


def test_every_point_of_the_emotion_curve_has_a_tooltip_naming_its_touchpoint(report, saas: Job):
    page = report.page
    points = page.locator("td.curve svg a")
    expect(points).to_have_count(len(saas.journey.touchpoints))
    tooltips = [
        hover_tooltip(page, points.nth(i).locator("circle").last, f"the dot of curve point {i + 1}")
        for i in range(points.count())
    ]
    assert [t.split(" ", 1)[0] for t in tooltips] == [f"#{n}" for n in range(1, len(tooltips) + 1)]
    assert {t.split(" ", 1)[1].split(": emotion")[0] for t in tooltips} == {tp.name for tp in saas.journey.touchpoints}
    assert tooltips[2] == (
        '#3 Downloads the "B2B Pipeline Attribution Benchmark 2026" report from a LinkedIn ad: '
        "emotion 2 (pestered), target 4"
    )


def test_a_pain_flag_tooltip_says_how_many_pain_points_the_card_has(report, saas: Job):
    page = report.page
    flags = page.locator("article.card .flag")
    expect(flags).to_have_count(sum(1 for tp in saas.journey.touchpoints if tp.pain_points))
    by_anchor = {f"tp-{tp.id}": len(tp.pain_points) for tp in saas.journey.touchpoints}
    for i in range(flags.count()):
        flag = flags.nth(i)
        n = by_anchor[flag.evaluate("e => e.closest('article.card').id")]
        assert hover_tooltip(page, flag, f"pain flag {i + 1}") == f"{n} pain point{'s' if n != 1 else ''}"
        expect(flag).to_have_text(f"⚠ {n}")


def test_every_dot_of_the_impact_effort_matrix_has_a_tooltip(report, saas: Job):
    page = report.page
    placed = [a for a in saas.journey.actions if a.impact is not None and a.effort is not None]
    dots = page.locator("figure.matrix svg g:has(> title)")
    expect(dots).to_have_count(len(placed))
    tooltips = [hover_tooltip(page, dots.nth(i), f"action dot {i + 1}") for i in range(dots.count())]
    assert sorted(t.split(" ", 1)[0] for t in tooltips) == sorted(f"A{n}" for n in range(1, len(placed) + 1))
    assert (
        tooltips[0] == "A5 Ungate the benchmark report and stop SDR follow-up on content downloads: impact 3, effort 1"
    )


# --- keyboard -------------------------------------------------------------------------------


def test_tab_reaches_every_link_in_reading_order_each_seen_with_a_focus_ring(report):
    page = report.page
    links = page.locator("a[href]").count()
    stops = []
    for _ in range(links + 1):  # one more: past the last link focus leaves the page
        page.keyboard.press("Tab")
        stop = page.evaluate(_FOCUSED)
        if stop is None:
            break
        stops.append(stop)
    assert len(stops) == links
    assert [s["name"] for s in stops[:8]] == [
        "← All journeys",
        "Personas",
        "Journey map",
        "Coverage",
        "Action plan",
        "Metrics",
        "Findings",
        '#1 Searches "multi-touch attribution for HubSpot" and reads a comparison article: emotion 3 (curious), target 4',
    ]
    assert [s for s in stops if s["ring"] != "solid 3px"] == []
    assert [s for s in stops if s["covered_by"] is not None] == []


def test_enter_on_a_focused_link_follows_it(report):
    page = report.page
    page.get_by_role("navigation", name="Sections").get_by_role("link", name="Action plan").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("#actions$"))
    page.locator("td.curve").get_by_role("link", name=re.compile(r"^#12 ")).focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("#tp-crm-integration$"))
    assert_seen(page.locator("#tp-crm-integration .top"), "the card of curve point 12")


# --- print ----------------------------------------------------------------------------------


def test_the_printed_report_fits_an_a3_landscape_page_with_nothing_cut_off(browser, site):
    with browser.visit((site / PAGE).as_uri(), A3_PRINTABLE_PX, 1000, media="print") as live:
        page = live.page
        expect(page.locator(".topbar")).to_be_hidden()
        expect(page.get_by_role("navigation", name="Sections")).to_be_hidden()
        expect(page.locator("#map")).to_have_css("break-before", "page")  # the map starts a page
        beyond_the_edge, scrolled_away = page.evaluate(
            """() => {
              const all = [...document.querySelectorAll("main *")].filter((e) => !e.closest(".visually-hidden"));
              const name = (e) => `${e.tagName.toLowerCase()}.${e.getAttribute("class")}`;
              return [
                all.filter((e) => e.getBoundingClientRect().right > innerWidth + 0.5).map(name),
                all.filter((e) => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== "visible").map(name),
              ];
            }"""
        )
        assert beyond_the_edge == []  # nothing runs off the right edge of the paper
        assert scrolled_away == []  # and nothing hides in a scroll box, which paper has not
        pdf = page.pdf(prefer_css_page_size=True, print_background=True)
        assert live.console_errors == []
    boxes = [tuple(round(float(v)) for v in m) for m in re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf)]
    assert len(boxes) >= 2  # the header and personas, then the map on a page of its own
    assert set(boxes) == {(1191, 842)}  # every page 420 x 297 mm, in points


# --- toggles --------------------------------------------------------------------------------


def test_a_cards_other_quotes_open_when_their_fold_out_is_clicked(browser: Browser, tmp_path: Path):
    ws = tmp_path / "ws"
    shutil.copytree(EXAMPLES, ws)
    journey = ws / "journeys" / "industrial-equipment.yaml"
    first = "        source: Second-shift interview, 2026-08-19\n"
    text = journey.read_text(encoding="utf-8")
    assert first in text
    second = "      - text: The video was better than the manual.\n        persona: machine-operator\n"
    journey.write_text(text.replace(first, first + second), encoding="utf-8")
    out = tmp_path / "site"
    result = CliRunner().invoke(app, ["report", str(ws), "-o", str(out), "--today", "2026-12-01"])
    assert result.exit_code == 0, result.output
    with browser.visit((out / "industrial-equipment.html").as_uri(), 1440, 900) as live:
        page = live.page
        fold = page.locator("details.more-quotes")
        expect(fold).to_have_count(1)
        hidden = fold.get_by_text("The video was better than the manual.")
        expect(hidden).to_be_hidden()
        summary = fold.locator("summary")
        expect(summary).to_have_text("All 2 quotes")
        summary.scroll_into_view_if_needed()
        assert_seen(summary, "the fold-out of the card's other quotes")
        summary.click()
        expect(hidden).to_be_visible()
        summary.click()
        expect(hidden).to_be_hidden()
        assert live.console_errors == []
