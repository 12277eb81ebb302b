"""tests/data/measured is the demo workspace after `cjm measure --write`: the render tests
read its measured: blocks without measuring. This test measures once, so the fixture can
never drift from what `cjm measure` writes; regenerate it with

    cp -r demo/measured /tmp/m && cjm measure /tmp/m --write
    cp /tmp/m/journeys/marketing-platform.yaml tests/data/measured/journeys/
"""

from __future__ import annotations

import shutil

from typer.testing import CliRunner

from cjm.cli import app

from ..conftest import ROOT

DEMO = ROOT / "demo" / "measured"
FIXTURE = ROOT / "tests" / "data" / "measured"


def test_the_fixture_is_what_measure_writes_on_the_demo(tmp_path):
    copy = tmp_path / "measured"
    shutil.copytree(DEMO, copy)
    result = CliRunner().invoke(app, ["measure", str(copy), "--write", "-q"])
    assert result.exit_code == 0, result.output
    name = "journeys/marketing-platform.yaml"
    assert (copy / name).read_bytes() == (FIXTURE / name).read_bytes()
    assert (DEMO / "cjm.yaml").read_bytes() == (FIXTURE / "cjm.yaml").read_bytes()
