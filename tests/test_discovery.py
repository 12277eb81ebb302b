"""Which files `cjm validate` reads: journeys, never a repository's other YAML or tool caches.

Without a cjm.yaml, cjm searches the directory it is given. A real repository also holds
`.git`, virtualenvs, `node_modules`, caches and YAML meant for other tools; none of those may
be read, and a run that found nothing to check must fail instead of passing.
"""

from __future__ import annotations

import json
import os
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import cjm
from cjm.discovery import relative_posix
from cjm.progress import describe_workspaces

from .conftest import EXAMPLES
from .test_cli import run

JOURNEY = EXAMPLES / "journeys" / "saas-subscription.yaml"
COMPOSE = "services:\n  web:\n    image: nginx\n    ports: ['80:80']\n"


def busy_directory(root: Path) -> Path:
    """A directory like a real checkout: one journey plus everything else that lives there."""
    shutil.copy(JOURNEY, root / "journey.yaml")
    (root / "docker-compose.yml").write_text(COMPOSE)
    noise = {
        ".git/config.yaml": "core: {bare: false}\n",
        "node_modules/pkg/.travis.yml": "language: node_js\n",
        "env/pyvenv.cfg": "home = /usr/bin\n",
        "env/lib/python3.11/site-packages/pkg/data.yaml": "stages: [broken\n",
        "build-cache/CACHEDIR.TAG": "Signature: 8a477f597d28d172789f06886806bc55\n",
        "build-cache/stages.yaml": "stages: [broken\n",
        ".github/workflows/ci.yml": "on: push\njobs: {}\n",
    }
    for name, text in noise.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def test_an_empty_directory_is_an_input_error_not_a_green_run(tmp_path: Path) -> None:
    result = run("validate", str(tmp_path))
    assert result.returncode == 2, result.stdout + result.stderr
    assert "no journey files found" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_directory_of_other_tools_yaml_is_not_a_journey_workspace(tmp_path: Path) -> None:
    (tmp_path / "docker-compose.yml").write_text(COMPOSE)
    result = run("validate", str(tmp_path))
    assert result.returncode == 2, result.stdout + result.stderr
    assert "no journey files found" in result.stderr


def test_in_a_busy_checkout_only_the_journey_is_read(tmp_path: Path) -> None:
    busy_directory(tmp_path)
    result = run("validate", "--format", "json", str(tmp_path))
    report = json.loads(result.stdout)
    assert report["files_checked"] == 1
    assert {f["file"] for f in report["findings"]} <= {str(tmp_path / "journey.yaml")}
    assert not any(f["code"] == "syntax-error" for f in report["findings"])


def test_verbose_says_why_each_thing_was_left_out(tmp_path: Path) -> None:
    busy_directory(tmp_path)
    result = run("validate", "-v", str(tmp_path))
    said = result.stderr
    assert "docker-compose.yml: not a cjm file" in said
    assert "env/: a Python virtualenv (pyvenv.cfg), never searched" in said
    assert "build-cache/: a cache directory (CACHEDIR.TAG), never searched" in said
    assert "node_modules/: node_modules is never searched" in said
    assert ".git/: hidden directory" in said


def test_loading_records_what_it_left_out_in_walk_order_and_verbose_only_reads_that(
    tmp_path: Path, monkeypatch
) -> None:
    busy_directory(tmp_path)
    (tmp_path / "notes.md").write_text("# workshop\n")
    ws = cjm.load_workspace(tmp_path)
    assert [(relative_posix(s.path, tmp_path), s.kind, s.reason) for s in ws.skipped] == [
        (".git", "directory", "hidden directory"),
        (".github", "directory", "hidden directory"),
        ("build-cache", "directory", "a cache directory (CACHEDIR.TAG), never searched"),
        ("env", "directory", "a Python virtualenv (pyvenv.cfg), never searched"),
        ("node_modules", "directory", "node_modules is never searched"),
        (
            "docker-compose.yml",
            "file",
            "not a cjm file (no top-level `cjm:` key, and no stages, personas or touchpoints)",
        ),
        (".", "files", "1 file not ending in .yaml or .yml"),
    ]

    # The verbose report is built from that record alone: no second walk of the tree.
    def no_walk(*args: object, **kwargs: object) -> None:
        raise AssertionError("describe_workspaces walked the directory again")

    monkeypatch.setattr(os, "walk", no_walk)
    lines = describe_workspaces([ws])
    assert lines[-1] == f"  skipped {tmp_path.as_posix()}/: 1 file not ending in .yaml or .yml"
    assert len(lines) == 2 + len(ws.skipped)


def test_a_file_named_on_the_command_line_is_always_checked(tmp_path: Path) -> None:
    compose = tmp_path / "docker-compose.yml"
    compose.write_text(COMPOSE)
    result = run("validate", str(compose))
    # The user asked for this file, so it is checked as a journey, and its problems reported.
    assert result.returncode == 1, result.stdout + result.stderr
    assert "docker-compose.yml:1:1: error" in result.stdout


def test_a_yaml_file_without_cjm_but_with_stages_is_still_reported_as_a_journey(tmp_path: Path) -> None:
    (tmp_path / "draft.yaml").write_text("id: draft\nstages: []\ntouchpoints: []\n")
    result = run("validate", str(tmp_path))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "draft.yaml:1:1: error" in result.stdout


def test_every_reporter_counts_the_same_files(tmp_path: Path) -> None:
    """cjm.yaml is checked (its findings are reported), so every format counts it."""
    text = run("validate", "examples/")
    as_json = json.loads(run("validate", "--format", "json", "examples/").stdout)
    junit = ET.fromstring(run("validate", "--format", "junit", "examples/").stdout)
    cases = junit.findall(".//testcase")
    assert f"({as_json['files_checked']} files checked)" in text.stdout
    assert len(cases) == as_json["files_checked"] == int(junit.find("testsuite").get("tests"))
    assert "examples/cjm.yaml" in {c.get("name") for c in cases}
