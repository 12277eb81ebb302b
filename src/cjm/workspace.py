"""Load a workspace: find its files, read them safely, classify and validate each one."""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ValidationError

from .discovery import (
    CONFIG_NAME,
    Skipped,
    display_path,
    find_root,
    matches,
    nested_roots,
    relative_posix,
    walk_yaml,
)
from .errors import UserError
from .findings import Finding, Severity
from .model import DEFAULT_CONFIG, Config, Journey, PersonaLibrary
from .schema_errors import findings_from_error
from .yamlread import parse_yaml

Kind = Literal["journey", "personas", "config"]


@dataclass
class SourceFile:
    """One YAML file: its text, parsed data (with positions), model if valid, findings."""

    path: Path
    display: str
    kind: Kind = "journey"
    text: str = ""
    data: Any = None
    model: BaseModel | None = None
    findings: list[Finding] = field(default_factory=list)
    readable: bool = True

    @property
    def journey(self) -> Journey | None:
        return self.model if isinstance(self.model, Journey) else None

    def error(
        self, code: str, message: str, line: int = 1, column: int = 1, severity: Severity = Severity.ERROR
    ) -> None:
        self.findings.append(Finding(self.display, line, column, code, severity, message))


@dataclass
class Workspace:
    """A workspace root, its config and files. `targets` are the files a command reports on."""

    root: Path
    config: Config = field(default_factory=lambda: DEFAULT_CONFIG)
    config_file: SourceFile | None = None
    files: list[SourceFile] = field(default_factory=list)
    targets: set[Path] = field(default_factory=set)
    notes: list[Finding] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    """What under the root was not read or was left out, and why, in walk order (`--verbose`).
    Recorded while the files are found, so it can only explain the loader's choices."""

    @property
    def journeys(self) -> list[SourceFile]:
        return [f for f in self.files if f.kind == "journey"]

    @property
    def libraries(self) -> list[SourceFile]:
        return [f for f in self.files if f.kind == "personas"]

    @property
    def target_files(self) -> list[SourceFile]:
        return [f for f in self.files if f.path in self.targets]

    def valid_journeys(self) -> list[tuple[SourceFile, Journey]]:
        """Target journeys that passed schema validation, in file order."""
        return [(f, f.journey) for f in self.target_files if f.journey is not None]

    def sources(self) -> dict[str, str]:
        """Display name -> text of the files a reporter may quote (targets and cjm.yaml)."""
        files = [*self.target_files, *([self.config_file] if self.config_file else [])]
        return {f.display: f.text for f in files}

    @property
    def files_checked(self) -> int:
        """What every reporter counts: the target files, and cjm.yaml (checked too)."""
        return len(self.target_files) + (self.config_file is not None)

    @property
    def config_valid(self) -> bool:
        """False when cjm.yaml exists but did not validate: its names (stage models, roles,
        owners) are unknown, so references to them are not judged until it is fixed."""
        return self.config_file is None or isinstance(self.config_file.model, Config)

    def bind(self) -> Workspace:
        """Give each valid journey what lives in cjm.yaml (the stages of `stages: NAME`).

        Called once the config and files are read, by whatever built the workspace."""
        for f in self.files:
            if f.journey is not None:
                f.journey.bind_stage_models(self.config.stage_models)
        return self

    @property
    def unreadable(self) -> bool:
        return any(not f.readable for f in self.target_files) or (
            self.config_file is not None and not self.config_file.readable
        )


def read_source(path: Path, *, max_bytes: int, kind: Kind | None = None) -> SourceFile:
    """Read and parse one file; every problem becomes a finding on the returned SourceFile."""
    source = SourceFile(path=path, display=display_path(path))
    try:
        size = path.stat().st_size
        if size > max_bytes:
            source.error(
                "file-too-large",
                f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:g} MB limit; split it, or raise max_file_mb in cjm.yaml",
            )
            source.readable = False
            return source
        raw = path.read_bytes()
    except OSError as exc:
        source.error(
            "unreadable", f"cannot read this file: {exc.strerror or exc}; check that it exists and is readable"
        )
        source.readable = False
        return source
    return parse_source(raw, source, kind)


