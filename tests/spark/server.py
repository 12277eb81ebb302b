"""A real Spark Connect server for the tests, started from the pyspark wheel as the docs say.

`$SPARK_HOME/sbin/start-connect-server.sh` ships in the wheel (SPARK_HOME = the installed
pyspark package). It daemonises; readiness is a condition (a client query succeeds), never a
sleep, and the server is stopped with the wheel's own stop script, then by pid if need be.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

START_DEADLINE = 300.0
"""Seconds a JVM may take to come up on a loaded 2-core machine (7-16 s when idle)."""


def spark_home() -> Path:
    import pyspark

    return Path(pyspark.__file__).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _env(work: Path) -> dict[str, str]:
    return {
        **os.environ,
        "SPARK_HOME": str(spark_home()),
        "SPARK_LOG_DIR": str(work / "logs"),
        "SPARK_PID_DIR": str(work / "pids"),
        # One server per test run: its own identity, so a developer's own server is untouched.
        "SPARK_IDENT_STRING": f"cjm-tests-{os.getpid()}",
    }


def _log_tail(work: Path, lines: int = 40) -> str:
    logs = sorted((work / "logs").glob("*.out"))
    if not logs:
        return "(no server log)"
    return "\n".join(logs[-1].read_text(errors="replace").splitlines()[-lines:])


_PROBE = """
import sys
from pyspark.sql import SparkSession
session = SparkSession.builder.remote(sys.argv[1]).getOrCreate()
sys.exit(0 if session.sql("SELECT 1 AS one").collect()[0][0] == 1 else 1)
"""


def _answers(url: str) -> bool:
    """A client query succeeds. Asked from a child process: a Spark Connect client switches
    its whole process to Connect mode, and the test process must still start local sessions."""
    import sys

    try:
        probe = subprocess.run([sys.executable, "-c", _PROBE, url], capture_output=True, timeout=120)
    except subprocess.TimeoutExpired:
        return False
    return probe.returncode == 0


def _pids(work: Path) -> list[int]:
    found = []
    for pid_file in (work / "pids").glob("*.pid"):
        try:
            found.append(int(pid_file.read_text().strip()))
        except (OSError, ValueError):
            continue
    return found


@contextmanager
def connect_server(work: Path) -> Iterator[str]:
    """Start a Spark Connect server on a free port; yield its `sc://` URL; stop it after."""
    port = free_port()
    env = _env(work)
    sbin = spark_home() / "sbin"
    subprocess.run(
        ["bash", str(sbin / "start-connect-server.sh"), "--conf", f"spark.connect.grpc.binding.port={port}"],
        env=env,
        capture_output=True,
        check=True,
        timeout=120,
    )
    url = f"sc://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_DEADLINE
        while not _answers(url):
            alive = any(_alive(pid) for pid in _pids(work))
            if not alive or time.monotonic() > deadline:
                raise RuntimeError(f"Spark Connect server on {url} did not come up:\n{_log_tail(work)}")
            time.sleep(0.5)
        yield url
    finally:
        subprocess.run(["bash", str(sbin / "stop-connect-server.sh")], env=env, capture_output=True, timeout=120)
        for pid in _pids(work):
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
