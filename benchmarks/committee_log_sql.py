"""The committee log of `committee_log.py`, generated in DuckDB SQL for the 1M-10M-event
benchmark logs (the Python generator writes about 100k events a second; this one about
a million, on 2 cores).

    python benchmarks/committee_log_sql.py --events 1000000 --out benchmarks/data/measure-1m

The same model as `committee_log.py` (its PATH, SEGMENTS, ROLES, NOISE and SURVEY_AFTER
tables): accounts with 1-8 contacts in roles walk the demo journey with drop-off at every
step, repeats, skipped steps, steps back and blind-spot activities; some contacts answer
surveys. Not the same bytes as the Python generator (its random stream cannot be vectorised),
but the same seed gives the same bytes here: every random number is a hash of (seed,
account, visit, purpose), never `random()`, so neither thread count nor scheduling matters.

Writes events.csv, events.parquet (ts as TIMESTAMP WITH TIME ZONE, event_id as BIGINT, as an
export from a warehouse would type them) and surveys.csv.
"""

from __future__ import annotations

import argparse
import math
from pathlib import Path

from committee_log import NOISE, PATH, ROLES, SEGMENTS, START, SURVEY_AFTER

MAX_VISITS = 60  # a walk that steps back and forth this long is cut (p < 1e-9)
EVENTS_PER_ACCOUNT = 5.5  # a low estimate (5.9 measured); too few accounts are topped up in a second pass


def _values(rows: list[tuple[object, ...]]) -> str:
    def lit(v: object) -> str:
        if v is None:
            return "NULL"
        if isinstance(v, str):
            return "'" + v.replace("'", "''") + "'"
        return repr(v)

    return ", ".join("(" + ", ".join(lit(v) for v in row) + ")" for row in rows)


