"""Regenerate the screenshots under docs/ from examples/ (needs Graphviz `dot` and Chromium).

    .venv/bin/python docs/screenshots.py                 # all of them
    .venv/bin/python docs/screenshots.py report-measured-flow.png   # only these

Diagrams come from `cjm render -f png`; report pages are shot in headless Chromium with the
Playwright driver the browser tests use (tests/render/browser.py). The measured ones come
from demo/measured, measured afresh (`cjm measure --write` on a copy) and then rendered.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.render.browser import MISSING, Browser, find_chromium  # noqa: E402

from cjm.cli import app  # noqa: E402

DOCS = ROOT / "docs"
EXAMPLES = ROOT / "examples"
DEMO = ROOT / "demo" / "measured"
TODAY = "2026-12-01"  # the date the example reports are linted as of
LIMIT = 400_000  # bytes per screenshot, to keep the repository light


def cjm(*args: str) -> None:
    result = CliRunner().invoke(app, list(args))
    if result.exit_code != 0:
        raise SystemExit(f"cjm {' '.join(args)} failed:\n{result.output}")


def main(wanted: set[str]) -> None:
    chromium = find_chromium()
    if chromium is None:
        raise SystemExit(MISSING)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        journeys = EXAMPLES / "journeys"
        cjm("render", str(journeys / "saas-subscription.yaml"), "-f", "png", "--dpi", "96", "-o", tmp)
        cjm("render", str(journeys / "buying-jobs.yaml"), "-f", "png", "--view", "flow", "--dpi", "72", "-o", tmp)
        cjm("report", str(EXAMPLES), "-o", str(out / "site"), "--today", TODAY)
        measured = out / "measured"
        shutil.copytree(DEMO, measured)
        cjm("measure", str(measured), "--write", "-q")
        cjm("report", str(measured), "-o", str(out / "measured-site"), "--today", TODAY)
        flow = ["-f", "png", "--view", "flow", "--measured", "--dpi", "60", "-o", tmp]
        cjm("render", str(measured / "journeys" / "marketing-platform.yaml"), *flow)
        shots = {
            "render-map.png": (out / "saas-subscription.map.png").read_bytes(),
            "render-flow.png": (out / "buying-jobs.flow.png").read_bytes(),
            "render-flow-measured.png": (out / "marketing-platform.flow.measured.png").read_bytes(),
        }
        site, msite = out / "site", out / "measured-site"
        with Browser(chromium) as browser:
            pages = {  # name: (page, element to start at, width, height, scale)
                "report-header.png": (site / "saas-subscription.html", None, 1440, 900, 1.0),
                "report-map.png": (site / "saas-subscription.html", "#map", 1600, 1420, 0.8),
                "report-plan.png": (site / "saas-subscription.html", "#coverage", 1600, 1250, 0.8),
                "report-index.png": (site / "index.html", None, 1440, 620, 1.0),
                "report-measured-funnel.png": (msite / "marketing-platform.html", "#funnel", 1440, 560, 0.8),
                "report-measured-map.png": (msite / "marketing-platform.html", "#map", 1600, 1130, 0.8),
                "report-measured-flow.png": (msite / "marketing-platform.html", "#flow", 1600, 860, 0.8),
                "report-measured-committee.png": (msite / "marketing-platform.html", "#committee", 1440, 470, 0.8),
                "report-measured-index.png": (msite / "index.html", "#funnels", 1440, 420, 0.8),
            }
            for name, (page, selector, width, height, scale) in pages.items():
                if wanted and name not in wanted:
                    continue
                result = browser.open(page.as_uri(), width, height, selector=selector, scale=scale)
                if result.console_errors:
                    raise SystemExit(f"{page.name}: console errors: {result.console_errors}")
                shots[name] = result.screenshot
    for name, data in shots.items():
        if wanted and name not in wanted:
            continue
        if len(data) > LIMIT:
            raise SystemExit(f"{name} is {len(data) / 1000:.0f} KB, over the {LIMIT / 1000:.0f} KB limit")
        (DOCS / name).write_bytes(data)
        print(f"docs/{name}  {len(data) / 1000:.0f} KB")


if __name__ == "__main__":
    main(set(sys.argv[1:]))
