"""`cjm measure --write`: only the measured: lines change, the file still validates and is
in the canonical layout, a rerun with the same data is byte-identical, and `cjm diff`
shows the numbers move."""

from __future__ import annotations

import difflib

from .conftest import csv_text, day
from .test_bad_input import cjm

JOURNEY = """\
# yaml-language-server: $schema=../schemas/journey.schema.json
cjm: 1
id: line
title: Line
stages: linear-5
personas:
  - {id: p, name: P}

# the funnel, as designed
touchpoints:
  - id: a
    stage: awareness
    name: A   # first contact
    next: [b]
    events: [a]

  - id: b
    stage: consideration
    name: B
    next: [c]
    events: [b]
    measured:
      accounts: 99   # stale, from an older run
      share: 1.0

  # --- purchase ---
  - id: c
    stage: purchase
    name: C
    events: [c]

  - id: d
    stage: retention
    name: Not measured yet
"""


def _log(n: int) -> str:
    rows = [(f"acc{i}", "a", day(0)) for i in range(n)] + [(f"acc{i}", "b", day(2)) for i in range(n // 2)]
    return csv_text("account,activity,timestamp", [*rows, ("acc0", "c", day(3))])


def test_write_changes_only_measured_lines_and_is_stable(workspace):
    ws = workspace(JOURNEY, _log(4), data="  min_group: 2\n")
    path = ws.root / "journeys/j.yaml"
    before = path.read_text()
    result = cjm("measure", "--write", "-q", cwd=ws.root)
    assert result.returncode == 0, result.stderr
    after = path.read_text()
    diff = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
    changed = [line for line in diff if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert [line for line in changed if line.startswith("-")] == [
        "-      accounts: 99   # stale, from an older run",
        "-      share: 1.0",
    ]
    assert [line[1:] for line in changed if line.startswith("+")] == [
        "    measured:",
        "      accounts: 4",
        "      share: 1.0",
        "      visits: 4",
        "      next: {b: 1.0}",
        "      next_accounts: {b: 2}",  # the flow's width: accounts that went on to b
        "      median_days_to_next: 2.0",
        "      accounts: 2",
        "      share: 0.5",
        "      visits: 2",
        "      next: {c: <2}",  # one account went on to c: withheld
        "      next_accounts: {c: <2}",
        "      median_days_to_next: <2",
        "    measured:",
        "      accounts: <2",
        "      share: <2",
        "      visits: <2",
        "",
        "measured:",
        "  as_of: 2026-01-04",
        "  window: {from: 2026-01-01, to: 2026-01-04}",
        "  events: 7",
        "  accounts: 4",
        "  unmapped_events: 0",
        "  conformance: 1.0",
        "  stages:",
        "    awareness: {accounts: 4, conversion: 0.5, drop_off: 0.5, median_days: 2.0, p90_days: 2.0}",
        "    consideration: {accounts: 2, conversion: 0.5, drop_off: 0.5, median_days: <2, p90_days: <2}",
        "    purchase: {accounts: <2}",
    ]
    assert "# the funnel, as designed" in after and "name: A   # first contact" in after
    assert cjm("validate", "-q", cwd=ws.root).returncode == 0
    assert cjm("fmt", "--check", cwd=ws.root).returncode == 0
    again = cjm("measure", "--write", cwd=ws.root)
    assert again.returncode == 0 and "1 journey file already up to date" in again.stderr
    assert path.read_text() == after


def test_diff_shows_the_numbers_move(workspace, tmp_path_factory):
    ws = workspace(JOURNEY, _log(4), data="  min_group: 1\n")
    path = ws.root / "journeys/j.yaml"
    assert cjm("measure", "--write", "-q", cwd=ws.root).returncode == 0
    old = tmp_path_factory.mktemp("before") / "j.yaml"
    old.write_text(path.read_text())
    ws.file("events.csv", _log(6))
    assert cjm("measure", "--write", "-q", cwd=ws.root).returncode == 0
    diff = cjm("diff", str(old), str(path), cwd=ws.root)
    assert "measured" in diff.stdout, diff.stdout + diff.stderr


def test_crlf_files_keep_their_line_endings(workspace):
    ws = workspace(JOURNEY, _log(2))
    path = ws.root / "journeys/j.yaml"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    assert cjm("measure", "--write", "-q", cwd=ws.root).returncode == 0
    raw = path.read_bytes()
    assert b"measured:\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")


def _measured_block_of(text: str, touchpoint: str) -> list[str]:
    lines = text.splitlines()
    at = lines.index(f"  - id: {touchpoint}")
    start = lines.index("    measured:", at)
    end = next(i for i in range(start + 1, len(lines)) if not lines[i].startswith("      "))
    return lines[start:end]


def test_a_touchpoint_no_account_reached_is_written_as_zero_not_withheld(workspace):
    # Four accounts saw a, two b, none c: zero identifies nobody, so `unobserved-touchpoint`
    # can tell c from a touchpoint that a few accounts reached (those stay "<2").
    rows = [(f"acc{i}", "a", day(0)) for i in range(4)] + [(f"acc{i}", "b", day(2)) for i in range(2)]
    ws = workspace(JOURNEY, csv_text("account,activity,timestamp", rows), data="  min_group: 2\n")
    assert cjm("measure", "--write", "-q", cwd=ws.root).returncode == 0
    text = (ws.root / "journeys/j.yaml").read_text()
    assert _measured_block_of(text, "c") == [
        "    measured:",
        "      accounts: 0",
        "      share: 0.0",
        "      visits: 0",
    ]


def test_the_zero_is_withheld_when_the_journey_s_own_accounts_are(workspace):
    rows = [("acc0", "a", day(0)), ("acc0", "b", day(1))]  # one account, min_group 2
    ws = workspace(JOURNEY, csv_text("account,activity,timestamp", rows), data="  min_group: 2\n")
    assert cjm("measure", "--write", "-q", cwd=ws.root).returncode == 0
    text = (ws.root / "journeys/j.yaml").read_text()
    assert _measured_block_of(text, "c") == [
        "    measured:",
        "      accounts: <2",
        "      share: <2",
        "      visits: <2",
    ]
