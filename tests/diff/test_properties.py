"""Properties of `diff_journeys` over example journeys mutated the way editors change maps:
`diff(a, a)` is empty, and `diff(b, a)` is the mirror image of `diff(a, b)` (added <-> removed,
old <-> new, coverage lost <-> gained, the same renames)."""

from __future__ import annotations

import copy
from collections import Counter
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cjm.diff import Change, JourneyDiff, diff_journeys
from cjm.model import Journey
from cjm.workspace import SourceFile, load_workspace, parse_source

from ..conftest import EXAMPLES

EXAMPLE_FILES = sorted((EXAMPLES / "journeys").glob("*.yaml"))


# Two examples use a shared stage model of the examples' cjm.yaml: journeys read on their
# own are given its stages, as loading the workspace does.
SHARED = load_workspace(EXAMPLES).config.stage_models


def load(path: Path) -> Journey:
    src = parse_source(path.read_bytes(), SourceFile(path=path, display=path.name))
    assert src.journey is not None
    src.journey.bind_stage_models(SHARED)
    return src.journey


BASES = {p.name: load(p) for p in EXAMPLE_FILES}
FLIP = {"added": "removed", "removed": "added", "coverage-lost": "coverage-gained", "coverage-gained": "coverage-lost"}
WORDS = st.text(alphabet="abcdefghij klmno|<>@#`*_", min_size=1, max_size=20).filter(lambda s: s.strip() == s and s)


def _drop_refs(data: dict[str, Any], tp_id: str) -> None:
    for tp in data["touchpoints"]:
        tp["next"] = [n for n in tp["next"] if n != tp_id]
    for action in data["actions"]:
        action["addresses"] = [t for t in action["addresses"] if t != tp_id]


def _rename_refs(data: dict[str, Any], old: str, new: str) -> None:
    for tp in data["touchpoints"]:
        tp["next"] = [new if n == old else n for n in tp["next"]]
    for action in data["actions"]:
        action["addresses"] = [new if t == old else t for t in action["addresses"]]


@st.composite
def mutation(draw: st.DrawFn) -> tuple[str, int, int, Any]:
    op = draw(
        st.sampled_from(
            [
                "remove",
                "emotion",
                "rename",
                "rename-edit",
                "clone",
                "move",
                "reword",
                "drop-persona",
                "add",
                "swap-stages",
                "owner",
                "pain",
                "drop-action",
            ]
        )
    )
    return op, draw(st.integers(0, 10_000)), draw(st.integers(0, 10_000)), draw(st.one_of(WORDS, st.integers(1, 5)))


def mutate(journey: Journey, ops: list[tuple[str, int, int, Any]]) -> Journey:
    data = copy.deepcopy(journey.model_dump())
    for n, (op, i, j, value) in enumerate(ops):
        tps = data["touchpoints"]
        tp = tps[i % len(tps)]
        stages = [s.id for s in journey.stage_list]
        if op == "remove" and len(tps) > 1:
            tps.remove(tp)
            _drop_refs(data, tp["id"])
        elif op == "emotion":
            tp["emotion"] = value if isinstance(value, int) else None
        elif op == "rename":
            new_id = f"{tp['id']}-v{n}"
            _rename_refs(data, tp["id"], new_id)
            tp["id"] = new_id
        elif op == "rename-edit":  # a near rename: the rename search, not the hash, must find it
            new_id = f"{tp['id']}-v{n}"
            _rename_refs(data, tp["id"], new_id)
            tp.update(id=new_id, name=f"{tp['name']} {value}")
        elif op == "clone":  # same content under another id: exact-duplicate rename candidates
            tps.insert(j % (len(tps) + 1), {**copy.deepcopy(tp), "id": f"copy-{n}-{j}", "next": []})
        elif op == "move":
            tp["stage"] = stages[j % len(stages)]
        elif op == "reword":
            tp["name"] = str(value)
        elif op == "drop-persona" and tp["personas"]:
            tp["personas"] = tp["personas"][1:]
        elif op == "add":
            clone = copy.deepcopy(tp)
            clone.update(id=f"added-{n}-{j}", name=f"Added touchpoint {value}", stage=stages[j % len(stages)], next=[])
            tps.insert(j % (len(tps) + 1), clone)
        elif op == "swap-stages" and isinstance(data["stages"], list) and len(data["stages"]) > 1:
            a, b = i % len(data["stages"]), j % len(data["stages"])
            data["stages"][a], data["stages"][b] = data["stages"][b], data["stages"][a]
        elif op == "owner":
            tp["owner"] = ["sales", "support", "product", None][j % 4]
        elif op == "pain":
            tp["pain_points"] = [*tp["pain_points"], str(value)]
        elif op == "drop-action" and data["actions"]:
            data["actions"].pop(i % len(data["actions"]))
    mutated = Journey.model_validate(data)
    mutated.bind_stage_models(SHARED)
    return mutated


def normalized(diff: JourneyDiff, renamed: dict[tuple[str, str], str], mirror: bool) -> Counter[tuple]:
    """Changes as comparable tuples: ids read through the renames (old id -> new id); with
    `mirror`, each change turned into the one the reverse diff must report."""
    out: Counter[tuple] = Counter()
    for c in diff.changes:
        kind, old, new, added, removed = c.kind, c.old, c.new, c.added, c.removed
        if mirror:
            kind, old, new, added, removed = FLIP.get(kind, kind), new, old, removed, added
        ident = renamed.get((c.entity, c.id), c.id)
        stage = c.stage if c.entity == "coverage" else None
        out[(kind, c.entity, ident, c.field, repr(old), repr(new), added, removed, stage)] += 1
    return out


def renames(changes: list[Change]) -> dict[tuple[str, str], str]:
    return {(c.entity, c.old_id): c.id for c in changes if c.kind == "renamed" and c.old_id}


@settings(max_examples=75, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(base=st.sampled_from(sorted(BASES)), ops=st.lists(mutation(), min_size=0, max_size=6))
def test_diff_of_b_and_a_mirrors_diff_of_a_and_b(base: str, ops: list[tuple[str, int, int, Any]]):
    a = BASES[base]
    b = mutate(a, ops)
    forward, backward = diff_journeys(a, b), diff_journeys(b, a)
    names = renames(forward.changes)
    assert renames(backward.changes) == {(e, new): old for (e, old), new in names.items()}
    assert normalized(forward, {}, mirror=True) == normalized(backward, names, mirror=False)
    assert {(s.id, s.before, s.after, s.emotion_before, s.emotion_after) for s in forward.stages} == {
        (s.id, s.after, s.before, s.emotion_after, s.emotion_before) for s in backward.stages
    }
    assert forward.status == backward.status


@settings(max_examples=25, deadline=None, derandomize=True)
@given(base=st.sampled_from(sorted(BASES)), ops=st.lists(mutation(), max_size=5))
def test_diff_of_a_journey_with_itself_is_empty(base: str, ops: list[tuple[str, int, int, Any]]):
    b = mutate(BASES[base], ops)
    same = diff_journeys(b, b.model_copy(deep=True))
    assert (same.status, same.changes) == ("unchanged", [])
