"""Emotion per persona as small multiples: one short curve per persona, under the main one.

Small multiples rather than one chart with many lines: four personas' curves crossing on one
plot are hard to tell apart without a toggle, and the report has no scripts. Each curve uses
the main curve's x positions, so a touchpoint sits at the same place in every row.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..model import Persona, Touchpoint
from .common import clean, short_name

ROW_HEIGHT = 72
ROW_TOP = 10
ROW_BOTTOM = 12
# Distinct from the emotion fills (red..green) and from each other in print.
PALETTE = ("#1d4ed8", "#7c3aed", "#c2410c", "#0e7490", "#be185d", "#4d7c0f", "#475569", "#a16207")


@dataclass(frozen=True)
class PersonaPoint:
    x: float
    y: float
    score: int
    title: str
    anchor: str


@dataclass(frozen=True)
class PersonaCurve:
    persona: str  # its display name
    persona_id: str
    color: str
    width: float
    height: float
    levels: tuple[tuple[int, float], ...]
    overall_path: str  # the touchpoints' overall emotion, faint, for comparison
    path: str
    points: tuple[PersonaPoint, ...]
    mean: float
    description: str


def persona_curves(
    placed: Sequence[tuple[float, Touchpoint, int, str]],
    personas: Sequence[Persona],
    width: float,
    path_of: Callable[[Sequence[tuple[float, float | None]]], str],
) -> list[PersonaCurve]:
    """One curve per persona with at least one `emotions:` score, in the journey's persona order.

    `placed`: (x, touchpoint, number, anchor) per touchpoint, as on the main curve."""
    plot = ROW_HEIGHT - ROW_TOP - ROW_BOTTOM

    def y_of(score: float) -> float:
        return round(ROW_TOP + (5 - score) / 4 * plot, 2)

    curves = []
    for k, persona in enumerate(personas):
        scored = [(x, tp, n, a) for x, tp, n, a in placed if persona.id in tp.emotions]
        if not scored:
            continue
        name = short_name(persona)
        points = tuple(
            PersonaPoint(
                x=x,
                y=y_of(tp.emotions[persona.id]),
                score=tp.emotions[persona.id],
                title=f"#{n} {clean(tp.name)}: {name} {tp.emotions[persona.id]}"
                + (f" (overall {tp.emotion})" if tp.emotion is not None else ""),
                anchor=a,
            )
            for x, tp, n, a in scored
        )
        scores = [p.score for p in points]
        mean = sum(scores) / len(scores)
        curves.append(
            PersonaCurve(
                persona=name,
                persona_id=persona.id,
                color=PALETTE[k % len(PALETTE)],
                width=width,
                height=float(ROW_HEIGHT),
                levels=tuple((s, y_of(s)) for s in (5, 3, 1)),
                overall_path=path_of(
                    [(x, y_of(tp.emotion) if tp.emotion is not None else None) for x, tp, _, _ in placed]
                ),
                path=path_of([(p.x, p.y) for p in points]),
                points=points,
                mean=mean,
                description=f"Emotion of {name} at {len(points)} touchpoints, mean {mean:.1f}: "
                + "; ".join(p.title for p in points[:12]),
            )
        )
    return curves
