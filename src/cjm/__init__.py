"""cjm: customer journey maps as code.

Library API (the CLI is a thin layer over it)::

    import cjm
    ws = cjm.load_workspace("examples/")
    for finding in cjm.validate(ws):  # what `cjm validate` reports: format checks and lint rules
        print(finding.file, finding.line, finding.column, finding.code, finding.message)
    cjm.check_format(ws)  # the format checks alone (syntax, schema, references)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "Finding",
    "Severity",
    "Workspace",
    "__version__",
    "check_format",
    "lint",
    "load_paths",
    "load_workspace",
    "validate",
]

if TYPE_CHECKING:
    from .findings import Finding, Severity
    from .linter import lint
    from .validate import check_format, validate
    from .workspace import Workspace, load_paths, load_workspace

_LAZY = {
    "Finding": "findings",
    "Severity": "findings",
    "Workspace": "workspace",
    "load_workspace": "workspace",
    "load_paths": "workspace",
    "validate": "validate",
    "check_format": "validate",
    "lint": "linter",
}


def __getattr__(name: str) -> Any:
    # Lazy so that `cjm --version` does not pay for pydantic.
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(name)
