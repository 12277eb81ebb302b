"""Persona x stage coverage of a journey: the core numbers behind stats, render and diff."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from .model import Journey


@dataclass(frozen=True)
class Coverage:
    """Touchpoint counts by persona and stage, in journey order.

    `cells[(persona_id, stage_id)]` counts the touchpoints that persona experiences in that
    stage (a touchpoint with several personas counts once for each). A touchpoint with no
    personas is counted for the stage only.
    """

    stages: tuple[str, ...]
    personas: tuple[str, ...]
    cells: dict[tuple[str, str], int] = field(default_factory=dict)
    per_stage: dict[str, int] = field(default_factory=dict)

    @property
    def covered_stages(self) -> tuple[str, ...]:
        return tuple(s for s in self.stages if self.per_stage.get(s, 0) > 0)

    @property
    def stage_coverage(self) -> float:
        """Share of stages with at least one touchpoint (0..1)."""
        return len(self.covered_stages) / len(self.stages) if self.stages else 0.0

    def count(self, persona: str, stage: str) -> int:
        return self.cells.get((persona, stage), 0)

    @property
    def covered_cells(self) -> frozenset[tuple[str, str]]:
        return frozenset(k for k, v in self.cells.items() if v > 0)


def coverage(journey: Journey) -> Coverage:
    stages = tuple(s.id for s in journey.stage_list)
    personas = tuple(journey.persona_ids)
    cells: dict[tuple[str, str], int] = {}
    per_stage = dict.fromkeys(stages, 0)
    for tp in journey.touchpoints:
        per_stage[tp.stage] = per_stage.get(tp.stage, 0) + 1
        for pid in dict.fromkeys(tp.personas):
            cells[(pid, tp.stage)] = cells.get((pid, tp.stage), 0) + 1
    return Coverage(stages=stages, personas=personas, cells=cells, per_stage=per_stage)


def mean(scores: Sequence[int]) -> float | None:
    """Mean of emotion (or other 1..5) scores; None when there are none, never 0."""
    return sum(scores) / len(scores) if scores else None
