"""A new user's first half hour, with the real tools: cjm, dot, git and pre-commit.

From an empty directory: `cjm init`, validate, add a touchpoint in an editor, validate,
render and report, then commit with the generated pre-commit hooks, which must let the good
commit through and stop a broken one with the finding's file:line:col.
"""

from __future__ import annotations

import os
from pathlib import Path

from .precommit import BIN, clean_env, git, new_repo, run

# What a user types into journeys/first-journey.yaml: a webinar (the extra channel cjm init
# put into cjm.yaml) at the awareness stage, in the format's own layout.
NEW_TOUCHPOINT = """
  - id: order-automation-webinar
    stage: awareness
    name: Attends a webinar on automating order entry
    channel: webinar
    personas: [head-of-operations, order-desk-lead]
    owner: marketing
    customer_action: Asks how PDF orders from small customers are handled
    emotion: 4
    target_emotion: 4
    feeling: interested
"""


def test_from_an_empty_directory_to_a_checked_commit(tmp_path: Path):
    maps = tmp_path / "acme-journeys"
    maps.mkdir()
    # A user who installed cjm has it on PATH; the generated hooks run that `cjm`.
    env = clean_env(PATH=f"{BIN}{os.pathsep}{os.environ['PATH']}")

    def cjm(*args: str) -> str:
        result = run(maps, "cjm", *args, env=env, timeout=120)
        assert result.returncode == 0, f"cjm {' '.join(args)}:\n{result.stdout}{result.stderr}"
        return result.stdout + result.stderr

    created = cjm("init")
    assert "created journeys/first-journey.yaml" in created
    assert "next steps:" in created
    assert "✓ 3 files checked: no problems found." in cjm("validate")

    journey = maps / "journeys" / "first-journey.yaml"
    text = journey.read_text(encoding="utf-8")
    anchor = "\n# The action plan"
    journey.write_text(text.replace(anchor, NEW_TOUCHPOINT + anchor, 1), encoding="utf-8")
    assert "no problems found" in cjm("validate")
    assert '"touchpoints": 8,' in cjm("stats", "--format", "json")  # 7 stages, one each, and the new one

    cjm("render", "-f", "svg", "-o", "out")
    svg = (maps / "out" / "first-journey.map.svg").read_text(encoding="utf-8")
    assert svg.lstrip().startswith(("<?xml", "<svg")) and "Attends a webinar on automating order entry" in svg
    cjm("report", "-o", "out/report")
    assert "first-journey" in (maps / "out" / "report" / "index.html").read_text(encoding="utf-8")

    new_repo(maps)
    (maps / ".gitignore").write_text("out/\n", encoding="utf-8")
    installed = run(maps, str(BIN / "pre-commit"), "install", env=env)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    git(maps, "add", "-A", env=env)
    commit = run(maps, "git", "commit", "-m", "Journey maps: first journey", env=env)
    assert commit.returncode == 0, commit.stdout + commit.stderr
    assert "cjm validate" in commit.stderr + commit.stdout and "Passed" in commit.stderr + commit.stdout
    assert git(maps, "status", "--porcelain", env=env) == ""  # cjm fmt had nothing to change

    # A typo in a stage id: the hook stops the commit and says where.
    broken = journey.read_text(encoding="utf-8").replace("    stage: awareness\n", "    stage: awarness\n")
    journey.write_text(broken, encoding="utf-8")
    line = broken.splitlines().index("    stage: awarness") + 1
    refused = run(maps, "git", "commit", "-am", "Rename a stage", env=env)
    output = refused.stdout + refused.stderr
    assert refused.returncode == 1, output
    assert f"journeys/first-journey.yaml:{line}:12: error [unknown-reference]" in output
    assert "did you mean 'awareness'?" in output
    assert git(maps, "log", "--format=%s", env=env).splitlines() == ["Journey maps: first journey"]
