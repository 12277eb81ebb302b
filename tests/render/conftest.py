"""Fixtures for the renderers: the example journeys with their personas and findings, the
example report site, and a headless Chromium to look at it."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cjm.cli import app
from cjm.model import Journey
from cjm.render.site import Job, collect
from cjm.workspace import load_paths

from ..conftest import EXAMPLES
from .browser import MISSING, Browser, find_chromium

TODAY = dt.date(2026, 12, 1)
"""Lint runs as of this date, so the stale-review rule (and so every report) is reproducible."""

needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz `dot` is not installed")


@pytest.fixture(scope="session")
def example_jobs() -> dict[str, Job]:
    """Every example journey, by id, ready to render (library personas resolved, findings attached)."""
    return {job.journey.id: job for job in collect(load_paths([EXAMPLES]), lint=True, today=TODAY)}


@pytest.fixture(scope="session")
def saas(example_jobs: dict[str, Job]) -> Job:
    """The b2b-7 SaaS journey: 23 touchpoints, 4 personas (2 from the library), 7 actions."""
    return example_jobs["saas-subscription"]


@pytest.fixture(scope="session")
def buying_jobs(example_jobs: dict[str, Job]) -> Job:
    """The non-linear journey: `next` edges, including loops back to earlier stages."""
    return example_jobs["buying-jobs"]


def with_parent(journey: Journey, parent: str) -> Journey:
    return journey.model_copy(update={"parent": parent})


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """A headless Chromium for the browser tests of a module (closed with it, so Playwright's
    event loop never outlives the tests that need it). Without Chromium these tests fail, never
    skip: `make test` (and so CI) installs it, and a green run must mean the report was seen."""
    executable = find_chromium()
    if executable is None:
        pytest.fail(MISSING)
    with Browser(executable, timeout=180) as b:  # generous: the suite may run beside other work
        yield b


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example workspace's report site (`cjm report`), with buying-jobs' diagrams beside it."""
    out = tmp_path_factory.mktemp("site")
    result = CliRunner().invoke(app, ["report", str(EXAMPLES), "-o", str(out), "--today", TODAY.isoformat()])
    assert result.exit_code == 0, result.output
    if shutil.which("dot"):
        diagrams = CliRunner().invoke(app, ["render", str(EXAMPLES / "journeys" / "buying-jobs.yaml"), "-o", str(out)])
        assert diagrams.exit_code == 0, diagrams.output
    return out
