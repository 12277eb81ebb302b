"""`cjm init`: scaffold a workspace from the templates in `templates/init/`.

Nothing is written until every target has been checked: an existing file stops the whole
run (unless `force`), so a workspace is never half-initialised. Each file is written
atomically. Editor support comes with it (see `editor`): the JSON Schemas in `.cjm/schemas/`,
a modeline at the top of each YAML file, and `yaml.schemas` merged into `.vscode/settings.json`
(never overwritten: a user's settings file is only ever added to). The output depends only on the arguments (`today` fixes the review and due
dates, `install` the pip requirement in the CI workflow), so tests can pin it byte for byte.
"""

from __future__ import annotations

import json
import textwrap
from dataclasses import dataclass
from datetime import date, timedelta
from importlib import metadata
from pathlib import Path
from typing import Any

from . import clock, editor
from .errors import UserError
from .output import safe_target, write_atomic
from .stages import STAGE_MODELS, UNORDERED_MODELS, stage_title

DEFAULT_STAGES = "b2b-7"
STARTER_JOURNEY = "first-journey"
# Where the CI workflow gets cjm when `cjm init` cannot tell where it came from (an editable
# or local install): the README's placeholder, and a note in `next steps` to fill it in.
PLACEHOLDER_INSTALL = "cjm @ git+https://github.com/ORG/cjm"

# template file in templates/init/ -> path in the new workspace, in the order they are listed.
FILES: tuple[tuple[str, str], ...] = (
    ("cjm.yaml", "cjm.yaml"),
    ("buying-committee.yaml", "personas/buying-committee.yaml"),
    ("journey.yaml.j2", f"journeys/{STARTER_JOURNEY}.yaml"),
    ("pre-commit-config.yaml", ".pre-commit-config.yaml"),
    ("github-workflow.yml.j2", ".github/workflows/cjm.yml"),
)
_TEMPLATES = Path(__file__).parent / "templates" / "init"
# Workspace file -> the schema its modeline names (journey, personas, config).
SCHEMA_OF = {
    "cjm.yaml": "config",
    "personas/buying-committee.yaml": "personas",
    f"journeys/{STARTER_JOURNEY}.yaml": "journey",
}


@dataclass(frozen=True)
class InitResult:
    """What `init_workspace` wrote, and whether the CI workflow still needs an install source."""

    directory: Path
    written: list[Path]
    install_known: bool
    # `.vscode/settings.json`: created, updated (yaml.schemas added), unchanged, or left (with a note).
    settings: str = "created"
    settings_note: str | None = None


def init_workspace(
    directory: Path,
    *,
    stages: str = DEFAULT_STAGES,
    force: bool = False,
    today: date | None = None,
    install: str | None = None,
) -> InitResult:
    """Write a new workspace into `directory` (created if missing).

    Raises UserError, before writing anything, for an unknown stage model, a `directory`
    that is a file, or files that already exist (all of them listed) without `force`.
    `install` is the pip requirement the CI workflow installs cjm with (default: how this
    cjm was installed, see `install_requirement`).
    """
    if stages not in STAGE_MODELS:
        raise UserError(f"unknown stage model '{stages}'; use one of {', '.join(STAGE_MODELS)}")
    if directory.exists() and not directory.is_dir():
        raise UserError(f"{directory} is a file; pass a directory to create the workspace in")
    names = [*(name for _, name in FILES), *editor.schema_files()]
    existing = [name for name in names if (directory / name).exists() or (directory / name).is_symlink()]
    if existing and not force:
        listed = ", ".join(existing)
        raise UserError(
            f"{directory} already has {listed}; nothing was written. Use --force to overwrite "
            "(your changes to those files would be lost), or choose another directory"
        )
    for name in [*names, editor.SETTINGS]:  # a symlinked directory leading outside: refuse before writing any file
        safe_target(directory, name)
    requirement = install if install is not None else install_requirement()
    contents = render_files(stages=stages, today=today or clock.today(), install=requirement)
    settings_file = directory / editor.SETTINGS
    existing_settings = settings_file.read_text(encoding="utf-8", errors="replace") if settings_file.is_file() else None
    entries = editor.settings_entries(_globs(contents["cjm.yaml"]))
    if (settings_file.exists() and not settings_file.is_file()) or settings_file.parent.is_file():
        # Not a file to merge into: say so rather than fail halfway through writing.
        settings = editor.SettingsPlan(None, "left", editor.by_hand("it is not a file", entries))
    else:
        settings = editor.plan_settings(existing_settings, entries)
    written = [write_atomic(directory, name, contents[name]) for name in names]
    if settings.text is not None:
        written.append(write_atomic(directory, editor.SETTINGS, settings.text))
    return InitResult(directory, written, requirement is not None, settings.action, settings.note)


