"""The built-in stage models of FORMAT.md."""

from __future__ import annotations

from typing import Literal

Phase = Literal["pre-purchase", "purchase", "post-purchase"]
PHASES: tuple[Phase, ...] = ("pre-purchase", "purchase", "post-purchase")

# name -> ordered (stage id, phase)
STAGE_MODELS: dict[str, tuple[tuple[str, Phase], ...]] = {
    "linear-5": (
        ("awareness", "pre-purchase"),
        ("consideration", "pre-purchase"),
        ("purchase", "purchase"),
        ("retention", "post-purchase"),
        ("advocacy", "post-purchase"),
    ),
    "b2b-5": (
        ("awareness", "pre-purchase"),
        ("consideration", "pre-purchase"),
        ("decision", "purchase"),
        ("implementation", "post-purchase"),
        ("growth", "post-purchase"),
    ),
    "b2b-7": (
        ("awareness", "pre-purchase"),
        ("consideration", "pre-purchase"),
        ("decision", "purchase"),
        ("onboarding", "post-purchase"),
        ("support", "post-purchase"),
        ("retention", "post-purchase"),
        ("advocacy", "post-purchase"),
    ),
    # B2B buying jobs happen in any order and repeat; the list order is only for display.
    "buying-jobs": (
        ("problem-identification", "pre-purchase"),
        ("solution-exploration", "pre-purchase"),
        ("requirements-building", "pre-purchase"),
        ("supplier-selection", "purchase"),
        ("validation", "purchase"),
        ("consensus-creation", "purchase"),
    ),
}

# Models whose stage order carries no meaning (rules about "first"/"last" stage relax).
UNORDERED_MODELS = frozenset({"buying-jobs"})


def stage_title(stage_id: str) -> str:
    return stage_id.replace("-", " ").capitalize()
