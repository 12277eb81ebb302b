"""One `cjm measure` run on the engine: read and check the inputs, build the tables, run
every figure query. Bad input stops here with a message naming file:ROW and the column."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..errors import UserError
from ..model import Persona
from . import sql
from .engine import INTEGER_TYPES, Engine, Input, Rows, quote_ident, sql_list  # Engine: the interface both engines have
from .plan import JourneyPlan, activity_map, role_map, survey_targets
from .settings import REQUIRED_EVENT_COLUMNS, REQUIRED_SURVEY_COLUMNS, Settings, SourceSpec
from .sources import resolve_source

SCALES = {"csat": (1, 5), "nps": (0, 10), "ces": (1, 7)}
_DAY_US = 86_400_000_000


@dataclass
class Aggregates:
    """What came back from the engine: rows of aggregates per figure query, keyed by group
    ('' for the whole journey, else the segment value)."""

    first_us: int
    last_us: int
    has_contact: bool
    has_role: bool
    skipped: int  # rows without account or activity
    activities: Rows = field(default_factory=list)  # (activity, g, events, accounts)
    mapped: set[tuple[int, str]] = field(default_factory=set)  # (journey, activity)
    figures: dict[str, Rows] = field(default_factory=dict)
    has_surveys: bool = False


def day_start_us(day: dt.date) -> int:
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp()) * 1_000_000


def collect(
    engine: Engine,
    plans: list[JourneyPlan],
    settings: Settings,
    *,
    library: dict[str, Persona],
    by_segment: bool = False,
) -> Aggregates:
    ev = engine.open(
        resolve_source(settings.events.locations, settings.events.base, settings.events.origin), settings.events.origin
    )
    cols = _columns(ev, settings.events, REQUIRED_EVENT_COLUMNS)
    if by_segment and "segment" not in cols:
        raise UserError(
            f"--by segment: {ev.source.shown} has no segment column ('{settings.events.columns['segment']}'); "
            f"name it with --columns segment=COLUMN or data.events.columns.segment (its columns: {_listing(ev)})"
        )
    us, tzk = engine.timestamp(ev, cols["timestamp"])
    # Integer event ids stay integers: no text to make, and they sort and compare as numbers.
    eid_int = "event_id" in cols and ev.columns[cols["event_id"]].upper() in INTEGER_TYPES
    texts = [n for n in ("account", "activity", "contact", "role", "segment", "event_id") if n in cols]
    plain = engine.plain_text(ev, {n: cols[n] for n in texts if not (n == "event_id" and eid_int)}, "reading events")

    def text(name: str) -> str:
        """A text column as cjm reads it: spaces at either end dropped, empty is missing."""
        if name not in cols:
            return "CAST(NULL AS STRING)"
        column = f"CAST({quote_ident(cols[name])} AS STRING)"
        return column if name in plain else sql.text(column)

    select = ", ".join(
        [
            "ordinality AS rn",
            f"{text('account')} AS account",
            f"{text('activity')} AS activity",
            f"{us} AS us",
            f"{tzk} AS tzk",
            f"{text('contact')} AS contact",
            f"{text('role')} AS role",
            f"{text('segment')} AS segment",
            f"{quote_ident(cols['event_id'])} AS eid" if eid_int else f"{text('event_id')} AS eid",
        ]
    )
    with engine.input_errors(ev.source.shown):
        engine.stage("ev", f"SELECT {select} FROM {ev.relation}", ev, "reading events")
    start = day_start_us(settings.window_from) if settings.window_from else None
    end = day_start_us(settings.window_to) + _DAY_US if settings.window_to else None
    counted = sql.counted(start, end)
    groups = ["''", "grp"] if by_segment else ["''"]
    seg = "segment" if by_segment else "''"
    with engine.input_errors(ev.source.shown):
        scan = engine.rows(
            sql.EVENTS_SCAN.format(
                seg=seg,
                counted=counted,
                eid_text="1 = 0" if eid_int else "eid IS NOT NULL AND TRY_CAST(eid AS BIGINT) IS NULL",
            ),
            "checking events",
        )
    total, bad_ts, aware, naive, eid_text, skipped = (sum(int(r[i] or 0) for r in scan) for i in range(2, 8))
    first_us = min((r[8] for r in scan if r[8] is not None), default=None)
    last_us = max((r[9] for r in scan if r[9] is not None), default=None)
    if not total:
        raise UserError(f"{ev.source.shown}: no events (the file has a header but no rows); check the export")
    if bad_ts:
        _bad_timestamps(engine, ev, cols["timestamp"], int(bad_ts))
    if aware and naive:
        _mixed_timezones(engine, ev, cols["timestamp"], int(aware), int(naive))
    # The rows that count: a view of `ev`, unless an event_id repeats (then the first row of
    # each id in input order, which needs a table; most logs have unique ids).
    repeats = "event_id" in cols and int(engine.rows(sql.REPEATED_IDS, "checking event ids")[0][0])
    if repeats:
        engine.create("evw", sql.evw(start, end, dedupe=True), "selecting the window")
        scan = engine.rows(sql.EVENTS_COUNTED.format(seg=seg))
        activity_rows = [(r[0], r[1], int(r[2]), r[3], r[4]) for r in scan if r[0] is not None]
    else:
        engine.view("evw", sql.evw(start, end, dedupe=False))
        activity_rows = [(r[0], r[1], int(r[10]), r[11], r[12]) for r in scan if r[0] is not None and r[10]]
    in_window = sum(r[2] for r in activity_rows)
    if not in_window:
        raise UserError(_empty_window(settings, first_us, last_us, int(skipped or 0)))

    agg = Aggregates(
        first_us=min(r[3] for r in activity_rows),
        last_us=max(r[4] for r in activity_rows),
        has_contact="contact" in cols,
        has_role="role" in cols,
        skipped=int(skipped or 0),
    )
    names = sorted({r[0] for r in activity_rows})
    amap = activity_map(plans, names)
    agg.mapped = {(j, a) for j, a, _, _ in amap}
    engine.load(
        "act_map", [("journey", "INTEGER"), ("activity", "STRING"), ("tp", "INTEGER"), ("stage", "INTEGER")], amap
    )
    engine.load(
        "role_map",
        [("journey", "INTEGER"), ("value", "STRING"), ("persona", "STRING")],
        role_map(plans, library, settings.roles),
    )
    # Accounts per activity only where some measured journey leaves it unmapped (the blind
    # spots): a distinct count over every activity would cost as much as the whole funnel.
    measured = [p.index for p in plans if p.measured]
    unmapped = sorted({a for a in names for j in measured if (j, a) not in agg.mapped})
    accounts: dict[tuple[str, Any], int] = {}
    if unmapped:
        engine.load("unmapped", [("activity", "STRING")], [(a,) for a in unmapped])
        for g in groups:
            for activity, group, n in engine.rows(
                sql.UNMAPPED_ACCOUNTS.format(seg="e.segment" if g == "grp" else "''"), "counting blind spots"
            ):
                accounts[(activity, group)] = int(n)
    for activity, group, events, _, _ in activity_rows:
        agg.activities.append((activity, group, events, accounts.get((activity, group), 0)))
    if by_segment:  # the whole journey's rows, from the segments'
        whole: dict[str, int] = {}
        for activity, _, events, _, _ in activity_rows:
            whole[activity] = whole.get(activity, 0) + events
        agg.activities += [(a, "", n, accounts.get((a, ""), 0)) for a, n in sorted(whole.items())]

    eid = "e.eid" if eid_int or eid_text else "CAST(e.eid AS BIGINT)"
    engine.create(
        "w",
        sql.WALK.format(order=sql.ORDER.format(eid=eid), grp=sql.SEGMENT_OF_ACCOUNT if by_segment else "''"),
        "ordering each account's events",
    )
    if agg.has_role:
        engine.create("acc", sql.ACCOUNTS, "counting each committee's roles")
    engine.drop("evw")
    engine.drop("ev")
    if by_segment:
        engine.create("grps", sql.GROUPS)
    ordered = sql_list([p.index for p in plans if p.ordered])
    engine.create(
        "sm",
        sql.STAGE_MOVES.format(
            ordered=ordered,
            breadth="COALESCE(acc.breadth, 0)" if agg.has_role else "0",
            join=sql.JOIN_ACC.format(t="moves") if agg.has_role else "",
        ),
        "following accounts through the stages",
    )

    queries: dict[str, Callable[[str], str]] = {
        "journeys": lambda g: sql.JOURNEYS.format(g=g),
        "touchpoints": lambda g: sql.TOUCHPOINTS.format(g=g),
        "transitions": lambda g: sql.TRANSITIONS.format(g=g),
        "stages": lambda g: sql.STAGES.format(g=g),
        "days_to_next": sql.DAYS_TO_NEXT.sql,
        "days_in_stage": sql.DAYS_IN_STAGE.sql,
    }
    if agg.has_role:
        queries["breadth"] = lambda g: sql.BREADTH.format(g=g)
    if settings.surveys is not None:
        _surveys(engine, plans, settings, settings.surveys, start, end)
        agg.has_surveys = True
        who = "contact" if agg.has_contact and engine.rows("SELECT COUNT(contact) FROM svm")[0][0] else "account"
        queries["surveys"] = lambda g: sql.SURVEYS.format(g=g, join=sql.JOIN_GROUPS.format(t="s") if g == "grp" else "")
        queries["response_rate"] = lambda g: sql.RESPONSE_RATE.format(g=g, who=who)
    for name, make in queries.items():
        agg.figures[name] = []
        for g in groups:
            agg.figures[name] += engine.rows(make(g), f"figures: {name.replace('_', ' ')}")
    return agg


def _columns(inp: Input, spec: SourceSpec, required: tuple[str, ...]) -> dict[str, str]:
    """Canonical name -> column present in the input; a required or explicitly named column
    that is missing is an error naming it and listing the columns the input has."""
    present = {}
    missing = []
    for name, column in spec.columns.items():
        if column in inp.columns:
            present[name] = column
        elif name in required or name in spec.explicit:
            missing.append((name, column))
    if missing:
        name, column = missing[0]
        how = "--columns NAME=COLUMN" if spec.origin == "--events" else f"{spec.origin}.columns"
        raise UserError(
            f"{inp.source.shown}: no column '{column}' (the {name} column, which is required); the file has "
            f"{_listing(inp)}; name the right one with {how}"
        )
    return present


def _listing(inp: Input) -> str:
    names = list(inp.columns)
    shown = ", ".join(names[:20]) + (f", ... ({len(names)} in all)" if len(names) > 20 else "")
    return shown or "no columns"


def _quote_value(value: Any) -> str:
    text = "" if value is None else str(value)
    return repr(text)


def _bad_timestamps(engine: Engine, ev: Input, column: str, count: int) -> None:
    us, _ = engine.timestamp(ev, column)
    total, rows = engine.bad_rows(ev, f"{us} IS NULL", [column])
    shown = "; ".join(f"{where}: {_quote_value(vals[0])}" for where, vals in rows)
    more = f" (and {total - len(rows)} more)" if total > len(rows) else ""
    raise UserError(
        f"{total} row{'s' if total != 1 else ''} with an unreadable timestamp in column '{column}': {shown}{more}; "
        "write ISO 8601 (2026-03-01T09:30:00Z, or with an offset such as +01:00)"
    )


def _mixed_timezones(engine: Engine, ev: Input, column: str, aware: int, naive: int) -> None:
    _, tzk = engine.timestamp(ev, column)
    _, naive_rows = engine.bad_rows(ev, f"{tzk} = 0", [column])
    _, aware_rows = engine.bad_rows(ev, f"{tzk} = 1", [column])
    n_where, n_val = naive_rows[0]
    a_where, a_val = aware_rows[0]
    raise UserError(
        f"column '{column}' mixes timestamps with a UTC offset ({aware}, e.g. {a_where}: {_quote_value(a_val[0])}) "
        f"and without one ({naive}, e.g. {n_where}: {_quote_value(n_val[0])}); cjm would read those without an "
        "offset as UTC (naive = UTC), which is likely wrong for some rows: give every timestamp an offset, or none"
    )


def _empty_window(settings: Settings, first_us: int | None, last_us: int | None, skipped: int) -> str:
    def day(us: int | None) -> str:
        return dt.datetime.fromtimestamp((us or 0) / 1e6, dt.UTC).date().isoformat()

    window = f"{settings.window_from or '...'} to {settings.window_to or '...'}"
    if first_us is None:
        return "no event has an account, an activity and a timestamp; check the columns"
    if skipped and (settings.window_from is None and settings.window_to is None):
        return f"every event lacks an account or an activity ({skipped} rows); check the columns"
    return (
        f"the window {window} excludes every event (the data runs from {day(first_us)} to {day(last_us)}); "
        "widen --from/--to or data.window"
    )


def _surveys(
    engine: Engine, plans: list[JourneyPlan], settings: Settings, spec: SourceSpec, start: int | None, end: int | None
) -> None:
    sv = engine.open(resolve_source(spec.locations, spec.base, spec.origin), spec.origin)
    cols = _columns(sv, spec, REQUIRED_SURVEY_COLUMNS)

    def text(name: str) -> str:
        return sql.text(f"CAST({quote_ident(cols[name])} AS STRING)") if name in cols else "CAST(NULL AS STRING)"

    scale = f"LOWER({text('scale')})"
    score = f"TRY_CAST({text('score')} AS DOUBLE)"
    bad_scale = f"{scale} IS NULL OR {scale} NOT IN ('csat', 'nps', 'ces')"
    total, rows = engine.bad_rows(sv, bad_scale, [cols["scale"]])
    if total:
        shown = "; ".join(f"{where}: {_quote_value(v[0])}" for where, v in rows)
        raise UserError(
            f"{total} survey row{'s' if total != 1 else ''} with an unknown scale in column '{cols['scale']}': {shown}; "
            "use csat (1..5), nps (0..10) or ces (1..7)"
        )
    ranges = " ".join(f"WHEN '{k}' THEN {score} BETWEEN {lo} AND {hi}" for k, (lo, hi) in SCALES.items())
    bad_score = f"{score} IS NULL OR {score} <> FLOOR({score}) OR NOT (CASE {scale} {ranges} END)"
    total, rows = engine.bad_rows(sv, bad_score, [cols["scale"], cols["score"]])
    if total:
        shown = "; ".join(f"{where}: {v[0]} score {_quote_value(v[1])}" for where, v in rows)
        raise UserError(
            f"{total} survey row{'s' if total != 1 else ''} with a score out of range in column '{cols['score']}': "
            f"{shown}; scores are whole numbers: csat 1..5, nps 0..10, ces 1..7"
        )
    us, tzk = engine.timestamp(sv, cols["timestamp"]) if "timestamp" in cols else ("CAST(NULL AS BIGINT)", "NULL")
    if "timestamp" in cols:
        raw = sql.text(f"CAST({quote_ident(cols['timestamp'])} AS STRING)")
        total, rows = engine.bad_rows(sv, f"{raw} IS NOT NULL AND {us} IS NULL", [cols["timestamp"]])
        if total:
            shown = "; ".join(f"{where}: {_quote_value(v[0])}" for where, v in rows)
            raise UserError(
                f"{total} survey row{'s' if total != 1 else ''} with an unreadable timestamp in column "
                f"'{cols['timestamp']}': {shown}; write ISO 8601 (2026-03-01T09:30:00Z)"
            )
    select = (
        f"ordinality AS rn, __cjm_file AS file, {text('account')} AS account, {text('contact')} AS contact, "
        f"{text('journey')} AS jname, {text('touchpoint')} AS tname, {scale} AS scale, {score} AS score, "
        f"{us} AS us, {tzk} AS tzk"
    )
    with engine.input_errors(sv.source.shown):
        engine.create("sv", f"SELECT {select} FROM {sv.relation}", "reading surveys")
    aware, naive = engine.rows(
        "SELECT SUM(CASE WHEN tzk = 1 THEN 1 ELSE 0 END), SUM(CASE WHEN tzk = 0 THEN 1 ELSE 0 END) FROM sv"
    )[0]
    if aware and naive:
        _mixed_timezones(engine, sv, cols["timestamp"], int(aware), int(naive))
    targets = survey_targets(plans)
    engine.load(
        "tp_map", [("jname", "STRING"), ("tname", "STRING"), ("journey", "INTEGER"), ("tp", "INTEGER")], targets
    )
    unknown = engine.rows(
        "SELECT s.jname, s.tname, MIN(s.rn), MIN(s.file), COUNT(*) FROM sv s LEFT JOIN tp_map t "
        "ON t.tname = s.tname AND ((t.jname IS NULL AND s.jname IS NULL) OR t.jname = s.jname) "
        "WHERE t.tp IS NULL GROUP BY s.jname, s.tname ORDER BY MIN(s.rn) LIMIT 1"
    )
    if unknown:
        jname, tname, rn, file, _ = unknown[0]
        where = sv.row_name(file, int(rn), engine.first_rows(sv))
        ids = {t for _, t, _, _ in targets}
        if tname is None:
            why = "has no touchpoint id"
        elif jname is None and tname in ids:
            owners = sorted({p.journey.id for p in plans if tname in p.touchpoints})
            why = (
                f"names touchpoint '{tname}', which journeys {', '.join(owners)} all have; add a journey column "
                "(data.surveys.columns.journey) to say which"
            )
        elif jname is not None and jname not in {p.journey.id for p in plans}:
            why = f"names journey '{jname}', which is not among the journeys measured"
        else:
            where_ = f"journey '{jname}'" if jname else "any journey measured"
            why = f"names touchpoint '{tname}', which {where_} does not have"
        raise UserError(f"{where}: the survey row {why}; fix the id in the survey file or in the journey")
    window = []
    if start is not None:
        window.append(f"(s.us IS NULL OR s.us >= {start})")
    if end is not None:
        window.append(f"(s.us IS NULL OR s.us < {end})")
    engine.create(
        "svm",
        "SELECT t.journey, t.tp, s.account, s.contact, s.scale, s.score, s.us FROM sv s JOIN tp_map t "
        "ON t.tname = s.tname AND ((t.jname IS NULL AND s.jname IS NULL) OR t.jname = s.jname)"
        + (" WHERE " + " AND ".join(window) if window else ""),
    )
