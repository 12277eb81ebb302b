"""The progress bar: drawn on a terminal for work over many files, never anywhere else.

The terminal is a real pseudo-terminal (`pty`): stderr is the terminal, as in an
interactive shell, while stdout is a pipe, as in `cjm validate -f json > out.json`. What
reaches stdout must be byte-identical whether or not a bar was drawn.
"""

from __future__ import annotations

import os
import pty
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from cjm.progress import MANY_FILES, ProgressBar, Timings, terminal_wants_progress

from .conftest import MINIMAL, ROOT

CJM = str(ROOT / ".venv" / "bin" / "cjm")


@pytest.fixture
def many_journeys(write, tmp_path) -> Path:
    """A workspace of 25 journeys: more than the MANY_FILES a bar waits for."""
    write("cjm.yaml", "cjm: 1\n")
    for n in range(25):
        text = MINIMAL.replace("id: minimal", f"id: journey-{n:02}").replace("id: buyer", f"id: buyer-{n:02}")
        write(f"journeys/j{n:02}.yaml", text)
    return tmp_path


def run_with_terminal_stderr(*args: str | Path, cwd: Path) -> tuple[int, bytes, bytes]:
    """Run cjm with stderr on a pseudo-terminal and stdout on a pipe: (exit code, stdout, terminal)."""
    main, child = pty.openpty()
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "100"}
    env.pop("NO_COLOR", None)
    proc = subprocess.Popen(
        [CJM, *map(str, args)], cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=child
    )
    os.close(child)
    screen = bytearray()

    def drain() -> None:  # read the terminal while cjm runs, so it never blocks on a full pty
        while True:
            try:
                chunk = os.read(main, 4096)
            except OSError:  # EIO: the last writer closed the terminal
                return
            if not chunk:
                return
            screen.extend(chunk)

    reader = threading.Thread(target=drain)
    reader.start()
    out = proc.stdout.read() if proc.stdout else b""
    code = proc.wait(timeout=60)
    reader.join(timeout=10)
    os.close(main)
    return code, out, bytes(screen)


def run_piped(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "TERM": "xterm-256color"}
    return subprocess.run([CJM, *map(str, args)], cwd=cwd, env=env, capture_output=True, timeout=60)


def test_validate_of_many_files_shows_a_bar_on_a_terminal_and_leaves_stdout_identical(many_journeys):
    code, out, screen = run_with_terminal_stderr("validate", "-f", "json", cwd=many_journeys)
    piped = run_piped("validate", "-f", "json", cwd=many_journeys)
    assert code == piped.returncode == 0
    assert screen.startswith(b"\x1b[?25lreading ")  # cursor hidden, the first phase named
    assert "━".encode() in screen  # the bar itself
    assert b"25/25" in screen  # files read of the total
    assert b"checking " in screen  # the second phase
    assert screen.endswith(b"\x1b[2K")  # and the line erased again: the bar is transient
    assert out == piped.stdout  # the JSON on stdout is untouched by the bar on stderr


def test_piped_output_never_shows_a_bar(many_journeys):
    piped = run_piped("validate", cwd=many_journeys)
    for stream in (piped.stdout, piped.stderr):
        assert "━".encode() not in stream
        assert b"\x1b[" not in stream  # no cursor movement, no colours
    assert b"(26 files checked)." in piped.stdout


def test_quiet_never_shows_a_bar_even_on_a_terminal(many_journeys):
    _, _, screen = run_with_terminal_stderr("-q", "validate", "-f", "json", cwd=many_journeys)
    assert "━".encode() not in screen
    assert screen == b""


def test_a_small_workspace_finishes_without_a_bar(write, tmp_path):
    write("cjm.yaml", "cjm: 1\n")
    write("journeys/one.yaml", MINIMAL)
    _, _, screen = run_with_terminal_stderr("validate", "-f", "json", cwd=tmp_path)
    assert screen == b""


def test_render_lists_written_files_after_the_bar_is_gone(many_journeys, tmp_path):
    code, out, screen = run_with_terminal_stderr("render", "-f", "mermaid", "-o", tmp_path / "out", cwd=many_journeys)
    assert code == 0
    assert b"rendering" in screen
    listed = out.decode().splitlines()
    assert len(listed) == 25 and all(line.endswith(".mmd") for line in listed)
    assert out == run_piped("render", "-f", "mermaid", "-o", tmp_path / "out2", cwd=many_journeys).stdout.replace(
        b"out2", b"out"
    )


# The bar's own rules, without a terminal


def test_a_disabled_bar_counts_but_never_draws():
    with ProgressBar("reading", enabled=False) as bar:
        bar.expect(1000)
        bar.advance(1000)
    assert (bar.total, bar.done, bar.shown) == (1000, 1000, False)


def test_an_enabled_bar_waits_until_the_work_is_large_enough():
    with ProgressBar("reading", enabled=True, min_total=MANY_FILES) as bar:
        bar.on_file(1, MANY_FILES - 1)  # the first workspace: not enough yet
        assert not bar.shown
        bar.on_file(1, 5)  # a second workspace brings the total over the line
        assert bar.shown
    assert bar.total == MANY_FILES + 4 and bar.done == 2


def test_no_terminal_no_bar(monkeypatch):
    # Under pytest stderr is captured (a pipe or a file), like cjm in CI or a git hook.
    assert terminal_wants_progress() is False
    monkeypatch.setattr(sys, "stderr", open(os.devnull, "w"))  # noqa: SIM115 - closed by the interpreter
    assert terminal_wants_progress() is False


def test_term_dumb_gets_no_bar(monkeypatch):
    main, child = pty.openpty()
    try:
        with os.fdopen(os.dup(child), "w") as tty:
            monkeypatch.setattr(sys, "stderr", tty)
            monkeypatch.setenv("TERM", "xterm")
            assert terminal_wants_progress() is True
            monkeypatch.setenv("TERM", "dumb")
            assert terminal_wants_progress() is False
    finally:
        os.close(main)
        os.close(child)


def test_timings_name_each_phase_in_order():
    timings = Timings()
    with timings.phase("load"):
        pass
    with timings.phase("check"):
        pass
    summary = timings.summary()
    assert summary.startswith("timings: load ") and ", check " in summary and "(total " in summary


def test_validate_without_a_terminal_does_not_import_rich_progress():
    probe = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from cjm.cli import app\n"
        "result = CliRunner().invoke(app, ['validate', 'examples/'])\n"
        "assert result.exit_code == 0, result.output\n"
        "print('rich.progress' in sys.modules, 'rich.live' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.stdout.split() == ["False", "False"], result.stderr
