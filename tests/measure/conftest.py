"""Small measured workspaces written by the tests: a journey, cjm.yaml `data:` and a log.

Logs are written as `account,activity,timestamp,...` CSV text with day offsets made readable:
`day(3)` is 2026-01-04T00:00:00Z (day 0 is 2026-01-01).
"""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest

from cjm.measure.figures import JourneyFigures, MeasureResult, StageFigures, TouchpointFigures
from cjm.measure.run import library_of, measure
from cjm.measure.settings import resolve
from cjm.workspace import load_paths

# awareness: a1, a2 -> consideration: c1 -> decision: d1 -> onboarding: o1 (b2b-7, ordered)
FUNNEL = """\
cjm: 1
id: funnel
title: Funnel
stages: b2b-7
personas:
  - {id: cfo, name: CFO, role: economic-buyer}
  - {id: it, name: IT lead, role: technical-evaluator}
  - {id: user, name: User, role: end-user}
touchpoints:
  - id: a1
    stage: awareness
    name: Reads the blog
    events: [web.blog*]
    next: [a2, c1, o1]
  - id: a2
    stage: awareness
    name: Webinar
    events: [webinar.attended]
    next: [c1]
  - id: c1
    stage: consideration
    name: Demo
    events: ["crm:demo"]
    next: [d1]
  - id: d1
    stage: decision
    name: Contract signed
    events: ["crm:won"]
    next: [o1]
  - id: o1
    stage: onboarding
    name: Kickoff
    events: [product.kickoff]
  - id: s1
    stage: support
    name: Ticket
"""


def day(n: float, hour: int = 0) -> str:
    t = dt.datetime(2026, 1, 1, tzinfo=dt.UTC) + dt.timedelta(days=n, hours=hour)
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def csv_text(header: str, rows: list[tuple[object, ...]]) -> str:
    return header + "\n" + "".join(",".join("" if v is None else str(v) for v in r) + "\n" for r in rows)


class Workspace:
    def __init__(self, root: Path, engine: str = "duckdb", spark: object = None) -> None:
        self.root = root
        self.engine = engine
        self.spark = spark

    def file(self, name: str, text: str) -> Path:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n") if text.startswith("\n") else text, encoding="utf-8")
        return path

    def measure(self, by: str | None = None, **overrides: object) -> MeasureResult:
        ws = load_paths([self.root])[0]
        errors = [f for f in ws.files for f in f.findings if f.severity == "error"]
        assert not errors, errors
        settings = resolve(ws.config, ws.root, **overrides)  # type: ignore[arg-type]
        return measure(
            ws.valid_journeys(), settings, library=library_of([ws]), by=by, engine=self.engine, spark=self.spark
        )


@pytest.fixture(scope="session")
def spark_session(tmp_path_factory: pytest.TempPathFactory):
    """One local Spark for the whole run (a JVM takes 7-60 s to start on this machine); its
    files (the JVM log, spill) go under pytest's temporary directory, not /tmp."""
    from cjm.measure.spark import spark_session as start

    session = start("local[2]", work=tmp_path_factory.mktemp("spark"))
    yield session
    session.stop()


@pytest.fixture
def engine() -> str:
    """The engine a test measures with; a module that holds both engines to the same figures
    overrides this with params=["duckdb", "spark"]."""
    return "duckdb"


@pytest.fixture
def workspace(tmp_path: Path, engine: str, request: pytest.FixtureRequest):
    """workspace(journey_yaml, events_csv, surveys=None, data="min_group: 1") -> Workspace."""
    spark = request.getfixturevalue("spark_session") if engine == "spark" else None

    def make(journey: str, events: str, *, surveys: str | None = None, data: str = "  min_group: 1\n") -> Workspace:
        ws = Workspace(tmp_path, engine, spark)
        ws.file("journeys/j.yaml", journey)
        ws.file("events.csv", events)
        config = "cjm: 1\ndata:\n  events:\n    path: events.csv\n" + data
        if surveys is not None:
            ws.file("surveys.csv", surveys)
            config += "  surveys:\n    path: surveys.csv\n"
        ws.file("cjm.yaml", config)
        return ws

    return make


def only(result: MeasureResult) -> JourneyFigures:
    (jf,) = result.journeys
    return jf


def stage(jf: JourneyFigures, sid: str) -> StageFigures:
    return next(s for s in jf.stages if s.id == sid)


def tp(jf: JourneyFigures, tid: str) -> TouchpointFigures:
    return next(t for t in jf.touchpoints if t.id == tid)
