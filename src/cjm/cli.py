"""The `cjm` command line: the app, its global options and the entry point.

Each command lives in `commands/<name>.py` (argument parsing only; the work is done by the
library). Exit codes: 0 ok, 1 findings or differences that fail the run, 2 usage or
unreadable input, 130 interrupted. Heavy modules are imported inside the commands so that
start-up stays fast.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from . import __version__
from .commands import register_all

app = typer.Typer(
    name="cjm",
    help="Customer journey maps as code: validate, measure, render and diff journey YAML.",
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        print(f"cjm {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Customer journey maps as code."""


register_all(app)


def run() -> None:
    """Console-script entry point: Ctrl-C exits 130 without a traceback."""
    import gc
    import os

    # One short run builds one large tree without reference cycles (the loaded workspace, its
    # models); the cyclic collector would only re-walk it again and again: ~10% of `cjm
    # validate` and `cjm diff` on 100k touchpoints, with the same peak memory without it.
    # Reference counting still frees everything as usual. (The library leaves gc alone.)
    gc.disable()
    try:
        app()
    except KeyboardInterrupt:
        print("cjm: interrupted", file=sys.stderr)
        sys.exit(130)
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
