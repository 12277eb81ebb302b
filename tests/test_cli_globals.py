"""The options every command shares: --quiet, --verbose, --version, and shell completion.

`-q`/`-v` go before the command (`cjm -q validate`) or after its name (`cjm validate -q`),
with one meaning. Quiet leaves only findings, errors and the requested output; verbose adds,
on stderr, the workspace and config used, the files read and skipped (and why) and timings.
Completion is exercised through the real `cjm` binary and click's completion protocol, the
way bash and zsh call it.
"""

from __future__ import annotations

import functools
import os
import subprocess
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cjm.cli import app
from cjm.rules import RULES

from .conftest import EXAMPLES, MINIMAL, ROOT

CJM = str(ROOT / ".venv" / "bin" / "cjm")
runner = CliRunner()


def cjm(*args: str | Path) -> tuple[int, str, str]:
    result = runner.invoke(app, [str(a) for a in args], env={"GITHUB_ACTIONS": "", "NO_COLOR": "1"})
    return result.exit_code, result.stdout, result.stderr


# --quiet


def test_a_quiet_clean_run_prints_nothing_and_exits_0():
    code, out, err = cjm("-q", "validate", EXAMPLES, "--select", "missing-owner")
    assert (code, out, err) == (0, "", "")
    code, out, _ = cjm("validate", EXAMPLES, "--select", "missing-owner")
    assert out == "✓ 7 files checked: no problems found.\n"


def test_quiet_keeps_every_finding_and_drops_only_the_summary_line():
    bad = EXAMPLES / "invalid" / "unknown-key.yaml"
    code, loud, _ = cjm("validate", bad)
    quiet_code, quiet, _ = cjm("-q", "validate", bad)
    assert code == quiet_code == 1
    assert loud.splitlines()[-1] == "✗ 2 errors in 1 file (2 files checked)."
    assert quiet.splitlines() == loud.splitlines()[:-1]
    assert "unknown-key.yaml:13:5: error [unknown-key]" in quiet


def test_q_after_the_command_name_means_the_same_as_before_it():
    bad = EXAMPLES / "invalid" / "unknown-key.yaml"
    assert cjm("validate", "-q", bad) == cjm("-q", "validate", bad)
    assert cjm("validate", bad, "--quiet") == cjm("--quiet", "validate", bad)


def test_a_global_flag_after_double_dash_is_an_operand_not_an_option():
    code, _, err = cjm("validate", "--", "-q")
    assert code == 2
    assert "-q: no such file or directory" in err


def test_quiet_does_not_change_machine_readable_output():
    bad = EXAMPLES / "invalid" / "bad-enums.yaml"
    for fmt in ("json", "sarif", "junit"):
        assert cjm("-q", "validate", bad, "-f", fmt) == cjm("validate", bad, "-f", fmt)


def test_quiet_github_annotations_leave_out_the_summary_line():
    bad = EXAMPLES / "invalid" / "unknown-key.yaml"
    _, loud, _ = cjm("validate", bad, "-f", "github")
    _, quiet, _ = cjm("-q", "validate", bad, "-f", "github")
    assert all(line.startswith("::error ") for line in quiet.splitlines())
    assert quiet.splitlines() == loud.splitlines()[:-1]


def test_quiet_render_and_report_write_the_files_but_list_none(tmp_path):
    code, out, err = cjm("-q", "render", EXAMPLES, "-f", "mermaid", "-o", tmp_path / "mmd")
    assert (code, out, err) == (0, "", "")
    assert len(list((tmp_path / "mmd").glob("*.mmd"))) == 5
    code, out, err = cjm("-q", "report", EXAMPLES, "-o", tmp_path / "site")
    assert (code, out, err) == (0, "", "")
    assert (tmp_path / "site" / "index.html").is_file()
    # Without -q the written files are listed on stdout, as scripts expect.
    _, listed, _ = cjm("render", EXAMPLES, "-f", "mermaid", "-o", tmp_path / "again")
    assert len(listed.splitlines()) == 5
    assert listed.splitlines()[0].endswith("account-management-current.mmd")


