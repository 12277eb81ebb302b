"""Semantic diffs of journey maps: what changed for the customer, not which YAML lines.

`diff_journeys(a, b)` compares two journeys; `diff_workspaces(old, new)` compares every
journey of two workspaces (matched by id), the persona libraries, and the lint findings.
Both are pure functions over loaded models: no I/O, no output.

**Matching.** Stages, personas, touchpoints and actions are matched by id, with dicts keyed
by id, so the cost is linear in the number of entities. An entity whose id changed but whose
content is the same (or nearly: weighted field similarity >= `RENAME_THRESHOLD`) is
*renamed*, not removed and added. Exact renames are found by hashing, in linear time; the
near-match search compares removed x added candidates of one kind in one journey, and only
while there are at most `MAX_RENAME_PAIRS` such pairs (beyond that, only exact renames).
References (`stage`, `next`, `addresses`) are compared through the renames, so renaming a
touchpoint does not also report every list that mentions it.

**Changes.** Every change is a `Change`: a `kind` (added, removed, changed, renamed, moved,
reordered, emotion (`emotion`, or `emotions.PERSONA` for one persona's score), coverage-lost,
coverage-gained), the `entity` it is about, the field
for field-level changes (`old -> new` for scalars, `added`/`removed` items for lists; list
order is not a semantic change), a `severity` and a `fingerprint`.

**Severity.** `high`: something the customer loses (a removed journey, stage, touchpoint or
persona, or a persona x stage coverage cell). `medium`: structure (added entities, renames,
moves, stage order, channel, owner, personas, metrics, action plan fields, a worse emotion).
`low`: wording (names, descriptions, pain points, opportunities...), better emotions and
coverage gained.

**Fingerprint.** The first 12 hex digits of the sha1 of kind, entity, journey id, entity
id(s) and field: stable across runs and machines, and independent of the values, so a review
tool can follow "the owner change of touchpoint X" from one commit to the next.

**Measured figures.** The `measured:` blocks `cjm measure --write` maintains are not compared
field by field: `cjm.diff.measured` says how the funnel, conformance, reach and survey
figures moved (`JourneyDiff.measured`), and a re-measured touchpoint is still the same one
for rename detection.

**Lint delta.** Findings are keyed by file (journey files by their matched journey), rule,
severity and message with any `file:line:col` and any figure in it blanked, never by position:
a finding that only moved down the file, or whose figure moved (a metric still below its
target), is neither introduced nor fixed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from dataclasses import field as dc_field
from difflib import SequenceMatcher
from typing import Any, Literal, Protocol, TypeVar

from pydantic import BaseModel

from .. import clock
from ..coverage import Coverage, coverage, mean
from ..discovery import relative_posix
from ..findings import Finding, Severity
from ..metric_catalogue import Catalogue
from ..model import Journey, MetricDefinition, Persona, PersonaLibrary, Touchpoint
from ..stats.engine import rounded
from ..workspace import SourceFile, Workspace
from .measured import MeasuredDiff, diff_measured

ChangeKind = Literal[
    "added", "removed", "changed", "renamed", "moved", "reordered", "emotion", "coverage-lost", "coverage-gained"
]
Entity = Literal["journey", "stage", "persona", "touchpoint", "action", "coverage"]
Level = Literal["high", "medium", "low"]
LEVELS: tuple[Level, ...] = ("high", "medium", "low")
FAIL_ON = ("any", "removed", "coverage-drop", "new-errors", "conversion-drop")

RENAME_THRESHOLD = 0.75
MAX_RENAME_PAIRS = 2_000

# Fields whose change alters the structure or the plan, not just the wording (see docstring).
_MEDIUM_FIELDS: dict[str, frozenset[str]] = {
    "journey": frozenset({"id", "type", "parent", "owner", "stages", "metrics", "targets"}),
    "stage": frozenset({"phase"}),
    "persona": frozenset({"role", "channels", "stages", "definition"}),
    "touchpoint": frozenset({"channel", "owner", "personas", "target_emotion", "metrics", "targets", "next"}),
    "action": frozenset({"addresses", "owner", "priority", "status", "due", "impact", "effort"}),
}
_HIGH_REMOVALS = frozenset({"journey", "stage", "persona", "touchpoint"})

# Weights for near-duplicate rename detection: what an entity *is* weighs more than detail.
_WEIGHTS: dict[str, dict[str, float]] = {
    "stage": {"id": 1, "name": 3, "phase": 1, "customer_goal": 2, "description": 1},
    "touchpoint": {
        "id": 1,
        "name": 3,
        "stage": 1,
        "channel": 1,
        "personas": 1,
        "owner": 1,
        "customer_action": 2,
        "emotion": 0.5,
        "emotions": 0.5,
        "target_emotion": 0.5,
        "feeling": 0.5,
        "pain_points": 1,
        "opportunities": 1,
        "quotes": 1,
        "evidence": 1,
        "metrics": 1,
        "targets": 1,
        "backstage": 1,
        "next": 0.5,
        "description": 1,
    },
    "action": {
        "id": 1,
        "title": 3,
        "addresses": 2,
        "owner": 1,
        "priority": 0.5,
        "impact": 0.5,
        "effort": 0.5,
        "metric": 1,
        "due": 0.5,
        "status": 0.5,
        "description": 1,
    },
}


@dataclass(frozen=True)
class Change:
    """One semantic change. `id` is the entity id on the new side (the old side if removed);
    for coverage changes `id` is the persona and `stage` the stage of the lost/gained cell."""

    kind: ChangeKind
    entity: Entity
    journey: str
    id: str
    severity: Level
    field: str | None = None
    old: Any = None
    new: Any = None
    added: tuple[Any, ...] = ()
    removed: tuple[Any, ...] = ()
    old_id: str | None = None
    stage: str | None = None
    label: str | None = None
    fingerprint: str = dc_field(init=False, compare=False)

    def __post_init__(self) -> None:
        parts = [self.kind, self.entity, self.journey, self.old_id or "", self.id, self.field or ""]
        if self.entity == "coverage":
            parts.append(self.stage or "")
        digest = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:12]
        object.__setattr__(self, "fingerprint", digest)

    @property
    def direction(self) -> Literal["improved", "worsened"] | None:
        """For emotion changes with a value on both sides."""
        if self.kind != "emotion" or not isinstance(self.old, int) or not isinstance(self.new, int):
            return None
        return "improved" if self.new > self.old else "worsened"

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "fingerprint": self.fingerprint,
            "kind": self.kind,
            "severity": self.severity,
            "entity": self.entity,
            "id": self.id,
        }
        optional = {
            "old_id": self.old_id,
            "stage": self.stage,
            "label": self.label,
            "field": self.field,
            "direction": self.direction,
        }
        out.update({k: v for k, v in optional.items() if v is not None})
        if self.added or self.removed:
            out["added"] = list(self.added)
            out["removed"] = list(self.removed)
        elif self.kind != "renamed":
            out["old"] = self.old
            out["new"] = self.new
        return out


@dataclass(frozen=True)
class StageDelta:
    """A stage's touchpoint count and mean emotion before and after (None: not on that side)."""

    id: str
    title: str
    before: int | None
    after: int | None
    emotion_before: float | None
    emotion_after: float | None

    @property
    def changed(self) -> bool:
        return self.before != self.after or self.emotion_before != self.emotion_after

    @property
    def emptied(self) -> bool:
        """The stage had touchpoints and now has none (or is gone)."""
        return bool(self.before) and not self.after


