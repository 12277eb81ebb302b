"""A generated 120-touchpoint journey: the size at which diagrams and reports must stay readable."""

from __future__ import annotations

import datetime as dt

from cjm.model import CHANNELS, Action, Journey, Persona, Touchpoint
from cjm.stages import STAGE_MODELS

_VERBS = ["Reviews", "Compares", "Requests", "Discusses", "Escalates", "Approves", "Configures", "Shares"]
_THINGS = [
    "the pricing page",
    "a security questionnaire",
    "the integration guide",
    "a renewal quote",
    "the onboarding checklist",
    "an analyst report",
    "the usage dashboard",
    "a support ticket",
]


def big_journey(touchpoints: int = 120) -> Journey:
    """A b2b-7 journey with `touchpoints` touchpoints spread unevenly over the stages,
    four personas, `next` edges along the way (and a few loops back), and an action plan."""
    stages = [sid for sid, _ in STAGE_MODELS["b2b-7"]]
    personas = [
        Persona(id="cfo", name="Dana, Chief Financial Officer", role="economic-buyer"),
        Persona(id="it-lead", name="Sam, IT Lead", role="technical-evaluator"),
        Persona(id="ops-manager", name="Alex, Operations Manager", role="end-user"),
        Persona(id="buyer", name="Kim, Procurement", role="procurement"),
    ]
    weights = [3, 5, 2, 4, 3, 2, 1]  # consideration and onboarding are busiest, as in real maps
    total = sum(weights)
    counts = [touchpoints * w // total for w in weights]
    counts[1] += touchpoints - sum(counts)
    tps: list[Touchpoint] = []
    n = 0
    for stage, count in zip(stages, counts, strict=True):
        for _ in range(count):
            n += 1
            emotion = 1 + (n * 7) % 5
            tps.append(
                Touchpoint(
                    id=f"tp-{n:03d}",
                    stage=stage,
                    name=f"{_VERBS[n % len(_VERBS)]} {_THINGS[(n // 3) % len(_THINGS)]} (step {n})",
                    channel=CHANNELS[n % len(CHANNELS)],
                    personas=[personas[n % 4].id, personas[(n + 1) % 4].id] if n % 3 else [personas[n % 4].id],
                    owner=["marketing", "sales", "product", "support", "customer-success"][n % 5],
                    customer_action=f"Works through step {n} with the account team",
                    emotion=emotion,
                    target_emotion=min(5, emotion + 1),
                    pain_points=[f"Waits {n % 9 + 1} days for an answer"] if emotion <= 2 else [],
                    opportunities=[f"Answer within a day at step {n}"] if emotion <= 2 else [],
                    metrics={"completion_rate": round(0.3 + (n % 6) / 10, 2)},
                    targets={"completion_rate": 0.9} if n % 4 == 0 else {},
                )
            )
    for i, tp in enumerate(tps[:-1]):
        nxt = [tps[i + 1].id]
        if i % 17 == 5 and i > 10:
            nxt.append(tps[i - 8].id)  # a loop back, as real journeys have
        tps[i] = tp.model_copy(update={"next": nxt})
    actions = [
        Action(
            id=f"action-{k}",
            title=f"Fix the slowest hand-off number {k}",
            addresses=[tps[(k * 11) % len(tps)].id],
            owner="customer-success",
            priority=["high", "medium", "low"][k % 3],
            impact=1 + k % 5,
            effort=1 + (k * 2) % 5,
            due=dt.date(2027, 1 + k % 12, 1),
            status="planned",
        )
        for k in range(12)
    ]
    return Journey(
        cjm=1,
        id="big-journey",
        title="Generated 120-touchpoint journey",
        type="current-state",
        objective="Prove that diagrams and reports stay readable at enterprise scale",
        owner="cx-team",
        stages="b2b-7",
        personas=personas,
        touchpoints=tps,
        actions=actions,
    )
