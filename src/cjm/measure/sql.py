"""Every figure's definition, once, in a portable SQL subset (MEASURE.md section 3).

The same text is meant to run on DuckDB and, next, on Spark SQL (issue 13), so it keeps to
what both read alike: plain aggregates, `CASE`, `ROW_NUMBER`/`LAG`/`LEAD` over a named
window, equi-joins with extra conditions, `NULLS LAST` spelt out (Spark sorts nulls first).
It avoids what changes meaning between the two: `date_diff` units (times are integer epoch
microseconds, so differences are exact), `quantile_cont`/`percentile_cont` (percentiles
come back as the two order statistics around the rank and the caller interpolates exactly),
ordered `list()`, `QUALIFY`, and reliance on input order (an explicit row number `rn`).

Tables, built in this order (names are fixed; the engine creates them):

- `ev`    every input row: rn (input order), account, activity, us (epoch microseconds,
          UTC), contact, role, segment, eid (event_id, as read); a view over the input
          where reading it again is cheap (Parquet, a database table), else a table.
- `evw`   the rows that count: in the window, account and activity present, one row per
          event_id (the first in input order). A view of `ev` unless some event_id repeats.
- `act_map` (journey, activity, tp, stage): which activity is which touchpoint, per journey;
          `role_map` (journey, value, persona): data role value -> persona id.
- `w`     mapped events in each account's order, with the neighbours the figures need,
          read from `evw` in one pass (the join and the window in one statement: every
          copy of ten million rows costs seconds).
- `acc`   one row per (journey, account): committee breadth (only when there are roles).
- `sm`    one row per (journey, account, stage reached): converted, moved on, dwell.

Figure queries take `g`, the grouping expression: `''` for the whole journey, `grp` for the
`--by segment` split; every figure query groups by (journey, g).
"""

from __future__ import annotations

from dataclasses import dataclass

# Order of an account's events: timestamp, then event_id (as numbers when every value is an
# integer, else as text), then input order. `{eid}` is the engine's choice of the two.
ORDER = "e.us, {eid} NULLS LAST, e.rn"


def text(expr: str) -> str:
    """A text value as cjm reads it: spaces (U+0020) at either end dropped, empty is missing.
    `TRIM(BOTH ' ' FROM ...)`, not `TRIM(...)`: DuckDB's bare TRIM also drops Unicode spaces
    (NBSP), Spark's only ' ', and the two engines must read the same values."""
    return f"NULLIF(TRIM(BOTH ' ' FROM {expr}), '')"


def counted(window_from_us: int | None, window_to_us: int | None) -> str:
    """The condition for a row of `ev` to count: account, activity and time, in the window."""
    conditions = ["account IS NOT NULL", "activity IS NOT NULL", "us IS NOT NULL"]
    if window_from_us is not None:
        conditions.append(f"us >= {int(window_from_us)}")
    if window_to_us is not None:
        conditions.append(f"us < {int(window_to_us)}")
    return " AND ".join(conditions)


def evw(window_from_us: int | None, window_to_us: int | None, dedupe: bool) -> str:
    condition = counted(window_from_us, window_to_us)
    if dedupe:
        condition += " AND (eid IS NULL OR rn IN (SELECT MIN(rn) FROM ev WHERE eid IS NOT NULL GROUP BY eid))"
    return "SELECT * FROM ev WHERE " + condition


# One scan of the input for its checks and the events per activity (unmapped_events, blind
# spots), grouped by activity (and segment): columns 2-9 check every row, 10-12 count the
# rows that count. `{eid_text}` holds for an event_id that is not an integer.
EVENTS_SCAN = """
SELECT activity, {seg} AS g, COUNT(*) AS total,
       SUM(CASE WHEN us IS NULL THEN 1 ELSE 0 END) AS bad_ts,
       SUM(CASE WHEN tzk = 1 THEN 1 ELSE 0 END) AS aware,
       SUM(CASE WHEN tzk = 0 THEN 1 ELSE 0 END) AS naive,
       SUM(CASE WHEN {eid_text} THEN 1 ELSE 0 END) AS eid_text,
       SUM(CASE WHEN account IS NULL OR activity IS NULL THEN 1 ELSE 0 END) AS skipped,
       MIN(us) AS first_us, MAX(us) AS last_us,
       SUM(CASE WHEN {counted} THEN 1 ELSE 0 END) AS events,
       MIN(CASE WHEN {counted} THEN us END) AS first_counted, MAX(CASE WHEN {counted} THEN us END) AS last_counted
FROM ev GROUP BY activity, {seg}
"""

# The same counts after repeated event ids were collapsed (`evw` is then a table).
EVENTS_COUNTED = """
SELECT activity, {seg} AS g, COUNT(*) AS events, MIN(us) AS first_us, MAX(us) AS last_us
FROM evw GROUP BY activity, {seg}
"""

