"""`cjm new journey`: a skeleton journey file that passes `cjm validate`."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import clock
from ..discovery import CONFIG_NAME, display_path, find_root, matches, relative_posix
from ..errors import UserError
from ..hints import quote_list
from ..output import replace_file
from ..stages import STAGE_MODELS, Phase, stage_title
from ..vocabulary import stage_model_names
from ..workspace import SourceFile, Workspace, load_paths, parse_source
from .placeholders import (
    TODO_CHANNEL,
    TODO_OBJECTIVE,
    TODO_OWNER,
    failing_rules,
    fill_touchpoint,
    placeholder_note,
    remaining_errors,
    require_owner,
)
from .target import (
    JOURNEY_TYPES,
    check_choice,
    check_owner,
    check_slug,
    check_text,
    did_you_mean,
    persona_definitions,
    unique_id,
)

POST_PURCHASE_SUPPRESSION = (
    "cjm: disable=no-post-purchase -- this map covers the buying process only; map adoption separately"
)


@dataclass
class NewJourney:
    path: Path
    display: str
    text: str
    notes: list[str]


def plan_journey(
    path: Path,
    *,
    title: str,
    stages: str = "b2b-7",
    id: str | None = None,
    type: str | None = None,
    owner: str | None = None,
    personas: Sequence[str] = (),
    force: bool = False,
) -> NewJourney:
    """A journey skeleton that passes the workspace's `cjm validate`: the format requires one
    persona and one touchpoint, so it references library personas when the workspace has
    them (else an inline stub) and holds one placeholder touchpoint in the first stage. What
    the lint rules that are errors for this file ask for is filled with placeholders (see
    `placeholders`): one touchpoint per stage for empty-stage, a second persona role for
    single-stakeholder, and so on; `notes` tells the user what to fill in."""
    check_text("--title", title)
    target = Path(os.path.abspath(path))
    root_probe = target if target.is_dir() else target.parent
    ws = _workspace_for(root_probe)
    check_choice("--stages", stages, stage_model_names(ws.config) if ws else tuple(STAGE_MODELS))
    if type is not None:
        check_choice("--type", type, JOURNEY_TYPES)
    if owner is not None:
        check_owner(ws, owner)
    journeys = [f for f in (ws.files if ws else []) if f.kind == "journey"]
    taken = [f.data["id"] for f in journeys if isinstance(f.data, dict) and isinstance(f.data.get("id"), str)]
    journey_id = unique_id(id, title, taken, "journey")
    if target.is_dir():
        target = target / f"{journey_id}.yaml"
    if target.suffix not in (".yaml", ".yml"):
        raise UserError(f"{display_path(target)}: a journey file name ends in .yaml or .yml")
    if target.exists() and not force:
        raise UserError(f"{display_path(target)} already exists; pass --force to overwrite it")
    if not target.parent.is_dir():
        raise UserError(f"{display_path(target.parent)}: no such directory; create it first")
    library = persona_definitions(ws, libraries_only=True) if ws else {}
    for pid in personas:
        check_slug("--persona", pid)
        if pid not in library:
            raise UserError(
                f"--persona '{pid}' is not defined in a persona library of the workspace"
                f"{did_you_mean(pid, library)} Library personas: {quote_list(library) or '(none)'}"
            )
    failing = failing_rules(ws, target)
    require_owner(ws, failing, "missing-owner", owner)
    refs = list(dict.fromkeys(personas)) or list(library)[:1]
    # Persona ids are unique in the workspace, so even a stub's id must be free.
    taken_personas = list(persona_definitions(ws)) if ws else []
    inline: list[dict[str, Any]] = []
    if not refs:
        inline.append(_stub(taken_personas, "primary-buyer", "Primary buyer (rename me)", "economic-buyer"))
    model = _model_stages(ws, stages)
    placed = _placeholder_stages(model, failing)
    if "single-stakeholder" in failing and any(phase == "purchase" for sid, phase in model if sid in placed):
        _second_role(refs, inline, library_roles(ws) if ws else {}, taken_personas)
    persona_ids = [*refs, *(p["id"] for p in inline)]

    doc: dict[str, Any] = {"cjm": 1, "id": journey_id, "title": title}
    if type is not None:
        doc["type"] = type
    if "missing-objective" in failing:
        doc["objective"] = TODO_OBJECTIVE
    if owner is not None:
        doc["owner"] = owner
    if "stale-review" in failing:  # a new map is reviewed the day it is written, as `cjm init`'s starter
        doc["reviewed"] = clock.today()
    doc["stages"] = stages
    doc["personas"] = [*refs, *inline]
    filled = [
        (key, rule) for key, rule in (("objective", "missing-objective"), ("reviewed", "stale-review")) if key in doc
    ]
    touchpoints = []
    for sid in placed:
        first = not touchpoints
        name = "First touchpoint (rename me)" if first else f"{stage_title(sid)} touchpoint (rename me)"
        tp: dict[str, Any] = {
            "id": "first-touchpoint" if first else unique_id(None, f"{sid}-touchpoint", (), "touchpoint"),
            "stage": sid,
            "name": name,
            "personas": persona_ids,
        }
        if owner is not None:  # the journey's owner is a better start than a placeholder
            tp["owner"] = owner
        filled += fill_touchpoint(tp, failing)
        touchpoints.append(tp)
    doc["touchpoints"] = touchpoints
    suppress = "no-post-purchase" in failing and all(phase != "post-purchase" for _, phase in model)
    text = _modeline(ws, target) + _render_document(doc, suppress_post_purchase=suppress)
    display = display_path(target)
    notes = _journey_notes(ws, target)
    probe = SourceFile(path=target, display=display, kind="journey")
    parse_source(text.encode(), probe, "journey")
    if probe.model is None:  # a bug here, not the user's input: never write such a file
        raise UserError(f"internal: the skeleton for {probe.display} does not validate: {probe.findings[:1]}")
    note = placeholder_note(display, _first_placeholder_line(text), filled)
    notes += [note] if note else []
    notes += [
        f"note: {f.file}:{f.line}:{f.column}: {f.code} (an error in this workspace): {f.message}"
        for f in remaining_errors(ws, probe, None)
    ]
    return NewJourney(target, display, text, notes)


def library_roles(ws: Workspace) -> dict[str, str | None]:
    from ..linter import library_personas

    return {pid: p.role for pid, p in library_personas(ws).items()}


def _stub(taken: list[str], base: str, name: str, role: str) -> dict[str, Any]:
    stub = {"id": unique_id(None, base, taken, "persona"), "name": name, "role": role}
    taken.append(stub["id"])
    return stub


def _placeholder_stages(model: Sequence[tuple[str, str | None]], failing: Mapping[str, Any]) -> list[str]:
    """The stages that get a placeholder touchpoint: the first, or all when empty-stage is an
    error, plus the first post-purchase stage when no-post-purchase is one."""
    if "empty-stage" in failing:
        return [sid for sid, _ in model]
    placed = [model[0][0]]
    post = [sid for sid, phase in model if phase == "post-purchase"]
    if "no-post-purchase" in failing and post:
        placed.append(post[0])
    return placed


def _second_role(
    refs: list[str], inline: list[dict[str, Any]], roles: Mapping[str, str | None], taken: list[str]
) -> None:
    """single-stakeholder wants two persona roles once a journey reaches a purchase: add a
    library persona with another role, else a stub."""

    def have() -> set[str]:
        return {r for r in (*(roles.get(p) for p in refs), *(p["role"] for p in inline)) if r}

    while len(have()) < 2:
        extra = next((pid for pid, role in roles.items() if pid not in refs and role and role not in have()), None)
        if extra is not None:
            refs.append(extra)
        else:
            role = next(r for r in ("economic-buyer", "end-user") if r not in have())
            inline.append(_stub(taken, f"primary-{role}", f"Primary {role.replace('-', ' ')} (rename me)", role))


def _first_placeholder_line(text: str) -> int:
    markers = ("TODO", f"owner: {TODO_OWNER}", f"channel: {TODO_CHANNEL}", "reviewed:")
    lines = text.splitlines()
    return next((i for i, line in enumerate(lines, start=1) if any(m in line for m in markers)), 1)


def _render_document(doc: dict[str, Any], *, suppress_post_purchase: bool = False) -> str:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    from .. import roundtrip

    def convert(value: Any, flow: bool) -> Any:
        if isinstance(value, dict):
            m = CommentedMap()
            for k, v in value.items():
                m[k] = convert(v, True)
            return m
        if isinstance(value, list):
            seq = CommentedSeq(convert(v, False) for v in value)
            if flow and all(isinstance(v, str) for v in value):
                seq.fa.set_flow_style()
            return seq
        return value

    top = CommentedMap()
    for k, v in doc.items():
        top[k] = convert(v, False)
        if k in ("personas", "touchpoints"):
            top.yaml_set_comment_before_after_key(k, before="\n")
    if suppress_post_purchase:
        # The model has no post-purchase stage to put a placeholder in; say why, as `cjm init` does.
        top.yaml_set_comment_before_after_key("stages", before=POST_PURCHASE_SUPPRESSION)
    from ..fmt import format_text

    # In `cjm fmt`'s layout and quoting, so its pre-commit hook leaves the new file as it is.
    return format_text(roundtrip.dump(top).replace("\n\n\n", "\n\n"), "journey").text


def _modeline(ws: Workspace | None, target: Path) -> str:
    """The schema modeline `cjm init` puts at the top of its files, when the workspace has the
    schemas (a workspace made before cjm init wrote them gets none: no dangling path)."""
    from ..editor import MODELINE_PREFIX, schema_path

    if ws is None or not (ws.root / schema_path("journey")).is_file():
        return ""
    relative = Path(os.path.relpath(ws.root / schema_path("journey"), target.parent)).as_posix()
    return f"{MODELINE_PREFIX}{relative}\n"


def stage_models_for(path: Path) -> list[str]:
    """The stage model names a new journey at `path` may use: built-ins, then cjm.yaml's."""
    target = Path(os.path.abspath(path))
    ws = _workspace_for(target if target.is_dir() else target.parent)
    return stage_model_names(ws.config) if ws else list(STAGE_MODELS)


