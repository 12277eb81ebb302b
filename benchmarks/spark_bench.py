"""`cjm measure --engine spark` against DuckDB (issue 13, "Speed"): T7 of `make bench`.

    python benchmarks/run.py spark [--runs 2]                  # local[2], the cached logs
    python benchmarks/run.py spark --spark-remote sc://HOST:15002 \
        --events 'table:crm.events' --surveys 'table:crm.surveys'  # a real cluster

For each log (1M and 10M events of benchmarks/data/measure/, the logs of T6): DuckDB's
whole `cjm measure -f json`, Spark's whole `cjm measure -f json --engine spark`, and Spark's
start-up on its own (a process that starts the session cjm would start and runs
`SELECT 1`). The three run interleaved, the order rotating every round (all rounds of 1M,
then of 10M), with the load average read beside every run. Every run is saved at once to
benchmarks/data/measure/spark-results.json, and `--from-results` writes the section from it. The JVM is a child of the Python process and outlives
`wait4`'s view of it (Python exits without reaping it), so memory is sampled from /proc:
every process of the tree, its VmHWM (the kernel's own high-water mark) read until it
exits, and the sum of VmRSS over the tree at each sample.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SAMPLE_S = 0.2

# Spark's start-up alone: the session `cjm measure --engine spark` starts (cjm's own
# spark_session, so the same settings), then `SELECT 1`. argv: json-out, master, remote.
STARTUP = r"""
import json, sys, tempfile, time
from pathlib import Path
t0 = time.perf_counter()
from cjm.measure.spark import spark_session
out, master, remote = sys.argv[1], sys.argv[2] or None, sys.argv[3] or None
t1 = time.perf_counter()
spark = spark_session(master, remote, Path(tempfile.mkdtemp(prefix="cjm-spark-startup-")))
t2 = time.perf_counter()
spark.sql("SELECT 1").collect()
t3 = time.perf_counter()
json.dump({"import": t1 - t0, "session": t2 - t1, "select1": t3 - t2, "ready": t3 - t0}, open(out, "w"))
if remote is None:
    spark.stop()
