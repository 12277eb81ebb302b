"""`cjm new`: add a well-formed touchpoint, persona or action to a file, or write a new journey.

Why the entity is spliced into the text instead of dumped with the whole round-trip
document: ruamel's round trip is exact only for files already in cjm's canonical layout.
On ordinary hand-written YAML it re-indents flush sequences (`- id:` at column 0), turns
CRLF into LF, drops a `---` line and a BOM, respaces `[a,b]` and `key:   value`, and it
refuses a tab before a comment that libyaml accepts. A user who adds one touchpoint must
get a diff of added lines only. So the file is parsed with the safe reader (positions for
every node), the entity alone is rendered by the round-trip dumper (which knows when a
name needs quotes), re-indented like the list it joins, and inserted between existing
lines. The result is re-parsed and must equal the old data plus the new entity at the
intended index, and still pass the format checks, before anything is written.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_args

from .discovery import CONFIG_NAME, display_path, find_root, matches, relative_posix
from .errors import UserError
from .hints import did_you_mean as _did_you_mean
from .hints import quote_list, slugify
from .model import CHANNELS, SLUG_PATTERN, Journey, JourneyType, PersonaLibrary, Priority, Role, Status
from .output import replace_file
from .stages import STAGE_MODELS
from .workspace import SourceFile, Workspace, load_paths, parse_source

# The choices the model accepts, read from its Literal types so the two cannot drift.
ROLES: tuple[str, ...] = get_args(Role)
PRIORITIES: tuple[str, ...] = get_args(Priority)
STATUSES: tuple[str, ...] = get_args(Status)
JOURNEY_TYPES: tuple[str, ...] = get_args(JourneyType)
_SLUG = re.compile(SLUG_PATTERN)
_MAX_SHOWN_FINDINGS = 5


# --------------------------------------------------------------------------- the file


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


# --------------------------------------------------------------------------- checks


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
        raise UserError(f"{flag} '{value}' is not an ISO date; write it as YYYY-MM-DD, e.g. 2027-03-31") from None


def stage_ids(journey: Journey) -> list[str]:
    return [s.id for s in journey.stage_list]


def check_stage(tf: TargetFile, stage: str) -> str:
    journey = journey_of(tf)
    ids = stage_ids(journey)
    if stage not in ids:
        where = f"stages: {journey.stages}" if isinstance(journey.stages, str) else "its stages: list"
        raise UserError(
            f"stage '{stage}' is not a stage of {tf.display}{did_you_mean(stage, ids)} "
            f"Its stages ({where}): {', '.join(ids)}"
        )
    return stage


def channels_allowed(ws: Workspace) -> list[str]:
    return [*CHANNELS, *(c for c in ws.config.channels if c not in CHANNELS)]


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
            elsewhere = _persona_definitions(tf.workspace, libraries_only=True).get(pid)
            hint = (
                f"; it is defined in {elsewhere}: add `- {pid}` to the journey's `personas:` first."
                if elsewhere
                else did_you_mean(pid, ids)
            )
            raise UserError(
                f"--persona '{pid}' is not one of the personas of {tf.display}{hint} Its personas: {', '.join(ids)}"
            )
        if pid not in out:
            out.append(pid)
    return out


def check_touchpoints(tf: TargetFile, ids: Iterable[str]) -> list[str]:
    journey = journey_of(tf)
    known = [t.id for t in journey.touchpoints]
    out: list[str] = []
    for tid in ids:
        if tid not in known:
            raise UserError(
                f"--addresses '{tid}' is not a touchpoint of {tf.display}{did_you_mean(tid, known)} "
                f"Its touchpoints: {quote_list(known)}"
            )
        if tid not in out:
            out.append(tid)
    if not out:
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
    return list(_persona_definitions(ws))


def _persona_definitions(ws: Workspace, *, libraries_only: bool = False) -> dict[str, str]:
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


# --------------------------------------------------------------------------- entities


def touchpoint_entry(
    tf: TargetFile,
    *,
    stage: str,
    name: str,
    id: str | None = None,
    channel: str | None = None,
    personas: Sequence[str] = (),
    owner: str | None = None,
    emotion: int | None = None,
) -> dict[str, Any]:
    """A touchpoint mapping in FORMAT.md key order, with only the given fields."""
    journey = journey_of(tf)
    entry: dict[str, Any] = {
        "id": unique_id(id, name, (t.id for t in journey.touchpoints), "touchpoint"),
        "stage": check_stage(tf, stage),
        "name": check_text("--name", name),
    }
    if channel is not None:
        entry["channel"] = check_channel(tf, channel)
    if personas:
        entry["personas"] = check_personas(tf, personas)
    if owner is not None:
        entry["owner"] = check_slug("--owner", owner)
    if emotion is not None:
        entry["emotion"] = check_score("--emotion", emotion)
    return entry


def persona_entry(
    tf: TargetFile,
    *,
    name: str,
    role: str,
    id: str | None = None,
    goals: Sequence[str] = (),
    pain_points: Sequence[str] = (),
    channels: Sequence[str] = (),
) -> dict[str, Any]:
    """A persona mapping; its id must be free in the whole workspace, not only this file."""
    entry: dict[str, Any] = {
        "id": unique_id(id, name, persona_ids_in_workspace(tf.workspace), "persona"),
        "name": check_text("--name", name),
        "role": check_choice("--role", role, ROLES),
    }
    if goals:
        entry["goals"] = [check_text("--goal", g) for g in goals]
    if pain_points:
        entry["pain_points"] = [check_text("--pain-point", p) for p in pain_points]
    if channels:
        entry["channels"] = list(dict.fromkeys(check_channel(tf, c) for c in channels))
    return entry


def action_entry(
    tf: TargetFile,
    *,
    title: str,
    addresses: Sequence[str],
    id: str | None = None,
    owner: str | None = None,
    priority: str | None = None,
    impact: int | None = None,
    effort: int | None = None,
    metric: str | None = None,
    due: str | None = None,
    status: str | None = None,
) -> dict[str, Any]:
    journey = journey_of(tf)
    entry: dict[str, Any] = {
        "id": unique_id(id, title, (a.id for a in journey.actions), "action"),
        "title": check_text("--title", title),
        "addresses": check_touchpoints(tf, addresses),
    }
    if owner is not None:
        entry["owner"] = check_slug("--owner", owner)
    if priority is not None:
        entry["priority"] = check_choice("--priority", priority, PRIORITIES)
    if impact is not None:
        entry["impact"] = check_score("--impact", impact)
    if effort is not None:
        entry["effort"] = check_score("--effort", effort)
    if metric is not None:
        entry["metric"] = check_text("--metric", metric)
    if due is not None:
        entry["due"] = check_date("--due", due)
    if status is not None:
        entry["status"] = check_choice("--status", status, STATUSES)
    return entry


def touchpoint_anchor(tf: TargetFile, stage: str, after: str | None = None) -> int:
    """Index of the touchpoint the new one follows (-1: before the first).

    Example files group touchpoints by stage, so the new one goes after the last touchpoint
    of its stage, or after the last one of an earlier stage when its stage has none yet.
    `after` (a touchpoint id) overrides.
    """
    journey = journey_of(tf)
    ids = [t.id for t in journey.touchpoints]
    if after is not None:
        if after not in ids:
            raise UserError(
                f"--after '{after}' is not a touchpoint of {tf.display}{did_you_mean(after, ids)} "
                f"Its touchpoints: {quote_list(ids)}"
            )
        return ids.index(after)
    order = {sid: i for i, sid in enumerate(stage_ids(journey))}
    rank = order[stage]
    anchor = -1
    for i, tp in enumerate(journey.touchpoints):
        if order.get(tp.stage, len(order)) <= rank:
            anchor = i
    return anchor


# --------------------------------------------------------------------------- splicing


@dataclass
class Edit:
    """A planned change: the file's bytes before and after, and where the entity landed."""

    path: Path
    display: str
    before: bytes
    after: bytes
    line: int  # 1-based line of the entity's first key
    entity_id: str

    def diff(self) -> str:
        old = self.before.decode("utf-8-sig").splitlines(keepends=True)
        new = self.after.decode("utf-8-sig").splitlines(keepends=True)
        relative = not Path(self.display).is_absolute()
        a, b = (f"a/{self.display}", f"b/{self.display}") if relative else (self.display, self.display)
        return "".join(difflib.unified_diff(old, new, a, b))


