"""SOURCE_DATE_EPOCH fixes cjm's one clock: a CI job or a docs build gives the same result on any day.

The examples were last reviewed in October 2026; the stale-review rule warns after 180 days.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from .conftest import ROOT

CJM = Path(sys.executable).with_name("cjm")


def epoch(day: str) -> str:
    return str(int(datetime.fromisoformat(day).replace(tzinfo=UTC).timestamp()))


def cjm(*args: str, source_date: str | None, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "GITHUB_ACTIONS")}
    if source_date is not None:
        env["SOURCE_DATE_EPOCH"] = source_date
    return subprocess.run([str(CJM), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=60)


def test_the_examples_are_fresh_in_november_2026_and_stale_in_2030() -> None:
    fresh = cjm("validate", "examples/", "--format", "json", source_date=epoch("2026-11-25"))
    stale = cjm("validate", "examples/", "--format", "json", source_date=epoch("2030-01-01"))
    assert '"stale-review"' not in fresh.stdout
    assert stale.stdout.count('"code": "stale-review"') == 5


def test_init_dates_the_starter_map_from_it(tmp_path: Path) -> None:
    result = cjm("init", "maps", source_date=epoch("2027-02-03"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "\nreviewed: 2027-02-03\n" in (tmp_path / "maps" / "journeys" / "first-journey.yaml").read_text()


def test_a_malformed_value_is_an_input_error_not_a_guess() -> None:
    result = cjm("validate", "examples/", source_date="yesterday")
    assert result.returncode == 2
    assert result.stderr == (
        "cjm: error: SOURCE_DATE_EPOCH='yesterday' is not a number of seconds since 1970-01-01 UTC; fix or unset it\n"
    )
