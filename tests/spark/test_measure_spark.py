"""`cjm measure --engine spark`, run as users run it: the command, a local Spark, and a real
Spark Connect server started from the pyspark wheel as docs/measure.md says.

The figures themselves are held equal on both engines by tests/measure/test_figures.py
(every hand-worked figure on DuckDB and Spark); here the whole command must give the same
bytes: the same JSON, the same `--write`, and errors that say what to do, without a Java
stack trace.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

from .server import connect_server

DEMO = ROOT / "demo" / "measured"
TIMEOUT = 900  # a JVM on a loaded 2-core machine: start-up alone took 60 s here


def cjm(*args: str, env: dict[str, str] | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, "NO_COLOR": "1", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "cjm", *args], cwd=cwd, env=full, capture_output=True, text=True, timeout=TIMEOUT
    )


@pytest.fixture(scope="module")
def duckdb_json() -> str:
    result = cjm("measure", str(DEMO), "-f", "json", "--by", "segment")
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_local_spark_gives_the_same_json_as_duckdb(duckdb_json: str) -> None:
    result = cjm("measure", str(DEMO), "-f", "json", "--by", "segment", "--engine", "spark")
    assert result.returncode == 0, result.stderr
    assert result.stdout == duckdb_json
    # Nothing from the JVM reaches the terminal: no log4j notices, no stack traces.
    assert result.stderr == ""


def test_write_on_both_engines_gives_byte_identical_journeys(tmp_path: Path) -> None:
    copies = {}
    for engine in ("duckdb", "spark"):
        copy = tmp_path / engine
        shutil.copytree(DEMO, copy)
        result = cjm("measure", str(copy), "--write", "--engine", engine, "-q")
        assert result.returncode == 0, result.stderr
        copies[engine] = {p.name: p.read_bytes() for p in sorted((copy / "journeys").glob("*.yaml"))}
    assert copies["duckdb"] == copies["spark"]
    assert all(b"measured:" in text for text in copies["spark"].values())


def test_a_spark_connect_server_gives_the_same_json(tmp_path: Path, duckdb_json: str) -> None:
    with connect_server(tmp_path / "server") as url:
        result = cjm("measure", str(DEMO), "-f", "json", "--by", "segment", "--spark-remote", url)
        missing = cjm("measure", str(DEMO), "--spark-remote", url, "--events", "table:crm.no_such_events")
    assert result.returncode == 0, result.stderr
    assert result.stdout == duckdb_json
    assert missing.returncode == 2
    assert "the Spark catalog has no table 'crm.no_such_events'" in missing.stderr
    assert "Traceback" not in missing.stderr and "\tat org.apache" not in missing.stderr


def test_an_unreachable_spark_connect_server_is_a_clear_error() -> None:
    import socket

    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    result = cjm("measure", str(DEMO), "--spark-remote", f"sc://127.0.0.1:{port}")
    assert result.returncode == 2
    assert f"cannot reach the Spark Connect server at sc://127.0.0.1:{port}" in result.stderr
    assert "Traceback" not in result.stderr


def test_without_pyspark_the_spark_engine_says_what_to_install(tmp_path: Path) -> None:
    # A pyspark that cannot be imported, ahead of the real one on the path.
    fake = tmp_path / "shadow" / "pyspark"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("raise ImportError('no pyspark here')\n")
    result = cjm("measure", str(DEMO), "--engine", "spark", env={"PYTHONPATH": str(fake.parent)})
    assert result.returncode == 2
    assert "--engine spark needs pyspark: pip install 'cjm[spark]'" in result.stderr
    assert "Traceback" not in result.stderr


def test_without_java_the_spark_engine_says_what_to_install(tmp_path: Path) -> None:
    empty = tmp_path / "bin"
    empty.mkdir()
    env = {"PATH": str(empty), "JAVA_HOME": ""}
    result = cjm("measure", str(DEMO), "--engine", "spark", env=env)
    assert result.returncode == 2
    assert "--engine spark needs Java 17 or newer" in result.stderr
    assert "apt-get install openjdk-17-jre-headless" in result.stderr


def test_a_duckdb_table_on_spark_and_a_catalog_table_on_duckdb_are_refused() -> None:
    on_duckdb = cjm("measure", str(DEMO), "--events", "table:crm.events")
    assert on_duckdb.returncode == 2
    assert "is a Spark catalog table; measure it with --engine spark" in on_duckdb.stderr
    mixed = cjm("measure", str(DEMO), "--engine", "duckdb", "--spark-master", "local[1]")
    assert mixed.returncode == 2
    assert "--spark-master and --spark-remote go with --engine spark" in mixed.stderr


_KILL_THE_JVM = """
from cjm.errors import UserError
from cjm.measure.spark import SparkEngine

engine = SparkEngine(master="local[1]")
try:
    assert engine.rows("SELECT 1") == [(1,)]
    gateway = engine.spark.sparkContext._gateway
    gateway.proc.kill()  # the JVM pyspark started for this session
    gateway.proc.wait(timeout=60)
    try:
        engine.rows("SELECT 2")
    except UserError as error:
        print(error)
finally:
    engine.close()
"""


def test_a_jvm_that_dies_mid_run_is_one_line_not_a_java_stack_trace() -> None:
    # In its own process: the JVM it kills must not be one that other tests share.
    result = subprocess.run(
        [sys.executable, "-c", _KILL_THE_JVM], cwd=ROOT, capture_output=True, text=True, timeout=TIMEOUT
    )
    assert result.returncode == 0, result.stderr
    (message,) = result.stdout.splitlines()
    assert message.startswith("lost the Spark JVM"), message
    assert "Traceback" not in result.stderr


def test_ctrl_c_during_a_spark_job_exits_130_and_writes_nothing(tmp_path: Path) -> None:
    import signal

    from tests.test_interrupt import like_a_terminal

    copy = tmp_path / "ws"
    shutil.copytree(DEMO, copy)
    before = {p.name: p.read_bytes() for p in (copy / "journeys").glob("*.yaml")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "cjm", "-v", "measure", str(copy), "--engine", "spark", "--write"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=like_a_terminal,
    )
    assert proc.stderr is not None
    seen = []
    # The condition: Spark is running the queries (a step line), however long the JVM took.
    for line in proc.stderr:
        seen.append(line)
        if line.startswith("measure: ordering each account"):
            break
    assert proc.poll() is None, "".join(seen)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=180)
    assert proc.returncode == 130, "".join(seen) + err
    assert "Traceback" not in err and "\tat org.apache" not in err
    assert {p.name: p.read_bytes() for p in (copy / "journeys").glob("*.yaml")} == before
