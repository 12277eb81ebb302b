"""The built-in stage models of FORMAT.md."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal

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


def declared_stages(stages: Any, shared: Mapping[str, Sequence[Any]] | None = None) -> list[tuple[str, str]]:
    """(id, title) of a journey's `stages:` as written: a built-in model name, a name from
    cjm.yaml `stage_models:` (`shared`, its Stage lists), or a list of mappings; read from raw
    data, so it works on a file the schema rejects."""
    if isinstance(stages, str):
        if stages in STAGE_MODELS:
            return [(sid, stage_title(sid)) for sid, _ in STAGE_MODELS[stages]]
        return [(s.id, s.title) for s in (shared or {}).get(stages, ())]
    out: list[tuple[str, str]] = []
    for item in stages if isinstance(stages, list) else ():
        sid = item.get("id") if isinstance(item, dict) else None
        if isinstance(sid, str):
            name = item.get("name")
            out.append((sid, name if isinstance(name, str) and name.strip() else stage_title(sid)))
    return out


def stage_named(text: str, stages: Iterable[tuple[str, str]]) -> str | None:
    """The id of the stage whose name (or title) `text` is: `Tender & contract` -> `procurement`.

    People write what the map shows them; a stage's name is what they see. Case and runs of
    spaces do not matter.
    """
    wanted = _folded(text)
    for sid, title in stages:
        if _folded(title) == wanted:
            return sid
    return None


def _folded(text: str) -> str:
    return " ".join(text.split()).casefold()
