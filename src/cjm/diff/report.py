"""What every diff output shares: grouping changes per entity, wording, and `--format json`.

JSON shape (version 1; keys are only ever added, never renamed or dropped)::

    {
      "version": 1,
      "old": "origin/main", "new": "working tree",      # the operands' labels
      "semantic_changes": true,                          # false: comments/formatting only
      "failed_on": ["removed"],                          # the --fail-on conditions that held
      "summary": {
        "journeys_compared": 3, "journeys_changed": 1, "changes": 12,
        "severity": {"high": 2, "medium": 6, "low": 4},
        "kinds": {"added": 1, "removed": 1, "changed": 6, "renamed": 0, "moved": 1,
                  "reordered": 0, "emotion": 2, "coverage-lost": 1, "coverage-gained": 0},
        "findings_introduced": 1, "findings_fixed": 0, "new_errors": 1,
        "measured_journeys": 1, "conversion_drops": 1  # journeys whose measured: figures moved;
      },                                                 # stages converting less
      "journeys": [{                                     # changed journeys, by id
        "id": "onboarding", "old_id": "onboarding", "title": "...",
        "status": "added" | "removed" | "changed",
        "old_file": "origin/main:journeys/onboarding.yaml", "new_file": "journeys/onboarding.yaml",
        "stage_coverage": {"before": 0.86, "after": 0.71},
        "stages": [{"id": "awareness", "title": "Awareness", "before": 3, "after": 2,
                    "emotion_before": 3.33, "emotion_after": 3.5}],   # null: not on that side
        "changes": [{
          "fingerprint": "3f2a9c0d1e4b",                 # sha1(kind, entity, journey, ids, field)[:12]
          "kind": "added" | "removed" | "changed" | "renamed" | "moved" | "reordered"
                  | "emotion" | "coverage-lost" | "coverage-gained",
          "severity": "high" | "medium" | "low",
          "entity": "journey" | "stage" | "persona" | "touchpoint" | "action" | "coverage",
          "id": "demo-call",                             # coverage: the persona id
          "old_id": "demo",                              # renamed only
          "stage": "consideration",                      # touchpoints, stages, coverage cells
          "label": "Product demo",                       # the entity's name or title
          "field": "owner",                              # field changes; "metrics.nps" for keys
          "direction": "improved" | "worsened",          # emotion changes with two values
          "old": "sales", "new": "presales"              # scalars; whole entity for added/removed
          # or, for lists: "added": ["cio"], "removed": []
        }],
        "measured": null | {                             # how the measured: figures moved
          "as_of": {"before": "2026-04-30", "after": "2026-07-28"},
          "window": {"before": {"from": "2026-01-05", "to": "2026-04-30"}, "after": {...}},
          "totals": {"events": FIGURE, "accounts": FIGURE, "unmapped_events": FIGURE,
                     "conformance": FIGURE},
          "funnel": [{"stage": "awareness", "title": "Awareness", "accounts": FIGURE,
                      "conversion": FIGURE, "drop_off": FIGURE, "median_days": FIGURE,
                      "p90_days": FIGURE}],
          "reach": [{"touchpoint": "proposal", "label": "...", "stage": "decision",
                     "share": FIGURE, "accounts": FIGURE}],              # largest move first
          "surveys": [{"touchpoint": "first-login", "label": "...", "stage": "implementation",
                       "emotion": FIGURE, "ces": FIGURE, "responses": FIGURE}],
          "more": {"reach": 3, "surveys": 0},           # moved, but beyond the listed ones
          "touchpoints_changed": 11
        }
        # FIGURE: {"before": 0.217, "after": 0.238, "delta": 0.021, "direction": "up"};
        # a figure is a number, "<5" (withheld) or null (absent); delta and direction are
        # null unless both sides are numbers (see `cjm.diff.measured`)
      }],
      "personas": [ ...changes of persona library files, same shape... ],
      "lint": {"introduced": [finding], "fixed": [finding]}   # as in `cjm validate --format json`
    }
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Any, get_args

from ..metric_catalogue import Catalogue, format_metric
from .engine import LEVELS, Change, ChangeKind, DiffResult, JourneyDiff, Level
from .measured import Figure, MeasuredDiff

ENTITY_TITLES = {
    "journey": "Journey",
    "stage": "Stages",
    "persona": "Personas",
    "touchpoint": "Touchpoints",
    "action": "Actions",
}
ENTITY_ORDER = tuple(ENTITY_TITLES)
_RANK = {level: i for i, level in enumerate(LEVELS)}


@dataclass
class Labels:
    """How the two operands are named in the output."""

    old: str
    new: str


@dataclass
class Block:
    """The changes of one entity (e.g. a touchpoint that was renamed, moved and re-worded)."""

    entity: str
    id: str
    changes: list[Change] = field(default_factory=list)

    @property
    def label(self) -> str | None:
        return next((c.label for c in self.changes if c.label), None)

    @property
    def stage(self) -> str | None:
        return next((c.stage for c in self.changes if c.stage), None)

    @property
    def severity(self) -> Level:
        return min((c.severity for c in self.changes), key=_RANK.__getitem__)

    @property
    def kind(self) -> str:
        """The headline: added / removed / renamed / moved / reordered / changed."""
        kinds = [c.kind for c in self.changes]
        for k in ("added", "removed", "renamed", "moved", "reordered"):
            if k in kinds:
                return k
        return "changed"


def blocks(changes: list[Change]) -> dict[str, list[Block]]:
    """Entity changes grouped per entity, per entity kind (coverage changes left out)."""
    grouped: dict[str, dict[str, Block]] = {e: {} for e in ENTITY_ORDER}
    for c in changes:
        if c.entity in grouped:
            grouped[c.entity].setdefault(c.id, Block(c.entity, c.id)).changes.append(c)
    # Most serious first (removals, then structure, then wording); entity order within a level.
    return {e: sorted(b.values(), key=lambda x: _RANK[x.severity]) for e, b in grouped.items() if b}


def fmt(value: Any) -> str:
    """A value in words: 17.0 -> 17, None -> (none), lists comma-separated."""
    if value is None:
        return "(none)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:g}"
    if isinstance(value, list | tuple):
        return ", ".join(fmt(v) for v in value) or "(none)"
    if isinstance(value, dict):
        return ", ".join(f"{k}: {fmt(v)}" for k, v in value.items())
    return str(value)


def fmt_mean(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def arrow(before: float | None, after: float | None) -> str:
    if before is None or after is None or before == after:
        return ""
    return "▲" if after > before else "▼"


def _quote(item: Any) -> str:
    """A quote as people cite one: “the words” (persona, source)."""
    if not isinstance(item, dict):
        return fmt(item)
    by = ", ".join(str(item[k]) for k in ("persona", "source") if item.get(k))
    return f"“{item.get('text', '')}”" + (f" ({by})" if by else "")


def _evidence(item: Any) -> str:
    """An evidence item: its title and where it is (url or path)."""
    if not isinstance(item, dict):
        return fmt(item)
    where = item.get("url") or item.get("path")
    return str(item.get("title", "")) + (f" ({where})" if where else "")


_VOICE = {"quotes": _quote, "evidence": _evidence}


def detail(c: Change, catalogue: Catalogue | None = None) -> str | None:
    """One line for a field-level change, or None for headline changes (added, removed...);
    a metric or target reads in the catalogue's unit (`metrics.win_rate: 22% → 25%`)."""
    if c.kind == "renamed":
        return f"renamed from {c.old_id}"
    if c.kind == "moved":
        return f"moved: {c.old} → {c.new}"
    if c.kind == "reordered":
        return f"order: {fmt(c.old)} → {fmt(c.new)}"
    if c.kind == "emotion":
        words = {"improved": " ▲ improved", "worsened": " ▼ worsened"}.get(c.direction or "", "")
        what = f"emotion of {c.field.split('.', 1)[1]}" if c.field and c.field.startswith("emotions.") else "emotion"
        return f"{what}: {fmt(c.old)} → {fmt(c.new)}{words}"
    if c.kind != "changed":
        return None
    if c.added or c.removed:
        show = _VOICE.get(c.field or "", fmt)
        items = [f"+ {show(x)}" for x in c.added] + [f"− {show(x)}" for x in c.removed]
        return f"{c.field}: " + "; ".join(items)
    if catalogue and c.field and c.field.split(".", 1)[0] in ("metrics", "targets") and "." in c.field:
        key = c.field.split(".", 1)[1]

        def show(value: Any) -> str:
            number = isinstance(value, int | float) and not isinstance(value, bool)
            return format_metric(key, value, catalogue) if number else fmt(value)

        return f"{c.field}: {show(c.old)} → {show(c.new)}"
    return f"{c.field}: {fmt(c.old)} → {fmt(c.new)}"


