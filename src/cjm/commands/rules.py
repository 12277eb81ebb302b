"""`cjm rules` (the lint rule catalog) and `cjm rules ID` (one rule's documentation)."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from ._common import fail


def register(app: typer.Typer) -> None:
    app.command()(rules)


def rules(
    rule_id: Annotated[
        Optional[str], typer.Argument(metavar="[RULE]", help="A rule id, e.g. missing-owner.", show_default=False)
    ] = None,
) -> None:
    """List the lint rules (id, default severity, rationale), or explain one rule.

    Severities and options are set per rule in cjm.yaml under `lint.rules`.
    """
    from ..rules import RULES
    from ..rules.catalog import catalog_text, rule_text

    if rule_id is None:
        typer.echo(catalog_text(), nl=False)
        return
    if rule_id not in RULES:
        from ..linter import unknown_rule

        raise fail(unknown_rule(rule_id))
    typer.echo(rule_text(RULES[rule_id]), nl=False)