def _model_stages(ws: Workspace | None, name: str) -> tuple[tuple[str, Phase | None], ...]:
    """(stage id, phase) of a built-in or shared model, as the placeholders need them."""
    if name in STAGE_MODELS:
        return STAGE_MODELS[name]
    assert ws is not None  # check_choice accepted a shared name, so there is a workspace
    return tuple((s.id, s.phase) for s in ws.config.stage_models[name])


def _workspace_for(directory: Path) -> Workspace | None:
    root = find_root(directory)
    if root is None:
        return None
    return load_paths([root])[0]


def _journey_notes(ws: Workspace | None, target: Path) -> list[str]:
    if ws is None or ws.config.journeys is None:
        return []
    rel = relative_posix(target, ws.root)
    if matches(rel, ws.config.journeys):
        return []
    return [
        f"note: {display_path(target)} is not matched by `journeys:` in {display_path(ws.root / CONFIG_NAME)} "
        f"({', '.join(ws.config.journeys)}), so workspace commands will not see it"
    ]


def write_journey(plan: NewJourney, *, force: bool) -> None:
    if plan.path.exists() and not force:
        raise UserError(f"{plan.display} already exists; pass --force to overwrite it")
    try:
        replace_file(plan.path, plan.text.encode("utf-8"))
    except OSError as exc:
        raise UserError(f"{plan.display}: cannot write it: {exc.strerror or exc}") from None
