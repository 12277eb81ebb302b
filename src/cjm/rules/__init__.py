"""The lint rule catalog: an explicit registry from rule id to rule module.

Each rule is one module (see `base.py` for the contract); its docstring is the user
documentation that `cjm rules ID` prints. Adding a rule means adding its module here.
"""

from __future__ import annotations

from types import ModuleType

from . import (
    action_incomplete,
    customer_voice,
    dead_end,
    emotion_contradicted,
    emotion_gap,
    emotion_persona,
    empty_stage,
    metric_below_target,
    missing_channel,
    missing_objective,
    missing_owner,
    no_post_purchase,
    persona_gap,
    single_stakeholder,
    split_sentence,
    stage_overloaded,
    stale_measurement,
    stale_review,
    unaddressed_pain,
    unbacked_claim,
    undesigned_path,
    unexplained_low,
    unobserved_touchpoint,
    unreachable,
)

_MODULES: tuple[ModuleType, ...] = (
    action_incomplete,
    customer_voice,
    dead_end,
    emotion_contradicted,
    emotion_gap,
    emotion_persona,
    empty_stage,
    metric_below_target,
    missing_channel,
    missing_objective,
    missing_owner,
    no_post_purchase,
    persona_gap,
    single_stakeholder,
    split_sentence,
    stage_overloaded,
    stale_measurement,
    stale_review,
    unaddressed_pain,
    unbacked_claim,
    undesigned_path,
    unexplained_low,
    unobserved_touchpoint,
    unreachable,
)

RULES: dict[str, ModuleType] = {m.ID: m for m in sorted(_MODULES, key=lambda m: m.ID)}
"""Rule id -> rule module, sorted by id."""


def get_rule(rule_id: str) -> ModuleType | None:
    return RULES.get(rule_id)
