"""The file `cjm new` edits, read and checked once, and the checks of every value given."""

from __future__ import annotations

import datetime as dt
import math
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import get_args

from ..discovery import CONFIG_NAME, display_path
from ..errors import UserError
from ..hints import closest, date_problem, quote_list, slugify
from ..hints import did_you_mean as _did_you_mean
from ..model import CHANNELS, ROLES, SLUG_PATTERN, Journey, JourneyType, PersonaLibrary, Priority, Status
from ..positions import locate
from ..stages import STAGE_MODELS, stage_named
from ..workspace import SourceFile, Workspace, load_paths

# The choices the model accepts, read from its Literal types so the two cannot drift.
PRIORITIES: tuple[str, ...] = get_args(Priority)
STATUSES: tuple[str, ...] = get_args(Status)
JOURNEY_TYPES: tuple[str, ...] = get_args(JourneyType)
_SLUG = re.compile(SLUG_PATTERN)
_MAX_SHOWN_FINDINGS = 5


@dataclass
class TargetFile:
    """The file being edited, read once: what is written back is derived from these bytes."""

    path: Path  # the real path (a symlink is edited where it points, not replaced)
    raw: bytes
    text: str  # decoded, without a BOM
    source: SourceFile
    workspace: Workspace

    @property
    def display(self) -> str:
        return self.source.display

    @property
    def journey(self) -> Journey | None:
        return self.source.journey

    @property
    def library(self) -> PersonaLibrary | None:
        model = self.source.model
        return model if isinstance(model, PersonaLibrary) else None


def open_target(path: Path) -> TargetFile:
    """Load `path` with its workspace; refuse (UserError, file:line:col) a file that is broken.

    Only a file that passes the format checks is edited: the new entity is checked against
    its stages and personas, and the result must pass them too.
    """
    if not path.exists():
        raise UserError(f"{display_path(path)}: no such file; create a journey first with `cjm new journey`")
    if not path.is_file():
        raise UserError(f"{display_path(path)}: not a file; pass the journey or persona library file to add to")
    ws = load_paths([path])[0]
    real = Path(os.path.realpath(path))
    source = next((f for f in ws.files if f.path == Path(os.path.abspath(path))), None)
    if source is None:  # cannot happen: a requested file is always read
        raise UserError(f"{display_path(path)}: could not be read")
    if source.kind == "config":
        raise UserError(f"{source.display}: this is the workspace config; pass a journey or persona library file")
    errors = [f for f in source.findings if f.severity == "error"]
    if source.model is None or errors:
        shown = "\n".join(f"{f.file}:{f.line}:{f.column}: {f.code}: {f.message}" for f in errors[:_MAX_SHOWN_FINDINGS])
        more = len(errors) - _MAX_SHOWN_FINDINGS
        extra = f"\n... and {more} more (run `cjm validate {source.display}`)" if more > 0 else ""
        raise UserError(f"{source.display} has errors; fix them first (the file was left untouched):\n{shown}{extra}")
    return TargetFile(path=real, raw=real.read_bytes(), text=source.text, source=source, workspace=ws)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """'; did you mean 'x'?' or '.': the message goes on with a new sentence either way."""
    return _did_you_mean(word, choices) or "."


def check_slug(flag: str, value: str) -> str:
    if not _SLUG.match(value) or len(value) > 128:
        raise UserError(
            f"{flag} '{value}' is not a valid id: use lowercase letters, digits and dashes, "
            f"starting with a letter or digit (e.g. '{slugify(value) or 'my-id'}')"
        )
    return value


def check_text(flag: str, value: str) -> str:
    if not value.strip():
        raise UserError(f"{flag} must not be empty")
    if "\x00" in value:
        raise UserError(f"{flag} must not contain NUL characters")
    return value


def check_choice(flag: str, value: str, choices: Sequence[str]) -> str:
    if value not in choices:
        raise UserError(f"{flag} '{value}' is not one of: {', '.join(choices)}{_did_you_mean(value, choices)}")
    return value


def check_score(flag: str, value: int) -> int:
    if not 1 <= value <= 5:
        raise UserError(f"{flag} must be 1..5 (1 very negative/low .. 5 very positive/high), not {value}")
    return value


