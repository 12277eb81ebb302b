"""What `cjm new` writes passes the workspace's own `cjm validate`, whatever its lint config.

A `cjm init` workspace makes missing-owner an error, and its pre-commit hook runs `cjm
validate` and `cjm fmt`: a skeleton that leaves out what an error rule asks for would block
the user's next commit. Each case runs under init's cjm.yaml and under one that makes every
rule (`cjm rules`) an error; what the rules ask for is filled with TODO placeholders.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cjm.rules import RULES
from cjm.stages import STAGE_MODELS

from .conftest import run_cjm

CONFIGS = ["init", "every-rule-an-error"]


def _workspace(tmp_path: Path, config: str, *, library: bool = True) -> Path:
    ws = tmp_path / "maps"
    tmp_path.mkdir(parents=True, exist_ok=True)
    result = run_cjm("init", str(ws), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    if config == "every-rule-an-error":
        text = (ws / "cjm.yaml").read_text()
        rules = "".join(f"    {rule}: error\n" for rule in RULES)
        (ws / "cjm.yaml").write_text(text[: text.index("lint:")] + f"lint:\n  rules:\n{rules}")
    if not library:
        (ws / "personas" / "buying-committee.yaml").unlink()
        (ws / "journeys" / "first-journey.yaml").unlink()  # it references the library
    return ws


def _error_codes(ws: Path, *paths: str) -> list[str]:
    result = run_cjm("validate", "--format", "json", *paths, cwd=ws)
    return sorted(f["code"] for f in json.loads(result.stdout)["findings"] if f["severity"] == "error")


def _assert_passes(ws: Path, *paths: str) -> None:
    """What the pre-commit hooks run: `cjm validate` exits 0, `cjm fmt` changes nothing."""
    validated = run_cjm("validate", *paths, cwd=ws)
    assert validated.returncode == 0, validated.stdout + validated.stderr
    formatted = run_cjm("fmt", "--check", *paths, cwd=ws)
    assert formatted.returncode == 0, formatted.stdout + formatted.stderr


@pytest.mark.parametrize("model", list(STAGE_MODELS))
@pytest.mark.parametrize("config", CONFIGS)
def test_a_new_journey_passes_the_workspace_it_is_written_into(tmp_path: Path, config: str, model: str):
    ws = _workspace(tmp_path, config)
    result = run_cjm("new", "journey", "journeys/", "--title", "Pest control, first call to renewal",
                     "--stages", model, cwd=ws)  # fmt: skip
    assert result.returncode == 0, result.stderr
    _assert_passes(ws)
    text = (ws / "journeys" / "pest-control-first-call-to-renewal.yaml").read_text()
    # No --owner: the touchpoint gets the placeholder owner, and the user is told to replace it.
    assert "    owner: todo\n" in text
    assert "replace the placeholders (" in result.stderr and "missing-owner" in result.stderr


def test_under_every_rule_as_error_each_placeholder_says_todo_and_the_note_names_the_rules(tmp_path: Path):
    ws = _workspace(tmp_path, "every-rule-an-error")
    result = run_cjm("new", "journey", "journeys/renewal.yaml", "--title", "Renewal", "--stages", "b2b-5", cwd=ws)
    assert result.returncode == 0, result.stderr
    text = (ws / "journeys" / "renewal.yaml").read_text()
    # empty-stage: a placeholder touchpoint in every stage; single-stakeholder (a purchase
    # stage is reached): a second library persona with another role.
    assert text.count("  - id: ") == len(STAGE_MODELS["b2b-5"])
    assert "personas:\n  - head-of-operations\n  - it-security-lead\n" in text
    assert 'objective: "TODO: the decision or improvement this map serves"\n' in text
    assert text.count('    customer_action: "TODO: what the customer does here, from their side"\n') == 5
    assert text.count("    channel: other\n") == 5
    # Line 5: below the schema modeline (the workspace has cjm init's .cjm/schemas/) and cjm, id, title.
    assert (
        "journeys/renewal.yaml:5: replace the placeholders (objective 'TODO: ...', reviewed (today), channel 'other', "
        "owner 'todo', customer_action 'TODO: ...'): this workspace makes these rules errors: customer-voice, "
        "missing-channel, missing-objective, missing-owner, stale-review"
    ) in result.stderr
    _assert_passes(ws)


@pytest.mark.parametrize("config", CONFIGS)
def test_without_a_persona_library_the_stub_personas_pass_too(tmp_path: Path, config: str):
    ws = _workspace(tmp_path, config, library=False)
    result = run_cjm("new", "journey", "journeys/", "--title", "Renewal", cwd=ws)
    assert result.returncode == 0, result.stderr
    text = (ws / "journeys" / "renewal.yaml").read_text()
    if config == "every-rule-an-error":  # two roles for single-stakeholder: two stubs
        assert "  - id: primary-buyer\n" in text and "  - id: primary-end-user\n    name: Primary end user" in text
    _assert_passes(ws)


@pytest.mark.parametrize("config", CONFIGS)
def test_buying_jobs_has_no_post_purchase_stage_so_the_skeleton_says_why_as_init_does(tmp_path: Path, config: str):
    ws = _workspace(tmp_path, config)
    result = run_cjm("new", "journey", "journeys/j.yaml", "--title", "J", "--stages", "buying-jobs", cwd=ws)
    assert result.returncode == 0, result.stderr
    suppression = "# cjm: disable=no-post-purchase -- this map covers the buying process only"
    # Only where the rule is an error: at warning, the finding is the reminder to map adoption.
    assert (suppression in (ws / "journeys" / "j.yaml").read_text()) == (config == "every-rule-an-error")
    _assert_passes(ws)


@pytest.mark.parametrize("config", CONFIGS)
@pytest.mark.parametrize("target", ["journeys/first-journey.yaml", "journeys/skeleton.yaml"])
def test_new_touchpoints_and_actions_pass_in_the_starter_and_in_a_skeleton(tmp_path: Path, config: str, target: str):
    ws = _workspace(tmp_path, config)
    if target == "journeys/skeleton.yaml":
        assert run_cjm("new", "journey", target, "--title", "Skeleton", cwd=ws).returncode == 0
    # A low emotion: unexplained-low wants a pain point, and unaddressed-pain an opportunity for it.
    added = run_cjm("new", "touchpoint", target, "--stage", "decision", "--name", "Reads the quote",
                    "--persona", "head-of-operations", "--emotion", "1", cwd=ws)  # fmt: skip
    assert added.returncode == 0, added.stderr
    action = run_cjm("new", "action", target, "--title", "Send quotes as one page", "--addresses", "reads-the-quote",
                     cwd=ws)  # fmt: skip
    assert action.returncode == 0, action.stderr
    if config == "every-rule-an-error":
        assert "replace the placeholders (channel 'other', owner 'todo', customer_action 'TODO: ...', pain_points" in (
            added.stderr
        )
        assert "replace the placeholders (owner 'todo', metric 'TODO: ...', due (in 90 days))" in action.stderr
    _assert_passes(ws, target)


@pytest.mark.parametrize("config", CONFIGS)
def test_a_new_library_persona_passes(tmp_path: Path, config: str):
    ws = _workspace(tmp_path, config)
    result = run_cjm("new", "persona", "personas/buying-committee.yaml", "--name", "Zoe, CFO",
                     "--role", "economic-buyer", cwd=ws)  # fmt: skip
    assert result.returncode == 0, result.stderr
    _assert_passes(ws)


@pytest.mark.parametrize("how", [("--name", "Lee, Site Manager", "--role", "end-user"), ("--ref", "it-security-lead")])
def test_a_new_journey_persona_cannot_satisfy_persona_gap_so_the_command_says_so(tmp_path: Path, how: tuple[str, ...]):
    # A persona added to `personas:` is in no touchpoint yet; only the touchpoints' lists,
    # which `cjm new` never changes, can fix that. Under init's config persona-gap is a warning.
    for config, codes in (("init", []), ("every-rule-an-error", ["persona-gap"])):
        ws = _workspace(tmp_path / config, config)
        result = run_cjm("new", "persona", "journeys/first-journey.yaml", *how, cwd=ws)
        assert result.returncode == 0, result.stderr
        assert _error_codes(ws) == codes
        assert ("persona-gap (an error in this workspace): persona" in result.stderr) == bool(codes)


def test_text_that_needs_quotes_is_quoted_as_cjm_fmt_quotes_it(tmp_path: Path):
    # ruamel's dumper would write 'Renewal: year two' in single quotes, and the fmt hook
    # would then change the new lines back to double quotes and stop the commit.
    ws = _workspace(tmp_path, "init")
    made = run_cjm("new", "journey", "journeys/r.yaml", "--title", "Renewal: year two", "--owner", "sales", cwd=ws)
    assert made.returncode == 0, made.stderr
    added = run_cjm("new", "touchpoint", "journeys/r.yaml", "--stage", "decision", "--name", "Asks: why now?",
                    "--owner", "sales", cwd=ws)  # fmt: skip
    assert added.returncode == 0, added.stderr
    text = (ws / "journeys" / "r.yaml").read_text()
    assert 'title: "Renewal: year two"\n' in text and '    name: "Asks: why now?"\n' in text
    _assert_passes(ws)
