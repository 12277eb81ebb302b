"""The `cjm` command line: the app, its global options and the entry point.

Each command lives in `commands/<name>.py` (argument parsing only; the work is done by the
library). Exit codes: 0 ok, 1 findings or differences that fail the run, 2 usage or
unreadable input, 130 interrupted. Heavy modules are imported inside the commands so that
start-up stays fast.

Global options: `--quiet/-q` and `--verbose/-v` may be written before the command (`cjm -q
validate`) or after its name (`cjm validate -q`), with the same meaning either way; a
command's own option of the same name (none today) would win after the command name.
"""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from . import __version__
from .commands import register_all
from .commands._common import Verbosity, fail

_GLOBAL_FLAGS = frozenset({"-q", "--quiet", "-v", "--verbose"})


class _CjmGroup(TyperGroup):
    """Accepts the global flags after the command name too: `cjm validate -q` as `cjm -q validate`.

    People type `-q` where ruff and pytest take it, after the command; click would reject
    it there. The flags are moved in front of the command name before parsing, unless the
    command has an option of that name itself, and never from after `--` (operands).
    """

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        return super().parse_args(ctx, self._hoist_global_flags(ctx, args))

    def _hoist_global_flags(self, ctx: Any, args: list[str]) -> list[str]:
        at = next((i for i, a in enumerate(args) if not a.startswith("-")), None)
        if at is None or "--" in args[:at]:
            return args
        command = self.get_command(ctx, args[at])
        if command is None:
            return args
        own = {opt for param in command.params for opt in (*param.opts, *param.secondary_opts)}
        end = args.index("--") if "--" in args[at:] else len(args)
        moved = [a for a in args[at + 1 : end] if a in _GLOBAL_FLAGS and a not in own]
        if not moved:
            return args
        rest = [a for a in args[at + 1 : end] if a not in moved]
        return [*args[:at], *moved, args[at], *rest, *args[end:]]


def build_app(command: str | None = None) -> typer.Typer:
    """The CLI with every command, or with only `command`'s module when the name is known.

    `cjm.cli.app` (the whole tree) is built on first use; `run` builds only what the
    command line names (see `commands.COMMAND_MODULE`).
    """
    app = typer.Typer(
        name="cjm",
        cls=_CjmGroup,
        help="Customer journey maps as code: write, validate, measure, render and diff journey YAML.",
        no_args_is_help=True,
        add_completion=True,
        rich_markup_mode=None,
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    app.callback()(main)
    register_all(app, command)
    return app


def _version(value: bool) -> None:
    if value:
        print(f"cjm {__version__}")
        raise typer.Exit()


def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
    quiet: Annotated[
        bool,
        typer.Option(
            "--quiet", "-q", help="Print only findings, errors and the requested output: no summaries, no progress."
        ),
    ] = False,
    verbose: Annotated[
        bool,
        typer.Option(
            "--verbose", "-v", help="Also print the workspace and config used, files read and skipped, and timings."
        ),
    ] = False,
) -> None:
    """Customer journey maps as code.

    --quiet and --verbose go before or after the command name (cjm -q validate, cjm validate -q).
    """
    if quiet and verbose:
        raise fail("--quiet and --verbose contradict each other; use one of them")
    Verbosity.set(quiet=quiet, verbose=verbose)


def __getattr__(name: str) -> Any:
    # `from cjm.cli import app` (tests, docs/screenshots.py): the whole tree, built once.
    if name == "app":
        app = globals()["app"] = build_app()
        return app
    raise AttributeError(name)


def _command_name(args: list[str]) -> str | None:
    """The command the arguments name: the first that is not an option (global options are flags)."""
    return next((a for a in args if not a.startswith("-")), None)


def run() -> None:
    """Console-script entry point: Ctrl-C exits 130 without a traceback."""
    import gc
    import os

    from .errors import UserError

    # One short run builds one large tree without reference cycles (the loaded workspace, its
    # models); the cyclic collector would only re-walk it again and again: ~10% of `cjm
    # validate` and `cjm diff` on 100k touchpoints, with the same peak memory without it.
    # Reference counting still frees everything as usual. (The library leaves gc alone.)
    gc.disable()
    try:
        build_app(_command_name(sys.argv[1:]))()
    except KeyboardInterrupt:
        print("cjm: interrupted", file=sys.stderr)
        sys.exit(130)
    except UserError as exc:  # raised below a command's own handling (e.g. a bad SOURCE_DATE_EPOCH)
        print(f"cjm: error: {exc}", file=sys.stderr)
        sys.exit(exc.exit_code)
    except BrokenPipeError:
        # `cjm ... | head` closed the pipe: not an error worth a message. Point stdout at
        # devnull so the interpreter's final flush does not complain either.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)
    except Exception as exc:  # a bug in cjm, not the user's input: say so, briefly
        if os.environ.get("CJM_DEBUG"):
            raise
        print(f"cjm: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        print("This is a bug in cjm; please report it. Set CJM_DEBUG=1 to see the traceback.", file=sys.stderr)
        sys.exit(2)
