"""The demo workspace (demo/measured, what `make demo` measures) prints every figure, and
`--write` on a copy round-trips through validate, fmt --check and a byte-identical rerun."""

from __future__ import annotations

import json
import shutil

from tests.conftest import ROOT

from .test_bad_input import cjm

DEMO = ROOT / "demo" / "measured"


def test_the_demo_workspace_has_every_kind_of_figure():
    result = cjm("measure", str(DEMO), "-f", "json", "--by", "segment", cwd=ROOT)
    assert result.returncode == 0, result.stderr
    (j,) = json.loads(result.stdout)["journeys"]
    assert isinstance(j["accounts"], int) and isinstance(j["conformance"], float) and j["unmapped_activities"]
    assert j["undesigned_transitions"] and j["unmeasured_touchpoints"] == ["onboarding-training"]
    awareness = j["stages"][0]
    assert all(isinstance(awareness[k], float) for k in ("conversion", "drop_off", "median_days", "p90_days"))
    assert set(awareness["breadth"]) == {"1", "2", "3+"}
    figures = {k for t in j["touchpoints"] for k, v in t.items() if v not in (None, {})}
    assert {
        "contacts",
        "share",
        "next",
        "median_days_to_next",
        "csat",
        "nps",
        "ces",
        "emotion",
        "response_rate",
    } <= figures
    assert set(j["segments"]) == {"enterprise", "mid-market", "smb"}


def test_write_on_a_copy_of_the_demo_round_trips(tmp_path):
    copy = tmp_path / "measured"
    shutil.copytree(DEMO, copy)
    assert cjm("measure", "--write", "-q", cwd=copy).returncode == 0
    journey = (copy / "journeys/marketing-platform.yaml").read_bytes()
    assert b"\nmeasured:\n  as_of: " in journey
    # committee breadth per stage, nested in the stage's one line (keys "1" and "2" quoted: not numbers)
    assert (
        b"    awareness: {accounts: 400, conversion: 0.238, drop_off: 0.763, median_days: 10.2, p90_days: 16.1, "
        b'breadth: {"1": 229, "2": 138, 3+: 33}, conversion_by_breadth: {"1": 0.157, "2": 0.268, 3+: 0.667}}\n'
    ) in journey
    assert b"      next_accounts: {pricing: 278, webinar: 36}\n" in journey
    assert cjm("validate", "-q", cwd=copy).returncode == 0 and cjm("fmt", "--check", cwd=copy).returncode == 0
    assert cjm("measure", "--write", "-q", cwd=copy).returncode == 0
    assert (copy / "journeys/marketing-platform.yaml").read_bytes() == journey
