"""`cjm export json`: the validated journeys and persona libraries, for other tools.

The document is the models as validated, not the YAML as written: every field is present
(absent optional values are `null` or empty lists), dates are ISO strings, and key order
is FORMAT.md's. Each journey also carries `resolved`: its stages with the built-in model
expanded (ids, names, phases) and its personas with library references looked up, so a
consumer needs no knowledge of stage models or persona libraries.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from .model import PersonaLibrary
from .workspace import Workspace

FORMAT_VERSION = 1


def export_document(workspaces: Sequence[Workspace]) -> dict[str, Any]:
    """{"cjm": 1, "journeys": [...], "persona_libraries": [...]} for valid, loaded workspaces."""
    from .render.common import resolve_personas

    journeys: list[dict[str, Any]] = []
    libraries: list[dict[str, Any]] = []
    for ws in workspaces:
        models = [f.model for f in ws.libraries if isinstance(f.model, PersonaLibrary)]
        for source, journey in ws.valid_journeys():
            journeys.append(
                {
                    "file": source.display,
                    "journey": journey.model_dump(mode="json"),
                    "resolved": {
                        "stages": [stage.model_dump(mode="json") for stage in journey.stage_list],
                        "personas": [p.model_dump(mode="json") for p in resolve_personas(journey, models)],
                    },
                }
            )
        for f in ws.libraries:
            if isinstance(f.model, PersonaLibrary):
                libraries.append({"file": f.display, "personas": [p.model_dump(mode="json") for p in f.model.personas]})
    return {"cjm": FORMAT_VERSION, "journeys": journeys, "persona_libraries": libraries}


def to_json(document: dict[str, Any]) -> str:
    # ensure_ascii=False: "Tomás" stays readable; the output is UTF-8 like every cjm file.
    return json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
