"""Shared fixtures: paths to the example workspace, and a helper to write journey files."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# No property test may fail for being slow: a deadline measures the machine, not the code
# (a loaded CI runner made a stats property miss Hypothesis's 200 ms default).
settings.register_profile("cjm", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("cjm")

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


@pytest.fixture
def examples() -> Path:
    return EXAMPLES


@pytest.fixture
def write(tmp_path: Path):
    """write("name.yaml", text) -> Path, with the text dedented (tests read like the files)."""

    def _write(name: str, text: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return _write


MINIMAL = """\
cjm: 1
id: minimal
title: Minimal journey
stages: b2b-7
personas:
  - id: buyer
    name: Bea, Head of Operations
    role: economic-buyer
touchpoints:
  - id: search
    stage: awareness
    name: Searches for tools
"""