FIGURE_TITLES = {
    "events": "events",
    "accounts": "accounts",
    "unmapped_events": "unmapped events",
    "conformance": "conformance",
    "conversion": "conversion",
    "drop_off": "drop-off",
    "median_days": "median days",
    "p90_days": "p90 days",
    "share": "share",
    "emotion": "emotion",
    "responses": "responses",
}
FUNNEL_SHOWN = ("accounts", "conversion", "drop_off", "median_days")
"""The funnel columns text and Markdown show (JSON has every figure)."""


def value_text(value: Any) -> str:
    """A measured figure: 0.217, 12, 10.2, "<5" as written; a dash when absent."""
    return "–" if value is None else fmt(value)


def delta_text(delta: float | None) -> str:
    if delta is None:
        return ""
    return f"+{fmt(delta)}" if delta > 0 else f"-{fmt(-delta)}"


def figure_text(f: Figure) -> str:
    """`0.217 → 0.238 ▲ +0.021`; a figure that did not move is shown once."""
    if not f.changed:
        return value_text(f.new)
    moved = f"{value_text(f.old)} → {value_text(f.new)}"
    mark = {"up": "▲", "down": "▼"}.get(f.direction or "")
    return f"{moved} {mark} {delta_text(f.delta)}" if mark else moved


