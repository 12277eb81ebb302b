"""The report in a real browser: headless Chromium opens it, it draws something, and it logs
no errors. The pages carry a Content-Security-Policy of `default-src 'none'`, so any script
or network request would also show up here as a console error.

Fails, saying what to install, where no Chromium is installed (`make test` installs it when
run as root). How a person uses the report (links, tooltips, keyboard, print) is in
test_report_interactions.py.
"""

from __future__ import annotations

import re
import shutil

import pytest

from .browser import find_chromium, ink_share

CHROMIUM = find_chromium()


def assert_drawn(png: bytes) -> None:
    share, colours = ink_share(png)
    assert share > 0.15, f"screenshot is nearly blank ({share:.0%} of pixels drawn)"
    assert colours > 40, f"screenshot has only {colours} colours"


@pytest.mark.parametrize("page", ["saas-subscription.html", "buying-jobs.html", "index.html"])
def test_report_pages_draw_and_log_no_errors(browser, site, page):
    result = browser.open((site / page).as_uri(), 1600, 1200, scale=0.5)
    assert result.console_errors == []
    assert_drawn(result.screenshot)


def test_report_prints_on_a3_landscape(browser, site):
    result = browser.open((site / "saas-subscription.html").as_uri(), 1587, 1123, media="print", pdf=True)
    assert result.console_errors == []
    boxes = {tuple(round(float(v)) for v in m) for m in re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", result.pdf)}
    assert boxes == {(1191, 842)}  # 420 x 297 mm in points


def test_report_fits_a_laptop_screen(browser, site):
    result = browser.open(
        (site / "saas-subscription.html").as_uri(),
        1280,
        800,
        scale=0.5,
        evaluate=("document.documentElement.scrollWidth", "document.querySelector('.grid-scroll').scrollWidth"),
    )
    assert result.console_errors == []
    assert_drawn(result.screenshot)
    page_width, map_width = result.values
    assert page_width <= 1280  # the page itself never scrolls sideways ...
    assert map_width > 1280  # ... only the wide map grid does, inside its own box


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz `dot` is not installed")
def test_svg_diagram_draws_in_the_browser(browser, site):
    result = browser.open((site / "buying-jobs.map.svg").as_uri(), 1600, 1000, scale=0.5)
    assert result.console_errors == []
    assert_drawn(result.screenshot)


def test_the_browser_reports_every_error_a_page_makes(browser, tmp_path):
    """The checks above assert `console_errors == []`: this one shows that errors are seen."""
    hostile = tmp_path / "hostile.html"
    hostile.write_text(
        '<!DOCTYPE html><meta http-equiv="Content-Security-Policy" content="default-src \'none\'">'
        '<script>document.title = "ran"</script><img src="https://example.invalid/pixel.png">',
        encoding="utf-8",
    )
    errors = browser.open(hostile.as_uri(), 400, 300).console_errors
    assert any("Content Security Policy" in e and "inline script" in e for e in errors), errors
    assert any("Content Security Policy" in e and "https://example.invalid/pixel.png" in e for e in errors), errors
    assert "request failed: https://example.invalid/pixel.png (csp)" in errors

    throwing = tmp_path / "throwing.html"
    throwing.write_text('<!DOCTYPE html><script>throw new Error("boom")</script>', encoding="utf-8")
    assert browser.open(throwing.as_uri(), 400, 300).console_errors == ["uncaught Error: boom"]
