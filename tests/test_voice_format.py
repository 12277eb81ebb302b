"""Issue 15 additions in the format: per-persona emotions, quotes, evidence, journey KPIs.

They validate (with file:line:col errors that say what to write), round-trip through
`cjm fmt` in the models' key order, and come out of `cjm export json` as written.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

import cjm
from cjm.findings import Severity
from cjm.schema import schema_text

from .field_service import FIELD_SERVICE, write_workspace
from .test_cli import run


def errors(root: Path) -> list[str]:
    found = cjm.validate(cjm.load_workspace(root))
    return [
        f"{Path(f.file).name}:{f.line}:{f.column} {f.code} {f.message}" for f in found if f.severity is Severity.ERROR
    ]


def test_the_field_service_journey_is_valid_and_clean(tmp_path: Path) -> None:
    write_workspace(tmp_path)
    found = cjm.validate(cjm.load_workspace(tmp_path), lint=True)
    assert [(f.code, f.message) for f in found] == []


def test_an_evidence_url_must_be_a_web_address(tmp_path: Path) -> None:
    write_workspace(tmp_path, FIELD_SERVICE.replace("https://support.example.com/views/123", "javascript:alert(1)"))
    assert errors(tmp_path) == [
        "field-service.yaml:46:14 invalid-value 'javascript:alert(1)' is not a web address: an evidence `url` "
        "starts with https:// or http://; for a file of the workspace use `path:`"
    ]


def test_an_evidence_item_needs_exactly_one_of_url_and_path(tmp_path: Path) -> None:
    both = "        url: https://support.example.com/views/123\n        kind: tickets\n"
    text = FIELD_SERVICE.replace(both, both.replace("kind:", "path: research/visit-survey.csv\n        kind:"))
    write_workspace(tmp_path, text)
    assert errors(tmp_path) == [
        "field-service.yaml:45:9 invalid-value evidence item #1 needs exactly one of `url` (an http(s) address) "
        "and `path` (a file of the workspace)"
    ]


def test_an_evidence_path_must_exist_in_the_workspace(tmp_path: Path) -> None:
    write_workspace(tmp_path, FIELD_SERVICE.replace("research/visit-survey.csv", "research/visit-surveys.csv"))
    assert errors(tmp_path) == [
        "field-service.yaml:49:15 unknown-reference evidence file 'research/visit-surveys.csv' does not exist in "
        "the workspace; paths are relative to the workspace root (where cjm.yaml is)"
    ]


def test_an_evidence_path_may_not_be_absolute_or_leave_the_workspace(tmp_path: Path) -> None:
    write_workspace(tmp_path / "ws", FIELD_SERVICE.replace("research/visit-survey.csv", "../secrets.csv"))
    assert errors(tmp_path / "ws") == [
        "field-service.yaml:49:15 invalid-value evidence path '../secrets.csv' leaves the workspace; write it "
        "relative to the workspace root, without '..'"
    ]
    write_workspace(tmp_path / "ws", FIELD_SERVICE.replace("research/visit-survey.csv", "/etc/passwd"))
    assert errors(tmp_path / "ws") == [
        "field-service.yaml:49:15 invalid-value evidence path '/etc/passwd' is absolute; write it relative to "
        "the workspace root (ws/)"
    ]


def test_a_quote_by_a_persona_the_journey_does_not_have_is_an_unknown_reference(tmp_path: Path) -> None:
    write_workspace(tmp_path, FIELD_SERVICE.replace("persona: site-supervisor", "persona: site-supervisr"))
    assert errors(tmp_path) == [
        "field-service.yaml:40:18 unknown-reference quote by persona 'site-supervisr', who is not one of this "
        "journey's personas: fix the id or add the persona to the journey's `personas:` list; did you mean "
        "'site-supervisor'?"
    ]


def test_a_per_persona_emotion_is_a_score_from_1_to_5(tmp_path: Path) -> None:
    write_workspace(tmp_path, FIELD_SERVICE.replace("site-supervisor: 4,", "site-supervisor: 6,"))
    assert errors(tmp_path) == [
        "field-service.yaml:33:33 invalid-value the emotion of site-supervisor must be a whole number from 1 to 5 (1 = very "
        "negative .. 5 = very positive); got 6"
    ]


def test_fmt_puts_the_new_keys_in_the_models_order(tmp_path: Path) -> None:
    # KPIs written after the touchpoints, quotes before the name: fmt moves them where the
    # models have them (journey: after `reviewed`; touchpoint: quotes and evidence after
    # opportunities), and the result is the canonical file.
    head, rest = FIELD_SERVICE.split("stages:\n", 1)
    kpis = "metrics: {nps: 31, renewal_rate: 0.87, sales_cycle_days: 74}\n"
    kpis += "targets: {nps: 45, renewal_rate: 0.85, sales_cycle_days: 45}\n"
    scrambled = head.replace(kpis, "") + "stages:\n" + rest + kpis
    quotes_start = scrambled.index("    quotes:\n")
    evidence_start = scrambled.index("    evidence:\n")
    quotes = scrambled[quotes_start:evidence_start]
    scrambled = scrambled[:quotes_start] + scrambled[evidence_start:]
    scrambled = scrambled.replace(
        "    name: Technician arrives on site\n", quotes + "    name: Technician arrives on site\n"
    )
    journey = write_workspace(tmp_path, scrambled)
    assert run("fmt", "--check", str(journey)).returncode == 1
    assert run("fmt", str(journey)).returncode == 0
    assert journey.read_text(encoding="utf-8") == FIELD_SERVICE
    assert run("fmt", "--check", str(journey)).returncode == 0


def test_json_export_carries_the_additions_as_written(tmp_path: Path) -> None:
    journey = write_workspace(tmp_path)
    result = run("export", "json", str(journey))
    assert result.returncode == 0, result.stderr
    exported = json.loads(result.stdout)["journeys"][0]["journey"]
    assert exported["metrics"] == {"nps": 31, "renewal_rate": 0.87, "sales_cycle_days": 74}
    assert exported["targets"] == {"nps": 45, "renewal_rate": 0.85, "sales_cycle_days": 45}
    visit = exported["touchpoints"][1]
    assert visit["emotions"] == {"site-supervisor": 4, "facilities-manager": 2}
    assert visit["quotes"][0] == {
        "text": "Nobody told us the technician was coming.",
        "persona": "site-supervisor",
        "source": "Interview 2026-09-14",
    }
    assert visit["evidence"] == [
        # Every field of the model, unset ones as null (as everywhere in the export).
        {
            "title": "Q3 support tickets tagged no-show",
            "url": "https://support.example.com/views/123",
            "path": None,
            "kind": "tickets",
        },
        {"title": "Visit survey export", "url": None, "path": "research/visit-survey.csv", "kind": "survey"},
    ]


def test_the_schema_offers_the_additions_and_rejects_what_cjm_rejects(tmp_path: Path) -> None:
    from ruamel.yaml import YAML

    schema = json.loads(schema_text("journey"))
    data = json.loads(json.dumps(YAML(typ="safe").load(FIELD_SERVICE), default=str))
    jsonschema.validate(data, schema, cls=jsonschema.Draft202012Validator)
    evidence = data["touchpoints"][1]["evidence"]
    for bad in (
        {"title": "x", "url": "ftp://example.com/a"},
        {"title": "x"},
        {"title": "x", "url": "https://a.b", "path": "c"},
    ):
        evidence[0] = bad
        validator = jsonschema.Draft202012Validator(schema)
        assert list(validator.iter_errors(data)), bad
