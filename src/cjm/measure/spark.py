"""The Spark engine: the same tables and the same figure SQL (`sql`) as DuckDB, on Spark.

Local mode (`--spark-master local[2]`) starts a JVM; `--spark-remote sc://HOST:PORT` talks
to a Spark Connect server (a cluster). Only what differs between the engines lives here:
how inputs are read, how timestamps are parsed, how a small table is handed over, how a
table is kept (`CACHE TABLE`, so later queries do not recompute it). The figure queries are
`sql`'s text, run unchanged; `tests/measure/test_engines.py` holds the two engines to equal
results, row for row.

Input order, which the arithmetic needs for ties, is explicit: each file is read as its own
DataFrame into one unsplit partition, so `monotonically_increasing_id()` is the row's number
in its file, and `rn` = file index * 2^33 + that number (files in their sorted order).
Errors from the JVM come back as one line, never a Java stack trace.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..errors import UserError
from . import sql
from .engine import Input, Rows, bad_rows, quote_ident
from .sources import CatalogTable, Files, Source, Table

_FILE_SHIFT = 1 << 33  # rows per file before the file index: monotonically_increasing_id's own split
_AWARE = r"[0-9]:[0-9]{2}(:[0-9]{2}([.,][0-9]+)?)?[ \t]*([zZ]|[+-][0-9]{2}(:?[0-9]{2})?)$"
_TYPES = {"INTEGER": "INT", "STRING": "STRING", "BIGINT": "BIGINT", "DOUBLE": "DOUBLE"}
_LOG4J = """\
rootLogger.level = error
rootLogger.appenderRef.stderr.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %m%n
"""
DEFAULT_MASTER = "local[2]"
SESSION_CONF = {
    "spark.sql.session.timeZone": "UTC",
    # One unsplit partition per input file keeps each row's number in its file exact.
    "spark.sql.files.maxPartitionBytes": str(1 << 40),
    "spark.sql.files.openCostInBytes": str(1 << 40),
    "spark.sql.ansi.enabled": "true",
    # "column" is an identifier, as in DuckDB and standard SQL: one quoting for both engines.
    "spark.sql.ansi.doubleQuotedIdentifiers": "true",
}
"""Runtime settings the SQL relies on; set on every session cjm runs on, its own or given."""


def first_line(exc: BaseException) -> str:
    """The message of a Spark/py4j error without its Java stack trace."""
    text = str(getattr(exc, "getMessage", lambda: None)() or exc).strip()
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith(("at ", "JVM stacktrace", "Traceback")):
            return line[:400]
    return type(exc).__name__


class SparkEngine:
    """One Spark session for one `cjm measure` run."""

    name = "spark"

    def __init__(
        self,
        *,
        master: str | None = None,
        remote: str | None = None,
        on_step: Callable[[str], None] | None = None,
        session: Any = None,
    ) -> None:
        """`session`: an existing SparkSession to run on (a notebook's, or the tests'), which
        is left running; without one, a session is started (and stopped by `close`)."""
        self.on_step = on_step or (lambda _step: None)
        self._work = Path(tempfile.mkdtemp(prefix="cjm-spark-"))
        self._inputs = 0
        self._views: list[str] = []
        self.remote = remote
        _quiet_logs()
        if session is None and remote is None:
            # A process that already runs a local Spark (a notebook) keeps it: cjm uses it and
            # leaves it running, instead of stopping the user's session when it is done.
            session = _active_session()
        self._own = session is None
        self.spark = session if session is not None else spark_session(master, remote, self._work)
        self._restore: dict[str, str | None] = {}
        if session is not None:
            # The user's session gets cjm's settings for this run and its own back after.
            try:
                for key, value in SESSION_CONF.items():
                    self._restore[key] = session.conf.get(key, None)
                    session.conf.set(key, value)
            except Exception as exc:
                raise _user_error(exc, remote) from None

    def close(self) -> None:
        try:
            for name in self._views:
                self.spark.catalog.dropTempView(name)
            for key, value in self._restore.items():
                if value is None:
                    self.spark.conf.unset(key)
                else:
                    self.spark.conf.set(key, value)
            if self._own and self.remote is None:
                self.spark.stop()
        except Exception:  # a session whose JVM died: forget it, so the next one can start
            _forget_dead_jvm()
        shutil.rmtree(self._work, ignore_errors=True)

    def _error(self, exc: BaseException) -> UserError:
        error = _user_error(exc, self.remote)
        tail = jvm_log_tail(self._work)
        if tail and not isinstance(exc, UserError):
            error.detail = "\n".join(filter(None, [error.detail, tail]))
        return error

    # --- running SQL ------------------------------------------------------------------

    def _sql(self, query: str) -> Any:
        try:
            return self.spark.sql(query)
        except Exception as exc:
            raise self._error(exc) from None

    def rows(self, query: str, step: str | None = None) -> Rows:
        if step:
            self.on_step(step)
        try:
            return [tuple(r) for r in self.spark.sql(query).collect()]
        except Exception as exc:
            raise self._error(exc) from None

    def create(self, name: str, query: str, step: str | None = None) -> None:
        if step:
            self.on_step(step)
        # Materialised now (a local checkpoint cuts the lineage), so later queries read it
        # instead of recomputing it, and the tables it was made from can be dropped.
        try:
            self.spark.sql(query).localCheckpoint(eager=True).createOrReplaceTempView(name)
            self._views.append(name)
        except Exception as exc:
            raise self._error(exc) from None

    def stage(self, name: str, query: str, inp: Input, step: str | None = None) -> None:
        """The input rows, read once: every later statement reads the checkpoint."""
        self.create(name, query, step)

    def view(self, name: str, query: str) -> None:
        self._sql(f"CREATE OR REPLACE TEMP VIEW {name} AS {query}")

    def drop(self, name: str) -> None:
        self._sql(f"DROP VIEW IF EXISTS {name}")

    def load(self, name: str, columns: Sequence[tuple[str, str]], rows: Sequence[tuple[Any, ...]]) -> None:
        """A small table made by cjm, as SQL literals (no Python worker processes needed)."""
        names = ", ".join(c for c, _ in columns)
        if rows:
            values = ", ".join(
                "(" + ", ".join(_literal(v, _TYPES[t]) for v, (_, t) in zip(row, columns, strict=True)) + ")"
                for row in rows
            )
            query = f"SELECT * FROM VALUES {values} AS t({names})"
        else:
            nulls = ", ".join(f"CAST(NULL AS {_TYPES[t]}) AS {c}" for c, t in columns)
            query = f"SELECT {nulls} WHERE 1 = 0"
        self._sql(f"CREATE OR REPLACE TEMP VIEW {name} AS {query}")
        self._views.append(name)

    # --- reading inputs ---------------------------------------------------------------

    def open(self, source: Source, origin: str) -> Input:
        alias = f"__cjm_src{self._inputs}"
        self._inputs += 1
        with self.input_errors(source.shown):
            if isinstance(source, Table):
                raise UserError(
                    f"{origin}: '{source.shown}' is a DuckDB database table; Spark reads files or catalog "
                    "tables (table:db.events); export it to Parquet, or measure it with --engine duckdb"
                )
            frame = self._catalog(source, origin) if isinstance(source, CatalogTable) else self._files(source)
            frame.createOrReplaceTempView(alias)
            self._views.append(alias)
            columns = {f.name: f.dataType.simpleString().upper() for f in frame.schema.fields}
        columns = {k: v for k, v in columns.items() if k not in ("__cjm_file", "ordinality")}
        return Input(source, alias, columns, origin)

    def _catalog(self, source: CatalogTable, origin: str) -> Any:
        from pyspark.sql import functions as F

        if not self.spark.catalog.tableExists(source.table):
            raise UserError(
                f"{origin}: the Spark catalog has no table '{source.table}'; check the name (database.table) "
                "and that this session sees that catalog"
            )
        frame = self.spark.table(source.table)
        return frame.withColumn("ordinality", F.monotonically_increasing_id() + 1).withColumn(
            "__cjm_file", F.lit(None).cast("string")
        )

    def _files(self, source: Files) -> Any:
        from functools import reduce

        from pyspark.sql import functions as F

        frames = []
        for index, path in enumerate(source.paths):
            reader = self.spark.read
            if source.format == "csv":
                # As DuckDB reads it: every column text, RFC 4180 quoting ("" inside quotes),
                # quoted line breaks; a .tsv is tab-separated.
                frame = reader.csv(
                    str(path),
                    header=True,
                    inferSchema=False,
                    multiLine=True,
                    escape='"',
                    sep="\t" if path.suffix.lower() == ".tsv" else ",",
                    encoding="UTF-8",
                )
            elif source.format == "parquet":
                frame = reader.parquet(str(path))
            else:
                frame = reader.json(str(path))
            row = F.monotonically_increasing_id()
            frame = frame.withColumn("ordinality", F.lit(index * _FILE_SHIFT) + row + 1).withColumn(
                "__cjm_file", F.lit(str(path))
            )
            frames.append(frame)
        return reduce(lambda a, b: a.unionByName(b, allowMissingColumns=True), frames)

    @contextmanager
    def input_errors(self, shown: str) -> Iterator[None]:
        try:
            yield
        except UserError:
            raise
        except Exception as exc:
            if _is_lost(exc):
                raise self._error(exc) from None
            raise UserError(
                f"{shown}: cannot read it ({first_line(exc)}); check that it is a complete CSV, Parquet or "
                "JSON-lines file that the Spark session can see",
                detail=_trace(exc),
            ) from None

    def run(self, query: str, shown: str, step: str | None = None) -> Rows:
        with self.input_errors(shown):
            return self.rows(query, step)

    def plain_text(self, inp: Input, columns: dict[str, str], step: str | None = None) -> set[str]:
        """None: Spark reads the input once into a checkpoint (`stage`), where normalising each
        value once is cheaper than a pass to check them."""
        return set()

    def timestamp(self, inp: Input, column: str) -> tuple[str, str]:
        """SQL for (epoch microseconds, offset kind) of a timestamp column, as DuckDB's."""
        c = quote_ident(column)
        kind = inp.columns[column].upper()
        if kind == "STRING":
            text = sql.text(c)
            parsed = f"TRY_CAST({text} AS TIMESTAMP)"
            flag = f"CASE WHEN {parsed} IS NULL THEN NULL WHEN {text} RLIKE '{_AWARE}' THEN 1 ELSE 0 END"
            return f"unix_micros({parsed})", flag
        if kind == "TIMESTAMP":
            return f"unix_micros({c})", f"CASE WHEN {c} IS NULL THEN NULL ELSE 1 END"
        if kind in ("TIMESTAMP_NTZ", "DATE"):
            return f"unix_micros(CAST({c} AS TIMESTAMP))", f"CASE WHEN {c} IS NULL THEN NULL ELSE 0 END"
        raise UserError(
            f"{inp.source.shown}: column '{column}' holds {kind} values, not timestamps; give ISO 8601 text "
            "(2026-03-01T09:30:00Z) or a timestamp column, or point columns.timestamp at another column"
        )

    def first_rows(self, inp: Input) -> dict[str, int]:
        """File -> its first ordinal, so `Input.row_name` turns an ordinal into file:ROW."""
        if not isinstance(inp.source, Files):
            return {}
        return {str(p): i * _FILE_SHIFT + 1 for i, p in enumerate(inp.source.paths)}

    def bad_rows(
        self, inp: Input, condition: str, columns: Sequence[str]
    ) -> tuple[int, list[tuple[str, tuple[Any, ...]]]]:
        return bad_rows(self, inp, condition, columns)