def parse_source(raw: bytes, source: SourceFile, kind: Kind | None = None) -> SourceFile:
    """Decode, parse and validate bytes that came from anywhere (a file, a git object).

    No file I/O: `source` names the bytes (`path`, `display`) and receives the findings.
    """
    text = _decode(raw, source)
    if text is None:
        return source
    source.text = text
    parsed = parse_yaml(text)
    for p in parsed.problems:
        source.error(p.code, p.message, p.line + 1, p.column + 1)
    if parsed.problems and parsed.data is None:
        return source
    if parsed.empty or parsed.data is None:
        source.error(
            "empty-file",
            "file is empty; a journey needs at least `cjm: 1`, `id`, `title`, `stages`, `personas` and `touchpoints`",
        )
        return source
    source.data = parsed.data
    if not isinstance(parsed.data, dict):
        what = "a list" if isinstance(parsed.data, list) else f"the single value {parsed.data!r}"
        source.error(
            "not-a-mapping",
            f"the top level of a cjm file must be a mapping (`cjm: 1`, `id: ...`, ...), but this file holds {what}",
        )
        return source
    source.kind = kind or classify(parsed.data)
    model: type[BaseModel] = {"journey": Journey, "personas": PersonaLibrary, "config": Config}[source.kind]
    try:
        source.model = model.model_validate(parsed.data)
    except ValidationError as exc:
        source.findings.extend(findings_from_error(exc, parsed.data, source.display, model))
    return source


# Longest first: the UTF-32 LE mark starts with the UTF-16 LE one.
_WIDE_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32 (little-endian)"),
    (b"\x00\x00\xfe\xff", "UTF-32 (big-endian)"),
    (b"\xff\xfe", "UTF-16 (little-endian)"),
    (b"\xfe\xff", "UTF-16 (big-endian)"),
)


def _wide_encoding(raw: bytes) -> str | None:
    """UTF-16/UTF-32 text (what Notepad and Excel call "Unicode"), by its byte-order mark or,
    without one, by where the NUL bytes of ASCII characters fall (as the YAML spec detects it)."""
    for bom, name in _WIDE_BOMS:
        if raw.startswith(bom):
            return name
    head = raw[:4]
    if len(head) == 4:
        nul = tuple(b == 0 for b in head)
        patterns = {
            (True, True, True, False): "UTF-32 (big-endian)",
            (False, True, True, True): "UTF-32 (little-endian)",
            (True, False, True, False): "UTF-16 (big-endian)",
            (False, True, False, True): "UTF-16 (little-endian)",
        }
        return patterns.get(nul)
    return None


