"""Editor support for a workspace: its JSON Schemas, the modelines that point at them, and the
`yaml.schemas` entries of `.vscode/settings.json`.

yaml-language-server (VS Code's YAML extension, and the YAML support of most other editors)
completes and checks a file against a schema found either way: a `# yaml-language-server:
$schema=...` modeline at the top of the file (any editor), or a glob in the editor's settings.
The schemas are copied into the workspace, under `.cjm/schemas/`, so both work offline and
match the cjm that wrote them; `cjm init --refresh-schemas` rewrites them after an upgrade.
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

SCHEMA_DIR = ".cjm/schemas"
SETTINGS = ".vscode/settings.json"
MODELINE_PREFIX = "# yaml-language-server: $schema="


def schema_path(kind: str) -> str:
    """Where the schema of `kind` (journey, personas, config) lives, relative to the workspace root."""
    return f"{SCHEMA_DIR}/{kind}.schema.json"


def schema_files() -> dict[str, str]:
    """Workspace path -> content of every schema, as `cjm schema` prints them."""
    from .schema import SCHEMAS, schema_text

    return {schema_path(kind): schema_text(kind) for kind in SCHEMAS}


def modeline(file: str, kind: str) -> str:
    """The first line for the workspace file `file` (a POSIX path relative to the root): a
    path relative to the file's directory, so the workspace can move and the line still holds."""
    return f"{MODELINE_PREFIX}{posixpath.relpath(schema_path(kind), posixpath.dirname(file) or '.')}\n"


def settings_entries(globs: Mapping[str, Sequence[str]]) -> dict[str, list[str]]:
    """`yaml.schemas` entries: schema path (relative to the folder VS Code opened) -> the globs
    of the files it checks. yaml-language-server matches a glob anywhere below that folder."""
    return {f"./{schema_path(kind)}": list(patterns) for kind, patterns in globs.items()}


@dataclass(frozen=True)
class SettingsPlan:
    """What to do with `.vscode/settings.json`: `text` to write (None: leave the file as it is),
    `action` (created, updated, unchanged or left) and, when left, a `note` saying why."""

    text: str | None
    action: str
    note: str | None = None


def plan_settings(existing: str | None, entries: Mapping[str, list[str]]) -> SettingsPlan:
    """Merge `entries` into the `yaml.schemas` of an existing settings file without touching
    anything else: a user's own entry for one of the schemas wins over cjm's, and a file that
    is not plain JSON (VS Code allows comments and trailing commas) is never rewritten, since
    rewriting it would drop the comments."""
    if existing is None:
        return SettingsPlan(_dump({"yaml.schemas": dict(entries)}), "created")
    try:
        settings = json.loads(existing)
    except ValueError:
        return SettingsPlan(None, "left", by_hand("it is not plain JSON (comments or trailing commas?)", entries))
    if not isinstance(settings, dict):
        return SettingsPlan(None, "left", by_hand("it is not a JSON object", entries))
    schemas = settings.setdefault("yaml.schemas", {})
    if not isinstance(schemas, dict):
        return SettingsPlan(None, "left", by_hand('its "yaml.schemas" is not an object', entries))
    missing = {key: value for key, value in entries.items() if key not in schemas}
    if not missing:
        return SettingsPlan(None, "unchanged")
    schemas.update(missing)
    return SettingsPlan(_dump(settings), "updated")


def by_hand(why: str, entries: Mapping[str, list[str]]) -> str:
    wanted = json.dumps({"yaml.schemas": dict(entries)}, indent=2)
    return (
        f"left {SETTINGS} as it is: {why}. The modelines at the top of the files give editors the "
        f"schemas anyway; for VS Code's settings, add by hand:\n{wanted}"
    )


def _dump(settings: Mapping[str, object]) -> str:
    return json.dumps(settings, indent=2, ensure_ascii=False) + "\n"


def stale_schemas(root: Path) -> list[str]:
    """The schemas in the workspace's `.cjm/schemas/` that differ from this cjm's (none when
    the workspace has no such directory: it never had them, so nothing is out of date)."""
    if not (root / SCHEMA_DIR).is_dir():
        return []
    stale = []
    for name, text in schema_files().items():
        try:
            current = (root / name).read_text(encoding="utf-8") == text
        except (OSError, UnicodeDecodeError):
            current = False
        if not current:
            stale.append(name)
    return stale


def refresh_schemas(root: Path) -> list[tuple[Path, bool]]:
    """Rewrite the workspace's schemas with this cjm's: (path, changed) for each. After an
    upgrade the models may have new fields; stale schemas would flag them as typos."""
    from .output import safe_target, write_atomic

    result = []
    for name, text in schema_files().items():
        target = safe_target(root, name)
        changed = not target.is_file() or target.read_text(encoding="utf-8") != text
        if changed:
            write_atomic(root, name, text)
        result.append((target, changed))
    return result
