"""The `cjm` console script.

`cjm --version` is answered before the CLI framework is loaded (typer and the command
tree are most of a 0.1 s start): scripts and editor integrations call it to probe for cjm.
Everything else goes to `cli.run`. Ctrl-C while the CLI is still being imported (a slow
start on a loaded machine) exits 130 quietly too, as it does once a command runs.
"""

from __future__ import annotations

import sys


def run() -> None:
    if sys.argv[1:] == ["--version"]:
        from . import __version__

        print(f"cjm {__version__}")
        return
    try:
        from .cli import run as run_cli
    except KeyboardInterrupt:
        print("cjm: interrupted", file=sys.stderr)
        sys.exit(130)
    run_cli()
