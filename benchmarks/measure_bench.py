"""The `cjm measure` part of `make bench` (issue 12, "Speed"): 1M- and 10M-event committee
logs, as CSV and Parquet, cached under benchmarks/data/measure/ (gitignored).

    python benchmarks/run.py measure            # this part only (about 10 minutes)
    python benchmarks/run.py --only T6          # the same

Targets: the whole `cjm measure` run <= 2x what DuckDB alone needs for the two heaviest
queries (stage reach and touchpoint transitions, each reading the same file, in another
process of the same run); time(10M) / time(1M) <= 11; peak RSS <= 3 GB at 10M. As a peer,
PM4Py's directly-follows discovery (format + DFG) on the 1M CSV against the same
directly-follows counts in DuckDB. PM4Py is AGPL: it is installed only into a throw-away
virtualenv under the cache directory, never into cjm's environment.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CACHE = HERE / "data" / "measure"
SIZES = {"1m": 1_000_000, "10m": 10_000_000}
FORMATS = ("parquet", "csv")
SEED = 7
DEMO = ROOT / "demo" / "measured"
PM4PY_VENV = CACHE / "pm4py-venv"
GB = 1024  # MB

# The demo journey's touchpoints (benchmarks/committee_log.PATH): activity -> (touchpoint, stage).
ACTIVITIES = {
    "web.blog_view": ("blog", 0),
    "web.pricing_view": ("pricing", 0),
    "webinar.attended": ("webinar", 0),
    "crm:Demo requested": ("demo-request", 1),
    "crm:Demo held": ("demo-call", 1),
    "crm:Security review": ("security-review", 2),
    "crm:Proposal sent": ("proposal", 2),
    "crm:Contract signed": ("contract", 2),
    "product.kickoff": ("kickoff", 3),
    "product.first_login": ("first-login", 3),
    "crm:Upsell closed": ("upsell", 4),
}

# DuckDB alone: the two heaviest figures written as an analyst would, each query reading the
# file in place (reader's own type detection), the activity map as a VALUES list.
# argv: file, format, json-out, mode (target: reach + transitions; dfg: the PM4Py equivalent).
RAW = r"""
import json, sys, time
t0 = time.perf_counter()
import duckdb
path, fmt, out, mode, amap = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], json.loads(sys.argv[5])
con = duckdb.connect()
con.execute("SET TimeZone = 'UTC'")
con.execute("SET enable_progress_bar = false")
src = f"read_parquet('{path}')" if fmt == "parquet" else f"read_csv('{path}')"
vals = ", ".join("('" + a.replace("'", "''") + f"', '{tp}', {st})" for a, (tp, st) in amap.items())
amap_sql = f"(VALUES {vals}) AS map(event_name, tp, stage)"
queries = {
    "reach": f"SELECT stage, COUNT(DISTINCT account_id) FROM {src} JOIN {amap_sql} USING (event_name) GROUP BY stage",
    "transitions": f'''SELECT tp, nxt, COUNT(*), COUNT(DISTINCT account_id) FROM (
        SELECT account_id, tp, LEAD(tp) OVER (PARTITION BY account_id ORDER BY ts, event_id) AS nxt
        FROM {src} JOIN {amap_sql} USING (event_name)) WHERE nxt <> tp GROUP BY tp, nxt''',
    "dfg": f'''SELECT event_name, nxt, COUNT(*) FROM (
        SELECT event_name, LEAD(event_name) OVER (PARTITION BY account_id ORDER BY ts, event_id) AS nxt
        FROM {src}) WHERE nxt IS NOT NULL GROUP BY event_name, nxt''',
    # The floor: the other figure families of the contract, one query each as an analyst would
    # write it, simpler than the contract (no ties, repeats or steps back; breadth per account
    # only; dwell to the next stage's first event): what no cjm design can go below.
    "touchpoints": f"SELECT tp, COUNT(*), COUNT(DISTINCT account_id), COUNT(DISTINCT contact_id) "
    f"FROM {src} JOIN {amap_sql} USING (event_name) GROUP BY tp",
    "days_to_next": f'''SELECT tp, quantile_cont(d, [0.5, 0.9]), COUNT(DISTINCT account_id) FROM (
        SELECT account_id, tp, epoch_us(LEAD(ts) OVER w) - epoch_us(ts) AS d, LEAD(tp) OVER w AS nxt
        FROM {src} JOIN {amap_sql} USING (event_name)
        WINDOW w AS (PARTITION BY account_id ORDER BY ts, event_id)) WHERE nxt <> tp GROUP BY tp''',
    "stages": f'''WITH f AS (SELECT account_id, stage, MIN(ts) AS f FROM {src} JOIN {amap_sql} USING (event_name)
        GROUP BY ALL)
        SELECT a.stage, COUNT(*), COUNT(b.account_id), quantile_cont(epoch_us(b.f) - epoch_us(a.f), [0.5, 0.9])
        FROM f a LEFT JOIN f b ON b.account_id = a.account_id AND b.stage = a.stage + 1 AND b.f > a.f
        GROUP BY a.stage''',
    "breadth": f"SELECT n, COUNT(*) FROM (SELECT account_id, COUNT(DISTINCT contact_role) AS n "
    f"FROM {src} JOIN {amap_sql} USING (event_name) GROUP BY account_id) GROUP BY n",
    "blind_spots": f"SELECT event_name, COUNT(*), COUNT(DISTINCT account_id) FROM {src} "
    f"WHERE event_name NOT IN (SELECT event_name FROM {amap_sql}) GROUP BY event_name",
    "repeated_ids": f"SELECT COUNT(event_id) - COUNT(DISTINCT event_id) FROM {src}",
}
names = {"target": ["reach", "transitions"], "dfg": ["dfg"]}.get(mode) or [k for k in queries if k != "dfg"]
times, results = {"import": time.perf_counter() - t0}, {}
for name in names:
    t = time.perf_counter()
    results[name] = con.execute(queries[name]).fetchall()
    times[name] = time.perf_counter() - t
