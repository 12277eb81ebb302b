"""`make bench`: cjm against its peers and its own targets (issue 7), written to BENCHMARKS.md.

    python benchmarks/run.py [--runs 5] [--only T1,T2,...] [--no-write]
    python benchmarks/run.py measure [--runs 3]    # only `cjm measure` (T6, issue 12)
    python benchmarks/run.py spark [--runs 2]      # only `cjm measure` on Spark (T7, issue 13)
    python benchmarks/run.py loader [--runs 3]     # only the loader against rapidyaml (T8, issue 17)

Stdlib only. Every figure is a whole-process measurement: wall time (median of `--runs`
runs), CPU time (user+sys) and peak RSS (`/usr/bin/time -v`). Commands that are compared
with each other run in the same group, interleaved round by round (the order rotates every
round), so that a noisy neighbour slows all of them alike and the ratios stay meaningful.

The data comes from `benchmarks/generate.py` (regenerated when the generator changes);
for T6 (`cjm measure`, `benchmarks/measure_bench.py`) from `benchmarks/committee_log_sql.py`.
A cjm command, peer or tool that is not installed is reported as "not available" and its
targets are skipped, never failed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402  (benchmarks/ is not a package)
import loader_floor  # noqa: E402
import measure_bench  # noqa: E402
import spark_bench  # noqa: E402

DATA = generate.DEFAULT_OUT
EXAMPLE = "examples/journeys/saas-subscription.yaml"
SCHEMA = "schemas/journey.schema.json"
BIN = Path(sys.executable).parent

# The floor: PyYAML's C loader parsing every YAML file of a directory in one process.
FLOOR = (
    "import pathlib, sys, yaml\n"
    "assert yaml.__with_libyaml__, 'PyYAML without libyaml: the floor would be the pure-Python loader'\n"
    "for p in sorted(pathlib.Path(sys.argv[1]).rglob('*.yaml')):\n"
    "    with open(p, 'rb') as f:\n"
    "        yaml.load(f, Loader=yaml.CSafeLoader)\n"
)
# The fastest parser's floor (issue 17): rapidyaml parsing every YAML file, nothing built.
RYML_FLOOR = (
    "import pathlib, sys, ryml\n"
    "for p in sorted(pathlib.Path(sys.argv[1]).rglob('*.yaml')):\n"
    "    ryml.parse_in_arena(p.read_bytes())\n"
)


@dataclass
class Cmd:
    key: str
    label: str
    argv: list[str]
    ok: tuple[int, ...] = (0,)
    before: Callable[[], None] | None = None  # run before every run (e.g. empty an output dir)
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    codes: list[int] = field(default_factory=list)
    rss_mb: float | None = None
    maxrss_kb: list[int] = field(default_factory=list)  # of every run (wait4), for T6
    stderr: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.wall)

    @property
    def failed(self) -> bool:
        return any(c not in self.ok for c in self.codes)


@dataclass
class Target:
    key: str
    text: str
    measured: str = ""
    limit: str = ""
    result: str = "not available"
    why: str = ""


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- running commands --------------------------------------------------------------------


def run_once(cmd: Cmd) -> None:
    if cmd.before:
        cmd.before()
    with tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd.argv, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        cmd.wall.append(time.perf_counter() - started)
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        cmd.cpu.append(usage.ru_utime + usage.ru_stime)
        cmd.maxrss_kb.append(usage.ru_maxrss)
        cmd.codes.append(code)
        if code not in cmd.ok and not cmd.stderr:
            err.seek(0)
            cmd.stderr = err.read().decode(errors="replace")[-2000:]


def measure(cmds: list[Cmd], runs: int) -> None:
    """Run the commands `runs` times each, interleaved; the order rotates every round."""
    cmds = [c for c in cmds if c is not None]
    for r in range(runs):
        order = cmds[r % len(cmds) :] + cmds[: r % len(cmds)]
        for cmd in order:
            run_once(cmd)
        shown = ", ".join(f"{c.key} {c.wall[-1]:.2f}s" for c in cmds)
        log(f"  round {r + 1}/{runs}: {shown}")
    for cmd in cmds:
        if cmd.failed:
            log(f"  ! {cmd.label}: exit status {sorted(set(cmd.codes))}\n{cmd.stderr}")


def peak_rss(cmd: Cmd) -> None:
    """Peak RSS in MB from one run under GNU time (`/usr/bin/time -v`)."""
    gnu_time = Path("/usr/bin/time")
    if not gnu_time.exists():
        return
    if cmd.before:
        cmd.before()
    with tempfile.NamedTemporaryFile("r", suffix=".txt") as out:
        subprocess.run(
            [str(gnu_time), "-v", "-o", out.name, *cmd.argv],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )
        match = re.search(r"Maximum resident set size \(kbytes\): (\d+)", Path(out.name).read_text())
    if match:
        cmd.rss_mb = int(match.group(1)) / 1024


# --- what is installed -------------------------------------------------------------------


def cjm_argv() -> list[str]:
    script = BIN / "cjm"
    return [str(script)] if script.exists() else [sys.executable, "-m", "cjm"]


def cjm_commands() -> set[str]:
    """Command names listed by `cjm --help` (empty if cjm does not run)."""
    try:
        out = subprocess.run([*cjm_argv(), "--help"], cwd=ROOT, capture_output=True, text=True, timeout=60).stdout
    except (OSError, subprocess.TimeoutExpired):
        return set()
    section = out.split("Commands:", 1)[-1] if "Commands:" in out else ""
    return {m.group(1) for m in re.finditer(r"^\s{2}([a-z][a-z-]*)\s", section, re.M)}


def tool(name: str) -> str | None:
    found = BIN / name
    if found.exists():
        return str(found)
    return shutil.which(name)


def has_rapidyaml() -> bool:
    return subprocess.run([sys.executable, "-c", "import ryml"], capture_output=True, check=False).returncode == 0


def pyyaml_has_libyaml() -> bool:
    probe = "import yaml, sys; sys.exit(0 if yaml.__with_libyaml__ else 1)"
    return subprocess.run([sys.executable, "-c", probe], capture_output=True, check=False).returncode == 0


# --- the benchmark -----------------------------------------------------------------------


def rel(path: Path) -> str:
    return os.path.relpath(path, ROOT)


def journey_files(ws: Path) -> list[str]:
    return [rel(p) for p in sorted((ws / "journeys").rglob("*.yaml"))]


def ratio(a: Cmd | None, b: Cmd | None) -> float | None:
    if a is None or b is None or not a.wall or not b.wall or a.failed or b.failed:
        return None
    return a.median / b.median


def judge(
    target: Target,
    value: float | None,
    limit: float,
    fmt: str,
    *,
    strict: bool = False,
    why: str = "",
    cmds: tuple[Cmd | None, ...] = (),
) -> None:
    broken = [c for c in cmds if c is not None and c.failed]
    if broken:
        target.result = "ERROR"
        target.why = "; ".join(f"{c.label} exited {sorted(set(c.codes))}" for c in broken)
        return
    if value is None:
        return
    target.measured = fmt.format(value)
    passed = value < limit if strict else value <= limit
    target.result = "PASS" if passed else "FAIL"
    target.why = "" if passed else why


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "part",
        nargs="?",
        choices=["measure", "spark", "loader"],
        help="measure: only T6 (`cjm measure`, issue 12); spark: only T7 (`cjm measure --engine spark`, issue 13); "
        "loader: only T8 (the loader against rapidyaml, issue 17)",
    )
    parser.add_argument("--runs", type=int, default=None, help="runs per command (median); default 5 (T7 alone: 2)")
    parser.add_argument("--only", default="T1,T2,T3,T4,T5,T6,T7,T8", help="target groups to run, e.g. T2,T5")
    spark = parser.add_argument_group("T7 (Spark)")
    spark.add_argument("--sizes", default="1m,10m", help="T7: which cached logs, e.g. 1m")
    spark.add_argument("--spark-master", default="local[2]", help="T7: the local Spark master (default local[2])")
    spark.add_argument("--spark-remote", default="", metavar="sc://HOST:PORT", help="T7: a Spark Connect server")
    spark.add_argument(
        "--spark-driver-memory",
        default="",
        metavar="SIZE",
        help="T7: the local JVM's heap, e.g. 4g (Spark's default: 1g)",
    )
    spark.add_argument("--events", default="", help="T7 on a cluster: events the cluster reads (table:db.events)")
    spark.add_argument("--surveys", default="", help="T7 on a cluster: surveys the cluster reads")
    spark.add_argument(
        "--from-results", action="store_true", help="T7: write its section from the last run's saved results"
    )
    parser.add_argument("--no-write", action="store_true", help="do not write BENCHMARKS.md")
    parser.add_argument("--no-profile", action="store_true", help="skip the profiles (where the time goes)")
    args = parser.parse_args(argv)
    parts = {"measure": {"T6"}, "spark": {"T7"}, "loader": {"T8"}}
    only = parts[args.part] if args.part else {s.strip().upper() for s in args.only.split(",")}
    runs = max(1, args.runs or (2 if only == {"T7"} else 5))
    issue7 = bool(only & {"T1", "T2", "T3", "T4", "T5"})

    if issue7:
        log("== generating benchmark data (skipped when up to date)")
        generate.generate(DATA)
    ws = {name: DATA / f"ws-{name}" for name in generate.SIZES}
    changed = {name: DATA / f"ws-{name}-changed" for name in ("10k", "100k")}
    big_journey = DATA / "render-1k" / "journey-1k.yaml"

    available = cjm_commands()
    cjm = cjm_argv()
    yamllint, cjsonschema, dot = tool("yamllint"), tool("check-jsonschema"), shutil.which("dot")
    libyaml = pyyaml_has_libyaml()
    rapidyaml = has_rapidyaml()
    log(f"cjm commands: {', '.join(sorted(available)) or 'none'}")
    load_before = Path("/proc/loadavg").read_text().split()[:3] if Path("/proc/loadavg").exists() else []

    def have(command: str) -> bool:
        return command in available

    def cjm_cmd(key: str, label: str, *rest: str, ok: tuple[int, ...] = (0,), before=None) -> Cmd:
        return Cmd(key, label, [*cjm, *rest], ok, before)

    all_cmds: list[Cmd] = []
    targets: list[Target] = []
    started = time.perf_counter()

    # T1: validate on 100k touchpoints against the floor and the peers.
    t1 = [
        Target("1a", "`cjm validate` 100k / CSafeLoader floor", limit="<= 1.5x"),
        Target("1b", "`cjm validate` 100k / yamllint", limit="< 1x"),
        Target("1c", "`cjm validate` 100k / check-jsonschema", limit="< 1x"),
        Target("1d", "`cjm validate` 100k / rapidyaml floor (issue 17)", limit="<= 4x"),
    ]
    targets += t1
    v100 = None
    if "T1" in only or "T3" in only or "T4" in only:
        group: list[Cmd] = []
        if have("validate"):
            v100 = cjm_cmd("validate-100k", "cjm validate ws-100k (with the peers)", "validate", rel(ws["100k"]))
            group.append(v100)
        if "T1" in only:
            floor = (
                Cmd("floor-100k", "CSafeLoader floor ws-100k", [sys.executable, "-c", FLOOR, rel(ws["100k"])])
                if libyaml
                else None
            )
            ryml_floor = (
                Cmd("ryml-floor-100k", "rapidyaml floor ws-100k", [sys.executable, "-c", RYML_FLOOR, rel(ws["100k"])])
                if rapidyaml
                else None
            )
            lint100 = (
                Cmd("yamllint-100k", "yamllint ws-100k", [yamllint, rel(ws["100k"])], (0, 1)) if yamllint else None
            )
            cjs100 = (
                Cmd(
                    "cjsonschema-100k",
                    "check-jsonschema ws-100k journeys",
                    [cjsonschema, "--schemafile", SCHEMA, *journey_files(ws["100k"])],
                )
                if cjsonschema
                else None
            )
            group += [c for c in (floor, ryml_floor, lint100, cjs100) if c is not None]
            log(f"== T1: validate 100k vs floor and peers, {runs} interleaved runs (yamllint takes minutes per run)")
            measure(group, runs)
            all_cmds += group
            why_floor = (
                "see 'Where the time goes': parsing with positions is about the floor's cost; "
                "start-up, schema validation and lint rules come on top"
            )
            judge(t1[0], ratio(v100, floor), 1.5, "{:.2f}x", why=why_floor, cmds=(v100, floor))
            judge(t1[1], ratio(v100, lint100), 1.0, "{:.2f}x", strict=True, cmds=(v100, lint100))
            judge(t1[2], ratio(v100, cjs100), 1.0, "{:.2f}x", strict=True, cmds=(v100, cjs100))
            why_ryml = (
                "kept on libyaml (see 'The loader against rapidyaml (issue 17)'): rapidyaml's Python "
                "binding gives no positions, and only asking each node its type, key and value from "
                "Python already costs several times its parse"
            )
            judge(t1[3], ratio(v100, ryml_floor), 4.0, "{:.1f}x", why=why_ryml, cmds=(v100, ryml_floor))

    # T2: start-up.
    t2 = [
        Target("2a", f"`cjm validate` one example file / yamllint ({EXAMPLE})", limit="<= 1.2x"),
        Target("2b", "`cjm --version` median wall time", limit="< 100 ms"),
        Target("2c", "`cjm --version` median wall time (issue 17)", limit="< 30 ms"),
        Target("2d", "the stack's floor: importing typer and pydantic's BaseModel / yamllint", limit="context"),
    ]
    targets += t2
    if "T2" in only:
        one = (
            cjm_cmd("validate-one", "cjm validate (one example file)", "validate", EXAMPLE)
            if have("validate")
            else None
        )
        lint_one = Cmd("yamllint-one", "yamllint (one example file)", [yamllint, EXAMPLE], (0, 1)) if yamllint else None
        version = cjm_cmd("version", "cjm --version", "--version")
        bare = Cmd("python", "python -c pass (interpreter start-up)", [sys.executable, "-c", "pass"])
        # What any typer + pydantic command pays before its own code runs (the stack is fixed).
        stack = Cmd(
            "stack-imports",
            "python -c 'import typer; from pydantic import BaseModel' (the stack's imports)",
            [sys.executable, "-c", "import typer; from pydantic import BaseModel"],
        )
        group = [c for c in (one, lint_one, version, bare, stack) if c is not None]
        n = max(runs, 15)  # cheap: more runs for a steadier median
        log(f"== T2: start-up, {n} interleaved runs")
        measure(group, n)
        all_cmds += group
        judge(
            t2[0],
            ratio(one, lint_one),
            1.2,
            "{:.2f}x",
            why=(
                "what is left is what validate uses (table below): typer, which parses the arguments "
                "through pydantic TypeAdapters, pydantic with the schemas of the format models, ruamel's C "
                "parser; the other commands, rich and the formatter are no longer imported (tests/test_startup.py)"
            ),
            cmds=(one, lint_one),
        )
        judge(t2[1], None if version.failed else version.median * 1000, 100, "{:.0f} ms", strict=True, cmds=(version,))
        judge(t2[2], None if version.failed else version.median * 1000, 30, "{:.1f} ms", strict=True, cmds=(version,))
        floor = ratio(stack, lint_one)
        if floor is not None:
            t2[3].measured, t2[3].result = f"{floor:.2f}x", "context"

    # T3: linear scaling 10k -> 100k.
    t3 = [
        Target("3a", "`cjm validate` time(100k) / time(10k)", limit="<= 11"),
        Target("3b", "`cjm stats` time(100k) / time(10k)", limit="<= 11"),
        Target("3c", "`cjm diff` (workspace vs. a changed copy) time(100k) / time(10k)", limit="<= 11"),
        Target("3d", "`cjm stats` 100k / `cjm validate` 100k (issue 17)", limit="<= 1.3x"),
    ]
    targets += t3
    if "T3" in only:
        group = []
        pairs: list[tuple[Target, Cmd, Cmd]] = []
        for target, command, rest in (
            (t3[0], "validate", lambda s: (rel(ws[s]),)),
            (t3[1], "stats", lambda s: (rel(ws[s]),)),
            (t3[2], "diff", lambda s: (rel(ws[s]), rel(changed[s]))),
        ):
            if not have(command):
                continue
            small, large = (
                cjm_cmd(
                    f"{command}-{size}",
                    f"cjm {command} {' '.join(Path(a).name for a in rest(size))}",
                    command,
                    *rest(size),
                )
                for size in ("10k", "100k")
            )
            if command == "validate" and (v100 is None or not v100.wall):
                v100 = large  # for T4 when T1 did not run
            group += [small, large]
            pairs.append((target, small, large))
        if have("validate"):
            group.append(cjm_cmd("validate-50k", "cjm validate ws-50k", "validate", rel(ws["50k"])))
        log(f"== T3: scaling, {runs} interleaved runs")
        measure(group, runs)
        all_cmds += [c for c in group if c not in all_cmds]
        for target, small, large in pairs:
            judge(target, ratio(large, small), 11, "{:.1f}", cmds=(small, large))
        by_key = {c.key: c for c in group}
        stats100, validate100 = by_key.get("stats-100k"), by_key.get("validate-100k")
        judge(t3[3], ratio(stats100, validate100), 1.3, "{:.2f}x", cmds=(stats100, validate100))

    # T4: peak RSS.
    t4 = Target("4", "peak RSS of `cjm validate` on 100k touchpoints", limit="<= 600 MB")
    targets.append(t4)
    if "T4" in only and have("validate"):
        if v100 is None:
            v100 = cjm_cmd("validate-100k", "cjm validate ws-100k", "validate", rel(ws["100k"]))
        log("== T4: peak RSS (/usr/bin/time -v)")
        peak_rss(v100)
        if v100 not in all_cmds:
            all_cmds.append(v100)
        judge(t4, v100.rss_mb, 600, "{:.0f} MB")

    # T5: render.
    t5 = [
        Target("5a", "`cjm render -f html` of a 1,000-touchpoint journey", limit="<= 2 s"),
        Target("5b", "`cjm render -f dot` / `dot -Tsvg` of the same DOT (cjm's own time for svg)", limit="<= 0.5x"),
    ]
    targets += t5
    if "T5" in only and have("render"):
        out = Path(tempfile.mkdtemp(prefix="cjm-bench-render-"))

        def clean() -> None:
            for f in out.iterdir():
                f.unlink()

        html = cjm_cmd(
            "render-html", "cjm render -f html (1k)", "render", "-f", "html", "-o", str(out), rel(big_journey)
        )
        html.before = clean
        dotcmd = cjm_cmd(
            "render-dot", "cjm render -f dot (1k)", "render", "-f", "dot", "-o", str(out), rel(big_journey)
        )
        dotcmd.before = clean
        group = [html, dotcmd]
        graphviz = None
        if dot:
            # The DOT file cjm writes, laid out by Graphviz alone (kept outside `out`).
            dot_dir = Path(tempfile.mkdtemp(prefix="cjm-bench-dot-"))
            run_once(dotcmd)  # a warm-up run that leaves the DOT file to copy
            dotcmd.wall.clear()
            dotcmd.cpu.clear()
            dotcmd.codes.clear()
            produced = sorted(out.glob("*.dot"))
            if produced:
                source = dot_dir / produced[0].name
                shutil.copy(produced[0], source)
                graphviz = Cmd(
                    "dot-svg", "dot -Tsvg (the DOT of the 1k journey)", [dot, "-Tsvg", str(source), "-o", os.devnull]
                )
                svg = cjm_cmd(
                    "render-svg",
                    "cjm render -f svg (1k, includes dot)",
                    "render",
                    "-f",
                    "svg",
                    "-o",
                    str(out),
                    rel(big_journey),
                )
                svg.before = clean
                group += [graphviz, svg]
        log(f"== T5: render, {runs} interleaved runs")
        measure(group, runs)
        all_cmds += group
        judge(t5[0], None if html.failed else html.median, 2.0, "{:.2f} s", cmds=(html,))
        judge(
            t5[1],
            ratio(dotcmd, graphviz),
            0.5,
            "{:.2f}x",
            why=(
                "cjm's start-up (Python, typer, pydantic, the models: about 0.25 s) is already more than "
                "half of dot's whole layout; reading the 0.67 MB journey and writing the DOT take about as "
                "long again"
            ),
            cmds=(dotcmd, graphviz),
        )
        shutil.rmtree(out, ignore_errors=True)

    for t in targets:
        if f"T{t.key[0]}" not in only:
            t.result = "not run"
    load_after = Path("/proc/loadavg").read_text().split()[:3] if Path("/proc/loadavg").exists() else []
    elapsed = time.perf_counter() - started

    # T6: cjm measure (issue 12), its own section of BENCHMARKS.md.
    section = None
    if "T6" in only:
        section = measure_part(cjm, runs, profile=not args.no_profile)

    # T7: cjm measure on Spark (issue 13), its own section too.
    spark_section = None
    if "T7" in only:
        spark_section = spark_part(cjm, runs, args)

    # T8: the loader against rapidyaml (issue 17), its own section too.
    loader_section = loader_part(cjm, runs) if "T8" in only else None

    profile = {} if args.no_profile or not issue7 else profiles(ws["100k"], have("validate"))
    if issue7:
        print_report(targets, all_cmds)
    if not args.no_write:
        # A run without T6, T7 or T8 keeps that section as it was.
        kept = {h: measure_section(h) for h in (MEASURE_HEADING, spark_bench.HEADING, LOADER_HEADING)}
        if issue7:
            write_markdown(targets, all_cmds, profile, runs, elapsed, load_before, load_after)
        splice_section(section or kept[MEASURE_HEADING])
        splice_section(spark_section or kept[spark_bench.HEADING], spark_bench.HEADING)
        splice_section(loader_section or kept[LOADER_HEADING], LOADER_HEADING)
        log(f"wrote {rel(ROOT / 'BENCHMARKS.md')}")
    return 0


# --- T6: cjm measure (issue 12) ----------------------------------------------------------

MEASURE_HEADING = "## `cjm measure` (issue 12)"


def measure_part(cjm: list[str], runs: int, *, profile: bool = True) -> str:
    """Run T6, print its targets, return its BENCHMARKS.md section."""
    mb = measure_bench
    started = time.perf_counter()
    load_before = Path("/proc/loadavg").read_text().split()[:3] if Path("/proc/loadavg").exists() else []
    logs = {lg.name: lg for lg in mb.ensure_logs()}
    scratch = Path(tempfile.mkdtemp(prefix="cjm-bench-measure-"))
    cmds: dict[tuple[str, str, str], Cmd] = {}
    for name, lg in logs.items():
        group = []
        for fmt in mb.FORMATS:
            label = f"{name.upper()} {'Parquet' if fmt == 'parquet' else 'CSV'}"
            tool_cmd = Cmd(f"cjm-{name}-{fmt}", f"cjm measure, {label}", [*cjm, "measure", str(lg.workspace(fmt))])
            raw = Cmd(
                f"duckdb-{name}-{fmt}",
                f"DuckDB alone: reach + transitions, {label}",
                mb.raw_argv(lg, fmt, "target", scratch / f"raw-{name}-{fmt}.json"),
            )
            cmds[(name, fmt, "cjm")], cmds[(name, fmt, "raw")] = tool_cmd, raw
            group += [tool_cmd, raw]
            if fmt == "parquet":  # the floor reads the file once per query: CSV would parse it 8 times
                floor = Cmd(
                    f"duckdb-floor-{name}-{fmt}",
                    f"DuckDB alone: every figure family, one query each, {label}",
                    mb.raw_argv(lg, fmt, "floor", scratch / f"floor-{name}-{fmt}.json"),
                )
                cmds[(name, fmt, "floor")] = floor
                group.append(floor)
        log(f"== T6: cjm measure vs DuckDB alone, {lg.events:,} events, {runs} interleaved runs")
        measure(group, runs)
    for c in cmds.values():
        c.rss_mb = max(c.maxrss_kb) / 1024 if c.maxrss_kb else None
    raw_times = {
        k: mb.read_json(scratch / f"{k[2]}-{k[0]}-{k[1]}.json").get("times", {})
        for k in cmds
        if k[2] in ("raw", "floor")
    }

    # The peer: PM4Py's directly-follows graph on the 1M CSV, against DuckDB's.
    small = logs["1m"]
    python, why_not = mb.pm4py_python()
    peer: list[Cmd] = []
    peer_note = why_not
    pm_times: dict[str, float] = {}
    duck_times: dict[str, float] = {}
    if python:
        pm = Cmd(
            "pm4py-1m", "PM4Py: read_csv + format + DFG, 1M CSV", mb.pm4py_argv(python, small, scratch / "pm4py.json")
        )
        duck = Cmd(
            "duckdb-dfg-1m",
            "DuckDB alone: directly-follows, 1M CSV",
            mb.raw_argv(small, "csv", "dfg", scratch / "dfg.json"),
        )
        peer = [pm, duck]
        log(f"== T6: PM4Py vs DuckDB directly-follows, 1M CSV, {runs} interleaved runs")
        measure(peer, runs)
        for c in peer:
            c.rss_mb = max(c.maxrss_kb) / 1024 if c.maxrss_kb else None
        pm_out, duck_out = mb.read_json(scratch / "pm4py.json"), mb.read_json(scratch / "dfg.json")
        pm_times, duck_times = pm_out.get("times", {}), duck_out.get("times", {})
        a, b = pm_out.get("dfg", {}), duck_out.get("results", {}).get("dfg", {})
        differ = sum(1 for k in set(a) | set(b) if a.get(k) != b.get(k))
        peer_note = (
            f"both find the same {len(a)} directly-follows pairs with the same counts"
            if a and not differ
            else f"the graphs differ in {differ} of {len(set(a) | set(b))} pairs"
        )

    targets = []
    for name in ("10m", "1m"):
        for fmt in mb.FORMATS:
            label = f"{name.upper()} events, {'Parquet' if fmt == 'parquet' else 'CSV'}"
            t = Target(
                f"6{chr(ord('a') + len(targets))}", f"`cjm measure` / DuckDB alone (reach + transitions), {label}"
            )
            t.limit = "<= 2x"
            tool_cmd, raw = cmds[(name, fmt, "cjm")], cmds[(name, fmt, "raw")]
            judge(t, ratio(tool_cmd, raw), 2.0, "{:.2f}x", why="see 'Where the time goes' below", cmds=(tool_cmd, raw))
            cpu = cpu_ratio(tool_cmd, raw)
            if t.measured and cpu:
                t.measured += f" (CPU {cpu:.2f}x)"  # steadier than wall time on a shared machine
            targets.append(t)
    for fmt in mb.FORMATS:
        t = Target(
            f"6{chr(ord('a') + len(targets))}",
            f"`cjm measure` time(10M) / time(1M), {'Parquet' if fmt == 'parquet' else 'CSV'}",
            limit="<= 11",
        )
        big, little = cmds[("10m", fmt, "cjm")], cmds[("1m", fmt, "cjm")]
        judge(t, ratio(big, little), 11, "{:.1f}", cmds=(big, little))
        targets.append(t)
    for fmt in mb.FORMATS:
        t = Target(
            f"6{chr(ord('a') + len(targets))}",
            f"peak RSS of `cjm measure`, 10M events, {'Parquet' if fmt == 'parquet' else 'CSV'}",
            limit="<= 3 GB",
        )
        big = cmds[("10m", fmt, "cjm")]
        why = (
            "the engine materializes `ev`, `evw`, `m` and `w`, each a copy of the 10M rows, and two are alive "
            "at once; see 'Where the time goes'"
        )
        judge(t, None if big.failed else big.rss_mb / 1024, 3.0, "{:.2f} GB", why=why, cmds=(big,))
        targets.append(t)

    # Context, not targets: how far below 2x any design could go (see MEASURE_NOTES).
    for name in ("10m", "1m"):
        floor, raw, tool_cmd = (cmds[(name, "parquet", k)] for k in ("floor", "raw", "cjm"))
        for text, value in (
            ("DuckDB alone, every figure family (the floor) / reach + transitions", ratio(floor, raw)),
            ("`cjm measure` / the floor", ratio(tool_cmd, floor)),
        ):
            t = Target(f"6{chr(ord('a') + len(targets))}", f"{text}, {name.upper()} events, Parquet", limit="context")
            if value is not None:
                t.measured, t.result = f"{value:.2f}x", "context"
            targets.append(t)

    steps: dict = {}
    if profile:
        log("== T6 profile: one in-process `cjm measure` on the 10M Parquet log, time per SQL statement")
        steps = mb.steps_profile(logs["10m"], "parquet", scratch / "steps.json")
    shutil.rmtree(scratch, ignore_errors=True)
    load_after = Path("/proc/loadavg").read_text().split()[:3] if Path("/proc/loadavg").exists() else []

    every = [*cmds.values(), *peer]
    print_report(targets, every)
    if peer:
        pm_core = pm_times.get("format", 0) + pm_times.get("dfg", 0)
        print(
            f"\nPM4Py format + DFG {pm_core:.2f} s (+ read_csv {pm_times.get('read_csv', 0):.2f} s); "
            f"DuckDB directly-follows query {duck_times.get('dfg', 0):.2f} s; {peer_note}"
        )
    else:
        print(f"\nPM4Py: not available ({peer_note})")
    return measure_markdown(
        targets,
        every,
        logs,
        raw_times,
        (pm_times, duck_times, peer_note, bool(peer)),
        steps,
        runs,
        time.perf_counter() - started,
        load_before,
        load_after,
    )


def spark_part(cjm: list[str], runs: int, args: argparse.Namespace) -> str | None:
    """Run T7 (or reread its saved results), print it, return its BENCHMARKS.md section (None
    without pyspark or Java: the section of the last run is kept). The section shows every saved
    run (benchmarks/data/measure/spark-results*.json: one per driver heap)."""
    sb = spark_bench
    missing = sb.missing()
    if missing and not args.from_results:
        log(f"== T7: not available ({missing})")
        return None
    if args.from_results:
        datas = sb.saved_results()
    else:
        logs = {lg.name: lg for lg in measure_bench.ensure_logs()}
        sizes = {n: logs[n].workspace("parquet") for n in args.sizes.split(",") if n in logs}
        inputs = [
            *(["--events", args.events] if args.events else []),
            *(["--surveys", args.surveys] if args.surveys else []),
        ]
        sb.run_part(
            cjm,
            sizes,
            runs,
            log,
            master=args.spark_master,
            remote=args.spark_remote,
            inputs=inputs,
            driver_memory=args.spark_driver_memory,
        )
        datas = sb.saved_results()
    section = sb.markdown(datas)
    print(section)
    return section


def cpu_ratio(a: Cmd, b: Cmd) -> float | None:
    if not a.cpu or not b.cpu or a.failed or b.failed:
        return None
    return statistics.median(a.cpu) / statistics.median(b.cpu)


# How to tell the statements of src/cjm/measure/sql.py apart in a profile (the first needle
# a statement holds names it).
STATEMENTS = {
    "AS first_counted": "`EVENTS_SCAN`: checks of every row, events per activity",
    "COUNT(eid) - COUNT(DISTINCT eid)": "`REPEATED_IDS`: does any event id repeat",
    "LIKE ' %' OR": "`plain_text`: which text columns need no TRIM",
    "JOIN unmapped u": "`UNMAPPED_ACCOUNTS`: accounts of the blind spots",
    "FROM evw GROUP BY activity": "`EVENTS_COUNTED` (after collapsing repeated ids)",
    "COUNT(DISTINCT contact) AS contacts": "figure query `TOUCHPOINTS`",
    "tp AS source, next_tp AS target": "figure query `TRANSITIONS`",
    "MIN(us) AS first_us": "figure query `JOURNEYS`",
    "SUM(moved) AS moved": "figure query `STAGES`",
    "CASE WHEN breadth >= 3": "figure query `BREADTH`",
    "AS promoters": "figure query `SURVEYS`",
    "WITH asked AS": "figure query `RESPONSE_RATE`",
    "next_us - us AS x": "figure query `DAYS_TO_NEXT` (percentiles)",
    "dwell AS x": "figure query `DAYS_IN_STAGE` (percentiles)",
}


def statement_name(query: str) -> str:
    m = re.match(r"CREATE OR REPLACE TEMP (TABLE|VIEW) (\w+) AS", query)
    if m:
        return f"build {m.group(1).lower()} `{m.group(2)}`"
    for needle, name in STATEMENTS.items():
        if needle in query:
            return name
    return "`" + query[:70].replace("|", "\\|") + ("...`" if len(query) > 70 else "`")


def targets_table(targets: list[Target], fallback: str) -> list[str]:
    """The targets as a Markdown table, then why each failed one fell short."""
    md = ["| # | target | measured | limit | result |", "|---|---|---:|---:|---|"]
    md += [f"| {t.key} | {t.text} | {t.measured or '-'} | {t.limit or '-'} | **{t.result}** |" for t in targets]
    failed = [t for t in targets if t.result == "FAIL"]
    if failed:
        md += ["", "Short of the target:", ""]
        md += [f"- **{t.key}** ({t.measured}): {t.why or fallback}." for t in failed]
    return md


def measure_section(heading: str = MEASURE_HEADING) -> str | None:
    """The T6 (or T7) section of BENCHMARKS.md as it is (from its heading to the next `## ` or the end)."""
    path = ROOT / "BENCHMARKS.md"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    start = text.find("\n" + heading + "\n")
    if start < 0:
        return None
    end = text.find("\n## ", start + 1)
    return text[start + 1 : end + 1 if end >= 0 else len(text)]


def splice_section(section: str | None, heading: str = MEASURE_HEADING) -> None:
    """Put the T6 (or T7) section in place of the old one (or at the end); the rest is untouched."""
    if section is None:
        return
    path = ROOT / "BENCHMARKS.md"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    old = measure_section(heading)
    text = text.replace(old, section, 1) if old is not None else text.rstrip("\n") + "\n\n" + section
    path.write_text(text.rstrip("\n") + "\n", encoding="utf-8")


def measure_markdown(
    targets: list[Target],
    cmds: list[Cmd],
    logs: dict[str, measure_bench.Log],
    raw_times: dict[tuple[str, str, str], dict[str, float]],
    peer: tuple[dict[str, float], dict[str, float], str, bool],
    steps: dict,
    runs: int,
    elapsed: float,
    load_before: list[str],
    load_after: list[str],
) -> str:
    mb = measure_bench
    md = [
        MEASURE_HEADING,
        "",
        "Written by `python benchmarks/run.py measure` (also part of `make bench`); issue 12 sets the targets. "
        f"Run on {dt.date.today().isoformat()}, {runs} runs per command, {elapsed / 60:.0f} minutes in all. "
        f"Load average before/after: {' '.join(load_before) or '?'} / {' '.join(load_after) or '?'}.",
        "",
        "`cjm measure` is the whole process on a workspace with demo/measured's journey and cjm.yaml, its "
        '`data:` pointing at the generated log and surveys (default text output). "DuckDB alone" is '
        "another process: the stage-reach query and the touchpoint-transitions query (`LEAD` over each "
        "account's events), each reading the same file in place with DuckDB's own type detection, written "
        "as an analyst would (`benchmarks/measure_bench.py`). They ran interleaved; peak RSS is each "
        "process's own (`wait4`), the largest of its runs.",
        "",
        "### Targets",
        "",
        *targets_table(targets, "see where the time goes below"),
    ]
    md += [
        "",
        "### All measurements",
        "",
        "| command | median wall | min wall | median CPU | peak RSS | exit |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for c in cmds:
        if not c.wall:
            continue
        rss = f"{c.rss_mb:.0f} MB" if c.rss_mb else ""
        codes = ", ".join(str(x) for x in sorted(set(c.codes)))
        md.append(
            f"| {c.label} | {c.median:.3f} s | {min(c.wall):.3f} s | {statistics.median(c.cpu):.3f} s | {rss} | {codes} |"
        )
    md += [
        "",
        "DuckDB alone, time per query inside the process (last run):",
        "",
        "| log | reach | transitions | import duckdb |",
        "|---|---:|---:|---:|",
    ]
    ordered = sorted(raw_times.items(), key=lambda kv: (-logs[kv[0][0]].events, kv[0][1]))
    for (name, fmt, kind), t in ordered:
        if t and kind == "raw":
            md.append(
                f"| {name.upper()} {fmt} | {t.get('reach', 0):.2f} s | {t.get('transitions', 0):.2f} s | {t.get('import', 0):.2f} s |"
            )
    floors = [(name, t) for (name, _, kind), t in ordered if t and kind == "floor"]
    if floors:
        queries = [q for q in floors[0][1] if q != "import"]
        md += [
            "",
            "The floor (targets 6i-6l): every figure family of the contract as one query each, written as an "
            "analyst would and simpler than the contract's definitions (`benchmarks/measure_bench.py`, mode "
            "`floor`), each reading the Parquet file in place; time per query inside the process (last run):",
            "",
            f"| log | {' | '.join(queries)} | sum |",
            f"|---|{'---:|' * (len(queries) + 1)}",
        ]
        for name, t in floors:
            cells = " | ".join(f"{t.get(q, 0):.2f} s" for q in queries)
            md.append(f"| {name.upper()} parquet | {cells} | {sum(t.get(q, 0) for q in queries):.2f} s |")
    pm_times, duck_times, note, ran = peer
    md += ["", "### Peer: PM4Py (directly-follows discovery, 1M CSV)", ""]
    if ran:
        core = pm_times.get("format", 0) + pm_times.get("dfg", 0)
        md += [
            f"{mb.pm4py_version()}: `pandas.read_csv` {pm_times.get('read_csv', 0):.2f} s, "
            f"`pm4py.format_dataframe` {pm_times.get('format', 0):.2f} s, `pm4py.discover_dfg` "
            f"{pm_times.get('dfg', 0):.2f} s (format + DFG: {core:.2f} s); DuckDB's directly-follows query "
            f"(`LEAD(event_name)` per account, read from the same CSV) {duck_times.get('dfg', 0):.2f} s, "
            f"{core / duck_times['dfg'] if duck_times.get('dfg') else float('nan'):.1f}x faster than format + DFG; "
            f"{note} (last run, times inside each process; whole processes in the table above). "
            "PM4Py is AGPL: the benchmark installs it into a throw-away virtualenv under "
            "benchmarks/data/measure/, never into cjm's environment.",
        ]
    else:
        md += [f"PM4Py not available: {note}."]
    md += [
        "",
        "### Data",
        "",
        "Generated in DuckDB SQL by `benchmarks/committee_log_sql.py` (seed 7; the model of "
        "`benchmarks/committee_log.py`: committees of 1-8 contacts in roles, drop-off at every step, "
        "repeats, skipped steps, steps back, 15% blind-spot activities, surveys after the demo call, "
        "kickoff and first login), cached in benchmarks/data/measure/ until a generator changes.",
        "",
        "| log | events | accounts | survey answers | CSV | Parquet (zstd) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for lg in logs.values():
        csv_mb = lg.file("csv").stat().st_size / 1e6
        pq_mb = lg.file("parquet").stat().st_size / 1e6
        md.append(
            f"| `log-{lg.name}` | {lg.events:,} | {lg.accounts:,} | {lg.surveys:,} | {csv_mb:,.0f} MB | {pq_mb:,.0f} MB |"
        )
    if steps.get("statements"):
        total = steps["total"]
        rows = sorted(steps["statements"], key=lambda r: -r[0])
        md += [
            "",
            "### Where the time goes",
            "",
            f"One in-process `cjm measure` on the 10M Parquet log (the library call the command makes: "
            f"{total:.1f} s), the time of each SQL statement the engine ran, the largest first (tables: "
            "src/cjm/measure/sql.py):",
            "",
            "| statement | time | share |",
            "|---|---:|---:|",
        ]
        for secs, query in rows[:12]:
            md.append(f"| {statement_name(query)} | {secs:.2f} s | {secs / total:.0%} |")
        rest = sum(r[0] for r in rows[12:])
        md.append(f"| {len(rows) - 12} other statements | {rest:.2f} s | {rest / total:.0%} |")
    md += ["", *MEASURE_NOTES]
    return "\n".join(md) + "\n"


MEASURE_NOTES = [
    "### Notes on the engine (measured while changing it)",
    "",
    "The ratio compares all of `cjm measure` (reading and checking the input: unreadable and mixed-offset "
    "timestamps, repeated event ids; the map join; then about a dozen figure queries: funnel, dwell and "
    "days-to-next percentiles, distinct accounts and contacts per touchpoint, transitions, committee "
    "breadth, surveys, response rates) with two of its queries.",
    "",
    "- What changed (issue 12, second pass): the input is read in place: `ev` is a view over Parquet or a "
    "database table (a table only for CSV and JSON, which would be parsed again on every read), and the "
    "rows that count (`evw`) are a view unless some event id repeats. One grouped scan (`EVENTS_SCAN`) "
    "gives every check and the events per activity; the ordered table `w` is built from the input in one "
    "statement (filter, touchpoint join and window together: the copies `ev`, `evw` and `m` are gone); "
    "Parquet gives its own row numbers (`file_row_number`) for the input order, which keeps its scan "
    "parallel (5.1 s against 2.1 s to read 10M rows); accounts per activity are counted only for the "
    "activities some journey leaves unmapped; committee breadth is counted from the input, so `w` carries "
    "no roles; response rates only for touchpoints with survey answers.",
    "- Effect, in-process library call on the 10M Parquet log, at a quiet moment: 25.7 s before, 17.1 s "
    "after; peak RSS of the whole process 2.8 -> 1.8 GB (Parquet), 3.0 -> 2.4 GB (CSV).",
    "- Third pass (stop 22): text columns of a Parquet file or database table whose values need no "
    "normalising (never empty, no space at either end, ASCII only: one check, 0.4 s on 10M rows) are read "
    "as they are, instead of through `NULLIF(TRIM(...))` in each of the five statements that read the "
    "input (2.3 s on 10M events); a column that fails the check still goes through TRIM. `sm` finds each "
    "account's first event per stage among the stage runs, not among every event. In-process 10M Parquet: "
    "11.9 s -> 9.8 s, the figures byte-identical.",
    "- Tried and not kept (stop 22): an integer account key in `w` (`FIRST_VALUE(rn)`) for the distinct "
    "counts: no faster (DuckDB hashes short strings about as fast); the percentile query with its distinct "
    "count split out: no faster; breadth as `COUNT(DISTINCT role)` per account, or from distinct "
    "(account, activity, role) first: no faster, or slower.",
    "- Tried and not kept, timed side by side in one process: distinct counts as two plain aggregates "
    "(per account first, then per touchpoint): no faster; leaving the stage columns out of `w` and joining "
    "a touchpoint -> stage table in `sm`: `w` 10% cheaper, `sm` dearer by as much.",
    "- Why 2x is out of reach with these figures: the two queries of the target read two and four columns "
    "and do one window; `cjm measure` must also check every row, order each account's events with its "
    "contacts, and then group the ordered rows about ten ways (each distinct count over 10M rows is a "
    "hash aggregate of 1-3 s of CPU here). The sort of `w` alone costs as much as the transitions query; "
    "the rest are figures the two queries do not compute.",
    "- The floor (targets 6i-6l) says it with numbers: DuckDB alone, running each figure family of the "
    "contract once, as one query an analyst would write (with simpler definitions than the contract's), "
    "takes several times the two queries of the target. No implementation of these figures on this engine "
    "can come within 2x of the two queries; `cjm measure`, which also checks the input and computes the "
    "exact definitions, is compared with that floor in 6j and 6l.",
]


# --- where the time goes -----------------------------------------------------------------


def profiles(ws100: Path, can_validate: bool) -> dict[str, str]:
    out: dict[str, str] = {}
    if not can_validate:
        return out
    log("== profile: imports of `cjm validate <one file>` (python -X importtime, best of 3)")
    best: dict[str, int] = {}
    parents: dict[str, str] = {}
    code = f"import sys; sys.argv = ['cjm', 'validate', {EXAMPLE!r}]; from cjm.cli import run; run()"
    for _ in range(3):
        err = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
        ).stderr
        for line in err.splitlines():
            m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)", line)
            if m:
                name = m.group(4)
                best[name] = min(best.get(name, 10**9), int(m.group(1)))
                parents[name] = name.split(".")[0]
    groups: dict[str, int] = {}
    for name, us in best.items():
        top = parents[name]
        groups[top] = groups.get(top, 0) + us
    total = sum(groups.values())
    rows = sorted(groups.items(), key=lambda kv: -kv[1])[:12]
    lines = ["| package | import time (self, summed) |", "|---|---:|"]
    lines += [f"| {name} | {us / 1000:.1f} ms |" for name, us in rows]
    lines.append(f"| **all imports** | **{total / 1000:.0f} ms** |")
    out["imports"] = "\n".join(lines)

    log("== profile: cProfile of `cjm validate` on 100k touchpoints")
    with tempfile.TemporaryDirectory() as tmp:
        prof = Path(tmp) / "validate.prof"
        subprocess.run(
            [sys.executable, "-m", "cProfile", "-o", str(prof), "-m", "cjm", "validate", rel(ws100)],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )
        if prof.exists():
            out["phases"], out["top"] = summarize_profile(prof)
    return out


PHASES = [
    ("read and parse YAML (yamlread.parse_yaml)", "yamlread.py", "parse_yaml"),
    ("schema validation (pydantic model_validate)", "pydantic/main.py", "model_validate"),
    ("cross-references (references.check_references)", "references.py", "check_references"),
    ("lint rules (linter.lint)", "linter.py", "lint"),
    ("report (reporters)", "reporters/text.py", "report_text"),
]


def summarize_profile(prof: Path) -> tuple[str, str]:
    import pstats

    stats = pstats.Stats(str(prof))
    raw = stats.stats  # type: ignore[attr-defined]
    total = max(ct for (_, _, _, ct, _) in raw.values())
    lines = ["| phase | time under the profiler | share |", "|---|---:|---:|"]
    for label, file_part, func in PHASES:
        cum = sum(v[3] for (f, _, fn), v in raw.items() if fn == func and f.endswith(file_part))
        lines.append(f"| {label} | {cum:.2f} s | {cum / total:.0%} |")
    lines.append(f"| **whole process** | **{total:.2f} s** | 100% |")
    top = sorted(raw.items(), key=lambda kv: -kv[1][2])[:12]
    rows = ["| function | own time | calls |", "|---|---:|---:|"]
    for (f, line, fn), (_, nc, tt, _, _) in top:
        where = f"{Path(f).name}:{line}" if f != "~" else "built-in"
        rows.append(f"| `{fn}` ({where}) | {tt:.2f} s | {nc:,} |")
    return "\n".join(lines), "\n".join(rows)


# --- the loader against rapidyaml (issue 17) ---------------------------------------------

LOADER_HEADING = "## The loader against rapidyaml (issue 17)"


def loader_part(cjm: list[str], runs: int) -> str | None:
    """The loader spike's section: each loading stage on ws-100k, and where the parsers disagree."""
    if not has_rapidyaml():
        log("== loader: rapidyaml is not installed (pip install -e '.[bench]'); skipped")
        return None
    generate.generate(DATA)
    load_before = Path("/proc/loadavg").read_text().split()[:3] if Path("/proc/loadavg").exists() else []
    started = time.perf_counter()
    ws100 = rel(DATA / "ws-100k")
    whole = [
        Cmd("validate-100k", "`cjm validate` ws-100k", [*cjm, "validate", ws100]),
        Cmd("ryml-floor-100k", "rapidyaml floor ws-100k", [sys.executable, "-c", RYML_FLOOR, ws100]),
    ]
    if pyyaml_has_libyaml():
        whole.append(Cmd("floor-100k", "CSafeLoader floor ws-100k", [sys.executable, "-c", FLOOR, ws100]))
    log(f"== loader: whole processes on ws-100k, {runs} interleaved runs")
    measure(whole, runs)
    rows = [
        "| whole process | median wall | x rapidyaml | median CPU | x rapidyaml (CPU) |",
        "|---|---:|---:|---:|---:|",
    ]
    for c in whole:
        wall = f"{c.median / whole[1].median:.1f}x" if not (c.failed or whole[1].failed) else "failed"
        cpu = cpu_ratio(c, whole[1])
        rows.append(
            f"| {c.label} | {c.median:.2f} s | {wall} | {statistics.median(c.cpu):.2f} s | "
            f"{f'{cpu:.1f}x' if cpu is not None else ''} |"
        )
    log(f"== loader: benchmarks/loader_floor.py on ws-100k, {runs} interleaved runs")
    table = loader_floor.table(DATA / "ws-100k", runs)
    disagree = loader_floor.disagreements()
    load_after = Path("/proc/loadavg").read_text().split()[:3] if Path("/proc/loadavg").exists() else []
    return "\n".join(
        [
            LOADER_HEADING,
            "",
            "Written by `python benchmarks/run.py loader` (also part of `make bench`). "
            f"Run on {dt.date.today().isoformat()}, {runs} runs per stage, "
            f"{(time.perf_counter() - started) / 60:.0f} minutes in all. Load average before/after: "
            f"{' '.join(load_before) or '?'} / {' '.join(load_after) or '?'} (the machine is shared: the "
            "ratios, measured in the same run, are what counts).",
            "",
            "The target (1d above): `cjm validate` on `ws-100k` against rapidyaml parsing the same files, "
            "whole processes, interleaved:",
            "",
            *rows,
            "",
            "`benchmarks/loader_floor.py` on `ws-100k`: each stage in its own process, over the files read "
            "into memory first (start-up and reading excluded), the stages interleaved round by round; CPU "
            "time beside wall time, since on a shared machine waiting for a core inflates the wall time:",
            "",
            table,
            "",
            "Inputs where rapidyaml and cjm's loader do not agree on whether the YAML is well-formed "
            "(examples/ and the loader's corner cases, `loader_floor.py --accept`):",
            "",
            *([f"- {line}" for line in disagree] or ["- none"]),
            "",
            *LOADER_NOTES,
        ]
    )


