"""The rules over `measured:` on what `cjm measure --write` really writes: the demo workspace
(demo/measured) measured on a copy, then validated. No data is read at validate time.

On the demo's generated log three transitions carry 10% or more of a touchpoint's traffic
without a `next` edge, and the figures (data up to 2026-07-28) go stale after 90 days.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.measure.test_bad_input import cjm

DEMO = ROOT / "demo" / "measured"
JOURNEY = "journeys/marketing-platform.yaml"


def measured_copy(tmp_path: Path, edit: tuple[str, str] | None = None) -> Path:
    copy = tmp_path / "measured"
    shutil.copytree(DEMO, copy)
    if edit is not None:
        path = copy / JOURNEY
        text = path.read_text(encoding="utf-8")
        assert edit[0] in text
        path.write_text(text.replace(edit[0], edit[1]), encoding="utf-8")
    result = cjm("measure", "--write", "-q", cwd=copy)
    assert result.returncode == 0, result.stderr
    return copy


def findings(copy: Path, *args: str) -> list[tuple[int, int, str, str]]:
    result = cjm("validate", "-f", "json", *args, cwd=copy)
    assert result.returncode == 0, result.stderr
    return [(f["line"], f["column"], f["code"], f["message"]) for f in json.loads(result.stdout)["findings"]]


def line_of(copy: Path, needle: str) -> int:
    lines = (copy / JOURNEY).read_text(encoding="utf-8").splitlines()
    (number,) = [i for i, line in enumerate(lines, start=1) if needle in line]
    return number


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return measured_copy(tmp_path_factory.mktemp("demo"))


def test_the_measured_demo_shows_its_undesigned_paths_at_their_shares(demo):
    assert [f[:3] for f in findings(demo, "--today", "2026-08-01")] == [
        (line_of(demo, "next: {demo-call: 0.821, security-review: 0.107"), 49, "undesigned-path"),
        (line_of(demo, "next: {security-review: 0.818, proposal: 0.109"), 48, "undesigned-path"),
        (line_of(demo, "next: {contract: 0.821, kickoff: 0.179}"), 40, "undesigned-path"),
    ]
    # webinar -> demo-call carries 9.5%, under min_share; webinar -> pricing is withheld ("<5").


def test_the_figures_go_stale_90_days_after_as_of(demo):
    assert [f for f in findings(demo, "--today", "2026-10-26") if f[2] == "stale-measurement"] == []
    assert [f for f in findings(demo, "--today", "2026-10-27") if f[2] == "stale-measurement"] == [
        (
            line_of(demo, "  as_of: 2026-07-28"),
            10,
            "stale-measurement",
            "the measured figures of journey 'marketing-platform' are from data up to 2026-07-28, 91 days ago, "
            "more than 90; rerun `cjm measure --write` on fresh data",
        )
    ]


def test_a_renamed_activity_leaves_its_touchpoint_unobserved(tmp_path):
    copy = measured_copy(tmp_path, ('events: ["crm:Upsell closed"]', 'events: ["crm:Upsell won"]'))
    unobserved = [f for f in findings(copy, "--today", "2026-08-01") if f[2] == "unobserved-touchpoint"]
    at = line_of(copy, "name: Buys more seats") + 6  # then channel, personas, owner, events, measured, accounts
    assert unobserved == [
        (
            at,
            17,
            "unobserved-touchpoint",
            "no account reached touchpoint 'upsell' from 2026-01-05 to 2026-07-28: no event matched its "
            "`events:` (crm:Upsell won); check the patterns against the activity names in the data (`cjm measure` "
            "lists the unmapped ones), or remove the touchpoint if customers no longer meet it",
        )
    ]
    assert (copy / JOURNEY).read_text(encoding="utf-8").splitlines()[at - 1] == "      accounts: 0"


def test_a_suppression_above_a_measured_block_covers_it_and_survives_the_next_write(tmp_path):
    reason = "    # cjm: disable=undesigned-path -- the proposal often includes the kickoff date\n"
    copy = measured_copy(tmp_path)
    path = copy / JOURNEY
    text = path.read_text(encoding="utf-8")
    anchor = '    events: ["crm:Proposal sent"]\n    measured:\n'
    path.write_text(text.replace(anchor, anchor.replace("    measured:\n", reason + "    measured:\n")))
    codes = [f[2] for f in findings(copy, "--today", "2026-08-01")]
    assert codes == ["undesigned-path", "undesigned-path"]  # proposal -> kickoff is suppressed
    assert cjm("measure", "--write", "-q", cwd=copy).returncode == 0
    assert reason in path.read_text(encoding="utf-8")
    assert [f[2] for f in findings(copy, "--today", "2026-08-01")] == codes
