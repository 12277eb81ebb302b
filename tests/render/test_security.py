"""Journey text is data, never markup: a journey whose every text field is a script tag
renders to HTML, SVG, DOT and Mermaid with no executable markup in any of them."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest

from cjm.model import Journey
from cjm.render.dot import render_dot, run_dot
from cjm.render.html import IndexEntry, render_html, render_index
from cjm.render.mermaid import render_mermaid

from .conftest import needs_dot

SCRIPT = "<script>alert(1)</script>"
NASTIER = "\"><img src=x onerror=alert(1)><a href='javascript:alert(1)'>x</a>]]><!--"
TEXT_FIELDS = {
    "title", "objective", "scope", "name", "customer_goal", "description", "goals", "pain_points",
    "feeling", "customer_action", "opportunities", "backstage", "metric",
}  # fmt: skip


def hostile(journey: Journey, personas, payload: str) -> Journey:
    """The journey with every free-text field (and every metric name) set to `payload`."""

    def walk(value: Any, key: str | None = None) -> Any:
        if isinstance(value, dict):
            if key in ("metrics", "targets"):
                return {f"{payload}{i}": v for i, v in enumerate(value.values())}
            return {k: walk(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v, key) for v in value]
        if key in TEXT_FIELDS and isinstance(value, str):
            return payload
        return value

    data = journey.model_dump(exclude_none=True)
    data["personas"] = [p.model_dump(exclude_none=True) for p in personas]  # library personas inline
    data["stages"] = [s.model_dump(exclude_none=True) for s in journey.stage_list]
    data = walk(data)
    return Journey.model_validate(data)


class Markup(HTMLParser):
    """Everything in an HTML or SVG document that a browser could execute or load."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.dangerous: list[str] = []
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # The page's own <meta> tags (charset, viewport, its CSP) are the only tags allowed here.
        harmless_meta = tag == "meta" and (dict(attrs).get("http-equiv") or "").lower() in (
            "content-security-policy",
            "",
        )
        risky = ("script", "iframe", "object", "embed", "img", "foreignobject", "link", "meta", "base", "form")
        if tag in risky and not harmless_meta:
            self.dangerous.append(tag)
        for name, value in attrs:
            if name.startswith("on"):
                self.dangerous.append(f"{tag} {name}=")
            if value and value.strip().lower().startswith(("javascript:", "data:text/html")):
                self.dangerous.append(f"{tag} {name}={value}")

    handle_startendtag = handle_starttag

    def handle_data(self, data: str) -> None:
        self.text += data


def scan(document: str) -> Markup:
    parser = Markup()
    parser.feed(document)
    return parser


@pytest.fixture(scope="module", params=[SCRIPT, NASTIER], ids=["script-tag", "attribute-breakout"])
def attack(request, saas) -> tuple[str, Journey, list]:
    journey = hostile(saas.journey, saas.personas, request.param)
    return request.param, journey, list(journey.personas)


def test_the_hostile_journey_really_is_hostile(attack):
    payload, journey, _ = attack
    assert journey.title == payload and journey.touchpoints[0].name == payload
    assert journey.stage_list[0].name == payload and set(journey.personas[0].goals) == {payload}


def test_html_report_shows_the_text_and_executes_nothing(attack):
    payload, journey, personas = attack
    html = render_html(journey, personas, [])
    found = scan(html)
    assert found.dangerous == []
    assert payload in found.text  # shown as text, not dropped
    assert payload not in html  # and never raw


def test_index_page_shows_the_text_and_executes_nothing(attack):
    payload, journey, _ = attack
    html = render_index([IndexEntry(journey, "x.html")], payload)
    assert scan(html).dangerous == [] and payload not in html


@pytest.mark.parametrize("view", ["map", "flow"])
def test_dot_source_never_carries_the_text_raw(attack, view):
    payload, journey, personas = attack
    dot = render_dot(journey, personas, view)
    assert "<script" not in dot.lower() and "<img" not in dot.lower()
    assert payload not in dot


@needs_dot
@pytest.mark.parametrize("view", ["map", "flow"])
def test_svg_diagram_shows_the_text_and_executes_nothing(attack, view):
    payload, journey, personas = attack
    svg = run_dot(render_dot(journey, personas, view), "svg").decode()
    found = scan(svg)
    assert found.dangerous == []
    assert payload.split()[0] in found.text


def test_mermaid_carries_no_markup(attack):
    _, journey, personas = attack
    text = render_mermaid(journey, personas)
    assert "<" not in text and ">" not in text
    assert all(line.count(":") <= 2 for line in text.splitlines())
