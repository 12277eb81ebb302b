"""One module per command group; each has `register(app)`. Modules here stay light:
they import typer only, and the library inside the command function."""

from __future__ import annotations

from importlib import import_module

import typer

# Order here is the order of `cjm --help`.
MODULES = ("init", "new", "validate", "fmt", "stats", "measure", "rules", "render", "diff", "transfer")

# The module that registers each top-level command. `cjm validate FILE` then imports and
# builds one command module, not ten (typer builds every parameter of every command it is
# given): it runs on every commit in pre-commit. A command missing here still works; the
# whole tree is built for it, as for `cjm --help` and shell completion.
COMMAND_MODULE = {
    "init": "init",
    "new": "new",
    "validate": "validate",
    "schema": "validate",
    "fmt": "fmt",
    "stats": "stats",
    "measure": "measure",
    "rules": "rules",
    "render": "render",
    "report": "render",
    "diff": "diff",
    "import": "transfer",
    "export": "transfer",
}


def register_all(app: typer.Typer, command: str | None = None) -> None:
    """Add every command to `app`, or only the module of `command` when it is a known name."""
    module = COMMAND_MODULE.get(command) if command is not None else None
    for name in (module,) if module is not None else MODULES:
        import_module(f".{name}", __name__).register(app)