LOADER_NOTES = [
    "### Why the loader stays on libyaml",
    "",
    "The spike measured first what sitting on rapidyaml (`ryml`, PyPI `rapidyaml`) could give (the "
    "table above). The target, `cjm validate` at <= 4x the rapidyaml floor (1d), cannot be met through "
    "its Python binding, and two of the loader's guarantees could not be kept:",
    "",
    "- **Cost**: the binding is SWIG, one Python call per question to a node (about 0.5 us each); the "
    "least conversion (three calls a node, nothing built) already takes 5 to 10 times the parse, a "
    "plain tree about twice that (table above), before positions, scalar types, interning, aliases and "
    "the checks. Schema validation, references "
    "and lint rules alone (about a fifth of `cjm validate` at 100k, 'Where the time goes' above) "
    "come to several times the rapidyaml floor too. Only a compiled extension that builds cjm's tree in C++ could get "
    "near the target; cjm ships no compiled code.",
    "- **Positions**: rapidyaml 0.15's Python API exposes no node locations (the C++ parser's "
    "`location()` is not wrapped); scalars are read-only memoryviews into the arena with no offset, and "
    "empty values and containers (`key:`, `[]`, a block sequence's `-`) have no text at all. Positions "
    "for every key, value and item, and so the findings' file:line:col, cannot be kept.",
    "- **Same findings**: rapidyaml accepts what YAML and libyaml reject (the list above: control "
    "characters, NUL, plain scalars starting with `@` or a backtick), which a scan of the text in "
    "Python would have to catch; it prints its own errors to stderr and raises exceptions with an "
    "empty message, so every file it rejects would need a re-parse with libyaml to give today's "
    "finding. Duplicate keys are kept (so they could be reported), aliases are "
    "left unresolved (so they could be counted), and comments are dropped (cjm finds suppression "
    "comments in the text, not through the parser).",
    "",
    "So the loader stays on ruamel.yaml.clib's libyaml event stream, and rapidyaml is only a "
    "benchmark dependency (the `bench` extra), for its floor.",
]