def spark_session(master: str | None = None, remote: str | None = None, work: Path | None = None) -> Any:
    """A SparkSession configured as cjm needs it (UTC, standard quoting, one partition per
    input file), local (`master`, default local[2]) or on a Spark Connect server (`remote`);
    a UserError says what to install or fix. `work`: where the local JVM keeps its files."""
    master = master or DEFAULT_MASTER
    work = work if work is not None else Path(tempfile.mkdtemp(prefix="cjm-spark-"))
    _quiet_logs()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # pyspark's pandas-version notice is not the user's concern
            from pyspark.sql import SparkSession
    except ImportError:
        raise UserError(
            "--engine spark needs pyspark: pip install 'cjm[spark]' (Spark also needs Java 17 or newer)"
        ) from None
    conf = SESSION_CONF
    if remote is not None:
        if not remote.startswith("sc://"):
            raise UserError(
                f"--spark-remote {remote}: a Spark Connect URL starts with sc:// (e.g. sc://localhost:15002)"
            )
        _reachable(remote)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                spark = SparkSession.builder.remote(remote).getOrCreate()
            for key, value in conf.items():
                spark.conf.set(key, value)
            spark.sql("SELECT 1").collect()
        except Exception as exc:
            raise UserError(
                f"cannot use the Spark Connect server at {remote} ({first_line(exc)}); check the URL and that the "
                "server runs (docs/measure.md: Spark)"
            ) from None
        return spark
    java = (
        shutil.which("java", path=os.path.join(os.environ["JAVA_HOME"], "bin")) if os.environ.get("JAVA_HOME") else None
    )
    if java is None and shutil.which("java") is None:
        raise UserError(
            "--engine spark needs Java 17 or newer, and no `java` is on PATH (or in JAVA_HOME): install it "
            "(Debian/Ubuntu: apt-get install openjdk-17-jre-headless) or set JAVA_HOME"
        )
    log4j = work / "log4j2.properties"
    log4j.write_text(_LOG4J)
    builder = SparkSession.builder.master(master).appName("cjm measure")
    local = {
        "spark.ui.enabled": "false",
        "spark.ui.showConsoleProgress": "false",
        "spark.sql.shuffle.partitions": "8",
        "spark.local.dir": str(work),
        "spark.driver.extraJavaOptions": f"-Dlog4j2.configurationFile=file:{log4j}",
    }
    for key, value in {**conf, **local}.items():
        builder = builder.config(key, value)
    try:
        with _quiet_stderr(work / "jvm.log"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            spark = builder.getOrCreate()
    except Exception as exc:
        raise UserError(
            f"Spark did not start ({first_line(exc)}); check Java 17+ and --spark-master {master}"
        ) from None
    return spark


def _quiet_logs() -> None:
    """pyspark logs each failed query as JSON on stderr, and py4j logs a stack trace through
    the root logger when a call is interrupted (Ctrl-C) or the JVM goes away; cjm reports the
    error itself, once, so neither reaches the terminal."""
    import logging

    logging.getLogger("SQLQueryContextLogger").disabled = True
    root = logging.getLogger()
    if _from_py4j not in root.filters:
        root.addFilter(_from_py4j)


def _from_py4j(record: Any) -> bool:
    """A logging filter: False (drop) for py4j's records logged on the root logger."""
    return f"{os.sep}py4j{os.sep}" not in str(getattr(record, "pathname", ""))


def _active_session() -> Any:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from pyspark.sql import SparkSession
    except ImportError:
        return None
    return SparkSession.getActiveSession()


def _forget_dead_jvm() -> None:
    """pyspark keeps its JVM gateway and session in class attributes; after the JVM died
    they point at nothing, and every later session in this process would fail to start."""
    try:
        from pyspark import SparkContext
        from pyspark.sql import SparkSession
    except ImportError:
        return
    SparkContext._gateway = None  # type: ignore[attr-defined]
    SparkContext._jvm = None  # type: ignore[attr-defined]
    SparkContext._active_spark_context = None  # type: ignore[attr-defined]
    SparkSession._instantiatedSession = None  # type: ignore[attr-defined]
    SparkSession._activeSession = None  # type: ignore[attr-defined]


def _literal(value: Any, kind: str) -> str:
    """A typed SQL literal. Spark string literals take backslash escapes, so a backslash or a
    quote in an activity name is escaped and cannot change the statement."""
    if value is None:
        return f"CAST(NULL AS {kind})"
    if kind in ("INT", "BIGINT"):
        return f"CAST({int(value)} AS {kind})"
    text = str(value).replace("\\", "\\\\").replace("'", "\\'")
    return f"'{text}'"


def _reachable(remote: str) -> None:
    """Fail in seconds on a server that is not there (the client would retry for minutes)."""
    import socket
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(remote.split(";", 1)[0])
        host, port = parts.hostname or "localhost", parts.port or 15002
    except ValueError:
        raise UserError(f"--spark-remote {remote}: not a Spark Connect URL (sc://HOST:PORT)") from None
    try:
        with socket.create_connection((host, port), timeout=10):
            pass
    except OSError as exc:
        raise UserError(
            f"cannot reach the Spark Connect server at {remote} ({exc.strerror or exc}); check the URL and that "
            'the server runs (docs/measure.md, "Spark")'
        ) from None


@contextmanager
def _quiet_stderr(log: Path) -> Iterator[None]:
    """The JVM started here writes its stderr (start-up notices, errors) to `log`, not to
    the terminal; `-v` shows the end of it when Spark fails."""
    import sys

    try:
        fd = sys.stderr.fileno()
    except (AttributeError, OSError, ValueError):
        yield
        return
    saved = os.dup(fd)
    with log.open("ab") as sink:
        os.dup2(sink.fileno(), fd)
        try:
            yield
        finally:
            os.dup2(saved, fd)
            os.close(saved)


def jvm_log_tail(work: Path, lines: int = 8) -> str:
    try:
        text = (work / "jvm.log").read_text(errors="replace").strip().splitlines()
    except OSError:
        return ""
    return "\n".join(["the JVM's last lines:", *text[-lines:]]) if text else ""


def _is_lost(exc: BaseException) -> bool:
    """The JVM or the server went away (not a bad query): py4j's network errors, gRPC's."""
    name = type(exc).__name__
    if name in ("Py4JNetworkError", "ConnectionRefusedError", "ConnectionResetError", "BrokenPipeError"):
        return True
    text = str(exc)
    return name in ("Py4JError", "SparkConnectGrpcException") and any(
        word in text for word in ("Connection", "connection", "UNAVAILABLE", "Answer from Java side is empty")
    )


def _trace(exc: BaseException, lines: int = 12) -> str:
    """The first lines of the error as Spark gave it (Java frames included), for `-v`."""
    text = str(exc).strip().splitlines()
    return "\n".join(text[:lines]) + (f"\n... ({len(text) - lines} more lines)" if len(text) > lines else "")


def _user_error(exc: BaseException, remote: str | None) -> UserError:
    if isinstance(exc, UserError):
        return exc
    if _is_lost(exc):
        where = f"the Spark Connect server at {remote}" if remote else "the Spark JVM"
        return UserError(f"lost {where} ({first_line(exc)}); nothing was written, run cjm again", detail=_trace(exc))
    return UserError(f"Spark failed: {first_line(exc)}", detail=_trace(exc))
