"""Issue 17's loader spike: could cjm's loader sit on rapidyaml? Numbers first.

    python benchmarks/loader_floor.py WORKSPACE [--runs 3]     # a Markdown table on stdout

Each stage runs in its own process (fresh memory), round by round with the order rotating,
over every YAML file of WORKSPACE read into memory first; the time is that of the loop only,
not of the start-up. The stages:

- `rapidyaml parse`: `ryml.parse_in_arena` on each file's bytes: the parse floor.
- `rapidyaml + 3 calls a node`: the floor plus asking each node its type, key and value,
  the least any conversion to Python objects must do through rapidyaml's Python binding
  (SWIG); nothing is built.
- `rapidyaml -> dicts and lists`: a plain tree (text scalars, no positions, no types).
- `PyYAML CSafeLoader`: libyaml with plain Python objects, the issue 7 floor.
- `cjm parse_yaml`: cjm's loader (positions, aliases counted, core-schema scalars...).

`--accept` instead lists the inputs where rapidyaml and cjm's loader disagree on whether
the YAML is well-formed (examples/ and the loader's corner cases): for each, cjm's finding
would change if rapidyaml decided.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

STAGES = {
    "ryml": "rapidyaml parse (the floor)",
    "ryml-touch": "rapidyaml + 3 calls a node (type, key, value)",
    "ryml-tree": "rapidyaml -> dicts and lists (no positions)",
    "csafe": "PyYAML CSafeLoader",
    "cjm": "cjm parse_yaml (positions and every guarantee)",
}


def _touch(tree: object) -> None:
    kind, key, val = tree.type, tree.key, tree.val  # type: ignore[attr-defined]
    for node in range(tree.size()):  # type: ignore[attr-defined]
        kind(node)
        key(node)
        val(node)


def _tree(tree: object) -> object:
    import ryml

    t = tree
    is_map, is_seq, key, val = t.is_map, t.is_seq, t.key, t.val  # type: ignore[attr-defined]
    first, after, none = t.first_child, t.next_sibling, ryml.NONE  # type: ignore[attr-defined]

    def build(node: int) -> object:
        if is_map(node):
            out: dict[str, object] = {}
            child = first(node)
            while child != none:
                out[bytes(key(child)).decode()] = build(child)
                child = after(child)
            return out
        if is_seq(node):
            items = []
            child = first(node)
            while child != none:
                items.append(build(child))
                child = after(child)
            return items
        value = val(node)
        return None if value is None else bytes(value).decode()

    root = t.root_id()  # type: ignore[attr-defined]
    return build(first(root) if t.is_stream(root) else root)  # type: ignore[attr-defined]


def run_stage(stage: str, workspace: Path) -> tuple[float, float]:
    """Wall and CPU seconds for one stage over every file of the workspace, in this process."""
    import gc

    blobs = [p.read_bytes() for p in sorted(workspace.rglob("*.yaml"))]
    gc.disable()  # as the CLI runs
    if stage.startswith("ryml"):
        import ryml

        work = {"ryml": lambda b: ryml.parse_in_arena(b), "ryml-touch": lambda b: _touch(ryml.parse_in_arena(b))}
        work["ryml-tree"] = lambda b: _tree(ryml.parse_in_arena(b))
        step = work[stage]
    elif stage == "csafe":
        import yaml

        def step(b: bytes) -> object:
            return yaml.load(b, Loader=yaml.CSafeLoader)
    else:
        sys.path.insert(0, str(ROOT / "src"))
        from cjm.yamlread import parse_yaml

        def step(b: bytes) -> object:
            return parse_yaml(b.decode("utf-8-sig"))

    started, cpu = time.perf_counter(), time.process_time()
    for blob in blobs:
        step(blob)
    return time.perf_counter() - started, time.process_time() - cpu


def available(stage: str) -> bool:
    module = {"csafe": "yaml", "cjm": "cjm.yamlread"}.get(stage, "ryml")
    probe = subprocess.run([sys.executable, "-c", f"import {module}"], cwd=ROOT, capture_output=True, check=False)
    return probe.returncode == 0


def table(workspace: Path, runs: int) -> str:
    stages = [s for s in STAGES if available(s)]
    times: dict[str, list[float]] = {s: [] for s in stages}
    cpus: dict[str, list[float]] = {s: [] for s in stages}
    for r in range(runs):
        for stage in stages[r % len(stages) :] + stages[: r % len(stages)]:
            out = subprocess.run(
                [sys.executable, __file__, str(workspace), "--stage", stage],
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            wall, cpu = out.split()
            times[stage].append(float(wall))
            cpus[stage].append(float(cpu))
    # CPU time beside wall time: on a shared machine waiting for a core inflates the wall time.
    floor = statistics.median(times["ryml"]) if "ryml" in times else None
    cpu_floor = statistics.median(cpus["ryml"]) if "ryml" in cpus else None
    lines = [
        "| stage (in one process, start-up excluded) | median wall | x rapidyaml | median CPU | x rapidyaml (CPU) |",
        "|---|---:|---:|---:|---:|",
    ]
    for stage in stages:
        wall, cpu = statistics.median(times[stage]), statistics.median(cpus[stage])
        share = f"{wall / floor:.1f}x" if floor else ""
        cpu_share = f"{cpu / cpu_floor:.1f}x" if cpu_floor else ""
        lines.append(f"| {STAGES[stage]} | {wall:.2f} s | {share} | {cpu:.2f} s | {cpu_share} |")
    return "\n".join(lines)


# Inputs beyond examples/ whose reading the loader's tests pin down (tests/test_loader.py).
CORNERS = {
    "a tab as indentation": b"cjm: 1\ntouchpoints:\n\t- id: x\n",
    "an unclosed flow list": b"a: [1, 2\n",
    "an unterminated quoted string": b'a: "abc\n',
    "U+007F in a plain scalar": b"a: b \x7f\n",
    "a NUL byte": b"a: \x00\n",
    "a plain scalar starting with @ (reserved)": b"a: @x\n",
    "a plain scalar starting with ` (reserved)": b"a: `x\n",
    "a bad escape in a double-quoted string": b'a: "\\q"\n',
}


def disagreements() -> list[str]:
    """Inputs that rapidyaml and cjm's loader do not both accept or both reject."""
    import ryml

    sys.path.insert(0, str(ROOT / "src"))
    from cjm.yamlread import parse_yaml

    cases = {str(p.relative_to(ROOT)): p.read_bytes() for p in sorted((ROOT / "examples").rglob("*.yaml"))}
    cases.update(CORNERS)
    out = []
    saved, devnull = os.dup(2), os.open(os.devnull, os.O_WRONLY)
    for name, blob in cases.items():
        cjm_ok = not any(p.code == "syntax-error" for p in parse_yaml(blob.decode("utf-8-sig")).problems)
        os.dup2(devnull, 2)  # rapidyaml prints its parse errors to stderr itself
        try:
            ryml.parse_in_arena(blob)
            ryml_ok = True
        except Exception:
            ryml_ok = False
        finally:
            os.dup2(saved, 2)
        if cjm_ok != ryml_ok:
            verdict = {True: "accepts", False: "rejects"}
            out.append(f"{name}: cjm {verdict[cjm_ok]} it, rapidyaml {verdict[ryml_ok]} it")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("workspace", type=Path, nargs="?")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--stage", choices=list(STAGES), help=argparse.SUPPRESS)
    parser.add_argument("--accept", action="store_true", help="list inputs where rapidyaml and cjm disagree")
    args = parser.parse_args(argv)
    if args.accept:
        print("\n".join(disagreements()) or "none")
        return 0
    if args.workspace is None:
        parser.error("WORKSPACE is required")
    if args.stage:
        print("{:.4f} {:.4f}".format(*run_stage(args.stage, args.workspace)))
        return 0
    print(table(args.workspace, args.runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
