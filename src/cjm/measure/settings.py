"""What `cjm measure` reads: `data:` of cjm.yaml, with the command line on top."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import UserError
from ..model import Config, DataSettings, EventColumn, EventData, SurveyColumn, SurveyData

EVENT_COLUMNS: tuple[str, ...] = EventColumn.__args__  # type: ignore[attr-defined]
SURVEY_COLUMNS: tuple[str, ...] = SurveyColumn.__args__  # type: ignore[attr-defined]
REQUIRED_EVENT_COLUMNS = ("account", "activity", "timestamp")
REQUIRED_SURVEY_COLUMNS = ("account", "touchpoint", "scale", "score")

# An XES log flattened to CSV, as process-mining tools (PM4Py, ProM, Celonis) write it.
PRESETS: dict[str, dict[str, str]] = {
    "xes": {
        "account": "case:concept:name",
        "activity": "concept:name",
        "timestamp": "time:timestamp",
        "channel": "case:channel",
    }
}
DEFAULT_MIN_GROUP = 5


@dataclass(frozen=True)
class SourceSpec:
    """One input: locations (globs or `duckdb:FILE:TABLE`), the directory they are relative
    to, and canonical column -> column in the data. `explicit` columns were named by the
    user (so their absence is an error); the others are defaults, used when present."""

    locations: tuple[str, ...]
    base: Path
    columns: dict[str, str]
    explicit: frozenset[str] = frozenset()
    origin: str = "--events"


@dataclass(frozen=True)
class Settings:
    events: SourceSpec
    surveys: SourceSpec | None = None
    roles: dict[str, str] = field(default_factory=dict)
    window_from: dt.date | None = None
    window_to: dt.date | None = None
    min_group: int = DEFAULT_MIN_GROUP


def parse_columns(text: str) -> dict[str, str]:
    """`--columns account=account_id,activity=event_name` -> {"account": "account_id", ...}."""
    out: dict[str, str] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        name, sep, column = part.partition("=")
        name, column = name.strip(), column.strip()
        if not sep or not column:
            raise UserError(f"--columns: '{part}' is not NAME=COLUMN; write e.g. --columns account=account_id")
        if name not in EVENT_COLUMNS:
            raise UserError(f"--columns: '{name}' is not a column cjm knows; use one of {', '.join(EVENT_COLUMNS)}")
        out[name] = column
    return out


def resolve(
    config: Config,
    root: Path,
    *,
    config_display: str = "cjm.yaml",
    events: list[str] | None = None,
    surveys: str | None = None,
    columns: dict[str, str] | None = None,
    preset: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    min_group: int | None = None,
) -> Settings:
    """Settings from cjm.yaml `data:` (paths relative to the workspace root), overridden by
    the command line (paths relative to the current directory)."""
    data = config.data or DataSettings()
    if events:
        event_spec = _events(EventData(path=events[0], preset=preset, columns=columns or {}), Path.cwd(), events)
        event_spec = SourceSpec(event_spec.locations, Path.cwd(), event_spec.columns, event_spec.explicit, "--events")
    elif data.events is not None:
        ev = data.events
        merged = EventData(path=ev.path, preset=preset or ev.preset, columns={**ev.columns, **(columns or {})})
        event_spec = _events(merged, root, [ev.path], origin=f"{config_display} data.events")
    else:
        raise UserError(
            f"no event data: add `data: events: path: ...` to {config_display}, or pass --events FILE "
            "(CSV, Parquet or JSON lines; see docs/measure.md)"
        )
    survey_spec: SourceSpec | None = None
    if surveys is not None:
        survey_spec = _surveys(SurveyData(path=surveys), Path.cwd(), "--surveys")
    elif data.surveys is not None:
        survey_spec = _surveys(data.surveys, root, f"{config_display} data.surveys")
    window = data.window or {}
    start = date_from or window.get("from")
    end = date_to or window.get("to")
    if start and end and start > end:
        raise UserError(f"the window starts ({start}) after it ends ({end}); swap --from and --to")
    roles = dict(data.events.roles) if data.events is not None else {}
    return Settings(event_spec, survey_spec, roles, start, end, min_group or data.min_group)


def _events(ev: EventData, base: Path, locations: list[str], origin: str = "--events") -> SourceSpec:
    cols = {name: name for name in EVENT_COLUMNS}
    explicit: set[str] = set(REQUIRED_EVENT_COLUMNS)
    if ev.preset:
        preset = PRESETS[ev.preset]
        cols.update(preset)
        explicit.update(k for k in preset if k in REQUIRED_EVENT_COLUMNS)
    cols.update(ev.columns)
    explicit.update(ev.columns)
    return SourceSpec(tuple(locations), base, cols, frozenset(explicit), origin)


def _surveys(sv: SurveyData, base: Path, origin: str) -> SourceSpec:
    cols = {name: name for name in SURVEY_COLUMNS}
    cols.update(sv.columns)
    explicit = frozenset({*REQUIRED_SURVEY_COLUMNS, *sv.columns})
    return SourceSpec((sv.path,), base, cols, explicit, origin)
