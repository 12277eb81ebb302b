"""Properties of the figures over generated logs: the order of the input rows and how the
log is split into files change nothing (event ids break every tie), and an event no
touchpoint maps changes only `unmapped_events`."""

from __future__ import annotations

import random
from dataclasses import asdict

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cjm.measure.settings import resolve

from .conftest import FUNNEL, Workspace, csv_text, day

ACTIVITIES = ["web.blog_post", "webinar.attended", "crm:demo", "crm:won", "product.kickoff", "noise"]
events = st.lists(
    st.tuples(
        st.sampled_from("ABCDEFG"), st.sampled_from(ACTIVITIES), st.integers(0, 20), st.sampled_from(["x", "y", None])
    ),
    min_size=1,
    max_size=40,
)
HEADER = "account,activity,timestamp,event_id,contact"
SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _rows(log):
    return [(acc, act, day(d), i, f"{acc}-{c}" if c else None) for i, (acc, act, d, c) in enumerate(log)]


def _figures(root, files: list[str]):
    ws = Workspace(root)
    from cjm.measure.run import measure
    from cjm.workspace import load_paths

    loaded = load_paths([root])[0]
    s = resolve(loaded.config, loaded.root, events=[str(root / f) for f in files])
    return [asdict(j) for j in measure(loaded.valid_journeys(), s).journeys], ws


def _setup(tmp_path):
    ws = Workspace(tmp_path)
    ws.file("journeys/j.yaml", FUNNEL)
    ws.file("cjm.yaml", "cjm: 1\ndata:\n  min_group: 1\n")
    return ws


@SETTINGS
@given(log=events, seed=st.integers(0, 2**32 - 1), parts=st.integers(1, 4))
def test_shuffling_rows_and_splitting_files_change_nothing(tmp_path, log, seed, parts):
    ws = _setup(tmp_path)
    rows = _rows(log)
    ws.file("all.csv", csv_text(HEADER, rows))
    expected, _ = _figures(tmp_path, ["all.csv"])
    shuffled = rows[:]
    random.Random(seed).shuffle(shuffled)
    names = []
    for k in range(parts):
        ws.file(f"part-{k}.csv", csv_text(HEADER, shuffled[k::parts]))
        names.append(f"part-{k}.csv")
    assert _figures(tmp_path, names)[0] == expected


@SETTINGS
@given(log=events, at=st.integers(0, 20))
def test_an_unmapped_event_changes_only_unmapped_events(tmp_path, log, at):
    ws = _setup(tmp_path)
    rows = _rows(log)
    ws.file("a.csv", csv_text(HEADER, rows))
    ws.file("b.csv", csv_text(HEADER, [*rows, (rows[0][0], "never.mapped", day(at), 10_000, None)]))
    (before,), _ = _figures(tmp_path, ["a.csv"])
    (after,), _ = _figures(tmp_path, ["b.csv"])
    if not isinstance(before["accounts"], int):  # no mapped event at all: nothing to compare
        return
    span = (min(r[2] for r in rows), max(r[2] for r in rows))
    if not span[0] <= day(at) <= span[1]:
        return  # the new event would widen the data's window (as_of): a different report
    assert after["unmapped_events"] == before["unmapped_events"] + 1
    assert ("never.mapped", 1) in after["unmapped"]
    strip = {"unmapped_events": None, "unmapped": None}
    assert {**after, **strip} == {**before, **strip}


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(log=events, parts=st.integers(1, 3))
def test_parquet_files_in_input_order_give_the_csv_figures(tmp_path, log, parts):
    """Without event ids, ties keep the input order: file by file, row by row. Parquet files
    number their own rows, so the order must come out as the CSV's."""
    import duckdb

    ws = _setup(tmp_path)
    rows = [(acc, act, ts, contact) for acc, act, ts, _, contact in _rows(log)]
    header = "account,activity,timestamp,contact"
    ws.file("all.csv", csv_text(header, rows))
    expected, _ = _figures(tmp_path, ["all.csv"])
    names = []
    size = -(-len(rows) // parts)
    for k in range(parts):
        ws.file(f"part-{k}.csv", csv_text(header, rows[k * size : (k + 1) * size]))
        duckdb.sql(
            f"COPY (SELECT * FROM read_csv('{tmp_path / f'part-{k}.csv'}', all_varchar = true)) "
            f"TO '{tmp_path / f'part-{k}.parquet'}' (FORMAT parquet)"
        )
        names.append(f"part-{k}.parquet")
    assert _figures(tmp_path, names)[0] == expected


def _parquet(tmp_path, name: str, header: str, rows) -> str:
    import duckdb

    columns = header.split(",")
    con = duckdb.connect()
    con.execute(f"CREATE TABLE t ({', '.join(f'{c} VARCHAR' for c in columns)})")
    con.executemany(f"INSERT INTO t VALUES ({', '.join('?' for _ in columns)})", [list(r) for r in rows])
    con.execute(f"COPY t TO '{tmp_path / name}' (FORMAT parquet)")
    return name


PADS = ["", " ", "  "]


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(log=events, pads=st.lists(st.tuples(st.sampled_from(PADS), st.sampled_from(PADS)), min_size=120, max_size=120))
def test_spaces_around_values_and_empty_values_read_alike_in_csv_and_parquet(tmp_path, log, pads):
    """Text is read trimmed of spaces and an empty value is missing. A Parquet column whose
    values are already clean is read as it is (the fast path); one value with a space at either
    end or an empty one sends that column through TRIM, as CSV always goes."""
    _setup(tmp_path)
    header = "account,activity,timestamp,contact"
    clean = [(acc, act, ts, contact) for acc, act, ts, _, contact in _rows(log)]
    clean.append((None, "crm:demo", day(0), "nobody"))  # no account: skipped, in every form
    pad = iter(pads)

    def padded(value):
        left, right = next(pad)
        return f"{left}{value or ''}{right}" if value or left or right else ""

    messy = [(padded(a), padded(b), ts, padded(c)) for a, b, ts, c in clean]
    expected, _ = _figures(tmp_path, [_parquet(tmp_path, "clean.parquet", header, clean)])
    Workspace(tmp_path).file("clean.csv", csv_text(header, clean))
    assert _figures(tmp_path, ["clean.csv"])[0] == expected
    assert _figures(tmp_path, [_parquet(tmp_path, "messy.parquet", header, messy)])[0] == expected
    # Other characters are part of the value, a no-break space too (Spark's TRIM keeps it):
    # they change names, not counts.
    accented = [(a, b, ts, f"\u00a0{c}-ö" if c else c) for a, b, ts, c in clean]
    figures, _ = _figures(tmp_path, [_parquet(tmp_path, "accented.parquet", header, accented)])
    assert figures == expected


def test_only_columns_already_clean_are_read_without_trim(tmp_path):
    from cjm.measure.engine import Engine
    from cjm.measure.sources import Files

    header = "account,activity,contact,role,segment"
    rows = [("acc-1", "crm:demo", "c-1", " CFO", "smb"), ("acc-2", "crm:won", "\u00a0Zoë", "IT", "")]
    path = tmp_path / _parquet(tmp_path, "e.parquet", header, rows)
    engine = Engine()
    try:
        inp = engine.open(Files((path,), "parquet"), "--events")
        plain = engine.plain_text(inp, {c: c for c in header.split(",")})
    finally:
        engine.close()
    assert plain == {"account", "activity", "contact"}  # role: a space; segment: empty