"""


@dataclass
class Run:
    wall: float
    cpu: float  # user+sys of the process and its reaped children (wait4)
    code: int
    load1: float  # 1-minute load average when the run started
    own_rss_mb: float  # the Python process's peak (wait4 ru_maxrss: it and reaped children)
    tree_hwm_mb: float  # sum over the tree of each process's VmHWM (an upper bound of the peak)
    tree_rss_mb: float  # the largest sum of VmRSS over the tree at one sample (a lower bound)
    jvm_hwm_mb: float  # the java process's VmHWM (0 without a JVM)
    inside: dict = field(default_factory=dict)  # times the process wrote itself (start-up)


@dataclass
class Cmd:
    key: str
    label: str
    argv: list[str]
    stdout: Path | None = None
    inside: Path | None = None
    env: dict[str, str] = field(default_factory=dict)  # on top of this process's environment
    runs: list[Run] = field(default_factory=list)
    stderr: str = ""

    def ok(self) -> list[Run]:
        return [r for r in self.runs if r.code == 0]

    def median(self, attr: str) -> float | None:
        values = [getattr(r, attr) for r in self.ok()]
        return statistics.median(values) if values else None

    def largest(self, attr: str) -> float | None:
        values = [getattr(r, attr) for r in self.ok()]
        return max(values) if values else None


def load1() -> float:
    return float(Path("/proc/loadavg").read_text().split()[0])


def _children() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])  # the name may hold spaces and ")"
        kids.setdefault(ppid, []).append(int(entry))
    return kids


def _status(pid: int) -> tuple[str, int, int] | None:
    """(name, VmHWM kB, VmRSS kB) of a live process, None once it is gone."""
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    fields = dict(line.split(":", 1) for line in text.splitlines() if ":" in line)
    kb = lambda k: int(fields.get(k, "0 kB").split()[0])  # noqa: E731
    return fields.get("Name", "").strip(), kb("VmHWM"), kb("VmRSS")


class TreeSampler(threading.Thread):
    """Samples every process under `root` (children, grandchildren: spark-submit execs java)."""

    def __init__(self, root: int) -> None:
        super().__init__(daemon=True)
        self.root = root
        self.hwm: dict[int, tuple[str, int]] = {}
        self.rss_peak_kb = 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            kids = _children()
            todo, total = [self.root], 0
            while todo:
                pid = todo.pop()
                todo += kids.get(pid, [])
                got = _status(pid)
                if got is None:
                    continue
                name, hwm, rss = got
                total += rss
                self.hwm[pid] = (name, max(hwm, self.hwm.get(pid, ("", 0))[1]))
            self.rss_peak_kb = max(self.rss_peak_kb, total)
            self.done.wait(SAMPLE_S)


def run_once(cmd: Cmd) -> Run:
    load = load1()
    with tempfile.TemporaryFile() as err, open(cmd.stdout or os.devnull, "wb") as out:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd.argv, cwd=ROOT, stdout=out, stderr=err, env={**os.environ, **cmd.env})
        sampler = TreeSampler(proc.pid)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        # The JVM may outlive the Python process by a moment (it is not reaped by it): keep
        # sampling until no process of the tree is left, then stop.
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and any(_status(p) for p in sampler.hwm if p != proc.pid):
            time.sleep(SAMPLE_S)
        sampler.done.set()
        sampler.join()
        if code != 0 and not cmd.stderr:
            err.seek(0)
            cmd.stderr = err.read().decode(errors="replace")[-2000:]
    own = usage.ru_maxrss / 1024
    hwm = sampler.hwm
    tree = sum(h for _, h in hwm.values()) / 1024
    jvm = max((h for n, h in hwm.values() if n == "java"), default=0) / 1024
    inside = read_json(cmd.inside) if cmd.inside else {}
    return Run(wall, usage.ru_utime + usage.ru_stime, code, load, own, tree, sampler.rss_peak_kb / 1024, jvm, inside)


def run_logged(cmd: Cmd, where: str, log) -> None:
    """One run of `cmd`, logged with the load average when it started."""
    cmd.runs.append(run_once(cmd))
    last = cmd.runs[-1]
    log(
        f"  {where}: {cmd.key} {last.wall:.1f}s exit {last.code} load {last.load1:.2f} "
        f"tree peak {last.tree_hwm_mb:.0f} MB (JVM {last.jvm_hwm_mb:.0f} MB)"
    )
    if last.code != 0:
        log(f"  ! {cmd.label}: exit {last.code}\n{cmd.stderr}")


def missing() -> str:
    """What T7 needs and does not find ('' when pyspark and Java are there)."""
    import importlib.util
    import shutil

    if importlib.util.find_spec("pyspark") is None:
        return "pyspark is not installed: pip install -e '.[spark]' (make setup-spark)"
    if not shutil.which("java") and not os.environ.get("JAVA_HOME"):
        return "no Java: apt-get install openjdk-17-jre-headless (scripts/system-deps.sh --with-java)"
    return ""


def startup_argv(out: Path, master: str, remote: str) -> list[str]:
    return [sys.executable, "-c", STARTUP, str(out), master, remote]


def read_json(path: Path | None) -> dict:
    try:
        return json.loads(path.read_text()) if path else {}
    except (OSError, ValueError):
        return {}


def same_json(a: Path, b: Path) -> str:
    """Whether two `cjm measure -f json` outputs are byte-identical, and where not."""
    try:
        x, y = a.read_bytes(), b.read_bytes()
    except OSError as exc:
        return f"not compared ({exc})"
    if not x or not y:
        return "not compared (an output is empty)"
    if x == y:
        return f"byte-identical ({len(x):,} bytes)"
    xl, yl = x.decode().splitlines(), y.decode().splitlines()
    differ = [i for i, (p, q) in enumerate(zip(xl, yl, strict=False)) if p != q]
    first = differ[0] if differ else min(len(xl), len(yl))
    return (
        f"DIFFERENT: {len(differ)} of {len(xl)} lines differ (first at line {first + 1}: "
        f"`{xl[first].strip() if first < len(xl) else ''}` vs `{yl[first].strip() if first < len(yl) else ''}`)"
    )


# --- the part: T7 --------------------------------------------------------------------------

RESULTS = HERE / "data" / "measure" / "spark-results.json"  # every run so far (gitignored)


def results_path(driver_memory: str = "") -> Path:
    """Where a run saves its results: one file per driver heap, so the section shows both."""
    return RESULTS if not driver_memory else RESULTS.with_name(f"spark-results-driver-{driver_memory}.json")


def saved_results() -> list[dict]:
    """Every saved T7 run, oldest first."""
    found = [json.loads(p.read_text()) for p in RESULTS.parent.glob("spark-results*.json")]
    return sorted(found, key=lambda d: d["meta"]["started"])


def commands(
    cjm: list[str],
    sizes: dict[str, Path],
    scratch: Path,
    *,
    master: str,
    remote: str,
    inputs: list[str],
    driver_memory: str = "",
):
    """Per size: DuckDB's cjm measure, Spark's, and Spark's start-up. `inputs`: --events/--surveys
    for a cluster (then DuckDB, which cannot read the cluster's inputs, is left out).
    `driver_memory`: the local JVM's heap (cjm sets none, so Spark's default of 1 GB applies);
    given to pyspark's launcher as PYSPARK_SUBMIT_ARGS, the one way in without changing cjm."""
    spark_opts = ["--spark-remote", remote] if remote else ["--spark-master", master]
    env = {"PYSPARK_SUBMIT_ARGS": f"--driver-memory {driver_memory} pyspark-shell"} if driver_memory else {}
    where = (remote or master) + (f", driver heap {driver_memory}" if driver_memory else "")
    groups: dict[str, list[Cmd]] = {}
    for name, ws in sizes.items():
        group = []
        if not inputs:
            group.append(
                Cmd(
                    f"duckdb-{name}",
                    f"cjm measure (DuckDB), {name.upper()}",
                    [*cjm, "measure", "-f", "json", str(ws)],
                    stdout=scratch / f"duckdb-{name}.json",
                )
            )
        group.append(
            Cmd(
                f"spark-{name}",
                f"cjm measure --engine spark ({where}), {name.upper()}",
                [*cjm, "measure", "-f", "json", "--engine", "spark", *spark_opts, *inputs, str(ws)],
                stdout=scratch / f"spark-{name}.json",
                env=env,
            )
        )
        out = scratch / f"startup-{name}.json"
        group.append(
            Cmd(
                f"startup-{name}",
                f"Spark start-up alone (session + SELECT 1, {where}), {name.upper()}",
                startup_argv(out, "" if remote else master, remote),
                inside=out,
                env=env,
            )
        )
        groups[name] = group
    return groups


