"""Property tests: whatever bytes reach the loader, the user gets findings (or a valid model)
at real positions, never an exception; line endings do not move positions (issue 7)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cjm
from cjm.workspace import SourceFile, parse_source
from cjm.yamlread import parse_yaml

from .conftest import EXAMPLES, ROOT

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FEW = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

JOURNEYS = sorted((EXAMPLES / "journeys").glob("*.yaml"))
EVERY_EXAMPLE = sorted(p for p in EXAMPLES.rglob("*.yaml"))
TEXTS = {p.name: p.read_text(encoding="utf-8") for p in JOURNEYS}

# YAML's line breaks (libyaml counts these; positions are lines of the file in this sense).
_BREAKS = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")


def yaml_lines(text: str) -> int:
    return len(_BREAKS.split(text))


def raw_lines(raw: bytes) -> int:
    return raw.count(b"\n") + 1


def parse(raw: bytes, name: str = "input.yaml") -> SourceFile:
    return parse_source(raw, SourceFile(path=Path(name), display=name))


def assert_findings_or_model(source: SourceFile, raw: bytes) -> None:
    assert source.findings or source.model is not None
    try:
        limit = max(yaml_lines(raw.decode("utf-8-sig")), raw_lines(raw))
    except UnicodeDecodeError:
        limit = raw_lines(raw)
    for f in source.findings:
        assert f.line >= 1 and f.column >= 1, f
        assert f.line <= limit, (f, limit)


# --- arbitrary input ---------------------------------------------------------------------

# Fragments of real and broken YAML, so that generated input gets past the first character.
FRAGMENTS = st.sampled_from(
    [
        "cjm: 1\n",
        "id: j\n",
        "title: T\n",
        "stages: b2b-7\n",
        "personas: [a, {id: b}]\n",
        "touchpoints:\n  - id: t\n    stage: awareness\n    name: N\n",
        "  - id: t\n",
        "    emotion: 9\n",
        "    next: [t, x]\n",
        "a: &x {k: v}\n",
        "b: *x\n",
        "c:\n  <<: *x\n",
        "<<: 3\n",
        "d: !!int x\n",
        "e: !!python/object:os.system ls\n",
        "? [k]\n: v\n",
        "---\n",
        "...\n",
        "f: |\n  text\n",
        "g: *missing\n",
        "h: [\n",
        "i: }\n",
        "\t- tab\n",
        "- item\n",
        "j: 2026-13-45\n",
        "k: 1e400\n",
        "%TAG ! tag:x,2000:\n",
        "&a [*a]\n",
        "l: 'unterminated\n",
        '"m": "\\xZZ"\n',
        "n: \u00e9\u2028o: p\n",
        "# comment only\n",
        "\ufeffq: bom\n",
    ]
)
YAMLISH = st.builds(lambda parts, junk: "".join(parts) + junk, st.lists(FRAGMENTS, max_size=10), st.text(max_size=30))


@SETTINGS
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_give_findings_or_a_model(raw):
    assert_findings_or_model(parse(raw), raw)


@SETTINGS
@given(st.text(max_size=2000))
def test_arbitrary_text_gives_findings_or_a_model(text):
    raw = text.encode("utf-8")
    assert_findings_or_model(parse(raw), raw)
    result = parse_yaml(text)  # the reader alone: problems or data, never an exception
    for p in result.problems:
        assert p.line >= 0 and p.column >= 0


@SETTINGS
@given(YAMLISH)
def test_yaml_like_input_gives_findings_or_a_model(text):
    raw = text.encode("utf-8")
    assert_findings_or_model(parse(raw), raw)


# --- mutated examples --------------------------------------------------------------------

_KEY = re.compile(r"^(\s*)(- )?([A-Za-z_][\w-]*):(.*)$")
_ITEM = re.compile(r"^(\s*)- ")
SCALARS = ["123", "-1", "1.5", ".inf", "true", "null", "~", '""', "''", "[a, b]", "{x: 1}", "2026-01-01", "x y z"]


def _block_end(lines: list[str], start: int, indent: int) -> int:
    """Index after the block that starts at `start` (lines indented deeper than `indent`)."""
    end = start + 1
    while end < len(lines) and (not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip()) > indent):
        end += 1
    return end


@st.composite
def mutation(draw, text: str) -> str:
    lines = text.split("\n")
    kind = draw(st.sampled_from(["delete-key", "retype", "duplicate-item", "insert-line", "truncate"]))
    if kind == "truncate":
        return text[: draw(st.integers(0, len(text)))]
    if kind == "insert-line":
        at = draw(st.integers(0, len(lines)))
        return "\n".join([*lines[:at], draw(st.text(max_size=60).map(lambda s: s.replace("\n", " "))), *lines[at:]])
    keys = [i for i, line in enumerate(lines) if _KEY.match(line)]
    items = [i for i, line in enumerate(lines) if _ITEM.match(line)]
    if kind == "duplicate-item" and items:
        i = draw(st.sampled_from(items))
        end = _block_end(lines, i, len(lines[i]) - len(lines[i].lstrip()))
        return "\n".join([*lines[:end], *lines[i:end], *lines[end:]])
    if not keys:
        return text
    i = draw(st.sampled_from(keys))
    m = _KEY.match(lines[i])
    assert m is not None
    indent, dash, key = m.group(1), m.group(2) or "", m.group(3)
    if kind == "delete-key":
        end = _block_end(lines, i, len(indent) + len(dash))
        return "\n".join([*lines[:i], *lines[end:]])
    lines[i] = f"{indent}{dash}{key}: {draw(st.sampled_from(SCALARS))}"
    return "\n".join(lines)


@st.composite
def mutated_example(draw) -> tuple[str, str]:
    name = draw(st.sampled_from(sorted(TEXTS)))
    text = TEXTS[name]
    for _ in range(draw(st.integers(1, 3))):
        text = draw(mutation(text))
    return name, text


@SETTINGS
@given(mutated_example())
def test_mutated_examples_give_findings_or_a_model_at_real_positions(example):
    name, text = example
    raw = text.encode("utf-8")
    assert_findings_or_model(parse(raw, name), raw)


def _example_workspace(tmp: Path) -> Path:
    """A copy of the example workspace without journeys: cjm.yaml and the persona library."""
    shutil.copy(EXAMPLES / "cjm.yaml", tmp / "cjm.yaml")
    shutil.copytree(EXAMPLES / "personas", tmp / "personas")
    (tmp / "journeys").mkdir()
    return tmp


@FEW
@given(mutated_example())
def test_mutated_examples_validate_and_lint_without_exceptions(example):
    name, text = example
    with tempfile.TemporaryDirectory() as tmp:
        path = _example_workspace(Path(tmp)) / "journeys" / name
        path.write_bytes(text.encode("utf-8"))
        findings = cjm.validate(cjm.load_workspace(path), lint=True)
    lines = yaml_lines(text)
    for f in findings:
        assert f.line >= 1 and f.column >= 1, f
        if f.file.endswith(name):
            assert f.line <= lines, (f, lines)


# --- line endings, NUL bytes -------------------------------------------------------------


def _findings(root: Path) -> list[tuple[str, int, int, str, str]]:
    """Findings with the copy's directory taken out (messages name other files' paths)."""
    ws = cjm.load_workspace(root)
    base = str(root if root.is_dir() else root.parent)
    return [
        (Path(f.file).name, f.line, f.column, f.code, f.message.replace(base, "<dir>"))
        for f in cjm.validate(ws, lint=True)
    ]


@pytest.mark.parametrize("folder", ["", "invalid"], ids=["examples", "invalid"])
def test_crlf_line_endings_give_the_same_findings(tmp_path, folder):
    source = EXAMPLES / folder if folder else EXAMPLES
    lf, crlf = tmp_path / "lf", tmp_path / "crlf"
    shutil.copytree(source, lf)
    shutil.copytree(source, crlf)
    for path in crlf.rglob("*.yaml"):
        path.write_bytes(path.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))
    if folder:  # each invalid example on its own, as its README lists them
        for path in sorted(lf.glob("*.yaml")):
            assert _findings(path) == _findings(crlf / path.name), path.name
    else:
        assert _findings(lf) == _findings(crlf)


@pytest.mark.parametrize("example", [p.name for p in JOURNEYS])
def test_a_nul_byte_anywhere_is_reported_where_it_is(tmp_path, example):
    text = TEXTS[example]
    at = len(text) // 2
    raw = text[:at].encode() + b"\x00" + text[at:].encode()
    source = parse(raw, example)
    assert [f.code for f in source.findings] == ["binary-file"]
    prefix = text[:at]
    assert (source.findings[0].line, source.findings[0].column) == (
        prefix.count("\n") + 1,
        len(prefix) - (prefix.rfind("\n") + 1) + 1,
    )


# --- the command line never shows a traceback ---------------------------------------------


def _flow_list_cut(text: str) -> int:
    """An offset a few characters into the first `[...]` after `touchpoints:`."""
    return text.index("[", text.index("touchpoints:")) + 5


HOSTILE = {
    "random-bytes.yaml": bytes(range(256)) * 4,
    "nul.yaml": TEXTS["saas-subscription.yaml"].encode().replace(b"\nstages:", b"\n\x00stages:"),
    "crlf.yaml": TEXTS["buying-jobs.yaml"].replace("\n", "\r\n").encode(),
    # Cut inside the first flow list of a touchpoint, wherever edits above it moved it.
    "truncated.yaml": TEXTS["industrial-equipment.yaml"][: _flow_list_cut(TEXTS["industrial-equipment.yaml"])].encode(),
    "not-utf8.yaml": TEXTS["saas-subscription.yaml"].encode().replace(b"Tom\xc3\xa1s", b"Tom\xe1s"),
    "deep.yaml": b"a: " + b"[" * 5000 + b"]" * 5000 + b"\n",
    "bomb.yaml": b"a: &a [x, x, x, x, x, x, x, x, x]\n"
    + b"".join(f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n".encode() for i in range(8)),
    "retyped.yaml": TEXTS["account-management-current.yaml"].replace("touchpoints:", "touchpoints: 3\nx:", 1).encode(),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_the_cli_reports_hostile_files_without_a_traceback(tmp_path, name):
    root = _example_workspace(tmp_path)
    path = root / "journeys" / name
    path.write_bytes(HOSTILE[name])
    result = subprocess.run(
        [sys.executable, "-m", "cjm", "validate", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    expected = (0,) if name == "crlf.yaml" else (1, 2)  # CRLF is fine; the others are broken
    assert result.returncode in expected, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stdout + result.stderr
    assert "internal error" not in result.stderr
    if result.returncode:
        assert f"{name}:" in result.stdout  # the finding names the file (and a position)