def _globs(config: str) -> dict[str, list[str]]:
    """Schema kind -> globs of its files, from the cjm.yaml init writes (one source of truth)."""
    from .yamlread import parse_yaml

    data = parse_yaml(config).data
    return {"journey": data["journeys"], "personas": data["personas"], "config": ["cjm.yaml"]}


def render_files(*, stages: str, today: date, install: str | None) -> dict[str, str]:
    """Workspace path -> file content for one stage model, schemas included; pure (no file
    system writes). Each YAML file starts with the modeline of its schema."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(_TEMPLATES),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,  # YAML and text, filled only with cjm's own values (no user input)
    )
    context = _journey_context(stages, today)
    context["install"] = install or PLACEHOLDER_INSTALL
    context["install_comment"] = "" if install else "   # how CI installs cjm: put your cjm source here"
    out: dict[str, str] = {}
    for template, name in FILES:
        if template.endswith(".j2"):
            out[name] = env.get_template(template).render(context)
        else:
            out[name] = (_TEMPLATES / template).read_text(encoding="utf-8")
        if name in SCHEMA_OF:
            out[name] = editor.modeline(name, SCHEMA_OF[name]) + out[name]
    out.update(editor.schema_files())
    return out


def _journey_context(stages: str, today: date) -> dict[str, Any]:
    from .yamlread import parse_yaml

    parsed = parse_yaml((_TEMPLATES / "touchpoints.yaml").read_text(encoding="utf-8"))
    by_stage: dict[str, dict[str, Any]] = parsed.data
    stage_ids = [stage_id for stage_id, _ in STAGE_MODELS[stages]]
    touchpoints = [{"stage": stage_id, **by_stage[stage_id]} for stage_id in stage_ids]
    first = touchpoints[0]
    # An ordered model ends in its last stage; buying jobs have no order, so the title names
    # the decision the jobs lead to instead.
    last = "a purchase decision" if stages in UNORDERED_MODELS else stage_title(stage_ids[-1]).lower()
    return {
        "journey_id": STARTER_JOURNEY,
        "last_stage_title": last,
        "reviewed": today.isoformat(),
        "due": (today + timedelta(days=90)).isoformat(),
        "stages": stages,
        "stage_models": ", ".join(STAGE_MODELS),
        "suppress_post_purchase": all(phase != "post-purchase" for _, phase in STAGE_MODELS[stages]),
        "touchpoints": touchpoints,
        "first": first,
        "stage_id_lines": textwrap.wrap(", ".join(stage_ids), 84, break_on_hyphens=False),
    }


def install_requirement() -> str | None:
    """A pip requirement for the running cjm when CI can install it from the same place.

    pip records where a package came from (PEP 610 `direct_url.json`); see
    `requirement_from_direct_url`.
    """
    try:
        raw = metadata.distribution("cjm").read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        return None
    try:
        info = json.loads(raw or "null")
    except ValueError:
        return None
    return requirement_from_direct_url(info) if isinstance(info, dict) else None


def requirement_from_direct_url(info: dict[str, Any]) -> str | None:
    """A git URL or an archive URL can be installed on a CI runner too; a local directory (an
    editable install) cannot, and an index install may come from a private index, so those
    give None (the workflow then carries a placeholder to fill in)."""
    url = info.get("url", "")
    if not isinstance(url, str) or not url.startswith(("https://", "http://")):
        return None
    vcs = info.get("vcs_info")
    if isinstance(vcs, dict) and vcs.get("vcs") == "git":
        # The revision the user asked for (a tag, say) reads better than the commit it resolved to.
        rev = vcs.get("requested_revision") or vcs.get("commit_id")
        return f"cjm @ git+{url}" + (f"@{rev}" if rev else "")
    if isinstance(info.get("archive_info"), dict):
        return f"cjm @ {url}"
    return None
