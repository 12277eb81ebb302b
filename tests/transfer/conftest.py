"""Helpers for the import/export tests: run the CLI, import a sheet's text in one call."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from typer.testing import CliRunner

from cjm.cli import app
from cjm.csvio import Imported, read_rows, rows_to_journey

runner = CliRunner()


@contextmanager
def cwd(path: Path) -> Iterator[None]:
    before = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(before)


def cli(*args: str | Path, cwd_to: Path | None = None):
    """Run `cjm ARGS` in-process (stdout and stderr kept apart)."""
    if cwd_to is None:
        return runner.invoke(app, [str(a) for a in args])
    with cwd(cwd_to):
        return runner.invoke(app, [str(a) for a in args])


def import_text(text: str | bytes, **options) -> Imported:
    """Import a sheet given as CSV text, as `cjm import csv` would."""
    raw = text.encode("utf-8") if isinstance(text, str) else text
    options.setdefault("journey_id", "workshop")
    options.setdefault("title", "Workshop")
    return rows_to_journey(read_rows(raw, name="sheet.csv"), **options)


def valid_journey(text: str, channels: tuple[str, ...] = ()):
    """The Journey that YAML `text` holds, after asserting that `cjm validate` (schema and
    references, no lint) finds nothing in it, alone in a workspace allowing `channels`."""
    import tempfile

    import cjm

    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "imported.yaml"
        if channels:
            (path.parent / "cjm.yaml").write_text(f"cjm: 1\nchannels: [{', '.join(channels)}]\n", encoding="utf-8")
        path.write_text(text, encoding="utf-8")
        ws = cjm.load_workspace(path)
        assert cjm.validate(ws, lint=False) == [], text
        return ws.valid_journeys()[0][1]