def _tables(seed: int, accounts: int) -> str:
    """SQL that builds `acc`, `contacts`, `visits` for `accounts` accounts (deterministic)."""
    # u(k...): a uniform number in [0, 1) from a hash of the seed and the keys.
    path = _values([(i, a, who, p, lo, hi, rep) for i, (a, _, who, p, (lo, hi), rep) in enumerate(PATH)])
    segs, lo_hi, cum = [], [], 0.0
    for name, weight, (lo, hi) in SEGMENTS:
        cum += weight
        segs.append((name, cum, lo, hi))
        lo_hi.append((lo, hi))
    seg_case = " ".join(f"WHEN su < {c!r} THEN {i}" for i, (_, c, _, _) in enumerate(segs[:-1]))
    seg_rows = _values([(i, n, lo, hi) for i, (n, _, lo, hi) in enumerate(segs)])
    roles = _values(list(enumerate(ROLES)))
    start_us = int(START.timestamp()) * 1_000_000
    day, hour = 86_400_000_000, 3_600_000_000
    n_path = len(PATH)
    return f"""
CREATE OR REPLACE MACRO u(a, v, salt) AS (hash({seed}, a, v, salt) % 1000003) / 1000003.0;
CREATE OR REPLACE TEMP TABLE path(i, activity, who, p_next, d_lo, d_hi, repeats) AS VALUES {path};
CREATE OR REPLACE TEMP TABLE seg(si, segment, lo, hi) AS VALUES {seg_rows};
CREATE OR REPLACE TEMP TABLE role(ri, role) AS VALUES {roles};
CREATE OR REPLACE TEMP TABLE acc AS
WITH a AS (SELECT range + 1 AS a, u(range + 1, -1, 1) AS su FROM range({accounts}))
SELECT a.a, s.si, s.segment,
       s.lo + CAST(floor(u(a.a, -1, 2) * (s.hi - s.lo + 1)) AS INTEGER) AS n,
       {start_us} + CAST(u(a.a, -1, 3) * 120 * {day} AS BIGINT)
         + CAST(floor(u(a.a, -1, 4) * 600) AS BIGINT) * 60000000 AS t0
FROM a JOIN seg s ON s.si = CASE {seg_case} ELSE {len(segs) - 1} END;
CREATE OR REPLACE TEMP TABLE contacts AS
SELECT acc.a, k.k, CASE WHEN k.k = 0 THEN 0 ELSE CAST(floor(u(acc.a, k.k, 5) * {len(ROLES)}) AS INTEGER) END AS ri
FROM acc JOIN (SELECT range AS k FROM range(8)) k ON k.k < acc.n;
CREATE OR REPLACE TEMP TABLE by_role AS
SELECT a, ri, k, ROW_NUMBER() OVER (PARTITION BY a, ri ORDER BY k) - 1 AS rr, COUNT(*) OVER (PARTITION BY a, ri) AS cnt
FROM contacts;
-- The walk: every account advances one step per round; a round's visit lasts its repeats
-- (one gap of 0.1-30 hours each) plus the days to the next step.
CREATE OR REPLACE TEMP TABLE walk AS
WITH RECURSIVE w(a, v, i, t) AS (
  SELECT a, 0, 0, t0 FROM acc
  UNION ALL
  SELECT w.a, w.v + 1,
         CASE WHEN u(w.a, w.v, 11) < 0.12 AND w.i + 2 < {n_path} THEN w.i + 2
              WHEN u(w.a, w.v, 11) < 0.18 AND w.i > 0 THEN w.i - 1
              ELSE w.i + 1 END,
         w.t + (1 + CAST(floor(u(w.a, w.v, 12) * p.repeats) AS BIGINT)) * CAST((0.1 + u(w.a, w.v, 13) * 29.9) * {hour} AS BIGINT)
             + CAST((p.d_lo + u(w.a, w.v, 14) * (p.d_hi - p.d_lo)) * {day} AS BIGINT)
  FROM w JOIN path p ON p.i = w.i
  WHERE u(w.a, w.v, 10) < p.p_next AND w.v < {MAX_VISITS}
)
SELECT w.a, w.v, w.i, w.t, p.activity, p.who,
       1 + CAST(floor(u(w.a, w.v, 12) * p.repeats) AS INTEGER) AS r,
       CAST((0.1 + u(w.a, w.v, 13) * 29.9) * {hour} AS BIGINT) AS gap
FROM w JOIN path p ON p.i = w.i;
-- Who did it: a contact in the step's role when the committee has one, else anyone.
CREATE OR REPLACE TEMP TABLE visits AS
SELECT w.*, acc.segment, COALESCE(br.k, CAST(floor(u(w.a, w.v, 15) * acc.n) AS INTEGER)) AS k
FROM walk w JOIN acc ON acc.a = w.a
LEFT JOIN by_role br ON br.a = w.a AND br.ri = w.who AND br.rr = CAST(floor(u(w.a, w.v, 16) * br.cnt) AS INTEGER);
"""


def _events_sql(seed: int) -> str:
    noise = _values(list(enumerate(NOISE)))
    return f"""
CREATE OR REPLACE TEMP TABLE noise(ni, activity) AS VALUES {noise};
CREATE OR REPLACE TEMP TABLE events AS
WITH e AS (
  SELECT v.a, v.v, j.j, v.activity, v.t + j.j * v.gap AS t, v.k, v.segment
  FROM visits v JOIN (SELECT range AS j FROM range(8)) j ON j.j < v.r
  UNION ALL
  SELECT v.a, v.v, v.r, n.activity, v.t + v.r * v.gap, v.k, v.segment
  FROM visits v JOIN noise n ON n.ni = CAST(floor(u(v.a, v.v, 21) * {len(NOISE)}) AS INTEGER)
  WHERE u(v.a, v.v, 20) < 0.15
)
SELECT e.a, e.v, e.j, e.activity, e.t, e.k, r.role, e.segment
FROM e JOIN contacts c ON c.a = e.a AND c.k = e.k JOIN role r ON r.ri = c.ri;
"""


