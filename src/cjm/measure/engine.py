"""The DuckDB engine: reads the inputs in place, checks them, builds the tables of `sql`
and runs the figure queries. Only aggregates come back to Python.

Everything engine-specific is here: how a file or table is read (with its input order as
an explicit row number), how timestamps are parsed, and how a small table made by cjm
(touchpoint and role maps) is handed over. The figure SQL itself is `sql`'s.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import UserError
from . import sql
from .sources import CatalogTable, Source, Table

SHOWN_ROWS = 3  # bad rows quoted in a message; the rest are counted
# A timestamp "has an offset" when a time of day is followed by Z or +hh[:mm] / -hh[:mm].
_AWARE = r"[0-9]:[0-9]{2}(:[0-9]{2}([.,][0-9]+)?)?\s*([zZ]|[+-][0-9]{2}(:?[0-9]{2})?)$"
_TIMESTAMP_TYPES = ("TIMESTAMP", "TIMESTAMP_NS", "TIMESTAMP_MS", "TIMESTAMP_S", "DATE")
Rows = list[tuple[Any, ...]]
INTEGER_TYPES = ("BIGINT", "INTEGER", "SMALLINT", "TINYINT", "HUGEINT", "UBIGINT", "UINTEGER", "INT", "LONG")
FILE_SHIFT = 1 << 40  # ordinality = file index * FILE_SHIFT + row: a file holds fewer rows


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def quote_text(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


@dataclass(frozen=True)
class Input:
    """A source opened by the engine: its relation (SQL), its columns, and how to name rows."""

    source: Source
    relation: str
    columns: dict[str, str]  # column name -> engine type
    origin: str

    def row_name(self, file: str | None, ordinal: int, first: dict[str, int]) -> str:
        """`file:ROW` for messages: CSV rows are counted as lines (the header is line 1),
        Parquet and JSON-lines rows from 1."""
        if isinstance(self.source, Table):
            return f"{self.source.shown}: row {ordinal}"
        from ..discovery import display_path

        offset = first.get(file or "", 1)
        row = ordinal - offset + (2 if self.source.format == "csv" else 1)
        return f"{display_path(Path(file)) if file else '?'}:{row}"


class Engine:
    """One in-memory DuckDB connection for one `cjm measure` run.

    The interface `collect` uses (open, plain_text, timestamp, stage, create, view, rows,
    run, load, drop, input_errors, bad_rows, first_rows, close) is also
    `spark.SparkEngine`'s.
    """

    name = "duckdb"

    def __init__(self, *, threads: int | None = None, on_step: Callable[[str], None] | None = None) -> None:
        import duckdb

        self._duckdb = duckdb
        self._spill = tempfile.mkdtemp(prefix="cjm-measure-")
        config: dict[str, Any] = {"temp_directory": self._spill}
        if threads:
            config["threads"] = threads
        self.con = duckdb.connect(":memory:", config=config)
        self.con.execute("SET TimeZone = 'UTC'")
        # No progress bar: DuckDB draws it on stdout during long queries, where a library
        # caller's (or `-f json`'s) output goes; cjm shows its own progress on stderr.
        self.con.execute("SET enable_progress_bar = false")
        self.on_step = on_step or (lambda _step: None)
        self._attached = 0
        self._views: set[str] = set()

    def close(self) -> None:
        self.con.close()
        shutil.rmtree(self._spill, ignore_errors=True)

    # --- running SQL ------------------------------------------------------------------

    def rows(self, query: str, step: str | None = None) -> Rows:
        if step:
            self.on_step(step)
        return self.con.execute(query).fetchall()

    def create(self, name: str, query: str, step: str | None = None) -> None:
        if step:
            self.on_step(step)
        self.con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS {query}")

    def stage(self, name: str, query: str, inp: Input, step: str | None = None) -> None:
        """The input rows as a relation later statements read several times: a view where
        DuckDB reads the input again cheaply (Parquet's columns, a database table), a table
        where every read would parse the text again (CSV, JSON)."""
        if _read_in_place(inp):
            if step:
                self.on_step(step)
            self.view(name, query)
        else:
            self.create(name, query, step)

    def view(self, name: str, query: str) -> None:
        self.con.execute(f"CREATE OR REPLACE TEMP VIEW {name} AS {query}")
        self._views.add(name)

    def drop(self, name: str) -> None:
        """A table (or view) no later query reads: a table's memory is freed for the next one."""
        if name in self._views:
            self._views.discard(name)
            self.con.execute(f"DROP VIEW {name}")
        else:
            self.con.execute(f"DROP TABLE {name}")

    def load(self, name: str, columns: Sequence[tuple[str, str]], rows: Sequence[tuple[Any, ...]]) -> None:
        """A small table made by cjm (touchpoint and role maps); types INTEGER or STRING."""
        spec = ", ".join(f"{c} {'VARCHAR' if t == 'STRING' else t}" for c, t in columns)
        self.con.execute(f"CREATE OR REPLACE TEMP TABLE {name} ({spec})")
        if rows:
            marks = ", ".join("?" for _ in columns)
            self.con.executemany(f"INSERT INTO {name} VALUES ({marks})", [list(r) for r in rows])

    # --- reading inputs ---------------------------------------------------------------

    def plain_text(self, inp: Input, columns: dict[str, str], step: str | None = None) -> set[str]:
        """The names (of `columns`: name -> column) whose values are already as cjm reads text
        (`sql.text`): never empty, no space at either end, so that it would change nothing.
        Those are read as they are: the input read in place is read by five statements, and a
        `TRIM` of every value in each took 2.3 s of 11.9 on 10M events (one check: 0.4 s).
        A CSV or JSON input is normalised once, as it is staged: checking it would parse the
        text again."""
        if not _read_in_place(inp):
            return set()
        plain = {name for name, column in columns.items() if inp.columns[column].upper() in INTEGER_TYPES}
        text = {name: quote_ident(c) for name, c in columns.items() if inp.columns[c].upper() == "VARCHAR"}
        if not text:
            return plain
        dirty = [f"SUM(CASE WHEN {c} = '' OR {c} LIKE ' %' OR {c} LIKE '% ' THEN 1 ELSE 0 END)" for c in text.values()]
        with self.input_errors(inp.source.shown):
            counts = self.rows(f"SELECT {', '.join(dirty)} FROM {inp.relation}", step)[0]
        return plain | {name for name, n in zip(text, counts, strict=True) if not n}

    def open(self, source: Source, origin: str) -> Input:
        if isinstance(source, CatalogTable):
            raise UserError(
                f"{origin}: '{source.shown}' is a Spark catalog table; measure it with --engine spark "
                "(DuckDB reads files, or a DuckDB database table as duckdb:FILE.db:TABLE)"
            )
        if isinstance(source, Table):
            alias = f"src{self._attached}"
            self._attached += 1
            with self.input_errors(source.shown):
                self.con.execute(f"ATTACH {quote_text(str(source.database))} AS {alias} (READ_ONLY)")
                names = [
                    r[0] for r in self.rows(f"SELECT table_name FROM duckdb_tables() WHERE database_name = '{alias}'")
                ]
            schema, _, table = source.table.rpartition(".")
            qualified = (
                f"{alias}.{quote_ident(schema)}.{quote_ident(table)}" if schema else f"{alias}.{quote_ident(table)}"
            )
            if table not in names:
                raise UserError(
                    f"{origin}: {source.database} has no table '{source.table}' (its tables: {', '.join(sorted(names)) or 'none'})"
                )
            relation = f"(SELECT *, rowid + 1 AS ordinality, CAST(NULL AS VARCHAR) AS __cjm_file FROM {qualified})"
        else:
            files = "[" + ", ".join(quote_text(str(p)) for p in source.paths) + "]"
            if source.format == "parquet":
                # The input order is (file, row in the file): Parquet gives the row number
                # itself, so the scan stays parallel (WITH ORDINALITY keeps the scan in order:
                # 5.1 s against 2.1 s for 10M events).
                reader = f"read_parquet({files}, filename = '__cjm_file', file_row_number = true)"
                index = " ".join(f"WHEN {quote_text(str(p))} THEN {i}" for i, p in enumerate(source.paths))
                shift = f"(CASE __cjm_file {index} END) * {FILE_SHIFT} + " if len(source.paths) > 1 else ""
                relation = (
                    f"(SELECT * EXCLUDE (file_row_number), {shift}file_row_number + 1 AS ordinality FROM {reader})"
                )
            else:
                reader = {
                    "csv": f"read_csv({files}, header = true, all_varchar = true, filename = '__cjm_file')",
                    "json": f"read_json({files}, format = 'newline_delimited', filename = '__cjm_file')",
                }[source.format]
                relation = f"(SELECT * FROM {reader} WITH ORDINALITY)"
        with self.input_errors(source.shown):
            described = self.rows(f"DESCRIBE SELECT * FROM {relation}")
        columns = {r[0]: str(r[1]) for r in described if r[0] not in ("__cjm_file", "ordinality")}
        return Input(source, relation, columns, origin)

    @contextmanager
    def input_errors(self, shown: str) -> Iterator[None]:
        try:
            yield
        except self._duckdb.Error as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise UserError(
                f"{shown}: cannot read it ({first}); check that it is a complete CSV, Parquet or JSON-lines file"
            ) from None

    def run(self, query: str, shown: str, step: str | None = None) -> Rows:
        """Run a query that reads an input file: a read error names the input."""
        with self.input_errors(shown):
            return self.rows(query, step)

    def timestamp(self, inp: Input, column: str) -> tuple[str, str]:
        """SQL for (epoch microseconds, offset kind) of a timestamp column: kind 1 = had a
        UTC offset, 0 = naive (read as UTC), NULL = empty or unparseable."""
        c = quote_ident(column)
        kind = inp.columns[column].upper()
        if kind == "VARCHAR":
            text = sql.text(c)
            parsed = f"TRY_CAST({text} AS TIMESTAMPTZ)"
            flag = f"CASE WHEN {parsed} IS NULL THEN NULL WHEN regexp_matches({text}, '{_AWARE}') THEN 1 ELSE 0 END"
            return f"epoch_us({parsed})", flag
        if kind.startswith("TIMESTAMP WITH TIME ZONE"):
            return f"epoch_us({c})", f"CASE WHEN {c} IS NULL THEN NULL ELSE 1 END"
        if kind in _TIMESTAMP_TYPES:
            return f"epoch_us(CAST({c} AS TIMESTAMPTZ))", f"CASE WHEN {c} IS NULL THEN NULL ELSE 0 END"
        shown = inp.source.shown
        raise UserError(
            f"{shown}: column '{column}' holds {kind} values, not timestamps; give ISO 8601 text "
            "(2026-03-01T09:30:00Z) or a timestamp column, or point columns.timestamp at another column"
        )

    def first_rows(self, inp: Input) -> dict[str, int]:
        """File -> its first ordinal (to turn the global row number into a row of the file)."""
        if isinstance(inp.source, Table):
            return {}
        rows = self.run(f"SELECT __cjm_file, MIN(ordinality) FROM {inp.relation} GROUP BY __cjm_file", inp.source.shown)
        return {r[0]: int(r[1]) for r in rows}

    def bad_rows(
        self, inp: Input, condition: str, columns: Sequence[str]
    ) -> tuple[int, list[tuple[str, tuple[Any, ...]]]]:
        return bad_rows(self, inp, condition, columns)


def bad_rows(
    engine: Any, inp: Input, condition: str, columns: Sequence[str]
) -> tuple[int, list[tuple[str, tuple[Any, ...]]]]:
    """Rows of the input where `condition` holds: how many, and the first few as
    (file:ROW, values of `columns`). Engine-neutral SQL: both engines use it."""
    cols = ", ".join(quote_ident(c) for c in columns) or "NULL"
    where = f"FROM {inp.relation} WHERE {condition}"
    total = int(engine.run(f"SELECT COUNT(*) {where}", inp.source.shown)[0][0])
    shown = engine.run(
        f"SELECT __cjm_file, ordinality, {cols} {where} ORDER BY ordinality LIMIT {SHOWN_ROWS}", inp.source.shown
    )
    first = engine.first_rows(inp) if shown else {}
    return total, [(inp.row_name(r[0], int(r[1]), first), tuple(r[2:])) for r in shown]


def _read_in_place(inp: Input) -> bool:
    """Whether DuckDB reads the input again cheaply (Parquet's columns, a database table)."""
    return isinstance(inp.source, Table) or inp.source.format == "parquet"


def sql_list(values: Sequence[int]) -> str:
    """An IN list that is never empty (-1 is no journey index)."""
    return ", ".join(str(v) for v in [-1, *values])


__all__ = ["Engine", "Input", "quote_ident", "quote_text", "sql", "sql_list"]