def add_entry(tf: TargetFile, key: str, entry: dict[str, Any], after_index: int | None = None) -> Edit:
    """Insert `entry` into the top-level list `key` after item `after_index` (None: at the end,
    -1: before the first item), keeping every existing byte of the file."""
    data = tf.source.data
    items = data.get(key)
    count = len(items) if isinstance(items, list) else 0
    index = count if after_index is None else after_index + 1
    expected = _plain(data)
    expected.setdefault(key, [])
    if expected[key] is None:
        expected[key] = []
    expected[key].insert(index, _plain(entry))
    newline = "\r\n" if "\r\n" in tf.text else "\n"
    bom = "\ufeff" if tf.raw.startswith(b"\xef\xbb\xbf") else ""
    for candidate, line in _insertions(tf.text, data, key, entry, index, newline):
        after = (bom + candidate).encode("utf-8")
        # One parse answers both questions: is the rest of the data unchanged, and does the
        # file still pass the format checks (never write a file cjm would reject)?
        probe = parse_source(after, SourceFile(path=tf.source.path, display=tf.display), tf.source.kind)
        if probe.data is None or _plain(probe.data) != expected:
            continue
        errors = [f for f in probe.findings if f.severity == "error"]
        if probe.model is None or errors:
            where = f"{errors[0].line}:{errors[0].column}: {errors[0].message}" if errors else "no model"
            raise UserError(f"{tf.display}: the new entry would make the file invalid ({where}); nothing was written")
        return Edit(tf.path, tf.display, tf.raw, after, line, entry["id"])
    raise UserError(
        f"{tf.display}: cannot add to `{key}:` without changing the rest of the file (its layout is unusual, "
        f"e.g. a flow-style [...] list); add the entry by hand or rewrite `{key}:` as a block list"
    )


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _insertions(
    text: str, data: dict[str, Any], key: str, entry: dict[str, Any], index: int, nl: str
) -> Iterable[tuple[str, int]]:
    """Candidate results (text, 1-based line of the entity), most natural first."""
    lines = text.split("\n")  # each keeps its "\r" under CRLF; joined back with "\n"
    items = data.get(key)
    if not isinstance(items, list) or not items:
        yield from _new_list(text, lines, data, key, entry, nl)
        return
    first_line, first_col = items.item_mark(0) or items.start
    dash_col = lines[first_line][:first_col].rfind("-")
    if dash_col < 0 or lines[items.start[0]][items.start[1] :].startswith("["):
        return  # a flow list: no insertion keeps the other lines as they are
    block = _render(entry, dash_col, first_col, nl)
    spaced = _blank_separated(lines, items)
    if index == 0:
        # Before the first item: right under the `key:` line, above any comment that heads the list.
        at = data.key_mark(key)[0] + 1
        body = block + ([_blank(nl)] if spaced else [])
        yield _join(lines, at, body), at + 1
        return
    prev = index - 1
    boundary = _end_boundary(lines, data, key, items, prev)
    end = _item_end(lines, boundary, dash_col, items.item_mark(prev)[0])
    body = ([_blank(nl)] if spaced else []) + block
    for at in dict.fromkeys((end, boundary)):
        yield _join(lines, at, body, nl), at + len(body) - len(block) + 1