if mode == "dfg":
    results["dfg"] = {f"{a}\t{b}": n for a, b, n in results["dfg"]}
json.dump({"times": times, "results": {k: v for k, v in results.items() if k == "dfg"}}, open(out, "w"))
"""

# PM4Py (in its own virtualenv): read the CSV with pandas, format it (case, activity,
# timestamp columns; it sorts), discover the directly-follows graph.
PM4PY = r"""
import json, sys, time
t0 = time.perf_counter()
import pandas as pd
import pm4py
path, out = sys.argv[1], sys.argv[2]
times = {"import": time.perf_counter() - t0}
t = time.perf_counter()
df = pd.read_csv(path)
times["read_csv"] = time.perf_counter() - t
t = time.perf_counter()
df = pm4py.format_dataframe(df, case_id="account_id", activity_key="event_name", timestamp_key="ts")
times["format"] = time.perf_counter() - t
t = time.perf_counter()
dfg, start, end = pm4py.discover_dfg(df)
times["dfg"] = time.perf_counter() - t
json.dump({"times": times, "version": pm4py.__version__, "dfg": {f"{a}\t{b}": int(n) for (a, b), n in dfg.items()}}, open(out, "w"))
"""

# One in-process `cjm measure` (the library call the command makes) with the time of every
# SQL statement the engine runs: [[seconds, statement], ...] in run order.
STEPS = r"""
import json, sys, time
import cjm.measure.engine as engine
from cjm.measure.run import library_of, measure
from cjm.measure.settings import resolve
from cjm.workspace import load_paths
timed = []
class Timed:
    def __init__(self, con):
        self._con = con
    def execute(self, query, *args, **kwargs):
        started = time.perf_counter()
        result = self._con.execute(query, *args, **kwargs)
        timed.append([time.perf_counter() - started, " ".join(query.split())])
        return result
    def __getattr__(self, name):
        return getattr(self._con, name)
init = engine.Engine.__init__
def timed_init(self, **kwargs):
    init(self, **kwargs)
    self.con = Timed(self.con)