def window_text(window: dict[str, Any] | None) -> str:
    if not window:
        return "all data"
    start, end = window.get("from"), window.get("to")
    return f"{start.isoformat() if start else '…'} to {end.isoformat() if end else '…'}"


def measured_when(m: MeasuredDiff) -> str:
    """`as of 2026-04-30 → 2026-07-28; window 2026-01-05 to 2026-04-30 → 2026-01-05 to 2026-07-28`."""

    def pair(old: str, new: str) -> str:
        return new if old == new else f"{old} → {new}"

    # A side without a `measured:` block has no as_of (the model requires one in a block).
    as_of = [d.isoformat() if d else "–" for d in m.as_of]
    windows = [window_text(w) if d else "–" for w, d in zip(m.window, m.as_of, strict=True)]
    return f"as of {pair(*as_of)}; window {pair(*windows)}"


def summary_counts(result: DiffResult) -> dict[str, Any]:
    changes = result.changes
    kinds = dict.fromkeys(get_args(ChangeKind), 0)
    for c in changes:
        kinds[c.kind] += 1
    return {
        "journeys_compared": result.journeys_compared,
        "journeys_changed": len(result.changed_journeys),
        "changes": len(changes),
        "severity": {level: result.count(level) for level in LEVELS},
        "kinds": kinds,
        "findings_introduced": len(result.lint.introduced),
        "findings_fixed": len(result.lint.fixed),
        "new_errors": len(result.lint.new_errors),
        "measured_journeys": len(result.measured_journeys),
        "conversion_drops": sum(len(j.measured.conversion_drops) for j in result.measured_journeys if j.measured),
    }


def journey_counts(j: JourneyDiff) -> dict[str, int]:
    """The numbers of one summary-table row."""
    kinds = [c.kind for c in j.changes]
    return {
        "changes": len(j.changes),
        "high": j.count("high"),
        "added": kinds.count("added"),
        "removed": kinds.count("removed"),
        "renamed": kinds.count("renamed"),
        "moved": kinds.count("moved"),
        "improved": sum(1 for c in j.changes if c.direction == "improved"),
        "worsened": sum(1 for c in j.changes if c.direction == "worsened"),
        "cells_lost": kinds.count("coverage-lost"),
        "cells_gained": kinds.count("coverage-gained"),
    }


def changed_stages(j: JourneyDiff) -> set[str]:
    """Stages touched by the diff: counts or emotion changed, or a change inside them."""
    touched = {s.id for s in j.stages if s.changed}
    touched |= {c.stage for c in j.changes if c.stage and c.entity in ("stage", "touchpoint", "coverage")}
    touched |= {c.old for c in j.changes if c.kind == "moved" and isinstance(c.old, str)}
    return touched


def coverage_changes(j: JourneyDiff) -> Iterator[Change]:
    return (c for c in j.changes if c.entity == "coverage")


def render_json(result: DiffResult, labels: Labels, out: IO[str], *, failed_on: list[str] | None = None) -> None:
    doc = {
        "version": 1,
        "old": labels.old,
        "new": labels.new,
        "semantic_changes": result.semantic,
        "failed_on": failed_on or [],
        "summary": summary_counts(result),
        "journeys": [
            {
                "id": j.id,
                "old_id": j.old_id,
                "title": j.title,
                "status": j.status,
                "old_file": j.old_file,
                "new_file": j.new_file,
                "stage_coverage": {"before": j.stage_coverage[0], "after": j.stage_coverage[1]},
                "stages": [
                    {
                        "id": s.id,
                        "title": s.title,
                        "before": s.before,
                        "after": s.after,
                        "emotion_before": s.emotion_before,
                        "emotion_after": s.emotion_after,
                    }
                    for s in j.stages
                ],
                "changes": [c.as_dict() for c in j.changes],
                "measured": j.measured.as_dict() if j.measured else None,
            }
            for j in result.changed_journeys
        ],
        "personas": [c.as_dict() for c in result.personas],
        "lint": {
            "introduced": [f.as_dict() for f in result.lint.introduced],
            "fixed": [f.as_dict() for f in result.lint.fixed],
        },
    }
    out.write(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
