"""Find workspace roots and the YAML files in them, safely (symlink loops, hidden dirs)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

CONFIG_NAME = "cjm.yaml"
YAML_SUFFIXES = (".yaml", ".yml")
_SKIP_DIRS = frozenset({"node_modules", "__pycache__", "venv", "site-packages"})
# A directory holding one of these is a virtualenv (PEP 405) or a cache (the Cache Directory
# Tagging Specification, as written by pip, pytest, cargo...): never journey maps.
_MARKERS = {"pyvenv.cfg": "a Python virtualenv", "CACHEDIR.TAG": "a cache directory"}


def skip_reason(parent: str, name: str) -> str | None:
    """Why the directory `name` in `parent` is never searched for journey files (None: it is)."""
    if name.startswith("."):
        return "hidden directory"
    if name in _SKIP_DIRS:
        return f"{name} is never searched"
    for marker, what in _MARKERS.items():
        if os.path.isfile(os.path.join(parent, name, marker)):
            return f"{what} ({marker}), never searched"
    return None


def find_root(start: Path) -> Path | None:
    """The nearest directory at or above `start` that holds a `cjm.yaml`."""
    current = start if start.is_dir() else start.parent
    for candidate in (current, *current.parents):
        if (candidate / CONFIG_NAME).is_file():
            return candidate
    return None


def repository_root(start: Path) -> Path | None:
    """The top level of the git work tree holding `start` (`.git` is a directory, or a file
    in a worktree or submodule), found without running git."""
    current = start if start.is_dir() else start.parent
    for candidate in (current, *current.parents):
        if (candidate / ".git").exists():
            return candidate
    return None


SkipKind = Literal["directory", "file", "files"]


@dataclass(frozen=True)
class Skipped:
    """Something under a workspace root that was not read, and why (what `--verbose` lists).

    `kind` is a `directory` not searched, a `file` not read, or a directory's `files`: the
    count of its files that are not YAML, one entry per directory rather than one per file.
    """

    path: Path
    reason: str
    kind: SkipKind = "file"

    def __str__(self) -> str:
        slash = "" if self.kind == "file" else "/"
        return f"{display_path(self.path)}{slash}: {self.reason}"

    def walk_order(self) -> tuple[tuple[str, ...], int, str]:
        """Sort key giving the order of a top-down walk with sorted names: per directory, its
        skipped subdirectories, then its files by name, then its count of other files, then
        its subdirectories' entries (a path's parts sort before those of the paths below it)."""
        if self.kind == "files" or (self.kind == "directory" and self.reason == SYMLINK_LOOP):
            return (self.path.parts, 2 if self.kind == "files" else 0, "")
        return (self.path.parent.parts, 0 if self.kind == "directory" else 1, self.path.name)


SYMLINK_LOOP = "links back to a directory already read (symlink loop)"


def not_yaml(count: int) -> str:
    return f"{count} file{'s' if count != 1 else ''} not ending in .yaml or .yml"


def walk_yaml(
    directory: Path,
    loops: list[Path] | None = None,
    nested: list[Path] | None = None,
    skipped: list[Skipped] | None = None,
    requested: frozenset[Path] = frozenset(),
) -> list[Path]:
    """Every YAML file under `directory`, sorted; symlinked directories are followed once.

    A subdirectory with its own `cjm.yaml` is another workspace (a team's maps in a
    monorepo, say): its files are not walked here but its root is added to `nested`, the way
    git leaves a nested repository to itself. Files belong to their nearest `cjm.yaml`.

    `skipped` collects, during this one walk, every directory not searched and every file
    not returned, with the reason; files in `requested` are read whatever their name (they
    were named on the command line), so they are neither returned nor listed as skipped.
    """
    found: list[Path] = []
    seen: set[str] = set()
    for dirpath, dirnames, filenames in os.walk(directory, followlinks=True):
        real = os.path.realpath(dirpath)
        if real in seen:
            # Only a link back to an ancestor is a loop worth a warning; a link to a sibling
            # already read (pytest-current, a `latest` link) is an alias, read once, silently.
            parent = os.path.realpath(os.path.dirname(dirpath))
            if loops is not None and (parent == real or parent.startswith(real.rstrip(os.sep) + os.sep)):
                loops.append(Path(dirpath))
            if skipped is not None:
                skipped.append(Skipped(Path(dirpath), SYMLINK_LOOP, "directory"))
            dirnames[:] = []
            continue
        seen.add(real)
        keep = []
        for d in sorted(dirnames):
            reason = skip_reason(dirpath, d)
            if reason is None and os.path.isfile(os.path.join(dirpath, d, CONFIG_NAME)):
                if nested is not None:
                    nested.append(Path(dirpath, d))
                reason = f"another workspace (it has its own {CONFIG_NAME})"
            if reason is None:
                keep.append(d)
            elif skipped is not None:
                skipped.append(Skipped(Path(dirpath, d), reason, "directory"))
        dirnames[:] = keep
        found.extend(Path(dirpath, f) for f in filenames if f.endswith(YAML_SUFFIXES) and not f.startswith("."))
        if skipped is not None:
            _skipped_files(Path(dirpath), filenames, requested, skipped)
    return sorted(found)


def _skipped_files(directory: Path, filenames: list[str], requested: frozenset[Path], out: list[Skipped]) -> None:
    other = 0
    for name in filenames:
        if Path(directory, name) in requested:
            continue
        if not name.endswith(YAML_SUFFIXES):
            other += 1
        elif name.startswith("."):
            out.append(Skipped(Path(directory, name), "hidden file"))
    if other:
        out.append(Skipped(directory, not_yaml(other), "files"))


def nested_roots(directory: Path) -> list[Path]:
    """Workspace roots below `directory` (at any depth, including roots nested in roots)."""
    roots: list[Path] = []
    pending = [directory]
    while pending:
        found: list[Path] = []
        walk_yaml(pending.pop(), nested=found)
        roots.extend(found)
        pending.extend(found)
    return sorted(roots)


@lru_cache(maxsize=256)
def _glob_regex(pattern: str) -> re.Pattern[str]:
    """Glob with `**` (any number of directories), `*` and `?` within one path segment."""
    out = []
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out) + r"\Z")


def matches(relative: str, patterns: Iterable[str]) -> bool:
    rel = relative.removeprefix("./")
    return any(_glob_regex(p.removeprefix("./")).match(rel) for p in patterns)


def relative_posix(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def display_path(path: Path) -> str:
    """How a file is named in findings: relative to the current directory when below it."""
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()
