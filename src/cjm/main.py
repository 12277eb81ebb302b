"""The `cjm` console script.

`cjm --version` is answered before the CLI framework is loaded (typer and the command
tree are most of a 0.1 s start): scripts and editor integrations call it to probe for cjm.
Everything else goes to `cli.run`.
"""

from __future__ import annotations

import sys


def run() -> None:
    if sys.argv[1:] == ["--version"]:
        from . import __version__

        print(f"cjm {__version__}")
        return
    from .cli import run as run_cli

    run_cli()
