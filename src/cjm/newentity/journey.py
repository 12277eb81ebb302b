"""`cjm new journey`: a skeleton journey file that passes `cjm validate`."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..discovery import CONFIG_NAME, display_path, find_root, matches, relative_posix
from ..errors import UserError
from ..hints import quote_list
from ..output import replace_file
from ..stages import STAGE_MODELS
from ..workspace import SourceFile, Workspace, load_paths, parse_source
from .target import JOURNEY_TYPES, check_choice, check_slug, check_text, did_you_mean, persona_definitions, unique_id


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
    """A journey skeleton that passes the format checks: the format requires one persona and
    one touchpoint, so it references library personas when the workspace has them (else an
    inline stub) and holds one placeholder touchpoint in the first stage."""
    check_text("--title", title)
    check_choice("--stages", stages, tuple(STAGE_MODELS))
    if type is not None:
        check_choice("--type", type, JOURNEY_TYPES)
    if owner is not None:
        check_slug("--owner", owner)
    target = Path(os.path.abspath(path))
    root_probe = target if target.is_dir() else target.parent
    ws = _workspace_for(root_probe)
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
    refs = list(dict.fromkeys(personas)) or list(library)[:1]
    first_stage = STAGE_MODELS[stages][0][0]
    doc: dict[str, Any] = {"cjm": 1, "id": journey_id, "title": title}
    if type is not None:
        doc["type"] = type
    if owner is not None:
        doc["owner"] = owner
    doc["stages"] = stages
    # Persona ids are unique in the workspace, so even the stub's id must be free.
    stub = unique_id(None, "primary-buyer", persona_definitions(ws) if ws else (), "persona")
    persona_ids = refs or [stub]
    doc["personas"] = list(refs) or [{"id": stub, "name": "Primary buyer (rename me)", "role": "economic-buyer"}]
    placeholder: dict[str, Any] = {
        "id": "first-touchpoint",
        "stage": first_stage,
        "name": "First touchpoint (rename me)",
        "personas": persona_ids,
    }
    if owner is not None:  # workspaces often make missing-owner an error: the journey's owner is a start
        placeholder["owner"] = owner
    doc["touchpoints"] = [placeholder]
    text = _render_document(doc)
    notes = _journey_notes(ws, target)
    probe = SourceFile(path=target, display=display_path(target), kind="journey")
    parse_source(text.encode(), probe, "journey")
    if probe.model is None:  # a bug here, not the user's input: never write such a file
        raise UserError(f"internal: the skeleton for {probe.display} does not validate: {probe.findings[:1]}")
    return NewJourney(target, display_path(target), text, notes)


def _render_document(doc: dict[str, Any]) -> str:
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
    return roundtrip.dump(top).replace("\n\n\n", "\n\n")


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
