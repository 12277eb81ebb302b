"""Workspaces read straight from git objects: no checkout, so it works in a dirty tree.

`load_tree(repo, rev, paths)` mirrors `workspace.load_paths` for a revision: the same
workspace roots (the nearest `cjm.yaml` at or above a path), the same file discovery (config
globs, hidden and vendored directories skipped) and the same parsing (`parse_source`), so a
revision and a working tree that hold the same bytes load to the same workspace. Files are
listed with one `git ls-tree` and read with one `git cat-file --batch`, whatever their number.

Paths are repo-relative POSIX strings ("" is the repo root). Symbolic links and submodules
in a revision are skipped: their targets are not part of the revision's tree.
"""

from __future__ import annotations

import os
import posixpath
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .discovery import _SKIP_DIRS, CONFIG_NAME, YAML_SUFFIXES, matches
from .errors import UserError
from .model import DEFAULT_CONFIG, Config
from .workspace import Kind, SourceFile, Workspace, parse_source

_REGULAR_FILE_MODES = frozenset({"100644", "100755"})
_HEX = re.compile(r"^[0-9a-f]{40}([0-9a-f]{24})?$")


@dataclass(frozen=True)
class TreeEntry:
    path: str
    sha: str
    size: int


class GitRepo:
    """The git repository around `cwd`, driven through the `git` command."""

    def __init__(self, cwd: Path | None = None) -> None:
        self.cwd = Path(cwd or Path.cwd())
        proc = self._run("rev-parse", "--show-toplevel", "--show-prefix", check=False)
        if proc.returncode != 0:
            raise UserError(
                f"{self.cwd} is not inside a git repository; --git and REV:PATH operands read revisions "
                "from the repository around the current directory"
            )
        lines = proc.stdout.decode("utf-8", "surrogateescape").split("\n")
        self.root = Path(lines[0])
        self.prefix = lines[1] if len(lines) > 1 else ""  # cwd relative to the root, with a "/"
        self._trees: dict[str, dict[str, TreeEntry]] = {}
        self._revs: dict[str, str] = {}

    def _run(self, *args: str, stdin: bytes | None = None, check: bool = True) -> subprocess.CompletedProcess[bytes]:
        try:
            proc = subprocess.run(["git", *args], cwd=self.cwd, input=stdin, capture_output=True, check=False)
        except FileNotFoundError:
            raise UserError("git is not installed (or not on PATH); --git and REV:PATH operands need it") from None
        if check and proc.returncode != 0:
            message = proc.stderr.decode("utf-8", "replace").strip().splitlines()
            raise UserError(f"git {args[0]} failed: {message[-1] if message else f'exit {proc.returncode}'}")
        return proc

    def tree(self, rev: str) -> str:
        """The tree id of `rev`; a clear UserError when git does not know the revision."""
        if rev in self._revs:
            return self._revs[rev]
        if not rev or rev.startswith("-") or "\n" in rev or "\x00" in rev:
            raise UserError(f"invalid revision {rev!r}; name a branch, tag or commit, e.g. origin/main")
        proc = self._run("rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{tree}}", check=False)
        if proc.returncode != 0:
            raise UserError(
                f"unknown revision '{rev}'; check the name with `git branch -a` or `git log --oneline`, "
                "or fetch it first (in CI: actions/checkout with fetch-depth: 0)"
            )
        self._revs[rev] = proc.stdout.decode().strip()
        return self._revs[rev]

    def entries(self, tree: str) -> dict[str, TreeEntry]:
        """Regular files of a tree by repo-relative path, with their blob id and size."""
        if tree not in self._trees:
            out = self._run("ls-tree", "-r", "-l", "-z", "--full-tree", tree).stdout
            found: dict[str, TreeEntry] = {}
            for record in out.split(b"\x00"):
                if not record:
                    continue
                meta, _, raw_path = record.partition(b"\t")
                mode, kind, sha, size = meta.decode().split()
                if kind == "blob" and mode in _REGULAR_FILE_MODES:
                    path = raw_path.decode("utf-8", "surrogateescape")
                    found[path] = TreeEntry(path, sha, int(size))
            self._trees[tree] = found
        return self._trees[tree]

    def exists(self, rev: str, rel: str) -> bool:
        """Whether `rel` is a file or a directory in revision `rev`."""
        entries = self.entries(self.tree(rev))
        if rel == "" or rel in entries:
            return True
        prefix = rel.rstrip("/") + "/"
        return any(p.startswith(prefix) for p in entries)

    def is_file(self, rev: str, rel: str) -> bool:
        return rel in self.entries(self.tree(rev))

    def blobs(self, shas: list[str]) -> dict[str, bytes]:
        """Contents of many blobs through one `git cat-file --batch`."""
        wanted = list(dict.fromkeys(shas))
        if not wanted:
            return {}
        out = self._run("cat-file", "--batch", stdin="".join(f"{s}\n" for s in wanted).encode()).stdout
        found: dict[str, bytes] = {}
        pos = 0
        for sha in wanted:
            end = out.index(b"\n", pos)
            header = out[pos:end].split()
            pos = end + 1
            if len(header) < 3:  # "<sha> missing"
                continue
            size = int(header[2])
            found[sha] = out[pos : pos + size]
            pos += size + 1
        return found

    def relative(self, path: str) -> str:
        """A path as written on the command line (relative to cwd) -> repo-relative POSIX."""
        absolute = os.path.normpath(os.path.join(os.path.abspath(self.cwd), path))
        root = os.path.normpath(os.path.realpath(self.root))
        # The cwd may be reached through a symlink while git reports the real root.
        real = os.path.normpath(os.path.join(os.path.realpath(self.cwd), path))
        for candidate in (real, absolute):
            rel = os.path.relpath(candidate, root)
            if rel == ".":
                return ""
            if not rel.startswith(".."):
                return Path(rel).as_posix()
        raise UserError(f"{path}: outside the git repository at {self.root}")

    def rev_path(self, path: str) -> str:
        """The PATH of a REV:PATH operand, as git reads it: repo-relative, or cwd-relative
        when it starts with ./ or ../."""
        if path.startswith(("./", "../")) or path in (".", ".."):
            rel = posixpath.normpath(posixpath.join(self.prefix, path))
            if rel.startswith(".."):
                raise UserError(f"{path}: outside the git repository at {self.root}")
            return "" if rel == "." else rel
        return posixpath.normpath(path).lstrip("/") if path not in ("", "/") else ""


