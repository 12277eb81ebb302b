"""Comment-preserving YAML (ruamel.yaml round-trip) for the commands that edit user files.

Reading for validation uses the fast, safe event reader in `yamlread.py`; only commands
that rewrite a file (`fmt`, `new`, `import`) need comments and styles, and pay for the
slower round-trip loader. Callers must first parse the text with `workspace.parse_source`
(or `yamlread.parse_yaml`) so hostile input (alias bombs, deep nesting, unsafe tags) is
refused before it reaches this loader.
"""

from __future__ import annotations

from io import StringIO
from typing import Any

# cjm's canonical layout: 2-space mappings, list dashes indented 2 under their key, and
# no re-wrapping of long lines (a re-wrapped `name:` would be a diff nobody asked for).
MAPPING_INDENT = 2
SEQUENCE_INDENT = 4
SEQUENCE_DASH_OFFSET = 2
WIDTH = 4096


def rt_yaml() -> Any:
    """A configured round-trip `YAML` instance (YAML 1.2, cjm's indentation)."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.indent(mapping=MAPPING_INDENT, sequence=SEQUENCE_INDENT, offset=SEQUENCE_DASH_OFFSET)
    yaml.width = WIDTH
    yaml.preserve_quotes = True
    return yaml


def load(text: str) -> Any:
    """Round-trip load: CommentedMap/CommentedSeq carrying comments and styles."""
    return rt_yaml().load(text)


def dump(data: Any) -> str:
    """Serialise round-trip data back to text."""
    out = StringIO()
    rt_yaml().dump(data, out)
    return out.getvalue()


def plain(value: Any) -> Any:
    """`value` as plain dicts, lists and scalars: the positioned containers of `yamlread`
    and ruamel's round-trip types (a ScalarFloat keeps `0.50` as written) compare by value,
    so a re-read file can be checked against the data it must hold."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, str):
        return str(value)
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    return value
