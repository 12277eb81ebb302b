"""A monorepo of journey maps: each directory with its own cjm.yaml is its own workspace.

Two teams keep their maps side by side. Each has its own config (team A allows a
`webinar-series` channel, team B does not) and its own persona library, and both
happen to call their CFO `cfo`. Validating the whole repository checks each team's files
against that team's workspace, as if each were validated on its own.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import cjm
from cjm.gitsource import GitRepo, load_tree
from cjm.workspace import load_paths

JOURNEY = """\
cjm: 1
id: {id}
title: {title}
stages: b2b-5
personas: [cfo]
touchpoints:
  - id: first-contact
    stage: awareness
    name: Hears about the product
    channel: {channel}
    personas: [cfo]
"""
LIBRARY = "cjm: 1\npersonas:\n  - id: cfo\n    name: {name}\n    role: economic-buyer\n"


def monorepo(root: Path) -> Path:
    files = {
        "team-a/cjm.yaml": "cjm: 1\nchannels: [webinar-series]\n",
        "team-a/personas/committee.yaml": LIBRARY.format(name="Carla, CFO"),
        "team-a/journeys/webinar.yaml": JOURNEY.format(
            id="webinar-funnel", title="Webinar funnel", channel="webinar-series"
        ),
        "team-b/cjm.yaml": "cjm: 1\n",
        "team-b/personas/committee.yaml": LIBRARY.format(name="Colin, CFO"),
        "team-b/journeys/webinar.yaml": JOURNEY.format(
            id="partner-webinar", title="Partner webinar", channel="webinar-series"
        ),
    }
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


def files(ws) -> list[str]:
    return sorted(f.path.relative_to(ws.root).as_posix() for f in ws.files)


def test_each_team_directory_is_its_own_workspace(tmp_path: Path) -> None:
    workspaces = load_paths([monorepo(tmp_path)])
    assert [ws.root for ws in workspaces] == [tmp_path, tmp_path / "team-a", tmp_path / "team-b"]
    assert workspaces[0].files == []
    team_a, team_b = workspaces[1], workspaces[2]
    assert team_a.config.channels == ["webinar-series"]
    assert files(team_a) == files(team_b) == ["journeys/webinar.yaml", "personas/committee.yaml"]


def test_the_same_persona_id_in_two_teams_is_not_a_duplicate(tmp_path: Path) -> None:
    workspaces = load_paths([monorepo(tmp_path)])
    codes = [f.code for ws in workspaces for f in cjm.validate(ws)]
    assert "duplicate-id" not in codes


def test_each_team_is_checked_against_its_own_config(tmp_path: Path) -> None:
    workspaces = load_paths([monorepo(tmp_path)])
    by_root = {ws.root.name: [(f.code, f.line) for f in cjm.check_format(ws)] for ws in workspaces}
    assert by_root["team-a"] == []
    # Team B never declared the webinar-series channel.
    assert by_root["team-b"] == [("unknown-channel", 10)]


def test_validating_from_the_top_gives_what_each_team_gets_on_its_own(tmp_path: Path) -> None:
    monorepo(tmp_path)
    together = [(f.file, f.line, f.code) for ws in load_paths([tmp_path]) for f in cjm.validate(ws)]
    alone = [
        (f.file, f.line, f.code)
        for team in ("team-a", "team-b")
        for ws in load_paths([tmp_path / team])
        for f in cjm.validate(ws)
    ]
    assert together == alone


def test_the_git_tree_splits_workspaces_the_same_way(tmp_path: Path) -> None:
    monorepo(tmp_path)
    env = {
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
        "PATH": "/usr/bin:/bin",
    }
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "two teams"]):
        subprocess.run(["git", *args], cwd=tmp_path, env=env, check=True)
    from_git = load_tree(GitRepo(tmp_path), "HEAD", [""])
    on_disk = load_paths([tmp_path])
    assert [ws.root for ws in from_git] == [ws.root for ws in on_disk]
    assert [sorted(f.path for f in ws.files) for ws in from_git] == [sorted(f.path for f in ws.files) for ws in on_disk]
    assert [ws.config.channels for ws in from_git] == [ws.config.channels for ws in on_disk]