def split_rev_path(operand: str) -> tuple[str, str] | None:
    """`origin/main:journeys/a.yaml` -> ("origin/main", "journeys/a.yaml"); None for a plain
    path. An operand that exists on disk is always a path, even if it contains a colon."""
    if os.path.exists(operand) or ":" not in operand:
        return None
    rev, _, path = operand.partition(":")
    return (rev, path) if rev else None


def looks_like_blob_id(value: str) -> bool:
    return bool(_HEX.match(value))


def _visible(relative: str) -> bool:
    """The filter of `discovery.walk_yaml`: no hidden or vendored directories, no hidden files."""
    *dirs, name = relative.split("/")
    if name.startswith(".") or not name.endswith(YAML_SUFFIXES):
        return False
    return not any(d.startswith(".") or d in _SKIP_DIRS for d in dirs)


def _under(directory: str, path: str) -> str | None:
    if not directory:
        return path
    return path[len(directory) + 1 :] if path.startswith(directory + "/") else None


def _parent(path: str) -> str:
    return posixpath.dirname(path)


def _join(directory: str, name: str) -> str:
    return f"{directory}/{name}" if directory else name


def load_tree(
    repo: GitRepo, rev: str, paths: list[str], *, label: str | None = None, max_file_mb: float | None = None
) -> list[Workspace]:
    """The workspaces that `paths` (repo-relative) belong to in revision `rev`.

    Paths that do not exist in the revision are skipped (the caller decides whether that is an
    error). Files are displayed as `LABEL:path` (git's own REV:PATH notation).
    """
    entries = repo.entries(repo.tree(rev))
    dirs = {""}
    for p in entries:
        d = _parent(p)
        while d not in dirs:
            dirs.add(d)
            d = _parent(d)
    config_dirs = _config_dirs(entries)
    by_root: dict[str, list[str]] = {}
    for rel in paths:
        if rel in entries:
            start = _parent(rel)
        elif rel in dirs:
            start = rel
            # As on disk (`discovery.walk_yaml`): workspaces nested below a requested
            # directory are loaded on their own.
            for nested in config_dirs:
                if nested != rel and _under(rel, nested) is not None:
                    by_root.setdefault(nested, []).append(nested)
        else:
            continue
        root = _find_root(start, entries)
        by_root.setdefault(root if root is not None else start, []).append(rel)
    return [
        _load_root(repo, entries, root, requested, label or rev, max_file_mb)
        for root, requested in sorted(by_root.items(), key=lambda item: Path(item[0]))
    ]


