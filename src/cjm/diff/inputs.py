"""What `cjm diff` compares: operands resolved to two sides of loaded workspaces.

Three ways in:
- `from_operands(OLD, NEW)`: files or directories on disk, or `REV:PATH` read from git.
  Two files are two versions of one map, compared even when their journey ids differ;
  two directories are matched journey by journey, by id.
- `from_git(BASE, HEAD, paths)`: two revisions of the repository around the current
  directory, read from git objects; HEAD None means the working tree as it is on disk
  (untracked journey files included: they are part of the workspace cjm sees).
- `from_driver(args)`: git's external diff calling convention (`diff.<driver>.command`):
  `path old-file old-hex old-mode new-file new-hex new-mode [new-path xfrm]`. The temporary
  files are parsed as versions of `path`, in the context (config, persona libraries) of the
  working tree's workspace.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..discovery import CONFIG_NAME, find_root
from ..errors import UserError
from ..gitsource import GitRepo, load_tree, looks_like_blob_id, split_rev_path
from ..workspace import Kind, SourceFile, Workspace, load_paths, parse_source

NULL_FILE = "/dev/null"


@dataclass
class Side:
    label: str
    workspaces: list[Workspace]
    is_file: bool = False


def _one_space(_: Workspace) -> str:
    return ""


@dataclass
class Comparison:
    old: Side
    new: Side
    pair_by_position: bool = False
    key: Callable[[Workspace], str] = field(default=_one_space)


def _side(operand: str, max_file_mb: float | None) -> Side:
    split = split_rev_path(operand)
    if split is None:
        path = Path(operand)
        return Side(operand, load_paths([path], max_file_mb=max_file_mb), path.is_file())
    rev, raw = split
    repo = GitRepo()
    rel = repo.rev_path(raw)
    workspaces = load_tree(repo, rev, [rel], label=rev, max_file_mb=max_file_mb)
    if not workspaces:
        raise UserError(f"'{raw}' does not exist in {rev}; paths in REV:PATH are relative to the repository root")
    return Side(operand, workspaces, repo.is_file(rev, rel))


def from_operands(old: str, new: str, *, max_file_mb: float | None = None) -> Comparison:
    a, b = _side(old, max_file_mb), _side(new, max_file_mb)
    if a.is_file != b.is_file:
        kinds = {True: "a file", False: "a directory"}
        raise UserError(
            f"{old} is {kinds[a.is_file]} but {new} is {kinds[b.is_file]}; "
            "compare a file with a file, or a directory with a directory"
        )
    return Comparison(a, b, pair_by_position=a.is_file)


def from_git(
    base: str, head: str | None = None, paths: list[str] | None = None, *, max_file_mb: float | None = None
) -> Comparison:
    repo = GitRepo()
    if paths:
        rels = [repo.relative(p) for p in paths]
    else:
        cwd = Path.cwd()
        rels = [repo.relative(str(find_root(cwd) or cwd))]
    old = Side(base, load_tree(repo, base, rels, label=base, max_file_mb=max_file_mb))
    if head is not None:
        new = Side(head, load_tree(repo, head, rels, label=head, max_file_mb=max_file_mb))
    else:
        on_disk = [repo.root / r for r in rels if (repo.root / r).exists()]
        new = Side("working tree", load_paths(on_disk, max_file_mb=max_file_mb) if on_disk else [])
    for given, rel in zip(paths or [], rels, strict=False):
        in_new = repo.exists(head, rel) if head is not None else (repo.root / rel).exists()
        if not repo.exists(base, rel) and not in_new:
            raise UserError(f"{given}: not found in {base} nor in {head or 'the working tree'}")

    def key(ws: Workspace) -> str:
        # Workspaces of both sides are named by their root relative to the repository.
        return Path(os.path.relpath(os.path.realpath(ws.root), os.path.realpath(repo.root))).as_posix()

    return Comparison(old, new, key=key)


def looks_like_driver(args: list[str]) -> bool:
    """True for git's 7 (or 9, for renames) external-diff arguments."""
    if len(args) not in (7, 9):
        return False
    _, _, old_hex, old_mode, _, new_hex, new_mode = args[:7]
    return all(looks_like_blob_id(h) or h == "." for h in (old_hex, new_hex)) and all(
        m == "." or (m.isdigit() and len(m) == 6) for m in (old_mode, new_mode)
    )


def from_driver(args: list[str], *, max_file_mb: float | None = None) -> Comparison:
    if len(args) not in (7, 9):
        raise UserError(
            f"--git-driver expects git's 7 arguments (path old-file old-hex old-mode new-file new-hex new-mode), "
            f"got {len(args)}; configure it with: git config diff.cjm.command 'cjm diff --git-driver'"
        )
    path, old_file, new_file = args[0], args[1], args[4]
    new_path = args[7] if len(args) == 9 else path
    context = _context(Path(new_path))
    return Comparison(
        Side(f"a/{path}", [_with_file(context, Path(path), old_file, f"a/{path}", max_file_mb)], True),
        Side(f"b/{new_path}", [_with_file(context, Path(path), new_file, f"b/{new_path}", max_file_mb)], True),
        pair_by_position=True,
    )


def _context(path: Path) -> Workspace:
    """The working tree's workspace around `path` (which may no longer exist)."""
    directory = Path(os.path.abspath(path)).parent
    while not directory.exists() and directory != directory.parent:
        directory = directory.parent
    root = find_root(directory) or directory
    return load_paths([root])[0]


def _with_file(context: Workspace, path: Path, content_file: str, display: str, max_file_mb: float | None) -> Workspace:
    """`context` with the file at `path` replaced by the bytes of `content_file` (or absent)."""
    target = Path(os.path.abspath(path))
    files = [f for f in context.files if f.path != target]
    ws = Workspace(
        root=context.root,
        config=context.config,
        config_file=context.config_file,
        files=files,
        targets=set(),
        notes=[],
    )
    if content_file == NULL_FILE:
        return ws
    limit = int((max_file_mb or context.config.max_file_mb) * 1e6)
    src = SourceFile(path=target, display=display)
    try:
        raw = Path(content_file).read_bytes()
    except OSError as exc:
        raise UserError(f"{content_file}: cannot read: {exc.strerror or exc}") from None
    if len(raw) > limit:
        src.error("file-too-large", f"file is {len(raw) / 1e6:.1f} MB, over the {limit / 1e6:g} MB limit")
        src.readable = False
    else:
        kind: Kind | None = "config" if target.name == CONFIG_NAME else None
        parse_source(raw, src, kind)
    ws.files = sorted([*files, src], key=lambda f: f.path)
    ws.targets = {target}
    return ws.bind()