# Rows whose event id an earlier row has (0: every id is unique). One distinct count: 20% less
# CPU than grouping by id with HAVING COUNT(*) > 1, timed side by side on 10M rows.
REPEATED_IDS = "SELECT COUNT(eid) - COUNT(DISTINCT eid) FROM ev"

# Accounts per activity, for the activities some journey leaves unmapped (table `unmapped`).
UNMAPPED_ACCOUNTS = """
SELECT e.activity, {seg} AS g, COUNT(DISTINCT e.account) AS accounts
FROM evw e JOIN unmapped u ON u.activity = e.activity GROUP BY e.activity, {seg}
"""

# Mapped events in each account's order, joined, mapped and ordered in one statement. An
# account's segment (`grp`) is its smallest segment value: an account rarely changes segment;
# when it does, one fixed choice keeps every figure of the account in one group.
WALK = """
SELECT a.journey, e.account, e.contact, a.tp, a.stage, e.us, {grp} AS grp,
       ROW_NUMBER() OVER o AS seq,
       LAG(a.tp) OVER o AS prev_tp,
       LEAD(a.tp) OVER o AS next_tp,
       LEAD(e.us) OVER o AS next_us,
       LAG(a.stage) OVER o AS prev_stage
FROM evw e
JOIN act_map a ON a.activity = e.activity
WINDOW o AS (PARTITION BY a.journey, e.account ORDER BY {order})
"""
SEGMENT_OF_ACCOUNT = "MIN(e.segment) OVER (PARTITION BY a.journey, e.account)"

# Committee breadth: distinct roles (mapped to personas) per account, from the input rows
# (order does not matter here, and every column `w` does not carry makes its sort cheaper).
ACCOUNTS = """
SELECT journey, account, COUNT(*) AS breadth
FROM (
  SELECT DISTINCT a.journey, e.account, COALESCE(r.persona, e.role) AS role
  FROM evw e
  JOIN act_map a ON a.activity = e.activity
  LEFT JOIN role_map r ON r.journey = a.journey AND r.value = e.role
  WHERE e.role IS NOT NULL
) roles
GROUP BY journey, account
"""
# An account's segment group, for the survey figures split by segment.
GROUPS = "SELECT DISTINCT journey, account, grp FROM w"
JOIN_ACC = "LEFT JOIN acc ON acc.journey = {t}.journey AND acc.account = {t}.account"
JOIN_GROUPS = "LEFT JOIN grps ON grps.journey = {t}.journey AND grps.account = {t}.account"

# Stage runs (consecutive events of one stage) start where the stage changes. The first
# later-stage event after an account's first event in stage i always starts a run, so the
# account-stage table joins the runs, not the events. For ordered stage models "later" is a
# higher stage; for unordered ones any other stage (there "dwell" ends at the first other
# stage).
STAGE_MOVES = """
WITH runs AS (
  SELECT journey, account, grp, stage, seq, us FROM w
  WHERE prev_stage IS NULL OR prev_stage <> stage
),
firsts AS (
  SELECT journey, account, grp, stage, MIN(seq) AS fseq, MIN(us) AS fus
  FROM runs GROUP BY journey, account, grp, stage
),
moves AS (
  SELECT f.journey, f.account, f.grp, f.stage,
         MAX(CASE WHEN r.stage = f.stage + 1 THEN 1 ELSE 0 END) AS converted,
         MAX(CASE WHEN r.stage IS NOT NULL THEN 1 ELSE 0 END) AS moved,
         MIN(r.us) - f.fus AS dwell
  FROM firsts f
  LEFT JOIN runs r ON r.journey = f.journey AND r.account = f.account AND r.seq > f.fseq
    AND ((f.journey IN ({ordered}) AND r.stage > f.stage) OR (f.journey NOT IN ({ordered}) AND r.stage <> f.stage))
  GROUP BY f.journey, f.account, f.grp, f.stage, f.fus
)
SELECT moves.journey, moves.account, moves.grp, moves.stage, moves.converted, moves.moved, moves.dwell,
       {breadth} AS breadth
FROM moves {join}
"""

JOURNEYS = """
SELECT journey, {g} AS g, COUNT(*) AS events, COUNT(DISTINCT account) AS accounts,
       MIN(us) AS first_us, MAX(us) AS last_us
FROM w GROUP BY journey, {g}
"""

TOUCHPOINTS = """
SELECT journey, {g} AS g, tp, COUNT(*) AS events, COUNT(DISTINCT account) AS accounts,
       COUNT(DISTINCT contact) AS contacts,
       SUM(CASE WHEN prev_tp IS NULL OR prev_tp <> tp THEN 1 ELSE 0 END) AS visits
FROM w GROUP BY journey, {g}, tp
"""

