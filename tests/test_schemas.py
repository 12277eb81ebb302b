"""The committed JSON Schemas are generated from the models and must not drift from them.

Regenerate with `make schemas` (or `cjm schema --output schemas`) after changing model.py.
"""

from __future__ import annotations

import datetime as dt
import json

import jsonschema
import pytest

from cjm.schema import SCHEMAS, schema_text
from cjm.workspace import read_source

from .conftest import EXAMPLES, ROOT


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_committed_schema_matches_the_models(name):
    committed = (ROOT / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(name), f"schemas/{name}.schema.json is stale: run `make schemas`"


def _plain(data):
    # JSON Schema sees YAML dates as strings, as editors do.
    return json.loads(json.dumps(data, default=lambda v: v.isoformat() if isinstance(v, dt.date) else str(v)))


@pytest.mark.parametrize(
    "path,name",
    [(p, "journey") for p in sorted((EXAMPLES / "journeys").glob("*.yaml"))]
    + [(EXAMPLES / "personas" / "buying-committee.yaml", "personas"), (EXAMPLES / "cjm.yaml", "config")],
    ids=lambda v: getattr(v, "name", v),
)
def test_examples_are_valid_against_the_committed_schemas(path, name):
    schema = json.loads((ROOT / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8"))
    data = _plain(read_source(path, max_bytes=10_000_000).data)
    jsonschema.validate(data, schema, cls=jsonschema.Draft202012Validator)


def test_the_schema_rejects_what_cjm_rejects():
    schema = json.loads((ROOT / "schemas" / "journey.schema.json").read_text(encoding="utf-8"))
    bad = {
        "cjm": 1,
        "id": "x",
        "title": "T",
        "stages": "b2b-7",
        "personas": ["p"],
        "touchpoints": [{"id": "t", "stage": "awareness", "name": "N", "emotion": 7}],
    }
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema, cls=jsonschema.Draft202012Validator)
