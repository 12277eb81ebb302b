"""Writing output files: atomically, and only inside the chosen output directory."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import UserError


def safe_target(directory: Path, name: str) -> Path:
    """`directory/name`, refusing names that would escape `directory` (`../`, absolute)."""
    base = directory.resolve()
    target = (base / name).resolve()
    if not target.is_relative_to(base) or target == base:
        raise UserError(f"refusing to write '{name}': it would land outside the output directory {directory}")
    return target


def write_atomic(directory: Path, name: str, content: str | bytes) -> Path:
    """Write via a temp file and rename, so an interrupted run never leaves half a file."""
    target = safe_target(directory, name)
    target.parent.mkdir(parents=True, exist_ok=True)
    data = content.encode("utf-8") if isinstance(content, str) else content
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        # mkstemp creates 0600; published reports need the usual umask-based mode.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