def test_quiet_render_still_reports_invalid_input_and_exits_2(tmp_path):
    code, out, err = cjm("-q", "render", EXAMPLES / "invalid" / "unknown-key.yaml", "-f", "dot", "-o", tmp_path)
    assert code == 2
    assert out == ""
    assert "unknown-key.yaml:13:5: error [unknown-key]" in err
    assert "cjm: error: nothing rendered" in err
    assert "errors in 1 file" not in err  # the summary line is what -q leaves out


def test_quiet_schema_output_writes_silently(tmp_path):
    assert cjm("-q", "schema", "--output", tmp_path) == (0, "", "")
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "config.schema.json",
        "journey.schema.json",
        "personas.schema.json",
    ]


def test_quiet_and_verbose_together_is_a_usage_error():
    code, out, err = cjm("-q", "-v", "validate", EXAMPLES)
    assert code == 2
    assert out == ""
    assert err == "cjm: error: --quiet and --verbose contradict each other; use one of them\n"
    assert cjm("validate", EXAMPLES, "-q", "-v")[0] == 2


# --verbose


def test_verbose_names_the_workspace_config_files_read_and_skipped_with_reasons(write, tmp_path, monkeypatch):
    write("cjm.yaml", "cjm: 1\njourneys: [journeys/*.yaml]\n")
    write("journeys/onboarding.yaml", MINIMAL)
    write("drafts/idea.yaml", MINIMAL.replace("id: minimal", "id: idea"))
    write("journeys/notes.md", "# workshop notes\n")
    write(".github/workflows/ci.yml", "on: push\n")
    write("node_modules/pkg/x.yaml", "a: 1\n")
    write("team-b/cjm.yaml", "cjm: 1\n")
    monkeypatch.chdir(tmp_path)
    code, out, err = cjm("-v", "validate")
    assert code == 0, out + err
    assert err.splitlines()[:2] == [
        "workspace . (config: cjm.yaml)",
        "  read journeys/onboarding.yaml (journey, checked)",
    ]
    assert "  skipped .github/: hidden directory" in err
    assert "  skipped node_modules/: node_modules is never searched" in err
    assert "  skipped team-b/: another workspace (it has its own cjm.yaml)" in err
    assert "  skipped drafts/idea.yaml: not matched by the journeys/personas globs in cjm.yaml" in err
    assert "  skipped journeys/: 1 file not ending in .yaml or .yml" in err
    assert err.splitlines()[-1].startswith("timings: load ")
    assert "check " in err.splitlines()[-1] and "report " in err.splitlines()[-1]
    # stdout is exactly what a run without -v prints.
    assert out == cjm("validate")[1]


def test_verbose_without_cjm_yaml_says_the_defaults_are_used(write, tmp_path):
    journey = write("onboarding.yaml", MINIMAL)
    _, _, err = cjm("validate", journey, "-v")
    assert err.splitlines()[0] == f"workspace {tmp_path.as_posix()} (config: none (no cjm.yaml: defaults))"


def test_verbose_stats_render_and_diff_keep_stdout_and_add_detail_on_stderr(tmp_path):
    for args in (
        ("stats", EXAMPLES),
        (
            "diff",
            EXAMPLES / "journeys" / "account-management-current.yaml",
            EXAMPLES / "journeys" / "account-management-future.yaml",
        ),
    ):
        code, out, err = cjm("-v", *args)
        assert (code, out) == cjm(*args)[:2]
        assert "timings: " in err
    _, _, err = cjm(
        "-v", "diff", EXAMPLES / "journeys" / "buying-jobs.yaml", EXAMPLES / "journeys" / "buying-jobs.yaml"
    )
    assert "old: " in err and "new: " in err
    assert "read examples/journeys/buying-jobs.yaml (journey, checked)" in err
    _, out, err = cjm("-v", "render", EXAMPLES, "-f", "dot", "-o", tmp_path)
    assert len(out.splitlines()) == 5
    assert "timings: load " in err and "render " in err


# --version


def test_version_is_plain():
    # How fast it is is measured by `make bench`; tests/test_startup.py checks that it loads
    # no CLI framework, which is what keeps it fast.
    result = subprocess.run([CJM, "--version"], capture_output=True, text=True, timeout=30)
    assert result.stdout == "cjm 0.1.0\n"