def save(groups: dict[str, list[Cmd]], meta: dict) -> None:
    path = results_path(meta.get("driver_memory", ""))
    data = {
        "meta": meta,
        "cmds": [
            {
                "size": size,
                "key": c.key,
                "label": c.label,
                "argv": c.argv,
                "stderr": c.stderr,
                "runs": [r.__dict__ for r in c.runs],
            }
            for size, group in groups.items()
            for c in group
        ],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1))


def run_part(
    cjm, sizes, runs, log, *, master="local[2]", remote="", inputs=(), fmt="parquet", driver_memory=""
) -> dict:
    scratch = Path(tempfile.mkdtemp(prefix="cjm-bench-spark-"))
    groups = commands(
        cjm, sizes, scratch, master=master, remote=remote, inputs=list(inputs), driver_memory=driver_memory
    )
    meta = {
        "date": time.strftime("%Y-%m-%d"),
        "runs": runs,
        "format": fmt,
        "master": master,
        "remote": remote,
        "inputs": list(inputs),
        "driver_memory": driver_memory,
        "load_before": Path("/proc/loadavg").read_text().split()[:3],
        "started": time.time(),
        "parity": {},
    }
    for name, group in groups.items():
        log(f"== T7: cjm measure on DuckDB and on Spark, {name.upper()} {fmt}, {runs} interleaved rounds")
        for r in range(runs):
            order = group[r % len(group) :] + group[: r % len(group)]
            for cmd in order:
                run_logged(cmd, f"round {r + 1}/{runs}", log)
                save(groups, meta)  # a run cut short still leaves its numbers
            duck, spark = (scratch / f"duckdb-{name}.json", scratch / f"spark-{name}.json")
            # Compared after the first round in which both engines succeeded.
            if not inputs and name not in meta["parity"] and all(c.runs[-1].code == 0 for c in group):
                meta["parity"][name] = same_json(duck, spark)
                log(f"  JSON outputs, DuckDB vs Spark: {meta['parity'][name]}")
    meta["load_after"] = Path("/proc/loadavg").read_text().split()[:3]
    meta["elapsed"] = time.time() - meta["started"]
    save(groups, meta)
    return json.loads(results_path(driver_memory).read_text())


HEADING = "## `cjm measure` on Spark (issue 13)"


def _runs_cell(runs: list[dict], key: str = "wall") -> str:
    """Every run, each with the 1-minute load average when it started: '12.3 s (load 3.1)'."""
    return "; ".join(
        f"{r[key]:.1f} s (load {r['load1']:.1f})" + ("" if r["code"] == 0 else f" exit {r['code']}") for r in runs
    )


