"""JSON Schemas generated from the models, for editors (yaml-language-server) and CI."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from .model import Config, Journey, PersonaLibrary

SCHEMAS: dict[str, type[BaseModel]] = {"journey": Journey, "personas": PersonaLibrary, "config": Config}
_BASE_ID = "https://cjm.dev/schemas/"


def schema_text(name: str) -> str:
    """The schema as committed under `schemas/`: stable key order, trailing newline."""
    model = SCHEMAS[name]
    schema = model.model_json_schema(mode="validation")
    doc = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": f"{_BASE_ID}{name}.schema.json", **schema}
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def write_schemas(directory: Path) -> list[Path]:
    from .output import write_atomic

    written = []
    for name in SCHEMAS:
        written.append(write_atomic(directory, f"{name}.schema.json", schema_text(name)))
    return written
