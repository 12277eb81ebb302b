"""Editor support in a new workspace: the schemas `cjm init` copies into `.cjm/schemas/`, the
modeline at the top of each file, and `yaml.schemas` in `.vscode/settings.json`, checked by
what the real yaml-language-server shows for a journey with a typo and an out-of-range emotion.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cjm.cli import app
from cjm.scaffold import init_workspace
from cjm.schema import schema_text

from .yamlls import YamlLanguageServer

TODAY = date(2026, 5, 4)
JOURNEY = "journeys/first-journey.yaml"


def test_every_yaml_file_init_writes_starts_with_the_modeline_of_its_schema(tmp_path: Path):
    init_workspace(tmp_path, today=TODAY, install=None)

    def first_line(name: str) -> str:
        return (tmp_path / name).read_text(encoding="utf-8").splitlines()[0]

    assert first_line("cjm.yaml") == "# yaml-language-server: $schema=.cjm/schemas/config.schema.json"
    assert first_line("personas/buying-committee.yaml") == (
        "# yaml-language-server: $schema=../.cjm/schemas/personas.schema.json"
    )
    assert first_line(JOURNEY) == "# yaml-language-server: $schema=../.cjm/schemas/journey.schema.json"
    # The copies are this cjm's schemas, exactly as `cjm schema` writes them.
    for kind in ("journey", "personas", "config"):
        assert (tmp_path / f".cjm/schemas/{kind}.schema.json").read_text(encoding="utf-8") == schema_text(kind)


def test_vscode_settings_map_each_schema_to_the_globs_of_cjm_yaml(tmp_path: Path):
    init_workspace(tmp_path, today=TODAY, install=None)

    settings = json.loads((tmp_path / ".vscode/settings.json").read_text(encoding="utf-8"))
    assert settings == {
        "yaml.schemas": {
            "./.cjm/schemas/journey.schema.json": ["journeys/**/*.yaml"],
            "./.cjm/schemas/personas.schema.json": ["personas/*.yaml"],
            "./.cjm/schemas/config.schema.json": ["cjm.yaml"],
        }
    }


def test_existing_settings_are_merged_into_and_a_users_own_schema_entry_wins(tmp_path: Path):
    settings_file = tmp_path / ".vscode" / "settings.json"
    settings_file.parent.mkdir()
    mine = {
        "editor.tabSize": 2,
        "yaml.schemas": {"./.cjm/schemas/journey.schema.json": "maps/*.yaml", "kubernetes": "k8s/*.yaml"},
    }
    settings_file.write_text(json.dumps(mine), encoding="utf-8")

    result = init_workspace(tmp_path, today=TODAY, install=None)

    assert result.settings == "updated" and settings_file.resolve() in result.written
    merged = json.loads(settings_file.read_text(encoding="utf-8"))
    assert merged["editor.tabSize"] == 2
    assert merged["yaml.schemas"] == {
        "./.cjm/schemas/journey.schema.json": "maps/*.yaml",  # the user's, untouched
        "kubernetes": "k8s/*.yaml",
        "./.cjm/schemas/personas.schema.json": ["personas/*.yaml"],
        "./.cjm/schemas/config.schema.json": ["cjm.yaml"],
    }


def test_settings_with_comments_are_left_alone_and_init_says_what_to_add(tmp_path: Path, monkeypatch):
    settings_file = tmp_path / ".vscode" / "settings.json"
    settings_file.parent.mkdir()
    jsonc = '{\n  // my editor\n  "editor.tabSize": 2,\n}\n'
    settings_file.write_text(jsonc, encoding="utf-8")
    monkeypatch.chdir(tmp_path)

    result = CliRunner().invoke(app, ["init"])

    assert result.exit_code == 0, result.output
    assert settings_file.read_text(encoding="utf-8") == jsonc
    assert "created .vscode/settings.json" not in result.stderr
    assert "note: left .vscode/settings.json as it is: it is not plain JSON (comments or trailing commas?)" in (
        result.stderr
    )
    assert '"./.cjm/schemas/journey.schema.json": [' in result.stderr  # what to add by hand


def test_refresh_schemas_rewrites_only_stale_schemas(tmp_path: Path, monkeypatch):
    init_workspace(tmp_path, today=TODAY, install=None)
    stale = tmp_path / ".cjm/schemas/journey.schema.json"
    stale.write_text("{}\n", encoding="utf-8")  # as written by an older cjm, say
    journey_before = (tmp_path / JOURNEY).read_bytes()
    monkeypatch.chdir(tmp_path)

    result = CliRunner().invoke(app, ["init", "--refresh-schemas", "journeys"])  # any directory inside

    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        "updated .cjm/schemas/journey.schema.json",
        "up to date .cjm/schemas/personas.schema.json",
        "up to date .cjm/schemas/config.schema.json",
    ]
    assert stale.read_text(encoding="utf-8") == schema_text("journey")
    assert (tmp_path / JOURNEY).read_bytes() == journey_before


def test_refresh_schemas_outside_a_workspace_is_a_usage_error(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["init", "--refresh-schemas"])
    assert result.exit_code == 2
    assert "no cjm.yaml at or above" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_cjm_new_journey_writes_the_modeline_too(tmp_path: Path, monkeypatch):
    init_workspace(tmp_path, today=TODAY, install=None)
    (tmp_path / "journeys" / "renewals").mkdir()
    monkeypatch.chdir(tmp_path)

    result = CliRunner().invoke(app, ["new", "journey", "journeys/renewals/renewal.yaml", "--title", "Renewal"])

    assert result.exit_code == 0, result.output
    text = (tmp_path / "journeys/renewals/renewal.yaml").read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=../../.cjm/schemas/journey.schema.json"
    # The formatter keeps it first, and validate reads past it.
    assert CliRunner().invoke(app, ["fmt", "--check"]).exit_code == 0
    assert CliRunner().invoke(app, ["validate"]).exit_code == 0


# -- the real yaml-language-server


def _broken_journey(root: Path) -> tuple[str, int, int, int]:
    """The starter journey with a journey type not in the enum, a typo key (`feelin`) and an
    emotion of 7 in its first touchpoint: (text, enum line, typo line, emotion line), 0-based
    as in LSP."""
    lines = (root / JOURNEY).read_text(encoding="utf-8").splitlines()
    enum = lines.index("type: current-state")
    typo = lines.index("    feeling: curious")
    emotion = lines.index("    emotion: 3")
    lines[enum] = "type: current"
    lines[typo] = "    feelin: curious"
    lines[emotion] = "    emotion: 7"
    return "\n".join(lines) + "\n", enum, typo, emotion


def _by_line(diagnostics: list[dict]) -> dict[int, str]:
    return {d["range"]["start"]["line"]: d["message"] for d in diagnostics}


def _schema_uris(diagnostics: list[dict]) -> set[str]:
    """The schemas the server checked against (it names them with each diagnostic)."""
    return {uri for d in diagnostics for uri in d["data"]["schemaUri"]}


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    root = tmp_path / "acme-journeys"
    init_workspace(root, today=TODAY, install=None)
    return root


def test_with_the_modeline_the_editor_flags_the_typo_the_range_and_the_enum_on_their_lines(workspace: Path):
    text, enum, typo, emotion = _broken_journey(workspace)

    with YamlLanguageServer(workspace, {}) as server:  # no settings: the modeline alone
        uri = server.open(workspace / JOURNEY, text)
        diagnostics = server.diagnostics(uri, at_least=3)
        found = _by_line(diagnostics)

        assert sorted(found) == [enum, emotion, typo], found
        assert "current-state" in found[enum]  # the allowed values are listed
        assert "feelin" in found[typo] and "not allowed" in found[typo]
        assert "maximum" in found[emotion] and "5" in found[emotion]
        assert _schema_uris(diagnostics) == {(workspace / ".cjm/schemas/journey.schema.json").as_uri()}

        # Completion offers the touchpoint keys the file does not use yet.
        lines = text.splitlines()
        lines.insert(typo + 1, "    ne")
        server.notify(
            "textDocument/didChange",
            {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": "\n".join(lines) + "\n"}]},
        )
        labels = server.completion_labels(uri, typo + 1, len("    ne"))
        assert "next" in labels, labels


def test_with_only_the_vscode_settings_the_editor_flags_them_too(workspace: Path):
    text, enum, typo, emotion = _broken_journey(workspace)
    without_modeline = text.split("\n", 1)[1]  # as if the user deleted the first line
    settings = json.loads((workspace / ".vscode/settings.json").read_text(encoding="utf-8"))

    # What VS Code sends: the `yaml.*` entries of settings.json as the `yaml` section.
    with YamlLanguageServer(workspace, {"schemas": settings["yaml.schemas"]}) as server:
        uri = server.open(workspace / JOURNEY, without_modeline)
        diagnostics = server.diagnostics(uri, at_least=3)
    found = _by_line(diagnostics)

    assert sorted(found) == [enum - 1, emotion - 1, typo - 1], found
    assert "feelin" in found[typo - 1]
    assert _schema_uris(diagnostics) == {(workspace / ".cjm/schemas/journey.schema.json").as_uri()}


@pytest.mark.parametrize(
    ("name", "line", "broken", "kind"),
    [
        ("cjm.yaml", "channels: [webinar]", "chanels: [webinar]", "config"),
        # Any slug may be a role (cjm.yaml `roles:` adds some), so the editor flags a role
        # that is not a slug; an unknown slug is `cjm validate`'s to report.
        ("personas/buying-committee.yaml", "    role: economic-buyer", "    role: Economic buyer", "personas"),
    ],
)
def test_the_config_and_the_persona_library_are_checked_against_their_own_schemas(
    workspace: Path, name: str, line: str, broken: str, kind: str
):
    lines = (workspace / name).read_text(encoding="utf-8").splitlines()
    at = lines.index(line)
    lines[at] = broken

    with YamlLanguageServer(workspace, {}) as server:
        uri = server.open(workspace / name, "\n".join(lines) + "\n")
        diagnostics = server.diagnostics(uri, at_least=1)

    assert list(_by_line(diagnostics)) == [at], diagnostics
    assert _schema_uris(diagnostics) == {(workspace / f".cjm/schemas/{kind}.schema.json").as_uri()}


def test_validate_notes_schemas_left_behind_by_another_cjm_version(tmp_path: Path, monkeypatch):
    init_workspace(tmp_path, today=TODAY, install=None)
    monkeypatch.chdir(tmp_path)
    assert "refresh-schemas" not in CliRunner().invoke(app, ["validate"]).stderr  # fresh: nothing to say

    (tmp_path / ".cjm/schemas/config.schema.json").write_text("{}\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["validate"])

    assert result.exit_code == 0, result.output  # a note, not a finding: the maps are fine
    assert (
        "note: .cjm/schemas/ differs from this cjm's schemas, so editors may misjudge the files: "
        "`cjm init --refresh-schemas` updates it"
    ) in result.stderr
    assert CliRunner().invoke(app, ["init", "--refresh-schemas"]).exit_code == 0
    assert "refresh-schemas" not in CliRunner().invoke(app, ["validate"]).stderr


def test_a_vscode_path_that_is_not_a_directory_is_left_alone_and_the_rest_is_written(tmp_path: Path):
    (tmp_path / ".vscode").write_text("not a directory\n", encoding="utf-8")

    result = init_workspace(tmp_path, today=TODAY, install=None)

    assert result.settings == "left" and "it is not a file" in (result.settings_note or "")
    assert (tmp_path / ".vscode").read_text(encoding="utf-8") == "not a directory\n"
    assert (tmp_path / JOURNEY).is_file()
