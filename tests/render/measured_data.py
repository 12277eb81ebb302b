"""Measured journeys for the render tests: the demo after `cjm measure --write`
(tests/data/measured, kept fresh by test_measured_fixture.py), and a small hand-written one
whose every kind of figure, withheld ones included, is known by heart."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from cjm.render.site import Job, collect
from cjm.workspace import load_paths

from ..conftest import ROOT
from .conftest import TODAY

MEASURED = ROOT / "tests" / "data" / "measured"
STAMP = "as of 2026-07-28 · window 2026-01-05 – 2026-07-28"

SMALL = """\
cjm: 1
id: small
title: Small measured journey
stages: linear-5
personas:
  - {id: p, name: P}

touchpoints:
  - id: a
    stage: awareness
    name: Sees an ad
    emotion: 2
    next: [b, c]
    events: [ad.view]
    measured:
      accounts: 40
      share: 1.0
      next: {b: 0.9, d: <5}
      next_accounts: {b: 30, d: <5}
      responses: <5
      emotion: <5

  - id: b
    stage: consideration
    name: Books a call
    emotion: 4
    next: [c]
    events: [call.booked]
    measured:
      accounts: 30
      share: 0.75
      next: {a: 1.0}
      next_accounts: {a: 6}
      responses: 12
      response_rate: 0.4
      csat: 2.5
      emotion: 2.5

  - id: c
    stage: purchase
    name: Signs
    events: [deal.won]
    measured:
      accounts: <5
      share: <5

  - id: d
    stage: purchase
    name: Asks for a discount
    events: [deal.discount]

  - id: e
    stage: retention
    name: Renews

measured:
  as_of: 2026-03-31
  window: {from: 2026-01-01, to: 2026-03-31}
  events: 120
  accounts: 40
  unmapped_events: 3
  conformance: 0.8
  stages:
    awareness: {accounts: 40, conversion: 0.75, drop_off: 0.25, median_days: 3.0, p90_days: 9.5, breadth: {"1": 20, "2": <5}, conversion_by_breadth: {"1": 0.5, "2": <5}}
    consideration: {accounts: 30, conversion: <5, drop_off: 0.9, median_days: 4.5, p90_days: 8.0}
    purchase: {accounts: <5}
"""
SMALL_STAMP = "as of 2026-03-31 · window 2026-01-01 – 2026-03-31"


def jobs_in(path: Path) -> dict[str, Job]:
    return {job.journey.id: job for job in collect(load_paths([path]), lint=True, today=TODAY)}


@cache
def demo_job() -> Job:
    """Mid-market team buys a marketing analytics platform: 400 accounts, 12 touchpoints."""
    return jobs_in(MEASURED)["marketing-platform"]


def small_job(tmp_path: Path) -> Job:
    (tmp_path / "small.yaml").write_text(SMALL, encoding="utf-8")
    return jobs_in(tmp_path / "small.yaml")["small"]