# Shell completion, through the real binary


def complete(shell: str, line: str, cwd: Path = ROOT) -> str:
    """What `cjm` answers when the shell asks it to complete `line` (the cursor at its end)."""
    env = {**os.environ, "_CJM_COMPLETE": f"complete_{shell}"}
    if shell == "bash":
        words = line.split(" ")
        env |= {"COMP_WORDS": line, "COMP_CWORD": str(len(words) - 1)}
    else:
        env["_TYPER_COMPLETE_ARGS"] = line
    result = subprocess.run([CJM], env=env, cwd=cwd, capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


def test_bash_completes_rule_ids_for_cjm_rules():
    assert complete("bash", "cjm rules miss").split() == ["missing-channel", "missing-objective", "missing-owner"]


def test_bash_completes_the_last_id_of_a_comma_separated_select_or_ignore():
    assert complete("bash", "cjm validate --select missing-owner,emotion-g").split() == ["missing-owner,emotion-gap"]
    assert complete("bash", "cjm validate --select missing-owner,em").split() == [
        f"missing-owner,{rule}" for rule in sorted(RULES) if rule.startswith("em")
    ]
    assert complete("bash", "cjm validate --ignore stale-r").split() == ["stale-review"]


def test_bash_completes_format_choices_and_the_global_options():
    assert complete("bash", "cjm validate --format ").split() == ["auto", "text", "json", "sarif", "github", "junit"]
    assert complete("bash", "cjm rules -f ").split() == ["text", "markdown"]
    assert {"--quiet", "-q", "--verbose", "-v", "--version"} <= set(complete("bash", "cjm -").split())


def test_bash_completes_persona_ids_from_the_workspace_being_rendered():
    assert complete("bash", "cjm render --persona c", cwd=EXAMPLES).split() == ["cfo", "cio", "ciso"]
    assert "vp-sales" in complete("bash", "cjm render examples --persona ").split()


@functools.cache
def bash_completion_script() -> str:
    """What `cjm --show-completion bash` prints (what a user adds to ~/.bashrc), checked once."""
    result = subprocess.run([CJM, "--show-completion", "bash"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "_cjm_completion" in result.stdout, f"no completion function in {result.stdout!r}; stderr: {result.stderr}"
    return result.stdout


def in_bash(line: str, tmp_path: Path) -> list[str]:
    """COMPREPLY after bash runs the completion function `cjm --show-completion` installs.

    The script is sourced from a file, as ~/.bashrc would, rather than through `<(...)`: one
    cjm run whose output is checked, then bash, so a failure says which of the two it was.
    """
    script_file = tmp_path / "cjm-completion.bash"
    script_file.write_text(bash_completion_script())
    words = line.split(" ")
    script = (
        f'source "{script_file}"\n'
        f"COMP_WORDS=({' '.join(repr(w) for w in words)}); COMP_CWORD={len(words) - 1}\n"
        f'_cjm_completion "{CJM}"\n'
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    result = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return [w for w in result.stdout.split("\n") if w]


def test_real_bash_gets_rule_ids_and_leaves_paths_to_its_own_file_completion(tmp_path):
    assert in_bash("cjm rules missing-o", tmp_path) == ["missing-objective", "missing-owner"]
    # Nothing offered for a path: the script registers `complete -o default`, so bash then
    # completes file names itself (examples/, journeys/x.yaml) as for any command.
    assert in_bash("cjm validate exa", tmp_path) == []
    assert "complete -o default -F _cjm_completion cjm" in bash_completion_script()


def test_zsh_is_told_to_complete_file_names_for_path_arguments():
    assert complete("zsh", "cjm validate exa") == "_files\n"


def test_zsh_completes_rule_ids_with_their_summary():
    answer = complete("zsh", "cjm rules missing-o")
    assert answer.startswith("_arguments '*: :((")
    assert '"missing-objective":' in answer
    assert '"missing-owner":"A touchpoint does not name the team that owns it."' in answer


@pytest.mark.parametrize("shell", ["bash", "zsh"])
def test_completion_answers_quickly(shell):
    started = time.perf_counter()
    complete(shell, "cjm validate --select missing-o")
    assert time.perf_counter() - started < 3.0
