"""Helpers for the diff tests: journeys from YAML text, edits of a base journey, real git repos."""

from __future__ import annotations

import os
import subprocess
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from cjm.diff import Change, JourneyDiff, diff_journeys
from cjm.model import Journey
from cjm.workspace import SourceFile, parse_source

# A small realistic journey: a self-serve analytics trial that converts to a paid plan.
TRIAL = """\
cjm: 1
id: analytics-trial
title: Self-serve analytics, free trial to paid plan
type: current-state
objective: Convert more trials to paid plans
owner: growth
stages:
  - id: trial
    name: Free trial
    phase: pre-purchase
  - id: purchase
    name: Purchase
    phase: purchase
  - id: onboarding
    name: Onboarding
    phase: post-purchase
personas:
  - id: analyst
    name: Ana, Data Analyst
    role: end-user
  - id: cfo
    name: Carl, CFO
    role: economic-buyer
touchpoints:
  - id: signup-form
    stage: trial
    name: Signs up for the 14-day trial
    channel: web
    personas: [analyst]
    owner: marketing
    emotion: 4
    pain_points: [Asked for a phone number]
  - id: sample-dashboard
    stage: trial
    name: Explores the sample dashboard
    channel: product
    personas: [analyst]
    owner: product
    emotion: 3
  - id: pricing-call
    stage: purchase
    name: Pricing call with sales
    channel: sales-call
    personas: [analyst, cfo]
    owner: sales
    emotion: 2
    pain_points: [Price only given on a call]
    metrics: {conversion_rate: 0.12}
  - id: first-invoice
    stage: purchase
    name: Receives the first invoice
    channel: email
    personas: [cfo]
    owner: finance
    emotion: 3
  - id: kickoff-webinar
    stage: onboarding
    name: Joins the onboarding webinar
    channel: event
    personas: [analyst]
    owner: customer-success
    emotion: 4
    next: [first-report]
  - id: first-report
    stage: onboarding
    name: Builds the first report for the team
    channel: product
    personas: [analyst]
    owner: product
    emotion: 3
actions:
  - id: publish-pricing
    title: Publish list prices on the pricing page
    addresses: [pricing-call]
    owner: sales
    priority: high
"""


def journey(text: str) -> Journey:
    """A valid journey from YAML text (fails the test with the findings otherwise)."""
    source = parse_source(textwrap.dedent(text).encode(), SourceFile(path=Path("test.yaml"), display="test.yaml"))
    assert source.journey is not None, [f.message for f in source.findings]
    return source.journey


def edit(text: str, *replacements: tuple[str, str]) -> str:
    """`text` with each (old, new) snippet replaced exactly once."""
    for old, new in replacements:
        assert text.count(old) == 1, f"snippet not unique: {old!r}"
        text = text.replace(old, new)
    return text


def diff_texts(old: str, new: str) -> JourneyDiff:
    return diff_journeys(journey(old), journey(new))


def only(changes: list[Change], **match: object) -> Change:
    """The single change whose attributes equal `match`."""
    found = [c for c in changes if all(getattr(c, k) == v for k, v in match.items())]
    assert len(found) == 1, f"{len(found)} changes match {match}: {changes}"
    return found[0]


def kinds(changes: list[Change]) -> list[tuple[str, str, str]]:
    return [(c.kind, c.entity, c.id) for c in changes]


# --------------------------------------------------------------------------- git

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Jo Mapper",
    "GIT_AUTHOR_EMAIL": "jo@example.com",
    "GIT_COMMITTER_NAME": "Jo Mapper",
    "GIT_COMMITTER_EMAIL": "jo@example.com",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
}


class Repo:
    """A real git repository in a temporary directory, with fixed authors and dates."""

    def __init__(self, root: Path, *, init: bool = True) -> None:
        self.root = root
        self.commits = 0
        if init:
            self.git("init", "-q", "-b", "main")

    def git(self, *args: str) -> str:
        env = {**os.environ, **GIT_ENV}
        date = f"2026-11-{10 + self.commits:02d}T12:00:00+00:00"
        env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
        proc = subprocess.run(["git", *args], cwd=self.root, env=env, capture_output=True, text=True, check=False)
        assert proc.returncode == 0, proc.stderr
        return proc.stdout

    def write(self, rel: str, text: str) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    def commit(self, message: str) -> str:
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message)
        self.commits += 1
        return self.git("rev-parse", "HEAD").strip()


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[], Repo]:
    """A factory for an empty repository; the test's cwd is its root (as in a CI job)."""
    monkeypatch.chdir(tmp_path)
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)
    return lambda: Repo(tmp_path)
