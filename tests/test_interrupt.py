"""Ctrl-C during a long run exits 130, never with a traceback."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

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


def test_ctrl_c_exits_130_without_a_traceback(tmp_path):
    head = "cjm: 1\nid: big-{n}\ntitle: Big\nstages: b2b-7\npersonas:\n  - id: buyer-{n}\ntouchpoints:\n"
    for n in range(4):  # ~30 MB of YAML: several seconds of work, so the signal lands mid-run
        body = "".join(TOUCHPOINT.format(i=i) for i in range(30_000)).replace("[buyer]", f"[buyer-{n}]")
        (tmp_path / f"big-{n}.yaml").write_text(head.format(n=n) + body)
    proc = subprocess.Popen(
        [sys.executable, "-m", "cjm", "validate", str(tmp_path)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(2.0)  # past start-up, inside parsing
    assert proc.poll() is None, "the run finished before it could be interrupted"
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert err.strip() in ("", "cjm: interrupted")  # typer may end the run before cjm can say so
    assert "Traceback" not in out + err
