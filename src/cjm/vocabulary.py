"""The workspace's own vocabulary in cjm.yaml: shared stage models, roles and owners.

A journey file validates on its own (the schema accepts any slug for `stages: NAME`,
`role` and `owner`); whether a name is one the workspace knows is checked here, on the
parsed data like the other references, so every unknown name is reported in one run with
its file:line:col and a "did you mean".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from .findings import Finding, Severity
from .hints import did_you_mean, quote_list
from .model import ROLES, SLUG_PATTERN, Config
from .positions import locate
from .stages import STAGE_MODELS
from .workspace import SourceFile

PathT = tuple[str | int, ...]
_SLUG = re.compile(SLUG_PATTERN)


def stage_model_ids(name: str, config: Config) -> list[str] | None:
    """The stage ids of a built-in or shared model; None for a name neither knows."""
    if name in STAGE_MODELS:
        return [sid for sid, _ in STAGE_MODELS[name]]
    shared = config.stage_models.get(name)
    return [s.id for s in shared] if shared is not None else None


def stage_model_names(config: Config) -> list[str]:
    """Built-in model names first, then cjm.yaml's, as `cjm new journey --stages` offers them."""
    return [*STAGE_MODELS, *(n for n in config.stage_models if n not in STAGE_MODELS)]


def roles_allowed(config: Config) -> list[str]:
    return [*ROLES, *(r for r in config.roles if r not in ROLES)]


def _at(f: SourceFile, path: PathT, code: str, message: str) -> Finding:
    span = locate(f.data, path)
    return Finding(f.display, span.line, span.column, code, Severity.ERROR, message)


def _items(data: Any, key: str) -> Iterator[tuple[int, Any]]:
    value = data.get(key) if isinstance(data, dict) else None
    if isinstance(value, list):
        yield from enumerate(value)


def _slug(value: Any) -> bool:
    # Malformed names are reported by the schema already; do not report them twice.
    return isinstance(value, str) and _SLUG.match(value) is not None


def unknown_stage_model(f: SourceFile, name: str, config: Config) -> Finding:
    names = stage_model_names(config)
    where = " or in cjm.yaml `stage_models:`" if config.stage_models else ""
    return _at(
        f,
        ("stages",),
        "invalid-value",
        f"'{name}' is not a built-in stage model{where}: use one of {', '.join(names)}, or list the stages "
        f"(`- id: ...`){did_you_mean(name, names)}",
    )


def check_roles(f: SourceFile, config: Config) -> Iterator[Finding]:
    """Each persona `role` (inline in a journey, or in a library) is built in or in `roles:`."""
    allowed = roles_allowed(config)
    for i, persona in _items(f.data, "personas"):
        role = persona.get("role") if isinstance(persona, dict) else None
        if _slug(role) and role not in allowed:
            extra = f", {', '.join(config.roles)}" if config.roles else ""
            yield _at(
                f,
                ("personas", i, "role"),
                "invalid-value",
                f"'{role}' is not a valid role: use one of {', '.join(ROLES)}{extra}, or add it to `roles:` in "
                f"cjm.yaml{did_you_mean(role, allowed)}",
            )


def check_owners(f: SourceFile, config: Config) -> Iterator[Finding]:
    """With `owners:` in cjm.yaml, the journey's, touchpoints' and actions' owners are among them."""
    if config.owners is None:
        return
    owners = config.owners
    places: list[PathT] = [("owner",)]
    places += [("touchpoints", i, "owner") for i, _ in _items(f.data, "touchpoints")]
    places += [("actions", i, "owner") for i, _ in _items(f.data, "actions")]
    for path in places:
        owner = _value(f.data, path)
        if _slug(owner) and owner not in owners:
            yield _at(
                f,
                path,
                "unknown-owner",
                f"owner '{owner}' is not one of the workspace's owners (cjm.yaml `owners:` {quote_list(owners)}): "
                f"use one of them, or add it there{did_you_mean(owner, owners)}",
            )


def check_persona_stages(
    f: SourceFile, path: PathT, persona: Any, stage_ids: list[str], which: str
) -> Iterator[Finding]:
    """A persona's `stages:` name stages that exist; `which` says whose stages `stage_ids` are
    ("this journey does not have (its stages: ...)")."""
    pid = persona.get("id") if isinstance(persona, dict) else None
    stages = persona.get("stages") if isinstance(persona, dict) else None
    if not isinstance(stages, list):
        return
    known = set(stage_ids)
    for j, sid in enumerate(stages):
        if _slug(sid) and sid not in known:
            yield _at(
                f,
                (*path, "stages", j),
                "unknown-reference",
                f"persona '{pid}' is expected in stage '{sid}', which {which}{did_you_mean(sid, stage_ids)}",
            )


def check_config(f: SourceFile) -> Iterator[Finding]:
    """Shared stage models: a name of their own, and stage ids unique within each."""
    models = f.data.get("stage_models") if isinstance(f.data, dict) else None
    if not isinstance(models, dict):
        return
    for name, stages in models.items():
        if name in STAGE_MODELS:
            yield _at(
                f,
                ("stage_models", name),
                "invalid-value",
                f"'{name}' is a built-in stage model; give the shared one another name (journeys that say "
                f"`stages: {name}` get the built-in)",
            )
        seen: dict[str, int] = {}
        for i, stage in enumerate(stages if isinstance(stages, list) else []):
            sid = stage.get("id") if isinstance(stage, dict) else None
            if not isinstance(sid, str):
                continue
            if sid in seen:
                first = locate(f.data, ("stage_models", name, seen[sid], "id"))
                yield _at(
                    f,
                    ("stage_models", name, i, "id"),
                    "duplicate-id",
                    f"stage id '{sid}' is also used at {f.display}:{first.line}:{first.column}; stage ids are "
                    f"unique within a stage model, so rename one",
                )
            else:
                seen[sid] = i


def _value(data: Any, path: PathT) -> Any:
    cur = data
    for seg in path:
        if isinstance(seg, str) and isinstance(cur, dict):
            cur = cur.get(seg)
        elif isinstance(seg, int) and isinstance(cur, list) and seg < len(cur):
            cur = cur[seg]
        else:
            return None
    return cur
