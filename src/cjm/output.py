"""Writing files: atomically (temp file + rename), and only where cjm was asked to write."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from .discovery import display_path
from .errors import UserError


class FileChanged(UserError):
    """The file is no longer what cjm read: someone else wrote it meanwhile."""


def safe_target(directory: Path, name: str) -> Path:
    """`directory/name`, refusing names that would escape `directory` (`../`, absolute)."""
    base = directory.resolve()
    target = (base / name).resolve()
    if not target.is_relative_to(base) or target == base:
        raise UserError(f"refusing to write '{name}': it would land outside the output directory {directory}")
    return target


def write_atomic(directory: Path, name: str, content: str | bytes) -> Path:
    """Write `directory/name` (never outside `directory`) so that an interrupted run never
    leaves half a file."""
    target = safe_target(directory, name)
    target.parent.mkdir(parents=True, exist_ok=True)
    replace_file(target, content.encode("utf-8") if isinstance(content, str) else content)
    return target


def replace_file(path: Path, content: bytes, *, expected: bytes | None = None) -> None:
    """Replace `path` via a temp file in its directory and a rename.

    A symlink keeps pointing at the replaced file; an existing file keeps its permission
    bits, a new one gets the usual umask-based mode (mkstemp's 0600 would hide published
    reports). With `expected`, the file must still hold those bytes, or FileChanged.
    """
    target = Path(os.path.realpath(path))
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    if expected is not None and target.read_bytes() != expected:
        raise FileChanged(
            f"{display_path(path)} changed while cjm was working on it; nothing was written, run cjm again"
        )
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(content)
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