# --- output ------------------------------------------------------------------------------


def print_report(targets: list[Target], cmds: list[Cmd]) -> None:
    print()
    print(f"{'command':48} {'median':>9} {'min':>9} {'cpu':>9} {'rss':>8}  exit")
    for c in cmds:
        if not c.wall and not c.rss_mb:
            continue
        if not c.wall:
            print(f"{c.label:48} {'':>9} {'':>9} {'':>9} {c.rss_mb:6.0f}MB")
            continue
        rss = f"{c.rss_mb:.0f}MB" if c.rss_mb else ""
        codes = ",".join(str(x) for x in sorted(set(c.codes)))
        print(f"{c.label:48} {c.median:8.3f}s {min(c.wall):8.3f}s {statistics.median(c.cpu):8.3f}s {rss:>8}  {codes}")
    print()
    print(f"{'target':4} {'result':14} {'measured':>10} {'limit':>10}  what")
    for t in targets:
        print(f"{t.key:4} {t.result:14} {t.measured:>10} {t.limit:>10}  {t.text.replace('`', '')}")


def machine() -> list[str]:
    cpu = "unknown"
    info = Path("/proc/cpuinfo")
    if info.exists():
        m = re.search(r"^model name\s*:\s*(.+)$", info.read_text(), re.M)
        cpu = m.group(1).strip() if m else cpu
    ram = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        m = re.search(r"^MemTotal:\s*(\d+) kB", meminfo.read_text(), re.M)
        ram = f"{int(m.group(1)) / 1024 / 1024:.1f} GiB" if m else ""
    nproc = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    versions = package_versions()
    lines = [
        f"- CPU: {cpu}; `nproc` = {nproc}",
        f"- RAM: {ram}",
        f"- OS: {platform.platform()}",
        f"- Python: {platform.python_version()} ({platform.python_implementation()})",
        "- Packages: " + ", ".join(f"{k} {v}" for k, v in versions.items()),
    ]
    dot = shutil.which("dot")
    if dot:
        v = subprocess.run([dot, "-V"], capture_output=True, text=True, check=False).stderr.strip()
        lines.append(f"- Graphviz: {v}")
    return lines