def _new_list(
    text: str, lines: list[str], data: dict[str, Any], key: str, entry: dict[str, Any], nl: str
) -> Iterable[tuple[str, int]]:
    """`key:` absent, null or `[]`: write the list as a block at the end of the mapping."""
    if key in data:
        line = data.key_mark(key)[0]
        head = lines[line]
        stripped = head.rstrip("\r")
        value = stripped.split(":", 1)[1].split("#", 1)[0].strip() if ":" in stripped else "?"
        if value.replace(" ", "") not in ("", "[]", "~", "null"):
            return
        if value:  # `actions: []` becomes `actions:` with the items under it (one changed line)
            head = stripped.replace(value, "", 1).rstrip() + ("\r" if head.endswith("\r") else "")
        rest = [*lines[:line], head, *lines[line + 1 :]]
        block = _render(entry, *_list_style(lines, data), nl)
        yield _join(rest, line + 1, block, nl), line + 2
        return
    while lines and lines[-1] in ("", "\r"):
        lines = lines[:-1]
    dash_col, item_col = _list_style(lines, data)
    body = [_blank(nl), f"{key}:{_cr(nl)}", *_render(entry, dash_col, item_col, nl), ""]
    yield "\n".join([*lines, *body]), len(lines) + 3


def _list_style(lines: list[str], data: dict[str, Any]) -> tuple[int, int]:
    """Dash and key columns of the file's other block lists of mappings (default: cjm's 2 and 4)."""
    for value in data.values():
        if isinstance(value, list) and value and isinstance(value[0], dict):
            line, col = value.item_mark(0) or (0, 0)
            dash = lines[line][:col].rfind("-")
            if dash >= 0:
                return dash, col
    return 2, 4


