"""One module per command group; each has `register(app)`. Modules here stay light:
they import typer only, and the library inside the command function."""

from __future__ import annotations

import typer


def register_all(app: typer.Typer) -> None:
    from . import diff, fmt, init, measure, new, render, rules, stats, transfer, validate

    # Order here is the order of `cjm --help`.
    for module in (init, new, validate, fmt, stats, measure, rules, render, diff, transfer):
        module.register(app)