def _decode(raw: bytes, source: SourceFile) -> str | None:
    wide = _wide_encoding(raw)
    if wide is not None:
        source.error(
            "encoding",
            f'file is {wide} text (what Notepad and Excel call "Unicode"); cjm reads UTF-8: save it '
            "as UTF-8 (in Notepad: File > Save as > Encoding: UTF-8)",
            1,
            1,
        )
        return None
    if b"\x00" in raw:
        line, col = _line_col(raw, raw.index(b"\x00"))
        source.error(
            "binary-file",
            "this looks like a binary file (it contains NUL bytes), not YAML text; remove it from the journey globs or fix its content",
            line,
            col,
        )
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, col = _line_col(raw, exc.start)
        source.error("encoding", f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save it as UTF-8", line, col)
        return None
    return text


def _line_col(raw: bytes, offset: int) -> tuple[int, int]:
    before = raw[:offset]
    line_start = before.rfind(b"\n") + 1
    column = len(before[line_start:].decode("utf-8", errors="replace")) + 1
    return before.count(b"\n") + 1, column


def classify(data: dict[str, Any]) -> Kind:
    """A library has `personas` and no `id`/`touchpoints`; anything else is read as a journey."""
    if "personas" in data and "id" not in data and "touchpoints" not in data and "stages" not in data:
        return "personas"
    return "journey"


def load_workspace(path: str | os.PathLike[str] = ".", *, max_file_mb: float | None = None) -> Workspace:
    """Load the workspace at or containing `path`, reporting on `path` (a file or directory)."""
    workspaces = load_paths([Path(path)], max_file_mb=max_file_mb)
    return workspaces[0]


def load_paths(
    paths: list[Path], *, max_file_mb: float | None = None, on_file: Callable[[int, int], None] | None = None
) -> list[Workspace]:
    """Load every workspace the given paths belong to; each path's files become targets.

    With no paths, the workspace containing the current directory is loaded whole.
    Raises UserError for a path that does not exist. `on_file(n, total)` is called after
    the n-th of a workspace's `total` files is read (a progress bar's hook).
    """
    if not paths:
        cwd = Path.cwd()
        paths = [find_root(cwd) or cwd]
    by_root: dict[Path, list[Path]] = {}
    for p in paths:
        p = Path(os.path.abspath(p))
        if not p.exists():
            raise UserError(
                f"{display_path(p)}: no such file or directory; pass a journey file or a workspace directory"
            )
        root = find_root(p) or (p if p.is_dir() else p.parent)
        by_root.setdefault(root, []).append(p)
        if p.is_dir():
            # Workspaces nested below a requested directory are loaded on their own, each
            # with its config and its persona ids (two teams may both have a `cfo`).
            for nested in nested_roots(p):
                by_root.setdefault(nested, []).append(nested)
    with no_cyclic_gc():
        return [_load(root, requested, max_file_mb, on_file) for root, requested in sorted(by_root.items())]


@contextmanager
def no_cyclic_gc() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while building a large tree of objects.

    Loading keeps every parsed value alive, and each automatic collection re-walks all of
    them: on a 100,000-touchpoint workspace that was a third of the load time. The loaded
    data holds no reference cycles (plain dicts, lists, scalars and models), so nothing
    is lost by not looking for them; reference counting still frees memory as usual, and
    the collector is switched back on (if it was on) when the block ends.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _load(
    root: Path, requested: list[Path], max_file_mb: float | None, on_file: Callable[[int, int], None] | None = None
) -> Workspace:
    ws = Workspace(root=root)
    config_path = root / CONFIG_NAME
    limit = int((max_file_mb or DEFAULT_CONFIG.max_file_mb) * 1e6)
    if config_path.is_file():
        ws.config_file = read_source(config_path, max_bytes=limit, kind="config")
        if isinstance(ws.config_file.model, Config):
            ws.config = ws.config_file.model
            if max_file_mb is None:
                limit = int(ws.config.max_file_mb * 1e6)
    loops: list[Path] = []
    explicit = frozenset(req for req in requested if req.is_file())
    everything = walk_yaml(root, loops, skipped=ws.skipped, requested=explicit)
    workspace_files = _workspace_files(ws, everything)
    targets: set[Path] = set()
    for req in requested:
        if req.is_file():
            targets.add(req)
        elif req == root:
            targets.update(workspace_files)
        else:
            targets.update(p for p in walk_yaml(req, loops) if p.name != CONFIG_NAME)
    for loop in sorted(set(loops)):
        ws.notes.append(
            Finding(
                display_path(loop),
                1,
                1,
                "symlink-loop",
                Severity.WARNING,
                "this directory links back to one already read (a symlink loop); it was skipped",
            )
        )
    library_globs = ws.config.personas or []
    to_read = [p for p in sorted(set(workspace_files) | targets) if p != config_path]
    if ws.config.journeys is not None:
        unread = set(everything) - set(to_read) - {config_path}
        reason = f"not matched by the journeys/personas globs in {CONFIG_NAME}"
        ws.skipped += [Skipped(path, reason) for path in unread]
    for n, path in enumerate(to_read, 1):
        rel = relative_posix(path, root)
        kind: Kind | None = "personas" if library_globs and matches(rel, library_globs) else None
        source = read_source(path, max_bytes=limit, kind=kind)
        if ws.config_file is None and path not in explicit and not looks_like_cjm(source.data):
            # Without a cjm.yaml every YAML file under the directory is a candidate, and a
            # repository's other YAML (docker-compose.yml, CI configs) is not a broken journey.
            reason = "not a cjm file (no top-level `cjm:` key, and no stages, personas or touchpoints)"
            ws.skipped.append(Skipped(path, reason))
            targets.discard(path)
        else:
            ws.files.append(source)
        if on_file is not None:
            on_file(n, len(to_read))
    ws.targets = targets
    ws.skipped.sort(key=Skipped.walk_order)
    return ws.bind()


def looks_like_cjm(data: Any) -> bool:
    """Parsed YAML that is meant as a cjm file: it has `cjm:`, or the keys of a journey or
    library (a journey that lacks `cjm: 1` is still reported, as a journey). Unparsed files
    (data None) count as cjm files, so their syntax errors are not hidden."""
    if data is None:
        return True
    return isinstance(data, dict) and any(k in data for k in ("cjm", "stages", "personas", "touchpoints"))


def _workspace_files(ws: Workspace, everything: list[Path]) -> list[Path]:
    """Files that make up the workspace: config globs, else every YAML file but cjm.yaml."""
    everything = [p for p in everything if p.name != CONFIG_NAME]
    globs = [*(ws.config.journeys or []), *(ws.config.personas or [])]
    if ws.config.journeys is None:
        return everything
    return [p for p in everything if matches(relative_posix(p, ws.root), globs)]
