"""The rule catalog as text: the table `cjm rules` prints and one rule's documentation."""

from __future__ import annotations

import inspect
import json
from types import ModuleType

from . import RULES
from .base import options_model


def catalog_text() -> str:
    rows = [("RULE", "DEFAULT", "RATIONALE")]
    rows += [(rid, rule.DEFAULT_SEVERITY.value, rule.RATIONALE) for rid, rule in RULES.items()]
    width = max(len(r[0]) for r in rows)
    lines = [f"{rid:<{width}}  {sev:<8} {why}" for rid, sev, why in rows]
    lines.append("")
    lines.append("`cjm rules RULE` explains one rule; set severities and options in cjm.yaml under lint.rules.")
    return "\n".join(lines) + "\n"


def rule_text(rule: ModuleType) -> str:
    """The rule's docstring under a header with its id, default severity and options."""
    options = options_model(rule)()
    settings = ", ".join(f"{k}: {json.dumps(v)}" for k, v in options.model_dump().items())
    config = f"{rule.ID}: {{severity: {rule.DEFAULT_SEVERITY.value}{', ' if settings else ''}{settings}}}"
    header = [
        f"{rule.ID} (default severity: {rule.DEFAULT_SEVERITY.value})",
        "",
        inspect.cleandoc(rule.__doc__ or ""),
        "",
        "(The examples show the part of a journey file that matters for the rule.)",
        "",
        "In cjm.yaml (the defaults):",
        "",
        "```yaml",
        "lint:",
        "  rules:",
        f"    {config}",
        "```",
    ]
    return "\n".join(header) + "\n"