def _render(entry: dict[str, Any], dash_col: int, item_col: int, nl: str) -> list[str]:
    """The entity as the lines of one list item: `- ` at `dash_col`, keys at `item_col`."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    from . import roundtrip

    doc = CommentedMap()
    for k, v in entry.items():
        if isinstance(v, list):
            seq = CommentedSeq(v)
            seq.fa.set_flow_style()  # short id lists read best inline, as in the example files
            v = seq
        doc[k] = v
    rendered = roundtrip.dump(doc).rstrip("\n").split("\n")
    item_col = max(item_col, dash_col + 2)
    first = " " * dash_col + "-" + " " * (item_col - dash_col - 1) + rendered[0]
    rest = [(" " * item_col + line) if line else line for line in rendered[1:]]
    return [line + _cr(nl) for line in [first, *rest]]


def _cr(nl: str) -> str:
    return "\r" if nl == "\r\n" else ""


def _blank(nl: str) -> str:
    return _cr(nl)


def _join(lines: list[str], at: int, body: list[str], nl: str = "\n") -> str:
    tail = lines[at:] if at < len(lines) else [""]  # appending after a last line without a break
    return "\n".join([*lines[:at], *body, *tail])


def _blank_separated(lines: list[str], items: Any) -> bool:
    """Whether the list's items are separated by blank lines (as the example files are)."""
    for i in range(1, len(items)):
        mark = items.item_mark(i)
        if mark and mark[0] > 0 and not lines[mark[0] - 1].strip():
            return True
    return False


def _end_boundary(lines: list[str], data: dict[str, Any], key: str, items: Any, prev: int) -> int:
    """The 0-based line where whatever follows item `prev` starts: the next item, the next
    top-level key, or the end of the file."""
    if prev + 1 < len(items):
        return items.item_mark(prev + 1)[0]
    keys = list(data.keys_at.items())
    for i, (k, _) in enumerate(keys):
        if k == key and i + 1 < len(keys):
            return keys[i + 1][1][0]
    return len(lines) - 1 if lines and lines[-1] == "" else len(lines)


def _item_end(lines: list[str], boundary: int, dash_col: int, item_start: int) -> int:
    """The line after the item's last line: blank lines and comments at or left of the dash
    before `boundary` belong to what follows (a `# --- support ---` heading)."""
    at = boundary
    while at - 1 > item_start:
        line = lines[at - 1].rstrip("\r")
        stripped = line.lstrip(" ")
        if not stripped or (stripped.startswith("#") and len(line) - len(stripped) <= dash_col):
            at -= 1
            continue
        break
    return at


# --------------------------------------------------------------------------- writing


def write_edit(edit: Edit) -> None:
    """Replace the file atomically, keeping its permissions; refuse if it changed meanwhile."""
    try:
        replace_file(edit.path, edit.after, expected=edit.before)  # FileChanged if edited meanwhile
    except OSError as exc:
        raise UserError(f"{edit.display}: cannot write it: {exc.strerror or exc}") from None


# --------------------------------------------------------------------------- new journey


@dataclass
class NewJourney:
    path: Path
    display: str
    text: str
    notes: list[str]


