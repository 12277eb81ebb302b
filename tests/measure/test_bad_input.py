"""Bad input: a message naming the file (file:ROW and the column for data), exit 2, nothing
written. Run through the real `cjm` entry point, as users and CI meet them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import csv_text, day
from .test_figures import LINE

GOOD = csv_text("account,activity,timestamp", [("x", "a", day(0)), ("x", "b", day(1))])


def cjm(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": ""}
    return subprocess.run(
        [sys.executable, "-m", "cjm", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.fixture
def ws(workspace):
    return workspace(LINE, GOOD)


def fails(ws, *args: str) -> str:
    journey = (ws.root / "journeys/j.yaml").read_bytes()
    result = cjm("measure", "--write", *args, cwd=ws.root)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert (ws.root / "journeys/j.yaml").read_bytes() == journey  # nothing written
    return result.stderr


def test_a_missing_required_column_is_named_with_the_columns_the_file_has(ws):
    ws.file("events.csv", csv_text("account,event,timestamp", [("x", "a", day(0))]))
    err = fails(ws)
    assert "events.csv: no column 'activity' (the activity column, which is required)" in err
    assert "the file has account, event, timestamp" in err and "data.events.columns" in err


def test_unparseable_timestamps_name_the_first_rows_and_the_count(ws):
    rows = [("x", "a", day(0)), ("x", "a", "yesterday"), ("x", "b", "2026-13-45"), ("y", "a", ""), ("y", "b", "soon")]
    ws.file("events.csv", csv_text("account,activity,timestamp", rows))
    err = fails(ws)
    assert "4 rows with an unreadable timestamp in column 'timestamp'" in err
    assert "events.csv:3: 'yesterday'; " in err and "events.csv:4: '2026-13-45'" in err and "(and 1 more)" in err


def test_an_empty_file_and_a_header_only_file_are_refused(ws):
    ws.file("events.csv", "")
    assert "events.csv: the file is empty" in fails(ws)
    ws.file("events.csv", "account,activity,timestamp\n")
    assert "no events" in fails(ws)


def test_a_corrupt_parquet_file_is_named(ws):
    ws.file("events.parquet", "PAR1 this is not parquet at all PAR1")
    err = fails(ws, "--events", "events.parquet")
    assert "events.parquet: cannot read it" in err


def test_a_glob_that_matches_nothing(ws):
    assert "'logs/*.csv' matches no file" in fails(ws, "--events", "logs/*.csv")


def test_survey_scale_and_score_out_of_range_name_file_row(workspace):
    surveys = csv_text("account,touchpoint,scale,score", [("x", "a", "csat", 4), ("x", "a", "stars", 4)])
    ws = workspace(LINE, GOOD, surveys=surveys)
    assert "surveys.csv:3: 'stars'; use csat (1..5), nps (0..10) or ces (1..7)" in fails(ws)
    ws.file("surveys.csv", csv_text("account,touchpoint,scale,score", [("x", "a", "nps", 11), ("x", "a", "csat", 0)]))
    err = fails(ws)
    assert "2 survey rows with a score out of range" in err and "surveys.csv:2: nps score '11'" in err


def test_a_survey_touchpoint_no_journey_has(workspace):
    ws = workspace(
        LINE, GOOD, surveys=csv_text("account,touchpoint,scale,score", [("x", "a", "csat", 4), ("x", "zz", "csat", 4)])
    )
    assert "surveys.csv:3: the survey row names touchpoint 'zz', which any journey measured does not have" in fails(ws)


def test_a_window_that_excludes_everything(ws):
    err = fails(ws, "--from", "2030-01-01")
    assert "the window 2030-01-01 to ... excludes every event (the data runs from 2026-01-01 to 2026-01-02)" in err


def test_mixed_naive_and_aware_timestamps_say_naive_is_utc(ws):
    ws.file(
        "events.csv",
        csv_text(
            "account,activity,timestamp", [("x", "a", "2026-01-01T10:00:00+01:00"), ("x", "b", "2026-01-02 10:00:00")]
        ),
    )
    err = fails(ws)
    assert (
        "mixes timestamps with a UTC offset (1, e.g. events.csv:2" in err and "without one (1, e.g. events.csv:3" in err
    )
    assert "naive = UTC" in err


def test_an_activity_two_touchpoints_match_in_the_data_names_both_events_entries(workspace):
    journey = LINE.replace("events: [a]", 'events: ["web.*"]').replace("events: [b]", 'events: ["*.visit"]')
    ws = workspace(journey, csv_text("account,activity,timestamp", [("x", "web.visit", day(0))]))
    err = fails(ws)
    assert (
        "activity 'web.visit' in the events matches touchpoints 'a' (journeys/j.yaml:8:49) and 'b' (journeys/j.yaml:9:53)"
        in err
    )


def test_write_refuses_a_journey_with_errors_and_leaves_it_untouched(ws):
    path = ws.root / "journeys/j.yaml"
    path.write_text(path.read_text().replace("name: A,", "name: A, emotion: 9,"))
    err = fails(ws)
    assert "emotion must be a whole number from 1 to 5" in err and "nothing measured" in err


def test_a_missing_duckdb_table_lists_the_tables(ws):
    import duckdb

    con = duckdb.connect(str(ws.root / "w.db"))
    con.execute("CREATE TABLE events AS SELECT 'x' AS account, 'a' AS activity, TIMESTAMP '2026-01-01' AS timestamp")
    con.close()
    assert "has no table 'evts' (its tables: events)" in fails(ws, "--events", "duckdb:w.db:evts")
    result = cjm("measure", "--events", "duckdb:w.db:events", "-f", "json", cwd=ws.root)
    assert result.returncode == 0, result.stderr
    assert '"events": 1' in result.stdout


def test_bad_columns_option_is_a_usage_error(ws):
    assert "--columns: 'acount' is not a column cjm knows" in fails(ws, "--columns", "acount=x")


def test_duckdb_never_draws_its_progress_bar_on_stdout():
    """DuckDB draws a bar on stdout once a query runs 2 s (seen at 10M events in make bench),
    which would corrupt `-f json` and a library caller's output; cjm turns it off. A log slow
    enough to show the bar would make this test slow, so it checks the setting itself."""
    from cjm.measure.engine import Engine

    engine = Engine()
    try:
        assert engine.rows("SELECT current_setting('enable_progress_bar')") == [(False,)]
    finally:
        engine.close()