@dataclass
class JourneyDiff:
    """The changes of one journey. `id` is the new id (the old one if the journey was removed)."""

    id: str
    title: str
    status: Literal["added", "removed", "changed", "unchanged"]
    old_id: str | None = None
    old_file: str | None = None
    new_file: str | None = None
    changes: list[Change] = dc_field(default_factory=list)
    stages: list[StageDelta] = dc_field(default_factory=list)
    stage_coverage: tuple[float | None, float | None] = (None, None)
    measured: MeasuredDiff | None = None
    """How the `measured:` figures moved (`cjm.diff.measured`); None when none did."""

    def count(self, level: Level) -> int:
        return sum(1 for c in self.changes if c.severity == level)


@dataclass
class LintDelta:
    """Findings the change introduced (new positions) and fixed (old positions)."""

    introduced: list[Finding] = dc_field(default_factory=list)
    fixed: list[Finding] = dc_field(default_factory=list)

    @property
    def new_errors(self) -> list[Finding]:
        return [f for f in self.introduced if f.severity is Severity.ERROR]


@dataclass
class DiffResult:
    journeys: list[JourneyDiff] = dc_field(default_factory=list)
    personas: list[Change] = dc_field(default_factory=list)
    lint: LintDelta = dc_field(default_factory=LintDelta)
    journeys_compared: int = 0
    # How metric values read (the new side's cjm.yaml `metrics:`): text and Markdown write
    # 0.25 as "25%"; JSON keeps the numbers.
    catalogue: Catalogue = dc_field(default_factory=dict)

    @property
    def changed_journeys(self) -> list[JourneyDiff]:
        return [j for j in self.journeys if j.status != "unchanged"]

    @property
    def changes(self) -> list[Change]:
        return [c for j in self.journeys for c in j.changes] + self.personas

    @property
    def semantic(self) -> bool:
        """True when anything changed for the customer (entities, coverage, lint or measured figures)."""
        return bool(self.changes or self.lint.introduced or self.lint.fixed or self.measured_journeys)

    @property
    def measured_journeys(self) -> list[JourneyDiff]:
        """The journeys whose measured figures moved."""
        return [j for j in self.journeys if j.measured is not None]

    def count(self, level: Level) -> int:
        return sum(1 for c in self.changes if c.severity == level)

    @property
    def coverage_dropped(self) -> bool:
        return any(c.kind == "coverage-lost" for c in self.changes) or any(
            s.emptied for j in self.journeys for s in j.stages
        )

    def triggered(self, fail_on: Iterable[str]) -> list[str]:
        """Which `--fail-on` conditions hold, in `FAIL_ON` order."""
        wanted = set(fail_on)
        unknown = wanted - set(FAIL_ON)
        if unknown:
            raise ValueError(f"unknown --fail-on value(s): {', '.join(sorted(unknown))}")
        checks = {
            "any": self.semantic,
            "removed": any(c.kind == "removed" for c in self.changes),
            "coverage-drop": self.coverage_dropped,
            "new-errors": bool(self.lint.new_errors),
            "conversion-drop": any(j.measured.conversion_drops for j in self.measured_journeys if j.measured),
        }
        return [name for name in FAIL_ON if name in wanted and checks[name]]


