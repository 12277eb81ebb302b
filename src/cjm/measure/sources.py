"""Which files (or which DuckDB or Spark table) an input location names, and in what format."""

from __future__ import annotations

import glob
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ..discovery import display_path
from ..errors import UserError

Format = Literal["csv", "parquet", "json"]
_SUFFIXES: dict[str, Format] = {
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "csv",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".json": "json",
    ".jsonl": "json",
    ".ndjson": "json",
}
_TABLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$")


@dataclass(frozen=True)
class Files:
    """Data files of one format, in a stable order (their order is the input order)."""

    paths: tuple[Path, ...]
    format: Format

    def display(self, index: int) -> str:
        return display_path(self.paths[index])

    @property
    def shown(self) -> str:
        return self.display(0) if len(self.paths) == 1 else f"{self.display(0)} (+{len(self.paths) - 1} more)"


@dataclass(frozen=True)
class Table:
    """A table of a DuckDB database file, read in place (opened read-only)."""

    database: Path
    table: str

    @property
    def shown(self) -> str:
        return f"duckdb:{display_path(self.database)}:{self.table}"


@dataclass(frozen=True)
class CatalogTable:
    """A table of the Spark catalog (`table:db.events`): a lake or warehouse table."""

    table: str

    @property
    def shown(self) -> str:
        return f"table:{self.table}"


Source = Files | Table | CatalogTable


def resolve_source(locations: tuple[str, ...], base: Path, origin: str) -> Source:
    """Expand globs (relative to `base`) into files, or name a DuckDB table."""
    if len(locations) == 1 and locations[0].startswith("duckdb:"):
        return _table(locations[0], base, origin)
    if len(locations) == 1 and locations[0].startswith("table:"):
        name = locations[0].removeprefix("table:")
        if not _TABLE.match(name):
            raise UserError(
                f"{origin}: '{locations[0]}' is not table:NAME or table:DATABASE.NAME (e.g. table:crm.events)"
            )
        return CatalogTable(name)
    paths: list[Path] = []
    for loc in locations:
        if loc.startswith(("duckdb:", "table:")):
            raise UserError(f"{origin}: '{loc}' must be the only input (a table is not combined with files)")
        pattern = loc if os.path.isabs(loc) else str(base / loc)
        found = sorted(Path(p) for p in glob.glob(pattern, recursive=True) if os.path.isfile(p))
        if not found:
            what = "matches no file" if glob.has_magic(loc) else "does not exist"
            raise UserError(f"{origin}: '{loc}' {what} (looked in {display_path(base)}); check the path")
        paths += [p for p in found if p not in paths]
    formats = {p: _format(p, origin) for p in paths}
    kinds = sorted(set(formats.values()))
    if len(kinds) > 1:
        raise UserError(
            f"{origin}: the files mix formats ({', '.join(kinds)}); give one format per input, "
            f"e.g. convert them all to Parquet"
        )
    for p in paths:
        if p.stat().st_size == 0:
            raise UserError(f"{display_path(p)}: the file is empty; remove it from {origin} or fill it")
    return Files(tuple(paths), kinds[0])


def _format(path: Path, origin: str) -> Format:
    suffixes = [s.lower() for s in path.suffixes]
    for suffix in reversed(suffixes):
        if suffix in _SUFFIXES:
            return _SUFFIXES[suffix]
        if suffix not in (".gz", ".zst"):
            break
    raise UserError(
        f"{display_path(path)}: cannot tell the format from its name; name it .csv, .parquet or .jsonl ({origin})"
    )


def _table(location: str, base: Path, origin: str) -> Table:
    _, _, rest = location.partition(":")
    database, sep, table = rest.rpartition(":")
    if not sep or not database or not _TABLE.match(table):
        raise UserError(f"{origin}: '{location}' is not duckdb:FILE.db:TABLE (e.g. duckdb:warehouse.db:events)")
    path = Path(database) if os.path.isabs(database) else base / database
    if not path.is_file():
        raise UserError(f"{origin}: the DuckDB file {display_path(path)} does not exist; check the path")
    return Table(path, table)
