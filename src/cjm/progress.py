"""What a command tells about its own work, on stderr: a progress bar, timings, what was read.

Everything here goes to stderr and never changes what a command writes to stdout or to
files, so piped output stays byte-identical whatever the terminal. The progress bar draws
only on a terminal and only for work that spans many files; rich is imported when a bar is
actually drawn, so `cjm validate` in a pre-commit hook (not a terminal) never pays for it.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from types import TracebackType
from typing import TYPE_CHECKING, Any

from .discovery import CONFIG_NAME, display_path

if TYPE_CHECKING:
    from .workspace import Workspace

MANY_FILES = 20
"""Work over at least this many files gets a bar; fewer finish before a bar would help."""
SLOW_ITEMS = 5
"""Work whose items are slow (a Graphviz run per diagram) gets a bar from this many items."""


def terminal_wants_progress() -> bool:
    """stderr is an interactive terminal that can redraw a line (not a pipe, a file or TERM=dumb)."""
    try:
        interactive = sys.stderr.isatty()
    except (AttributeError, ValueError):  # replaced or closed stderr (embedding, tests)
        return False
    return interactive and os.environ.get("TERM", "") != "dumb"


class ProgressBar:
    """Counts work; shows a transient rich bar on stderr once the expected total is large enough.

    The total may grow while the work runs (files are found workspace by workspace), so the
    bar starts the moment the total reaches `min_total`, not before. Used as a context
    manager: leaving it removes the bar, so anything written afterwards (findings, the list
    of written files) lands on a clean terminal.
    """

    def __init__(self, description: str, *, enabled: bool, min_total: int = MANY_FILES) -> None:
        self.description = description
        self.enabled = enabled
        self.min_total = min_total
        self.total = 0
        self.done = 0
        self.shown = False
        self._progress: Any = None
        self._task: Any = None

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def expect(self, n: int) -> None:
        """`n` more units of work are coming."""
        self.total += n
        if self._progress is not None:
            self._progress.update(self._task, total=self.total)
        elif self.enabled and self.total >= self.min_total:
            self._start()

    def advance(self, n: int = 1) -> None:
        self.done += n
        if self._progress is not None:
            self._progress.update(self._task, completed=self.done)

    def describe(self, description: str) -> None:
        """Name the current phase ("reading", "checking")."""
        self.description = description
        if self._progress is not None:
            self._progress.update(self._task, description=description)

    def on_file(self, n: int, total: int) -> None:
        """The `load_paths(on_file=...)` hook: the first file of a workspace announces its total."""
        if n == 1:
            self.expect(total)
        self.advance()

    def close(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None

    def _start(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        # redirect_stdout=False: stdout may be a pipe while stderr is the terminal; rich must
        # not route the command's real output through the terminal. Nothing is printed to
        # stdout while the bar is up (commands write their output after close()).
        self._progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=Console(file=sys.stderr),
            transient=True,
            redirect_stdout=False,
            redirect_stderr=False,
        )
        self._task = self._progress.add_task(self.description, total=self.total, completed=self.done)
        self._progress.start()
        self.shown = True


class Timings:
    """Wall-clock time per phase of a command, for `--verbose`."""

    def __init__(self) -> None:
        self.start = time.perf_counter()
        self.phases: list[tuple[str, float]] = []

    @contextmanager
    def phase(self, name: str) -> Iterator[None]:
        began = time.perf_counter()
        try:
            yield
        finally:
            self.phases.append((name, time.perf_counter() - began))

    def elapsed(self) -> float:
        """Seconds since the command began (a first phase that is not one block of code)."""
        return time.perf_counter() - self.start

    def summary(self) -> str:
        """`timings: load 41 ms, check 12 ms, report 3 ms (total 60 ms)`."""
        parts = ", ".join(f"{name} {_ms(seconds)}" for name, seconds in self.phases)
        return f"timings: {parts} (total {_ms(time.perf_counter() - self.start)})"


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"


def describe_workspaces(workspaces: Sequence[Workspace], *, skipped: bool = True) -> list[str]:
    """For `--verbose`: each workspace's root and config, every file read, every file skipped and why.

    The skipped entries are the ones discovery recorded while it found the files
    (`Workspace.skipped`), so they explain the loader's choices and cost no second walk.
    `skipped=False` for workspaces not read from disk (a git revision): there is no walk
    of theirs to explain.
    """
    lines: list[str] = []
    for ws in workspaces:
        config = display_path(ws.config_file.path) if ws.config_file else f"none (no {CONFIG_NAME}: defaults)"
        lines.append(f"workspace {display_path(ws.root)} (config: {config})")
        for f in ws.files:
            role = "checked" if f.path in ws.targets else "read for references"
            lines.append(f"  read {f.display} ({f.kind}, {role})")
        if skipped:
            lines += [f"  skipped {entry}" for entry in ws.skipped]
    return lines