# --------------------------------------------------------------------------- values


def plain(value: Any) -> Any:
    """A JSON-ready copy: dates as ISO strings, models as dicts, tuples as lists."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, BaseModel):
        return {k: plain(v) for k, v in value.model_dump(exclude_defaults=True).items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return value


def _empty(value: Any) -> bool:
    return value is None or value == [] or value == {}


def _ratio(a: str, b: str) -> float:
    # SequenceMatcher is not symmetric; ordering the pair makes diff(a, b) mirror diff(b, a).
    x, y = sorted((a, b))
    return SequenceMatcher(None, x, y, autojunk=False).ratio()


def _jaccard(a: frozenset[Any], b: frozenset[Any]) -> float:
    union = len(a | b)
    return len(a & b) / union if union else 1.0


_WORD = re.compile(r"\w+")
_SHORT = 48  # ids and names: character similarity; longer text: shared words (linear, and cheap)

Features = dict[str, tuple[Any, ...]]


def _features(data: Mapping[str, Any], weights: Mapping[str, float]) -> Features:
    """What the rename search compares, computed once per entity instead of once per pair."""
    out: Features = {}
    for name in weights:
        value = data.get(name)
        if _empty(value):
            continue
        if isinstance(value, str):
            out[name] = ("text", value, frozenset(_WORD.findall(value.lower())))
        elif isinstance(value, list):
            out[name] = ("set", frozenset(map(repr, value)))
        elif isinstance(value, dict):
            out[name] = ("set", frozenset((k, repr(v)) for k, v in value.items()))
        else:
            out[name] = ("value", value)
    return out


def _similarity(a: Features, b: Features, weights: Mapping[str, float], floor: float = 0.0) -> float:
    """Weighted share of matching fields (0..1); fields empty on both sides do not count.

    Returns 0.0 as soon as the score cannot reach `floor`: the cheap fields are scored first,
    so most non-matching pairs never reach the character comparison of their texts."""
    present = [(name, w) for name, w in weights.items() if name in a or name in b]
    total = sum(w for _, w in present)
    if not total:
        return 0.0
    score = 0.0
    texts: list[tuple[float, tuple[Any, ...], tuple[Any, ...]]] = []
    for name, weight in present:
        x, y = a.get(name), b.get(name)
        if x is None or y is None or x[0] != y[0]:
            continue
        if x == y:
            score += weight
        elif x[0] == "text":
            texts.append((weight, x, y))
        elif x[0] == "set":
            score += weight * _jaccard(x[1], y[1])
    pending = sum(w for w, _, _ in texts)
    for weight, x, y in texts:
        if score + pending < floor * total:
            return 0.0
        pending -= weight
        short = len(x[1]) <= _SHORT and len(y[1]) <= _SHORT
        score += weight * (_ratio(x[1], y[1]) if short else _jaccard(x[2], y[2]))
    return score / total


def _mean(values: list[int]) -> float | None:
    """Mean rounded half-up to 2 decimals, exactly as `cjm stats` shows it."""
    return rounded(mean(values))


# --------------------------------------------------------------------------- severity


def _severity(kind: ChangeKind, entity: Entity, name: str | None = None, old: Any = None, new: Any = None) -> Level:
    if kind == "removed":
        return "high" if entity in _HIGH_REMOVALS else "medium"
    if kind == "coverage-lost":
        return "high"
    if kind == "coverage-gained":
        return "low"
    if kind == "emotion":
        return "medium" if isinstance(old, int) and isinstance(new, int) and new < old else "low"
    if kind == "changed":
        base = (name or "").split(".", 1)[0]
        return "medium" if base in _MEDIUM_FIELDS.get(entity, frozenset()) else "low"
    return "medium"  # added, renamed, moved, reordered


# --------------------------------------------------------------------------- entity diffs


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


M = TypeVar("M", bound=_HasId)
Mapper = Callable[[dict[str, Any]], dict[str, Any]]


def _list_change(old: Sequence[Any], new: Sequence[Any], mapping: Mapping[str, str]) -> tuple[tuple, tuple]:
    """(added, removed) items, old items read through `mapping` (renames); order ignored."""
    mapped = [mapping.get(x, x) if isinstance(x, str) else x for x in old]
    old_set, new_set = set(map(repr, mapped)), set(map(repr, new))
    added = _unique(plain(x) for x in new if repr(x) not in old_set)
    removed = _unique(plain(o) for o, m in zip(old, mapped, strict=True) if repr(m) not in new_set)
    return added, removed


def _unique(items: Iterable[Any]) -> tuple[Any, ...]:
    """Items once each, in order; by repr, since list items may be dicts (quotes, evidence)."""
    return tuple({repr(x): x for x in items}.values())


class _Emitter:
    """Collects the changes of one journey with the journey id filled in."""

    def __init__(self, journey: str) -> None:
        self.journey = journey
        self.changes: list[Change] = []

    def emit(
        self,
        kind: ChangeKind,
        entity: Entity,
        ident: str,
        *,
        name: str | None = None,
        old: Any = None,
        new: Any = None,
        **extra: Any,
    ) -> None:
        self.changes.append(
            Change(
                kind=kind,
                entity=entity,
                journey=self.journey,
                id=ident,
                severity=_severity(kind, entity, name, old, new),
                field=name,
                old=old,
                new=new,
                **extra,
            )
        )

    def fields(
        self,
        entity: Entity,
        ident: str,
        old: BaseModel,
        new: BaseModel,
        *,
        skip: frozenset[str] = frozenset({"id"}),
        refs: Mapping[str, Mapping[str, str]] | None = None,
        label: str | None = None,
        stage: str | None = None,
    ) -> None:
        """Field-level changes between two versions of one entity, in model field order.

        `refs` maps a list field to the renames its items are read through (e.g. `next`
        through the touchpoint renames)."""
        refs = refs or {}
        for name in type(new).model_fields:
            if name in skip:
                continue
            a, b = getattr(old, name), getattr(new, name)
            if a == b:
                continue
            ctx = {"label": label, "stage": stage}
            if isinstance(a, list) and isinstance(b, list):
                added, removed = _list_change(a, b, refs.get(name, {}))
                if added or removed:
                    self.emit("changed", entity, ident, name=name, added=added, removed=removed, **ctx)
            elif isinstance(a, dict) and isinstance(b, dict):
                # A persona's emotion is an emotion change (direction, severity), like `emotion`.
                kind: ChangeKind = "emotion" if name == "emotions" and entity == "touchpoint" else "changed"
                for key in [*a, *(k for k in b if k not in a)]:
                    if a.get(key) != b.get(key):
                        self.emit(kind, entity, ident, name=f"{name}.{key}", old=a.get(key), new=b.get(key), **ctx)
            elif name == "emotion" and entity == "touchpoint":
                self.emit("emotion", entity, ident, name=name, old=a, new=b, **ctx)
            else:
                self.emit("changed", entity, ident, name=name, old=plain(a), new=plain(b), **ctx)


def _signature(data: Mapping[str, Any]) -> str:
    return json.dumps({k: v for k, v in data.items() if k != "id"}, sort_keys=True, default=str)


def _match_renames(
    kind: str, removed: Sequence[M], added: Sequence[M], old_view: Mapper, new_view: Mapper
) -> dict[str, str]:
    """old id -> new id for entities whose id changed but whose content did not (or barely).

    Exact matches are paired in order through a hash of the content; near matches only when
    there are at most MAX_RENAME_PAIRS candidate pairs, best score first. Ties are broken
    on the unordered pair of ids, so the result does not depend on which side is "old".
    """
    if not removed or not added:
        return {}
    olds = {m.id: old_view(plain(m)) for m in removed}
    news = {m.id: new_view(plain(m)) for m in added}
    buckets: dict[str, list[str]] = {}
    for oid, data in olds.items():
        buckets.setdefault(_signature(data), []).append(oid)
    pairs: dict[str, str] = {}
    for nid, data in news.items():
        bucket = buckets.get(_signature(data))
        if bucket:
            pairs[bucket.pop(0)] = nid
    rest_old = [o for o in olds if o not in pairs]
    used_new = set(pairs.values())
    rest_new = [n for n in news if n not in used_new]
    if not rest_old or not rest_new or len(rest_old) * len(rest_new) > MAX_RENAME_PAIRS:
        return pairs
    weights = _WEIGHTS[kind]
    feats_old = {o: _features(olds[o], weights) for o in rest_old}
    feats_new = {n: _features(news[n], weights) for n in rest_new}
    candidates = []
    for oid in rest_old:
        for nid in rest_new:
            score = _similarity(feats_old[oid], feats_new[nid], weights, RENAME_THRESHOLD)
            if score >= RENAME_THRESHOLD:
                candidates.append((-score, min(oid, nid), max(oid, nid), oid, nid))
    candidates.sort(key=lambda c: c[:3])
    for _, _, _, oid, nid in candidates:
        if oid not in pairs and nid not in used_new:
            pairs[oid] = nid
            used_new.add(nid)
    return pairs


def _diff_entities(
    out: _Emitter,
    entity: Entity,
    old: Sequence[M],
    new: Sequence[M],
    *,
    renames: Mapping[str, str],
    compare: Callable[[M, M], None],
    label: Callable[[M], str | None],
    stage: Callable[[M], str | None] = lambda m: None,
) -> None:
    """Added / renamed / changed entities in new order, then removed ones in old order."""
    old_by_id = {m.id: m for m in old}
    new_ids = {m.id for m in new}
    renamed_from = {n: o for o, n in renames.items()}
    for m in new:
        mid = m.id
        before = old_by_id.get(mid)
        if before is None and mid in renamed_from:
            before = old_by_id[renamed_from[mid]]
            out.emit("renamed", entity, mid, old_id=before.id, label=label(m), stage=stage(m))
        if before is None:
            out.emit("added", entity, mid, new=plain(m), label=label(m), stage=stage(m))
        else:
            compare(before, m)
    for m in old:
        mid = m.id
        if mid not in new_ids and mid not in renames:
            out.emit("removed", entity, mid, old=plain(m), label=label(m), stage=stage(m))


def _first_by_id(items: Iterable[M]) -> list[M]:
    """Duplicate ids are a validation error; the diff keeps the first of each."""
    seen: dict[str, M] = {}
    for m in items:
        seen.setdefault(m.id, m)
    return list(seen.values())


def _persona_entries(journey: Journey) -> list[Persona]:
    # Library references become id-only personas, so refs and inline definitions diff alike.
    return _first_by_id(p if isinstance(p, Persona) else Persona(id=p) for p in journey.personas)


def diff_journeys(a: Journey, b: Journey) -> JourneyDiff:
    """Every semantic change from journey `a` to journey `b` (usually two versions of one map)."""
    out = _Emitter(b.id)
    if a == b:
        return _finish(JourneyDiff(id=b.id, title=b.title, status="unchanged", old_id=a.id), a, b, {}, out)

    # Journey fields (the entity lists are diffed below; `stages` only as a model name).
    # `measured:` blocks are figures, not the map: `diff_measured` compares them (below).
    skip = frozenset({"cjm", "stages", "personas", "touchpoints", "actions", "measured"})
    out.fields("journey", b.id, a, b, skip=skip, label=b.title)
    model_a = a.stages if isinstance(a.stages, str) else "explicit"
    model_b = b.stages if isinstance(b.stages, str) else "explicit"
    if model_a != model_b:
        out.emit("changed", "journey", b.id, name="stages", old=model_a, new=model_b, label=b.title)

    # Stages, with renames, then their order.
    stages_a, stages_b = _first_by_id(a.stage_list), _first_by_id(b.stage_list)
    ids_b = {s.id for s in stages_b}
    ids_a = {s.id for s in stages_a}
    stage_map = _match_renames(
        "stage", [s for s in stages_a if s.id not in ids_b], [s for s in stages_b if s.id not in ids_a], _same, _same
    )
    _diff_entities(
        out,
        "stage",
        stages_a,
        stages_b,
        renames=stage_map,
        compare=lambda x, y: out.fields("stage", y.id, x, y, label=y.title, stage=y.id),
        label=lambda s: s.title,
        stage=lambda s: s.id,
    )
    common_b = [s.id for s in stages_b if s.id in ids_a or s.id in stage_map.values()]
    common_set = set(common_b)
    common_a = [stage_map.get(s.id, s.id) for s in stages_a if stage_map.get(s.id, s.id) in common_set]
    if common_a != common_b:
        out.emit("reordered", "stage", "stages", name="order", old=common_a, new=common_b)

    # Personas of the journey.
    _diff_entities(
        out,
        "persona",
        _persona_entries(a),
        _persona_entries(b),
        renames={},
        compare=lambda x, y: _diff_persona(out, x, y, a, b),
        label=lambda p: p.name,
    )

    # Touchpoints: renames (seen through stage renames), moves, emotions and fields.
    tps_a, tps_b = _first_by_id(a.touchpoints), _first_by_id(b.touchpoints)
    tp_ids_a, tp_ids_b = {t.id for t in tps_a}, {t.id for t in tps_b}

    def through_stages(data: dict[str, Any]) -> dict[str, Any]:
        return {**_unmeasured(data), "stage": stage_map.get(data["stage"], data["stage"])}

    tp_map = _match_renames(
        "touchpoint",
        [t for t in tps_a if t.id not in tp_ids_b],
        [t for t in tps_b if t.id not in tp_ids_a],
        through_stages,
        _unmeasured,
    )

    def compare_tp(x: Touchpoint, y: Touchpoint) -> None:
        if stage_map.get(x.stage, x.stage) != y.stage:
            out.emit("moved", "touchpoint", y.id, name="stage", old=x.stage, new=y.stage, label=y.name, stage=y.stage)
        skip = frozenset({"id", "stage", "measured"})
        out.fields("touchpoint", y.id, x, y, skip=skip, refs={"next": tp_map}, label=y.name, stage=y.stage)

    _diff_entities(
        out,
        "touchpoint",
        tps_a,
        tps_b,
        renames=tp_map,
        compare=compare_tp,
        label=lambda t: t.name,
        stage=lambda t: t.stage,
    )

    # Actions: `addresses` is read through the touchpoint renames.
    acts_a, acts_b = _first_by_id(a.actions), _first_by_id(b.actions)
    act_ids_a, act_ids_b = {x.id for x in acts_a}, {x.id for x in acts_b}

    def through_tps(data: dict[str, Any]) -> dict[str, Any]:
        if "addresses" not in data:
            return data
        return {**data, "addresses": [tp_map.get(t, t) for t in data["addresses"]]}

    act_map = _match_renames(
        "action",
        [x for x in acts_a if x.id not in act_ids_b],
        [x for x in acts_b if x.id not in act_ids_a],
        through_tps,
        _same,
    )
    _diff_entities(
        out,
        "action",
        acts_a,
        acts_b,
        renames=act_map,
        compare=lambda x, y: out.fields("action", y.id, x, y, refs={"addresses": tp_map}, label=y.title),
        label=lambda x: x.title,
    )
    result = JourneyDiff(id=b.id, title=b.title, status="changed", old_id=a.id)
    result.measured = diff_measured(a, b, stage_map, tp_map)
    return _finish(result, a, b, stage_map, out)


def _same(data: dict[str, Any]) -> dict[str, Any]:
    return data


def _unmeasured(data: dict[str, Any]) -> dict[str, Any]:
    """A touchpoint without its figures: a re-measured touchpoint is still the same one."""
    return {k: v for k, v in data.items() if k != "measured"}


def _diff_persona(out: _Emitter, x: Persona, y: Persona, a: Journey, b: Journey) -> None:
    inline_a = any(isinstance(p, Persona) and p.id == x.id for p in a.personas)
    inline_b = any(isinstance(p, Persona) and p.id == y.id for p in b.personas)
    if inline_a != inline_b:
        where = {True: "inline", False: "library"}
        out.emit("changed", "persona", y.id, name="definition", old=where[inline_a], new=where[inline_b], label=y.name)
    if inline_a and inline_b:
        out.fields("persona", y.id, x, y, label=y.name)


def _finish(result: JourneyDiff, a: Journey, b: Journey, stage_map: Mapping[str, str], out: _Emitter) -> JourneyDiff:
    """Add the coverage delta and the per-stage table, then decide the status."""
    cov_a, cov_b = coverage(a), coverage(b)
    old_cells = {(p, stage_map.get(s, s)) for p, s in cov_a.covered_cells}
    new_cells = set(cov_b.covered_cells)
    stage_order = _stage_order(a, b, stage_map)
    persona_order = {p: i for i, p in enumerate(dict.fromkeys([*cov_b.personas, *cov_a.personas]))}

    def cell_key(cell: tuple[str, str]) -> tuple[int, int, str, str]:
        p, s = cell
        return (stage_order.get(s, len(stage_order)), persona_order.get(p, len(persona_order)), s, p)

    old_stage = {new: old for old, new in stage_map.items()}
    for p, s in sorted(old_cells - new_cells, key=cell_key):
        out.emit("coverage-lost", "coverage", p, stage=s, old=cov_a.count(p, old_stage.get(s, s)), new=0)
    for p, s in sorted(new_cells - old_cells, key=cell_key):
        out.emit("coverage-gained", "coverage", p, stage=s, old=0, new=cov_b.count(p, s))
    result.changes = out.changes
    result.stages = _stage_deltas(a, b, cov_a, cov_b, stage_map)
    result.stage_coverage = (round(cov_a.stage_coverage, 4), round(cov_b.stage_coverage, 4))
    if result.changes or a.id != b.id or result.measured is not None:
        result.status = "changed"
    else:
        result.status = "unchanged"
    return result


def _stage_order(a: Journey, b: Journey, stage_map: Mapping[str, str]) -> dict[str, int]:
    """New stage order, then stages only the old journey had (in old order)."""
    order = [s.id for s in b.stage_list]
    order += [stage_map.get(s.id, s.id) for s in a.stage_list]
    return {s: i for i, s in enumerate(dict.fromkeys(order))}


def _emotions(journey: Journey, stage_map: Mapping[str, str]) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for tp in journey.touchpoints:
        if tp.emotion is not None:
            out.setdefault(stage_map.get(tp.stage, tp.stage), []).append(tp.emotion)
    return out


def _stage_deltas(
    a: Journey, b: Journey, cov_a: Coverage, cov_b: Coverage, stage_map: Mapping[str, str]
) -> list[StageDelta]:
    titles = {stage_map.get(s.id, s.id): s.title for s in a.stage_list}
    titles.update({s.id: s.title for s in b.stage_list})
    in_a = {stage_map.get(s.id, s.id) for s in a.stage_list}
    in_b = {s.id for s in b.stage_list}
    count_a = {stage_map.get(s, s): n for s, n in cov_a.per_stage.items()}
    emo_a, emo_b = _emotions(a, stage_map), _emotions(b, {})
    return [
        StageDelta(
            id=sid,
            title=titles[sid],
            before=count_a.get(sid, 0) if sid in in_a else None,
            after=cov_b.per_stage.get(sid, 0) if sid in in_b else None,
            emotion_before=_mean(emo_a.get(sid, [])),
            emotion_after=_mean(emo_b.get(sid, [])),
        )
        for sid in _stage_order(a, b, stage_map)
        if sid in titles
    ]


def _whole_journey(kind: Literal["added", "removed"], journey: Journey, file: str) -> JourneyDiff:
    out = _Emitter(journey.id)
    value = {"title": journey.title, "stages": len(journey.stage_list), "touchpoints": len(journey.touchpoints)}
    if kind == "added":
        out.emit("added", "journey", journey.id, new=value, label=journey.title)
    else:
        out.emit("removed", "journey", journey.id, old=value, label=journey.title)
    cov = coverage(journey)
    emotions = _emotions(journey, {})
    one_side = [(s, cov.per_stage.get(s.id, 0), _mean(emotions.get(s.id, []))) for s in journey.stage_list]
    if kind == "added":
        stages = [StageDelta(s.id, s.title, None, n, None, mean) for s, n, mean in one_side]
    else:
        stages = [StageDelta(s.id, s.title, n, None, mean, None) for s, n, mean in one_side]
    share = round(cov.stage_coverage, 4)
    return JourneyDiff(
        id=journey.id,
        title=journey.title,
        status=kind,
        old_file=file if kind == "removed" else None,
        new_file=file if kind == "added" else None,
        changes=out.changes,
        stages=stages,
        stage_coverage=(share, None) if kind == "removed" else (None, share),
    )


# --------------------------------------------------------------------------- workspaces


@dataclass(frozen=True)
class _Entry:
    space: str
    rel: str
    file: SourceFile
    journey: Journey


def _entries(workspaces: Sequence[Workspace], key: Callable[[Workspace], str]) -> list[_Entry]:
    return [_Entry(key(ws), relative_posix(f.path, ws.root), f, j) for ws in workspaces for f, j in ws.valid_journeys()]


def _pair(
    old: list[_Entry], new: list[_Entry], by_position: bool
) -> tuple[list[tuple[_Entry, _Entry]], list[_Entry], list[_Entry]]:
    """(pairs, removed, added). By id, then by file path for journeys whose id changed."""
    if by_position:
        n = min(len(old), len(new))
        return list(zip(old[:n], new[:n], strict=True)), old[n:], new[n:]
    new_by_id: dict[tuple[str, str], _Entry] = {}
    for e in new:
        new_by_id.setdefault((e.space, e.journey.id), e)
    pairs: list[tuple[_Entry, _Entry]] = []
    used: set[int] = set()
    unmatched: list[_Entry] = []
    for e in old:
        partner = new_by_id.get((e.space, e.journey.id))
        if partner is not None and id(partner) not in used:
            pairs.append((e, partner))
            used.add(id(partner))
        else:
            unmatched.append(e)
    new_by_path = {(e.space, e.rel): e for e in new if id(e) not in used}
    removed: list[_Entry] = []
    for e in unmatched:
        partner = new_by_path.get((e.space, e.rel))
        if partner is not None and id(partner) not in used:
            pairs.append((e, partner))
            used.add(id(partner))
        else:
            removed.append(e)
    return pairs, removed, [e for e in new if id(e) not in used]


_LOCATION = re.compile(r"\S+:\d+:\d+|\bline \d+\b")
# A number standing on its own (not part of an id such as 'step-2' or 'q3-review'): a figure
# that moved (15% -> 10.9%) leaves the same finding, not one fixed and one introduced.
_NUMBER = re.compile(r"(?<![\w'.-])[-+]?\d+(?:[.,]\d+)*%?(?![\w'-])")
_QUOTED_ID = re.compile(r"'([a-z0-9][a-z0-9-]*)'")


def _finding_key(
    f: Finding, logical: Mapping[str, str], renames: Mapping[str, Mapping[str, str]]
) -> tuple[str, str, str, str]:
    """What identifies a finding across revisions: never its position. Ids quoted in the
    message are read through the renames of its journey, so a renamed touchpoint keeps its
    findings."""
    name = logical.get(f.file, f.file)
    message = _NUMBER.sub("<n>", _LOCATION.sub("<loc>", f.message))
    mapping = renames.get(name)
    if mapping:
        message = _QUOTED_ID.sub(lambda m: f"'{mapping.get(m.group(1), m.group(1))}'", message)
    return (name, f.code, f.severity.value, message)


def _lint_delta(
    old: Sequence[Workspace],
    new: Sequence[Workspace],
    logical_old: Mapping[str, str],
    logical_new: Mapping[str, str],
    renames: Mapping[str, Mapping[str, str]],
) -> LintDelta:
    from ..validate import validate  # the lint engine is only needed for this part

    # Both sides are linted with the same `today`, so date-based rules cannot differ by clock.
    today = clock.today()
    found_old = [f for ws in old for f in validate(ws, today=today)]
    found_new = [f for ws in new for f in validate(ws, today=today)]

    keys_old = [_finding_key(f, logical_old, renames) for f in found_old]
    keys_new = [_finding_key(f, logical_new, {}) for f in found_new]

    def surplus(
        mine: list[Finding], my_keys: list[tuple[str, ...]], their_keys: list[tuple[str, ...]]
    ) -> list[Finding]:
        # A multiset difference: two equal findings before and three after is one introduced.
        budget = Counter(their_keys)
        extra: list[Finding] = []
        for f, k in zip(mine, my_keys, strict=True):
            if budget[k] > 0:
                budget[k] -= 1
            else:
                extra.append(f)
        return extra

    return LintDelta(introduced=surplus(found_new, keys_new, keys_old), fixed=surplus(found_old, keys_old, keys_new))


def _logical_names(workspaces: Sequence[Workspace], key: Callable[[Workspace], str]) -> dict[str, str]:
    """Display name -> a name that is the same on both sides (the workspace-relative path)."""
    names: dict[str, str] = {}
    for ws in workspaces:
        files = [*ws.files, *([ws.config_file] if ws.config_file else [])]
        for f in files:
            names[f.display] = f"{key(ws)}/{relative_posix(f.path, ws.root)}"
    return names


def _library(workspaces: Sequence[Workspace], key: Callable[[Workspace], str]) -> dict[tuple[str, str], Persona]:
    """Personas of the library files compared (the targets), by workspace and id."""
    out: dict[tuple[str, str], Persona] = {}
    for ws in workspaces:
        for f in ws.libraries:
            if f.path in ws.targets and isinstance(f.model, PersonaLibrary):
                for p in f.model.personas:
                    out.setdefault((key(ws), p.id), p)
    return out


def _diff_library(old: Sequence[Workspace], new: Sequence[Workspace], key: Callable[[Workspace], str]) -> list[Change]:
    lib_a, lib_b = _library(old, key), _library(new, key)
    out = _Emitter("")
    for k, p in lib_b.items():
        before = lib_a.get(k)
        if before is None:
            out.emit("added", "persona", p.id, new=plain(p), label=p.name)
        elif before != p:
            out.fields("persona", p.id, before, p, label=p.name)
    for k, p in lib_a.items():
        if k not in lib_b:
            out.emit("removed", "persona", p.id, old=plain(p), label=p.name)
    return out.changes


def _one_space(_: Workspace) -> str:
    return ""


def diff_workspaces(
    old: Workspace | Sequence[Workspace],
    new: Workspace | Sequence[Workspace],
    *,
    pair_by_position: bool = False,
    lint: bool = True,
    key: Callable[[Workspace], str] = _one_space,
) -> DiffResult:
    """Compare the target journeys of `old` and `new` (one workspace, or several).

    Journeys are matched by id (then by file path, for a journey whose id changed in place);
    with `pair_by_position`, the i-th old journey is compared with the i-th new one (two files
    named on the command line are two versions of one map even when their ids differ).
    `key` names a workspace the same way on both sides when several are compared.
    """
    olds = [old] if isinstance(old, Workspace) else list(old)
    news = [new] if isinstance(new, Workspace) else list(new)
    entries_old, entries_new = _entries(olds, key), _entries(news, key)
    pairs, removed, added = _pair(entries_old, entries_new, pair_by_position)

    journeys: list[JourneyDiff] = []
    logical_old, logical_new = _logical_names(olds, key), _logical_names(news, key)
    renames: dict[str, dict[str, str]] = {}
    for a, b in pairs:
        jd = diff_journeys(a.journey, b.journey)
        jd.old_file, jd.new_file = a.file.display, b.file.display
        journeys.append(jd)
        # The two files of a pair are one logical file for the lint delta.
        name = logical_old[a.file.display] = logical_new[b.file.display] = f"{b.space}/journey:{b.journey.id}"
        renames[name] = {c.old_id: c.id for c in jd.changes if c.kind == "renamed" and c.old_id}
        if a.journey.id != b.journey.id:
            renames[name][a.journey.id] = b.journey.id
    journeys += [_whole_journey("removed", e.journey, e.file.display) for e in removed]
    journeys += [_whole_journey("added", e.journey, e.file.display) for e in added]
    journeys.sort(key=lambda j: (j.id, j.status))

    delta = _lint_delta(olds, news, logical_old, logical_new, renames) if lint else LintDelta()
    return DiffResult(
        journeys=journeys,
        personas=_diff_library(olds, news, key),
        lint=delta,
        journeys_compared=len(pairs) + len(removed) + len(added),
        catalogue=_catalogue(news, olds),
    )


def _catalogue(*sides: Sequence[Workspace]) -> dict[str, MetricDefinition]:
    """The metric catalogue to read values with: the new side's, then keys only the old side knows."""
    merged: dict[str, MetricDefinition] = {}
    for spaces in sides:
        for ws in spaces:
            for key, definition in ws.config.metrics.items():
                merged.setdefault(key, definition)
    return merged


