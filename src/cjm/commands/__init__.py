"""One module per command group; each has `register(app)`. Modules here stay light:
they import typer only, and the library inside the command function."""

from __future__ import annotations

import typer


def register_all(app: typer.Typer) -> None:
    from . import diff, render, rules, stats, validate

    for module in (validate, stats, rules, diff, render):
        module.register(app)
