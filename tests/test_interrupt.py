"""Ctrl-C during a long run exits 130, never with a traceback."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import ROOT

TOUCHPOINT = """\
  - id: tp-{i}
    stage: awareness
    name: Reads comparison page number {i} and shortlists two vendors
    channel: web
    owner: marketing
    personas: [buyer]
    emotion: 3
    pain_points: [Pricing is hidden behind a form]
"""

IMPORTS_READ = 16 * 2**20
"""More than start-up reads (`cjm validate` of one small file reads ~7 MB of code and data)."""


def bytes_read(pid: int) -> int:
    """What the process has read so far (rchar: every read(2), files and pipes)."""
    try:
        for line in Path(f"/proc/{pid}/io").read_text().splitlines():
            if line.startswith("rchar:"):
                return int(line.split()[1])
    except OSError:  # the process has just ended
        pass
    return 0


def like_a_terminal() -> None:
    """A foreground program on a terminal gets SIGINT's default action. A child of a background
    job in a non-interactive shell (`make test &`, many CI runners) inherits SIGINT *ignored*,
    and Python then never raises KeyboardInterrupt: reset it, as a terminal session has it."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def start_validate(path: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "cjm", "validate", str(path)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=like_a_terminal,
    )


def interrupt(proc: subprocess.Popen[str]) -> tuple[str, str]:
    proc.send_signal(signal.SIGINT)
    return proc.communicate(timeout=120)


@pytest.mark.skipif(not Path("/proc/self/io").exists(), reason="reads progress from Linux /proc")
def test_ctrl_c_exits_130_without_a_traceback(tmp_path):
    head = "cjm: 1\nid: big-{n}\ntitle: Big\nstages: b2b-7\npersonas:\n  - id: buyer-{n}\ntouchpoints:\n"
    files = 6  # ~45 MB of YAML: many seconds of work after the first file is read
    for n in range(files):
        body = "".join(TOUCHPOINT.format(i=i) for i in range(30_000)).replace("[buyer]", f"[buyer-{n}]")
        (tmp_path / f"big-{n}.yaml").write_text(head.format(n=n) + body)
    one_file = (tmp_path / "big-0.yaml").stat().st_size
    proc = start_validate(tmp_path)
    # Wait until the journeys are being read (past start-up), however slow the machine is.
    deadline = time.monotonic() + 120
    while bytes_read(proc.pid) < IMPORTS_READ + one_file and proc.poll() is None:
        assert time.monotonic() < deadline, "cjm read nothing for 120 s"
        time.sleep(0.01)
    assert proc.poll() is None, "the run finished before it could be interrupted"
    out, err = interrupt(proc)
    assert proc.returncode == 130
    assert err.strip() in ("", "cjm: interrupted")  # typer may end the run before cjm can say so
    assert "Traceback" not in out + err


@pytest.mark.skipif(not Path("/proc/self/io").exists(), reason="reads progress from Linux /proc")
def test_ctrl_c_during_start_up_exits_130_without_a_traceback(tmp_path):
    """Interrupted while Python is still importing cjm: the same quiet exit."""
    (tmp_path / "j.yaml").write_text("cjm: 1\nid: j\ntitle: J\nstages: b2b-7\ntouchpoints: []\n")
    proc = start_validate(tmp_path)
    # Python has started reading cjm's modules (its own start-up reads ~1 MB).
    deadline = time.monotonic() + 120
    while bytes_read(proc.pid) < 2 * 2**20 and proc.poll() is None:
        assert time.monotonic() < deadline, "Python read nothing for 120 s"
        time.sleep(0.001)
    out, err = interrupt(proc)
    assert proc.returncode == 130, err
    assert "Traceback" not in out + err