def plan_journey(
    path: Path,
    *,
    title: str,
    stages: str = "b2b-7",
    id: str | None = None,
    type: str | None = None,
    owner: str | None = None,
    personas: Sequence[str] = (),
    force: bool = False,
) -> NewJourney:
    """A journey skeleton that passes the format checks: the format requires one persona and
    one touchpoint, so it references library personas when the workspace has them (else an
    inline stub) and holds one placeholder touchpoint in the first stage."""
    check_text("--title", title)
    check_choice("--stages", stages, tuple(STAGE_MODELS))
    if type is not None:
        check_choice("--type", type, JOURNEY_TYPES)
    if owner is not None:
        check_slug("--owner", owner)
    target = Path(os.path.abspath(path))
    root_probe = target if target.is_dir() else target.parent
    ws = _workspace_for(root_probe)
    journeys = [f for f in (ws.files if ws else []) if f.kind == "journey"]
    taken = [f.data["id"] for f in journeys if isinstance(f.data, dict) and isinstance(f.data.get("id"), str)]
    journey_id = unique_id(id, title, taken, "journey")
    if target.is_dir():
        target = target / f"{journey_id}.yaml"
    if target.suffix not in (".yaml", ".yml"):
        raise UserError(f"{display_path(target)}: a journey file name ends in .yaml or .yml")
    if target.exists() and not force:
        raise UserError(f"{display_path(target)} already exists; pass --force to overwrite it")
    if not target.parent.is_dir():
        raise UserError(f"{display_path(target.parent)}: no such directory; create it first")
    library = _persona_definitions(ws, libraries_only=True) if ws else {}
    for pid in personas:
        check_slug("--persona", pid)
        if pid not in library:
            raise UserError(
                f"--persona '{pid}' is not defined in a persona library of the workspace"
                f"{did_you_mean(pid, library)} Library personas: {quote_list(library) or '(none)'}"
            )
    refs = list(dict.fromkeys(personas)) or list(library)[:1]
    first_stage = STAGE_MODELS[stages][0][0]
    doc: dict[str, Any] = {"cjm": 1, "id": journey_id, "title": title}
    if type is not None:
        doc["type"] = type
    if owner is not None:
        doc["owner"] = owner
    doc["stages"] = stages
    # Persona ids are unique in the workspace, so even the stub's id must be free.
    stub = unique_id(None, "primary-buyer", _persona_definitions(ws) if ws else (), "persona")
    persona_ids = refs or [stub]
    doc["personas"] = list(refs) or [{"id": stub, "name": "Primary buyer (rename me)", "role": "economic-buyer"}]
    placeholder: dict[str, Any] = {
        "id": "first-touchpoint",
        "stage": first_stage,
        "name": "First touchpoint (rename me)",
        "personas": persona_ids,
    }
    if owner is not None:  # workspaces often make missing-owner an error: the journey's owner is a start
        placeholder["owner"] = owner
    doc["touchpoints"] = [placeholder]
    text = _render_document(doc)
    notes = _journey_notes(ws, target)
    probe = SourceFile(path=target, display=display_path(target), kind="journey")
    parse_source(text.encode(), probe, "journey")
    if probe.model is None:  # a bug here, not the user's input: never write such a file
        raise UserError(f"internal: the skeleton for {probe.display} does not validate: {probe.findings[:1]}")
    return NewJourney(target, display_path(target), text, notes)


def _render_document(doc: dict[str, Any]) -> str:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    from . import roundtrip

    def convert(value: Any, flow: bool) -> Any:
        if isinstance(value, dict):
            m = CommentedMap()
            for k, v in value.items():
                m[k] = convert(v, True)
            return m
        if isinstance(value, list):
            seq = CommentedSeq(convert(v, False) for v in value)
            if flow and all(isinstance(v, str) for v in value):
                seq.fa.set_flow_style()
            return seq
        return value

    top = CommentedMap()
    for k, v in doc.items():
        top[k] = convert(v, False)
        if k in ("personas", "touchpoints"):
            top.yaml_set_comment_before_after_key(k, before="\n")
    return roundtrip.dump(top).replace("\n\n\n", "\n\n")


def _workspace_for(directory: Path) -> Workspace | None:
    root = find_root(directory)
    if root is None:
        return None
    return load_paths([root])[0]


def _journey_notes(ws: Workspace | None, target: Path) -> list[str]:
    if ws is None or ws.config.journeys is None:
        return []
    rel = relative_posix(target, ws.root)
    if matches(rel, ws.config.journeys):
        return []
    return [
        f"note: {display_path(target)} is not matched by `journeys:` in {display_path(ws.root / CONFIG_NAME)} "
        f"({', '.join(ws.config.journeys)}), so workspace commands will not see it"
    ]


def write_journey(plan: NewJourney, *, force: bool) -> None:
    if plan.path.exists() and not force:
        raise UserError(f"{plan.display} already exists; pass --force to overwrite it")
    try:
        replace_file(plan.path, plan.text.encode("utf-8"))
    except OSError as exc:
        raise UserError(f"{plan.display}: cannot write it: {exc.strerror or exc}") from None