def package_versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for name in (
        "cjm",
        "typer",
        "pydantic",
        "pydantic-core",
        "ruamel.yaml",
        "ruamel.yaml.clib",
        "rich",
        "jinja2",
        "graphviz",
        "PyYAML",
        "yamllint",
        "check-jsonschema",
        "rapidyaml",
    ):
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = "not installed"
    probe = "import yaml; print(yaml._yaml.get_version_string() if yaml.__with_libyaml__ else 'none')"
    libyaml = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=False).stdout.strip()
    out["libyaml (PyYAML)"] = libyaml or "none"
    return out


def data_description() -> list[str]:
    lines = ["| data set | touchpoints | files | YAML size |", "|---|---:|---:|---:|"]
    for name, total in generate.SIZES.items():
        ws = DATA / f"ws-{name}"
        files = list(ws.rglob("*.yaml"))
        size = sum(f.stat().st_size for f in files)
        lines.append(f"| `ws-{name}` | {total:,} | {len(files):,} | {size / 1e6:.1f} MB |")
    big = DATA / "render-1k" / "journey-1k.yaml"
    lines.append(f"| `render-1k/journey-1k.yaml` | 1,000 | 1 | {big.stat().st_size / 1e6:.2f} MB |")
    return lines


def write_markdown(
    targets: list[Target],
    cmds: list[Cmd],
    profile: dict[str, str],
    runs: int,
    elapsed: float,
    load_before: list[str],
    load_after: list[str],
) -> None:
    md = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`benchmarks/run.py`); do not edit by hand. Issues 7 and 17 set the targets.",
        f"Run on {dt.date.today().isoformat()}, {runs} runs per command (start-up: at least 15), "
        f"{elapsed / 60:.0f} minutes in all. Load average before/after: "
        f"{' '.join(load_before) or '?'} / {' '.join(load_after) or '?'}.",
        "",
        "Every figure is a whole process, as a user runs it. Commands that are compared ran interleaved in "
        "the same run (the order rotating each round), so the **ratios** are the result; absolute times "
        "move with whatever else the machine is doing.",
        "",
        "## Targets",
        "",
        *targets_table(targets, "see the profiles below"),
    ]
    md += [
        "",
        "## All measurements",
        "",
        "| command | median wall | min wall | median CPU | peak RSS | exit |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for c in cmds:
        if not c.wall and not c.rss_mb:
            continue
        if not c.wall:
            md.append(f"| {c.label} | | | | {c.rss_mb:.0f} MB | |")
            continue
        rss = f"{c.rss_mb:.0f} MB" if c.rss_mb else ""
        codes = ", ".join(str(x) for x in sorted(set(c.codes)))
        md.append(
            f"| {c.label} | {c.median:.3f} s | {min(c.wall):.3f} s | {statistics.median(c.cpu):.3f} s | {rss} | {codes} |"
        )
    md += [
        "",
        "Peers: `yamllint` with its default config (it exits 1 on the generated files: lines over 80 "
        "characters; it still reads all of them), and `check-jsonschema --schemafile "
        f"{SCHEMA}` on the journey files. The floor is PyYAML's `CSafeLoader` (libyaml) loading every YAML "
        "file of the workspace in one Python process, with no validation at all; the rapidyaml floor is "
        "`ryml.parse_in_arena` on every file's bytes in one process, building no Python objects.",
        "",
        "## Data",
        "",
        "Generated by `benchmarks/generate.py` (fixed seed): journeys of 20 to 80 touchpoints with personas "
        "(library and inline), owners, channels, customer actions, emotions, pain points, opportunities, "
        "metrics and targets, backstage, actions, `next` edges and YAML comments, at about 720 bytes per "
        "touchpoint (the hand-written examples: about 740). Valid and lint-clean. For `cjm diff`, "
        "`ws-10k-changed` and `ws-100k-changed` are copies with 2% of the journeys edited (emotions "
        "re-scored, names revised, actions closed, a touchpoint added).",
        "",
        *data_description(),
        "",
        "## Machine",
        "",
        *machine(),
        "",
        "## Where the time goes",
        "",
    ]
    if profile.get("imports"):
        md += [
            f"Start-up: what `cjm validate {EXAMPLE}` imports (`python -X importtime`, best of 3, "
            "self time summed per top-level package):",
            "",
            profile["imports"],
            "",
            "`cjm` is mostly pydantic building the schemas of the format models (`cjm.model`) and of the "
            "lint rules' options as they are imported. "
            "typer (0.29) builds a pydantic `TypeAdapter` for every command-line parameter, so pydantic is "
            "imported before cjm's own code runs. The console script gives typer only the command it runs "
            "(one command module, not ten), piped text output is written without rich, the lint rules do not "
            "load the formatter, and jinja2, graphviz and the render modules are not imported "
            "(`tests/test_startup.py`).",
            "",
        ]
    if profile.get("phases"):
        md += [
            "`cjm validate` on 100k touchpoints under cProfile (the profiler inflates Python-heavy parts):",
            "",
            profile["phases"],
            "",
            "Top functions by own time:",
            "",
            profile["top"],
            "",
        ]
    md += NOTES
    (ROOT / "BENCHMARKS.md").write_text("\n".join(md) + "\n", encoding="utf-8")


NOTES = [
    "## Notes on the loader",
    "",
    "Before the loader work of issue 7 (`src/cjm/{yamlread,positions,workspace}.py` as of commit "
    "084cc0b), on this machine in one interleaved run: `cjm validate` took 2.19 s on `ws-10k` and "
    "19.6 s on `ws-100k` (1.75x and 1.66x the floor), with a peak RSS of 1,167 MB on `ws-100k`, "
    "against 1.56 s, 13.7 s (1.25x, 1.17x) and 581 MB after it; the CLI's running without the cyclic "
    "GC came later (the tables above have the current figures).",
    "",
    "- cjm reads the C parser's event stream (`ruamel.yaml.clib`) and builds plain dicts and lists "
    "itself, keeping every key's and value's line and column; it never uses the round-trip loader. "
    "Creating the parser's event objects is about half of the parse; the loop over them is the rest.",
    "- Positions are packed (`line << 32 | column`) into one 64-bit array per mapping or list, and "
    "short scalars (ids, slugs) are interned: this halved peak memory on 100k touchpoints.",
    "- Python's cyclic garbage collector is paused while a workspace loads: the loaded tree has no "
    "cycles, and every automatic collection re-walked all of it (a third of the load time at 100k).",
    "",
    "## Notes on `cjm stats` (issue 17)",
    "",
    "`cjm stats` used to take 3 to 4x `cjm validate` (52.6 vs 13.5 s at 100k touchpoints in the table above, before this change): three quarters of it rich laying out the text tables, measuring and rendering every cell several times. In a pipe or a file nothing wraps, so the text reporter now lays the tables out as plain fixed-width columns computed once (`src/cjm/stats/report/layout.py`), writing the same bytes as rich (compared on the examples, on `ws-10k` and `ws-100k`, and by `tests/test_stats_layout.py`); what it cannot copy exactly (control characters, cells with leading or trailing blanks, an encoding rich would substitute the box for) is still left to rich, and a terminal still gets rich's tables and colour. Measured on 2026-12-03, CPU time (user + sys) of whole processes, interleaved, medians (5 rounds at 10k, 3 at 100k, the old reporter once at 100k), on a loaded machine (load average about 6 on 2 cores):",
    "",
    "| whole process | ws-10k CPU | x validate | ws-100k CPU | x validate | peak RSS 100k |",
    "|---|---:|---:|---:|---:|---:|",
    "| `cjm validate` | 2.48 s | 1.00x | 20.81 s | 1.00x | 646 MB |",
    "| `cjm stats`, rich tables (before) | 7.99 s | 3.22x | 71.43 s | 3.43x | 897 MB |",
    "| `cjm stats`, plain layout (after) | 2.29 s | 0.92x | 17.78 s | 0.85x | 728 MB |",
    "",
    "`cjm stats` loads and checks the workspace as `cjm validate` does but runs no lint rules, so with the report no longer dominating it is now a little faster than `cjm validate` (target 3d: <= 1.3x).",
]


if __name__ == "__main__":
    sys.exit(main())
