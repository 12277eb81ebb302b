"""`cjm init` as a library: what it writes, that it validates clean, and when it refuses."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from cjm.errors import UserError
from cjm.model import PersonaLibrary, Touchpoint
from cjm.scaffold import FILES, init_workspace, render_files, requirement_from_direct_url
from cjm.stages import STAGE_MODELS
from cjm.validate import validate
from cjm.workspace import load_workspace
from cjm.yamlread import parse_yaml

TODAY = date(2026, 5, 4)
# The templates, then the schemas for editors and the VS Code settings that point at them.
CREATED = [
    *(name for _, name in FILES),
    ".cjm/schemas/journey.schema.json",
    ".cjm/schemas/personas.schema.json",
    ".cjm/schemas/config.schema.json",
    ".vscode/settings.json",
]


@pytest.mark.parametrize("model", list(STAGE_MODELS))
def test_the_scaffold_validates_with_no_findings_at_all_under_every_stage_model(tmp_path: Path, model: str):
    init_workspace(tmp_path, stages=model, today=TODAY, install=None)

    ws = load_workspace(tmp_path)
    # Lint at default severities, counted from the day of init and from the last day before
    # the review goes stale: not even an info finding.
    assert validate(ws, lint=True, today=TODAY) == []
    assert validate(ws, lint=True, today=date(2026, 10, 31)) == []
    journeys = [j for _, j in ws.valid_journeys()]
    assert [j.id for j in journeys] == ["first-journey"]
    assert journeys[0].stages == model
    # One touchpoint in every stage of the model: the starter shows the whole journey.
    assert [t.stage for t in journeys[0].touchpoints] == [s for s, _ in STAGE_MODELS[model]]


def test_it_writes_the_workspace_files_and_nothing_else(tmp_path: Path):
    target = tmp_path / "maps"  # does not exist yet: init creates it

    result = init_workspace(target, today=TODAY, install=None)

    assert result.written == [(target / name).resolve() for name in CREATED]
    on_disk = sorted(p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file())
    assert on_disk == sorted(CREATED)
    assert isinstance(load_workspace(target / "personas").libraries[0].model, PersonaLibrary)


def test_every_field_of_the_starter_touchpoint_is_explained_by_a_comment():
    text = render_files(stages="b2b-7", today=TODAY, install=None)["journeys/first-journey.yaml"]
    lines = text.splitlines()
    start = lines.index("touchpoints:") + 1
    block = lines[start : lines.index("", start)]  # the first touchpoint ends at a blank line
    keyed = [(i, re.match(r"  (?:- |  )([a-z_]+):", line)) for i, line in enumerate(block)]
    keys = {m.group(1): i for i, m in keyed if m}

    # Every field of FORMAT.md appears; `targets` and `next` are shown in comments, since a
    # starter should neither miss a target nor draw a path the user has not thought about.
    # (`description` is cjm's optional extension, not part of FORMAT.md.) `events` needs event
    # data, so it is a comment too; `measured` is written by `cjm measure --write`, never by hand.
    # Per-persona `emotions` and `evidence` (a link or a file) are shown in comments: a starter
    # cannot know either.
    commented = {"targets", "next", "description", "events", "measured", "emotions", "evidence"}
    assert set(keys) == set(Touchpoint.model_fields) - commented
    assert "`targets:`" in text and "`next: [touchpoint-id, ...]`" in text and "`events: [" in text
    assert "`emotions: {order-desk-lead: 2}`" in text and "`evidence:`" in text
    for key, i in keys.items():
        # target_emotion and opportunities share the comment of the field above them.
        if key not in ("target_emotion", "opportunities"):
            assert block[i - 1].lstrip().startswith("#"), f"{key} has no comment above it"


def test_reviewed_is_the_day_of_init_and_the_action_is_due_a_quarter_later():
    text = render_files(stages="b2b-5", today=TODAY, install=None)["journeys/first-journey.yaml"]
    data = parse_yaml(text).data
    assert data["reviewed"] == date(2026, 5, 4)
    assert data["actions"][0]["due"] == date(2026, 8, 2)


def test_output_is_byte_identical_for_the_same_arguments(tmp_path: Path):
    init_workspace(tmp_path / "a", stages="buying-jobs", today=TODAY, install=None)
    init_workspace(tmp_path / "b", stages="buying-jobs", today=TODAY, install=None)
    for name in CREATED:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_buying_jobs_explains_why_it_has_no_post_purchase_stage():
    text = render_files(stages="buying-jobs", today=TODAY, install=None)["journeys/first-journey.yaml"]
    assert "# cjm: disable=no-post-purchase -- this map covers the buying process only" in text
    # Ordered models do reach post-purchase, so they need no suppression.
    assert "disable=" not in render_files(stages="b2b-7", today=TODAY, install=None)["journeys/first-journey.yaml"]


def test_refuses_before_writing_anything_and_lists_every_existing_file(tmp_path: Path):
    (tmp_path / "cjm.yaml").write_text("cjm: 1\n# our settings\n", encoding="utf-8")
    (tmp_path / ".pre-commit-config.yaml").write_text("repos: []\n", encoding="utf-8")

    with pytest.raises(UserError) as err:
        init_workspace(tmp_path, today=TODAY, install=None)

    message = str(err.value)
    assert "cjm.yaml" in message and ".pre-commit-config.yaml" in message and "--force" in message
    assert "journeys/first-journey.yaml" not in message
    # Never half-initialised: the other files were not written, the existing ones are untouched.
    assert sorted(p.name for p in tmp_path.iterdir()) == [".pre-commit-config.yaml", "cjm.yaml"]
    assert (tmp_path / "cjm.yaml").read_text(encoding="utf-8") == "cjm: 1\n# our settings\n"


def test_force_overwrites_existing_files(tmp_path: Path):
    (tmp_path / "cjm.yaml").write_text("cjm: 1\n", encoding="utf-8")
    init_workspace(tmp_path, today=TODAY, install=None, force=True)
    assert "journeys: [journeys/**/*.yaml]" in (tmp_path / "cjm.yaml").read_text(encoding="utf-8")


def test_unknown_stage_model_and_a_file_as_directory_are_usage_errors(tmp_path: Path):
    with pytest.raises(UserError, match="unknown stage model 'b2b-6'; use one of linear-5, b2b-5, b2b-7, buying-jobs"):
        init_workspace(tmp_path, stages="b2b-6", install=None)
    a_file = tmp_path / "notes.txt"
    a_file.write_text("x", encoding="utf-8")
    with pytest.raises(UserError, match="is a file"):
        init_workspace(a_file, install=None)
    assert list(tmp_path.iterdir()) == [a_file]


def test_the_ci_workflow_installs_cjm_from_where_pip_says_it_came_from():
    # PEP 610 direct_url.json records, as pip writes them.
    git = {"url": "https://github.com/acme/cjm", "vcs_info": {"vcs": "git", "commit_id": "0" * 40}}
    tagged = {
        "url": "https://github.com/acme/cjm",
        "vcs_info": {"vcs": "git", "requested_revision": "v0.1.0", "commit_id": "0" * 40},
    }
    archive = {"url": "https://example.com/cjm-0.1.0.tar.gz", "archive_info": {"hashes": {}}}
    editable = {"url": "file:///home/me/cjm", "dir_info": {"editable": True}}
    assert requirement_from_direct_url(git) == f"cjm @ git+https://github.com/acme/cjm@{'0' * 40}"
    assert requirement_from_direct_url(tagged) == "cjm @ git+https://github.com/acme/cjm@v0.1.0"
    assert requirement_from_direct_url(archive) == "cjm @ https://example.com/cjm-0.1.0.tar.gz"
    assert requirement_from_direct_url(editable) is None

    known = render_files(stages="b2b-7", today=TODAY, install="cjm @ git+https://github.com/acme/cjm@v0.1.0")
    assert '- run: pip install "cjm @ git+https://github.com/acme/cjm@v0.1.0"\n' in known[".github/workflows/cjm.yml"]
    unknown = render_files(stages="b2b-7", today=TODAY, install=None)[".github/workflows/cjm.yml"]
    assert "# how CI installs cjm: put your cjm source here" in unknown


def test_a_symlink_leading_out_of_the_directory_stops_init_before_any_write(tmp_path: Path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    workspace = tmp_path / "maps"
    workspace.mkdir()
    (workspace / "journeys").symlink_to(outside)

    with pytest.raises(UserError, match="outside the output directory"):
        init_workspace(workspace, today=TODAY, install=None)

    assert sorted(p.name for p in workspace.iterdir()) == ["journeys"]
    assert list(outside.iterdir()) == []