def input_errors(old: Sequence[Workspace], new: Sequence[Workspace]) -> list[Finding]:
    """Findings of files that cannot be compared: unparsable or schema-invalid, and changed.

    A broken file that is byte-identical on both sides does not stop the diff (it changes
    nothing); one that differs does, because its semantic change cannot be known.
    """

    def texts(spaces: Sequence[Workspace]) -> dict[str, str]:
        return {relative_posix(f.path, ws.root): f.text for ws in spaces for f in _inputs(ws)}

    text_old, text_new = texts(old), texts(new)
    problems: list[Finding] = []
    for spaces, other in ((old, text_new), (new, text_old)):
        for ws in spaces:
            for f in _inputs(ws):
                if f.model is not None or not f.findings:
                    continue
                rel = relative_posix(f.path, ws.root)
                if other.get(rel) != f.text or not f.readable:
                    problems += [x for x in f.findings if x.severity is Severity.ERROR]
    return sorted(dict.fromkeys(problems), key=Finding.sort_key)


def _inputs(ws: Workspace) -> Iterator[SourceFile]:
    yield from ws.target_files
    yield from ws.libraries
    if ws.config_file is not None:
        yield ws.config_file


__all__ = [
    "FAIL_ON",
    "LEVELS",
    "MAX_RENAME_PAIRS",
    "RENAME_THRESHOLD",
    "Change",
    "DiffResult",
    "JourneyDiff",
    "LintDelta",
    "MeasuredDiff",
    "StageDelta",
    "diff_journeys",
    "diff_workspaces",
    "input_errors",
    "plain",
]