def check_date(flag: str, value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        impossible = date_problem(value)
        if impossible:
            raise UserError(f"{flag} '{value}' is not a date: {impossible}") from None
        raise UserError(f"{flag} '{value}' is not an ISO date; write it as YYYY-MM-DD, e.g. 2027-03-31") from None


def check_figures(flag: str, values: Iterable[str]) -> dict[str, int | float]:
    """`--metric nps=31 --metric renewal_rate=0.87` -> {nps: 31, renewal_rate: 0.87}, in the
    order given; a whole number stays whole, so the file reads `nps: 31`, not `nps: 31.0`."""
    figures: dict[str, int | float] = {}
    for given in values:
        key, sep, text = given.partition("=")
        key, text = key.strip(), text.strip()
        if not sep or not key:
            raise UserError(f"{flag} '{given}' is not KEY=NUMBER; write it like {flag} renewal_rate=0.87")
        if key in figures:
            raise UserError(f"{flag} gives '{key}' twice; give each key once")
        try:
            number: int | float = int(text) if re.fullmatch(r"[-+]?[0-9]+", text) else float(text)
        except ValueError:
            raise UserError(f"{flag} {key}: '{text}' is not a number; write it like {flag} {key}=0.87") from None
        if not math.isfinite(number):
            raise UserError(f"{flag} {key}: '{text}' is not a finite number")
        figures[key] = number
    return figures


def stage_ids(journey: Journey) -> list[str]:
    return [s.id for s in journey.stage_list]


def at_key(tf: TargetFile, key: str) -> str:
    """`file:line:col` of a top-level key (`stages:`), where the valid values are listed."""
    span = locate(tf.source.data, (key,), at_key=True)
    return f"{tf.display}:{span.line}:{span.column}"


def check_stage(tf: TargetFile, stage: str) -> str:
    """The stage id for `--stage`, which may also be the stage's name as the map shows it
    (`--stage "Tender & contract"` is stage `procurement`)."""
    journey = journey_of(tf)
    stages = journey.stage_list
    ids = [s.id for s in stages]
    if stage in ids:
        return stage
    named = stage_named(stage, [(s.id, s.title) for s in stages])
    if named is not None:
        return named
    titles = {s.title: s.id for s in reversed(stages)}
    meant = closest(stage, ids) or titles.get(closest(stage, titles) or "")
    hint = f"; did you mean '{meant}'?" if meant else "."
    if not isinstance(journey.stages, str):
        source = "listed under `stages:`"
    elif journey.stages in STAGE_MODELS:
        source = f"the built-in model {journey.stages}"
    else:
        source = f"the stage model {journey.stages} of {CONFIG_NAME}"
    listed = ", ".join(s.id if slugify(s.title) == s.id else f"{s.id} ({s.title})" for s in stages)
    raise UserError(
        f"{at_key(tf, 'stages')}: stage '{stage}' is not a stage of this journey{hint} Its stages, {source}: {listed}"
    )


def channels_allowed(ws: Workspace) -> list[str]:
    return [*CHANNELS, *(c for c in ws.config.channels if c not in CHANNELS)]


def roles_allowed(ws: Workspace | None) -> list[str]:
    from ..vocabulary import roles_allowed as allowed

    return allowed(ws.config) if ws is not None else list(ROLES)


def check_owner(ws: Workspace | None, owner: str) -> str:
    """`--owner`: a slug, and one of cjm.yaml `owners:` when the workspace lists them."""
    check_slug("--owner", owner)
    owners = ws.config.owners if ws is not None else None
    if owners is not None and owner not in owners:
        raise UserError(
            f"--owner '{owner}' is not one of the workspace's owners{did_you_mean(owner, owners)} Use one of: "
            f"{', '.join(owners)} (or add it to `owners:` in {CONFIG_NAME})"
        )
    return owner


def check_channel(tf: TargetFile, channel: str) -> str:
    allowed = channels_allowed(tf.workspace)
    if channel not in allowed:
        raise UserError(
            f"--channel '{channel}' is not a known channel{did_you_mean(channel, allowed)} Use one of: "
            f"{', '.join(allowed)} (or add it to `channels:` in {CONFIG_NAME})"
        )
    return channel


def check_personas(tf: TargetFile, personas: Iterable[str]) -> list[str]:
    """Touchpoint personas must be personas of this journey (inline or library references)."""
    journey = journey_of(tf)
    ids = journey.persona_ids
    out: list[str] = []
    for pid in personas:
        if pid not in ids:
            elsewhere = persona_definitions(tf.workspace, libraries_only=True).get(pid)
            hint = (
                f"; it is defined in {elsewhere}: add `- {pid}` to the journey's `personas:` first."
                if elsewhere
                else did_you_mean(pid, ids)
            )
            raise UserError(
                f"{at_key(tf, 'personas')}: --persona '{pid}' is not one of the personas of this journey{hint} "
                f"Its personas: {', '.join(ids)}"
            )
        if pid not in out:
            out.append(pid)
    return out


def check_touchpoints(tf: TargetFile, ids: Iterable[str], flag: str = "--addresses") -> list[str]:
    journey = journey_of(tf)
    known = [t.id for t in journey.touchpoints]
    out: list[str] = []
    for tid in ids:
        if tid not in known:
            raise UserError(
                f"{at_key(tf, 'touchpoints')}: {flag} '{tid}' is not a touchpoint of this journey"
                f"{did_you_mean(tid, known)} Its touchpoints: {quote_list(known)}"
            )
        if tid not in out:
            out.append(tid)
    if not out and flag == "--addresses":
        raise UserError("--addresses needs at least one touchpoint id: the touchpoints this action improves")
    return out


def unique_id(wanted: str | None, base_text: str, taken: Iterable[str], what: str) -> str:
    """An explicit id must be free; a derived one gets `-2`, `-3`, ... until it is."""
    taken_set = set(taken)
    if wanted is not None:
        check_slug("--id", wanted)
        if wanted in taken_set:
            raise UserError(f"--id '{wanted}' is already a {what} id; choose another id")
        return wanted
    base = slugify(base_text, 120) or "my-id"
    candidate, n = base, 2
    while candidate in taken_set:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def persona_ids_in_workspace(ws: Workspace) -> list[str]:
    return list(persona_definitions(ws))


def persona_definitions(ws: Workspace, *, libraries_only: bool = False) -> dict[str, str]:
    """Persona id -> the file that defines it (a journey's bare ids resolve in libraries only)."""
    found: dict[str, str] = {}
    for f in ws.files:
        if libraries_only and f.kind != "personas":
            continue
        data = f.data
        if not isinstance(data, dict) or not isinstance(data.get("personas"), list):
            continue
        for item in data["personas"]:
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                found.setdefault(item["id"], f.display)
    return found


def journey_of(tf: TargetFile) -> Journey:
    if tf.journey is None:
        raise UserError(f"{tf.display} is a persona library, not a journey; pass a journey file")
    return tf.journey


def check_emotions(tf: TargetFile, values: Iterable[str], personas: Sequence[str]) -> dict[str, int]:
    """`--emotions site-supervisor=4 --emotions facilities-manager=2` -> {site-supervisor: 4, ...}.

    The personas are those of the journey and, when the touchpoint lists `personas:`, of that
    list (what `emotion-persona` asks): an emotion for someone who is not there is a typo."""
    ids = journey_of(tf).persona_ids
    example = ids[0] if ids else "site-supervisor"
    emotions: dict[str, int] = {}
    for given in values:
        pid, sep, text = given.partition("=")
        pid, text = pid.strip(), text.strip()
        if not sep or not pid:
            raise UserError(f"--emotions '{given}' is not PERSONA=1..5; write it like --emotions {example}=4")
        if pid not in ids:
            raise UserError(
                f"{at_key(tf, 'personas')}: --emotions '{pid}' is not one of the personas of this journey"
                f"{did_you_mean(pid, ids)} Its personas: {', '.join(ids)}"
            )
        if personas and pid not in personas:
            raise UserError(
                f"--emotions '{pid}' is not one of this touchpoint's personas ({', '.join(personas)}); "
                f"add --persona {pid} or leave its emotion out"
            )
        if pid in emotions:
            raise UserError(f"--emotions gives '{pid}' twice; give each persona once")
        if not re.fullmatch(r"[-+]?[0-9]+", text):
            raise UserError(f"--emotions {pid}: '{text}' is not a whole number 1..5; write it like --emotions {pid}=4")
        emotions[pid] = check_score(f"--emotions {pid}", int(text))
    return emotions


def check_quote(tf: TargetFile, given: str) -> dict[str, str]:
    """`--quote TEXT`, or `--quote "PERSONA: TEXT"` to say who said it: the part before the
    first colon counts as the persona only when it is a persona id of this journey, so a
    quote that itself contains a colon ("Honestly: nobody called") stays whole."""
    who, sep, rest = given.partition(":")
    if sep and who.strip() in journey_of(tf).persona_ids:
        return {"text": check_text(f"--quote {who.strip()}:", rest.strip()), "persona": who.strip()}
    return {"text": check_text("--quote", given.strip())}