def _config_dirs(entries: dict[str, TreeEntry]) -> list[str]:
    """Directories (repo-relative) that hold a cjm.yaml: the workspace roots of the tree."""
    return sorted(_parent(p) for p in entries if posixpath.basename(p) == CONFIG_NAME)


def _in_nested(root: str, path: str, config_dirs: set[str]) -> bool:
    """Whether `path` (below `root`) belongs to a workspace nested inside `root`'s."""
    directory = _parent(path)
    while directory != root and directory:
        if directory in config_dirs:
            return True
        directory = _parent(directory)
    return False


def _find_root(start: str, entries: dict[str, TreeEntry]) -> str | None:
    current: str | None = start
    while current is not None:
        if _join(current, CONFIG_NAME) in entries:
            return current
        current = None if current == "" else _parent(current)
    return None


def _load_root(
    repo: GitRepo,
    entries: dict[str, TreeEntry],
    root: str,
    requested: list[str],
    label: str,
    max_file_mb: float | None,
) -> Workspace:
    base = repo.root / root if root else repo.root
    ws = Workspace(root=base)
    limit = int((max_file_mb or DEFAULT_CONFIG.max_file_mb) * 1e6)

    def source(rel: str) -> SourceFile:
        return SourceFile(path=repo.root / rel, display=f"{label}:{rel}")

    config_rel = _join(root, CONFIG_NAME)
    if config_rel in entries:
        ws.config_file = _parse(repo, entries[config_rel], source(config_rel), limit, "config")
        if isinstance(ws.config_file.model, Config):
            ws.config = ws.config_file.model
            if max_file_mb is None:
                limit = int(ws.config.max_file_mb * 1e6)

    config_dirs = set(_config_dirs(entries))

    def yaml_under(directory: str) -> list[str]:
        found = []
        for p in entries:
            rel = _under(directory, p)
            if (
                rel is not None
                and _visible(rel)
                and posixpath.basename(p) != CONFIG_NAME
                and not _in_nested(root, p, config_dirs)
            ):
                found.append(p)
        return found

    everything = yaml_under(root)
    globs = [*(ws.config.journeys or []), *(ws.config.personas or [])]
    if ws.config.journeys is None:
        workspace_files = everything
    else:
        workspace_files = [p for p in everything if matches(_under(root, p) or p, globs)]
    targets: set[str] = set()
    for req in requested:
        if req in entries:
            targets.add(req)
        elif req == root:
            targets.update(workspace_files)
        else:
            targets.update(yaml_under(req))
    library_globs = ws.config.personas or []
    chosen = sorted((set(workspace_files) | targets) - {config_rel}, key=Path)
    small = [p for p in chosen if entries[p].size <= limit]
    contents = repo.blobs([entries[p].sha for p in small])
    for rel in chosen:
        kind: Kind | None = "personas" if library_globs and matches(_under(root, rel) or rel, library_globs) else None
        ws.files.append(_parse(repo, entries[rel], source(rel), limit, kind, contents.get(entries[rel].sha)))
    ws.targets = {repo.root / t for t in targets}
    return ws.bind()


def _parse(
    repo: GitRepo, entry: TreeEntry, src: SourceFile, limit: int, kind: Kind | None, raw: bytes | None = None
) -> SourceFile:
    if entry.size > limit:
        src.error(
            "file-too-large",
            f"file is {entry.size / 1e6:.1f} MB, over the {limit / 1e6:g} MB limit; split it, or raise max_file_mb in cjm.yaml",
        )
        src.readable = False
        return src
    if raw is None:
        raw = repo.blobs([entry.sha]).get(entry.sha, b"")
    return parse_source(raw, src, kind)
