"""`cjm rules` (the lint rule catalog) and `cjm rules ID` (one rule's documentation)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Optional

import typer

from ._common import complete_rule_id, fail


class RulesFormat(StrEnum):
    text = "text"
    markdown = "markdown"


def register(app: typer.Typer) -> None:
    app.command(short_help="List the lint rules, or explain one")(rules)


def rules(
    rule_id: Annotated[
        Optional[str],
        typer.Argument(
            metavar="[RULE]",
            help="A rule id, e.g. missing-owner.",
            show_default=False,
            autocompletion=complete_rule_id,
        ),
    ] = None,
    format: Annotated[
        RulesFormat,
        typer.Option("--format", "-f", help="text for the terminal; markdown is the rules reference (docs/rules.md)."),
    ] = RulesFormat.text,
) -> None:
    """List the lint rules (id, default severity, rationale), or explain one rule.

    Severities and options are set per rule in cjm.yaml under `lint.rules`.
    `cjm rules --format markdown > docs/rules.md` writes the whole reference.
    """
    from ..rules import RULES

    if rule_id is not None and rule_id not in RULES:
        from ..linter import unknown_rule

        raise fail(unknown_rule(rule_id))
    if format is RulesFormat.markdown:
        from ..rules.reference import reference_markdown, rule_markdown

        typer.echo(reference_markdown() if rule_id is None else rule_markdown(RULES[rule_id]), nl=False)
        return
    from ..rules.catalog import catalog_text, rule_text

    typer.echo(catalog_text() if rule_id is None else rule_text(RULES[rule_id]), nl=False)