# A transition is a pair of consecutive visits (a, b), a <> b: between them, consecutive
# events of different touchpoints, so one LEAD gives them and their "days to next".
TRANSITIONS = """
SELECT journey, {g} AS g, tp AS source, next_tp AS target, COUNT(*) AS n, COUNT(DISTINCT account) AS accounts
FROM w WHERE next_tp IS NOT NULL AND next_tp <> tp
GROUP BY journey, {g}, tp, next_tp
"""

STAGES = """
SELECT journey, {g} AS g, stage, COUNT(*) AS reach, SUM(converted) AS converted, SUM(moved) AS moved
FROM sm GROUP BY journey, {g}, stage
"""

BREADTH = """
SELECT journey, {g} AS g, stage, CASE WHEN breadth >= 3 THEN 3 ELSE breadth END AS breadth,
       COUNT(*) AS reach, SUM(converted) AS converted
FROM sm WHERE breadth > 0
GROUP BY journey, {g}, stage, CASE WHEN breadth >= 3 THEN 3 ELSE breadth END
"""

# Survey answers joined to the journeys (table `svm`: journey, tp, account, contact, scale,
# score, us; built from the survey reader's `sv` and the touchpoint ids).
SURVEYS = """
SELECT s.journey, {g} AS g, s.tp, s.scale, COUNT(*) AS responses, SUM(s.score) AS total,
       SUM(CASE WHEN s.score >= 9 THEN 1 ELSE 0 END) AS promoters,
       SUM(CASE WHEN s.score <= 6 THEN 1 ELSE 0 END) AS detractors,
       COUNT(DISTINCT s.account) AS accounts
FROM svm s {join}
GROUP BY s.journey, {g}, s.tp, s.scale
"""

# response_rate: responding people the events show reached the touchpoint / people reached
# (only for touchpoints with survey answers: the others have no rate).
# `{who}` is `contact`, or `account` when the data has no contacts.
RESPONSE_RATE = """
WITH asked AS (SELECT DISTINCT journey, tp FROM svm),
reached AS (
  SELECT DISTINCT w.journey, w.grp, w.tp, w.{who} AS who
  FROM w JOIN asked ON asked.journey = w.journey AND asked.tp = w.tp WHERE w.{who} IS NOT NULL
),
answered AS (SELECT DISTINCT journey, tp, {who} AS who FROM svm WHERE {who} IS NOT NULL)
SELECT reached.journey, {g} AS g, reached.tp, COUNT(*) AS reached, COUNT(answered.who) AS responded
FROM reached LEFT JOIN answered
  ON answered.journey = reached.journey AND answered.tp = reached.tp AND answered.who = reached.who
GROUP BY reached.journey, {g}, reached.tp
"""


@dataclass(frozen=True)
class Percentiles:
    """Median and p90 of `value` over `source` rows, per `keys`, as order statistics.

    With n values sorted ascending and p = k/d, the rank is h = (n - 1) * k / d (0-based);
    the result is x[floor(h)] + frac(h) * (x[ceil(h)] - x[floor(h)]) (linear interpolation,
    as percentile_cont). SQL returns x[floor] and x[ceil]; the caller computes frac from n
    exactly, so the rounding never depends on an engine's floating point.
    """

    source: str
    keys: tuple[str, ...]
    value: str
    where: str = "1 = 1"

    def sql(self, g: str) -> str:
        keys = ", ".join(self.keys)
        part = f"journey, g, {keys}"

        def stat(num: int, den: int, fn: str) -> str:
            return f"MAX(CASE WHEN i = {fn}((n - 1) * {num} / {float(den)}) + 1 THEN x END)"

        return f"""
WITH v AS (SELECT journey, {g} AS g, {keys}, account, {self.value} AS x FROM {self.source} WHERE {self.where}),
r AS (SELECT {part}, account, x, ROW_NUMBER() OVER (PARTITION BY {part} ORDER BY x) AS i,
             COUNT(*) OVER (PARTITION BY {part}) AS n FROM v)
SELECT {part}, MAX(n) AS n, COUNT(DISTINCT account) AS accounts,
       {stat(1, 2, "FLOOR")} AS med_lo, {stat(1, 2, "CEIL")} AS med_hi,
       {stat(9, 10, "FLOOR")} AS p90_lo, {stat(9, 10, "CEIL")} AS p90_hi
FROM r GROUP BY {part}
"""


DAYS_TO_NEXT = Percentiles("w", ("tp",), "next_us - us", "next_tp IS NOT NULL AND next_tp <> tp")
DAYS_IN_STAGE = Percentiles("sm", ("stage",), "dwell", "dwell IS NOT NULL")