def _surveys_sql() -> str:
    after = _values([(a, tp, s, lo, hi) for a, (s, lo, hi) in SURVEY_AFTER.items() for tp in [_tp(a)]])
    hour = 3_600_000_000
    return f"""
CREATE OR REPLACE TEMP TABLE after(activity, tp, scale, lo, hi) AS VALUES {after};
CREATE OR REPLACE TEMP TABLE surveys AS
SELECT v.a, v.v, v.k, s.tp, s.scale,
       -- about Gauss(mid + 1, (hi - lo) / 4): a centred sum of three uniforms has sd 0.5
       LEAST(s.hi, GREATEST(s.lo, round((s.lo + s.hi) / 2.0 + 1
         + (u(v.a, v.v, 31) + u(v.a, v.v, 32) + u(v.a, v.v, 33) - 1.5) * 2 * (s.hi - s.lo) / 4.0))) AS score,
       v.t + v.r * v.gap + CAST((1 + u(v.a, v.v, 34) * 47) * {hour} AS BIGINT) AS t
FROM visits v JOIN after s ON s.activity = v.activity
WHERE u(v.a, v.v, 30) < 0.4;
"""


def _tp(activity: str) -> str:
    from committee_log import _touchpoint

    return _touchpoint(activity)


def _ts(col: str) -> str:
    return f"strftime(make_timestamptz({col}), '%Y-%m-%dT%H:%M:%SZ')"


def generate(events: int, seed: int, out: Path) -> tuple[int, int]:
    """Accounts in order until `events` events (the last account is kept whole, as in
    committee_log.py); writes events.csv, events.parquet and surveys.csv under `out`."""
    import duckdb

    out.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(":memory:")
    con.execute("SET TimeZone = 'UTC'")
    accounts = math.ceil(events / EVENTS_PER_ACCOUNT)
    while True:
        con.execute(_tables(seed, accounts))
        con.execute(_events_sql(seed))
        total = con.execute("SELECT COUNT(*) FROM events").fetchone()[0]
        if total >= events:
            break
        accounts = math.ceil(accounts * events / max(total, 1) * 1.05)
    # Keep accounts 1..A where A is the first account at which the running count reaches `events`.
    last = con.execute(
        f"SELECT MIN(a) FROM (SELECT a, SUM(COUNT(*)) OVER (ORDER BY a) AS cum FROM events GROUP BY a) WHERE cum >= {events}"
    ).fetchone()[0]
    con.execute(f"""
CREATE OR REPLACE TEMP TABLE log AS
SELECT printf('acc-%07d', a) AS account_id, activity AS event_name, t, printf('acc-%07d-c%d', a, k) AS contact_id,
       role AS contact_role, segment AS account_segment, ROW_NUMBER() OVER (ORDER BY a, v, j) AS event_id
FROM events WHERE a <= {last}
""")
    con.execute(_surveys_sql())
    cols = "account_id, event_name, {ts} AS ts, contact_id, contact_role, account_segment, event_id"
    con.execute(
        f"COPY (SELECT {cols.format(ts=_ts('t'))} FROM log ORDER BY event_id) TO '{out / 'events.csv'}' (HEADER, DELIMITER ',')"
    )
    con.execute(
        f"COPY (SELECT {cols.format(ts='make_timestamptz(t)')} FROM log ORDER BY event_id) "
        f"TO '{out / 'events.parquet'}' (FORMAT parquet, COMPRESSION zstd)"
    )
    con.execute(f"""
COPY (SELECT printf('acc-%07d', a) AS account_id, printf('acc-%07d-c%d', a, k) AS contact_id, tp AS touchpoint,
             scale AS survey, CAST(score AS INTEGER) AS score, {_ts("t")} AS answered_at
      FROM surveys WHERE a <= {last} ORDER BY a, v)
TO '{out / "surveys.csv"}' (HEADER, DELIMITER ',')
""")
    n = con.execute("SELECT COUNT(*) FROM log").fetchone()[0]
    s = con.execute(f"SELECT COUNT(*) FROM surveys WHERE a <= {last}").fetchone()[0]
    con.close()
    return int(n), int(s)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, required=True)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    n, s = generate(args.events, args.seed, args.out)
    print(f"{n} events, {s} survey answers in {args.out}")


if __name__ == "__main__":
    main()