engine.Engine.__init__ = timed_init
ws = load_paths([sys.argv[1]])[0]
started = time.perf_counter()
measure(ws.valid_journeys(), resolve(ws.config, ws.root), library=library_of([ws]))
json.dump({"total": time.perf_counter() - started, "statements": timed}, open(sys.argv[2], "w"))
"""


@dataclass
class Log:
    name: str
    events: int
    directory: Path
    accounts: int = 0
    surveys: int = 0

    def file(self, fmt: str) -> Path:
        return self.directory / f"events.{fmt}"

    def workspace(self, fmt: str) -> Path:
        return CACHE / f"ws-{self.name}-{fmt}"


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def shown(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def _stamp(events: int) -> str:
    code = b"".join((HERE / f).read_bytes() for f in ("committee_log.py", "committee_log_sql.py"))
    return hashlib.sha256(code + f"{events}:{SEED}".encode()).hexdigest()


def ensure_logs(sizes: dict[str, int] | None = None) -> list[Log]:
    """Generate each log (in DuckDB SQL, in a child process) unless the cached one was made
    by the same generator with the same size and seed; write a workspace per format."""
    logs = []
    for name, events in (sizes or SIZES).items():
        directory = CACHE / f"log-{name}"
        stamp = directory / ".stamp.json"
        want = _stamp(events)
        meta = json.loads(stamp.read_text()) if stamp.exists() else {}
        if meta.get("stamp") != want:
            log(f"== generating the {name} committee log in DuckDB SQL (cached in {shown(directory)})")
            shutil.rmtree(directory, ignore_errors=True)
            started = time.perf_counter()
            subprocess.run(
                [
                    sys.executable,
                    str(HERE / "committee_log_sql.py"),
                    "--events",
                    str(events),
                    "--seed",
                    str(SEED),
                    "--out",
                    str(directory),
                ],
                check=True,
                cwd=HERE,
            )
            import duckdb

            con = duckdb.connect()
            events_pq = directory / "events.parquet"
            rows, accounts = con.execute(f"SELECT COUNT(*), COUNT(DISTINCT account_id) FROM '{events_pq}'").fetchone()
            surveys = con.execute(f"SELECT COUNT(*) FROM read_csv('{directory / 'surveys.csv'}')").fetchone()[0]
            con.close()
            meta = {
                "stamp": want,
                "events": int(rows),
                "accounts": int(accounts),
                "surveys": int(surveys),
                "seconds": round(time.perf_counter() - started, 1),
            }
            stamp.write_text(json.dumps(meta))
        lg = Log(name, int(meta["events"]), directory, int(meta["accounts"]), int(meta["surveys"]))
        for fmt in FORMATS:
            _workspace(lg, fmt)
        logs.append(lg)
    return logs


def _workspace(lg: Log, fmt: str) -> None:
    """demo/measured's journeys and cjm.yaml, its data pointing at the generated log."""
    ws = lg.workspace(fmt)
    shutil.rmtree(ws, ignore_errors=True)
    shutil.copytree(DEMO / "journeys", ws / "journeys")
    config = (DEMO / "cjm.yaml").read_text(encoding="utf-8")
    config = config.replace("data/events.csv", str(lg.file(fmt))).replace(
        "data/surveys.csv", str(lg.directory / "surveys.csv")
    )
    assert str(lg.file(fmt)) in config, "demo/measured/cjm.yaml no longer names data/events.csv"
    (ws / "cjm.yaml").write_text(config, encoding="utf-8")


def raw_argv(lg: Log, fmt: str, mode: str, out: Path) -> list[str]:
    return [sys.executable, "-c", RAW, str(lg.file(fmt)), fmt, str(out), mode, json.dumps(ACTIVITIES)]


# --- PM4Py, in a throw-away virtualenv -------------------------------------------------------


def pm4py_python() -> tuple[str | None, str]:
    """The throw-away virtualenv's python with pm4py and pandas (created on first use), or
    None and why not."""
    python = PM4PY_VENV / "bin" / "python"
    probe = [str(python), "-c", "import pm4py, pandas"]
    if python.exists() and subprocess.run(probe, capture_output=True, check=False).returncode == 0:
        return str(python), ""
    log(f"== installing PM4Py (AGPL) into a throw-away virtualenv, {shown(PM4PY_VENV)} (never into cjm's)")
    shutil.rmtree(PM4PY_VENV, ignore_errors=True)
    made = subprocess.run([sys.executable, "-m", "venv", str(PM4PY_VENV)], capture_output=True, text=True, check=False)
    if made.returncode != 0:
        return None, f"cannot create a virtualenv: {made.stderr.strip()[-300:]}"
    pip = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "pm4py", "pandas"], capture_output=True, text=True, check=False
    )
    if pip.returncode != 0:
        return None, f"pip install pm4py failed: {pip.stderr.strip().splitlines()[-1] if pip.stderr.strip() else '?'}"
    if subprocess.run(probe, capture_output=True, check=False).returncode != 0:
        return None, "pm4py installed but does not import"
    return str(python), ""


def pm4py_argv(python: str, lg: Log, out: Path) -> list[str]:
    return [python, "-c", PM4PY, str(lg.file("csv")), str(out)]


def read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return {}


def steps_profile(lg: Log, fmt: str, out: Path) -> dict:
    # stdout: DuckDB draws its progress bar there when the library runs a long query
    subprocess.run(
        [sys.executable, "-c", STEPS, str(lg.workspace(fmt)), str(out)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        check=False,
    )
    return read_json(out)


def pm4py_version() -> str:
    python = PM4PY_VENV / "bin" / "python"
    if not python.exists():
        return "not installed"
    probe = "import importlib.metadata as m; print(m.version('pm4py'), m.version('pandas'))"
    res = subprocess.run([str(python), "-c", probe], capture_output=True, text=True, check=False)
    if res.returncode != 0:
        return "not installed"
    pm, pd = res.stdout.split()
    return f"pm4py {pm} with pandas {pd} (throw-away virtualenv)"
