"""Formatting files in place: atomically, keeping permissions, only when they change."""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from ..findings import Finding, Severity
from ..output import FileChanged, replace_file
from ..workspace import SourceFile, load_paths
from .text import format_text
from .tree import FormatBug, FormatError

# Findings that mean the file could not be read as YAML at all: fmt leaves it untouched.
UNREADABLE_CODES = frozenset(
    {
        "syntax-error",
        "duplicate-key",
        "unsupported-tag",
        "nesting-too-deep",
        "alias-limit",
        "multiple-documents",
        "encoding",
        "binary-file",
        "file-too-large",
        "unreadable",
    }
)


Status = Literal["unchanged", "reformatted", "would-reformat", "skipped", "failed", "bug"]


@dataclass
class FileOutcome:
    display: str
    status: Status
    findings: list[Finding] = field(default_factory=list)
    diff: str = ""
    message: str = ""


def format_paths(
    paths: list[Path], *, write: bool = True, diff: bool = False, max_file_mb: float | None = None
) -> Iterator[FileOutcome]:
    """Format the files `cjm validate` would check for these paths (plus cjm.yaml when its
    workspace directory is given), yielding one outcome per file as it is done."""
    requested = [Path(os.path.abspath(p)) for p in paths] or None
    for ws in load_paths(paths, max_file_mb=max_file_mb):
        files = list(ws.target_files)
        config = ws.config_file
        if config is not None and (
            requested is None or config.path in requested or ws.root in requested or config.path in ws.targets
        ):
            files.append(config)
        for source in sorted(files, key=lambda f: f.display):
            yield _format_file(source, write=write, diff=diff)


def _format_file(source: SourceFile, *, write: bool, diff: bool) -> FileOutcome:
    unreadable = [f for f in source.findings if f.code in UNREADABLE_CODES]
    if unreadable or not source.readable:
        return FileOutcome(source.display, "failed", unreadable or source.findings)
    if source.data is None:
        return FileOutcome(source.display, "unchanged")
    if not (isinstance(source.data, dict) and "cjm" in source.data):
        # Every cjm file starts with `cjm: 1`. Other YAML (CI configs, docker-compose.yml)
        # follows its own conventions: a YAML 1.1 reader sees `"80:80"` unquoted as 4880.
        return FileOutcome(source.display, "skipped", message="not a cjm file (no top-level `cjm:` key)")
    try:
        result = format_text(source.text, source.kind, source.display, data=source.data)
    except FormatError as exc:
        return FileOutcome(source.display, "failed", exc.findings)
    except FormatBug as exc:
        return FileOutcome(source.display, "bug", message=str(exc))
    if not result.changed:
        return FileOutcome(source.display, "unchanged")
    outcome = FileOutcome(source.display, "reformatted" if write else "would-reformat")
    if diff:
        outcome.diff = unified_diff(source.text, result.text, source.display)
    if write:
        try:
            _write_in_place(source.path, source.text, result.text)
        except OSError as exc:
            finding = Finding(
                source.display, 1, 1, "unwritable", Severity.ERROR, f"cannot write this file: {exc.strerror or exc}"
            )
            return FileOutcome(source.display, "failed", [finding])
        except FileChanged:
            finding = Finding(
                source.display,
                1,
                1,
                "changed-meanwhile",
                Severity.ERROR,
                "the file changed while cjm fmt was formatting it; it was left as it is now, run cjm fmt again",
            )
            return FileOutcome(source.display, "failed", [finding])
    return outcome


def unified_diff(before: str, after: str, display: str) -> str:
    """`--- a/PATH` / `+++ b/PATH` diff, marking a last line without a line break as diff does."""
    lines = difflib.unified_diff(
        before.splitlines(keepends=True), after.splitlines(keepends=True), f"a/{display}", f"b/{display}"
    )
    return "".join(x if x.endswith("\n") else x + "\n\\ No newline at end of file\n" for x in lines)


def _write_in_place(path: Path, before: str, after: str) -> None:
    """Replace the file atomically, keeping its permission bits and byte order mark; a
    symlink keeps pointing at the formatted file. FileChanged if it is no longer `before`."""
    raw = Path(os.path.realpath(path)).read_bytes()
    bom = b"\xef\xbb\xbf" if raw.startswith(b"\xef\xbb\xbf") else b""
    if raw.decode("utf-8-sig", errors="replace") != before:
        raise FileChanged(f"{path} changed while cjm fmt was formatting it")
    replace_file(path, bom + after.encode("utf-8"), expected=raw)