def _median(runs: list[dict], key: str) -> float | None:
    values = [r[key] for r in runs if r["code"] == 0]
    return statistics.median(values) if values else None


def _largest(runs: list[dict], key: str) -> float | None:
    values = [r[key] for r in runs if r["code"] == 0]
    return max(values) if values else None


def markdown(datas: list[dict]) -> str:
    """The section, from every saved run (the first is the plain `local[2]` one)."""
    first, last = datas[0]["meta"], datas[-1]["meta"]
    where = first["remote"] or first["master"]
    load_after = last.get("load_after") or Path("/proc/loadavg").read_text().split()[:3]
    elapsed = sum(d["meta"].get("elapsed", time.time() - d["meta"]["started"]) for d in datas) / 60
    runs = ", ".join(dict.fromkeys(str(d["meta"]["runs"]) for d in datas))
    md = [
        HEADING,
        "",
        "Written by `python benchmarks/run.py spark` (T7, also part of `make bench`; `make bench-spark`); issue 13 "
        f"asks for these numbers. Run on {first['date']}, {runs} interleaved rounds (the order rotating every "
        f"round), {elapsed:.0f} minutes in all, Spark on `{where}`. Load average before/after: "
        f"{' '.join(first['load_before'])} / {' '.join(load_after)}.",
        "",
        *[
            f"The run with a {d['meta']['driver_memory'] or 'default'} driver heap was stopped "
            f"{d['meta']['stopped']}: only its finished runs are shown. "
            for d in datas
            if d["meta"].get("stopped")
        ],
        "**These numbers are from a loaded 2-core machine**: other work (full test runs with CPU burners) "
        "ran at the same time, so every run is shown with the 1-minute load average when it started; "
        "read the ratios and the orders of magnitude, not the seconds.",
        "",
        "Each command is the whole process, as a user runs it: `cjm measure -f json` on the T6 workspace "
        f"(demo/measured's journey and cjm.yaml, `data:` pointing at the cached {first['format'].title()} log "
        "and surveys) with DuckDB, the same with `--engine spark`, and Spark's start-up alone: a process that "
        "starts the session cjm starts (`cjm.measure.spark.spark_session`, the same settings) and runs "
        "`SELECT 1`. Peak memory is of the whole process tree: the JVM is a child of the Python process "
        "that Python does not reap before it exits, so `wait4` never sees it; `benchmarks/spark_bench.py` "
        "samples /proc every 0.2 s and reads each process's VmHWM (the kernel's own high-water mark) until "
        'it exits. "Tree peak" is the sum of those (Python + JVM; an upper bound, as the two peaks need '
        'not coincide); "largest sampled" is the largest sum of VmRSS at one sample (a lower bound).',
        "",
        "### Measurements",
        "",
        "| log | command | every run (load average at its start) | median wall | tree peak | largest sampled | JVM peak |",
        "|---|---|---|---:|---:|---:|---:|",
    ]
    for data in datas:
        for c in data["cmds"]:
            if not c["runs"]:
                continue
            med = _median(c["runs"], "wall")
            hwm, rss, jvm = (_largest(c["runs"], k) for k in ("tree_hwm_mb", "tree_rss_mb", "jvm_hwm_mb"))
            if hwm is None:  # every run failed: its memory until then
                hwm, rss, jvm = (max(r[k] for r in c["runs"]) for k in ("tree_hwm_mb", "tree_rss_mb", "jvm_hwm_mb"))
            md.append(
                f"| {c['size'].upper()} | {c['label'].rsplit(', ', 1)[0]} | {_runs_cell(c['runs'])} | "
                f"{'failed' if med is None else f'{med:.1f} s'} | {hwm:,.0f} MB | {rss:,.0f} MB | "
                f"{f'{jvm:,.0f} MB' if jvm else '-'} |"
            )
    md += [
        "",
        "Spark's start-up, inside the start-up process (each run; it does not depend on the log, it ran "
        "among that log's runs): importing pyspark and cjm, starting the session (the JVM and its "
        "SparkContext), the first `SELECT 1`:",
        "",
        "| run | import | session | `SELECT 1` | ready | whole process | load |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for data in datas:
        heap = data["meta"].get("driver_memory")
        for c in data["cmds"]:
            if not c["key"].startswith("startup"):
                continue
            for i, r in enumerate(c["runs"]):
                t = r.get("inside") or {}
                if t:
                    md.append(
                        f"| beside {c['size'].upper()}{f', heap {heap}' if heap else ''}, round {i + 1} | "
                        f"{t['import']:.1f} s | {t['session']:.1f} s | {t['select1']:.1f} s | {t['ready']:.1f} s | "
                        f"{r['wall']:.1f} s | {r['load1']:.1f} |"
                    )
    md += ["", "### Same figures on both engines", ""]
    for data in datas:
        meta = data["meta"]
        heap = f", Spark with a {meta['driver_memory']} driver heap" if meta.get("driver_memory") else ""
        sizes = list(dict.fromkeys(c["size"] for c in data["cmds"]))
        for size in sizes:
            verdict = meta.get("parity", {}).get(size)
            if verdict is None or verdict.startswith("not compared"):
                verdict = (
                    "not compared (DuckDB did not run: the inputs were the cluster's)"
                    if meta["inputs"]
                    else "not compared (Spark did not finish a run)"
                )
            md.append(
                f"- {size.upper()} {meta['format'].title()}{heap}: `cjm measure -f json`, DuckDB vs Spark: {verdict}."
            )
    for data in datas:
        for c in data["cmds"]:
            if any(r["code"] != 0 for r in c["runs"]):
                err = (c["stderr"].strip().splitlines() or ["?"])[0][:300]
                md += ["", f"{c['label']} failed (exit {sorted({r['code'] for r in c['runs']} - {0})}): `{err}`"]
    md += ["", *advice(datas), "", *NOTES, "", *CLUSTER]
    return "\n".join(md) + "\n"


def advice(datas: list[dict]) -> list[str]:
    """When to switch, from the medians of the saved runs (DuckDB's runs pooled)."""
    duck: dict[str, list[dict]] = {}
    spark: dict[tuple[str, str], list[dict]] = {}
    start: list[dict] = []
    for data in datas:
        heap = data["meta"].get("driver_memory") or "default"
        for c in data["cmds"]:
            kind = c["key"].split("-")[0]
            if kind == "duckdb":
                duck.setdefault(c["size"], []).extend(c["runs"])
            elif kind == "spark":
                spark.setdefault((c["size"], heap), []).extend(c["runs"])
            else:
                start.extend(c["runs"])
    u = _median(start, "wall")
    md = ["### When to switch from DuckDB to Spark", ""]
    for (size, heap), runs in spark.items():
        d, dm = _median(duck.get(size, []), "wall"), _largest(duck.get(size, []), "tree_hwm_mb")
        s, sm = _median(runs, "wall"), _largest(runs, "tree_hwm_mb")
        heap_text = "Spark's default 1 GB driver heap" if heap == "default" else f"a {heap} driver heap"
        if d is None:
            continue
        if not runs:
            md.append(
                f"- {size.upper()} events: DuckDB {d:.0f} s and {dm:,.0f} MB; Spark local with {heap_text}: "
                "no run had finished when the benchmark was stopped."
            )
            continue
        if s is None:
            md.append(
                f"- {size.upper()} events: DuckDB {d:.0f} s and {dm:,.0f} MB; Spark local with {heap_text}: "
                "failed in every run (the error is above)."
            )
            continue
        work = f", {s - u:.0f} s of it after the start-up" if u else ""
        md.append(
            f"- {size.upper()} events: DuckDB {d:.0f} s and {dm:,.0f} MB; Spark local with {heap_text} "
            f"{s:.0f} s{work}, and {sm:,.0f} MB: {s / d:.0f}x DuckDB's time."
        )
    if u:
        md.append(f"- Spark's start-up alone (session + `SELECT 1`): {u:.0f} s, the median of {len(start)} runs.")
    md += ["", *SWITCH]
    return md


SWITCH = [
    "**Stay on DuckDB while the log fits one machine's memory; switch to Spark on a cluster beyond that, "
    "or when the events already live in a lake or warehouse.** From the numbers above:",
    "",
    "- Spark in local mode is never the faster choice on one machine. It runs the same SQL on the same "
    "two cores, pays a JVM start-up (15-25 s here, with the machine loaded) that alone is longer than "
    "DuckDB's whole run on 1M events, scans each input file in one task (see the notes), and with "
    "Spark's default heap it does not finish 10M events at all. `--engine spark --spark-master local[2]` "
    "is for trying Spark and for the parity tests.",
    "- DuckDB's limit is memory, not time: its peak grows with the log (about 0.4 GB at 1M events, "
    "2.7-2.9 GB at 10M here and in T6), roughly 0.3 GB per million events. By that slope (an "
    "extrapolation, not measured) a log of N million events needs about 0.3 x N GB on the machine that "
    "runs `cjm measure`: some 40M events on a 16 GB laptop, 200M on a 64 GB workstation, with minutes "
    "of run time rather than hours.",
    "- So switch at the size the machine at hand cannot hold, in practice from about 100-200M events "
    "(years of web, product and CRM events for thousands of accounts), and then to a cluster through "
    "`--spark-remote`, not to local Spark. Switch sooner whatever the size when the events are a lake "
    "or warehouse table: the cluster reads them in place and only the aggregates come back, where DuckDB "
    "would first need them exported to files on one machine. Spark local took 10-20x DuckDB's time "
    "per run here, so on data that fits one machine a cluster needs many cores (and events split into "
    "many files) before it catches up with DuckDB.",
]

CLUSTER = [
    "### Running it against a real cluster",
    "",
    "The same benchmark runs against a Spark Connect endpoint (Databricks, EMR, Dataproc, Spark on "
    "Kubernetes with Connect enabled, or `$SPARK_HOME/sbin/start-connect-server.sh`). The server reads the "
    "inputs, so give it ones the cluster can read; DuckDB is then left out (it cannot read the cluster's "
    "tables) and the start-up is the time to connect and answer `SELECT 1`:",
    "",
    "```sh",
    "# once: put the benchmark logs where the cluster reads them, as catalog tables",
    "#   aws s3 cp benchmarks/data/measure/log-10m/events.parquet s3://BUCKET/cjm-bench/events/",
    "#   aws s3 cp benchmarks/data/measure/log-10m/surveys.csv    s3://BUCKET/cjm-bench/surveys/",
    "#   spark-sql> CREATE TABLE bench.events USING parquet LOCATION 's3a://BUCKET/cjm-bench/events/';",
    "#   spark-sql> CREATE TABLE bench.surveys USING csv OPTIONS (header true, inferSchema true)",
    "#              LOCATION 's3a://BUCKET/cjm-bench/surveys/';",
    "python benchmarks/run.py spark --sizes 10m --runs 3 \\",
    "    --spark-remote 'sc://HOST:15002/;token=TOKEN' \\",
    "    --events table:bench.events --surveys table:bench.surveys",
    "```",
    "",
    "`--sizes` picks the workspace (its journey map and column mapping are the same for both sizes); "
    "`--events`/`--surveys` are passed to `cjm measure` as they are, so any input form cjm reads works. "
    "A catalog table is the form to use today: cjm resolves file paths on the client (globbing them "
    'locally), so an `s3a://...` path is refused as "matches no file" before it reaches the cluster; a '
    "path works only where it is mounted at the same place on the client and on the cluster. Compare the "
    "result with DuckDB on a machine that holds the same files (`python benchmarks/run.py spark` there), "
    "and the JSON outputs with `cmp`.",
]

NOTES = [
    "### Notes on the Spark engine (measured while adding this benchmark)",
    "",
    "- Heap: cjm sets no `spark.driver.memory`, so the local JVM starts with Spark's default 1 GB heap "
    "(`-Xmx1g`); in local mode the driver is the executor, and the tables "
    "cjm keeps with `localCheckpoint` live in that heap. With it the 10M runs failed after about 6 "
    "minutes; the runs with `--spark-driver-memory 4g` (the benchmark passes `PYSPARK_SUBMIT_ARGS="
    '"--driver-memory 4g pyspark-shell"` to pyspark\'s launcher, which a user can set the same way) '
    "are the ones to read at 10M. `cjm measure` has no option for the heap.",
    "- The failure says only `Spark failed: An error occurred while calling o100.localCheckpoint.` (exit "
    "2, nothing written): py4j's wrapper line, not the Java cause. The JVM's own stderr goes to the file "
    "cjm points stderr at while the session starts (the JVM inherits it), so its `OutOfMemoryError` or "
    "lost-executor lines are nowhere to be seen.",
    "- One core: sampling the JVM's threads (`top -H`) during a 10M run showed one executor task "
    "thread at work at a time (besides the JIT compilers and the garbage collector). To "
    "number rows in input order, src/cjm/measure/spark.py reads each input file as one unsplit "
    "partition, so every stage that scans the events is one task per file; only the stages after a "
    "shuffle (8 partitions) use both cores. On a cluster this is the point to know: one large events "
    "file is read by one task; give the events as many files (a directory of Parquet parts, or a table "
    "of many files), which cjm numbers file by file.",
]
